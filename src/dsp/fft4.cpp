// fft4.cpp: the only file that sees KissFFT's SIMD types. Why its own file: with USE_SIMD,
// kiss_fft.h redefines kiss_fft_scalar as __m128, which must not meet the scalar header, and
// the SIMD build's symbols are renamed (kiss_fft_simd4_*) by CMake to live beside the scalar ones.
#include "dsp/fft4.h"

#include <vector>

#include "kiss_fft.h"

namespace dsp {

struct Fft4::State {
  kiss_fft_cfg plan = nullptr;
  std::vector<kiss_fft_cpx> input, output;  // kiss_fft_cpx of __m128: 16-byte aligned by type
  ~State() {
    if (plan != nullptr) KISS_FFT_FREE(plan);
  }
};

Fft4::Fft4() = default;
Fft4::~Fft4() = default;

bool Fft4::configure(int points) {
  state_.reset();
  input_ = output_ = nullptr;
  if (points < 1) return false;
  auto state = std::make_unique<State>();
  state->plan = kiss_fft_alloc(points, 0, nullptr, nullptr);
  if (state->plan == nullptr) return false;
  state->input.resize(std::size_t(points));
  state->output.resize(std::size_t(points));
  input_ = reinterpret_cast<float*>(state->input.data());
  output_ = reinterpret_cast<float*>(state->output.data());
  state_ = std::move(state);
  return true;
}

void Fft4::transform() { kiss_fft(state_->plan, state_->input.data(), state_->output.data()); }

}  // namespace dsp
