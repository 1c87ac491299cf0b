// row_mapper.cpp: plan building (configure) and the per-frame resampling (map).
#include "dsp/row_mapper.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

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

// A peak bin: at least as loud as both neighbours and louder than one of them (a flat stretch,
// such as silence at the floor, is not a peak and is never lifted).
inline bool is_peak(const Neighbours& n) {
  return n.centre >= n.left && n.centre >= n.right && n.centre > std::min(n.left, n.right);
}

using LobeFit = RowMapper::LobeFit;

// The tone a peak bin belongs to, from the window's lobe shape: its position relative to the
// bin (in bins, towards the louder neighbour) and its level. The lift above the bin is at most
// lobe.max_lift_db(), since the offset never exceeds half a bin.
inline LobeFit fit_lobe(const Neighbours& n, const LobeShape& lobe) {
  const bool right_louder = n.right >= n.left;
  const float offset = lobe.offset_from_drop(n.centre - (right_louder ? n.right : n.left));
  return {right_louder ? offset : -offset, n.centre - lobe.db_at(offset)};
}

// One frame seen as a continuous curve. Why the cache: neighbouring rows look at the same
// peak bins again and again (rows are much denser than bins at the low end of a log scale),
// and fitting a lobe costs far more than reading it back.
class FrameCurve {
 public:
  FrameCurve(const float* db, int last, const LobeShape& lobe, LobeFit* fits, std::uint32_t* stamps, std::uint32_t stamp)
      : db_(db), last_(last), lobe_(lobe), fits_(fits), stamps_(stamps), stamp_(stamp) {}

  // The curve at a fractional bin position: between bins j and j+1 it follows the lobe of
  // whichever of them is a peak, otherwise the straight line between them. It passes through
  // every bin value, so it is continuous.
  float at(float position) {
    const int j = int(position);
    if (j >= last_) return db_[last_];
    const float t = position - float(j);
    const Neighbours at_j = neighbours(db_, j, last_), at_next = neighbours(db_, j + 1, last_);
    const bool peak_j = is_peak(at_j), peak_next = is_peak(at_next);
    if (!peak_j && !peak_next) return at_j.centre + t * (at_next.centre - at_j.centre);
    float value = peak_j ? lobe_at(j, at_j, t) : at_next.centre;
    if (peak_next) value = std::max(value, lobe_at(j + 1, at_next, t - 1.0f));
    return value;
  }

  // If bin k is a peak whose tone lies in [lo, hi], raises `best` to the tone's level.
  void include_vertex(int k, float lo, float hi, float* best) {
    if (k < 0 || k > last_) return;
    const Neighbours n = neighbours(db_, k, last_);
    if (!is_peak(n)) return;
    const LobeFit& f = fit(k, n);
    const float position = float(k) + f.offset_bins;
    if (position >= lo && position <= hi) *best = std::max(*best, f.peak_db);
  }

 private:
  const LobeFit& fit(int k, const Neighbours& n) {
    if (stamps_[k] != stamp_) {
      fits_[k] = fit_lobe(n, lobe_);
      stamps_[k] = stamp_;
    }
    return fits_[k];
  }
  // The lobe of peak bin k at offset x (in bins) from k, kept between its lowest neighbour
  // and its peak.
  float lobe_at(int k, const Neighbours& n, float x) {
    const LobeFit& f = fit(k, n);
    const float lowest = std::min(n.centre, std::min(n.left, n.right));
    return std::clamp(f.peak_db + lobe_.db_at(x - f.offset_bins), lowest, f.peak_db);
  }

  const float* db_;
  int last_;
  const LobeShape& lobe_;
  LobeFit* fits_;
  std::uint32_t* stamps_;
  std::uint32_t stamp_;
};

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
  fits_.assign(std::size_t(last_bin_index_ + 1), LobeFit{0.0f, 0.0f});
  fit_stamps_.assign(std::size_t(last_bin_index_ + 1), 0u);
  fit_stamp_ = 0;
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

void RowMapper::map_rows(const float* bin_db, float* row_db, int first_row, int count) const {
  if (!ok_) return;
  first_row = std::clamp(first_row, 0, config_.rows);
  count = std::clamp(count, 0, config_.rows - first_row);
  row_db += first_row;
  const int last = last_bin_index_;
  if (++fit_stamp_ == 0) {  // after 2^32 frames: forget every stamp rather than trust an old one
    std::fill(fit_stamps_.begin(), fit_stamps_.end(), 0u);
    fit_stamp_ = 1;
  }
  FrameCurve curve(bin_db, last, config_.lobe, fits_.data(), fit_stamps_.data(), fit_stamp_);
  for (auto it = plan_.begin() + first_row, end = it + count; it != end; ++it) {
    const RowPlan& row = *it;
    // The maximum of the continuous curve over [low_bin, high_bin]: its ends, the whole bins
    // inside (with the loudest lifted to its peak), and a neighbour's peak spilling in.
    float best = std::max(curve.at(row.low_bin), curve.at(row.high_bin));
    if (row.first_bin <= row.last_bin) {
      int loudest = row.first_bin;
      for (int k = row.first_bin + 1; k <= row.last_bin; ++k)
        if (bin_db[k] > bin_db[loudest]) loudest = k;
      best = std::max(best, bin_db[loudest]);
      curve.include_vertex(loudest, row.low_bin, row.high_bin, &best);
    }
    curve.include_vertex(row.first_bin - 1, row.low_bin, row.high_bin, &best);
    curve.include_vertex(row.last_bin + 1, row.low_bin, row.high_bin, &best);
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
