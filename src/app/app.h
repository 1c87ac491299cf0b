// app.h: owns everything and runs the frame: capture -> analysis (audio clock, time budget) ->
// new columns into the ring texture -> spectrogram + ImGui overlay; and the scripting API.
// Does: turn settings into configuration, keep per-column bookkeeping (which analysed frame each
//       column shows, waveform extremes), drain the ring from a timer when the tab is hidden,
//       measure fps / frame time / latency, export PNGs.
// Does not: contain DSP (dsp/), GL object code (render/) or widget code (ui/).
// Allocation: none per frame in the analysis and upload path (buffers are sized on configure).
#pragma once
#include <emscripten/val.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "app/audio_input.h"
#include "app/platform.h"
#include "dsp/analyzer.h"
#include "dsp/peak.h"
#include "render/export_target.h"
#include "render/spectrogram_layer.h"
#include "settings/settings.h"
#include "ui/controls.h"
#include "ui/plot_view.h"

namespace app {

class App {
 public:
  // Sets up WebGL2, ImGui and the analyzer. On failure shows the reason and stays inert.
  bool init();
  void frame();             // one display frame (requestAnimationFrame)
  void background_tick();   // timer: keeps analysing while the tab is hidden

  // Scripting API (see bindings.cpp and README).
  void start_capture(emscripten::val resolve, emscripten::val reject);
  void stop_capture();
  std::string settings_json() const;
  std::string apply_settings(emscripten::val entries);
  emscripten::val latest_frame() const;
  emscripten::val peak() const;
  emscripten::val stats() const;
  void export_png(emscripten::val resolve, emscripten::val reject);
  void audio_event(const std::string& name, int session, emscripten::val payload);
  // Restores settings from local storage, then from the link (the link wins). Untrusted: each
  // bad value falls back to its default and is named in the returned notice ("" if none).
  std::string load_settings(emscripten::val stored_entries, emscripten::val link_entries);

 private:
  struct Measure {  // a small ring of recent values for medians; never allocates after creation
    std::vector<float> values = std::vector<float>(256, 0.0f);
    mutable std::vector<float> sorted = std::vector<float>(256, 0.0f);
    std::size_t count = 0;
    void add(float v) { values[count++ % values.size()] = v; }
    float quantile(double q) const;
  };

  void apply(const settings::Settings& next);
  void persist_settings() const;  // URL hash (no new history entry) and local storage
  void configure_analysis();
  void configure_display(int columns, int rows);
  void rebuild_columns();
  void analyze(double budget_ms);
  void on_frame_analysed(std::uint64_t frame_end_abs, double read_time_ms, std::uint64_t write_index);
  // Uploads one column: `rows_db` for history frame `frame`, or a gap marker (kGapColumn).
  void push_column(const float* rows_db, std::int64_t frame);
  // The display range actually used: fmax capped at Nyquist; the whole band if the setting lies
  // above Nyquist (then `*whole_band` is set).
  std::pair<double, double> display_range(bool* whole_band) const;
  void clear_history();
  void set_fonts(double pixel_ratio);
  void render(bool exporting);
  void show_message(const std::string& text, const char* kind = "error");
  void handle_shortcut(int key_code);
  void finish_export();
  double seconds_per_column() const;
  ui::Readout readout_at(float x, float y) const;

  Platform platform_;
  AudioInput audio_;
  dsp::Analyzer analyzer_;
  dsp::PeakFinder peak_finder_;
  render::SpectrogramLayer layer_;
  render::ExportTarget export_target_;
  settings::Settings settings_;
  ui::ControlsState controls_;
  ui::Layout layout_;
  std::string init_failure_;
  bool ready_ = false;
  bool paused_ = false;
  double sample_rate_hz_ = 48000;

  // Input staging buffer (wasm memory the ring reader copies into).
  std::vector<float> input_;
  std::uint64_t samples_read_ = 0;      // absolute index of the next sample to analyse
  std::uint64_t last_dropped_ = 0;
  std::uint64_t frames_analyzed_ = 0;   // since start, across reconfigurations
  float wave_min_acc_ = 0, wave_max_acc_ = 0;
  double sum_squares_ = 0;
  std::size_t sum_count_ = 0;
  float input_rms_ = 0;

  // Per analysed frame (indexed by history frame number % capacity): waveform extremes.
  std::vector<float> frame_wave_min_, frame_wave_max_;
  // Per texture column: the history frame number shown there (-1 empty, kGapColumn marker).
  static constexpr std::int64_t kGapColumn = -2;
  std::vector<std::int64_t> column_frame_;
  // Oldest-first copies for drawing.
  std::vector<float> wave_min_view_, wave_max_view_;
  std::vector<float> spectrum_view_, peak_hold_, peak_hold_age_s_;
  mutable std::vector<float> scratch_rows_;  // one frame mapped to rows (rebuilds, hover readout)
  double status_time_ms_ = -1e9;             // the status text is refreshed 4 times a second

  // Latency: ring-entry times (ms) of frames analysed this display frame, drawn at frame end.
  std::vector<double> pending_entry_ms_;
  Measure latency_ms_, frame_ms_, analysis_ms_;  // analysis_ms_: capture + analysis + upload
  double last_frame_time_ms_ = 0, fps_ = 0, fps_window_start_ms_ = 0;
  int fps_frames_ = 0;

  emscripten::val start_resolve_ = emscripten::val::undefined();
  emscripten::val start_reject_ = emscripten::val::undefined();
  std::vector<std::pair<emscripten::val, emscripten::val>> export_waiters_;
  bool export_requested_by_button_ = false;
  double font_pixel_ratio_ = 0;
};

}  // namespace app
