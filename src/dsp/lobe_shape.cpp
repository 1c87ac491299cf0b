// lobe_shape.cpp: tabulating a window's main lobe (its DTFT magnitude near 0) and inverting it.
#include "dsp/lobe_shape.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <vector>

#include "dsp/window.h"

namespace dsp {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kFloorDb = -200.0;  // exact nulls (a rectangular window one bin away)

}  // namespace

LobeShape::LobeShape() {
  static const LobeShape hann = [] {
    LobeShape shape{Unset{}};
    const std::vector<float> window = make_window(WindowKind::kHann, 256, 0);
    shape.configure(window.data(), window.size(), 256);
    return shape;
  }();
  *this = hann;
}

void LobeShape::configure(const float* window, std::size_t length, int fft_size) {
  assert(window != nullptr && length >= 1 && std::size_t(fft_size) >= length);
  // |sum w[n] exp(-j 2 pi d n / N)| for each tabulated distance d (in bins of the N-point FFT),
  // relative to d = 0. The phasor is advanced by multiplication (no sin/cos per sample).
  double peak = 0;
  for (std::size_t n = 0; n < length; ++n) peak += window[n];
  peak = std::abs(peak);
  for (int i = 0; i < kTableSize; ++i) {
    const double step = -2.0 * kPi * (double(i) / kStepsPerBin) / double(fft_size);
    const double step_re = std::cos(step), step_im = std::sin(step);
    double phasor_re = 1, phasor_im = 0, sum_re = 0, sum_im = 0;
    for (std::size_t n = 0; n < length; ++n) {
      sum_re += window[n] * phasor_re;
      sum_im += window[n] * phasor_im;
      const double next_re = phasor_re * step_re - phasor_im * step_im;
      phasor_im = phasor_re * step_im + phasor_im * step_re;
      phasor_re = next_re;
    }
    const double magnitude = std::sqrt(sum_re * sum_re + sum_im * sum_im);
    const double db = magnitude > 0 && peak > 0 ? 20.0 * std::log10(magnitude / peak) : kFloorDb;
    db_[std::size_t(i)] = float(std::clamp(db, kFloorDb, 0.0));
  }
  db_[0] = 0.0f;
  // The drop from a peak bin to its louder neighbour when the tone sits d bins from the peak
  // bin (towards that neighbour); forced non-increasing so that it can be inverted.
  for (int i = 0; i <= kHalf; ++i)
    drop_[std::size_t(i)] = db_[std::size_t(i)] - db_[std::size_t(kStepsPerBin - i)];
  drop_[std::size_t(kHalf)] = 0.0f;
  for (int i = kHalf - 1; i >= 0; --i)
    drop_[std::size_t(i)] = std::max(drop_[std::size_t(i)], drop_[std::size_t(i + 1)]);
}

float LobeShape::db_at(float distance_bins) const {
  const float position = std::min(std::abs(distance_bins), float(kReachBins)) * kStepsPerBin;
  const int i = std::min(int(position), kTableSize - 2);
  const float t = position - float(i);
  return db_[std::size_t(i)] + t * (db_[std::size_t(i + 1)] - db_[std::size_t(i)]);
}

float LobeShape::offset_from_drop(float drop_db) const {
  if (!(drop_db < drop_[0])) return 0.0f;  // also NaN: a cliff means the tone is on the bin
  if (!(drop_db > 0.0f)) return 0.5f;
  // drop_ falls from drop_[0] to 0 at kHalf: find i with drop_[i] >= drop_db > drop_[i + 1].
  int low = 0, high = kHalf;
  while (high - low > 1) {
    const int middle = (low + high) / 2;
    (drop_[std::size_t(middle)] >= drop_db ? low : high) = middle;
  }
  const float span = drop_[std::size_t(low)] - drop_[std::size_t(high)];
  const float t = span > 0 ? (drop_[std::size_t(low)] - drop_db) / span : 0.0f;
  return (float(low) + t) / kStepsPerBin;
}

}  // namespace dsp
