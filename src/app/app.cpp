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
#include "dsp/level.h"
#include "dsp/ridge.h"
#include "ui/theme.h"
#include "ui/ticks.h"

using emscripten::val;

namespace app {
namespace {

constexpr std::size_t kHistoryBytes = 64u << 20;    // bin-resolution history memory (recent frames)
// The analysed picture of the kept audio, on display rows (2 bytes a level), at most this much
// (only what the history needs is taken). 10 minutes at hop 1024 and 550 rows take 31 MB, at
// the default hop (410 at 48 kHz) on a 2x screen (1100 rows) 154 MB, at hop 256 there 247 MB;
// smaller hops or longer histories keep a shorter picture (said in the panel), the audio stays.
constexpr std::size_t kColumnStoreBytes = 256u << 20;
// The first slice of a re-analysis (the visible part) runs at once, in the frame that changed
// the settings (with the settings' own work the task stays under 50 ms).
constexpr double kReanalysisFirstSliceMs = 35.0;
// Re-analysis after that: a short slice in each display frame, and slices of its own between
// frames (tasks the page posts back to back, which the browser interleaves with frames and
// input); none longer than this (no main-thread task over 50 ms).
constexpr double kReanalysisFrameSliceMs = 6.0;
// While it runs, a picture at most this often (the frames between analyse only).
constexpr double kBusyFrameIntervalMs = 100.0;
// While a file is read, fewer still: the decoder's worker needs the CPU that software-GL frames
// take (an hour's FLAC: 23 s to the overview at 10 pictures a second).
constexpr double kFileFrameIntervalMs = 200.0;
constexpr double kReanalysisSliceMs = 25.0;      // in a frame that does not draw
constexpr double kReanalysisWakeSliceMs = 40.0;  // in a task of its own (nothing else in it)
// A file's audio: shorter slices, because its task also holds what the browser adds around it
// (the collector, a compositor commit), which took 40 ms slices past 50 ms.
constexpr double kFileWakeSliceMs = 20.0;
constexpr double kFileFrameSliceMs = 12.0;          // in a frame that does not draw
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
  if (!layer_.init() || !export_layer_.init()) {
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
    const int channels = audio_.track_channels();
    const bool after_file = file_.active;
    if (after_file) {
      // Capture starts a timeline of its own: the file's picture and audio make way for it.
      val::global("SpectrogramFile").call<void>("abandon");  // also a re-read still starting
      settings_.span_s = view_.span_s = file_.live_span_s;
      file_ = OpenFile();
      view_.live = true;
      frozen_ = false;
    }
    if (after_file || audio_.sample_rate_hz() != sample_rate_hz_ || channels != history_.channels() || history_.capacity() == 0) {
      sample_rate_hz_ = audio_.sample_rate_hz();
      configure_history(channels);
      configure_analysis();
    } else if (history_.end() > 0) {
      analyzer_.mark_gap();  // a new session after a stop: show the seam
    }
    history_.begin_session(emscripten_date_now());
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
  // One pump chunk, de-interleaved (the pump reads whole frames, two floats each).
  const std::size_t chunk_frames = pump_->config().chunk_samples / AudioInput::kRingChannels;
  left_.assign(chunk_frames, 0.0f);
  right_.assign(chunk_frames, 0.0f);
  mono_.assign(chunk_frames, 0.0f);
  wave_scratch_.assign(chunk_frames, 0.0f);
  audio_.prepare();
  configure_history(2);
  configure_analysis();
  ready_ = true;
  return true;
}

// [SECTION] configuration -------------------------------------------------------------------

void App::configure_history(int channels) {
  // What the setting asks for, or as much of it as the browser gives (halving): the page goes
  // on with a shorter history and says so, rather than stopping.
  double minutes = settings_.history_minutes;
  dsp::ConfigError error = dsp::ConfigError::kOutOfMemory;
  for (; minutes >= 0.1; minutes /= 2) {
    error = history_.configure(channels, std::size_t(minutes * 60.0 * sample_rate_hz_), sample_rate_hz_);
    if (error != dsp::ConfigError::kOutOfMemory) break;
  }
  if (error != dsp::ConfigError::kNone) {
    show_message("No memory could be had for keeping the sound: the picture shows only what arrives now.", "error", "memory");
  } else if (minutes < settings_.history_minutes) {
    char text[200];
    std::snprintf(text, sizeof text, "This browser gave memory for %.1f of the %.0f minutes of sound asked for (Keep); %.1f are kept.",
                  minutes, settings_.history_minutes, minutes);
    show_message(text, "info", "memory");
  } else {
    clear_message("memory");
  }
  // The pitch track is on the history's clock: it starts with it. ~40 s of estimates, one per
  // 5 ms at most.
  pitch_.configure(std::clamp(sample_rate_hz_, 8000.0, 384000.0), 8192);
  pitch_fill_frames_ = 0;
  selection_.active = false;
}

void App::configure_analysis() {
  drop_file_detail();  // made with the analysis being replaced
  const std::size_t bins = std::size_t(settings_.fft_size / 2 + 1);
  settings::AnalysisPlan plan = settings::plan_analysis(settings_, sample_rate_hz_, layer_.rows() > 0 ? layer_.rows() : 256,
                                                        std::clamp<std::size_t>(kHistoryBytes / (bins * sizeof(float)), 256, 4096));
  plan_file_overview(&plan);
  shape_ = plan.shape;
  content_offset_samples_ = settings::column_content_offset_samples(plan);
  const dsp::AnalyzerConfig& config = plan.config;
  const bool whole_band = plan.whole_band;
  const double fmin_hz = config.fmin_hz, fmax_hz = config.fmax_hz;
  const dsp::ConfigError error = analyzer_.configure(config, lane_channels().count);
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
  configure_readout_peak();
  display_scale_.configure(settings_.scale, fmin_hz, std::max(fmax_hz, fmin_hz + 1), settings_.a4_hz);
  if (error != dsp::ConfigError::kNone) return;

  // The column store for the whole kept audio at this hop and row count, within a memory budget;
  // for a file, the whole file (see plan_file_overview()).
  const int hop = shape_.hop_frames;
  std::size_t wanted = history_.capacity() / std::size_t(hop) + 4;
  std::size_t affordable = timeline::ColumnStore::capacity_for_bytes(kColumnStoreBytes, config.rows);
  if (file_.active) {
    affordable = timeline::ColumnStore::capacity_for_bytes(kFileColumnBytes, config.rows);
    wanted = std::size_t(file_frames_to_plan() / (double(hop) * file_.pool)) + 64;
  }
  for (std::size_t capacity = std::min(wanted, affordable);; capacity /= 2) {
    if (store_.configure(config.rows, capacity, hop * file_.pool, kAnalysisFloorDb) != dsp::ConfigError::kOutOfMemory || capacity < 64) break;
  }
  pool_index_ = -1;
  pool_db_.assign(std::size_t(config.rows), kAnalysisFloorDb);
  readout_column_db_.assign(std::size_t(config.rows), kAnalysisFloorDb);
  picture_.invalidate();

  // The live analysis restarts at a multiple of the hop a little before the newest kept frame,
  // fed that stretch at once, so its columns are the history's columns j = end / hop - 1; the
  // columns before its first whole one are re-analysed from the kept audio.
  const std::uint64_t end = history_.end();
  const std::int64_t lead = analysis_lead_columns(shape_.window_length, hop, analyzer_.column_latency_frames());
  const std::int64_t end_column = std::int64_t(end / std::uint64_t(hop));
  const std::int64_t origin_column = std::max<std::int64_t>(0, end_column - lead);
  live_origin_ = std::uint64_t(origin_column) * std::uint64_t(hop);
  live_first_column_ = origin_column == 0 ? 0 : origin_column + lead;
  reanalysis_.cancel();
  if (file_.active && file_.frames > 0 && !file_kept_whole()) {
    // A file longer than what is kept (or pooled): read it again with the new settings.
    if (picture_.width() > 0) update_row_offsets();
    request_file_reread();
    return;
  }
  for (std::uint64_t at = live_origin_; at < end;) {
    const std::size_t count = std::size_t(std::min<std::uint64_t>(mono_.size(), end - at));
    const float* lane_samples[dsp::kMaxLanes] = {};
    read_lanes(at, count, lane_samples);
    analyse_lanes(lane_samples, count, /*live=*/false);
    at += count;
  }
  if (file_.active && file_.finished && !file_.streaming) finish_file_end_columns();
  // Everything older, the visible part first.
  const std::int64_t first_kept = std::int64_t((history_.begin() + std::uint64_t(hop) - 1) / std::uint64_t(hop));
  if (live_first_column_ > first_kept) {
    const std::int64_t visible_first = column_near(view_.start_s()), visible_last = column_near(view_.end_s);
    const std::int64_t oldest = std::max(first_kept, store_.newest() - std::int64_t(store_.capacity()) + 1);
    if (reanalysis_.start(config, lane_channels(), std::max<std::int64_t>(0, oldest), live_first_column_ - 1,
                          visible_first, visible_last) == dsp::ConfigError::kNone) {
      reanalysis_started_ms_ = now_ms();
      longest_slice_ms_ = 0;
      reanalysis_busy_ms_ = 0;
      // The visible part at once (tens of ms), so the picture is never blank for long.
      continue_reanalysis(kReanalysisFirstSliceMs);
    }
  }
  if (picture_.width() > 0) update_row_offsets();
  run_after_reanalysis();  // nothing to analyse again (e.g. after Clear): waiting exports go now
}

void App::run_after_reanalysis() {
  if (reanalysis_.active() || after_reanalysis_.empty()) return;
  std::vector<std::function<void()>> waiting;
  waiting.swap(after_reanalysis_);
  for (auto& run : waiting) run();
}

bool App::continue_reanalysis(double budget_ms) {
  if (!reanalysis_.active()) return false;
  const double start = now_ms();
  const bool visible_was_done = reanalysis_.visible_done();
  const bool more = reanalysis_.run(history_, budget_ms, [] { return now_ms(); },
                                    [this](std::int64_t index, const float* rows_db) { store_column(index, rows_db); });
  longest_slice_ms_ = std::max(longest_slice_ms_, now_ms() - start);
  reanalysis_busy_ms_ += now_ms() - start;
  if (!visible_was_done && reanalysis_.visible_done()) picture_.invalidate();
  if (!more) {
    reanalysis_ms_ = now_ms() - reanalysis_started_ms_;
    picture_.invalidate();
    run_after_reanalysis();
  }
  return more;
}

void App::update_row_offsets() {
  const int rows = layer_.rows();
  if (rows <= 0) return;
  row_offsets_.assign(std::size_t(rows), 0.0f);
  // Each lane has the whole frequency range on its rows.
  const dsp::Lanes lanes{rows, analyzer_.lanes().count};
  if (display_scale_.ok())
    for (int lane = 0; lane < lanes.count; ++lane)
      dsp::row_offsets_db(display_scale_, lanes.lane_rows(), settings_.weighting, settings_.tilt_db_per_octave,
                          row_offsets_.data() + lanes.first_row(lane));
  layer_.set_row_offsets(row_offsets_.data());
}

void App::configure_display(int columns, int rows) {
  const bool new_rows = rows != layer_.rows();
  picture_.configure(columns, rows, &layer_);
  hold_.resize(rows, kAnalysisFloorDb);
  trace_.reserve(std::size_t(columns) + 2);
  // The store holds display rows: a new row count means analysing again (the kept audio is
  // re-analysed, the visible part first; nothing is erased for long; a long file is read
  // again). A new width only re-pools the picture from the store.
  if (new_rows) configure_analysis();
  else update_row_offsets();
}

void App::apply(const settings::Settings& next) {
  const settings::Settings previous = settings_;
  settings_ = next;
  const bool analysis_changed = next.fft_size != previous.fft_size || next.window != previous.window ||
                                next.overlap_percent != previous.overlap_percent ||
                                next.zero_padding != previous.zero_padding || next.mode != previous.mode ||
                                next.gate_db != previous.gate_db || next.prune != previous.prune ||
                                next.channel != previous.channel || next.scale != previous.scale ||
                                next.fmin_hz != previous.fmin_hz || next.fmax_hz != previous.fmax_hz;
  const bool offsets_changed = next.weighting != previous.weighting ||
                               next.tilt_db_per_octave != previous.tilt_db_per_octave;
  if (next.history_minutes != previous.history_minutes) {
    configure_history(history_.channels() > 0 ? history_.channels() : 2);  // a new length starts afresh
    configure_analysis();
  } else if (analysis_changed) {
    configure_analysis();
  } else {
    if (next.a4_hz != previous.a4_hz) display_scale_.configure(display_scale_.kind(), display_scale_.fmin_hz(),
                                                              display_scale_.fmax_hz(), next.a4_hz);
    if (offsets_changed) update_row_offsets();
  }
  view_.span_s = settings_.span_s;
  if (next != previous) persist_settings();
  if (next.browser_processing != previous.browser_processing && controls_.capturing)
    audio_.start(settings_.browser_processing);
}

void App::persist_settings() const {
  val page = val::global("SpectrogramPage");
  if (!page.isUndefined()) page.call<void>("saveSettings", settings::to_query(settings_));
}

void App::clear_history() {
  stop_playback();
  if (file_.active) {
    // Clear ends a file: the timeline is live again, with the Keep setting's history.
    val::global("SpectrogramFile").call<void>("abandon");  // also a re-read still starting
    settings_.span_s = view_.span_s = file_.live_span_s;
    file_ = OpenFile();
    configure_history(2);
  }
  history_.clear();
  if (controls_.capturing) history_.begin_session(emscripten_date_now());
  pitch_.reset();
  pitch_fill_frames_ = 0;
  store_.clear();
  hold_.clear();
  selection_.active = false;
  frozen_ = false;
  view_.live = true;
  configure_analysis();
}

// [SECTION] analysis (audio clock) ----------------------------------------------------------

bool App::analyze(double budget_ms) {
  if (!audio_.running() && audio_.state() != AudioInput::State::kSuspended) return false;
  const std::uint64_t dropped = audio_.dropped_samples();
  if (dropped != last_dropped_) {
    analyzer_.mark_gap();  // overrun: the next column carries a gap marker
    history_.mark_lost(dropped - last_dropped_, emscripten_date_now());
    last_dropped_ = dropped;
  }
  write_index_at_read_ = audio_.write_index();
  read_time_ms_ = now_ms();
  pump_->run(budget_ms);
  return pump_->behind();
}

void App::analyse_lanes(const float* const* lane_samples, std::size_t count, bool live) {
  std::size_t offset = 0;
  while (offset < count) {
    const std::size_t consumed = analyzer_.push(lane_samples, offset, count - offset);
    if (consumed == 0) break;  // inert analyzer: drop the input rather than spin
    offset += consumed;
    if (analyzer_.has_frame() && live) on_frame_analysed();
    if (analyzer_.has_column()) on_column_finished();
  }
}

void App::on_frame_analysed() {
  ++frames_analyzed_;
  // The RMS of the samples this frame analysed (stats(): proof that a signal arrived), over
  // every lane: with each channel shown, a signal in the right channel alone counts too.
  const int length = analyzer_.stft().config().window_length, lanes = analyzer_.lanes().count;
  double sum = 0;
  for (int lane = 0; lane < lanes; ++lane) {
    const float* samples = analyzer_.lane(lane).stft().frame_samples();
    for (int i = 0; i < length; ++i) sum += double(samples[i]) * samples[i];
  }
  input_rms_ = float(std::sqrt(sum / std::max(1, length * lanes)));
}

void App::feed_pitch(const float* samples, std::size_t count) {
  // A pitch estimate every 5 ms of audio, wherever the chunks of input end: enough for a trace
  // that reads as a line, and bounded work at any hop.
  const std::size_t step = std::max<std::size_t>(1, std::size_t(sample_rate_hz_ / 200));
  for (std::size_t offset = 0; offset < count;) {
    const std::size_t take = std::min(count - offset, step - pitch_fill_frames_);
    pitch_.push(samples + offset, take);
    offset += take;
    pitch_fill_frames_ += take;
    if (pitch_fill_frames_ == step) {
      pitch_.estimate();
      pitch_fill_frames_ = 0;
    }
  }
}

void App::on_column_finished() {
  const std::int64_t index = std::int64_t((live_origin_ + analyzer_.columns().info(0).end_sample) /
                                          std::uint64_t(shape_.hop_frames)) - 1;
  if (index < live_first_column_) return;  // its window began before the analysis did
  if (file_.pool > 1) pool_column(index, analyzer_.column_db());
  else store_column(index, analyzer_.column_db());
  if (!frozen_) hold_.set_live(analyzer_.column_db());  // the panel pauses with the picture
  if (file_.active) return;  // a file has no capture latency
  // The column's last frame entered the ring about (write index - its end) frames before the
  // read. The ring counts frames since capture started; the history since it began.
  const std::uint64_t capture_start = history_.end() - samples_read_;
  const std::uint64_t column_end = live_origin_ + analyzer_.columns().info(0).end_sample;
  const std::uint64_t end_in_ring = column_end - std::min(column_end, capture_start);
  const std::uint64_t behind = write_index_at_read_ - std::min(write_index_at_read_, end_in_ring);
  metrics_.column_entered(read_time_ms_ - double(behind) * 1000.0 / sample_rate_hz_);
}

void App::store_column(std::int64_t index, const float* rows_db) {
  // What the column's hop holds: the waveform extremes (of the analysed channel) and whether
  // input was lost or capture restarted just before.
  const std::uint64_t hop = std::uint64_t(store_.hop_frames());
  const std::uint64_t first = std::uint64_t(index) * hop;
  timeline::ColumnInfo info;
  info.wave_min = 1e30f;
  info.wave_max = -1e30f;
  const int channel = analysis_channel();
  for (std::uint64_t at = first; at < first + hop;) {
    const std::size_t count = std::size_t(std::min<std::uint64_t>(mono_.size(), first + hop - at));
    history_.read(channel, at, count, wave_scratch_.data());
    for (std::size_t i = 0; i < count; ++i) {
      info.wave_min = std::min(info.wave_min, wave_scratch_[i]);
      info.wave_max = std::max(info.wave_max, wave_scratch_[i]);
    }
    at += count;
  }
  const auto& events = history_.events();
  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    if (it->sample <= first) break;
    if (it->sample <= first + hop && (it->kind == timeline::TimelineEvent::Kind::kLost || it->sample > 0))
      info.gap_before = true;
  }
  store_.put(index, rows_db, info);
  picture_.column_stored(index);
}

double App::column_content_offset_samples() const {
  // A pooled column (a long file) shows `pool` analysis columns: its centre is their middle.
  return content_offset_samples_ + 0.5 * double(file_.pool - 1) * shape_.hop_frames;
}

// [SECTION] frame -------------------------------------------------------------------------------

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
    if (!waiter.reject.isUndefined()) waiter.reject(js_error("The PNG could not be made: drawing was interrupted."));
  export_waiters_.clear();
}

bool App::frame() {
  if (!ready_) return false;
  if (in_frame_) recover_interrupted_frame();
  in_frame_ = true;
  const double start = now_ms();
  audio_.update(start);
  analyze(pump_->frame_budget_ms(audio_.backlog(), sample_rate_hz_));
  pump_file(kReanalysisFrameSliceMs);
  pump_file_detail(kReanalysisFrameSliceMs);
  metrics_.analysis_took(now_ms() - start);
  // Why fewer pictures while the kept audio is analysed again: each drawn frame also costs the
  // compositor (tens of ms of CPU with software GL), which the re-analysis needs more. Input
  // waits in the platform for the next drawn frame.
  const double busy_interval_ms = file_.streaming ? kFileFrameIntervalMs : kBusyFrameIntervalMs;
  if ((reanalysis_.active() || file_.streaming) && start - last_drawn_ms_ < busy_interval_ms && !export_requested_by_button_) {
    if (!continue_reanalysis(kReanalysisSliceMs)) pump_file(kFileFrameSliceMs);
    in_frame_ = false;
    return true;
  }
  last_drawn_ms_ = start;
  platform_.new_frame();
  update_interface_style();
  continue_reanalysis(kReanalysisFrameSliceMs);
  if (!frozen_) hold_.update(ImGui::GetIO().DeltaTime);
  render(false);
  metrics_.frame_drawn(start, now_ms());
  if (export_requested_by_button_ && reanalysis_.active()) {
    export_requested_by_button_ = false;
    after_reanalysis_.push_back([this] { export_requested_by_button_ = true; });
    show_message("The kept sound is being analysed again with the new settings; the PNG follows when that is done.", "info", "saved");
  }
  if (export_requested_by_button_) {
    export_requested_by_button_ = false;
    ExportRequest request;
    std::string error;
    if (export_span(val::undefined(), &request.from_s, &request.to_s, &error)) {
      export_waiters_.push_back(request);
      finish_export();
    } else {
      show_message(error, "info");
    }
  }
  in_frame_ = false;
  return background_work_pending();
}

bool App::wake() {
  if (!ready_) return false;
  // Why: a hidden tab gets no animation frames, but its timers still run (throttled, down to
  // once a minute): keep watching the input and draining the ring so nothing overflows.
  const double now = now_ms();
  audio_.update(now);
  const bool behind = now - metrics_.last_frame_ms() >= kFramesActiveMs && analyze(pump_->slice_budget_ms());
  const bool more = continue_reanalysis(behind ? kReanalysisSliceMs : kReanalysisWakeSliceMs);
  // A file's audio after the re-analysis (both share the slice's budget).
  const bool file_more = !more && pump_file(kFileWakeSliceMs);
  const bool detail_more = !more && !file_more && pump_file_detail(kFileWakeSliceMs);
  return behind || more || file_more || detail_more;
}

void App::render(bool exporting) {
  const int width = exporting ? export_width_px_ : platform_.width_px();
  const int height = exporting ? export_height_px_ : platform_.height_px();
  // Why: ImGui clips and projects to DisplaySize; an export is larger than the canvas.
  ImGuiIO& imgui_io = ImGui::GetIO();
  const ImVec2 screen_size = imgui_io.DisplaySize;
  if (exporting) imgui_io.DisplaySize = ImVec2(float(width), float(height));
  ImGui_ImplOpenGL3_NewFrame();
  ImGui::NewFrame();
  if (exporting) {
    layout_ = ui::make_layout(float(width), float(height), settings_, true, screen_layout_.waveform.h, export_caption_.c_str());
  } else {
    layout_ = ui::make_layout(float(width), float(height), settings_, false, -1.0f, nullptr, controls_.form);
    screen_layout_ = layout_;
  }
  const ui::Rect& plot = layout_.spectrogram;
  const int columns = int(plot.w), rows = int(plot.h);
  Picture& picture = exporting ? export_picture_ : picture_;
  render::SpectrogramLayer& layer = exporting ? export_layer_ : layer_;
  if (!exporting && (columns != picture_.width() || rows != layer_.rows())) configure_display(columns, rows);

  ui::ControlsActions actions;
  if (!exporting && now_ms() - status_time_ms_ > 250) {
    status_time_ms_ = now_ms();
    update_status();
  }
  if (!exporting) {
    settings::Settings edited = settings_;
    controls_.has_selection = selection_.active;
    controls_.playing = playback_.playing;
    controls_.live = view_.live;
    controls_.file_open = file_.active;
    actions = ui::draw_controls(layout_, &controls_, &edited);
    if (controls_.auto_range_requested) {
      controls_.auto_range_requested = false;
      const std::string why_not = auto_range();
      if (!why_not.empty()) {
        show_message(why_not, "info");
      } else {  // what the panel holds follows (it is applied below if anything else changed)
        edited.min_db = settings_.min_db;
        edited.max_db = settings_.max_db;
      }
    }
    if (!pending_ui_edits_.empty()) {  // uiEdit(): the same path as a control being changed
      if (settings::apply_all(edited, pending_ui_edits_).empty()) actions.settings_changed = true;
      pending_ui_edits_.clear();
    }
    if (actions.settings_changed && settings::check_consistency(edited).empty()) apply(edited);
    handle_gestures(platform_.take_gestures());
    update_view();
  }

  // The view drawn: the screen's, or the span being exported.
  const timeline::View shown = exporting ? timeline::View{export_to_s_, export_to_s_ - export_from_s_, false} : view_;
  const timeline::View saved = view_;
  view_ = shown;  // time_at_x / x_at_time below follow what is drawn
  // A long file's zoomed view at full resolution where its detail covers what is drawn.
  if (!exporting) update_file_detail(columns);
  const ColumnSource source = column_source(shown.start_s(), shown.end_s);
  const bool detail = source.store == &detail_store_;
  if (!exporting && detail != picture_shows_detail_) {
    picture_.invalidate();
    picture_shows_detail_ = detail;
  }
  picture.update(*source.store, shown, source.seconds_per_column, source.zero_s, &layer);
  build_pitch_trace();

  // Time labels: seconds before the newest sound, or the time of day; in a file, seconds into it.
  const bool wall_clock = settings_.time_labels == settings::TimeLabels::kWallClock && !file_.active;
  const float label_px = ImGui::CalcTextSize(wall_clock ? "00:00:00" : "-0000.0 s").x;
  if (file_.active) {
    ui::seconds_from_ticks(shown.start_s(), shown.end_s, 0.0, plot.w, label_px, [](double) { return 0.0; }, &time_ticks_);
  } else if (wall_clock) {
    ui::wall_clock_ticks(shown.start_s(), shown.end_s, plot.w, label_px,
                         [this](double t) { return history_.wall_ms_at_time(t); },
                         &time_ticks_);
  } else {
    // On screen: seconds before the newest sound; in an export: seconds from its start.
    const double reference_s = exporting ? shown.start_s() : newest_time_s();
    ui::seconds_from_ticks(shown.start_s(), shown.end_s, reference_s, plot.w, label_px,
                           [this](double t) { return history_.wall_ms_at_time(t); }, &time_ticks_);
  }
  axis_labels_.clear();
  for (const ui::Tick& t : time_ticks_) axis_labels_.emplace_back(t.position, t.label);

  ui::PlotInputs inputs;
  inputs.layout = &layout_;
  inputs.scale = &display_scale_;
  inputs.settings = &settings_;
  inputs.time_ticks = &time_ticks_;
  if (exporting) {
    const double start_wall_ms = history_.wall_ms_at_time(shown.start_s());
    char milliseconds[8];
    std::snprintf(milliseconds, sizeof milliseconds, ".%03d", int(std::fmod(start_wall_ms, 1000.0)));
    export_time_title_ = start_wall_ms > 0 ? "seconds from " + ui::format_clock(start_wall_ms, 1) + milliseconds : "seconds";
  }
  inputs.time_title = file_.active                                              ? "seconds into the file"
                      : wall_clock                                                ? "time of day"
                      : exporting                                               ? export_time_title_.c_str()
                      : shown.live                                              ? "seconds ago"
                                                                                : "seconds before the newest sound";
  inputs.columns = columns;
  inputs.spectrum_db = hold_.live();
  inputs.peak_hold_db = hold_.held();
  inputs.row_offsets_db = row_offsets_.size() == std::size_t(rows) ? row_offsets_.data() : nullptr;
  inputs.rows = rows;
  // Lanes as analysed (the picture's rows are the store's; a new row count is analysed again).
  inputs.lanes = lanes_for(rows).count;
  inputs.lane_names[0] = lane_name(0);
  inputs.lane_names[1] = lane_name(1);
  inputs.pitch_trace = trace_.data();
  inputs.pitch_points = int(trace_.size());
  inputs.wave_min = picture.width() == columns ? picture.wave_min() : nullptr;
  inputs.wave_max = picture.width() == columns ? picture.wave_max() : nullptr;
  inputs.caption = exporting ? export_caption_.c_str() : "";
  if (!exporting && !ImGui::GetIO().WantCaptureMouse) {
    inputs.pointer_x = ImGui::GetIO().MousePos.x;
    inputs.pointer_y = ImGui::GetIO().MousePos.y;
  }
  ui::draw_plot(inputs);
  draw_timeline_overlays(exporting);

  const ImGuiIO& io = ImGui::GetIO();
  if (!exporting && !io.WantCaptureMouse && plot.contains(io.MousePos.x, io.MousePos.y) && drag_.kind == Drag::Kind::kNone)
    ui::draw_readout(readout_at(io.MousePos.x, io.MousePos.y), io.MousePos.x, io.MousePos.y,
                     controls_.touch ? float(ui::kTouchTargetCssPx * 1.5) * controls_.css_px : 0.0f);

  ImGui::Render();
  glViewport(0, 0, width, height);
  const float* ground = ui::palette(settings_.theme).clear_rgb;
  glClearColor(ground[0], ground[1], ground[2], 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  layer.draw(int(plot.x), height - int(plot.y) - rows, columns, rows, picture.plan().left_texel,
             picture.plan().texels_per_pixel, settings_.min_db, settings_.max_db, settings_.colormap);
  glViewport(0, 0, width, height);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  view_ = saved;
  imgui_io.DisplaySize = screen_size;

  act(actions);
}

}  // namespace app
