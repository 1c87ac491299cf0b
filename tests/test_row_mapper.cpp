// test_row_mapper.cpp: bins -> display rows never lose a tone, and the rows cover the range.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <random>

#include "dsp/row_mapper.h"
#include "dsp/stft.h"
#include "signals.h"
#include "stft_helpers.h"

using dsp::ScaleKind;
using dsp::WindowKind;
using namespace test_signals;

namespace {
dsp::RowMapperConfig mapper_config(int rows, ScaleKind scale, double fmin, double fmax, int fft_size,
                                   double rate) {
  dsp::RowMapperConfig config;
  config.rows = rows;
  config.scale = scale;
  config.fmin_hz = fmin;
  config.fmax_hz = fmax;
  config.fft_size = fft_size;
  config.sample_rate_hz = rate;
  return config;
}
}  // namespace

TEST_CASE("rows are monotonic and cover their endpoints", "[mapper]") {
  for (ScaleKind scale : {ScaleKind::kLinear, ScaleKind::kLog, ScaleKind::kMel}) {
    for (int rows : {1, 64, 777, 4096}) {
      INFO(dsp::scale_name(scale) << " rows=" << rows);
      dsp::RowMapper mapper;
      REQUIRE(mapper.configure(mapper_config(rows, scale, 20, 20000, 4096, 48000)) == dsp::ConfigError::kNone);
      REQUIRE(mapper.row_low_hz(0) == Approx(20));
      REQUIRE(mapper.row_high_hz(rows - 1) == Approx(20000));
      REQUIRE(mapper.row_of_hz(20) == 0);
      REQUIRE(mapper.row_of_hz(19999.9) == rows - 1);
      for (int r = 1; r < rows; ++r) {
        REQUIRE(mapper.row_center_hz(r) > mapper.row_center_hz(r - 1));
        REQUIRE(mapper.row_low_hz(r) == Approx(mapper.row_high_hz(r - 1)));
      }
    }
  }
}

TEST_CASE("no pure tone is lost: its row reads within 1 dB for R = 64..4096", "[mapper]") {
  const double rate = 48000, amplitude = 0.5;
  const int fft_size = 4096;
  std::mt19937 rng(2024);
  std::uniform_real_distribution<double> log_uniform(std::log(40.0), std::log(19500.0));
  std::vector<double> tones_hz = {50, 100, 440, 997, 1000, 4000, 12345.6, 19000};
  for (int i = 0; i < 24; ++i) tones_hz.push_back(std::exp(log_uniform(rng)));

  for (WindowKind window : {WindowKind::kHann, WindowKind::kBlackmanHarris, WindowKind::kFlatTop}) {
    dsp::Stft stft;
    REQUIRE(stft.configure(stft_config(fft_size, window)) == dsp::ConfigError::kNone);
    for (double hz : tones_hz) {
      const auto frame = last_frame(stft, sine(hz, amplitude, rate, 3 * fft_size, 0.7));
      for (ScaleKind scale : {ScaleKind::kLog, ScaleKind::kLinear, ScaleKind::kMel}) {
        for (int rows : {64, 100, 128, 256, 333, 512, 1000, 1024, 2048, 4096}) {
          INFO(dsp::window_name(window) << " " << dsp::scale_name(scale) << " rows=" << rows
                                        << " tone=" << hz << " Hz");
          dsp::RowMapper mapper;
          REQUIRE(mapper.configure(mapper_config(rows, scale, 20, 20000, fft_size, rate)) ==
                  dsp::ConfigError::kNone);
          std::vector<float> row_db(std::size_t(rows), 1e9f);
          mapper.map(frame.data(), row_db.data());
          const float tone_row_db = row_db[std::size_t(mapper.row_of_hz(hz))];
          REQUIRE(tone_row_db == Approx(amplitude_db(amplitude)).margin(1.0));
          // ...and nothing reads louder than the tone itself.
          REQUIRE(*std::max_element(row_db.begin(), row_db.end()) < amplitude_db(amplitude) + 1.0);
        }
      }
    }
  }
}

TEST_CASE("silence maps to the floor and every row is written", "[mapper]") {
  dsp::RowMapper mapper;
  REQUIRE(mapper.configure(mapper_config(300, ScaleKind::kLog, 20, 24000, 1024, 48000)) == dsp::ConfigError::kNone);
  const std::vector<float> floor_frame(513, -120.0f);
  std::vector<float> rows(300, 5.0f);
  mapper.map(floor_frame.data(), rows.data());
  for (float db : rows) REQUIRE(db == -120.0f);
}

TEST_CASE("a range past Nyquist reads the top bin instead of overrunning", "[mapper]") {
  dsp::RowMapper mapper;
  REQUIRE(mapper.configure(mapper_config(100, ScaleKind::kLinear, 0, 40000, 256, 16000)) == dsp::ConfigError::kNone);
  std::vector<float> frame(129, -100.0f);
  frame[128] = -10.0f;
  std::vector<float> rows(100);
  mapper.map(frame.data(), rows.data());
  REQUIRE(rows.back() == Approx(-10.0f));
}

TEST_CASE("a bad mapper configuration is refused and leaves it inert", "[mapper][config]") {
  dsp::RowMapper mapper;
  REQUIRE(mapper.configure(mapper_config(0, ScaleKind::kLog, 20, 20000, 1024, 48000)) == dsp::ConfigError::kRowCountOutOfRange);
  REQUIRE(mapper.configure(mapper_config(100, ScaleKind::kLog, 20000, 20, 1024, 48000)) == dsp::ConfigError::kFrequencyRangeInvalid);
  REQUIRE(mapper.configure(mapper_config(100, ScaleKind::kLog, 20, 20000, 1000, 48000)) == dsp::ConfigError::kFftSizeNotPowerOfTwo);
  REQUIRE(mapper.configure(mapper_config(100, ScaleKind::kLog, 20, 20000, 1024, 0)) == dsp::ConfigError::kSampleRateInvalid);
  REQUIRE_FALSE(mapper.ok());
  REQUIRE(mapper.rows() == 0);
  std::vector<float> frame(513, -50.0f), rows(100, 7.0f);
  mapper.map(frame.data(), rows.data());
  REQUIRE(rows[0] == 7.0f);  // untouched
}
