// real_fft4.cpp: see real_fft4.h. Per lane: M = n/2 complex points z[m] = x[2m] + j x[2m+1],
// Z = DFT_M(z), then the real split (real_split.h) on that lane.
#include "dsp/real_fft4.h"

#include <cmath>

#include "dsp/real_split.h"

namespace dsp {
namespace {
constexpr double kPi = 3.14159265358979323846;
}

RealFft4::RealFft4() = default;
RealFft4::~RealFft4() = default;

bool RealFft4::configure(int n, bool allow_simd) {
  n_ = 0;
  use_simd_ = false;
  if (n < 16 || (n & (n - 1)) != 0) return false;
#ifdef SPECTRO_FFT4
  if (allow_simd && lanes_.configure(n / 2)) {
    const int m = n / 2;
    split_twiddle_.resize(std::size_t(2 * (m / 2 + 1)));
    for (int k = 0; k <= m / 2; ++k) {
      const double angle = -2.0 * kPi * k / n;
      split_twiddle_[std::size_t(2 * k)] = float(std::cos(angle));
      split_twiddle_[std::size_t(2 * k + 1)] = float(std::sin(angle));
    }
    use_simd_ = true;
    n_ = n;
    return true;
  }
#else
  (void)allow_simd;
#endif
  for (RealFft& fft : scalar_)
    if (!fft.configure(n, false)) return false;
  n_ = n;
  return true;
}

void RealFft4::transform(const float* const in[kLanes], float* const out[kLanes]) {
  if (n_ == 0) return;
  if (!use_simd_) {
    for (int r = 0; r < kLanes; ++r) scalar_[r].transform(in[r], out[r]);
    return;
  }
#ifdef SPECTRO_FFT4
  const int m = n_ / 2;
  // Element p: [re of lanes 0..3, im of lanes 0..3] = z_r[p] = x_r[2p] + j x_r[2p+1].
  float* element = lanes_.input();
  const float *x0 = in[0], *x1 = in[1], *x2 = in[2], *x3 = in[3];
  for (int p = 0; p < m; ++p, element += 8) {
    element[0] = x0[2 * p], element[1] = x1[2 * p], element[2] = x2[2 * p], element[3] = x3[2 * p];
    element[4] = x0[2 * p + 1], element[5] = x1[2 * p + 1], element[6] = x2[2 * p + 1], element[7] = x3[2 * p + 1];
  }
  lanes_.transform();
  const float* z = lanes_.output();
  for (int r = 0; r < kLanes; ++r) split_real_spectrum(z + r, 8, 4, m, split_twiddle_.data(), out[r]);
#endif
}

}  // namespace dsp
