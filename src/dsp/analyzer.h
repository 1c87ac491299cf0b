// analyzer.h: the whole analysis pipeline in one object, in any analysis mode:
//             samples -> exact-hop STFT -> calibrated dB frames (history, at bin resolution)
//                     -> display columns (history, on display rows) from the mode's engine:
//             stft        each frame mapped onto the rows (row_mapper.h), no added latency;
//             reassigned  each frame's energy reassigned onto the rows (reassignment.h);
//             multires    octave bands of semitone-resolving STFTs, joined (multires.h);
//             multires-reassigned  the same bands, reassigned.
// The STFT runs in every mode (at the settings' FFT size and window) for the bin-resolution
// frame, the peak estimate and the readouts that want bins. Display column j always spans the
// hop of frame j (it ends at frame j's end sample); a mode may finish it some frames later
// (column_latency_frames()). This is what the app drives and what the benchmark measures.
// Does: validate one configuration for every stage; push samples; keep both histories.
// Does not: allocate after configure() or set_display(); know about time budgets or drawing.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "dsp/analysis_mode.h"
#include "dsp/history.h"
#include "dsp/multires.h"
#include "dsp/reassignment.h"
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
  std::size_t history_frames = 1024;  // frames (and columns) kept for readouts and redraws
  AnalysisMode mode = AnalysisMode::kStft;
  ReassignmentOptions reassignment;   // reassigned modes
};

// Validates every stage's part of the configuration (first error wins).
ConfigError validate(const AnalyzerConfig& config);

class Analyzer {
 public:
  ConfigError configure(const AnalyzerConfig& config);
  void reset();  // forget input and both histories, keep configuration
  // Changes only the display mapping (rows, scale, range). stft mode keeps its columns,
  // re-mapping the newest `remap_frames` frames from the bin history (older columns are
  // dropped); the other modes place energy on the rows as analysed, so they start their
  // columns afresh: the STFT and the mode restart from the next sample (frame ends and column
  // times stay on the same clock, samples_pushed(); the bin history is kept). Allocates (a
  // display change, not per frame).
  ConfigError set_display(int rows, ScaleKind scale, double fmin_hz, double fmax_hz, std::size_t remap_frames);

  // Like Stft::push: consumes until one frame completes. Then has_frame() is true (the frame
  // is in history()), and if the mode finished a column, has_column() is true (it is in
  // columns(), newest at age 0, and in column_db()).
  std::size_t push(const float* samples, std::size_t count);
  // Marks that input was lost before the next frame (its frame and column carry gap_before).
  void mark_gap() { gap_pending_ = true; }

  // Samples pushed since configure() or reset(): the clock of every FrameInfo::end_sample.
  std::uint64_t samples_pushed() const { return origin_sample_ + stft_.samples_pushed(); }

  bool ok() const { return error_ == ConfigError::kNone; }
  ConfigError error() const { return error_; }
  bool has_frame() const { return stft_.has_frame(); }
  bool has_column() const { return has_column_; }
  const float* column_db() const { return columns_.size() > 0 ? columns_.frame(0) : empty_column_.data(); }
  // Kept for callers that read "the newest display rows" (spectrum panel).
  const float* rows_db() const { return column_db(); }
  const Stft& stft() const { return stft_; }
  // The display mapping (its scale is the display's in every mode).
  const RowMapper& mapper() const { return mapper_; }
  const History& history() const { return history_; }   // frames: bin resolution
  const History& columns() const { return columns_; }   // columns: display rows; info = its frame's
  const AnalyzerConfig& config() const { return config_; }
  AnalysisMode mode() const { return config_.mode; }
  // Frames between a frame and its column being finished (0 in stft mode).
  int column_latency_frames() const;
  const MultiResolution& multires() const { return multires_; }
  const Reassigner& reassigner() const { return reassigner_; }
  // FFT points transformed per frame in this mode (the STFT's plus the mode's own).
  double transform_points_per_frame() const;

 private:
  ConfigError configure_mode();
  void push_column(const float* rows_db, std::int64_t frame_index);

  AnalyzerConfig config_;
  ConfigError error_ = ConfigError::kFftSizeOutOfRange;
  Stft stft_;
  LobeShape lobe_;  // of the STFT's window, handed to every mapper
  RowMapper mapper_;
  Reassigner reassigner_;
  MultiResolution multires_;
  History history_;
  History columns_;
  std::vector<float> mapped_;        // one frame on the rows (stft mode)
  std::vector<float> empty_column_;  // rows x floor, before the first column
  std::vector<FrameInfo> pending_;   // infos of frames whose columns are not finished yet
  std::uint64_t origin_sample_ = 0;  // samples pushed before the STFT's last restart
  bool gap_pending_ = false;
  bool has_column_ = false;
};

}  // namespace dsp
