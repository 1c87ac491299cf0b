// level.h: power-to-dBFS conversion used on every analysed bin.
// Does: a fast, vectorisable 10*log10 accurate to ~1e-6 dB, and the sanitising of input samples.
// Does not: know about windows or FFT sizes (the STFT passes its calibration offset in).
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>

namespace dsp {

// Smallest power handed to the logarithm (-300 dB); anything below reads as the floor anyway.
constexpr float kTinyPower = 1e-30f;
// Largest sample magnitude accepted (+120 dBFS); beyond it samples are clipped so the
// power spectrum can never overflow a float.
constexpr float kMaxAbsSample = 1e6f;

// 10*log10(power) for power >= kTinyPower. Why not std::log10: it is the single most expensive
// step of the pipeline (one call per bin per frame) and does not vectorise; this form does.
inline float power_to_db(float power) {
  power = power > kTinyPower ? power : kTinyPower;  // also catches NaN
  std::uint32_t bits;
  std::memcpy(&bits, &power, sizeof bits);
  // Split into exponent and a mantissa m in [sqrt(0.5), sqrt(2)) so the series converges fast.
  // Why selects instead of ifs: branch-free code is what lets the compiler vectorise the loop.
  const std::uint32_t mantissa_raw = (bits & 0x007fffffu) | 0x3f800000u;
  const std::uint32_t halve = mantissa_raw > 0x3fb504f3u ? 0x00800000u : 0u;  // m > sqrt(2)
  const std::uint32_t mantissa_bits = mantissa_raw - halve;
  const std::int32_t exponent = std::int32_t((bits >> 23) & 0xffu) - 127 + std::int32_t(halve >> 23);
  float m;
  std::memcpy(&m, &mantissa_bits, sizeof m);
  // ln(m) = 2 atanh(s), s = (m-1)/(m+1), |s| < 0.172: five odd terms give < 1e-8 relative error.
  const float s = (m - 1.0f) / (m + 1.0f);
  const float s2 = s * s;
  const float ln_m =
      2.0f * s * (1.0f + s2 * (1.0f / 3 + s2 * (1.0f / 5 + s2 * (1.0f / 7 + s2 * (1.0f / 9)))));
  constexpr float kDbPerLn = 4.342944819032518f;      // 10 / ln(10)
  constexpr float kDbPerOctave = 3.010299956639812f;  // 10 * log10(2)
  return float(exponent) * kDbPerOctave + ln_m * kDbPerLn;
}

// Calibrated dB of a real FFT's bins (interleaved re, im; `bins` of them, DC first, Nyquist
// last): 10 log10 |X|^2 + interior_offset_db for 0 < k < bins-1, + edge_offset_db at DC and
// Nyquist (no mirror image there), floored at floor_db. Vectorises (see power_to_db).
inline void spectrum_to_db(const float* spectrum, std::size_t bins, float interior_offset_db, float edge_offset_db,
                           float floor_db, float* out_db) {
  for (std::size_t k = 0; k < bins; ++k) {
    const float re = spectrum[2 * k], im = spectrum[2 * k + 1];
    const float level = power_to_db(re * re + im * im) + interior_offset_db;
    out_db[k] = level > floor_db ? level : floor_db;
  }
  for (std::size_t k : {std::size_t(0), bins - 1}) {
    const float re = spectrum[2 * k], im = spectrum[2 * k + 1];
    const float level = power_to_db(re * re + im * im) + edge_offset_db;
    out_db[k] = level > floor_db ? level : floor_db;
  }
}

// Makes one input sample safe: NaN and +-Inf become 0, denormals become 0 (they slow every
// FFT that touches them by orders of magnitude), huge values are clipped to +-kMaxAbsSample.
inline float sanitize_sample(float x) {
  const float magnitude = x < 0 ? -x : x;
  if (!(magnitude >= 1e-30f)) return 0.0f;                  // NaN, zero and denormals
  if (magnitude > 3.4e38f) return 0.0f;                     // +-Inf carries no level
  if (magnitude > kMaxAbsSample) return x > 0 ? kMaxAbsSample : -kMaxAbsSample;
  return x;
}

}  // namespace dsp
