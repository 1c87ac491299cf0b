// real_fft4.h: four forward FFTs of real input at once, n/2+1 complex bins out for each.
// Does: where SIMD is compiled in (SPECTRO_FFT4), one call of KissFFT's 4-lane mode: lane r
//       holds signal r packed as n/2 complex points (even samples real, odd imaginary), then each
//       lane is split into its real spectrum. Elsewhere: four calls of KissFFT's kiss_fftr. Both
//       give kiss_fftr's spectra to float rounding (tested). Used where one frame needs several
//       transforms (reassignment: window, time-ramped, derivative and ramped derivative).
// Does not: window, scale or take magnitudes. configure() allocates; transform() never does.
#pragma once
#include <memory>
#include <vector>

#include "dsp/fft4.h"
#include "dsp/real_fft.h"

namespace dsp {

class RealFft4 {
 public:
  static constexpr int kLanes = 4;
  RealFft4();
  ~RealFft4();
  RealFft4(const RealFft4&) = delete;
  RealFft4& operator=(const RealFft4&) = delete;

  // n: a power of two >= 16. Returns false (and stays unusable) otherwise.
  bool configure(int n, bool allow_simd = true);
  // in[r]: n real samples; out[r]: (n/2+1) complex values, interleaved re, im (r = 0..3).
  void transform(const float* const in[kLanes], float* const out[kLanes]);
  bool uses_simd() const { return use_simd_; }
  int size() const { return n_; }

 private:
  int n_ = 0;
  bool use_simd_ = false;
  RealFft scalar_[kLanes];
#ifdef SPECTRO_FFT4
  Fft4 lanes_;                        // n/2-point complex FFTs, one per lane
  std::vector<float> split_twiddle_;  // per k in [0, n/4]: W_n^k (re, im)
#endif
};

}  // namespace dsp
