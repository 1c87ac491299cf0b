// halfband.h: decimation by two with a linear-phase half-band lowpass (multi-resolution bands).
// Does: filter with a 59-tap Kaiser-windowed half-band FIR (every other tap zero, so 15
//       multiplies an output) and keep every second sample. Passband flat (< 0.001 dB) up to
//       0.195 of the input rate; from 0.305 of it (where aliases land in that passband) at
//       least 95 dB down (both tested). Delay: kDelay input samples.
// Does not: allocate (fixed arrays), or know about bands and frames.
#pragma once
#include <array>

namespace dsp {

class HalfbandDecimator {
 public:
  static constexpr int kHalfLength = 29;  // taps -29..29 around the centre (odd: a half-band)
  static constexpr int kDelay = kHalfLength;  // input samples from an input to its output's centre
  // Why the copy of the taps here: the design (a static, built on first use) must not run, and
  // allocate, in push() on the audio path.
  HalfbandDecimator() : taps_(taps()) { reset(); }
  void reset();
  // Feeds one input sample. Every second call (the 2nd, 4th, ... since reset) returns true and
  // writes the output for the newest input into *out: y[m] = sum_i h[i] x[2m+1 - i].
  bool push(float x, float* out);
  // The filter taps, centre at kHalfLength (for tests).
  static const std::array<double, 2 * kHalfLength + 1>& taps();

 private:
  static constexpr int kLength = 2 * kHalfLength + 1;
  std::array<double, kLength> taps_;
  std::array<float, 2 * kLength> history_{};  // doubled so the newest kLength are contiguous
  int write_ = 0;
  bool odd_ = false;
};

}  // namespace dsp
