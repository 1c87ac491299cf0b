// halfband.cpp: see halfband.h.
#include "dsp/halfband.h"

#include <cmath>
#include <vector>

#include "dsp/window.h"

namespace dsp {
namespace {

constexpr double kPi = 3.14159265358979323846;

std::array<double, 2 * HalfbandDecimator::kHalfLength + 1> design() {
  constexpr int m = HalfbandDecimator::kHalfLength;
  // Kaiser beta for ~100 dB stopband (Kaiser's formula 0.1102 (A - 8.7)). The symmetric
  // (2m+1)-point window is the periodic 2m-point one with its first value repeated at the end.
  const std::vector<float> kaiser = make_window(WindowKind::kKaiser, 2 * m, 0.1102 * (100.0 - 8.7));
  std::array<double, 2 * m + 1> h{};
  double sum = 0;
  for (int n = -m; n <= m; ++n) {
    const double sinc = n == 0 ? 0.5 : std::sin(kPi * n / 2.0) / (kPi * n);  // cutoff at 1/4 of the rate
    h[std::size_t(n + m)] = sinc * kaiser[std::size_t((n + m) % (2 * m))];
    sum += h[std::size_t(n + m)];
  }
  for (double& tap : h) tap /= sum;  // unity gain at DC
  return h;
}

}  // namespace

const std::array<double, 2 * HalfbandDecimator::kHalfLength + 1>& HalfbandDecimator::taps() {
  static const auto h = design();
  return h;
}

void HalfbandDecimator::reset() {
  history_.fill(0.0f);
  write_ = 0;
  odd_ = false;
}

bool HalfbandDecimator::push(float x, float* out) {
  history_[std::size_t(write_)] = x;
  history_[std::size_t(write_ + kLength)] = x;
  write_ = write_ + 1 == kLength ? 0 : write_ + 1;
  odd_ = !odd_;
  if (odd_) return false;
  // The newest kLength samples, oldest first, are history_[write_ .. write_ + kLength).
  const auto& h = taps_;
  const float* window = history_.data() + write_;
  double y = h[kHalfLength] * window[kHalfLength];
  for (int d = 1; d <= kHalfLength; d += 2)  // even distances are zero taps
    y += h[std::size_t(kHalfLength + d)] * (double(window[kHalfLength - d]) + window[kHalfLength + d]);
  *out = float(y);
  return true;
}

}  // namespace dsp
