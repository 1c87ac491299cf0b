// test_row_mapper.cpp: bins -> display rows never lose a tone, and the rows cover the range.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <random>

#include "dsp/row_mapper.h"
#include "dsp/stft.h"
#include "signals.h"
#include "stft_helpers.h"
#include "window_kinds.h"

using dsp::ScaleKind;
using dsp::WindowKind;
using namespace test_signals;
using test_signals::kAllWindowKinds;

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

namespace {
// The mapper as the analyzer configures it: with the lobe of the STFT's own window.
dsp::RowMapperConfig mapper_config_for(const dsp::Stft& stft, int rows, ScaleKind scale, double fmin, double fmax) {
  dsp::RowMapperConfig config = mapper_config(rows, scale, fmin, fmax, stft.config().fft_size, stft.config().sample_rate_hz);
  config.lobe.configure(stft.window(), std::size_t(stft.config().window_length), stft.config().fft_size);
  return config;
}

// Half the main lobe's width, in bins of the unpadded window (its first null, or for the
// Gaussian where it has fallen below -90 dB).
double main_lobe_half_width_bins(WindowKind window) {
  switch (window) {
    case WindowKind::kRectangular: return 1;
    case WindowKind::kHann: case WindowKind::kHamming: return 2;
    case WindowKind::kBlackman: return 3;
    case WindowKind::kKaiser: return 3.1;  // sqrt(1 + (beta / pi)^2), beta 9
    case WindowKind::kBlackmanHarris: case WindowKind::kNuttall: case WindowKind::kGaussian: return 4;
    case WindowKind::kFlatTop: return 5;
  }
  return 5;
}
}  // namespace

TEST_CASE("no pure tone is lost: its row reads within 1 dB for R = 64..4096, every window", "[mapper]") {
  const double rate = 48000, amplitude = 0.5;
  const int fft_size = 4096;
  std::mt19937 rng(2024);
  std::uniform_real_distribution<double> log_uniform(std::log(40.0), std::log(19500.0));
  std::vector<double> tones_hz = {50, 100, 440, 997, 1000, 4000, 12345.6, 19000};
  // Exactly half-way between two bins: where a window's scalloping loss is largest.
  for (double bin : {37.5, 301.5, 1200.5}) tones_hz.push_back(bin * rate / fft_size);
  for (int i = 0; i < 16; ++i) tones_hz.push_back(std::exp(log_uniform(rng)));

  for (WindowKind window : kAllWindowKinds) {
    for (int padding : {1, 4}) {
      dsp::Stft stft;
      REQUIRE(stft.configure(stft_config(fft_size, window, 0, rate, fft_size / padding)) == dsp::ConfigError::kNone);
      // A tone closer to DC than its main lobe's width meets its own negative-frequency image
      // inside the lobe: two components beating, which is physics rather than mapping.
      const double natural_bin_hz = rate / (fft_size / padding);
      for (double hz : tones_hz) {
        if (hz < (main_lobe_half_width_bins(window) + 1) * natural_bin_hz) continue;
        const auto frame = last_frame(stft, sine(hz, amplitude, rate, 3 * fft_size, 0.7));
        for (ScaleKind scale : {ScaleKind::kLog, ScaleKind::kLinear, ScaleKind::kMel}) {
          for (int rows : {64, 100, 333, 1000, 2048, 4096}) {
            INFO(dsp::window_name(window) << " padding " << padding << " " << dsp::scale_name(scale)
                                          << " rows=" << rows << " tone=" << hz << " Hz");
            dsp::RowMapper mapper;
            REQUIRE(mapper.configure(mapper_config_for(stft, rows, scale, 20, 20000)) == dsp::ConfigError::kNone);
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
}

TEST_CASE("the lobe shape knows each window's scalloping loss", "[mapper]") {
  // Half a bin from the tone: 20 log10 of the window's DTFT at 0.5 bins over its sum (Harris
  // 1978, "scallop loss"): rectangular 3.92 dB, Hann 1.42, Hamming 1.75, Blackman-Harris 0.83.
  const struct {
    WindowKind kind;
    double loss_db;
  } expected[] = {{WindowKind::kRectangular, 3.92}, {WindowKind::kHann, 1.42},
                  {WindowKind::kHamming, 1.75}, {WindowKind::kBlackmanHarris, 0.83}};
  for (const auto& e : expected) {
    INFO(dsp::window_name(e.kind));
    const auto window = dsp::make_window(e.kind, 1024, 0);
    dsp::LobeShape lobe;
    lobe.configure(window.data(), window.size(), 1024);
    REQUIRE(lobe.max_lift_db() == Approx(e.loss_db).margin(0.01));
    REQUIRE(lobe.db_at(0) == 0.0f);
    // Inverting the drop to the louder neighbour gives back the offset.
    for (float offset : {0.0f, 0.1f, 0.25f, 0.4f, 0.5f}) {
      const float drop = lobe.db_at(offset) - lobe.db_at(1.0f - offset);
      REQUIRE(lobe.offset_from_drop(drop) == Approx(offset).margin(0.01));
    }
  }
}

TEST_CASE("the peak lift is capped at the window's scalloping loss, whatever the frame", "[mapper]") {
  // Frames no single tone can make: cliffs (a loud bin, or a loud pair, beside floored bins) and
  // random noise. A curve through such points overshoots by tens of dB unless capped; no row may
  // read above the loudest bin by more than the lobe's largest possible lift.
  for (WindowKind window : {WindowKind::kRectangular, WindowKind::kHann, WindowKind::kFlatTop}) {
    const int fft_size = 1024;
    dsp::Stft stft;
    REQUIRE(stft.configure(stft_config(fft_size, window)) == dsp::ConfigError::kNone);
    std::vector<std::vector<float>> frames;
    std::vector<float> cliff(513, -200.0f);
    cliff[100] = -10.0f;
    frames.push_back(cliff);
    cliff[101] = -10.0f;  // an equal pair: the tone would be exactly between them
    frames.push_back(cliff);
    cliff[300] = -20.0f, cliff[301] = -80.0f, cliff[299] = -21.0f;
    frames.push_back(cliff);
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> level(-120.0f, -10.0f);
    std::vector<float> noisy(513);
    for (int i = 0; i < 20; ++i) {
      for (float& db : noisy) db = level(rng);
      frames.push_back(noisy);
    }
    for (ScaleKind scale : {ScaleKind::kLinear, ScaleKind::kLog}) {
      for (int rows : {100, 2000}) {
        dsp::RowMapper mapper;
        const dsp::RowMapperConfig config = mapper_config_for(stft, rows, scale, 20, 24000);
        REQUIRE(mapper.configure(config) == dsp::ConfigError::kNone);
        const float cap = config.lobe.max_lift_db();
        std::vector<float> row_db(static_cast<std::size_t>(rows));
        for (const auto& frame : frames) {
          INFO(dsp::window_name(window) << " rows=" << rows);
          mapper.map(frame.data(), row_db.data());
          // Bin 0 lies below the 20 Hz bottom row; bin 1 (47 Hz) is the first one shown.
          const float loudest_bin = *std::max_element(frame.begin() + 1, frame.end());
          const float loudest_row = *std::max_element(row_db.begin(), row_db.end());
          REQUIRE(loudest_row <= loudest_bin + cap + 1e-4f);
          REQUIRE(loudest_row >= loudest_bin - 1e-4f);  // and the loudest bin is never lost
        }
        // A lone loud bin is a tone on that bin: no lift at all.
        mapper.map(frames[0].data(), row_db.data());
        REQUIRE(*std::max_element(row_db.begin(), row_db.end()) == Approx(-10.0f).margin(1e-3));
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
