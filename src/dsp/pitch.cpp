// pitch.cpp: see pitch.h for the method.
#include "dsp/pitch.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdlib>

#include "dsp/level.h"
#include "kiss_fftr.h"

namespace dsp {
namespace {

constexpr double kMinPitchRateHz = 16000;
constexpr double kKeyMaximumFraction = 0.9;  // McLeod & Wyvill's k
constexpr double kOtherPeriodFraction = 0.5;  // an octave alternative's NSDF, relative to the best
constexpr float kVoicedClarity = 0.7f;
constexpr double kVoicedLevelDb = -65.0;     // dBFS (a sine of amplitude 0.00056)
constexpr double kScoreMaxHz = 5000.0;
constexpr double kMissingOddHarmonics = 0.05;

std::size_t next_power_of_two(std::size_t n) {
  std::size_t p = 1;
  while (p < n) p <<= 1;
  return p;
}

// Vertex of the parabola through (x-1, a), (x, b), (x+1, c): offset in [-0.5, 0.5] and height.
void parabola(double a, double b, double c, double* offset, double* height) {
  const double denominator = a - 2 * b + c;
  double d = denominator < 0 ? 0.5 * (a - c) / denominator : 0.0;
  d = std::clamp(d, -0.5, 0.5);
  *offset = d;
  *height = b - 0.25 * (a - c) * d;
}

}  // namespace

PitchTracker::PitchTracker() : inverse_(nullptr, std::free) {}
PitchTracker::~PitchTracker() = default;

ConfigError PitchTracker::configure(double sample_rate_hz, std::size_t track_capacity) {
  window_ = 0;
  inverse_.reset();
  if (!(sample_rate_hz >= 8000 && sample_rate_hz <= 384000)) return ConfigError::kSampleRateInvalid;
  if (track_capacity < 1) return ConfigError::kHistoryCapacityInvalid;
  input_rate_ = sample_rate_hz;
  stages_ = 0;
  while (stages_ < 4 && sample_rate_hz / double(2 << stages_) >= kMinPitchRateHz) ++stages_;
  decimation_ = 1 << stages_;
  rate_ = sample_rate_hz / decimation_;
  max_lag_ = int(std::ceil(rate_ / (0.95 * kPitchMinHz)));  // a little beyond the range: its ends are peaks, not edges
  min_lag_ = std::max(2, int(std::floor(rate_ / (1.05 * kPitchMaxHz))));
  const int window = 2 * max_lag_ + 2;  // two periods of the lowest pitch (even: a whole centre)
  fft_size_ = int(next_power_of_two(std::size_t(window + max_lag_ + 1)));
  ring_.assign(next_power_of_two(std::size_t(window) + 16), 0.0f);
  frame_.assign(std::size_t(fft_size_), 0.0f);
  windowed_.assign(std::size_t(fft_size_), 0.0f);
  spectrum_.assign(std::size_t(fft_size_ + 2), 0.0f);
  power_.assign(std::size_t(fft_size_ / 2 + 1), 0.0f);
  acf_.assign(std::size_t(fft_size_), 0.0f);
  nsdf_.assign(std::size_t(max_lag_ + 2), 0.0f);
  hann_.resize(std::size_t(window));
  for (int i = 0; i < window; ++i) hann_[std::size_t(i)] = float(0.5 - 0.5 * std::cos(2 * 3.14159265358979323846 * i / window));
  if (!forward_.configure(fft_size_)) return ConfigError::kFftSizeOutOfRange;
  inverse_.reset(kiss_fftr_alloc(fft_size_, 1, nullptr, nullptr));
  if (!inverse_) return ConfigError::kFftSizeOutOfRange;
  track_.assign(track_capacity, PitchEstimate{});
  window_ = window;
  reset();
  return ConfigError::kNone;
}

void PitchTracker::reset() {
  for (auto& decimator : decimators_) decimator.reset();
  std::fill(ring_.begin(), ring_.end(), 0.0f);
  produced_ = 0;
  input_samples_ = 0;
  next_ = size_ = 0;
  latest_ = PitchEstimate{};
}

void PitchTracker::push(const float* samples, std::size_t count) {
  if (!ok()) return;
  const std::size_t mask = ring_.size() - 1;
  for (std::size_t i = 0; i < count; ++i) {
    float x = sanitize_sample(samples[i]);  // as the STFT does
    bool out = true;
    for (int s = 0; s < stages_ && out; ++s) out = decimators_[s].push(x, &x);
    if (out) ring_[std::size_t(produced_++) & mask] = x;
  }
  input_samples_ += count;
}

const PitchEstimate& PitchTracker::at_age(std::size_t age) const {
  assert(age < size_);
  return track_[(next_ + track_.size() - 1 - age) % track_.size()];
}

double PitchTracker::nsdf_direct(std::int64_t centre, int length, int lag) const {
  double cross = 0, energy = 0;
  for (std::int64_t j = centre - length / 2; j < centre + length / 2 - lag; ++j) {
    const double a = sample(j), b = sample(j + lag);
    cross += a * b;
    energy += a * a + b * b;
  }
  return energy > 0 ? 2 * cross / energy : 0.0;
}

double PitchTracker::amplitude_at(double hz) const {
  const double bin = hz * fft_size_ / rate_;
  const int k = int(bin);
  if (k < 0 || k + 1 >= int(power_.size())) return 0.0;
  const double t = bin - k;
  return std::sqrt((1 - t) * power_[std::size_t(k)] + t * power_[std::size_t(k + 1)]);
}

double PitchTracker::odd_to_even_harmonics(double hz) const {
  double odd = 0, even = 0;
  for (int k = 1; k <= 6 && k * hz < 0.45 * rate_; ++k) (k % 2 ? odd : even) += amplitude_at(k * hz);
  return even > 0 ? odd / even : 1.0;
}

double PitchTracker::harmonic_score(double hz) const {
  const double top = std::min(kScoreMaxHz, 0.45 * rate_);
  double score = 0, weights = 0;
  for (int k = 1; k * hz <= top || k == 1; ++k) {
    const double w = 1.0 / std::sqrt(double(k));
    score += w * (amplitude_at(k * hz) - 0.5 * (amplitude_at((k - 0.5) * hz) + amplitude_at((k + 0.5) * hz)));
    weights += w;
  }
  return score / weights;
}

const PitchEstimate& PitchTracker::estimate() {
  PitchEstimate result;
  if (!ok()) return latest_;
  const std::int64_t first = produced_ - window_;
  const std::int64_t centre = first + window_ / 2;
  // The centre's input-sample time: pitch sample m is centred on input 2^s m - (kDelay-1)(2^s - 1).
  const double centre_time = double(decimation_) * double(centre) - double(HalfbandDecimator::kDelay - 1) * (decimation_ - 1);
  result.centre_sample = std::uint64_t(std::max(0.0, std::round(centre_time)));
  double sum_squares = 0;
  for (int i = 0; i < window_; ++i) {
    const float x = sample(first + i);
    frame_[std::size_t(i)] = x;
    windowed_[std::size_t(i)] = x * hann_[std::size_t(i)];
    sum_squares += double(x) * x;
  }
  const double level_db = 10 * std::log10(std::max(2 * sum_squares / window_, 1e-30));
  auto remember = [&](const PitchEstimate& estimate) -> const PitchEstimate& {
    latest_ = estimate;
    track_[next_] = estimate;
    next_ = (next_ + 1) % track_.size();
    size_ = std::min(size_ + 1, track_.size());
    return latest_;
  };
  if (first < 0 || level_db < kVoicedLevelDb) return remember(result);  // silence or too quiet: unvoiced

  // r(tau) for tau <= max_lag: inverse FFT of |X|^2 of the zero-padded window (linear, as
  // fft_size >= window + max_lag).
  forward_.transform(frame_.data(), spectrum_.data());
  for (int k = 0; k <= fft_size_ / 2; ++k) {
    const float re = spectrum_[std::size_t(2 * k)], im = spectrum_[std::size_t(2 * k + 1)];
    spectrum_[std::size_t(2 * k)] = re * re + im * im;
    spectrum_[std::size_t(2 * k + 1)] = 0;
  }
  kiss_fftri(inverse_.get(), reinterpret_cast<const kiss_fft_cpx*>(spectrum_.data()), acf_.data());
  double m = 2 * sum_squares;
  const double scale = 1.0 / fft_size_;
  for (int tau = 0; tau <= max_lag_ + 1; ++tau) {
    if (tau > 0) {
      const double a = frame_[std::size_t(tau - 1)], b = frame_[std::size_t(window_ - tau)];
      m -= a * a + b * b;
    }
    nsdf_[std::size_t(tau)] = m > 1e-30 ? float(2 * acf_[std::size_t(tau)] * scale / m) : 0.0f;
  }

  // Key maxima: the local maxima after the zero-lag lobe. Why not McLeod's "after the first
  // negative crossing": when even partials dominate, n stays positive from 0 through the
  // first period, and the first crossing comes after it (an octave error).
  int tau = 1;
  while (tau < max_lag_ && nsdf_[std::size_t(tau + 1)] <= nsdf_[std::size_t(tau)]) ++tau;  // the first minimum
  int chosen = -1;
  float best_value = 0;
  struct Key {
    int lag;
    float value;
  };
  Key keys[256];
  int key_count = 0;
  for (++tau; tau < max_lag_ && key_count < 256; ++tau) {
    const float here = nsdf_[std::size_t(tau)];
    if (here <= 0 || here < nsdf_[std::size_t(tau - 1)] || here < nsdf_[std::size_t(tau + 1)]) continue;
    if (tau < min_lag_) continue;
    keys[key_count++] = {tau, here};
    best_value = std::max(best_value, here);
  }
  for (int i = 0; i < key_count && chosen < 0; ++i)
    if (keys[i].value >= kKeyMaximumFraction * best_value) chosen = keys[i].lag;
  if (chosen < 0) return remember(result);  // no period: unvoiced
  {
    // The harmonic check: the candidate, an octave below and above.
    forward_.transform(windowed_.data(), spectrum_.data());
    for (int k = 0; k <= fft_size_ / 2; ++k) {
      const float re = spectrum_[std::size_t(2 * k)], im = spectrum_[std::size_t(2 * k + 1)];
      power_[std::size_t(k)] = re * re + im * im;
    }
    double offset = 0, height = 0;
    parabola(nsdf_[std::size_t(chosen - 1)], nsdf_[std::size_t(chosen)], nsdf_[std::size_t(chosen + 1)], &offset, &height);
    // The NSDF's highest point within 10 % of the lag of `hz` (-1 if outside the range).
    auto peak_lag_of = [&](double hz) {
      const double expected = rate_ / hz;
      int lag = -1;
      for (int t = std::max(min_lag_, int(expected * 0.9)); t <= std::min(max_lag_, int(std::ceil(expected * 1.1))); ++t)
        if (lag < 0 || nsdf_[std::size_t(t)] > nsdf_[std::size_t(lag)]) lag = t;
      return lag;
    };
    const double candidate = rate_ / (chosen + offset);
    double winner = candidate, winning_score = harmonic_score(candidate);
    for (double other : {candidate / 2, candidate * 2}) {
      if (other < kPitchMinHz || other > kPitchMaxHz) continue;
      // Only a period the signal really has (at least half the best periodicity): at low
      // pitches the spectrum alone is too coarse to tell partials from the gaps between them,
      // and vibrato can leave the true period a little below McLeod's 0.9.
      const int other_lag = peak_lag_of(other);
      if (other_lag < 0 || nsdf_[std::size_t(other_lag)] < kOtherPeriodFraction * best_value) continue;
      const double score = harmonic_score(other);
      if (score > winning_score) winner = other, winning_score = score;
    }
    // A pitch above the range (a whistle, a high sine) shows up as a period two (or more) of
    // its own: then the candidate's odd harmonics are empty (less than 1/20 of the even ones'
    // amplitude), and the frame is not voiced within the range.
    if (2 * winner > kPitchMaxHz && odd_to_even_harmonics(winner) < kMissingOddHarmonics) return remember(result);
    const int lag = peak_lag_of(winner);
    if (lag > min_lag_ && lag < max_lag_) {
      parabola(nsdf_[std::size_t(lag - 1)], nsdf_[std::size_t(lag)], nsdf_[std::size_t(lag + 1)], &offset, &height);
      double period = lag + offset;
      double clarity = height;
      // Re-measured over three periods around the same centre, where that fits in the window:
      // the period and clarity of the last few periods, less smeared by vibrato and glides.
      const int length = 4 * lag;
      if (length + 8 <= window_) {
        double values[7];
        int best = 3;
        for (int d = -3; d <= 3; ++d) {
          values[d + 3] = nsdf_direct(centre, length, lag + d);
          if (values[d + 3] > values[best]) best = d + 3;
        }
        if (best > 0 && best < 6) {
          parabola(values[best - 1], values[best], values[best + 1], &offset, &height);
          period = lag + (best - 3) + offset;
          clarity = height;
        }
      }
      result.hz = rate_ / period;
      result.clarity = float(std::clamp(clarity, 0.0, 1.0));
      result.voiced = result.clarity >= kVoicedClarity && result.hz >= kPitchMinHz * 0.97 && result.hz <= kPitchMaxHz * 1.03;
      if (!result.voiced) result.hz = 0;
    }
  }
  return remember(result);
}

}  // namespace dsp
