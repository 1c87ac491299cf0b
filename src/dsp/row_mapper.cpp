// row_mapper.cpp: plan building (configure) and the per-frame resampling (map).
#include "dsp/row_mapper.h"

#include <algorithm>
#include <cmath>

namespace dsp {
namespace {

// The three bins around k, mirroring at DC and Nyquist (a real signal's spectrum is symmetric).
struct Neighbours {
  float left, centre, right;
};
inline Neighbours neighbours(const float* db, int k, int last) {
  const int left = k == 0 ? 1 : k - 1;
  const int right = k == last ? last - 1 : k + 1;
  return {db[left], db[k], db[right]};
}

// Why a cap: a parabola through a cliff (a loud bin beside a floored one) overshoots by tens of
// dB. A real window's main lobe never peaks more than its scalloping loss (Hann 1.42 dB, worst
// common case 3.9 dB rectangular) above its loudest bin, so the lift is limited to this much.
constexpr float kMaxPeakLiftDb = 2.0f;

inline bool is_local_max(const Neighbours& n) { return n.centre >= n.left && n.centre >= n.right; }

// Bin k's parabola at offset x (in bins) from k, kept within the physically possible range.
inline float parabola_at(const Neighbours& n, float x) {
  const float slope = 0.5f * (n.right - n.left);
  const float curve = 0.5f * (n.left + n.right) - n.centre;  // half the second difference
  const float value = n.centre + x * (slope + x * curve);
  const float lowest = std::min(n.centre, std::min(n.left, n.right));
  const float highest = std::max(n.centre, std::max(n.left, n.right));
  return std::clamp(value, lowest, highest + kMaxPeakLiftDb);
}

// The continuous spectrum at a fractional bin position: between bins j and j+1 it follows the
// parabola of whichever of them is a local maximum (the main lobe of a peak), otherwise the
// straight line between them. It passes through every bin value, so it is continuous.
inline float curve_at(const float* db, int last, float position) {
  const int j = int(position);
  if (j >= last) return db[last];
  const float t = position - float(j);
  const Neighbours at_j = neighbours(db, j, last), at_next = neighbours(db, j + 1, last);
  const bool peak_j = is_local_max(at_j), peak_next = is_local_max(at_next);
  if (!peak_j && !peak_next) return at_j.centre + t * (at_next.centre - at_j.centre);
  float value = peak_j ? parabola_at(at_j, t) : at_next.centre;
  if (peak_next) value = std::max(value, parabola_at(at_next, t - 1.0f));
  return value;
}

// If bin k is a local maximum whose interpolated peak lies in [lo, hi], raises `best` to it.
inline void include_vertex(const float* db, int last, int k, float lo, float hi, float* best) {
  if (k < 0 || k > last) return;
  const Neighbours n = neighbours(db, k, last);
  if (!is_local_max(n)) return;
  const float curve = 0.5f * (n.left + n.right) - n.centre;
  if (!(curve < 0)) return;
  const float vertex = -0.25f * (n.right - n.left) / curve;
  const float position = float(k) + vertex;
  if (position >= lo && position <= hi) *best = std::max(*best, parabola_at(n, vertex));
}

}  // namespace

ConfigError RowMapper::configure(const RowMapperConfig& config) {
  ok_ = false;
  plan_.clear();
  if (config.rows < 1 || config.rows > kMaxRows) return ConfigError::kRowCountOutOfRange;
  if (config.fft_size < 2 || (config.fft_size & (config.fft_size - 1)) != 0)
    return ConfigError::kFftSizeNotPowerOfTwo;
  if (!(config.sample_rate_hz > 0) || !std::isfinite(config.sample_rate_hz))
    return ConfigError::kSampleRateInvalid;
  const ConfigError scale_error = scale_.configure(config.scale, config.fmin_hz, config.fmax_hz);
  if (scale_error != ConfigError::kNone) return scale_error;

  config_ = config;
  last_bin_index_ = config.fft_size / 2;
  const double hz_per_bin = config.sample_rate_hz / config.fft_size;
  const float last = float(last_bin_index_);
  plan_.resize(std::size_t(config.rows));
  for (int r = 0; r < config.rows; ++r) {
    RowPlan& row = plan_[std::size_t(r)];
    row.low_bin = std::min(last, float(scale_.to_hz(double(r) / config.rows) / hz_per_bin));
    row.high_bin = std::min(last, float(scale_.to_hz(double(r + 1) / config.rows) / hz_per_bin));
    row.first_bin = int(std::ceil(row.low_bin));
    // Bins strictly below the upper edge belong to this row; the top row also owns its edge.
    row.last_bin = int(std::ceil(row.high_bin)) - 1;
    if (r == config.rows - 1) row.last_bin = int(std::floor(row.high_bin));
  }
  ok_ = true;
  return ConfigError::kNone;
}

void RowMapper::map(const float* bin_db, float* row_db) const {
  if (!ok_) return;
  const int last = last_bin_index_;
  for (const RowPlan& row : plan_) {
    // The maximum of the continuous curve over [low_bin, high_bin]: its ends, the whole bins
    // inside (with the loudest lifted to its peak), and a neighbour's peak spilling in.
    float best = std::max(curve_at(bin_db, last, row.low_bin), curve_at(bin_db, last, row.high_bin));
    if (row.first_bin <= row.last_bin) {
      int loudest = row.first_bin;
      for (int k = row.first_bin + 1; k <= row.last_bin; ++k)
        if (bin_db[k] > bin_db[loudest]) loudest = k;
      best = std::max(best, bin_db[loudest]);
      include_vertex(bin_db, last, loudest, row.low_bin, row.high_bin, &best);
    }
    include_vertex(bin_db, last, row.first_bin - 1, row.low_bin, row.high_bin, &best);
    include_vertex(bin_db, last, row.last_bin + 1, row.low_bin, row.high_bin, &best);
    *row_db++ = best;
  }
}

double RowMapper::row_low_hz(int row) const { return scale_.to_hz(double(row) / rows()); }
double RowMapper::row_high_hz(int row) const { return scale_.to_hz(double(row + 1) / rows()); }
double RowMapper::row_center_hz(int row) const { return scale_.to_hz((row + 0.5) / rows()); }

int RowMapper::row_of_hz(double hz) const {
  if (!ok_) return 0;
  const double position = std::floor(scale_.to_unit(hz) * rows());
  return int(std::clamp(position, 0.0, double(rows() - 1)));
}

}  // namespace dsp
