// test_peak.cpp: interpolated peak frequency and level anywhere between two bins.
#include <catch2/catch.hpp>
#include <cmath>

#include "dsp/peak.h"
#include "signals.h"
#include "stft_helpers.h"

using dsp::WindowKind;
using namespace test_signals;

TEST_CASE("peak is within 1% of a bin and 0.1 dB anywhere between bins", "[peak]") {
  const double rate = 48000;
  const WindowKind hann_and_better[] = {WindowKind::kHann, WindowKind::kBlackman,
                                        WindowKind::kBlackmanHarris, WindowKind::kNuttall,
                                        WindowKind::kFlatTop, WindowKind::kKaiser,
                                        WindowKind::kGaussian, WindowKind::kHamming};
  for (WindowKind kind : hann_and_better) {
    for (int padding : {1, 4}) {
      dsp::Stft stft;
      const int fft_size = 4096;
      REQUIRE(stft.configure(stft_config(fft_size, kind, 0, rate, fft_size / padding)) ==
              dsp::ConfigError::kNone);
      for (double fraction = 0.0; fraction <= 1.0001; fraction += 0.1) {
        const double bin = 301 + fraction, hz = bin * stft.bin_hz(), amplitude = 0.3;
        INFO(dsp::window_name(kind) << " padding=" << padding << " bin=" << bin);
        last_frame(stft, sine(hz, amplitude, rate, 3 * fft_size, fraction * 5));
        const dsp::Peak peak = dsp::find_peak(stft, 20, 20000);
        REQUIRE(peak.found);
        REQUIRE(std::abs(peak.hz - hz) < 0.01 * stft.bin_hz());
        REQUIRE(peak.db == Approx(amplitude_db(amplitude)).margin(0.1));
      }
    }
  }
}

TEST_CASE("peak finds the stronger of two tones and respects the range", "[peak]") {
  dsp::Stft stft;
  REQUIRE(stft.configure(stft_config(8192, WindowKind::kHann)) == dsp::ConfigError::kNone);
  const double rate = 48000;
  last_frame(stft, mix(sine(440, 0.5, rate, 32768), sine(3520.7, 0.1, rate, 32768)));
  const dsp::Peak strongest = dsp::find_peak(stft, 0, 24000);
  REQUIRE(strongest.hz == Approx(440).margin(0.01 * stft.bin_hz()));
  REQUIRE(strongest.db == Approx(amplitude_db(0.5)).margin(0.1));
  const dsp::Peak upper = dsp::find_peak(stft, 1000, 24000);
  REQUIRE(upper.hz == Approx(3520.7).margin(0.01 * stft.bin_hz()));
  REQUIRE(upper.db == Approx(amplitude_db(0.1)).margin(0.1));
  REQUIRE_FALSE(dsp::find_peak(stft, 30000, 40000).found);  // past Nyquist: nothing
}

TEST_CASE("a tone just outside the range is not read at the range's edge", "[peak]") {
  // The readout's search reaches a few pixels from the pointer: when its edge falls on a tone's
  // slope, the tone's level must not be reported a fraction of a bin off.
  dsp::Stft stft;
  REQUIRE(stft.configure(stft_config(4096, WindowKind::kHann)) == dsp::ConfigError::kNone);
  const double rate = 48000, amplitude = 0.3, bin = 301.6, hz = bin * stft.bin_hz();
  last_frame(stft, sine(hz, amplitude, rate, 3 * 4096));
  const dsp::Peak beyond = dsp::find_peak(stft, 302.5 * stft.bin_hz(), 320 * stft.bin_hz());
  INFO("found " << beyond.found << " at " << beyond.hz / stft.bin_hz() << " bins, " << beyond.db << " dB");
  REQUIRE((!beyond.found || beyond.db < amplitude_db(amplitude) - 60));
  // The tone's loudest bin inside the range: the tone itself, exactly.
  const dsp::Peak edge = dsp::find_peak(stft, 301.9 * stft.bin_hz(), 320 * stft.bin_hz());
  REQUIRE(edge.found);
  REQUIRE(std::abs(edge.hz - hz) < 0.01 * stft.bin_hz());
  REQUIRE(edge.db == Approx(amplitude_db(amplitude)).margin(0.1));
}

TEST_CASE("silence has no peak above the floor and an unconfigured STFT none at all", "[peak]") {
  dsp::Stft stft;
  REQUIRE_FALSE(dsp::find_peak(stft, 0, 24000).found);
  REQUIRE(stft.configure(stft_config(1024, WindowKind::kHann)) == dsp::ConfigError::kNone);
  last_frame(stft, std::vector<float>(4096, 0.0f));
  const dsp::Peak peak = dsp::find_peak(stft, 0, 24000);
  REQUIRE(peak.db == Approx(stft.config().min_db));
  REQUIRE(std::isfinite(peak.hz));
}
