// render_file.cpp: see render_file.h.
#include "cli/render_file.h"

#include <sndfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <numeric>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "cli/offline_picture.h"
#include "cli/raster.h"
#include "dsp/analyzer.h"
#include "dsp/lane_analyzer.h"
#include "dsp/config_error.h"
#include "dsp/frequency_scale.h"
#include "dsp/multires.h"
#include "dsp/weighting.h"
#include "dsp/window.h"
#include "imgui.h"
#include "ui/font.h"
#include "ui/form_factor.h"
#include "io/csv.h"
#include "io/names.h"
#include "io/png.h"
#include "render/colormap.h"
#include "settings/analysis_plan.h"
#include "ui/plot_view.h"
#include "ui/theme.h"
#include "ui/ticks.h"

namespace cli {
namespace {

constexpr std::size_t kBlockFrames = 16384;  // read and analysed at a time (per channel)
constexpr float kFontPixels = float(ui::kDesktopFontCssPx);  // the app's desktop font at a pixel ratio of 1
// Rates outside these are refused (a hostile header could ask for billions of samples a second).
constexpr int kMinRateHz = 1000, kMaxRateHz = 768000;

struct FileCloser {
  void operator()(SNDFILE* file) const { sf_close(file); }
};

std::string format_name(int format) {
  SF_FORMAT_INFO major{}, subtype{};
  major.format = format & SF_FORMAT_TYPEMASK;
  subtype.format = format & SF_FORMAT_SUBMASK;
  std::string text = sf_command(nullptr, SFC_GET_FORMAT_INFO, &major, sizeof major) == 0 && major.name ? major.name : "audio";
  if (sf_command(nullptr, SFC_GET_FORMAT_INFO, &subtype, sizeof subtype) == 0 && subtype.name)
    text += std::string(", ") + subtype.name;
  return text;
}

std::string base_name(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

RenderReport failure(int code, std::string message) {
  RenderReport report;
  report.exit_code = code;
  report.error = std::move(message);
  return report;
}

// The ImGui context of one picture (no windows, no input): fonts as the app's, style dark.
class DrawingContext {
 public:
  DrawingContext(float width, float height) : context_(ImGui::CreateContext()) {
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(width, height);
    io.DeltaTime = 1.0f / 60.0f;
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;  // the rasteriser reads VtxOffset
    ui::add_interface_font(io.Fonts, kFontPixels);
    unsigned char* pixels = nullptr;
    io.Fonts->GetTexDataAsAlpha8(&pixels, &atlas_width_, &atlas_height_);
    atlas_ = pixels;
    io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(std::intptr_t(1)));
    ImGui::StyleColorsDark();
  }
  ~DrawingContext() { ImGui::DestroyContext(context_); }
  DrawingContext(const DrawingContext&) = delete;
  DrawingContext& operator=(const DrawingContext&) = delete;
  void resize(float width, float height) { ImGui::GetIO().DisplaySize = ImVec2(width, height); }
  const std::uint8_t* atlas() const { return atlas_; }
  int atlas_width() const { return atlas_width_; }
  int atlas_height() const { return atlas_height_; }

 private:
  ImGuiContext* context_;
  const std::uint8_t* atlas_ = nullptr;
  int atlas_width_ = 0, atlas_height_ = 0;
};

// The analysed channel of `frames` interleaved frames.
void pick_channel(const float* interleaved, std::size_t frames, int channels, settings::Channel channel, float* out) {
  if (channels == 1) {
    std::copy(interleaved, interleaved + frames, out);
    return;
  }
  if (channel != settings::Channel::kMix) {
    const int c = channel == settings::Channel::kLeft ? 0 : 1;
    for (std::size_t i = 0; i < frames; ++i) out[i] = interleaved[i * std::size_t(channels) + std::size_t(c)];
    return;
  }
  const float scale = 1.0f / float(channels);
  for (std::size_t i = 0; i < frames; ++i) {
    float sum = 0;
    for (int c = 0; c < channels; ++c) sum += interleaved[i * std::size_t(channels) + std::size_t(c)];
    out[i] = sum * scale;
  }
}

bool write_file(const std::string& path, const void* data, std::size_t size, std::string* error) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (!file) {
    *error = "cannot write '" + path + "': " + std::strerror(errno);
    return false;
  }
  const bool written = std::fwrite(data, 1, size, file) == size;
  const int write_errno = errno;
  const bool closed = std::fclose(file) == 0;
  if (!written || !closed) {
    *error = "cannot write '" + path + "': " + std::strerror(written ? errno : write_errno);
    return false;
  }
  return true;
}

// A data chunk that promises more than the file holds: libsndfile reads what is there and logs
// a line such as "data : 576000 (should be 287978)" (WAV, W64) or " SSND : ... (should be ...)"
// (AIFF). A size of 0 or 0xFFFFFFFF is a stream written without knowing its length, not a cut.
bool log_says_truncated(const char* log) {
  for (const char* line = log; line && *line;) {
    const char* end = std::strchr(line, '\n');
    const std::string text(line, end ? std::size_t(end - line) : std::strlen(line));
    std::size_t start = text.find_first_not_of(' ');
    if (start != std::string::npos && (text.compare(start, 4, "data") == 0 || text.compare(start, 4, "SSND") == 0) &&
        text.find("(should be") != std::string::npos && text.find("4294967295") == std::string::npos &&
        text.find(": 0 ") == std::string::npos)
      return true;
    line = end ? end + 1 : nullptr;
  }
  return false;
}

bool same_file(const std::string& a, const std::string& b) {
  struct stat sa{}, sb{};
  return stat(a.c_str(), &sa) == 0 && stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

void add_warning(RenderReport* report, const std::string& text) {
  report->warning += (report->warning.empty() ? "" : "; ") + text;
}

}  // namespace

RenderReport render_file(const RenderRequest& request, const std::function<void(double, double, double)>& progress) {
  const settings::Settings& s = request.settings;
  if (request.png_path.empty() && request.csv_path.empty()) return failure(kExitUsage, "nothing to write: give -o out.png and/or --csv out.csv");
  if (request.plot_width_px < 16 || request.plot_width_px > 16384 || request.plot_height_px < 16 || request.plot_height_px > 4096)
    return failure(kExitUsage, "--width must be 16 to 16384 and --height 16 to 4096 pixels");
  const std::string consistency = settings::check_consistency(s);
  if (!consistency.empty()) return failure(kExitUsage, consistency);

  // Open.
  struct stat status{};
  if (stat(request.input_path.c_str(), &status) != 0)
    return failure(kExitNoInput, "cannot open '" + request.input_path + "': " + std::strerror(errno));
  if (S_ISDIR(status.st_mode)) return failure(kExitNoInput, "'" + request.input_path + "' is a directory, not a recording");
  if (access(request.input_path.c_str(), R_OK) != 0)
    return failure(kExitNoInput, "cannot open '" + request.input_path + "': " + std::strerror(errno));
  for (const std::string* output : {&request.png_path, &request.csv_path})
    if (!output->empty() && same_file(*output, request.input_path))
      return failure(kExitUsage, "'" + *output + "' is the recording itself: it would be overwritten");
  SF_INFO info{};
  std::unique_ptr<SNDFILE, FileCloser> file(sf_open(request.input_path.c_str(), SFM_READ, &info));
  if (!file)
    return failure(kExitBadData, "cannot read '" + request.input_path + "' as audio: " + sf_strerror(nullptr));
  if (info.frames <= 0 || info.channels < 1 || info.samplerate < kMinRateHz || info.samplerate > kMaxRateHz)
    return failure(kExitBadData, "'" + request.input_path + "' holds no audio this tool reads (" + std::to_string(info.frames) +
                                     " frames at " + std::to_string(info.samplerate) + " Hz; rates from 1 kHz to 768 kHz)");
  RenderReport report;
  // A file cut short: libsndfile reads what is there, and notes in its log that the data chunk
  // "should be" shorter than its header says (WAV, AIFF, ...); other formats end early below.
  char log[4096] = "";
  sf_command(file.get(), SFC_GET_LOG_INFO, log, sizeof log);
  const bool header_longer = log_says_truncated(log);
  report.sample_rate_hz = info.samplerate;
  report.channels = info.channels;
  report.duration_s = double(info.frames) / info.samplerate;
  report.format = format_name(info.format);
  const double rate = info.samplerate;

  // The span.
  const double from_s = std::max(0.0, request.from_s);
  const double to_s = request.to_s < 0 ? report.duration_s : std::min(request.to_s, report.duration_s);
  if (!(from_s < report.duration_s) || !(to_s > from_s)) {
    char text[200];
    if (request.to_s < 0)
      std::snprintf(text, sizeof text, "--from %.3f is outside the recording (0 to %.3f s)", request.from_s, report.duration_s);
    else
      std::snprintf(text, sizeof text, "--from %.3f --to %.3f is outside the recording (0 to %.3f s)", request.from_s,
                    request.to_s, report.duration_s);
    return failure(kExitUsage, text);
  }
  if ((to_s - from_s) * rate < 64) return failure(kExitUsage, "the span is too short: give at least 64 samples");
  if (s.channel == settings::Channel::kRight && info.channels < 2) add_warning(&report, "the file is mono: --channel right shows its only channel");
  if (s.channel == settings::Channel::kEach && info.channels < 2) add_warning(&report, "the file is mono: --channel each shows its only channel");
  // Each channel: the first two stacked, left above right, on half the rows each (dsp/lanes.h),
  // as the browser draws them.
  const int lane_count = s.channel == settings::Channel::kEach && info.channels > 1 ? 2 : 1;

  // The analysis: the browser's, at this rate and row count.
  const int rows = request.plot_height_px;
  const settings::AnalysisPlan plan = settings::plan_analysis(s, rate, rows, 256);
  dsp::LaneAnalyzer analyzer;
  if (const dsp::ConfigError error = analyzer.configure(plan.config, lane_count); error != dsp::ConfigError::kNone)
    return failure(kExitUsage, dsp::config_error_message(error));
  if (plan.whole_band) add_warning(&report, "the frequency range is above this file's Nyquist frequency: showing the whole band");
  const int hop = plan.shape.hop_frames;
  const double column_s = hop / rate, content_offset = settings::column_content_offset_samples(plan);
  // Start early enough that the first column of the span has all its window (and the mode's
  // latency), on a multiple of the hop: the columns are at the times the browser's are when it
  // analyses the file from its start.
  const double lead = content_offset * 2 + double(analyzer.column_latency_frames() + 2) * hop + 2.0 * rate;
  // Multi-resolution band b samples every 2^b input samples from the stream's start: a start on
  // a multiple of the deepest decimation too keeps every band on the from-the-start grid.
  std::uint64_t step = std::uint64_t(hop);
  if (dsp::mode_is_multires(s.mode)) {
    const std::uint64_t deepest = std::uint64_t(1) << (dsp::multires_band_count(rate) - 1);
    step = std::uint64_t(hop) / std::gcd(std::uint64_t(hop), deepest) * deepest;
  }
  const std::uint64_t origin = std::uint64_t(std::max(0.0, std::floor((from_s * rate - lead) / double(step)))) * step;
  const std::uint64_t stop = std::uint64_t(std::min(double(info.frames), std::ceil(to_s * rate + lead)));
  if (origin > 0 && sf_seek(file.get(), sf_count_t(origin), SEEK_SET) != sf_count_t(origin))
    return failure(kExitBadData, "cannot seek in '" + request.input_path + "': " + sf_strerror(file.get()));

  // A PNG that cannot be written is said now, not after an hour of analysis ("ab" leaves an
  // existing file alone; one made only to check is removed again).
  if (!request.png_path.empty()) {
    struct stat before{};
    const bool existed = stat(request.png_path.c_str(), &before) == 0;
    std::FILE* probe = std::fopen(request.png_path.c_str(), "ab");
    if (!probe) return failure(kExitCantCreate, "cannot write '" + request.png_path + "': " + std::strerror(errno));
    std::fclose(probe);
    if (!existed) std::remove(request.png_path.c_str());
  }
  const dsp::Lanes& lanes = analyzer.lanes();
  const char* lane_names[2] = {lane_count > 1 ? "left" : "", lane_count > 1 ? "right" : ""};
  const io::CsvLanes csv_lanes = io::csv_lanes_of(lanes, lane_names[0], lane_names[1]);
  OfflinePicture picture;
  picture.configure(request.plot_width_px, rows, from_s, to_s, settings::kAnalysisFloorDb);
  std::FILE* csv = nullptr;
  std::string csv_text;
  if (!request.csv_path.empty()) {
    csv = std::fopen(request.csv_path.c_str(), "wb");
    if (!csv) return failure(kExitCantCreate, "cannot write '" + request.csv_path + "': " + std::strerror(errno));
    std::vector<double> hz(static_cast<std::size_t>(lanes.lane_rows()));
    for (int r = 0; r < lanes.lane_rows(); ++r) hz[std::size_t(r)] = analyzer.mapper().row_center_hz(r);
    io::append_csv_lanes_header(&csv_text, hz.data(), csv_lanes);
  }

  std::vector<float> interleaved(kBlockFrames * std::size_t(info.channels)), mono(kBlockFrames);
  std::vector<float> left(lane_count > 1 ? kBlockFrames : 0), right(lane_count > 1 ? kBlockFrames : 0);
  // One lane: the chosen channel; each channel: the first two (the waveform shows their mix).
  const float* lane_samples[dsp::kMaxLanes] = {mono.data()};
  if (lane_count > 1) {
    lane_samples[0] = left.data();
    lane_samples[1] = right.data();
  }
  std::uint64_t at = origin;
  bool ended_early = false, csv_failed = false;
  double audio_end_s = report.duration_s;  // where the readable audio ends (earlier if cut short)
  double newest_column_s = -1e300;
  auto take_columns = [&](std::size_t count) {
    std::size_t offset = 0;
    while (offset < count) {
      const std::size_t consumed = analyzer.push(lane_samples, offset, count - offset);
      if (consumed == 0) break;
      offset += consumed;
      if (!analyzer.has_column()) continue;
      const double time_s = (double(origin + analyzer.columns().info(0).end_sample) - content_offset) / rate;
      newest_column_s = time_s;
      // Past the audio: the flush's zeros only. The picture keeps a column whose cell still
      // reaches into the audio (its last pixels), the CSV only moments inside it.
      if (time_s - column_s / 2 >= audio_end_s) continue;
      picture.add_column(time_s, column_s, analyzer.column_db());
      if (csv && time_s >= from_s && time_s <= to_s && time_s <= audio_end_s) {
        io::append_csv_lanes_row(&csv_text, time_s, analyzer.column_db(), csv_lanes);
        ++report.columns;
        if (csv_text.size() > (1u << 20)) {  // streamed: never the whole matrix in memory
          csv_failed |= std::fwrite(csv_text.data(), 1, csv_text.size(), csv) != csv_text.size();
          csv_text.clear();
        }
      }
    }
  };
  while (at < stop) {
    const std::size_t want = std::size_t(std::min<std::uint64_t>(kBlockFrames, stop - at));
    const sf_count_t got = sf_readf_float(file.get(), interleaved.data(), sf_count_t(want));
    if (got <= 0) {
      ended_early = at < std::uint64_t(info.frames);
      if (ended_early) audio_end_s = double(at) / rate;
      break;
    }
    pick_channel(interleaved.data(), std::size_t(got), info.channels, lane_count > 1 ? settings::Channel::kMix : s.channel, mono.data());
    if (lane_count > 1) {
      for (std::size_t i = 0; i < std::size_t(got); ++i) {
        left[i] = interleaved[i * std::size_t(info.channels)];
        right[i] = interleaved[i * std::size_t(info.channels) + 1];
      }
    }
    picture.add_samples(double(at) / rate, rate, mono.data(), std::size_t(got));
    take_columns(std::size_t(got));
    at += std::uint64_t(got);
    if (progress) progress(double(at - origin) / double(stop - origin), double(at) / rate, double(stop) / rate);
  }
  if (ended_early && at <= std::uint64_t(std::ceil(from_s * rate))) {
    if (csv) std::fclose(csv);
    const std::string reason = sf_error(file.get()) != SF_ERR_NO_ERROR ? std::string(": ") + sf_strerror(file.get()) : "";
    char text[160];
    std::snprintf(text, sizeof text, "nothing could be read from %.3f s on (the audio ends at %.3f s)%s", from_s, double(at) / rate,
                  reason.c_str());
    return failure(kExitBadData, "'" + base_name(request.input_path) + "': " + text);
  }
  if (header_longer && !ended_early) {
    char text[200];
    std::snprintf(text, sizeof text, "'%s' is shorter than its header says: it is truncated; drawn the %.3f s it holds",
                  base_name(request.input_path).c_str(), report.duration_s);
    add_warning(&report, text);
  }
  if (ended_early) {
    const std::string reason = sf_error(file.get()) != SF_ERR_NO_ERROR ? std::string(" (") + sf_strerror(file.get()) + ")" : "";
    char text[300];
    std::snprintf(text, sizeof text, "'%s' ends at %.3f s although its header promises %.3f s%s: it is truncated or damaged; drawn what could be read",
                  base_name(request.input_path).c_str(), audio_end_s, report.duration_s, reason.c_str());
    add_warning(&report, text);
  }
  // Flush: the last columns need the window after them (silence past the end), until a column
  // lies past the span (or the audio) by a column: no more than the lead either way.
  for (std::vector<float>* samples : {&mono, &left, &right}) std::fill(samples->begin(), samples->end(), 0.0f);
  const double last_needed_s = std::min(to_s, audio_end_s) + column_s;
  for (double flushed = 0; flushed < lead && newest_column_s < last_needed_s; flushed += double(mono.size()))
    take_columns(mono.size());
  if (csv) {
    csv_failed |= std::fwrite(csv_text.data(), 1, csv_text.size(), csv) != csv_text.size();
    csv_failed |= std::fclose(csv) != 0;
    if (csv_failed) return failure(kExitCantCreate, "cannot write '" + request.csv_path + "': " + std::strerror(errno));
  }
  if (request.png_path.empty()) return report;
  if (!request.png_path.empty() && request.csv_path.empty()) report.columns = (long long)picture.columns_added();

  // The caption, as the browser's export writes it.
  dsp::FrequencyScale scale;
  scale.configure(s.scale, plan.config.fmin_hz, std::max(plan.config.fmax_hz, plan.config.fmin_hz + 1), s.a4_hz);
  io::CaptionFacts facts = settings::analysis_caption_facts(s, plan.shape, rate, scale);
  facts.duration_s = to_s - from_s;
  char input[400];
  std::snprintf(input, sizeof input, "%s (%s, %d ch, %.3f s; %.3f to %.3f s shown, %s)", base_name(request.input_path).c_str(),
                report.format.c_str(), info.channels, report.duration_s, from_s, to_s,
                lane_count > 1 ? "each channel: left above, right below" : s.channel == settings::Channel::kMix || s.channel == settings::Channel::kEach ? "mix"
                : s.channel == settings::Channel::kLeft ? "left" : "right");
  facts.input = input;
  const std::string caption = io::caption_text(facts);

  // The layout: the browser's export layout around a plot of the asked size.
  settings::Settings drawn = s;
  drawn.show_pitch = false;  // no pitch tracking here
  DrawingContext drawing(1000, 1000);
  ImGui::NewFrame();  // for text metrics
  ui::Layout screen;
  screen.spectrogram.h = float(rows);
  screen.waveform.h = s.show_waveform ? std::round(4 * ImGui::GetTextLineHeight()) : 0.0f;
  float width = 0, height = 0;
  ui::export_canvas_size(screen, float(request.plot_width_px), drawn, caption.c_str(), &width, &height);
  ImGui::EndFrame();
  drawing.resize(width, height);
  ImGui::NewFrame();
  const ui::Layout layout = ui::make_layout(width, height, drawn, true, screen.waveform.h, caption.c_str());
  const ui::Rect& plot = layout.spectrogram;

  // The spectrogram's pixels, as the shader colours them (levels plus weighting, on the range).
  std::vector<float> offsets(std::size_t(rows), 0.0f);
  if (scale.ok())
    for (int lane = 0; lane < lanes.count; ++lane)
      dsp::row_offsets_db(scale, lanes.lane_rows(), s.weighting, s.tilt_db_per_octave, offsets.data() + lanes.first_row(lane));
  const float* ground = ui::palette(s.theme).clear_rgb;  // the app's clear colour in this theme
  Canvas canvas(int(width), int(height), Color{ground[0], ground[1], ground[2]});
  const int plot_x = int(plot.x), plot_y = int(plot.y), plot_w = std::min(int(plot.w), picture.width());
  const int plot_h = std::min(int(plot.h), rows);
  for (int x = 0; x < plot_w; ++x) {
    const float* column = picture.column(x);
    for (int y = 0; y < plot_h; ++y) {
      const int row = rows - 1 - y;  // row 0 at the bottom
      const float db = column[row] + offsets[std::size_t(row)];
      const render::Rgb rgb = render::colormap_rgb(s.colormap, (db - s.min_db) / (s.max_db - s.min_db));
      canvas.set(plot_x + x, plot_y + y, {rgb.r, rgb.g, rgb.b});
    }
  }

  // Axes, colour bar, panel, waveform, caption: ui::draw_plot, rasterised.
  std::vector<ui::Tick> ticks;
  const float label_px = ImGui::CalcTextSize("-00.0 s").x;
  ui::seconds_from_ticks(from_s, to_s, 0.0, plot.w, label_px, [](double) { return 0.0; }, &ticks);
  const std::vector<float> mean_db = picture.row_mean_db();
  ui::PlotInputs inputs;
  inputs.layout = &layout;
  inputs.scale = &scale;
  inputs.settings = &drawn;
  inputs.time_ticks = &ticks;
  inputs.time_title = "seconds into the recording";
  inputs.columns = plot_w;
  inputs.spectrum_db = mean_db.data();
  inputs.peak_hold_db = picture.row_max_db().data();
  inputs.row_offsets_db = offsets.data();
  inputs.rows = rows;
  inputs.lanes = lanes.count;
  inputs.lane_names[0] = lane_names[0];
  inputs.lane_names[1] = lane_names[1];
  inputs.wave_min = picture.wave_min();
  inputs.wave_max = picture.wave_max();
  inputs.caption = caption.c_str();
  ui::draw_plot(inputs);
  ImGui::Render();
  canvas.draw(*ImGui::GetDrawData(), drawing.atlas(), drawing.atlas_width(), drawing.atlas_height());

  std::vector<std::uint8_t> png;
  const std::vector<std::uint8_t> rgba = canvas.rgba8();
  if (!io::encode_png(rgba.data(), canvas.width(), canvas.height(), false, caption, &png))
    return failure(kExitCantCreate, "cannot encode the PNG");
  std::string error;
  if (!write_file(request.png_path, png.data(), png.size(), &error)) return failure(kExitCantCreate, error);
  return report;
}

}  // namespace cli
