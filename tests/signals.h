// signals.h: test signals with known answers (sines, impulses, noise) for the dsp tests and
// the benchmark. Allocation is fine here; none of this runs in the product.
#pragma once
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace test_signals {

constexpr double kPi = 3.14159265358979323846;

// amplitude * sin(2 pi f t + phase) for `count` samples at `sample_rate_hz`.
inline std::vector<float> sine(double frequency_hz, double amplitude, double sample_rate_hz,
                               std::size_t count, double phase = 0.0) {
  std::vector<float> out(count);
  for (std::size_t n = 0; n < count; ++n)
    out[n] = float(amplitude * std::sin(2 * kPi * frequency_hz * double(n) / sample_rate_hz + phase));
  return out;
}

// Sum of two signals of equal length.
inline std::vector<float> mix(std::vector<float> a, const std::vector<float>& b) {
  for (std::size_t n = 0; n < a.size() && n < b.size(); ++n) a[n] += b[n];
  return a;
}

// Uniform white noise in [-amplitude, amplitude], reproducible from `seed`.
inline std::vector<float> noise(double amplitude, std::size_t count, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-float(amplitude), float(amplitude));
  std::vector<float> out(count);
  for (float& x : out) x = dist(rng);
  return out;
}

// 20 log10(amplitude): the dBFS a sine of this peak amplitude must read.
inline double amplitude_db(double amplitude) { return 20.0 * std::log10(amplitude); }

}  // namespace test_signals
