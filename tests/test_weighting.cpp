// test_weighting.cpp: A, C and ITU-R 468 weightings against their standards' tables; the tilt.
#include <catch2/catch.hpp>
#include <cmath>

#include "dsp/weighting.h"

using dsp::Weighting;

namespace {
// IEC 61672-1:2013 Table 3: one-third-octave nominal frequencies from 10 Hz to 20 kHz with the
// A and C weightings in dB (rounded to 0.1 dB). The table is computed at the exact base-10
// frequencies 1000 x 10^(n/10), which is where it is checked here.
struct IecRow {
  double nominal_hz, a_db, c_db;
};
constexpr IecRow kIec61672[] = {
    {10, -70.4, -14.3},  {12.5, -63.4, -11.2}, {16, -56.7, -8.5},   {20, -50.5, -6.2},    {25, -44.7, -4.4},
    {31.5, -39.4, -3.0}, {40, -34.6, -2.0},    {50, -30.2, -1.3},   {63, -26.2, -0.8},    {80, -22.5, -0.5},
    {100, -19.1, -0.3},  {125, -16.1, -0.2},   {160, -13.4, -0.1},  {200, -10.9, 0.0},    {250, -8.6, 0.0},
    {315, -6.6, 0.0},    {400, -4.8, 0.0},     {500, -3.2, 0.0},    {630, -1.9, 0.0},     {800, -0.8, 0.0},
    {1000, 0.0, 0.0},    {1250, 0.6, 0.0},     {1600, 1.0, -0.1},   {2000, 1.2, -0.2},    {2500, 1.3, -0.3},
    {3150, 1.2, -0.5},   {4000, 1.0, -0.8},    {5000, 0.5, -1.3},   {6300, -0.1, -2.0},   {8000, -1.1, -3.0},
    {10000, -2.5, -4.4}, {12500, -4.3, -6.2},  {16000, -6.6, -8.5}, {20000, -9.3, -11.2},
};

// ITU-R BS.468-4 Table 1: the weighting network's response (dB) at the listed frequencies.
struct ItuRow {
  double hz, db;
};
constexpr ItuRow kItu468[] = {
    {31.5, -29.9}, {63, -23.9},   {100, -19.8},  {200, -13.8},  {400, -7.8},    {800, -1.9},   {1000, 0.0},
    {2000, 5.6},   {3150, 9.0},   {4000, 10.5},  {5000, 11.7},  {6300, 12.2},   {7100, 12.0},  {8000, 11.4},
    {9000, 10.1},  {10000, 8.1},  {12500, 0.0},  {14000, -5.3}, {16000, -11.7}, {20000, -22.2}, {31500, -42.7},
};
}  // namespace

TEST_CASE("A and C weightings match IEC 61672-1's table and are exactly 0 dB at 1 kHz", "[weighting]") {
  REQUIRE(dsp::weighting_db(Weighting::kA, 1000) == 0.0);
  REQUIRE(dsp::weighting_db(Weighting::kC, 1000) == 0.0);
  for (int n = -20; n <= 13; ++n) {
    const IecRow& row = kIec61672[n + 20];
    const double exact_hz = 1000.0 * std::pow(10.0, n / 10.0);
    INFO(row.nominal_hz << " Hz (exactly " << exact_hz << ")");
    REQUIRE(dsp::weighting_db(Weighting::kA, exact_hz) == Approx(row.a_db).margin(0.051));
    REQUIRE(dsp::weighting_db(Weighting::kC, exact_hz) == Approx(row.c_db).margin(0.051));
  }
}

TEST_CASE("ITU-R 468 weighting matches its table and is exactly 0 dB at 1 kHz", "[weighting]") {
  REQUIRE(dsp::weighting_db(Weighting::kItu468, 1000) == 0.0);
  for (const ItuRow& row : kItu468) {
    INFO(row.hz << " Hz");
    // The table is given to 0.1 dB; the standard's own tolerance is 0.2 dB or more everywhere.
    REQUIRE(dsp::weighting_db(Weighting::kItu468, row.hz) == Approx(row.db).margin(0.1));
  }
  // Its peak: +12.2 dB near 6.3 kHz.
  double best_hz = 0, best_db = -1e9;
  for (double hz = 3000; hz < 12000; hz *= 1.001)
    if (dsp::weighting_db(Weighting::kItu468, hz) > best_db) best_db = dsp::weighting_db(Weighting::kItu468, hz), best_hz = hz;
  REQUIRE(best_db == Approx(12.2).margin(0.1));
  REQUIRE(best_hz == Approx(6300).epsilon(0.05));
}

TEST_CASE("tilt is so many dB per octave around 1 kHz, no weighting is flat", "[weighting]") {
  REQUIRE(dsp::tilt_db(3, 1000) == 0.0);
  REQUIRE(dsp::tilt_db(3, 2000) == Approx(3));
  REQUIRE(dsp::tilt_db(3, 125) == Approx(-9));
  REQUIRE(dsp::tilt_db(-4.5, 4000) == Approx(-9));
  for (double hz : {10.0, 100.0, 1000.0, 20000.0}) REQUIRE(dsp::weighting_db(Weighting::kNone, hz) == 0.0);
  for (int i = 0; i < dsp::kWeightingCount; ++i) {
    Weighting parsed;
    REQUIRE(dsp::weighting_from_name(dsp::weighting_name(Weighting(i)), &parsed));
    REQUIRE(parsed == Weighting(i));
  }
  REQUIRE_FALSE(dsp::weighting_from_name("b", nullptr));
}

TEST_CASE("row offsets are the weighting and tilt at each row's centre", "[weighting]") {
  dsp::FrequencyScale scale;
  REQUIRE(scale.configure(dsp::ScaleKind::kLog, 20, 20000) == dsp::ConfigError::kNone);
  float offsets[300];
  dsp::row_offsets_db(scale, 300, Weighting::kA, 1.5, offsets);
  for (int r : {0, 57, 150, 299}) {
    const double hz = scale.to_hz((r + 0.5) / 300);
    REQUIRE(offsets[r] == Approx(dsp::weighting_db(Weighting::kA, hz) + 1.5 * std::log2(hz / 1000)).margin(1e-4));
  }
}
