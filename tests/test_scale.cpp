// test_scale.cpp: frequency scales are exact forward/inverse pairs with the right shape.
#include <catch2/catch.hpp>
#include <cmath>

#include "dsp/frequency_scale.h"

using dsp::ScaleKind;

TEST_CASE("scales round-trip and hit their endpoints", "[scale]") {
  for (ScaleKind kind : {ScaleKind::kLinear, ScaleKind::kLog, ScaleKind::kMel}) {
    INFO(dsp::scale_name(kind));
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
