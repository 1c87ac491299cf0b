// exports.cpp: the App's exports of a span: the PNG (drawn off-screen at full column resolution,
// with its caption), the WAV of the kept sound and the CSV of the analysed columns, by the
// API's promises or the buttons' downloads.
// Does: pick the span, the columns (a long file's detail where it covers the span) and the
//       caption; hand the bytes to the page (SpectrogramAudio.blobFromBytes).
// Does not: analyse or draw the screen's frame (app.cpp), or decide the span's limits
//       (export_span in app_api.cpp).
#include <emscripten.h>

#include <algorithm>
#include <cmath>

#include "app/app.h"
#include "io/csv.h"
#include "io/names.h"
#include "io/wav.h"

using emscripten::val;

namespace app {
namespace {

// The widest PNG made (pixels): a long span at full column resolution within what browsers'
// canvases and WebGL renderbuffers hold (16384 in Chromium, Firefox and WebKit here; the
// context's own GL_MAX_RENDERBUFFER_SIZE and GL_MAX_TEXTURE_SIZE are respected too). Wider
// spans are pooled: each pixel the maximum of the columns it covers.
constexpr int kMaxExportWidthPx = 16384;

}  // namespace

void App::export_png(val options, val resolve, val reject) {
  if (!ready_) {
    reject(js_error(init_failure_));
    return;
  }
  if (reanalysis_.active()) {
    after_reanalysis_.push_back([this, options, resolve, reject] { export_png(options, resolve, reject); });
    return;
  }
  ExportRequest request{resolve, reject, 0, 0};
  std::string error;
  if (!export_span(options, &request.from_s, &request.to_s, &error)) {
    reject(js_error(error));
    return;
  }
  export_waiters_.push_back(request);
  finish_export();
}

void App::finish_export() {
  // Marked as a frame: if drawing throws, the next frame recovers (and rejects the waiters).
  const bool was_in_frame = in_frame_;
  in_frame_ = true;
  val bridge = val::global("SpectrogramAudio");
  for (ExportRequest& request : export_waiters_) {
    // One texel a column (full resolution), within what the graphics context can hold: wider
    // spans are pooled (each pixel the maximum of the columns it covers).
    GLint max_renderbuffer = 0, max_texture = 0;
    glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &max_renderbuffer);
    glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_texture);
    const int limit = std::max(1024, std::min({int(max_renderbuffer), int(max_texture), kMaxExportWidthPx}));
    // A long file's detail, where it holds the span, gives its columns (render() draws from it).
    const double columns = (request.to_s - request.from_s) / column_source(request.from_s, request.to_s).seconds_per_column;
    float probe_width = 0, probe_height = 0;
    ui::export_canvas_size(screen_layout_, 1000.0f, settings_, nullptr, &probe_width, &probe_height);
    const float margins = probe_width - 1000.0f;
    const float plot_width = std::clamp(float(std::round(columns)), 320.0f, float(limit) - margins);
    // The caption: when, how, what.
    io::CaptionFacts facts = settings::analysis_caption_facts(settings_, shape_, sample_rate_hz_, display_scale_);
    const SampleSpan span = samples_of(request.from_s, request.to_s, sample_rate_hz_);
    facts.start_wall_ms = history_.wall_ms_at(span.first);
    facts.end_wall_ms = history_.wall_ms_at(span.last);
    facts.duration_s = request.to_s - request.from_s;
    facts.input = file_.active ? file_caption_input() : audio_.track_label();
    if (history_.channels() > 1)  // which of the two channels the picture shows
      facts.input += analyzer_.lanes().count > 1 ? ", each channel (left above, right below)"
                                                 : std::string(", ") + settings::channel_name(settings_.channel) + (settings_.channel == settings::Channel::kMix ? " of the channels" : " channel");
    export_caption_ = io::caption_text(facts);
    if (columns > plot_width + 0.5)
      export_caption_ += " | pooled: " + std::to_string(int(std::ceil(columns / plot_width))) + " columns a pixel (the widest picture this browser makes is " +
                         std::to_string(limit) + " px)";
    float width = 0, height = 0;
    ui::export_canvas_size(screen_layout_, plot_width, settings_, export_caption_.c_str(), &width, &height);
    export_width_px_ = int(width);
    export_height_px_ = int(height);
    export_from_s_ = request.from_s;
    export_to_s_ = request.to_s;
    const ui::Layout probe = ui::make_layout(width, height, settings_, true, screen_layout_.waveform.h, export_caption_.c_str());
    export_picture_.configure(int(probe.spectrogram.w), int(probe.spectrogram.h), &export_layer_, int(probe.spectrogram.w) + 8);
    export_layer_.set_row_offsets(row_offsets_.data());

    std::vector<std::uint8_t> png;
    bool ok = export_target_.begin(export_width_px_, export_height_px_);
    if (ok) {
      // Why off screen: the canvas keeps showing the normal view; the file has no controls.
      render(true);
      ok = export_target_.finish(export_caption_, &png);
    }
    const ui::Layout drawn = layout_;
    layout_ = screen_layout_;  // pointer input between frames works on the screen's layout
    const std::string name = io::export_file_name(facts.start_wall_ms, facts.end_wall_ms, "png");
    if (!ok) {
      if (request.reject.isUndefined()) show_message("The PNG could not be made (the graphics context refused an off-screen buffer).");
      else request.reject(js_error("The PNG could not be made."));
      continue;
    }
    val blob = bridge.call<val>("blobFromBytes", val(emscripten::typed_memory_view(png.size(), png.data())), std::string("image/png"));
    if (request.resolve.isUndefined()) {  // the PNG button: download it
      bridge.call<void>("download", blob, name);
      show_message("Saved " + name + " (" + std::to_string(export_width_px_) + " x " + std::to_string(export_height_px_) + ")", "info", "saved");
    } else {
      val regions = val::array();
      push_regions(drawn, 1.0, &regions);
      blob.set("name", name);
      blob.set("layout", regions);
      request.resolve(blob);
    }
  }
  export_waiters_.clear();
  in_frame_ = was_in_frame;
}

bool App::export_span_or_report(val options, val reject, double* from_s, double* to_s) {
  std::string error;
  if (export_span(options, from_s, to_s, &error)) return true;
  if (reject.isUndefined()) show_message(error, "info");  // a button or key: say it
  else reject(js_error(error));                           // the API: reject its promise
  return false;
}

void App::export_wav(val options, val resolve, val reject) {
  double from = 0, to = 0;
  if (!export_span_or_report(options, reject, &from, &to)) return;
  const std::string kept_error = audio_kept_error(from);
  if (!kept_error.empty()) {
    if (reject.isUndefined()) show_message(kept_error, "info");
    else reject(js_error(kept_error));
    return;
  }
  const bool pcm16 = !options.isUndefined() && !options.isNull() && options["format"].isString() &&
                     options["format"].as<std::string>() == "pcm16";
  const SampleSpan span = samples_of(from, to, sample_rate_hz_);
  const std::uint64_t first = span.first, last = span.last;
  const auto channels = kept_channels(history_, first, last);
  std::vector<const float*> pointers;
  for (const auto& c : channels) pointers.push_back(c.data());
  const auto bytes = io::encode_wav(pointers.data(), int(pointers.size()), std::size_t(last - first), sample_rate_hz_,
                                    pcm16 ? io::WavFormat::kPcm16 : io::WavFormat::kFloat32);
  val bridge = val::global("SpectrogramAudio");
  val blob = bridge.call<val>("blobFromBytes", val(emscripten::typed_memory_view(bytes.size(), bytes.data())), std::string("audio/wav"));
  const std::string name = io::export_file_name(history_.wall_ms_at(first), history_.wall_ms_at(last), "wav");
  blob.set("name", name);
  blob.set("firstSample", double(first));
  if (resolve.isUndefined()) {
    bridge.call<void>("download", blob, name);
    show_message("Saved " + name + " (" + std::to_string(bytes.size() / 1024) + " KB)", "info", "saved");
  } else {
    resolve(blob);
  }
}

void App::export_csv(val options, val resolve, val reject) {
  if (reanalysis_.active()) {
    after_reanalysis_.push_back([this, options, resolve, reject] { export_csv(options, resolve, reject); });
    if (resolve.isUndefined())
      show_message("The kept sound is being analysed again with the new settings; the CSV follows when that is done.", "info", "saved");
    return;
  }
  double from = 0, to = 0;
  if (!export_span_or_report(options, reject, &from, &to)) return;
  const int rows = store_.rows();
  // Each channel shown: the lanes' rows, the top (left) lane first as in the picture and the
  // channel order, each header cell named by its channel ("right:440.000").
  const dsp::Lanes lanes = lanes_for(rows);
  const io::CsvLanes csv_lanes = io::csv_lanes_of(lanes, lane_name(0), lane_name(1));
  std::vector<double> hz(static_cast<std::size_t>(lanes.lane_rows()));
  for (int r = 0; r < lanes.lane_rows(); ++r) hz[std::size_t(r)] = row_center_hz(lanes.first_row(0) + r);
  std::string csv;
  io::append_csv_lanes_header(&csv, hz.data(), csv_lanes);
  std::vector<float> column(static_cast<std::size_t>(rows));
  // A long file's zoomed part: the detail's full-resolution columns where it covers the span.
  const ColumnSource source = column_source(from, to);
  for (std::int64_t c = source.index_at(from); c <= source.index_at(to); ++c) {
    // A line's time (its column's centre) inside the span, as spectrogram-cli writes them: the
    // last column of a file, whose cell holds its last sample, may centre just past its end.
    if (source.time_of(c) < from || source.time_of(c) > to) continue;
    if (!source.store->get(c, column.data())) continue;  // not kept (or lost): no line rather than a made-up one
    io::append_csv_lanes_row(&csv, source.time_of(c), column.data(), csv_lanes);
  }
  val bridge = val::global("SpectrogramAudio");
  val blob = bridge.call<val>("blobFromBytes", val(emscripten::typed_memory_view(csv.size(), reinterpret_cast<const std::uint8_t*>(csv.data()))),
                              std::string("text/csv"));
  const SampleSpan span = samples_of(from, to, sample_rate_hz_);
  const std::string name = io::export_file_name(history_.wall_ms_at(span.first), history_.wall_ms_at(span.last), "csv");
  blob.set("name", name);
  if (resolve.isUndefined()) {
    bridge.call<void>("download", blob, name);
    show_message("Saved " + name + " (" + std::to_string(csv.size() / 1024) + " KB)", "info", "saved");
  } else {
    resolve(blob);
  }
}

void App::export_file_by_button(const char* extension) {
  if (std::string(extension) == "wav") export_wav(val::undefined(), val::undefined(), val::undefined());
  else export_csv(val::undefined(), val::undefined(), val::undefined());
}

}  // namespace app
