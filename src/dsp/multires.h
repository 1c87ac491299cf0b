// multires.h: the multi-resolution spectrogram: one STFT per octave-spaced band, each band's
//             window long enough to resolve a semitone at its lowest frequency, joined without
//             seams; optionally reassigned.
// Design (at sample rate fs, band window L = kBandWindow samples, B bands, b = 0 at the top):
//   - band b runs at fs / 2^b (a cascade of half-band decimators), so its window lasts
//     T_b = L 2^b / fs seconds and resolves semitones from f_b = 50 / T_b up (a Hann window of
//     50/f seconds separates partials a semitone apart with a dip of about 10 dB);
//   - B is the smallest count whose longest window is at least 0.95 s: semitones resolved down
//     to about 50 Hz (A1 = 55 Hz) at 44.1 or 48 kHz, with that band's latency (~0.7 s);
//   - every frequency is drawn from two neighbouring bands: band b's weight rises from 0 at f_b
//     to 1 at 2 f_b and falls back to 0 at 4 f_b, linear in log f, while band b+1's falls
//     over [f_b, 2 f_b] (so the weights sum to 1, and every band used resolves a semitone
//     there). Sines read the same level in every band (amplitude calibration, blend in dB), and
//     because the blend spans exactly the octave over which the resolution bandwidth doubles,
//     pink noise comes out flat: nothing steps at a band edge;
//   - all bands' frames of a display column are centred on the same instant (column j's centre
//     (j+1) hop - L/2, like band 0's frame ending at the column's end), so a click is one
//     column in every band; a column is therefore finished when its slowest band can be
//     computed: `latency_columns()` hops after its own frame.
//   - reassigned: each band's frame is reassigned (reassignment.h) and its energy, weighted
//     by the band's blend weight at the reassigned frequency, lands on one shared display
//     plane; a column is final when no band's later frame can reach it.
// Does not: allocate after configure(); know about the STFT the analyzer also runs.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "dsp/column_accumulator.h"
#include "dsp/config_error.h"
#include "dsp/frequency_scale.h"
#include "dsp/halfband.h"
#include "dsp/lobe_shape.h"
#include "dsp/real_fft.h"
#include "dsp/reassignment.h"
#include "dsp/row_mapper.h"
#include "dsp/window.h"

namespace dsp {

constexpr int kBandWindow = 512;      // samples per band frame, at the band's rate
constexpr int kMaxBands = 10;
constexpr double kLongestWindowSeconds = 0.95;

// Bands used at this rate: the fewest whose longest window lasts kLongestWindowSeconds.
int multires_band_count(double sample_rate_hz);

struct MultiResConfig {
  double sample_rate_hz = 48000;
  int hop_frames = 256;            // samples between display columns
  WindowKind window = WindowKind::kHann;
  double window_param = 0;
  int rows = 512;
  ScaleKind scale = ScaleKind::kLog;
  double fmin_hz = 20, fmax_hz = 20000;
  float min_db = -200.0f;
  bool reassign = false;
  ReassignmentOptions options;
};

struct BandInfo {
  int decimation = 1;         // 2^b
  double window_s = 0;        // T_b
  double low_hz = 0;          // lowest frequency it contributes to, f_b (0 for the lowest band)
  double high_hz = 0;         // highest, 4 f_b (Nyquist for the top band)
  double latency_s = 0;       // from a sound to this band's frame holding it at its centre
};

class MultiResolution {
 public:
  ConfigError configure(const MultiResConfig& config);
  void reset();
  // Feeds input samples (any count; the analyzer's, already sanitised).
  void push(const float* samples, std::size_t count);
  // Call after the samples up to the end of frame `frame_index` ((frame_index+1) hop) were
  // pushed. If a column is finished, has_column() is true and column_db() holds it (rows()
  // values); its index is column_index() (the frame whose hop it spans).
  void end_hop(std::int64_t frame_index);
  bool has_column() const { return has_column_; }
  const float* column_db() const { return column_db_.data(); }
  std::int64_t column_index() const { return column_index_; }
  // Hops from a frame's end until every band's frame for its column exists.
  int latency_columns() const { return latency_columns_; }
  // Reassigned: further hops until no later frame can reach a column (0 when plain).
  int reach_columns() const { return reach_; }
  const std::vector<BandInfo>& bands() const { return infos_; }
  // The weight of band b at frequency hz (the blend rule above).
  double band_weight(int band, double hz) const;
  bool ok() const { return ok_; }

 private:
  struct Band {
    int decimation = 1;
    std::vector<float> ring;   // band-rate samples, power-of-two capacity
    std::int64_t produced = 0; // band samples produced since reset
    RowMapper mapper;          // plain mode: this band's bins onto the display rows
    FrameReassigner reassigner;  // reassigned mode
    int first_row = 0, row_count = 0;  // rows it contributes to
  };
  // Band b's frame for column j: first band sample and its centre in input samples.
  std::int64_t frame_start(int band, std::int64_t column) const;
  double sample_time(int band, double band_index) const;  // input-sample time of a band sample
  void copy_frame(const Band& band, std::int64_t start);
  void plain_column(std::int64_t column);
  void reassigned_frame(std::int64_t column);

  MultiResConfig config_;
  FrequencyScale scale_;
  int band_count_ = 0;
  std::array<Band, kMaxBands> bands_;
  std::array<HalfbandDecimator, kMaxBands> decimators_;  // decimators_[b] makes band b+1 from band b
  std::vector<BandInfo> infos_;
  std::vector<float> window_;       // kBandWindow
  std::vector<float> frame_;        // kBandWindow samples (unwindowed), oldest first
  std::vector<float> fft_in_, fft_out_, bin_db_;
  RealFft fft_;
  LobeShape lobe_;
  float db_interior_ = 0, db_edge_ = 0;
  std::vector<int> row_band_;       // per row: the finer-time band b of its blend
  std::vector<float> row_weight_;   // per row: weight of band b (band b+1 has 1 - weight)
  std::vector<std::vector<float>> band_rows_;  // plain: per band, its rows in dB
  ColumnAccumulator plane_;         // reassigned
  int reach_ = 0;                   // reassigned: columns the longest band's frame reaches
  std::vector<float> column_db_;
  std::int64_t samples_ = 0;
  int latency_columns_ = 0;
  std::int64_t column_index_ = -1;
  bool has_column_ = false, ok_ = false;
};

}  // namespace dsp
