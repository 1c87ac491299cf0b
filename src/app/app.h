// app.h: owns everything and runs the frame: capture (every channel kept on one clock) ->
// analysis in the chosen mode and pitch (audio clock, time budget) -> display columns into the
// column store -> the picture of the visible span (texels pooled from the store) ->
// spectrogram + ImGui overlay; re-analysis of the kept audio after a settings change; the
// timeline (freeze, scroll, zoom, selection, replay); exports; and the scripting API
// (app_api.cpp).
// Does: turn settings into configuration (within dsp/analysis_limits.h), pump the ring into the
//       analysis from display frames and from wake-ups while the tab is hidden, recover from a
//       frame that was interrupted by an exception, export WAV, CSV and PNG.
// Does not: contain DSP (dsp/), the timeline's data and maths (timeline/), file formats (io/),
//       capture policy (capture/), GL object code (render/), widget code (ui/), texel bookkeeping
//       (picture.h), peak hold (spectrum_hold.h) or measurements (metrics.h).
// Threading: main thread only; the page's JavaScript calls frame() on every animation frame and
//       wake() from a timer, each inside a try/catch (web/main.js), so an exception thrown in a
//       frame never stops the loop.
// Allocation: none per frame in the analysis and upload path (buffers are sized on configure).
#pragma once
#include <emscripten/val.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "app/audio_input.h"
#include "app/picture.h"
#include "app/metrics.h"
#include "app/platform.h"
#include "app/spectrum_hold.h"
#include "capture/pump.h"
#include "dsp/analysis_limits.h"
#include "dsp/analyzer.h"
#include "dsp/lane_analyzer.h"
#include "dsp/peak.h"
#include "dsp/pitch.h"
#include "render/export_target.h"
#include "render/spectrogram_layer.h"
#include "settings/analysis_plan.h"
#include "settings/settings.h"
#include "timeline/audio_history.h"
#include "timeline/column_store.h"
#include "timeline/reanalysis.h"
#include "timeline/view.h"
#include "ui/controls.h"
#include "ui/plot_view.h"

// Which wasm build this is ("simd" or "scalar"), set by CMake.
#ifndef SPECTRO_BUILD_NAME
#define SPECTRO_BUILD_NAME "unknown"
#endif

namespace app {

using settings::kAnalysisFloorDb;  // the analysis floor; the display floor is a setting

// A file's picture: the whole file, at most this much (a longer file is analysed at a longer
// hop, then pooled). With the file's kept audio (file_session.cpp) and the decoders' garbage
// this keeps the page under 400 MB for an hour-long recording.
inline constexpr std::size_t kFileColumnBytes = 80u << 20;

// The samples [first, last) of a span in seconds on the recording clock (to the nearest sample:
// the same for play and every export).
struct SampleSpan {
  std::uint64_t first = 0, last = 0;
};
inline SampleSpan samples_of(double from_s, double to_s, double sample_rate_hz) {
  return {std::uint64_t(std::llround(from_s * sample_rate_hz)), std::uint64_t(std::llround(to_s * sample_rate_hz))};
}

// Every kept channel of samples [first, last).
inline std::vector<std::vector<float>> kept_channels(const timeline::AudioHistory& history, std::uint64_t first, std::uint64_t last) {
  std::vector<std::vector<float>> channels(std::size_t(history.channels()), std::vector<float>(std::size_t(last - first)));
  for (int c = 0; c < history.channels(); ++c) history.read(c, first, std::size_t(last - first), channels[std::size_t(c)].data());
  return channels;
}
// The drawn parts of a layout as {name, x, y, width, height, kind: 'region'} items, in units of
// `ratio` pixels (layout() and the PNG export's regions).
void push_regions(const ui::Layout& layout, double ratio, emscripten::val* items);
// A JavaScript Error with `message` (for rejected promises).
inline emscripten::val js_error(const std::string& message) { return emscripten::val::global("Error").new_(message); }
// Columns an analysis starts before the first one it keeps, so that one is whole: the window,
// twice the mode's latency, and a margin (live restarts and a file's detail alike).
inline std::int64_t analysis_lead_columns(int window_length, int hop_frames, int latency_columns) {
  return (window_length + hop_frames - 1) / hop_frames + 2 * std::int64_t(latency_columns) + 2;
}

class App {
 public:
  // Sets up WebGL2, ImGui and the analyzer. On failure shows the reason and stays inert.
  bool init();
  // One display frame (requestAnimationFrame). True while background work (re-analysis of the
  // kept audio) remains: the page then calls wake() between frames.
  bool frame();
  // A wake-up between frames (a timer, also while the tab is hidden, or a message the page
  // posts): watches the input; when no display frame is draining the ring, drains one slice;
  // runs one slice of re-analysis. True when work remains (the page then calls again at once,
  // in a new task, without waiting for the next throttled timer).
  bool wake();
  // Work that goes on between display frames (the page then posts wake-ups): the kept audio
  // analysed again, a file's stream, a long file's detail being read.
  bool background_work_pending() const {
    return reanalysis_.active() || file_.streaming || detail_.state == FileDetail::State::kReading;
  }

  // Scripting API (see bindings.cpp and README).
  void start_capture(emscripten::val resolve, emscripten::val reject);
  void stop_capture();
  std::string settings_json() const;
  std::string apply_settings(emscripten::val entries);
  emscripten::val latest_frame() const;
  emscripten::val latest_column() const;
  emscripten::val peak() const;
  emscripten::val pitch() const;
  emscripten::val pitch_track(double seconds) const;
  emscripten::val stats() const;
  // Exports of a span ({fromSec, toSec}; the selection, else the visible view, when absent):
  // promises of Blobs.
  void export_png(emscripten::val options, emscripten::val resolve, emscripten::val reject);
  void export_wav(emscripten::val options, emscripten::val resolve, emscripten::val reject);
  void export_csv(emscripten::val options, emscripten::val resolve, emscripten::val reject);
  // The timeline: what is on screen, moving it, one column, selection and replay.
  emscripten::val view() const;
  std::string set_view(emscripten::val partial);
  emscripten::val column_at(double time_s) const;
  std::string select(double from_s, double to_s);
  std::string play(bool loop);
  void stop_playback();
  emscripten::val axis() const;  // the time axis's labels as drawn (tests)
  // The hover readout at CSS pixel (x, y) from the canvas's top left, as drawn: {hz, db, snapped,
  // note, cents, timeSec} or null outside the picture.
  emscripten::val readout(double x_css, double y_css) const;
  emscripten::val layout() const;  // [{name, x, y, width, height}] of the controls on screen, CSS px
  void audio_event(const std::string& name, int session, emscripten::val payload);
  // Restores settings from local storage, then from the link (the link wins). Untrusted: each
  // bad value falls back to its default and is named in the returned notice ("" if none).
  std::string load_settings(emscripten::val stored_entries, emscripten::val link_entries, bool phone);
  // Edits settings exactly as the Settings panel does (applied in the next frame, through the
  // same code as an ImGui control). For tests that drive the UI path; "" or the error.
  std::string ui_edit(emscripten::val entries);
  // Seconds of audio the capture ring holds from the next start (tests shorten it).
  void set_ring_seconds(double seconds) { audio_.set_ring_seconds(seconds); }
  // Benchmarks: fills the kept audio with `seconds` of a synthetic signal (two tones and noise,
  // both channels) as if captured just now, then analyses it again as after a settings change.
  // Capture must be stopped and a sample rate known (capture started once). "" or why not.
  std::string fill_history_for_benchmarks(double seconds);

  // Files (file_session.cpp): a recording decoded by the page (web/file-open.js) becomes the
  // timeline. `info`: {name, format, sampleRate, channels, durationSec, exact, reread}. Stops
  // capture and playback, sizes the kept audio and the picture for the file; "" or why not
  // (nothing is changed then). Its audio is then pulled with SpectrogramFile.read().
  std::string file_begin(emscripten::val info);
  // The page's part of stats().file: what the app knows of the open file (null when none).
  emscripten::val file_stats() const;
  // The page's stream of the file ended without its end (a re-read that failed): stop waiting.
  void file_stop();
  // Presets (settings/presets.h): applies one by name, as its button does; "" or the error.
  std::string apply_preset(const std::string& name);
  // Auto range: the dB floor and ceiling from the levels in view (the loudest at the top
  // colour, the quietest tenth at the bottom); "" or why not.
  std::string auto_range();
  // A toolbar action by name, as its button does (the page's accessible buttons): "freeze",
  // "live", "clear", "png", "wav", "csv", "settings", "help", "play"; "" or the error.
  std::string command(const std::string& name);

 private:
  void apply(const settings::Settings& next);
  void persist_settings() const;  // URL hash and local storage (coalesced by the page)
  // The analysis (live analyzer, column store, re-analysis of the kept audio) for the current
  // settings and plot; the live analysis restarts aligned to the hop on the history's clock.
  void configure_analysis();
  void configure_display(int columns, int rows);
  // The kept audio for this rate and channel count (cleared when either changes).
  void configure_history(int channels);
  // [SECTION] files (file_session.cpp)
  // Pulls decoded audio from the page for up to `budget_ms`; true while more is waiting.
  bool pump_file(double budget_ms);
  void take_file_block(std::size_t frames);  // left_/right_ sanitised, mono_ the analysed channel
  // A long file's detail (file_detail.cpp): ask for one when the view needs it, analyse it.
  void update_file_detail(int plot_width_px);
  bool pump_file_detail(double budget_ms);
  // `lane_samples`: one pointer per lane; `wave`: the analysed channel (its waveform extremes).
  void analyse_detail(const float* const* lane_samples, const float* wave, std::size_t count);
  void drop_file_detail();
  bool detail_covers(double from_s, double to_s) const;  // a finished detail holds that span
  double detail_seconds_per_column() const;
  double detail_column_zero_s() const;
  // The columns that show [from_s, to_s]: a long file's detail where it holds all of it, else
  // the store; column j sits at zero_s + (j + 0.5) seconds_per_column.
  struct ColumnSource {
    const timeline::ColumnStore* store;
    double seconds_per_column, zero_s;
    std::int64_t index_at(double t) const { return std::int64_t(std::floor((t - zero_s) / seconds_per_column)); }
    double time_of(std::int64_t j) const { return zero_s + (double(j) + 0.5) * seconds_per_column; }
  };
  ColumnSource column_source(double from_s, double to_s) const;
  ColumnSource overview_source() const { return {&store_, seconds_per_column(), column_zero_s()}; }
  emscripten::val file_detail_stats() const;
  void push_file_audio(std::size_t frames);  // left_/right_ hold `frames` of the file
  void finish_file();                        // the stream ended (whole, cut off or cancelled)
  // The overview's last columns (the analysis stops a window and the mode's latency short of
  // the end): finished on silence after the file's end, up to the last column centred in it.
  void finish_file_end_columns();
  // Whether the kept audio holds the whole file at this store resolution, so a settings change
  // can re-analyse it from memory; otherwise the file is read again.
  bool file_kept_whole() const;
  void request_file_reread();
  // A long file's overview: a longer hop and/or pooled columns so its picture fits the budget.
  void plan_file_overview(settings::AnalysisPlan* plan);
  double file_frames_to_plan() const;
  // Stored columns of a file: the maximum over `pool` analysis columns (a long file's overview
  // fits the memory budget); 1 for live capture.
  void pool_column(std::int64_t analysis_index, const float* rows_db);
  std::string file_caption_input() const;
  std::string audio_kept_error(double from_s) const;  // "" when the span's sound is kept  // "song.flac (FLAC, 44.1 kHz, 2 channels, 3:12)"
  void describe_limits();
  void describe_mode();
  void update_row_offsets();  // weighting + tilt per display row, to the layer and the spectrum
  // Pumps the ring into the analysis for up to `budget_ms`; true if a backlog remains.
  bool analyze(double budget_ms);
  // Interleaved stereo frames from the ring: kept, then every lane analysed.
  void consume(const float* interleaved, std::size_t floats);
  // Pushes samples of every lane into the live analyzer; `live`: they just arrived (counted,
  // pitch estimated), not a replay of kept audio to restart the analysis.
  void analyse_lanes(const float* const* lane_samples, std::size_t count, bool live);
  // The one channel analysed for the waveform, the pitch and the peak (history reads: 0, 1 or
  // timeline::kMixChannel; the mix when each channel is shown).
  int analysis_channel() const;
  // The channels the picture's lanes show: the analysed channel, or left above right.
  timeline::LaneChannels lane_channels() const;
  // mono_ = the analysed channel of the chunk in left_/right_ (`frames` of it).
  void fill_analysed_channel(std::size_t frames);
  // Where each lane's samples of the chunk in left_/right_/mono_ are (see take_file_block).
  void lane_inputs(const float** lane_samples) const;
  // Reads [at, at + count) of the kept audio for every lane (and mono_, the analysed channel)
  // into the scratch; `lane_samples` then point at it.
  void read_lanes(std::uint64_t at, std::size_t count, const float** lane_samples);
  // Silence for every lane (and mono_): `count` zeros in the scratch; `lane_samples` then point
  // at it. What finishes the last columns of a file past its end.
  void silence_lanes(std::size_t count, const float** lane_samples);
  // The frequency at the centre of display row `row` (its lane's mapping), NaN in a seam.
  double row_center_hz(int row) const;
  const char* lane_name(int lane) const;  // "left", "right", or "" with one lane
  // The lanes of a store of `rows` rows: the analysis's when it has those rows, else one lane
  // (a store not yet analysed again after a change of height).
  dsp::Lanes lanes_for(int rows) const;
  void on_frame_analysed();
  void feed_pitch(const float* samples, std::size_t count);  // estimates every 5 ms of input
  void on_column_finished();
  // Stores column `index` of the history's clock, with its waveform extremes and gap flag.
  void store_column(std::int64_t index, const float* rows_db);
  // Continues the re-analysis for up to `budget_ms`; true while it has work.
  bool continue_reanalysis(double budget_ms);
  void run_after_reanalysis();  // the exports that waited for it, once it is done
  // Samples from a column's end to the centre of what it shows (half the window; in the
  // multi-resolution modes half a band window: every band is centred there).
  double column_content_offset_samples() const;
  void build_pitch_trace();
  // The display range actually used: fmax capped at Nyquist; the whole band if the setting lies
  // above Nyquist (then `*whole_band` is set).
  void clear_history();
  // interface.cpp: the layout, font and style for the screen (rebuilt when the pixel ratio or
  // the layout changes), and acting on what the controls report.
  void update_interface_style();
  void act(const ui::ControlsActions& actions);
  void render(bool exporting);
  void update_status();
  // Finishes a frame that an exception interrupted (ImGui's stacks, the bound framebuffer,
  // pending exports), so the next frame starts clean.
  void recover_interrupted_frame();
  void show_message(const std::string& text, const char* kind = "error", const char* tag = "");
  void clear_message(const char* tag);
  void handle_shortcut(int key_code);
  void finish_export();
  double seconds_per_column() const;
  double column_zero_s() const;                  // where column 0 starts on the clock (see plan_texels)
  double column_time_s(std::int64_t index) const;  // the centre of what column `index` shows
  std::int64_t column_near(double time_s) const;
  double newest_time_s() const;                  // the right edge of the newest column
  double oldest_time_s() const;                  // the start of the oldest kept audio
  // [SECTION] timeline helpers (view, gestures, selection, playback, exports)
  void update_view();                            // live edge, clamps
  void handle_gestures(const Platform::Gestures& gestures);
  void zoom_time_about(double factor, double x_px);
  void zoom_frequency_about(double factor, double y_px);
  void scroll_pixels(double dx_px);
  double time_at_x(double x_px) const;
  double x_at_time(double time_s) const;
  // The span an export covers: options' {fromSec, toSec}, else the selection, else the view;
  // clipped to what is kept. False (and an error) when nothing is left.
  bool export_span(emscripten::val options, double* from_s, double* to_s, std::string* error) const;
  // export_span(), and on failure a message (no reject: a button) or the rejected promise.
  bool export_span_or_report(emscripten::val options, emscripten::val reject, double* from_s, double* to_s);
  ui::Readout readout_at(float x, float y) const;
  void draw_timeline_overlays(bool exporting);   // gaps, selection, playhead, re-analysis note
  void export_file_by_button(const char* extension);  // WAV or CSV of the selection or view, downloaded
  // The pitch estimate nearest `sample` (within 20 ms), or nullptr.
  const dsp::PitchEstimate* pitch_near(double sample) const;

  Platform platform_;
  AudioInput audio_;
  dsp::LaneAnalyzer analyzer_;  // one lane, or each channel stacked (dsp/lanes.h)
  dsp::AnalysisShape shape_;  // window and hop in use (settings within the limits)
  double content_offset_samples_ = 0;  // a column's last sample to its content's centre
  dsp::PeakFinder peak_finder_;
  dsp::PitchTracker pitch_;
  std::size_t pitch_fill_frames_ = 0;  // frames fed since the last pitch estimate
  dsp::FrequencyScale display_scale_;  // the rows' scale, with the settings' A4 (labels, readouts)
  std::vector<float> row_offsets_;     // dB added per display row (weighting, tilt)
  std::vector<ui::TracePoint> trace_;  // the pitch trace of this frame (reserved on resize)
  std::unique_ptr<capture::Pump> pump_;
  render::SpectrogramLayer layer_;
  render::ExportTarget export_target_;
  Picture picture_;
  timeline::AudioHistory history_;
  timeline::ColumnStore store_;
  timeline::Reanalysis reanalysis_;
  timeline::View view_;
  std::uint64_t live_origin_ = 0;      // history frame of the live analyzer's first sample
  std::int64_t live_first_column_ = 0;  // the first column the live analyzer makes whole
  std::vector<float> left_, right_, mono_;  // one chunk de-interleaved, and the analysed channel
  std::vector<float> wave_scratch_;         // a column's samples (its waveform extremes)
  mutable std::vector<float> readout_column_db_;  // the hovered column, from the store
  // The readout's snap to the nearest spectral peak: one window of kept audio at the hovered
  // column, transformed and searched near the pointer (timeline_ui.cpp). Sized on configure.
  mutable dsp::Stft readout_stft_;
  mutable dsp::PeakFinder readout_peak_finder_;
  mutable std::vector<float> readout_samples_;
  void configure_readout_peak();
  // The spectral peak of the kept audio centred at `time_s` within [fmin_hz, fmax_hz], from
  // the peak estimator (exact Hz and level); found = false when none is strictly inside.
  dsp::Peak peak_near(int channel, double time_s, double fmin_hz, double fmax_hz) const;
  // Where device-pixel height `y` falls on the picture: its lane (one per channel shown), the
  // display row and its place in the lane's frequency range (0 = fmin, 1 = fmax).
  struct LanePoint {
    int lane = 0, row = 0;
    double unit = 0;
  };
  LanePoint lane_point(float y) const;
  double lane_middle_y() const;  // the middle of the top lane (the whole plot with one lane)
  struct Selection {
    bool active = false;
    double from_s = 0, to_s = 0;
  } selection_;
  struct Drag {
    enum class Kind { kNone, kPan, kSelect } kind = Kind::kNone;
    double start_x = 0, start_time_s = 0, last_x = 0;
    double press_ms = 0;
    bool moved = false;
  } drag_;
  struct Playback {
    bool playing = false, loop = false;
    double from_s = 0, to_s = 0;
  } playback_;
  // Where the playback is on the recording clock (false when not playing or a single play has
  // ended).
  bool playhead_time_s(double* time_s) const;
  float input_rms_ = 0;                 // of the newest analysed frame's samples
  double longest_slice_ms_ = 0;         // the longest re-analysis slice (stats)
  double reanalysis_busy_ms_ = 0;       // the time its slices took in all (stats)
  double last_drawn_ms_ = 0;            // when a frame last drew
  double reanalysis_started_ms_ = 0, reanalysis_ms_ = 0;
  std::vector<std::pair<float, std::string>> axis_labels_;  // the time axis as last drawn
  SpectrumHold hold_;
  Metrics metrics_;
  settings::Settings settings_;
  ui::ControlsState controls_;
  ui::Layout layout_;
  std::string init_failure_;
  bool ready_ = false;
  bool frozen_ = false;  // Space: the view stops following the newest sound (capture goes on)
  bool in_frame_ = false;  // set while frame() runs; still set next time = it was interrupted
  double sample_rate_hz_ = 48000;

  std::uint64_t samples_read_ = 0;      // absolute index of the next sample to analyse
  std::uint64_t last_dropped_ = 0;
  std::uint64_t frames_analyzed_ = 0;   // since start, across reconfigurations
  // The ring's write index and the time when the current pump run began (for latency).
  std::uint64_t write_index_at_read_ = 0;
  double read_time_ms_ = 0;
  double status_time_ms_ = -1e9;             // the status text is refreshed 4 times a second
  std::vector<std::pair<std::string, std::string>> pending_ui_edits_;

  emscripten::val start_resolve_ = emscripten::val::undefined();
  emscripten::val start_reject_ = emscripten::val::undefined();
  struct ExportRequest {
    emscripten::val resolve = emscripten::val::undefined(), reject = emscripten::val::undefined();
    double from_s = 0, to_s = 0;
  };
  std::vector<ExportRequest> export_waiters_;
  // Exports of the analysis (PNG, CSV) asked for while the kept audio is analysed again: run
  // when it is done, so a file never mixes columns of the old and the new settings.
  std::vector<std::function<void()>> after_reanalysis_;
  bool export_requested_by_button_ = false;
  double export_from_s_ = 0, export_to_s_ = 0;  // the span being drawn for a PNG
  int export_width_px_ = 0, export_height_px_ = 0;
  std::string export_caption_;
  std::string export_time_title_;  // "seconds from 14:03:20"
  Picture export_picture_;
  render::SpectrogramLayer export_layer_;
  ui::Layout screen_layout_;            // the last screen layout (an export keeps its plot height)
  std::vector<ui::Tick> time_ticks_;    // the time axis of this frame
  double font_pixel_ratio_ = 0;
  ui::FormFactor font_form_ = ui::FormFactor::kDesktop;
  settings::Theme style_theme_ = settings::Theme::kDark;
  bool style_applied_ = false;
  // The last state told to the page (stateChanged), see update_status.
  enum class Announced { kNothing, kReadingFile, kFileOpen, kStarting, kStopped, kStalled, kFrozen, kListening };
  Announced announced_ = Announced::kNothing;

  struct OpenFile {
    bool active = false;      // a file is the timeline (until capture starts or Clear)
    bool streaming = false;   // its audio is still arriving
    bool finished = false;    // all of it arrived (whole, truncated or cancelled)
    bool rereading = false;   // read again after a settings change
    bool truncated = false, cancelled = false;
    std::string name, format;
    double duration_s = 0;    // as stated by the file (or estimated), then as decoded
    bool exact = false;       // duration_s is stated by the file, not estimated
    int channels = 0;         // in the file (the first two are kept)
    std::uint64_t frames = 0; // decoded so far
    int pool = 1;             // analysis columns per stored column
    int hop_factor = 1;       // the overview's hop over the settings' hop
    double busy_ms = 0;       // main-thread time in pump_file()
    double live_span_s = 10;  // the span setting before the file (restored when capture starts)
    int readings = 0;         // times it was read: 1, plus one per re-read after a change
    bool detail_unavailable = false;  // reading a part again failed (or cannot be done): not asked again
  } file_;
  // [file detail] a long file's zoomed view at the settings' own hop (file_detail.cpp).
  struct FileDetail {
    enum class State { kNone, kReading, kReady, kFailed };
    State state = State::kNone;
    double from_s = 0, to_s = 0;          // the range, seconds into the file
    bool from_memory = false;             // read from the kept audio (else the page reads the file)
    int hop_frames = 1;
    double content_offset_samples = 0;    // see column_content_offset_samples()
    std::uint64_t origin_frame = 0;       // the analysis's first frame (on the hop's grid)
    std::uint64_t next_frame = 0, end_frame = 0;
    std::int64_t first_column = 0;        // the first whole column
    std::vector<float> wave_min, wave_max;  // per-hop waveform extremes, a ring
    std::int64_t wave_bucket = -1;        // the hop the last sample fell in
    timeline::View seen;                  // the view at the last frame, and since when it stood still
    timeline::View declined{0, -1, false};  // the last view found too wide for a detail
    double still_since_ms = 0, started_ms = 0, took_ms = 0;
  } detail_;
  dsp::LaneAnalyzer detail_analyzer_;
  timeline::ColumnStore detail_store_;
  bool picture_shows_detail_ = false;
  std::int64_t pool_index_ = -1;   // the stored column being pooled
  std::vector<float> pool_db_;     // its rows so far
};

}  // namespace app
