// test_level.cpp: the fast dB conversion is as accurate as log10, and input sanitising.
#include <catch2/catch.hpp>
#include <cmath>

#include "dsp/level.h"

TEST_CASE("power_to_db matches 10 log10 within 1e-4 dB over 300 dB", "[level]") {
  for (double exponent = -29.9; exponent < 12; exponent += 0.0137) {
    const float power = float(std::pow(10.0, exponent));
    REQUIRE(dsp::power_to_db(power) == Approx(10.0 * std::log10(double(power))).margin(1e-4));
  }
  REQUIRE(dsp::power_to_db(1.0f) == Approx(0.0).margin(1e-6));
  REQUIRE(dsp::power_to_db(0.0f) == Approx(-300.0).margin(1e-3));
  REQUIRE(std::isfinite(dsp::power_to_db(NAN)));
}

TEST_CASE("sanitize_sample removes what would poison a frame", "[level]") {
  REQUIRE(dsp::sanitize_sample(NAN) == 0.0f);
  REQUIRE(dsp::sanitize_sample(INFINITY) == 0.0f);
  REQUIRE(dsp::sanitize_sample(-INFINITY) == 0.0f);
  REQUIRE(dsp::sanitize_sample(1e-40f) == 0.0f);
  REQUIRE(dsp::sanitize_sample(1e30f) == dsp::kMaxAbsSample);
  REQUIRE(dsp::sanitize_sample(-1e30f) == -dsp::kMaxAbsSample);
  REQUIRE(dsp::sanitize_sample(0.25f) == 0.25f);
  REQUIRE(dsp::sanitize_sample(-1.0f) == -1.0f);
}
