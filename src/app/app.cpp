// app.cpp: see app.h.
#include "app/app.h"

#include <emscripten.h>
#include <emscripten/html5.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_internal.h"  // ErrorCheckEndFrameRecover, WithinFrameScope: frame recovery

#ifndef SPECTRO_BUILD_NAME
#define SPECTRO_BUILD_NAME "unknown"
#endif

using emscripten::val;

namespace app {
namespace {

constexpr float kAnalysisFloorDb = -200.0f;         // analysis floor; the display floor is a setting
constexpr std::size_t kHistoryBytes = 64u << 20;    // bin-resolution history memory
// A display frame more recent than this is draining the ring; a wake-up then leaves it alone.
constexpr double kFramesActiveMs = 300.0;

double now_ms() { return emscripten_get_now(); }

std::string png_file_name() {
  const std::time_t t = std::time(nullptr);
  char name[64];
  std::strftime(name, sizeof name, "spectrogram-%Y%m%d-%H%M%S.png", std::localtime(&t));
  return name;
}

std::vector<std::pair<std::string, std::string>> entries_of(val list) {
  std::vector<std::pair<std::string, std::string>> values;
  if (list.isUndefined() || list.isNull()) return values;
  const int count = list["length"].as<int>();
  for (int i = 0; i < count; ++i) values.emplace_back(list[i][0].as<std::string>(), list[i][1].as<std::string>());
  return values;
}

val error_of(const std::string& message) { return val::global("Error").new_(message); }

}  // namespace

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
    if (!start_reject_.isUndefined()) start_reject_(error_of(message));
    start_resolve_ = start_reject_ = val::undefined();
  };
  audio_.on_suspended = [this](bool suspended) {
    if (suspended) show_message("Audio was paused by the browser. Tap or click anywhere to resume.", "info", "suspended");
    else clear_message("suspended");
  };
  audio_.on_stall = [this](bool stalled) {
    if (stalled)
      show_message("No sound has arrived from the microphone for over a second. It may be muted, unplugged or in "
                   "use by another app; the picture goes on when sound returns.",
                   "info", "stall");
    else clear_message("stall");
  };
  pump_ = std::make_unique<capture::Pump>(
      capture::PumpConfig(), [this](float* dest, std::size_t max) { return audio_.read(dest, max); },
      [this](const float* samples, std::size_t count) { consume(samples, count); }, [] { return now_ms(); });
  audio_.prepare();
  configure_analysis();
  ready_ = true;
  return true;
}

// [SECTION] configuration -------------------------------------------------------------------

std::pair<double, double> App::display_range(bool* whole_band) const {
  const double nyquist = sample_rate_hz_ / 2;
  *whole_band = !(settings_.fmin_hz < nyquist);
  if (*whole_band) return {dsp::scale_needs_positive_fmin(settings_.scale) ? 20.0 : 0.0, nyquist};
  return {settings_.fmin_hz, std::min(settings_.fmax_hz, nyquist)};
}

void App::configure_analysis() {
  bool whole_band = false;
  const auto [fmin_hz, fmax_hz] = display_range(&whole_band);
  shape_ = dsp::limit_analysis(settings_.fft_size, settings_.zero_padding, settings_.overlap_percent, sample_rate_hz_);
  dsp::AnalyzerConfig config;
  config.stft.fft_size = settings_.fft_size;
  config.stft.window_length = shape_.window_length;
  config.stft.hop_frames = shape_.hop_frames;
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
  describe_limits();
  peak_finder_.configure(analyzer_.stft());
  columns_.configure(analyzer_.history().capacity());
  if (layer_.columns() > 0) columns_.rebuild(analyzer_, &layer_);
}

void App::describe_limits() {
  char note[320];
  const double hop_ms = shape_.hop_frames * 1000.0 / sample_rate_hz_;
  std::snprintf(note, sizeof note, "hop %d samples (%.2f ms), window %d%s", shape_.hop_frames, hop_ms,
                shape_.window_length, shape_.hop_limited || shape_.window_limited ? " (limited)" : "");
  controls_.analysis_note = note;
  if (!shape_.hop_limited && !shape_.window_limited) return clear_message("limit");
  std::string text;
  if (shape_.window_limited) {
    std::snprintf(note, sizeof note, "Zero padding %dx would make the window shorter than the shortest hop; %dx is used. ",
                  settings_.zero_padding, shape_.zero_padding);
    text += note;
  }
  if (shape_.hop_limited) {
    const double overlap_in_use = 100.0 * (1.0 - double(shape_.hop_frames) / shape_.window_length);
    std::snprintf(note, sizeof note,
                  "Overlap %.4g %% asks for more frames a second than the display takes (%.0f) or a phone can "
                  "analyse; the hop is %d samples (%.2f ms), an overlap of %.1f %%.",
                  settings_.overlap_percent, dsp::kMaxFramesPerSecond, shape_.hop_frames, hop_ms, overlap_in_use);
    text += note;
  }
  show_message(text, "info", "limit");
}

void App::configure_display(int columns, int rows) {
  layer_.resize(columns, rows);
  columns_.resize(columns, rows);
  hold_.resize(rows, kAnalysisFloorDb);
  scratch_rows_.assign(std::size_t(rows), kAnalysisFloorDb);
  bool whole_band = false;
  const auto [fmin_hz, fmax_hz] = display_range(&whole_band);
  analyzer_.set_display(rows, settings_.scale, fmin_hz, fmax_hz);
  columns_.rebuild(analyzer_, &layer_);
  if (analyzer_.history().size() > 0) hold_.set_live(analyzer_.rows_db());
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
  columns_.clear();
  hold_.clear();
  columns_.rebuild(analyzer_, &layer_);
}

// [SECTION] analysis (audio clock) ----------------------------------------------------------

bool App::analyze(double budget_ms) {
  if (!audio_.running() && audio_.state() != AudioInput::State::kSuspended) return false;
  const std::uint64_t dropped = audio_.dropped_samples();
  if (dropped != last_dropped_) {
    analyzer_.mark_gap();  // overrun: the next column carries a visible gap marker
    last_dropped_ = dropped;
  }
  write_index_at_read_ = audio_.write_index();
  read_time_ms_ = now_ms();
  pump_->run(budget_ms);
  return pump_->behind();
}

void App::consume(const float* samples, std::size_t count) {
  std::size_t offset = 0;
  while (offset < count) {
    const std::size_t consumed = analyzer_.push(samples + offset, count - offset);
    if (consumed == 0) break;  // inert analyzer: drop the input rather than spin
    columns_.note_samples(samples + offset, consumed);
    offset += consumed;
    samples_read_ += consumed;
    if (analyzer_.has_frame()) on_frame_analysed();
  }
}

void App::on_frame_analysed() {
  columns_.frame_completed(analyzer_.history().total_pushed() - 1, analyzer_.history().capacity());
  ++frames_analyzed_;
  if (paused_ || layer_.columns() == 0) return;
  columns_.push_newest(analyzer_, &layer_);
  hold_.set_live(analyzer_.rows_db());
  // The frame's last sample entered the ring about (write index - frame end) samples before the read.
  const std::uint64_t behind = write_index_at_read_ - std::min(write_index_at_read_, samples_read_);
  metrics_.column_entered(read_time_ms_ - double(behind) * 1000.0 / sample_rate_hz_);
}

double App::seconds_per_column() const { return shape_.hop_frames / sample_rate_hz_; }

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

void App::recover_interrupted_frame() {
  // Why: an exception thrown inside a frame (a browser API, a GL call) unwinds straight out of
  // wasm; ImGui is left inside its frame with windows open, and an export may have left its
  // framebuffer bound. Close what was open so this frame draws normally.
  if (ImGui::GetCurrentContext()->WithinFrameScope) {
    ImGui::ErrorCheckEndFrameRecover(nullptr);
    ImGui::EndFrame();
  }
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  for (auto& waiter : export_waiters_)
    if (!waiter.second.isUndefined()) waiter.second(error_of("The PNG could not be made: drawing was interrupted."));
  export_waiters_.clear();
}

void App::frame() {
  if (!ready_) return;
  if (in_frame_) recover_interrupted_frame();
  in_frame_ = true;
  const double start = now_ms();
  platform_.new_frame();
  if (platform_.pixel_ratio() != font_pixel_ratio_) set_fonts(platform_.pixel_ratio());
  audio_.update(start);
  const double analysis_start = now_ms();
  analyze(pump_->frame_budget_ms(audio_.backlog(), sample_rate_hz_));
  metrics_.analysis_took(now_ms() - analysis_start);
  hold_.update(ImGui::GetIO().DeltaTime);
  render(false);
  metrics_.frame_drawn(start, now_ms());
  if (export_requested_by_button_) {
    export_requested_by_button_ = false;
    export_waiters_.emplace_back(val::undefined(), val::undefined());
    finish_export();
  }
  in_frame_ = false;
}

bool App::wake() {
  if (!ready_) return false;
  // Why: a hidden tab gets no animation frames, but its timers still run (throttled, down to
  // once a minute): keep watching the input and draining the ring so nothing overflows.
  const double now = now_ms();
  audio_.update(now);
  if (now - metrics_.last_frame_ms() < kFramesActiveMs) return false;
  return analyze(pump_->slice_budget_ms());
}

void App::update_status() {
  char status[160];
  const char* state = !controls_.capturing ? (audio_.active() ? "starting" : "stopped")
                      : audio_.stalled()   ? "no input"
                      : paused_            ? "paused"
                                           : "live";
  std::snprintf(status, sizeof status, "%s  %.0f Hz  %s  dropped %llu  %.0f fps", state, sample_rate_hz_,
                controls_.capturing ? audio_.transport() : "-",
                static_cast<unsigned long long>(audio_.dropped_samples()), metrics_.fps());
  controls_.status = status;
  controls_.paused = paused_;
  char details[512];
  std::snprintf(details, sizeof details,
                "%s\nframes analysed %llu, bin %.2f Hz, hop %.1f ms\nlatency p50 %.1f ms, p95 %.1f ms, frame %.2f ms\n"
                "build %s, input stalls %llu",
                audio_.track_description().empty() ? "microphone not started" : audio_.track_description().c_str(),
                static_cast<unsigned long long>(frames_analyzed_), analyzer_.stft().bin_hz(),
                seconds_per_column() * 1000, metrics_.latency_ms(0.5), metrics_.latency_ms(0.95), metrics_.frame_ms(),
                SPECTRO_BUILD_NAME, static_cast<unsigned long long>(audio_.stalls()));
  controls_.details = details;
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
    update_status();
  }
  if (!exporting) {
    settings::Settings edited = settings_;
    actions = ui::draw_controls(layout_, &controls_, &edited);
    if (!pending_ui_edits_.empty()) {  // uiEdit(): the same path as a control being changed
      if (settings::apply_all(edited, pending_ui_edits_).empty()) actions.settings_changed = true;
      pending_ui_edits_.clear();
    }
    if (actions.settings_changed && settings::check_consistency(edited).empty()) apply(edited);
  }

  columns_.update_wave_views(layer_, analyzer_.history());
  ui::PlotInputs inputs;
  inputs.layout = &layout_;
  inputs.scale = &analyzer_.mapper().scale();
  inputs.settings = &settings_;
  inputs.seconds_per_column = seconds_per_column();
  inputs.columns = columns;
  inputs.spectrum_db = hold_.live();
  inputs.peak_hold_db = hold_.held();
  inputs.rows = rows;
  inputs.wave_min = columns_.wave_min();
  inputs.wave_max = columns_.wave_max();
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
  const std::int64_t frame = columns_.frame_at(layer_, c);
  const std::int64_t newest = columns_.frame_at(layer_, columns - 1);
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

void App::show_message(const std::string& text, const char* kind, const char* tag) {
  val page = val::global("SpectrogramPage");
  if (!page.isUndefined()) page.call<void>("showMessage", text, std::string(kind), std::string(tag));
}

void App::clear_message(const char* tag) {
  val page = val::global("SpectrogramPage");
  if (!page.isUndefined()) page.call<void>("clearMessage", std::string(tag));
}

void App::handle_shortcut(int key_code) {
  switch (key_code) {
    case 32:  // space
      paused_ = !paused_;
      if (!paused_) columns_.rebuild(analyzer_, &layer_);  // jump to the present, including what came in meanwhile
      break;
    case 'S':
      if (audio_.active()) stop_capture();
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
    reject(error_of(init_failure_));
    return;
  }
  if (!start_reject_.isUndefined()) start_reject_(error_of("superseded by a new start()"));
  start_resolve_ = resolve;
  start_reject_ = reject;
  audio_.start(settings_.browser_processing, settings_.channel);
}

void App::stop_capture() {
  audio_.stop();
  controls_.capturing = false;
  clear_message("stall");
  if (!start_reject_.isUndefined()) start_reject_(error_of("stopped before capture started"));
  start_resolve_ = start_reject_ = val::undefined();
}

std::string App::settings_json() const {
  std::string json = "{";
  for (const char* key : settings::setting_keys()) {
    const std::string k = key, value = settings::get_as_text(settings_, key);
    const bool quoted = settings::value_is_text(k);
    json += (json.size() > 1 ? ",\"" : "\"") + k + "\":" + (quoted ? "\"" + value + "\"" : value);
  }
  return json + "}";
}

std::string App::apply_settings(val entries) {
  settings::Settings next = settings_;
  const std::string error = settings::apply_all(next, entries_of(entries));
  if (!error.empty()) return error;
  apply(next);
  return "";
}

std::string App::ui_edit(val entries) {
  settings::Settings probe = settings_;
  auto edits = entries_of(entries);
  const std::string error = settings::apply_all(probe, edits);
  if (!error.empty()) return error;
  pending_ui_edits_.insert(pending_ui_edits_.end(), edits.begin(), edits.end());
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
  result.set("build", std::string(SPECTRO_BUILD_NAME));
  result.set("framesAnalyzed", double(frames_analyzed_));
  result.set("droppedSamples", double(audio_.dropped_samples()));
  result.set("backlogSamples", double(audio_.backlog()));
  result.set("hopFrames", shape_.hop_frames);
  result.set("windowLength", shape_.window_length);
  result.set("hopLimited", shape_.hop_limited || shape_.window_limited);
  result.set("fps", metrics_.fps());
  result.set("frameMs", metrics_.frame_ms());
  result.set("analysisMs", metrics_.analysis_ms());
  result.set("latencyMs", metrics_.latency_ms(0.5));
  result.set("latencyP95Ms", metrics_.latency_ms(0.95));
  result.set("inputRms", double(columns_.input_rms()));
  result.set("capturing", controls_.capturing);
  result.set("stalled", audio_.stalled());
  result.set("stalls", double(audio_.stalls()));
  result.set("ready", audio_.prepared());
  result.set("track", audio_.track_description());
  return result;
}

void App::export_png(val resolve, val reject) {
  if (!ready_) {
    reject(error_of(init_failure_));
    return;
  }
  export_waiters_.emplace_back(resolve, reject);
  finish_export();
}

void App::finish_export() {
  // Marked as a frame: if drawing throws, the next frame recovers (and rejects the waiters).
  const bool was_in_frame = in_frame_;
  in_frame_ = true;
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
      waiter.second(error_of("The PNG could not be made."));
    }
  }
  export_waiters_.clear();
  in_frame_ = was_in_frame;
}

void App::audio_event(const std::string& name, int session, val payload) {
  audio_.on_event(name, session, payload);
}

}  // namespace app
