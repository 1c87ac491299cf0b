// app.cpp: see app.h. The scripting API is in app_api.cpp.
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
#include "dsp/ridge.h"
#include "ui/ticks.h"

using emscripten::val;

namespace app {
namespace {

constexpr std::size_t kHistoryBytes = 64u << 20;    // bin-resolution history memory
// A display frame more recent than this is draining the ring; a wake-up then leaves it alone.
constexpr double kFramesActiveMs = 300.0;

double now_ms() { return emscripten_get_now(); }

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
    if (!start_reject_.isUndefined()) start_reject_(js_error(message));
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
  shape_ = dsp::limit_analysis(settings_.fft_size, settings_.zero_padding, settings_.overlap_percent, sample_rate_hz_,
                               settings_.mode);
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
  config.mode = settings_.mode;
  config.reassignment.gate_db = settings_.gate_db;
  config.reassignment.prune = settings_.prune;
  const dsp::ConfigError error = analyzer_.configure(config);
  if (error != dsp::ConfigError::kNone) {
    show_message(dsp::config_error_message(error));
  } else if (whole_band) {
    show_message("The frequency range is above this input's Nyquist frequency (" +
                     std::to_string(int(sample_rate_hz_ / 2)) + " Hz); showing the whole band.",
                 "info");
  }
  describe_limits();
  describe_mode();
  peak_finder_.configure(analyzer_.stft());
  // Why reset the pitch with the analysis: both count samples from the same start (the trace
  // and the columns share one clock); ~40 s of estimates, one per 5 ms at most.
  pitch_.configure(std::clamp(sample_rate_hz_, 8000.0, 384000.0), 8192);
  samples_at_last_pitch_ = 0;
  columns_.configure(analyzer_.history().capacity());
  display_scale_.configure(settings_.scale, fmin_hz, std::max(fmax_hz, fmin_hz + 1), settings_.a4_hz);
  if (layer_.columns() > 0) {
    columns_.rebuild(analyzer_, &layer_);
    update_row_offsets();
  }
}

void App::describe_mode() {
  char note[768];
  const double hop_ms = shape_.hop_frames * 1000.0 / sample_rate_hz_;
  const double latency_ms = analyzer_.column_latency_frames() * hop_ms;
  switch (settings_.mode) {
    case dsp::AnalysisMode::kStft:
      controls_.mode_note.clear();
      return;
    case dsp::AnalysisMode::kReassigned:
      std::snprintf(note, sizeof note,
                    "Energy is placed where it belongs within each window; a column is final once no later window "
                    "can add to it: %.0f ms more latency (at most half a window). Levels are energy: a tone's level "
                    "is the sum over the rows of its line (the readout shows it).",
                    latency_ms);
      break;
    default: {
      const auto& bands = analyzer_.multires().bands();
      int used = std::snprintf(note, sizeof note, "%zu bands, each resolving semitones; the picture is %.2f s behind%s:",
                               bands.size(), latency_ms / 1000.0,
                               settings_.mode == dsp::AnalysisMode::kMultiresReassigned ? " (reassigned)" : "");
      for (std::size_t b = bands.size(); b-- > 0 && used < int(sizeof note) - 80;) {
        const dsp::BandInfo& band = bands[b];
        used += std::snprintf(note + used, sizeof note - std::size_t(used), "\n  %.0f-%.0f Hz: window %.0f ms, latency %.0f ms",
                              band.low_hz, band.high_hz, band.window_s * 1000, band.latency_s * 1000);
      }
      break;
    }
  }
  controls_.mode_note = note;
}

void App::update_row_offsets() {
  const int rows = layer_.rows();
  if (rows <= 0) return;
  row_offsets_.assign(std::size_t(rows), 0.0f);
  if (display_scale_.ok())
    dsp::row_offsets_db(display_scale_, rows, settings_.weighting, settings_.tilt_db_per_octave, row_offsets_.data());
  layer_.set_row_offsets(row_offsets_.data());
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
  columns_.resize(columns);
  hold_.resize(rows, kAnalysisFloorDb);
  trace_.reserve(std::size_t(columns) + 2);
  bool whole_band = false;
  const auto [fmin_hz, fmax_hz] = display_range(&whole_band);
  const bool had_columns = analyzer_.columns().size() > 0;
  analyzer_.set_display(rows, settings_.scale, fmin_hz, fmax_hz, std::size_t(columns));
  display_scale_.configure(settings_.scale, fmin_hz, std::max(fmax_hz, fmin_hz + 1), settings_.a4_hz);
  columns_.rebuild(analyzer_, &layer_);
  update_row_offsets();
  if (analyzer_.columns().size() > 0) hold_.set_live(analyzer_.rows_db());
  // Why say it: these modes place energy on the rows as they analyse, so a new size or scale
  // starts the picture afresh (the stft mode re-maps its kept frames).
  if (had_columns && analyzer_.columns().size() == 0)
    show_message("The picture starts again: in the reassigned and multi-resolution modes a change of size, scale or "
                 "range needs new sound.",
                 "info", "restart");
}

void App::apply(const settings::Settings& next) {
  const settings::Settings previous = settings_;
  settings_ = next;
  const bool analysis_changed = next.fft_size != previous.fft_size || next.window != previous.window ||
                                next.overlap_percent != previous.overlap_percent ||
                                next.zero_padding != previous.zero_padding || next.mode != previous.mode ||
                                next.gate_db != previous.gate_db || next.prune != previous.prune;
  const bool display_changed = next.scale != previous.scale || next.fmin_hz != previous.fmin_hz ||
                               next.fmax_hz != previous.fmax_hz;
  const bool offsets_changed = next.weighting != previous.weighting ||
                               next.tilt_db_per_octave != previous.tilt_db_per_octave;
  if (analysis_changed) {
    configure_analysis();
  } else if (display_changed && layer_.rows() > 0) {
    configure_display(layer_.columns(), layer_.rows());
  } else {
    if (next.a4_hz != previous.a4_hz) display_scale_.configure(display_scale_.kind(), display_scale_.fmin_hz(),
                                                              display_scale_.fmax_hz(), next.a4_hz);
    if (offsets_changed) update_row_offsets();
  }
  if (next != previous) persist_settings();
  if (next.browser_processing != previous.browser_processing && controls_.capturing)
    audio_.start(settings_.browser_processing);
}

void App::persist_settings() const {
  val page = val::global("SpectrogramPage");
  if (!page.isUndefined()) page.call<void>("saveSettings", settings::to_query(settings_));
}

void App::clear_history() {
  analyzer_.reset();
  pitch_.reset();
  samples_at_last_pitch_ = 0;
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
    pitch_.push(samples + offset, consumed);
    columns_.note_samples(samples + offset, consumed);
    offset += consumed;
    samples_read_ += consumed;
    if (analyzer_.has_frame()) on_frame_analysed();
    if (analyzer_.has_column()) on_column_finished();
  }
}

void App::on_frame_analysed() {
  columns_.frame_completed(analyzer_.history().total_pushed() - 1, analyzer_.history().capacity());
  ++frames_analyzed_;
  // Pitch at most every 5 ms of audio: enough for a trace, and bounded work at tiny hops.
  const std::uint64_t analysed = analyzer_.samples_pushed();
  if (analysed - samples_at_last_pitch_ >= std::uint64_t(sample_rate_hz_ / 200) || samples_at_last_pitch_ == 0) {
    pitch_.estimate();
    samples_at_last_pitch_ = analysed;
  }
}

void App::on_column_finished() {
  if (paused_ || layer_.columns() == 0) return;
  columns_.push_newest(analyzer_, &layer_);
  hold_.set_live(analyzer_.rows_db());
  // The column's last sample entered the ring about (write index - its end) samples before the read.
  const std::uint64_t column_end = samples_read_ - (analyzer_.samples_pushed() - analyzer_.columns().info(0).end_sample);
  const std::uint64_t behind = write_index_at_read_ - std::min(write_index_at_read_, column_end);
  metrics_.column_entered(read_time_ms_ - double(behind) * 1000.0 / sample_rate_hz_);
}

double App::column_content_offset_samples() const {
  return dsp::mode_is_multires(settings_.mode) ? dsp::kBandWindow / 2.0 : shape_.window_length / 2.0;
}

const dsp::PitchEstimate* App::pitch_near(double sample) const {
  const double tolerance = 0.02 * sample_rate_hz_;
  for (std::size_t age = 0; age < pitch_.size(); ++age) {
    const dsp::PitchEstimate& e = pitch_.at_age(age);
    const double distance = double(e.centre_sample) - sample;
    if (std::fabs(distance) <= tolerance) return &e;
    if (distance < -tolerance) break;  // older than wanted: no nearer one follows
  }
  return nullptr;
}

void App::build_pitch_trace() {
  trace_.clear();
  if (!settings_.show_pitch || pitch_.size() == 0 || layer_.columns() == 0 || !display_scale_.ok()) return;
  const int columns = layer_.columns();
  const std::int64_t newest = columns_.frame_at(layer_, columns - 1);
  if (newest < 0) return;
  const dsp::History& history = analyzer_.columns();
  const std::uint64_t age = history.total_pushed() - 1 - std::uint64_t(newest);
  if (age >= history.size()) return;
  // Where a sound at sample t is drawn: the column whose content is centred on t.
  const double newest_centre = double(history.info(age).end_sample) - column_content_offset_samples();
  const ui::Rect& plot = layout_.spectrogram;
  const double hop = shape_.hop_frames;
  float last_x = 1e30f;
  bool previous_voiced = false;
  double previous_sample = 0, previous_hz = 0;
  const double max_gap_samples = 0.03 * sample_rate_hz_;  // estimates further apart are not joined
  // A run (joined estimates) shorter than this many estimates (15 ms) is not drawn: a lone
  // estimate in speech is as often a harmonic caught for a moment as the voice.
  constexpr int kMinRunEstimates = 3;
  std::size_t run_start = 0;  // where the current run's points begin in trace_
  int run_estimates = 0;
  auto end_run = [&] {
    if (run_estimates < kMinRunEstimates) trace_.resize(run_start);
    run_start = trace_.size();
    run_estimates = 0;
  };
  for (std::size_t a = 0; a < pitch_.size() && trace_.size() < trace_.capacity(); ++a) {
    const dsp::PitchEstimate& e = pitch_.at_age(a);
    const double column = (columns - 1) - (newest_centre - double(e.centre_sample)) / hop;
    if (column < -1) break;
    if (column > columns) continue;  // newer than the picture (paused)
    const float x = plot.x + float(column) + 0.5f;
    // Not joined across a gap in time, or a leap of more than two semitones (an octave jump
    // drawn as a line would look like a glide that never happened).
    const bool joins = previous_voiced && previous_sample - double(e.centre_sample) <= max_gap_samples &&
                       e.voiced && std::fabs(std::log2(e.hz / previous_hz)) <= 2.0 / 12;
    previous_voiced = e.voiced;
    previous_sample = double(e.centre_sample);
    previous_hz = e.hz;
    if (!joins) end_run();
    if (!e.voiced) continue;
    ++run_estimates;
    if (joins && last_x - x < 1.0f) continue;  // one point per pixel column
    const float y = plot.y + plot.h * float(1.0 - display_scale_.to_unit(e.hz));
    trace_.push_back({x, y, joins});  // newest first: `joins` links it to the newer point
    last_x = x;
  }
  end_run();
  // Into drawing order (oldest first), where `joins` links a point to the previous (older) one.
  std::reverse(trace_.begin(), trace_.end());
  for (std::size_t k = trace_.size(); k-- > 1;) trace_[k].joins = trace_[k - 1].joins;
  if (!trace_.empty()) trace_[0].joins = false;
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
    if (!waiter.second.isUndefined()) waiter.second(js_error("The PNG could not be made: drawing was interrupted."));
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
  // The pitch of the newest estimate, if it is recent (a tenth of a second) and voiced.
  controls_.pitch_text.clear();
  if (pitch_.size() > 0) {
    const dsp::PitchEstimate& e = pitch_.at_age(0);
    const double age_s = (double(pitch_.at_age(0).centre_sample) - double(analyzer_.samples_pushed())) / sample_rate_hz_;
    if (e.voiced && age_s > -0.15) {
      char note[48], text[96];
      ui::note_name(e.hz, note, sizeof note, settings_.a4_hz);
      std::snprintf(text, sizeof text, "pitch %s (%.1f Hz)", note, e.hz);
      controls_.pitch_text = text;
    }
  }
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
  build_pitch_trace();
  ui::PlotInputs inputs;
  inputs.layout = &layout_;
  inputs.scale = &display_scale_;
  inputs.settings = &settings_;
  inputs.seconds_per_column = seconds_per_column();
  inputs.columns = columns;
  inputs.spectrum_db = hold_.live();
  inputs.peak_hold_db = hold_.held();
  inputs.row_offsets_db = row_offsets_.size() == std::size_t(rows) ? row_offsets_.data() : nullptr;
  inputs.rows = rows;
  inputs.pitch_trace = trace_.data();
  inputs.pitch_points = int(trace_.size());
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

  if (actions.start) audio_.start(settings_.browser_processing);
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
  readout.hz = display_scale_.to_hz(unit);
  readout.a4_hz = settings_.a4_hz;
  readout.weighting = settings_.weighting == dsp::Weighting::kA        ? "A-weighted"
                      : settings_.weighting == dsp::Weighting::kC      ? "C-weighted"
                      : settings_.weighting == dsp::Weighting::kItu468 ? "ITU-R 468"
                      : settings_.tilt_db_per_octave != 0              ? "tilted"
                                                                       : "";
  const int c = std::clamp(int(x - plot.x), 0, columns - 1);
  readout.seconds_ago = (columns - 1 - c) * seconds_per_column();
  if (columns == 0) return readout;
  const std::int64_t column = columns_.frame_at(layer_, c);
  const std::int64_t newest = columns_.frame_at(layer_, columns - 1);
  const dsp::History& history = analyzer_.columns();
  if (column < 0 || newest < 0 || history.bins() != std::size_t(layer_.rows())) return readout;
  const std::uint64_t age = history.total_pushed() - 1 - std::uint64_t(column);
  const std::uint64_t newest_age = history.total_pushed() - 1 - std::uint64_t(newest);
  if (age >= history.size() || newest_age >= history.size()) return readout;
  readout.seconds_ago = double(history.info(newest_age).end_sample - history.info(age).end_sample) / sample_rate_hz_;
  // Level as drawn: the column's row (plus the weighting the picture shows).
  const float* rows_db = history.frame(age);
  const int row = std::clamp(int(plot.y + plot.h - y), 0, layer_.rows() - 1);
  const float offset = row_offsets_.size() > std::size_t(row) ? row_offsets_[std::size_t(row)] : 0.0f;
  if (dsp::mode_is_reassigned(settings_.mode)) {
    // Reassignment keeps energy: the level of what is under the pointer is its ridge's sum.
    const dsp::Ridge ridge = dsp::ridge_at(rows_db, layer_.rows(), row, 3, kAnalysisFloorDb);
    readout.ridge = ridge.found;
    readout.db = (ridge.found ? ridge.energy_db : double(rows_db[row])) + offset;
    readout.ridge_hz = display_scale_.to_hz((ridge.centroid_row + 0.5) / layer_.rows());
  } else {
    readout.db = rows_db[row] + offset;
  }
  readout.has_level = true;
  const double centre = double(history.info(age).end_sample) - column_content_offset_samples();
  if (const dsp::PitchEstimate* e = pitch_near(centre)) readout.pitch_hz = e->voiced ? e->hz : 0;
  return readout;
}

// [SECTION] messages and shortcuts -----------------------------------------------------------------

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
      else audio_.start(settings_.browser_processing);
      break;
    case 'C': clear_history(); break;
    case 'D': export_requested_by_button_ = true; break;
    case 'O': controls_.show_settings = !controls_.show_settings; break;
    case 'H': controls_.show_help = !controls_.show_help; break;
    default: break;
  }
}

}  // namespace app
