// stft.cpp: the exact-hop STFT. See stft.h for the contract.
#include "dsp/stft.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "dsp/level.h"

namespace dsp {
namespace {

bool is_power_of_two(int n) { return n > 0 && (n & (n - 1)) == 0; }

int resolved_window_length(const StftConfig& config) {
  return config.window_length == 0 ? config.fft_size : config.window_length;
}

}  // namespace

ConfigError validate(const StftConfig& config) {
  if (!is_power_of_two(config.fft_size)) return ConfigError::kFftSizeNotPowerOfTwo;
  if (config.fft_size < kMinFftSize || config.fft_size > kMaxFftSize)
    return ConfigError::kFftSizeOutOfRange;
  const int window_length = resolved_window_length(config);
  if (window_length < 1 || window_length > config.fft_size ||
      window_length * kMaxZeroPadding < config.fft_size)
    return ConfigError::kWindowLengthOutOfRange;
  if (config.hop_frames < 1 || config.hop_frames > window_length) return ConfigError::kHopOutOfRange;
  if (config.window_param != 0 && !window_param_valid(config.window, config.window_param))
    return ConfigError::kWindowParamInvalid;
  if (!(config.sample_rate_hz > 0) || !std::isfinite(config.sample_rate_hz))
    return ConfigError::kSampleRateInvalid;
  if (!std::isfinite(config.min_db)) return ConfigError::kLevelRangeInvalid;
  return ConfigError::kNone;
}

Stft::Stft() { error_ = ConfigError::kFftSizeOutOfRange; }
Stft::~Stft() = default;

ConfigError Stft::configure(const StftConfig& config) {
  error_ = validate(config);
  // Why release everything first: a refused configuration must leave an inert object, and an
  // accepted one must carry no state (samples, counters) from the previous configuration.
  fft_.configure(0);
  window_.clear();
  input_ring_.clear();
  frame_samples_.clear();
  fft_in_.clear();
  fft_out_.clear();
  frame_db_.clear();
  if (error_ != ConfigError::kNone) {
    reset();
    return error_;
  }
  config_ = config;
  config_.window_length = resolved_window_length(config);
  if (config_.window_param == 0) config_.window_param = window_default_param(config_.window);

  const std::size_t n = std::size_t(config_.fft_size);
  const std::size_t length = std::size_t(config_.window_length);
  window_ = make_window(config_.window, length, config_.window_param);
  input_ring_.assign(length, 0.0f);
  frame_samples_.assign(length, 0.0f);
  fft_in_.assign(n, 0.0f);
  fft_out_.assign(2 * (n / 2 + 1), 0.0f);
  frame_db_.assign(n / 2 + 1, config_.min_db);
  fft_.configure(int(n));

  window_sum_ = window_stats(window_.data(), length).sum;
  bin_hz_ = config_.sample_rate_hz / double(n);
  db_offset_interior_ = float(10.0 * std::log10(4.0 / (window_sum_ * window_sum_)));
  db_offset_edge_ = float(10.0 * std::log10(1.0 / (window_sum_ * window_sum_)));
  reset();
  return error_;
}

void Stft::reset() {
  std::fill(input_ring_.begin(), input_ring_.end(), 0.0f);
  std::fill(frame_samples_.begin(), frame_samples_.end(), 0.0f);
  std::fill(frame_db_.begin(), frame_db_.end(), config_.min_db);
  ring_write_ = 0;
  since_frame_ = 0;
  has_frame_ = false;
  frame_end_sample_ = 0;
  samples_pushed_ = 0;
  frames_emitted_ = 0;
  nonfinite_samples_ = 0;
}

std::size_t Stft::push(const float* samples, std::size_t count) {
  has_frame_ = false;
  if (!ok() || samples == nullptr) return 0;
  const std::size_t length = input_ring_.size();
  const std::size_t hop = std::size_t(config_.hop_frames);
  const std::size_t take = std::min(count, hop - since_frame_);
  for (std::size_t i = 0; i < take; ++i) {
    const float x = samples[i];
    const float clean = sanitize_sample(x);
    if (!std::isfinite(x)) ++nonfinite_samples_;
    input_ring_[ring_write_] = clean;
    if (++ring_write_ == length) ring_write_ = 0;
  }
  since_frame_ += take;
  samples_pushed_ += take;
  if (since_frame_ == hop) {
    since_frame_ = 0;
    frame_end_sample_ = samples_pushed_;
    compute_frame();
    ++frames_emitted_;
    has_frame_ = true;
  }
  return take;
}

void Stft::compute_frame() {
  const std::size_t length = input_ring_.size();
  // Unroll the ring oldest-first, then apply the window; fft_in_[length..n) stays zero.
  const std::size_t older = length - ring_write_;
  std::copy(input_ring_.begin() + std::ptrdiff_t(ring_write_), input_ring_.end(), frame_samples_.begin());
  std::copy(input_ring_.begin(), input_ring_.begin() + std::ptrdiff_t(ring_write_),
            frame_samples_.begin() + std::ptrdiff_t(older));
  const float* samples = frame_samples_.data();
  const float* window = window_.data();
  float* out = fft_in_.data();
  for (std::size_t i = 0; i < length; ++i) out[i] = samples[i] * window[i];

  fft_.transform(fft_in_.data(), fft_out_.data());

  // DC and Nyquist have no negative-frequency twin: their amplitude is |X| / sum(w).
  spectrum_to_db(fft_out_.data(), frame_db_.size(), db_offset_interior_, db_offset_edge_, config_.min_db,
                 frame_db_.data());
}

}  // namespace dsp
