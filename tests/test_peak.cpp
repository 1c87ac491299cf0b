// test_peak.cpp: interpolated peak frequency and level anywhere between two bins.
#include <catch2/catch.hpp>
#include <cmath>

#include "dsp/peak.h"
#include "signals.h"
#include "stft_helpers.h"

using dsp::WindowKind;
using namespace test_signals;

namespace {

// The peak is the tone: found, at its frequency to 1 % of a bin, at its level to 0.1 dB.
void require_tone(const dsp::Peak& peak, const dsp::Stft& stft, double hz, double amplitude) {
  REQUIRE(peak.found);
  REQUIRE(std::abs(peak.hz - hz) < 0.01 * stft.bin_hz());
  REQUIRE(peak.db == Approx(amplitude_db(amplitude)).margin(0.1));
}

}  // namespace

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
        require_tone(dsp::find_peak(stft, 20, 20000), stft, hz, amplitude);
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
  // A control: the tone's loudest bin inside the range gives the tone itself, exactly.
  require_tone(dsp::find_peak(stft, 301.9 * stft.bin_hz(), 320 * stft.bin_hz()), stft, hz, amplitude);
}

TEST_CASE("a whole band's peak is found past rumble below its lower edge", "[peak]") {
  // 8 Hz rumble at 0.9 leaks into the band's first bins above 20 Hz far louder than a quiet
  // 440 Hz tone inside it; skipping the edge's slope finds the tone, not nothing.
  dsp::Stft stft;
  REQUIRE(stft.configure(stft_config(4096, WindowKind::kHann)) == dsp::ConfigError::kNone);
  const double rate = 48000;
  last_frame(stft, mix(sine(8, 0.9, rate, 3 * 4096), sine(440, 0.001, rate, 3 * 4096)));
  REQUIRE(stft.frame_db()[2] > amplitude_db(0.001));  // the rumble's slope at 20 Hz is louder than the tone
  REQUIRE_FALSE(dsp::find_peak(stft, 20, 20000).found);  // near a point: a slope is no peak
  const dsp::Peak band = dsp::find_peak(stft, 20, 20000, dsp::EdgeSlopes::kSkip);
  INFO("found " << band.found << " at " << band.hz << " Hz, " << band.db << " dB");
  require_tone(band, stft, 440, 0.001);
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
