// reassignment.cpp: see reassignment.h for the method and conventions.
#include "dsp/reassignment.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "dsp/stft.h"

namespace dsp {
namespace {

constexpr double kPi = 3.14159265358979323846;
// Below this |X_h|^2 (about -300 dB re a full-scale bin) a bin carries no usable phase.
constexpr float kTinyBinPower = 1e-30f;

// The derivative of a periodic window, in units of 1/sample: a fourth-order central difference
// around the circle (the window is DFT-even, so its periodic extension is smooth where it
// tapers to zero). Relative error ~ (2 pi m / L)^4 / 30 for a cosine term m: negligible.
std::vector<float> window_derivative(const std::vector<float>& w) {
  const std::size_t n = w.size();
  std::vector<float> d(n, 0.0f);
  if (n < 5) return d;
  for (std::size_t i = 0; i < n; ++i) {
    const double m2 = w[(i + n - 2) % n], m1 = w[(i + n - 1) % n], p1 = w[(i + 1) % n], p2 = w[(i + 2) % n];
    d[i] = float((-p2 + 8.0 * p1 - 8.0 * m1 + m2) / 12.0);
  }
  return d;
}

}  // namespace

bool window_suits_reassignment(WindowKind kind) {
  switch (kind) {
    case WindowKind::kHann:
    case WindowKind::kBlackman:
    case WindowKind::kBlackmanHarris:
    case WindowKind::kNuttall:
    case WindowKind::kKaiser:
      return true;
    default:  // rectangular, Hamming (8 % at its ends), flat-top (negative lobes), Gaussian (4 % at its ends)
      return false;
  }
}

// [SECTION] one frame

ConfigError FrameReassigner::configure(int fft_size, int window_length, WindowKind window, double window_param,
                                       const ReassignmentOptions& options) {
  fft_size_ = window_length_ = 0;
  points_.clear();
  point_count_ = 0;
  if ((fft_size & (fft_size - 1)) != 0 || fft_size < kMinFftSize || fft_size > kMaxFftSize)
    return fft_size < kMinFftSize || fft_size > kMaxFftSize ? ConfigError::kFftSizeOutOfRange
                                                             : ConfigError::kFftSizeNotPowerOfTwo;
  if (window_length < 1 || window_length > fft_size || window_length * kMaxZeroPadding < fft_size)
    return ConfigError::kWindowLengthOutOfRange;
  if (!window_suits_reassignment(window)) return ConfigError::kWindowUnsuitedForReassignment;
  if (window_param != 0 && !window_param_valid(window, window_param)) return ConfigError::kWindowParamInvalid;
  if (!(options.gate_db == 0 || (options.gate_db >= 10 && options.gate_db <= 200)) ||
      !(options.prune_tolerance > 0 && options.prune_tolerance <= 0.5f))
    return ConfigError::kReassignmentOptionInvalid;
  if (window_param == 0) window_param = window_default_param(window);

  const std::size_t n = std::size_t(fft_size), length = std::size_t(window_length);
  const std::vector<float> h = make_window(window, length, window_param);
  const std::vector<float> dh = window_derivative(h);
  windows_[0] = h;
  windows_[1].resize(length);
  windows_[2] = dh;
  windows_[3].resize(length);
  double sum_squares = 0;
  const double centre = double(length) / 2;  // the periodic window's centre of symmetry
  for (std::size_t i = 0; i < length; ++i) {
    windows_[1][i] = float((double(i) - centre) * h[i]);
    windows_[3][i] = float((double(i) - centre) * dh[i]);
    sum_squares += double(h[i]) * h[i];
  }
  for (auto& input : inputs_) input.assign(n, 0.0f);
  for (auto& spectrum : spectra_) spectrum.assign(n + 2, 0.0f);
  // Parseval: the interior bins of a sine of amplitude A hold N A^2 sum(h^2) / 4 in |X|^2.
  energy_scale_.assign(n / 2 + 1, float(4.0 / (double(n) * sum_squares)));
  energy_scale_.front() = energy_scale_.back() = float(2.0 / (double(n) * sum_squares));
  if (!fft_.configure(fft_size)) return ConfigError::kFftSizeOutOfRange;
  points_.resize(n / 2 + 1);
  options_ = options;
  fft_size_ = fft_size;
  window_length_ = window_length;
  return ConfigError::kNone;
}

void FrameReassigner::analyse(const float* samples) {
  assert(ok() && samples != nullptr);
  point_count_ = 0;
  frame_energy_ = 0;
  if (!ok()) return;
  const std::size_t length = std::size_t(window_length_);
  for (int r = 0; r < 4; ++r) {
    const float* w = windows_[r].data();
    float* in = inputs_[r].data();
    for (std::size_t i = 0; i < length; ++i) in[i] = samples[i] * w[i];
  }
  const float* in[4] = {inputs_[0].data(), inputs_[1].data(), inputs_[2].data(), inputs_[3].data()};
  float* out[4] = {spectra_[0].data(), spectra_[1].data(), spectra_[2].data(), spectra_[3].data()};
  fft_.transform(in, out);

  const int bins = fft_size_ / 2 + 1;
  const float* xh = spectra_[0].data();
  const float* xt = spectra_[1].data();
  const float* xd = spectra_[2].data();
  const float* xtd = spectra_[3].data();
  const float* scale = energy_scale_.data();
  float loudest = 0;
  for (int k = 0; k < bins; ++k) {
    const float energy = (xh[2 * k] * xh[2 * k] + xh[2 * k + 1] * xh[2 * k + 1]) * scale[k];
    loudest = std::max(loudest, energy);
    frame_energy_ += energy;
  }
  const float gate = options_.gate_db > 0 ? loudest * std::pow(10.0f, -options_.gate_db / 10.0f) : 0.0f;
  const float bins_per_radian = float(fft_size_ / (2.0 * kPi));
  const float tolerance = options_.prune_tolerance;
  for (int k = 0; k < bins; ++k) {
    const float a = xh[2 * k], b = xh[2 * k + 1];
    const float power = a * a + b * b;
    const float energy = power * scale[k];
    if (!(power > kTinyBinPower) || energy < gate || !(energy > 0)) continue;
    const float inverse = 1.0f / power;
    // Re(X_t conj X_h) / |X_h|^2 and Im(X_d conj X_h) / |X_h|^2.
    const float offset = (xt[2 * k] * a + xt[2 * k + 1] * b) * inverse;
    const float correction = (xd[2 * k + 1] * a - xd[2 * k] * b) * inverse;
    if (options_.prune) {
      // num = X_td X_h - X_d X_t; Re(num / X_h^2) = Re(num conj(X_h)^2) / |X_h|^4.
      const float td_r = xtd[2 * k], td_i = xtd[2 * k + 1], d_r = xd[2 * k], d_i = xd[2 * k + 1];
      const float t_r = xt[2 * k], t_i = xt[2 * k + 1];
      const float num_r = (td_r * a - td_i * b) - (d_r * t_r - d_i * t_i);
      const float num_i = (td_r * b + td_i * a) - (d_r * t_i + d_i * t_r);
      const float c_r = a * a - b * b, c_i = -2 * a * b;  // conj(X_h)^2
      const float q = 1.0f + (num_r * c_r - num_i * c_i) * inverse * inverse;
      if (!(std::fabs(q) <= tolerance || std::fabs(q - 1.0f) <= tolerance)) continue;
    }
    points_[point_count_++] = {energy, offset, float(k) - correction * bins_per_radian};
  }
}

// [SECTION] frames onto the display plane

ConfigError Reassigner::configure(const ReassignerConfig& config) {
  ok_ = false;
  column_db_.clear();
  const int length = config.window_length == 0 ? config.fft_size : config.window_length;
  if (config.hop_frames < 1 || config.hop_frames > length) return ConfigError::kHopOutOfRange;
  if (!(config.sample_rate_hz > 0) || !std::isfinite(config.sample_rate_hz)) return ConfigError::kSampleRateInvalid;
  ConfigError error = frame_.configure(config.fft_size, length, config.window, config.window_param, config.options);
  if (error != ConfigError::kNone) return error;
  error = scale_.configure(config.scale, config.fmin_hz, std::min(config.fmax_hz, config.sample_rate_hz / 2));
  if (error != ConfigError::kNone) return error;
  // A frame's energy lies within its window, +- L/2 around its centre: +- floor(L / 2 hop)
  // columns (clamped there, so a column is final `reach` frames later: latency <= L/2).
  reach_ = length / (2 * config.hop_frames);
  error = plane_.configure(config.rows, 2 * reach_ + 2, config.min_db);
  if (error != ConfigError::kNone) return error;
  config_ = config;
  config_.window_length = length;
  hz_per_bin_ = config.sample_rate_hz / config.fft_size;
  column_db_.assign(std::size_t(config.rows), config.min_db);
  ok_ = true;
  reset();
  return ConfigError::kNone;
}

void Reassigner::reset() {
  plane_.reset();
  frames_added_ = 0;
  column_index_ = -1;
  has_column_ = false;
  std::fill(column_db_.begin(), column_db_.end(), config_.min_db);
}

void Reassigner::add_frame(const float* samples) {
  has_column_ = false;
  if (!ok_) return;
  frame_.analyse(samples);
  const double frame_column = double(frames_added_);
  const double max_offset = double(reach_) * config_.hop_frames;
  const double rows = config_.rows;
  const double fmin = scale_.fmin_hz(), fmax = scale_.fmax_hz();
  const ReassignedPoint* points = frame_.points();
  for (std::size_t i = 0; i < frame_.point_count(); ++i) {
    const ReassignedPoint& p = points[i];
    const double hz = double(p.bin) * hz_per_bin_;
    if (!(hz >= fmin && hz <= fmax)) continue;  // outside the display
    const double offset = std::clamp(double(p.offset_samples), -max_offset, max_offset);
    plane_.add(frame_column + offset / config_.hop_frames, scale_.to_unit(hz) * rows - 0.5, p.energy);
  }
  ++frames_added_;
  // Frame j reaches columns up to j + reach: column j - reach is now final.
  if (frames_added_ - 1 >= reach_) {
    column_index_ = plane_.finish_oldest(column_db_.data());
    has_column_ = true;
  }
}

}  // namespace dsp
