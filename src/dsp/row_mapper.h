// row_mapper.h: resamples one frame of FFT bins (dB) onto R display rows over [fmin, fmax].
// Does: treat the spectrum as a continuous curve and give each row the maximum of that curve
//       over the row's frequency span. Around each peak bin the curve is the window's own main
//       lobe (LobeShape) fitted through the bin and its louder neighbour; between other bins it
//       is a straight line in dB. Where many bins share a row this is the loudest bin, lifted to
//       its interpolated peak; where rows are denser than bins it interpolates. A pure tone
//       therefore never falls between rows or reads low by the window's scalloping loss, for
//       every window, and no bin is ever lifted by more than that loss (LobeShape::max_lift_db).
// Does not: allocate per frame (the per-row plan and the per-bin cache are sized by configure()).
// Threading: map() is const but keeps a per-bin cache of lobe fits: one thread per mapper.
// Row 0 is the lowest frequency (fmin); row R-1 the highest.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "dsp/config_error.h"
#include "dsp/frequency_scale.h"
#include "dsp/lobe_shape.h"

namespace dsp {

constexpr int kMaxRows = 16384;

struct RowMapperConfig {
  int rows = 512;                // display rows, [1, kMaxRows]
  ScaleKind scale = ScaleKind::kLog;
  double fmin_hz = 20;           // bottom edge of row 0
  double fmax_hz = 20000;        // top edge of row R-1; positions past Nyquist read the Nyquist bin
  int fft_size = 4096;           // of the frames to be mapped (power of two)
  double sample_rate_hz = 48000;
  LobeShape lobe;                // the analysis window's main lobe (default: Hann, no padding)
};

class RowMapper {
 public:
  // On error the mapper is inert: map() writes nothing.
  ConfigError configure(const RowMapperConfig& config);
  // bin_db: fft_size/2+1 values; row_db: rows() values.
  void map(const float* bin_db, float* row_db) const { map_rows(bin_db, row_db, 0, rows()); }
  // Only rows [first_row, first_row + count): row_db[first_row..] is written, nothing else.
  void map_rows(const float* bin_db, float* row_db, int first_row, int count) const;

  bool ok() const { return ok_; }
  int rows() const { return ok_ ? config_.rows : 0; }
  const FrequencyScale& scale() const { return scale_; }
  // The frequency span of a row, and the frequency at its centre.
  double row_low_hz(int row) const;
  double row_high_hz(int row) const;
  double row_center_hz(int row) const;
  // The row whose span holds `hz` (clamped to [0, rows-1]).
  int row_of_hz(double hz) const;

 public:
  struct LobeFit {  // a peak bin's tone: offset from the bin (bins) and level (dB)
    float offset_bins, peak_db;
  };

 private:
  struct RowPlan {
    float low_bin;   // fractional bin position of the row's lower edge
    float high_bin;  // ... of its upper edge
    int first_bin;   // first whole bin inside [low_bin, high_bin), or > last_bin if none
    int last_bin;
  };
  RowMapperConfig config_;
  FrequencyScale scale_;
  std::vector<RowPlan> plan_;
  int last_bin_index_ = 0;  // fft_size / 2
  // Lobe fits of the frame being mapped, valid where fit_stamps_[k] == fit_stamp_.
  mutable std::vector<LobeFit> fits_;
  mutable std::vector<std::uint32_t> fit_stamps_;
  mutable std::uint32_t fit_stamp_ = 0;
  bool ok_ = false;
};

}  // namespace dsp
