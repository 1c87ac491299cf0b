// multires.cpp: see multires.h for the design.
// Band sample m of band b is centred on input sample g_b(m) = 2^b m + c_b with
// c_b = -(kDelay - 1)(2^b - 1) (each half-band stage outputs y[m] when input 2m+1 arrives,
// centred kDelay samples back), and exists once 2^b (m + 1) input samples have been pushed.
#include "dsp/multires.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "dsp/level.h"

namespace dsp {
namespace {

constexpr double kSemitoneWindowCycles = 50.0;  // a window of 50/f s resolves a semitone at f
constexpr int kStageOffset = HalfbandDecimator::kDelay - 1;

std::int64_t band_offset(int decimation) { return -std::int64_t(kStageOffset) * (decimation - 1); }

std::size_t next_power_of_two(std::size_t n) {
  std::size_t p = 1;
  while (p < n) p <<= 1;
  return p;
}

}  // namespace

int multires_band_count(double sample_rate_hz) {
  int count = 1;
  while (count < kMaxBands && kBandWindow * double(1 << (count - 1)) / sample_rate_hz < kLongestWindowSeconds) ++count;
  return count;
}

ConfigError MultiResolution::configure(const MultiResConfig& config) {
  ok_ = false;
  column_db_.clear();
  infos_.clear();
  band_count_ = 0;
  if (!(config.sample_rate_hz > 0) || !std::isfinite(config.sample_rate_hz)) return ConfigError::kSampleRateInvalid;
  if (config.hop_frames < 1) return ConfigError::kHopOutOfRange;
  if (config.rows < 1 || config.rows > kMaxRows) return ConfigError::kRowCountOutOfRange;
  if (!std::isfinite(config.min_db)) return ConfigError::kLevelRangeInvalid;
  if (config.window_param != 0 && !window_param_valid(config.window, config.window_param))
    return ConfigError::kWindowParamInvalid;
  if (config.reassign && !window_suits_reassignment(config.window)) return ConfigError::kWindowUnsuitedForReassignment;
  const double nyquist = config.sample_rate_hz / 2;
  ConfigError error = scale_.configure(config.scale, config.fmin_hz, std::min(config.fmax_hz, nyquist));
  if (error != ConfigError::kNone) return error;
  config_ = config;
  const double param = config.window_param == 0 ? window_default_param(config.window) : config.window_param;

  band_count_ = multires_band_count(config.sample_rate_hz);

  window_ = make_window(config.window, kBandWindow, param);
  frame_.assign(kBandWindow, 0.0f);
  fft_in_.assign(kBandWindow, 0.0f);
  fft_out_.assign(kBandWindow + 2, 0.0f);
  bin_db_.assign(kBandWindow / 2 + 1, config.min_db);
  if (!fft_.configure(kBandWindow)) return ConfigError::kFftSizeOutOfRange;
  const double sum = window_stats(window_.data(), kBandWindow).sum;
  db_interior_ = float(10.0 * std::log10(4.0 / (sum * sum)));
  db_edge_ = float(10.0 * std::log10(1.0 / (sum * sum)));
  lobe_.configure(window_.data(), kBandWindow, kBandWindow);

  // Latency: the hops until every band's frame for a column exists (see frame_start()).
  double worst = 0;
  for (int b = 1; b < band_count_; ++b) {
    const int d = 1 << b;
    worst = std::max(worst, -kBandWindow / 2.0 - double(band_offset(d)) + d * (kBandWindow / 2.0) + d / 2.0);
  }
  latency_columns_ = int(std::ceil(worst / config.hop_frames - 1e-9));

  const int longest = kBandWindow << (band_count_ - 1);
  reach_ = config.reassign ? longest / (2 * config.hop_frames) : 0;
  for (int b = 0; b < band_count_; ++b) {
    Band& band = bands_[std::size_t(b)];
    band.decimation = 1 << b;
    // Samples a band must keep: from its frame for column i - latency back to the newest.
    const double span = (double(latency_columns_ + 1) * config.hop_frames + kBandWindow) / band.decimation;
    band.ring.assign(next_power_of_two(std::size_t(span) + 2 * kBandWindow + 8), 0.0f);
    const double band_rate = config.sample_rate_hz / band.decimation;
    if (config.reassign) {
      error = band.reassigner.configure(kBandWindow, kBandWindow, config.window, param, config.options);
    } else {
      RowMapperConfig rows;
      rows.rows = config.rows;
      rows.scale = config.scale;
      rows.fmin_hz = scale_.fmin_hz();
      rows.fmax_hz = scale_.fmax_hz();
      rows.fft_size = kBandWindow;
      rows.sample_rate_hz = band_rate;
      rows.lobe = lobe_;
      error = band.mapper.configure(rows);
    }
    if (error != ConfigError::kNone) return error;
    BandInfo info;
    info.decimation = band.decimation;
    info.window_s = kBandWindow * double(band.decimation) / config.sample_rate_hz;
    const double f_b = kSemitoneWindowCycles / info.window_s;
    info.low_hz = b == band_count_ - 1 ? 0.0 : f_b;
    info.high_hz = b == 0 ? nyquist : std::min(nyquist, 4 * f_b);
    info.latency_s = (band.decimation * (kBandWindow / 2.0) - double(band_offset(band.decimation))) / config.sample_rate_hz;
    infos_.push_back(info);
  }

  // Per row: its band pair and weight.
  row_band_.assign(std::size_t(config.rows), 0);
  row_weight_.assign(std::size_t(config.rows), 1.0f);
  band_rows_.assign(std::size_t(band_count_), std::vector<float>(std::size_t(config.rows), config.min_db));
  for (int b = 0; b < band_count_; ++b) bands_[std::size_t(b)].first_row = config.rows, bands_[std::size_t(b)].row_count = 0;
  for (int r = 0; r < config.rows; ++r) {
    const double hz = scale_.to_hz((r + 0.5) / config.rows);
    int b = 0;
    while (b < band_count_ - 1 && band_weight(b, hz) <= 0) ++b;
    row_band_[std::size_t(r)] = b;
    row_weight_[std::size_t(r)] = float(band_weight(b, hz));
    for (int used : {b, b + 1}) {
      if (used >= band_count_ || (used == b + 1 && row_weight_[std::size_t(r)] >= 1)) continue;
      Band& band = bands_[std::size_t(used)];
      band.first_row = std::min(band.first_row, r);
      band.row_count = r - band.first_row + 1;
    }
  }
  if (config.reassign) {
    error = plane_.configure(config.rows, 2 * reach_ + 2, config.min_db);
    if (error != ConfigError::kNone) return error;
  }
  column_db_.assign(std::size_t(config.rows), config.min_db);
  ok_ = true;
  reset();
  return ConfigError::kNone;
}

double MultiResolution::band_weight(int band, double hz) const {
  if (band < 0 || band >= band_count_) return 0.0;
  const double f = kSemitoneWindowCycles / infos_[std::size_t(band)].window_s;  // f_b
  if (band < band_count_ - 1 && hz < 2 * f) return hz <= f ? 0.0 : std::log2(hz / f);  // rises from f_b
  if (band > 0 && hz > 2 * f) return hz >= 4 * f ? 0.0 : 1.0 - std::log2(hz / (2 * f));  // falls to 4 f_b
  return 1.0;
}

void MultiResolution::reset() {
  for (int b = 0; b < band_count_; ++b) {
    Band& band = bands_[std::size_t(b)];
    std::fill(band.ring.begin(), band.ring.end(), 0.0f);
    band.produced = 0;
    decimators_[std::size_t(b)].reset();
  }
  plane_.reset();
  samples_ = 0;
  column_index_ = -1;
  has_column_ = false;
  std::fill(column_db_.begin(), column_db_.end(), config_.min_db);
}

void MultiResolution::push(const float* samples, std::size_t count) {
  if (!ok_) return;
  for (std::size_t i = 0; i < count; ++i) {
    float x = sanitize_sample(samples[i]);  // as the STFT does: no NaN, Inf or denormal reaches a band
    for (int b = 0; b < band_count_; ++b) {
      Band& band = bands_[std::size_t(b)];
      band.ring[std::size_t(band.produced) & (band.ring.size() - 1)] = x;
      ++band.produced;
      if (b + 1 == band_count_ || !decimators_[std::size_t(b)].push(x, &x)) break;
    }
  }
  samples_ += std::int64_t(count);
}

double MultiResolution::sample_time(int band, double band_index) const {
  const int d = bands_[std::size_t(band)].decimation;
  return d * band_index + double(band_offset(d));
}

std::int64_t MultiResolution::frame_start(int band, std::int64_t column) const {
  const int d = bands_[std::size_t(band)].decimation;
  const double centre = double(column + 1) * config_.hop_frames - kBandWindow / 2.0;  // input samples
  const double centre_index = (centre - double(band_offset(d))) / d;
  return std::int64_t(std::llround(centre_index - kBandWindow / 2.0));
}

void MultiResolution::copy_frame(const Band& band, std::int64_t start) {
  const std::size_t mask = band.ring.size() - 1;
  for (int i = 0; i < kBandWindow; ++i) {
    const std::int64_t at = start + i;
    frame_[std::size_t(i)] = at >= 0 && at < band.produced ? band.ring[std::size_t(at) & mask] : 0.0f;
  }
}

void MultiResolution::end_hop(std::int64_t frame_index) {
  has_column_ = false;
  if (!ok_) return;
  const std::int64_t column = frame_index - latency_columns_;
  if (column < 0) return;
  for (int b = 0; b < band_count_; ++b) {  // every band's frame is in its ring (latency_columns_)
    [[maybe_unused]] const Band& band = bands_[std::size_t(b)];
    [[maybe_unused]] const std::int64_t start = frame_start(b, column);
    assert(start + kBandWindow <= band.produced && start >= band.produced - std::int64_t(band.ring.size()));
  }
  if (config_.reassign) {
    reassigned_frame(column);
    if (column >= reach_) {
      column_index_ = plane_.finish_oldest(column_db_.data());
      has_column_ = true;
    }
  } else {
    plain_column(column);
    column_index_ = column;
    has_column_ = true;
  }
}

void MultiResolution::plain_column(std::int64_t column) {
  for (int b = 0; b < band_count_; ++b) {
    Band& band = bands_[std::size_t(b)];
    if (band.row_count == 0) continue;
    copy_frame(band, frame_start(b, column));
    for (int i = 0; i < kBandWindow; ++i) fft_in_[std::size_t(i)] = frame_[std::size_t(i)] * window_[std::size_t(i)];
    fft_.transform(fft_in_.data(), fft_out_.data());
    spectrum_to_db(fft_out_.data(), bin_db_.size(), db_interior_, db_edge_, config_.min_db, bin_db_.data());
    band.mapper.map_rows(bin_db_.data(), band_rows_[std::size_t(b)].data(), band.first_row, band.row_count);
  }
  for (int r = 0; r < config_.rows; ++r) {
    const int b = row_band_[std::size_t(r)];
    const float w = row_weight_[std::size_t(r)];
    float db = band_rows_[std::size_t(b)][std::size_t(r)];
    if (w < 1) {  // written so that equal levels (the floor) blend to exactly themselves
      const float below = band_rows_[std::size_t(b + 1)][std::size_t(r)];
      db = below + w * (db - below);
    }
    column_db_[std::size_t(r)] = db;
  }
}

void MultiResolution::reassigned_frame(std::int64_t column) {
  const double centre = double(column + 1) * config_.hop_frames - kBandWindow / 2.0;
  const double rows = config_.rows;
  const double fmin = scale_.fmin_hz(), fmax = scale_.fmax_hz();
  const double lowest = double(column - reach_), highest = double(column + reach_);
  for (int b = 0; b < band_count_; ++b) {
    Band& band = bands_[std::size_t(b)];
    const std::int64_t start = frame_start(b, column);
    copy_frame(band, start);
    band.reassigner.analyse(frame_.data());
    const double frame_centre = sample_time(b, double(start) + kBandWindow / 2.0);
    const double hz_per_bin = config_.sample_rate_hz / band.decimation / kBandWindow;
    const ReassignedPoint* points = band.reassigner.points();
    for (std::size_t i = 0; i < band.reassigner.point_count(); ++i) {
      const ReassignedPoint& p = points[i];
      const double hz = double(p.bin) * hz_per_bin;
      if (!(hz >= fmin && hz <= fmax)) continue;
      const double weight = band_weight(b, hz);
      if (weight <= 0) continue;
      const double time = frame_centre + double(p.offset_samples) * band.decimation;
      const double at = std::clamp(double(column) + (time - centre) / config_.hop_frames, lowest, highest);
      plane_.add(at, scale_.to_unit(hz) * rows - 0.5, float(p.energy * weight));
    }
  }
}

}  // namespace dsp
