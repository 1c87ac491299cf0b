// real_fft.cpp: see real_fft.h. Notation: n real samples, M = n/2 complex points z[m] =
// x[2m] + j x[2m+1], P = M/4 points per quarter transform, Z = DFT_M(z), X = DFT_n(x).
#include "dsp/real_fft.h"

#include <cmath>
#include <cstdlib>

#include "dsp/real_split.h"
#include "kiss_fftr.h"

namespace dsp {
namespace {
constexpr double kPi = 3.14159265358979323846;
}

RealFft::RealFft() : scalar_plan_(nullptr, std::free) {}
RealFft::~RealFft() = default;

bool RealFft::configure(int n, bool allow_simd) {
  n_ = 0;
  use_simd_ = false;
  scalar_plan_.reset();
  if (n < 16 || (n & (n - 1)) != 0) return false;
  n_ = n;
#ifdef SPECTRO_FFT4
  const int m = n / 2, p = m / 4;
  if (allow_simd && quarter_.configure(p)) {
    use_simd_ = true;
    radix4_twiddle_.resize(std::size_t(6 * p));
    for (int q = 0; q < p; ++q) {
      for (int r = 1; r <= 3; ++r) {
        const double angle = -2.0 * kPi * r * q / m;
        radix4_twiddle_[std::size_t(6 * q + 2 * (r - 1))] = float(std::cos(angle));
        radix4_twiddle_[std::size_t(6 * q + 2 * (r - 1) + 1)] = float(std::sin(angle));
      }
    }
    split_twiddle_.resize(std::size_t(2 * (m / 2 + 1)));
    for (int k = 0; k <= m / 2; ++k) {
      const double angle = -2.0 * kPi * k / n;
      split_twiddle_[std::size_t(2 * k)] = float(std::cos(angle));
      split_twiddle_[std::size_t(2 * k + 1)] = float(std::sin(angle));
    }
    half_spectrum_.assign(std::size_t(2 * m), 0.0f);
    return true;
  }
#else
  (void)allow_simd;
#endif
  scalar_plan_.reset(kiss_fftr_alloc(n, 0, nullptr, nullptr));
  return scalar_plan_ != nullptr;
}

void RealFft::transform(const float* in, float* out) {
  if (use_simd_) return transform_simd(in, out);
  if (scalar_plan_) kiss_fftr(scalar_plan_.get(), in, reinterpret_cast<kiss_fft_cpx*>(out));
}

void RealFft::transform_simd(const float* in, float* out) {
#ifdef SPECTRO_FFT4
  const int m = n_ / 2, p = m / 4;
  // 1. Lane r of element q holds z[4q + r] = x[8q + 2r] + j x[8q + 2r + 1].
  float* lanes = quarter_.input();
  for (int q = 0; q < p; ++q) {
    const float* x = in + 8 * q;
    float* element = lanes + 8 * q;
    element[0] = x[0], element[1] = x[2], element[2] = x[4], element[3] = x[6];
    element[4] = x[1], element[5] = x[3], element[6] = x[5], element[7] = x[7];
  }
  // 2. Four P-point FFTs at once: lane r gives Z_r = DFT_P(z[4q + r]).
  quarter_.transform();
  // 3. Radix-4 recombination: Y_r = W_M^{rq} Z_r[q]; Z[q + sP] = sum_r Y_r (-j)^{rs}.
  const float* spectra = quarter_.output();
  const float* twiddle = radix4_twiddle_.data();
  float* z = half_spectrum_.data();
  for (int q = 0; q < p; ++q) {
    const float* e = spectra + 8 * q;
    const float* w = twiddle + 6 * q;
    const float y0r = e[0], y0i = e[4];
    const float y1r = e[1] * w[0] - e[5] * w[1], y1i = e[1] * w[1] + e[5] * w[0];
    const float y2r = e[2] * w[2] - e[6] * w[3], y2i = e[2] * w[3] + e[6] * w[2];
    const float y3r = e[3] * w[4] - e[7] * w[5], y3i = e[3] * w[5] + e[7] * w[4];
    const float a_r = y0r + y2r, a_i = y0i + y2i;  // Y0 + Y2
    const float b_r = y0r - y2r, b_i = y0i - y2i;  // Y0 - Y2
    const float c_r = y1r + y3r, c_i = y1i + y3i;  // Y1 + Y3
    const float d_r = y1r - y3r, d_i = y1i - y3i;  // Y1 - Y3
    z[2 * q] = a_r + c_r, z[2 * q + 1] = a_i + c_i;                      // s = 0
    z[2 * (q + p)] = b_r + d_i, z[2 * (q + p) + 1] = b_i - d_r;          // s = 1: b - j d
    z[2 * (q + 2 * p)] = a_r - c_r, z[2 * (q + 2 * p) + 1] = a_i - c_i;  // s = 2
    z[2 * (q + 3 * p)] = b_r - d_i, z[2 * (q + 3 * p) + 1] = b_i + d_r;  // s = 3: b + j d
  }
  // 4. Real split (real_split.h).
  split_real_spectrum(z, 2, 1, m, split_twiddle_.data(), out);
#else
  (void)in;
  (void)out;
#endif
}

}  // namespace dsp
