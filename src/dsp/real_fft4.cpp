// real_fft4.cpp: see real_fft4.h. Per lane: M = n/2 complex points z[m] = x[2m] + j x[2m+1],
// Z = DFT_M(z), then X[k] = XE[k] + W_n^k XO[k] with XE[k] = (Z[k] + conj Z[M-k]) / 2 and
// XO[k] = (Z[k] - conj Z[M-k]) / 2j (the usual real-to-complex split).
#include "dsp/real_fft4.h"

#include <cmath>

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
  const float* split = split_twiddle_.data();
  for (int r = 0; r < kLanes; ++r) {
    float* o = out[r];
    const float z0r = z[r], z0i = z[4 + r];
    o[0] = z0r + z0i, o[1] = 0;
    o[2 * m] = z0r - z0i, o[2 * m + 1] = 0;
    for (int k = 1; k <= m / 2; ++k) {
      const float fr = z[8 * k + r], fi = z[8 * k + 4 + r];
      const float gr = z[8 * (m - k) + r], gi = -z[8 * (m - k) + 4 + r];  // conj Z[M-k]
      const float even_r = 0.5f * (fr + gr), even_i = 0.5f * (fi + gi);
      const float odd_r = 0.5f * (fi - gi), odd_i = -0.5f * (fr - gr);  // (F - G) / 2j
      const float wr = split[2 * k], wi = split[2 * k + 1];
      const float t_r = odd_r * wr - odd_i * wi, t_i = odd_r * wi + odd_i * wr;
      o[2 * k] = even_r + t_r, o[2 * k + 1] = even_i + t_i;
      o[2 * (m - k)] = even_r - t_r, o[2 * (m - k) + 1] = -(even_i - t_i);
    }
  }
#endif
}

}  // namespace dsp
