// lobe_shape.h: the main lobe of a window's spectrum on the FFT bin grid, used to interpolate
//               a peak between bins with that window's true shape.
// Does: tabulate, once per configuration, the level (dB relative to the peak) at which a pure
//       tone appears in a bin `d` bins away from it, for d in [0, kReachBins], from the window's
//       own samples (so zero padding, Kaiser beta and Gaussian sigma are all accounted for);
//       invert the level difference of a peak bin and its louder neighbour into the tone's
//       offset. For a pure tone this recovers the peak level exactly whatever the window; a
//       parabola through dB values (the usual shortcut) reads a rectangular window 2.7 dB low.
// Does not: allocate (fixed-size tables, cheap to copy), or look at frames.
#pragma once
#include <array>
#include <cstddef>

namespace dsp {

class LobeShape {
 public:
  static constexpr int kStepsPerBin = 64;
  static constexpr int kReachBins = 2;  // tabulated distances: [0, 2] bins

  // A Hann window without zero padding (what a default-configured STFT uses). Copies a table
  // built once, so a default-constructed config costs no computation or allocation.
  LobeShape();
  // From a window of `length` samples transformed at `fft_size` (>= length) points.
  void configure(const float* window, std::size_t length, int fft_size);

  // Level in dB (<= 0) of a tone's image `distance_bins` (>= 0) away from the tone; beyond the
  // table it keeps the last value.
  float db_at(float distance_bins) const;
  // The tone's distance (in [0, 0.5] bins) from a peak bin, given how many dB (>= 0) its
  // louder neighbour reads below it.
  float offset_from_drop(float drop_db) const;
  // The most a peak bin can read below its tone: the loss half-way between bins. This is the
  // cap on how far interpolation lifts any bin (Hann 1.42 dB, rectangular 3.92 dB).
  float max_lift_db() const { return -db_at(0.5f); }

 private:
  struct Unset {};
  explicit LobeShape(Unset) {}
  static constexpr int kTableSize = kReachBins * kStepsPerBin + 1;
  static constexpr int kHalf = kStepsPerBin / 2;  // index of 0.5 bins
  std::array<float, kTableSize> db_{};            // db_[i]: level at i / kStepsPerBin bins
  std::array<float, kHalf + 1> drop_{};           // drop_[i] = db(d) - db(1 - d), d = i / kStepsPerBin
};

}  // namespace dsp
