// test_scale.cpp: frequency scales are exact forward/inverse pairs with the right shape.
#include <catch2/catch.hpp>
#include <cmath>

#include "dsp/frequency_scale.h"

using dsp::ScaleKind;

TEST_CASE("scales round-trip and hit their endpoints", "[scale]") {
  for (ScaleKind kind : {ScaleKind::kLinear, ScaleKind::kLog, ScaleKind::kMel, ScaleKind::kBark, ScaleKind::kErb,
                         ScaleKind::kNote}) {
    INFO(dsp::scale_name(kind));
    ScaleKind parsed;
    REQUIRE(dsp::scale_from_name(dsp::scale_name(kind), &parsed));
    REQUIRE(parsed == kind);
    dsp::FrequencyScale scale;
    REQUIRE(scale.configure(kind, 20, 20000) == dsp::ConfigError::kNone);
    REQUIRE(scale.to_unit(20) == Approx(0).margin(1e-12));
    REQUIRE(scale.to_unit(20000) == Approx(1).margin(1e-12));
    double previous = -1;
    for (double unit = 0; unit <= 1.0; unit += 1.0 / 97) {
      const double hz = scale.to_hz(unit);
      REQUIRE(hz > previous);  // monotonic
      previous = hz;
      REQUIRE(scale.to_unit(hz) == Approx(unit).margin(1e-9));
      REQUIRE(scale.to_hz(scale.to_unit(hz)) == Approx(hz).epsilon(1e-9));
    }
  }
}

TEST_CASE("scales have their defining shape", "[scale]") {
  dsp::FrequencyScale log_scale, linear, mel;
  REQUIRE(log_scale.configure(ScaleKind::kLog, 20, 20000) == dsp::ConfigError::kNone);
  REQUIRE(linear.configure(ScaleKind::kLinear, 0, 24000) == dsp::ConfigError::kNone);
  REQUIRE(mel.configure(ScaleKind::kMel, 0, 8000) == dsp::ConfigError::kNone);
  // Log: every decade is the same height; the middle is the geometric mean.
  REQUIRE(log_scale.to_unit(200) - log_scale.to_unit(20) == Approx(1.0 / 3));
  REQUIRE(log_scale.to_hz(0.5) == Approx(std::sqrt(20.0 * 20000.0)));
  REQUIRE(linear.to_unit(12000) == Approx(0.5));
  // Mel: 1000 Hz is ~1000 mel by construction of the O'Shaughnessy formula.
  REQUIRE(dsp::hz_to_mel(1000) == Approx(1000).margin(0.1));
  REQUIRE(dsp::mel_to_hz(dsp::hz_to_mel(4321)) == Approx(4321));
}

TEST_CASE("bad frequency ranges are refused", "[scale][config]") {
  dsp::FrequencyScale scale;
  REQUIRE(scale.configure(ScaleKind::kLog, 1000, 1000) == dsp::ConfigError::kFrequencyRangeInvalid);
  REQUIRE(scale.configure(ScaleKind::kLog, 2000, 1000) == dsp::ConfigError::kFrequencyRangeInvalid);
  REQUIRE(scale.configure(ScaleKind::kLog, 0, 1000) == dsp::ConfigError::kFrequencyRangeInvalid);
  REQUIRE(scale.configure(ScaleKind::kLinear, -5, 1000) == dsp::ConfigError::kFrequencyRangeInvalid);
  REQUIRE(scale.configure(ScaleKind::kMel, 0, NAN) == dsp::ConfigError::kFrequencyRangeInvalid);
  REQUIRE_FALSE(scale.ok());
  REQUIRE(scale.configure(ScaleKind::kLinear, 0, 1000) == dsp::ConfigError::kNone);
  REQUIRE(scale.ok());
}

TEST_CASE("Bark (Traunmueller 1990) follows Zwicker and Terhardt's critical-band table", "[scale]") {
  // Zwicker & Terhardt (1980), JASA 68(5): the upper edges of critical bands 1..24 in Hz.
  const double edges_hz[] = {100,  200,  300,  400,  510,  630,  770,  920,  1080, 1270,  1480,  1720,
                             2000, 2320, 2700, 3150, 3700, 4400, 5300, 6400, 7700, 9500, 12000, 15500};
  for (int band = 1; band <= 24; ++band) {
    INFO("band " << band);
    REQUIRE(dsp::hz_to_bark(edges_hz[band - 1]) == Approx(band).margin(0.25));
  }
  // The formula's own values where the corrections apply and where they do not.
  REQUIRE(dsp::hz_to_bark(1000) == Approx(26.81 * 1000 / 2960 - 0.53).margin(1e-12));
  const double raw_100 = 26.81 * 100 / 2060 - 0.53;
  REQUIRE(dsp::hz_to_bark(100) == Approx(raw_100 + 0.15 * (2 - raw_100)).margin(1e-12));
  for (double hz : {0.0, 5.0, 100.0, 150.0, 1000.0, 6000.0, 8000.0, 15000.0, 96000.0})
    REQUIRE(dsp::bark_to_hz(dsp::hz_to_bark(hz)) == Approx(hz).margin(1e-9 * (1 + hz)));
}

TEST_CASE("ERB-rate (Glasberg and Moore 1990) integrates 1/ERB", "[scale]") {
  // ERB(f) = 24.7 (4.37 f / 1000 + 1) Hz; the ERB-rate's slope must be 1/ERB (within the
  // rounding of 21.4 in the published formula).
  for (double hz : {50.0, 100.0, 500.0, 1000.0, 4000.0, 16000.0}) {
    INFO(hz << " Hz");
    const double slope = (dsp::hz_to_erb_rate(hz + 0.01) - dsp::hz_to_erb_rate(hz - 0.01)) / 0.02;
    REQUIRE(slope == Approx(1.0 / (24.7 * (4.37 * hz / 1000 + 1))).epsilon(0.005));
    REQUIRE(dsp::erb_rate_to_hz(dsp::hz_to_erb_rate(hz)) == Approx(hz).epsilon(1e-12));
  }
  REQUIRE(dsp::hz_to_erb_rate(1000) == Approx(15.62).margin(0.01));  // the usual quoted value
}

TEST_CASE("the note scale is 12-TET around an adjustable A4", "[scale]") {
  REQUIRE(dsp::hz_to_midi(440) == Approx(69));
  REQUIRE(dsp::hz_to_midi(261.6255653) == Approx(60).margin(1e-6));  // C4
  REQUIRE(dsp::hz_to_midi(432, 432) == Approx(69));
  REQUIRE(dsp::midi_to_hz(57, 442) == Approx(221));                 // A3 an octave below 442
  dsp::FrequencyScale notes;
  REQUIRE(notes.configure(ScaleKind::kNote, 27.5, 4186.01, 442) == dsp::ConfigError::kNone);
  REQUIRE(notes.a4_hz() == 442);
  // Every semitone is the same height.
  const double semitone = notes.to_unit(dsp::midi_to_hz(61)) - notes.to_unit(dsp::midi_to_hz(60));
  REQUIRE(notes.to_unit(dsp::midi_to_hz(100)) - notes.to_unit(dsp::midi_to_hz(99)) == Approx(semitone));
  REQUIRE(notes.configure(ScaleKind::kNote, 0, 1000) == dsp::ConfigError::kFrequencyRangeInvalid);
  REQUIRE(notes.configure(ScaleKind::kNote, 20, 1000, 0) == dsp::ConfigError::kFrequencyRangeInvalid);
}
