// column_feed.h: what each column of the scrolling picture shows. Every finished display column
// of the analysis (dsp::Analyzer::columns(): one per analysed frame, in every mode) becomes one
// texture column (or, after lost input, a gap marker first); the feed remembers which column
// each texture column holds, and the waveform extremes of every analysed frame (column j spans
// frame j's hop, so both share one numbering), so the picture, the waveform strip and the hover
// readout agree and can be rebuilt from the column history.
// Does: upload new columns, rebuild all columns from the history (after a resize, a scale
//       change, a resume), give the oldest-first waveform extremes for drawing.
// Does not: analyse, or decide when to pause (the app does not call it while paused).
// Allocation: only in configure()/resize(); none per frame.
#pragma once
#include <cstdint>
#include <vector>

#include "dsp/analyzer.h"
#include "render/spectrogram_layer.h"

namespace app {

class ColumnFeed {
 public:
  static constexpr std::int64_t kEmpty = -1;
  static constexpr std::int64_t kGap = -2;

  // The analysis was (re)configured: its history holds `history_capacity` frames.
  void configure(std::size_t history_capacity);
  // The picture is now `columns` wide (the layer has been resized by the caller).
  void resize(int columns);

  // Samples just consumed by the analysis (their extremes go to the frame they complete).
  void note_samples(const float* samples, std::size_t count);
  // The analysis completed history frame `frame_number`: keep its waveform extremes.
  void frame_completed(std::uint64_t frame_number, std::size_t history_capacity);
  // Uploads the newest finished column (with a gap marker before it if input was lost).
  void push_newest(const dsp::Analyzer& analyzer, render::SpectrogramLayer* layer);
  // Clears the picture and redraws it from the analyzer's column history.
  void rebuild(const dsp::Analyzer& analyzer, render::SpectrogramLayer* layer);
  // Clears remembered waveform extremes (history cleared).
  void clear();

  // Column (= frame) number shown in picture column c (0 = oldest on screen), or kEmpty/kGap.
  std::int64_t frame_at(const render::SpectrogramLayer& layer, int c) const;
  // Refreshes and returns the oldest-first waveform extremes (NaN where unknown).
  void update_wave_views(const render::SpectrogramLayer& layer, const dsp::History& history);
  const float* wave_min() const { return wave_min_view_.data(); }
  const float* wave_max() const { return wave_max_view_.data(); }
  // RMS of the samples of the most recent complete frame (0 before any).
  float input_rms() const { return input_rms_; }

 private:
  void push(render::SpectrogramLayer* layer, const float* rows_db, std::int64_t frame);

  std::vector<float> frame_wave_min_, frame_wave_max_;  // per history slot
  std::vector<std::int64_t> column_frame_;              // per texture column
  std::vector<float> wave_min_view_, wave_max_view_;    // per picture column, oldest first
  float wave_min_acc_ = 1e30f, wave_max_acc_ = -1e30f;
  double sum_squares_ = 0;
  std::size_t sum_count_ = 0;
  float input_rms_ = 0;
};

}  // namespace app
