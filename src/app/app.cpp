// app.cpp: see app.h.
#include "app/app.h"

#include <emscripten.h>
#include <emscripten/html5.h>

#include <algorithm>
#include <cmath>
#include <ctime>

#include "imgui.h"
#include "imgui_impl_opengl3.h"

using emscripten::val;

namespace app {
namespace {

constexpr float kAnalysisFloorDb = -200.0f;         // analysis floor; the display floor is a setting
constexpr double kFrameBudgetMs = 3.0;              // analysis time per display frame
constexpr double kBackgroundBudgetMs = 250.0;       // per timer tick while hidden
constexpr std::size_t kHistoryBytes = 64u << 20;    // bin-resolution history memory
constexpr float kPeakHoldSeconds = 1.5f;
constexpr float kPeakFallDbPerSecond = 20.0f;
const float kNaN = std::nanf("");

double now_ms() { return emscripten_get_now(); }

std::string png_file_name() {
  const std::time_t t = std::time(nullptr);
  char name[64];
  std::strftime(name, sizeof name, "spectrogram-%Y%m%d-%H%M%S.png", std::localtime(&t));
  return name;
}

}  // namespace

float App::Measure::quantile(double q) const {
  const std::size_t n = std::min(count, values.size());
  if (n == 0) return 0;
  std::copy(values.begin(), values.begin() + std::ptrdiff_t(n), sorted.begin());
  const auto nth = sorted.begin() + std::ptrdiff_t(std::min(n - 1, std::size_t(q * double(n))));
  std::nth_element(sorted.begin(), nth, sorted.begin() + std::ptrdiff_t(n));
  return *nth;
}

bool App::init() {
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // why: no filesystem in this build
  const char* failure = nullptr;
  if (!platform_.init(&failure)) {
    init_failure_ = failure;
    show_message(init_failure_);
    return false;
  }
  // Why ES3 and "#version 300 es": WebGL2; without the define 1.86 picks GLSL ES 1.00.
  ImGui_ImplOpenGL3_Init("#version 300 es");
  if (!layer_.init()) {
    init_failure_ = "The spectrogram shader could not be compiled on this graphics driver.";
    show_message(init_failure_);
    return false;
  }
  platform_.on_shortcut = [this](int key) { handle_shortcut(key); };
  platform_.on_pointer_down = [this] { audio_.resume(); };
  audio_.on_started = [this] {
    controls_.capturing = true;
    show_message("");
    samples_read_ = 0;
    last_dropped_ = 0;
    if (audio_.sample_rate_hz() != sample_rate_hz_) {
      sample_rate_hz_ = audio_.sample_rate_hz();
      configure_analysis();
    } else if (analyzer_.history().size() > 0) {
      analyzer_.mark_gap();  // a new session after a stop: show the seam
    }
    if (!start_resolve_.isUndefined()) start_resolve_();
    start_resolve_ = start_reject_ = val::undefined();
  };
  audio_.on_failed = [this](const std::string& message) {
    controls_.capturing = false;
    show_message(message);
    if (!start_reject_.isUndefined()) start_reject_(val::global("Error").new_(message));
    start_resolve_ = start_reject_ = val::undefined();
  };
  audio_.on_suspended = [this](bool suspended) {
    show_message(suspended ? "Audio was paused by the browser. Tap or click anywhere to resume." : "",
                 "info");
  };
  audio_.prepare();
  input_.assign(1 << 16, 0.0f);
  pending_entry_ms_.reserve(512);
  configure_analysis();
  ready_ = true;
  return true;
}

// [SECTION] configuration -------------------------------------------------------------------

std::pair<double, double> App::display_range(bool* whole_band) const {
  const double nyquist = sample_rate_hz_ / 2;
  *whole_band = !(settings_.fmin_hz < nyquist);
  if (*whole_band) return {settings_.scale == dsp::ScaleKind::kLog ? 20.0 : 0.0, nyquist};
  return {settings_.fmin_hz, std::min(settings_.fmax_hz, nyquist)};
}

void App::configure_analysis() {
  bool whole_band = false;
  const auto [fmin_hz, fmax_hz] = display_range(&whole_band);
  dsp::AnalyzerConfig config;
  config.stft.fft_size = settings_.fft_size;
  config.stft.window_length = settings_.window_length();
  config.stft.hop_frames = settings_.hop_frames();
  config.stft.window = settings_.window;
  config.stft.sample_rate_hz = sample_rate_hz_;
  config.stft.min_db = kAnalysisFloorDb;
  config.max_db = settings_.max_db;
  config.rows = layer_.rows() > 0 ? layer_.rows() : 256;
  config.scale = settings_.scale;
  config.fmin_hz = fmin_hz;
  config.fmax_hz = fmax_hz;
  const std::size_t bins = std::size_t(settings_.fft_size / 2 + 1);
  config.history_frames = std::clamp<std::size_t>(kHistoryBytes / (bins * sizeof(float)), 256, 4096);
  const dsp::ConfigError error = analyzer_.configure(config);
  if (error != dsp::ConfigError::kNone) {
    show_message(dsp::config_error_message(error));
  } else if (whole_band) {
    show_message("The frequency range is above this input's Nyquist frequency (" +
                     std::to_string(int(sample_rate_hz_ / 2)) + " Hz); showing the whole band.",
                 "info");
  }
  peak_finder_.configure(analyzer_.stft());
  const std::size_t capacity = analyzer_.history().capacity();
  frame_wave_min_.assign(capacity, kNaN);
  frame_wave_max_.assign(capacity, kNaN);
  wave_min_acc_ = 1e30f;
  wave_max_acc_ = -1e30f;
  if (layer_.columns() > 0) rebuild_columns();
}

void App::configure_display(int columns, int rows) {
  layer_.resize(columns, rows);
  column_frame_.assign(std::size_t(columns), -1);
  wave_min_view_.assign(std::size_t(columns), kNaN);
  wave_max_view_.assign(std::size_t(columns), kNaN);
  spectrum_view_.assign(std::size_t(rows), kAnalysisFloorDb);
  peak_hold_.assign(std::size_t(rows), kAnalysisFloorDb);
  peak_hold_age_s_.assign(std::size_t(rows), 0.0f);
  scratch_rows_.assign(std::size_t(rows), kAnalysisFloorDb);
  bool whole_band = false;
  const auto [fmin_hz, fmax_hz] = display_range(&whole_band);
  analyzer_.set_display(rows, settings_.scale, fmin_hz, fmax_hz);
  rebuild_columns();
}

void App::push_column(const float* rows_db, std::int64_t frame) {
  if (frame == kGapColumn) layer_.push_gap();
  else layer_.push_column(rows_db);
  column_frame_[std::size_t(layer_.newest_column())] = frame;
}

void App::rebuild_columns() {
  layer_.clear();
  std::fill(column_frame_.begin(), column_frame_.end(), -1);
  const dsp::History& history = analyzer_.history();
  const std::size_t count = std::min<std::size_t>(history.size(), std::size_t(layer_.columns()));
  for (std::size_t i = count; i-- > 0;) {
    if (history.info(i).gap_before) push_column(nullptr, kGapColumn);
    analyzer_.mapper().map(history.frame(i), scratch_rows_.data());
    push_column(scratch_rows_.data(), std::int64_t(history.total_pushed() - 1 - i));
  }
  if (history.size() > 0) std::copy(analyzer_.rows_db(), analyzer_.rows_db() + layer_.rows(), spectrum_view_.begin());
}

void App::apply(const settings::Settings& next) {
  const settings::Settings previous = settings_;
  settings_ = next;
  const bool analysis_changed = next.fft_size != previous.fft_size || next.window != previous.window ||
                                next.overlap_percent != previous.overlap_percent ||
                                next.zero_padding != previous.zero_padding;
  const bool display_changed = next.scale != previous.scale || next.fmin_hz != previous.fmin_hz ||
                               next.fmax_hz != previous.fmax_hz;
  if (analysis_changed) {
    configure_analysis();
  } else if (display_changed && layer_.rows() > 0) {
    configure_display(layer_.columns(), layer_.rows());
  }
  if (next.channel != previous.channel) audio_.set_channel(next.channel);
  if (next != previous) persist_settings();
  if (next.browser_processing != previous.browser_processing && controls_.capturing)
    audio_.start(settings_.browser_processing, settings_.channel);
}

void App::persist_settings() const {
  val page = val::global("SpectrogramPage");
  if (!page.isUndefined()) page.call<void>("saveSettings", settings::to_query(settings_));
}

namespace {
std::vector<std::pair<std::string, std::string>> entries_of(val list) {
  std::vector<std::pair<std::string, std::string>> values;
  if (list.isUndefined() || list.isNull()) return values;
  const int count = list["length"].as<int>();
  for (int i = 0; i < count; ++i) values.emplace_back(list[i][0].as<std::string>(), list[i][1].as<std::string>());
  return values;
}
}  // namespace

std::string App::load_settings(val stored_entries, val link_entries) {
  settings::Settings loaded;
  std::vector<std::string> ignored_stored, rejected;
  settings::load_untrusted(loaded, entries_of(stored_entries), &ignored_stored);  // stale storage: silent
  settings::load_untrusted(loaded, entries_of(link_entries), &rejected);
  apply(loaded);
  persist_settings();
  if (rejected.empty()) return "";
  std::string names;
  for (const std::string& key : rejected) names += (names.empty() ? "" : ", ") + key;
  return "This link had values that could not be used for: " + names + ". Those settings are at their defaults.";
}

void App::clear_history() {
  analyzer_.reset();
  std::fill(frame_wave_min_.begin(), frame_wave_min_.end(), kNaN);
  std::fill(frame_wave_max_.begin(), frame_wave_max_.end(), kNaN);
  std::fill(peak_hold_.begin(), peak_hold_.end(), kAnalysisFloorDb);
  std::fill(spectrum_view_.begin(), spectrum_view_.end(), kAnalysisFloorDb);
  rebuild_columns();
}

// [SECTION] analysis (audio clock) ----------------------------------------------------------

void App::analyze(double budget_ms) {
  if (!audio_.running() && audio_.state() != AudioInput::State::kSuspended) return;
  const double start = now_ms();
  const std::uint64_t dropped = audio_.dropped_samples();
  if (dropped != last_dropped_) {
    analyzer_.mark_gap();  // overrun: the next column carries a visible gap marker
    last_dropped_ = dropped;
  }
  const std::uint64_t write_index = audio_.write_index();
  const double read_time = now_ms();
  const std::size_t chunk = std::clamp<std::size_t>(std::size_t(settings_.hop_frames()) * 8, 512, input_.size());
  while (now_ms() - start < budget_ms) {
    const std::size_t count = audio_.read(input_.data(), chunk);
    if (count == 0) break;
    std::size_t offset = 0;
    while (offset < count) {
      const std::size_t consumed = analyzer_.push(input_.data() + offset, count - offset);
      for (std::size_t i = offset; i < offset + consumed; ++i) {
        const float x = input_[i];
        wave_min_acc_ = std::min(wave_min_acc_, x);
        wave_max_acc_ = std::max(wave_max_acc_, x);
        sum_squares_ += double(x) * x;
      }
      sum_count_ += consumed;
      offset += consumed;
      samples_read_ += consumed;
      if (consumed == 0) break;  // inert analyzer: drop the input rather than spin
      if (analyzer_.has_frame()) on_frame_analysed(samples_read_, read_time, write_index);
    }
  }
}

void App::on_frame_analysed(std::uint64_t frame_end_abs, double read_time_ms, std::uint64_t write_index) {
  const dsp::History& history = analyzer_.history();
  const std::uint64_t frame_number = history.total_pushed() - 1;
  const std::size_t slot = std::size_t(frame_number % history.capacity());
  frame_wave_min_[slot] = wave_min_acc_;
  frame_wave_max_[slot] = wave_max_acc_;
  wave_min_acc_ = 1e30f;
  wave_max_acc_ = -1e30f;
  if (sum_count_ > 0) input_rms_ = float(std::sqrt(sum_squares_ / double(sum_count_)));
  sum_squares_ = 0;
  sum_count_ = 0;
  ++frames_analyzed_;
  if (paused_ || layer_.columns() == 0) return;
  if (history.info(0).gap_before) push_column(nullptr, kGapColumn);
  push_column(analyzer_.rows_db(), std::int64_t(frame_number));
  std::copy(analyzer_.rows_db(), analyzer_.rows_db() + layer_.rows(), spectrum_view_.begin());
  // The frame's last sample entered the ring about (write_index - end) samples before the read.
  const double entry_ms = read_time_ms - double(write_index - std::min(write_index, frame_end_abs)) * 1000.0 / sample_rate_hz_;
  if (pending_entry_ms_.size() < pending_entry_ms_.capacity()) pending_entry_ms_.push_back(entry_ms);
}

double App::seconds_per_column() const { return settings_.hop_frames() / sample_rate_hz_; }

// [SECTION] frame -------------------------------------------------------------------------------

void App::set_fonts(double pixel_ratio) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  ImFontConfig font;
  font.SizePixels = float(std::round(13.0 * pixel_ratio));
  io.Fonts->AddFontDefault(&font);
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
  ImGuiStyle style;
  ImGui::StyleColorsDark(&style);
  style.WindowRounding = 4;
  style.FrameRounding = 3;
  style.ScaleAllSizes(float(pixel_ratio));
  ImGui::GetStyle() = style;
  font_pixel_ratio_ = pixel_ratio;
}

void App::frame() {
  if (!ready_) return;
  const double start = now_ms();
  platform_.new_frame();
  if (platform_.pixel_ratio() != font_pixel_ratio_) set_fonts(platform_.pixel_ratio());
  const double analysis_start = now_ms();
  analyze(kFrameBudgetMs);
  analysis_ms_.add(float(now_ms() - analysis_start));

  // Peak hold: hold for a moment, then fall, never below the live spectrum.
  const float dt = ImGui::GetIO().DeltaTime;
  for (std::size_t r = 0; r < peak_hold_.size(); ++r) {
    if (spectrum_view_[r] >= peak_hold_[r]) {
      peak_hold_[r] = spectrum_view_[r];
      peak_hold_age_s_[r] = 0;
    } else if ((peak_hold_age_s_[r] += dt) > kPeakHoldSeconds) {
      peak_hold_[r] = std::max(spectrum_view_[r], peak_hold_[r] - kPeakFallDbPerSecond * dt);
    }
  }

  render(false);

  const double end = now_ms();
  for (double entry : pending_entry_ms_) latency_ms_.add(float(end - entry));
  pending_entry_ms_.clear();
  frame_ms_.add(float(end - start));
  ++fps_frames_;
  if (end - fps_window_start_ms_ >= 1000) {
    fps_ = fps_frames_ * 1000.0 / (end - fps_window_start_ms_);
    fps_frames_ = 0;
    fps_window_start_ms_ = end;
  }
  last_frame_time_ms_ = end;
  if (export_requested_by_button_) {
    export_requested_by_button_ = false;
    export_waiters_.emplace_back(val::undefined(), val::undefined());
    finish_export();
  }
}

void App::background_tick() {
  // Why: a hidden tab gets no animation frames, but its timers still run (throttled); keep
  // draining the ring so nothing overflows and the analysis stays complete.
  if (ready_ && now_ms() - last_frame_time_ms_ > 300) analyze(kBackgroundBudgetMs);
}

void App::render(bool exporting) {
  const int width = platform_.width_px(), height = platform_.height_px();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui::NewFrame();
  layout_ = ui::make_layout(float(width), float(height), settings_, exporting);
  const ui::Rect& plot = layout_.spectrogram;
  const int columns = int(plot.w), rows = int(plot.h);
  if (columns != layer_.columns() || rows != layer_.rows()) configure_display(columns, rows);

  ui::ControlsActions actions;
  if (!exporting && now_ms() - status_time_ms_ > 250) {
    status_time_ms_ = now_ms();
    char status[160];
    std::snprintf(status, sizeof status, "%s  %.0f Hz  %s  dropped %llu  %.0f fps",
                  controls_.capturing ? (paused_ ? "paused" : "live") : "stopped", sample_rate_hz_,
                  controls_.capturing ? audio_.transport() : "-",
                  static_cast<unsigned long long>(audio_.dropped_samples()), fps_);
    controls_.status = status;
    controls_.paused = paused_;
    char details[512];
    std::snprintf(details, sizeof details,
                  "%s\nframes analysed %llu, bin %.2f Hz, hop %.1f ms\nlatency p50 %.1f ms, p95 %.1f ms, frame %.2f ms",
                  audio_.track_description().empty() ? "microphone not started" : audio_.track_description().c_str(),
                  static_cast<unsigned long long>(frames_analyzed_), analyzer_.stft().bin_hz(),
                  seconds_per_column() * 1000, double(latency_ms_.quantile(0.5)), double(latency_ms_.quantile(0.95)),
                  double(frame_ms_.quantile(0.5)));
    controls_.details = details;
  }
  if (!exporting) {
    settings::Settings edited = settings_;
    actions = ui::draw_controls(layout_, &controls_, &edited);
    if (actions.settings_changed && settings::check_consistency(edited).empty()) apply(edited);
  }

  // Oldest-first waveform extremes for the strip.
  const dsp::History& history = analyzer_.history();
  for (int c = 0; c < columns; ++c) {
    const std::int64_t frame = column_frame_[std::size_t((layer_.newest_column() + 1 + c) % columns)];
    const bool known = frame >= 0 && history.total_pushed() - std::uint64_t(frame) <= history.capacity();
    wave_min_view_[std::size_t(c)] = known ? frame_wave_min_[std::size_t(frame) % history.capacity()] : kNaN;
    wave_max_view_[std::size_t(c)] = known ? frame_wave_max_[std::size_t(frame) % history.capacity()] : kNaN;
  }
  ui::PlotInputs inputs;
  inputs.layout = &layout_;
  inputs.scale = &analyzer_.mapper().scale();
  inputs.settings = &settings_;
  inputs.seconds_per_column = seconds_per_column();
  inputs.columns = columns;
  inputs.spectrum_db = spectrum_view_.data();
  inputs.peak_hold_db = peak_hold_.data();
  inputs.rows = rows;
  inputs.wave_min = wave_min_view_.data();
  inputs.wave_max = wave_max_view_.data();
  ui::draw_plot(inputs);

  const ImGuiIO& io = ImGui::GetIO();
  if (!exporting && !io.WantCaptureMouse && plot.contains(io.MousePos.x, io.MousePos.y))
    ui::draw_readout(readout_at(io.MousePos.x, io.MousePos.y), io.MousePos.x, io.MousePos.y);

  ImGui::Render();
  glViewport(0, 0, width, height);
  glClearColor(0.078f, 0.078f, 0.102f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  layer_.draw(int(plot.x), height - int(plot.y) - rows, columns, rows, settings_.min_db, settings_.max_db,
              settings_.colormap);
  glViewport(0, 0, width, height);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

  if (actions.start) audio_.start(settings_.browser_processing, settings_.channel);
  if (actions.stop) stop_capture();
  if (actions.toggle_pause) handle_shortcut(32);
  if (actions.clear) clear_history();
  if (actions.export_png) export_requested_by_button_ = true;
  if (actions.copy_link) val::global("SpectrogramPage").call<void>("copyLink");
}

ui::Readout App::readout_at(float x, float y) const {
  ui::Readout readout;
  const ui::Rect& plot = layout_.spectrogram;
  const int columns = layer_.columns();
  const double unit = (plot.y + plot.h - y) / plot.h;
  readout.hz = analyzer_.mapper().scale().to_hz(unit);
  const int c = std::clamp(int(x - plot.x), 0, columns - 1);
  readout.seconds_ago = (columns - 1 - c) * seconds_per_column();
  if (columns == 0) return readout;
  const int newest_column = layer_.newest_column();
  const std::int64_t frame = column_frame_[std::size_t((newest_column + 1 + c) % columns)];
  const std::int64_t newest = column_frame_[std::size_t(newest_column)];
  const dsp::History& history = analyzer_.history();
  if (frame < 0 || newest < 0) return readout;
  const std::uint64_t age = history.total_pushed() - 1 - std::uint64_t(frame);
  const std::uint64_t newest_age = history.total_pushed() - 1 - std::uint64_t(newest);
  if (age >= history.size() || newest_age >= history.size()) return readout;
  readout.seconds_ago = double(history.info(newest_age).end_sample - history.info(age).end_sample) / sample_rate_hz_;
  // Level as drawn: the frame mapped onto the display rows (the same maximum the pixel shows).
  analyzer_.mapper().map(history.frame(age), scratch_rows_.data());
  const int row = std::clamp(int(plot.y + plot.h - y), 0, layer_.rows() - 1);
  readout.db = scratch_rows_[std::size_t(row)];
  readout.has_level = true;
  return readout;
}

// [SECTION] API --------------------------------------------------------------------------------

void App::show_message(const std::string& text, const char* kind) {
  val page = val::global("SpectrogramPage");
  if (!page.isUndefined()) page.call<void>("showMessage", text, std::string(kind));
}

void App::handle_shortcut(int key_code) {
  switch (key_code) {
    case 32:  // space
      paused_ = !paused_;
      if (!paused_) rebuild_columns();  // jump to the present, including what came in meanwhile
      break;
    case 'S':
      if (controls_.capturing) stop_capture();
      else audio_.start(settings_.browser_processing, settings_.channel);
      break;
    case 'C': clear_history(); break;
    case 'D': export_requested_by_button_ = true; break;
    case 'O': controls_.show_settings = !controls_.show_settings; break;
    case 'H': controls_.show_help = !controls_.show_help; break;
    default: break;
  }
}

void App::start_capture(val resolve, val reject) {
  if (!ready_) {
    reject(val::global("Error").new_(init_failure_));
    return;
  }
  if (!start_reject_.isUndefined()) start_reject_(val::global("Error").new_(std::string("superseded by a new start()")));
  start_resolve_ = resolve;
  start_reject_ = reject;
  audio_.start(settings_.browser_processing, settings_.channel);
}

void App::stop_capture() {
  audio_.stop();
  controls_.capturing = false;
}

std::string App::settings_json() const {
  std::string json = "{";
  for (const char* key : settings::setting_keys()) {
    const std::string k = key, value = settings::get_as_text(settings_, key);
    const bool quoted = k == "window" || k == "scale" || k == "colormap" || k == "channel";
    json += (json.size() > 1 ? ",\"" : "\"") + k + "\":" + (quoted ? "\"" + value + "\"" : value);
  }
  return json + "}";
}

std::string App::apply_settings(val entries) {
  std::vector<std::pair<std::string, std::string>> values;
  const int count = entries["length"].as<int>();
  for (int i = 0; i < count; ++i)
    values.emplace_back(entries[i][0].as<std::string>(), entries[i][1].as<std::string>());
  settings::Settings next = settings_;
  const std::string error = settings::apply_all(next, values);
  if (!error.empty()) return error;
  apply(next);
  return "";
}

val App::latest_frame() const {
  const dsp::History& history = analyzer_.history();
  if (history.size() == 0) return val::null();
  const std::size_t bins = history.bins();
  val hz = val::global("Float32Array").new_(bins);
  val db = val::global("Float32Array").new_(val(emscripten::typed_memory_view(bins, history.frame(0))));
  const double bin_hz = analyzer_.stft().bin_hz();
  for (std::size_t k = 0; k < bins; ++k) hz.set(k, k * bin_hz);
  val frame = val::object();
  frame.set("timeSec", double(history.info(0).end_sample) / sample_rate_hz_);
  frame.set("hz", hz);
  frame.set("db", db);
  return frame;
}

val App::peak() const {
  val result = val::object();
  const dsp::Peak found = peak_finder_.find(analyzer_.stft(), settings_.fmin_hz,
                                            std::min(settings_.fmax_hz, sample_rate_hz_ / 2));
  result.set("hz", found.found ? found.hz : 0.0);
  result.set("db", found.found ? found.db : double(kAnalysisFloorDb));
  return result;
}

val App::stats() const {
  val result = val::object();
  result.set("sampleRate", sample_rate_hz_);
  result.set("transport", std::string(controls_.capturing ? audio_.transport() : (val::global("SpectrogramAudio").call<bool>("isolated") ? "sab" : "message")));
  result.set("framesAnalyzed", double(frames_analyzed_));
  result.set("droppedSamples", double(audio_.dropped_samples()));
  result.set("fps", fps_);
  result.set("frameMs", double(frame_ms_.quantile(0.5)));
  result.set("analysisMs", double(analysis_ms_.quantile(0.5)));
  result.set("latencyMs", double(latency_ms_.quantile(0.5)));
  result.set("latencyP95Ms", double(latency_ms_.quantile(0.95)));
  result.set("inputRms", double(input_rms_));
  result.set("capturing", controls_.capturing);
  result.set("ready", audio_.prepared());
  result.set("track", audio_.track_description());
  return result;
}

void App::export_png(val resolve, val reject) {
  if (!ready_) {
    reject(val::global("Error").new_(init_failure_));
    return;
  }
  export_waiters_.emplace_back(resolve, reject);
  finish_export();
}

void App::finish_export() {
  std::vector<std::uint8_t> png;
  const int width = platform_.width_px(), height = platform_.height_px();
  bool ok = export_target_.begin(width, height);
  if (ok) {
    // Why off screen: the canvas keeps showing the normal view; the file has no controls.
    render(true);
    ok = export_target_.finish(&png);
  }
  val bridge = val::global("SpectrogramAudio");
  val blob = val::undefined();
  if (ok) blob = bridge.call<val>("blobFromBytes", val(emscripten::typed_memory_view(png.size(), png.data())));
  for (auto& waiter : export_waiters_) {
    if (waiter.first.isUndefined()) {  // the PNG button: download it
      if (ok) bridge.call<void>("download", blob, png_file_name());
      else show_message("The PNG could not be made (the graphics context refused an off-screen buffer).");
    } else if (ok) {
      waiter.first(blob);
    } else {
      waiter.second(val::global("Error").new_(std::string("The PNG could not be made.")));
    }
  }
  export_waiters_.clear();
}

void App::audio_event(const std::string& name, int session, val payload) {
  audio_.on_event(name, session, payload);
}

}  // namespace app
