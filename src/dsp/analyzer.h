// analyzer.h: the whole analysis pipeline in one object: STFT -> calibrated dB -> history ->
//             display rows. This is what the app drives and what the benchmark measures.
// Does: validate one configuration for every stage; push samples, and for each completed frame
//       store it in the history and map it onto display rows.
// Does not: allocate after configure(); know about time budgets, threads or drawing.
#pragma once
#include <cstddef>
#include <vector>

#include "dsp/history.h"
#include "dsp/row_mapper.h"
#include "dsp/stft.h"

namespace dsp {

struct AnalyzerConfig {
  StftConfig stft;                 // min_db here is the floor of every level
  float max_db = 0.0f;             // ceiling of the display range (dBFS); must exceed stft.min_db
  int rows = 512;                  // display rows
  ScaleKind scale = ScaleKind::kLog;
  double fmin_hz = 20;             // display range; fmax is capped at Nyquist
  double fmax_hz = 20000;
  std::size_t history_frames = 1024;  // frames kept for readouts and export
};

// Validates every stage's part of the configuration (first error wins).
ConfigError validate(const AnalyzerConfig& config);

class Analyzer {
 public:
  ConfigError configure(const AnalyzerConfig& config);
  void reset();  // forget input and history, keep configuration
  // Changes only the display mapping (rows, scale, range); keeps the STFT state and history.
  ConfigError set_display(int rows, ScaleKind scale, double fmin_hz, double fmax_hz);

  // Like Stft::push: consumes until one frame completes; on completion the frame is in the
  // history and rows_db() holds its display rows.
  std::size_t push(const float* samples, std::size_t count);
  // Marks that input was lost before the next frame (shown as a gap in the display).
  void mark_gap() { gap_pending_ = true; }

  bool ok() const { return error_ == ConfigError::kNone; }
  ConfigError error() const { return error_; }
  bool has_frame() const { return stft_.has_frame(); }
  const float* rows_db() const { return rows_db_.data(); }
  const Stft& stft() const { return stft_; }
  const RowMapper& mapper() const { return mapper_; }
  const History& history() const { return history_; }
  const AnalyzerConfig& config() const { return config_; }

 private:
  AnalyzerConfig config_;
  ConfigError error_ = ConfigError::kFftSizeOutOfRange;
  Stft stft_;
  LobeShape lobe_;  // of the STFT's window, handed to every mapper
  RowMapper mapper_;
  History history_;
  std::vector<float> rows_db_;
  bool gap_pending_ = false;
};

}  // namespace dsp
