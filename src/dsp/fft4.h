// fft4.h: four independent complex FFTs of one size in a single call (KissFFT's USE_SIMD mode,
//         one SIMD lane per transform). The real FFT uses it to split one transform in four.
// Does: own the plan and two 16-byte-aligned buffers in KissFFT's SIMD layout: element p is
//       8 floats, [re of lanes 0..3, im of lanes 0..3].
// Does not: know which transform is which; it is compiled only where SSE (natively) or
//       wasm SIMD (-msimd128 -msse) exists, i.e. when SPECTRO_FFT4 is defined.
#pragma once
#include <cstddef>
#include <memory>

namespace dsp {

class Fft4 {
 public:
  Fft4();
  ~Fft4();
  Fft4(const Fft4&) = delete;
  Fft4& operator=(const Fft4&) = delete;

  // Plans transforms of `points` (>= 1). Allocates; returns false on failure.
  bool configure(int points);
  float* input() { return input_; }
  const float* output() const { return output_; }
  // Transforms input() into output(): four forward complex FFTs at once.
  void transform();

 private:
  struct State;
  std::unique_ptr<State> state_;
  float* input_ = nullptr;
  float* output_ = nullptr;
};

}  // namespace dsp
