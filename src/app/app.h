// app.h: owns everything and runs the frame: capture -> analysis in the chosen mode and pitch
// (audio clock, time budget) -> new columns into the ring texture -> spectrogram + ImGui
// overlay; and the scripting API (app_api.cpp).
// Does: turn settings into configuration (within dsp/analysis_limits.h), pump the ring into the
//       analysis from display frames and from wake-ups while the tab is hidden, recover from a
//       frame that was interrupted by an exception, export PNGs.
// Does not: contain DSP (dsp/), capture policy (capture/), GL object code (render/), widget code
//       (ui/), column bookkeeping (column_feed.h), peak hold (spectrum_hold.h) or measurements
//       (metrics.h).
// Threading: main thread only; the page's JavaScript calls frame() on every animation frame and
//       wake() from a timer, each inside a try/catch (web/main.js), so an exception thrown in a
//       frame never stops the loop.
// Allocation: none per frame in the analysis and upload path (buffers are sized on configure).
#pragma once
#include <emscripten/val.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "app/audio_input.h"
#include "app/column_feed.h"
#include "app/metrics.h"
#include "app/platform.h"
#include "app/spectrum_hold.h"
#include "capture/pump.h"
#include "dsp/analysis_limits.h"
#include "dsp/analyzer.h"
#include "dsp/peak.h"
#include "dsp/pitch.h"
#include "render/export_target.h"
#include "render/spectrogram_layer.h"
#include "settings/settings.h"
#include "ui/controls.h"
#include "ui/plot_view.h"

// Which wasm build this is ("simd" or "scalar"), set by CMake.
#ifndef SPECTRO_BUILD_NAME
#define SPECTRO_BUILD_NAME "unknown"
#endif

namespace app {

constexpr float kAnalysisFloorDb = -200.0f;  // the analysis floor; the display floor is a setting

// A JavaScript Error with `message` (for rejected promises).
inline emscripten::val js_error(const std::string& message) { return emscripten::val::global("Error").new_(message); }

class App {
 public:
  // Sets up WebGL2, ImGui and the analyzer. On failure shows the reason and stays inert.
  bool init();
  void frame();  // one display frame (requestAnimationFrame)
  // A timer wake-up (also while the tab is hidden): watches the input and, when no display
  // frame is draining the ring, drains one slice. True when the ring still holds a backlog (the
  // page then calls again at once, without waiting for the next throttled timer).
  bool wake();

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
  void export_png(emscripten::val resolve, emscripten::val reject);
  void audio_event(const std::string& name, int session, emscripten::val payload);
  // Restores settings from local storage, then from the link (the link wins). Untrusted: each
  // bad value falls back to its default and is named in the returned notice ("" if none).
  std::string load_settings(emscripten::val stored_entries, emscripten::val link_entries);
  // Edits settings exactly as the Settings panel does (applied in the next frame, through the
  // same code as an ImGui control). For tests that drive the UI path; "" or the error.
  std::string ui_edit(emscripten::val entries);
  // Seconds of audio the capture ring holds from the next start (tests shorten it).
  void set_ring_seconds(double seconds) { audio_.set_ring_seconds(seconds); }

 private:
  void apply(const settings::Settings& next);
  void persist_settings() const;  // URL hash and local storage (coalesced by the page)
  void configure_analysis();
  void configure_display(int columns, int rows);
  void describe_limits();
  void describe_mode();
  void update_row_offsets();  // weighting + tilt per display row, to the layer and the spectrum
  // Pumps the ring into the analysis for up to `budget_ms`; true if a backlog remains.
  bool analyze(double budget_ms);
  void consume(const float* samples, std::size_t count);
  void on_frame_analysed();
  void on_column_finished();
  // Samples from a column's end to the centre of what it shows (half the window; in the
  // multi-resolution modes half a band window: every band is centred there).
  double column_content_offset_samples() const;
  void build_pitch_trace();
  // The display range actually used: fmax capped at Nyquist; the whole band if the setting lies
  // above Nyquist (then `*whole_band` is set).
  std::pair<double, double> display_range(bool* whole_band) const;
  void clear_history();
  void set_fonts(double pixel_ratio);
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
  ui::Readout readout_at(float x, float y) const;
  // The pitch estimate nearest `sample` (within 20 ms), or nullptr.
  const dsp::PitchEstimate* pitch_near(double sample) const;

  Platform platform_;
  AudioInput audio_;
  dsp::Analyzer analyzer_;
  dsp::AnalysisShape shape_;  // window and hop in use (settings within the limits)
  dsp::PeakFinder peak_finder_;
  dsp::PitchTracker pitch_;
  std::uint64_t samples_at_last_pitch_ = 0;
  dsp::FrequencyScale display_scale_;  // the rows' scale, with the settings' A4 (labels, readouts)
  std::vector<float> row_offsets_;     // dB added per display row (weighting, tilt)
  std::vector<ui::TracePoint> trace_;  // the pitch trace of this frame (reserved on resize)
  std::unique_ptr<capture::Pump> pump_;
  render::SpectrogramLayer layer_;
  render::ExportTarget export_target_;
  ColumnFeed columns_;
  SpectrumHold hold_;
  Metrics metrics_;
  settings::Settings settings_;
  ui::ControlsState controls_;
  ui::Layout layout_;
  std::string init_failure_;
  bool ready_ = false;
  bool paused_ = false;
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
  std::vector<std::pair<emscripten::val, emscripten::val>> export_waiters_;
  bool export_requested_by_button_ = false;
  double font_pixel_ratio_ = 0;
};

}  // namespace app
