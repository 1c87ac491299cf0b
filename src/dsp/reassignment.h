// reassignment.h: time-frequency reassignment of STFT frames (Auger & Flandrin 1995), with the
//                 line/impulse pruning of Fulop & Fitz (2006).
// Does: for one frame of input samples, compute four spectra in one 4-lane FFT call: with the
//       window h, the time-ramped window (n - L/2) h, the window's derivative h' and the ramped
//       derivative (n - L/2) h'. From them, per bin k: its energy (calibrated so the bins of a
//       full-scale sine sum to 1, i.e. 0 dB), its reassigned time offset from the frame centre
//       Re(X_th / X_h) (samples), its reassigned frequency k - Im(X_h' / X_h) N / 2 pi (bins),
//       and the mixed phase derivative q = 1 + Re((X_th' X_h - X_h' X_th) / X_h^2), which is 0
//       for a line (a sinusoid) and 1 for an impulse. Points are dropped when quieter than the
//       relative gate, or (pruning) when q is further than the tolerance from both 0 and 1.
//       `Reassigner` then places every frame's points on the display plane (ColumnAccumulator)
//       at their reassigned time (fractional column) and frequency (fractional row on the
//       display scale) and hands out each column once no later frame can reach it.
// Does not: snap energy to bins or rows (Audacity's reassignment snaps to the nearest bin).
// Conventions: X(k) = sum_n x[n] w[n] exp(-j 2 pi k n / N), n = 0..L-1 within the frame, frame
//       centre at n = L/2 (the periodic window's centre of symmetry).
// Allocation: configure() only.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "dsp/column_accumulator.h"
#include "dsp/config_error.h"
#include "dsp/frequency_scale.h"
#include "dsp/real_fft4.h"
#include "dsp/window.h"

namespace dsp {

// Windows that taper to zero at both ends: the only ones whose derivative-window estimates are
// unbiased (a frame cut off where the window is not ~0 adds an edge term to X_h').
bool window_suits_reassignment(WindowKind kind);

struct ReassignmentOptions {
  float gate_db = 80.0f;          // points more than this below the frame's loudest bin are dropped; 0 = off
  bool prune = true;              // keep only lines (|q| <= tol) and impulses (|q - 1| <= tol)
  float prune_tolerance = 0.25f;  // Fulop & Fitz's tolerance
};

struct ReassignedPoint {
  float energy;          // sine units (a full-scale sine's bins sum to 1)
  float offset_samples;  // reassigned time minus the frame centre, in samples
  float bin;             // reassigned frequency in (fractional) bins of the transform
};

class FrameReassigner {
 public:
  // fft_size: power of two in [64, 65536]; window_length in [fft_size/16, fft_size]; a window
  // that suits reassignment; gate_db 0 or in [10, 200]; prune_tolerance in (0, 0.5].
  ConfigError configure(int fft_size, int window_length, WindowKind window, double window_param,
                        const ReassignmentOptions& options);
  // samples: window_length input samples of one frame, oldest first. Replaces points().
  void analyse(const float* samples);
  const ReassignedPoint* points() const { return points_.data(); }
  std::size_t point_count() const { return point_count_; }
  // Every bin's energy in the last frame before gating (bins 0..N/2), for conservation checks.
  double frame_energy() const { return frame_energy_; }
  int fft_size() const { return fft_size_; }
  int window_length() const { return window_length_; }
  bool ok() const { return fft_size_ > 0; }

 private:
  int fft_size_ = 0, window_length_ = 0;
  ReassignmentOptions options_;
  std::vector<float> windows_[4];  // h, (n - L/2) h, h', (n - L/2) h'
  std::vector<float> inputs_[4];   // fft_size each: windowed samples then zeros
  std::vector<float> spectra_[4];  // (N/2 + 1) complex each
  std::vector<float> energy_scale_;  // per bin: 4 / (N sum h^2), 2 / (...) at DC and Nyquist
  RealFft4 fft_;
  std::vector<ReassignedPoint> points_;
  std::size_t point_count_ = 0;
  double frame_energy_ = 0;
};

struct ReassignerConfig {
  int fft_size = 4096;
  int window_length = 0;          // 0 = fft_size
  WindowKind window = WindowKind::kHann;
  double window_param = 0;
  int hop_frames = 1024;          // samples between frames (= between display columns)
  double sample_rate_hz = 48000;
  int rows = 512;                 // display rows over [fmin, fmax] on `scale`
  ScaleKind scale = ScaleKind::kLog;
  double fmin_hz = 20, fmax_hz = 20000;
  float min_db = -200.0f;         // what an empty cell reads
  ReassignmentOptions options;
};

// One STFT's frames reassigned onto display columns (one column per frame, same hop).
class Reassigner {
 public:
  ConfigError configure(const ReassignerConfig& config);
  void reset();
  // Adds frame `frames_added()` (window_length samples, oldest first). When that lets the
  // oldest open column be finished, has_column() is true and column_db() holds it (rows()
  // values, dB per row: the energy that landed there).
  void add_frame(const float* samples);
  bool has_column() const { return has_column_; }
  const float* column_db() const { return column_db_.data(); }
  std::int64_t column_index() const { return column_index_; }  // == the frame index it belongs to
  std::int64_t frames_added() const { return frames_added_; }
  // Columns a frame can reach on either side (its energy stays within +- reach columns of its
  // centre); a column is finished `reach` frames after its own. Added latency: reach x hop.
  int reach_columns() const { return reach_; }
  const FrameReassigner& frame() const { return frame_; }
  const ColumnAccumulator& plane() const { return plane_; }
  bool ok() const { return ok_; }

 private:
  ReassignerConfig config_;
  FrameReassigner frame_;
  ColumnAccumulator plane_;
  FrequencyScale scale_;
  std::vector<float> column_db_;
  int reach_ = 0;
  double hz_per_bin_ = 0;
  std::int64_t frames_added_ = 0, column_index_ = -1;
  bool has_column_ = false, ok_ = false;
};

}  // namespace dsp
