// test_real_fft.cpp: the SIMD split real FFT equals KissFFT's own real transform.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "dsp/real_fft.h"
#include "signals.h"

TEST_CASE("the split real FFT matches kiss_fftr for every size", "[fft]") {
  for (int n = 16; n <= 65536; n *= 2) {
    INFO("n=" << n);
    dsp::RealFft fast, reference;
    REQUIRE(fast.configure(n, true));
    REQUIRE(reference.configure(n, false));
    REQUIRE_FALSE(reference.uses_simd());
    const auto signal = test_signals::mix(test_signals::noise(0.5, std::size_t(n), 3),
                                          test_signals::sine(1000, 0.5, 48000, std::size_t(n)));
    std::vector<float> a(std::size_t(n + 2)), b(std::size_t(n + 2));
    fast.transform(signal.data(), a.data());
    reference.transform(signal.data(), b.data());
    double peak = 0, worst = 0;
    for (std::size_t i = 0; i < b.size(); ++i) peak = std::max(peak, double(std::abs(b[i])));
    for (std::size_t i = 0; i < b.size(); ++i) worst = std::max(worst, double(std::abs(a[i] - b[i])));
    // Float rounding of two different factorizations: far below anything a display shows.
    REQUIRE(worst <= 1e-5 * peak);
  }
}

TEST_CASE("the real FFT refuses sizes it cannot do", "[fft][config]") {
  dsp::RealFft fft;
  REQUIRE_FALSE(fft.configure(8));
  REQUIRE_FALSE(fft.configure(1000));
  REQUIRE(fft.configure(64));
}
