// real_fft.h: forward FFT of real input, n/2+1 complex bins out.
// Does: where SIMD is compiled in (SPECTRO_FFT4), split the transform in four interleaved
//       quarter-size complex FFTs computed at once (one per SIMD lane), then recombine with one
//       radix-4 pass and the usual real-to-complex split. Elsewhere: KissFFT's kiss_fftr.
//       Both give the same spectrum to float rounding (tested against kiss_fftr).
// Does not: window, scale or take magnitudes. configure() allocates; transform() never does.
#pragma once
#include <cstddef>
#include <memory>
#include <vector>

#include "dsp/fft4.h"

struct kiss_fftr_state;

namespace dsp {

class RealFft {
 public:
  RealFft();
  ~RealFft();
  RealFft(const RealFft&) = delete;
  RealFft& operator=(const RealFft&) = delete;

  // n: a power of two >= 16. Returns false (and stays unusable) otherwise.
  bool configure(int n, bool allow_simd = true);
  // in: n real samples. out: (n/2+1) complex values, interleaved re, im.
  void transform(const float* in, float* out);
  bool uses_simd() const { return use_simd_; }

 private:
  void transform_simd(const float* in, float* out);
  int n_ = 0;
  bool use_simd_ = false;
  std::unique_ptr<kiss_fftr_state, void (*)(void*)> scalar_plan_;
#ifdef SPECTRO_FFT4
  Fft4 quarter_;                      // four FFTs of n/8 points
  std::vector<float> radix4_twiddle_;  // per q: W_M^q, W_M^2q, W_M^3q (re, im), M = n/2
  std::vector<float> split_twiddle_;   // per k in [0, n/4]: W_n^k (re, im)
  std::vector<float> half_spectrum_;   // Z: M complex values, interleaved
#endif
};

}  // namespace dsp
