// test_real_fft.cpp: the SIMD split real FFT equals KissFFT's own real transform.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "dsp/real_fft.h"
#include "dsp/real_fft4.h"
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

TEST_CASE("four real FFTs at once match kiss_fftr on each lane", "[fft]") {
  for (int n = 16; n <= 32768; n *= 2) {
    INFO("n=" << n);
    dsp::RealFft4 four;
    REQUIRE(four.configure(n));
    dsp::RealFft reference;
    REQUIRE(reference.configure(n, false));
    std::vector<std::vector<float>> inputs;
    for (int r = 0; r < 4; ++r)  // four different signals: a lane mix-up cannot pass
      inputs.push_back(test_signals::mix(test_signals::noise(0.3, std::size_t(n), std::uint32_t(11 + r)),
                                         test_signals::sine(500.0 * (r + 1), 0.5, 48000, std::size_t(n))));
    std::vector<std::vector<float>> outputs(4, std::vector<float>(std::size_t(n + 2)));
    const float* in[4] = {inputs[0].data(), inputs[1].data(), inputs[2].data(), inputs[3].data()};
    float* out[4] = {outputs[0].data(), outputs[1].data(), outputs[2].data(), outputs[3].data()};
    four.transform(in, out);
    for (int r = 0; r < 4; ++r) {
      std::vector<float> expected(std::size_t(n + 2));
      reference.transform(inputs[std::size_t(r)].data(), expected.data());
      double peak = 0, worst = 0;
      for (std::size_t i = 0; i < expected.size(); ++i) peak = std::max(peak, double(std::abs(expected[i])));
      for (std::size_t i = 0; i < expected.size(); ++i)
        worst = std::max(worst, double(std::abs(outputs[std::size_t(r)][i] - expected[i])));
      REQUIRE(worst <= 1e-5 * peak);
    }
  }
}
