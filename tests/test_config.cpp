// test_config.cpp: every bad configuration is refused with a named error and leaves an inert
// object; a good configuration afterwards works again.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <set>
#include <string>

#include "dsp/analyzer.h"
#include "signals.h"

using dsp::ConfigError;

namespace {
dsp::AnalyzerConfig good() {
  dsp::AnalyzerConfig config;
  config.stft.fft_size = 1024;
  config.stft.hop_frames = 256;
  config.stft.sample_rate_hz = 48000;
  config.rows = 200;
  config.history_frames = 16;
  return config;
}

void require_inert(dsp::Analyzer& analyzer) {
  REQUIRE_FALSE(analyzer.ok());
  const auto signal = test_signals::sine(1000, 0.5, 48000, 4096);
  REQUIRE(analyzer.push(signal.data(), signal.size()) == 0);
  REQUIRE_FALSE(analyzer.has_frame());
  REQUIRE(analyzer.history().size() == 0);
}
}  // namespace

TEST_CASE("every bad analyzer configuration is refused by name", "[config]") {
  struct Case {
    const char* what;
    void (*spoil)(dsp::AnalyzerConfig&);
    ConfigError expected;
  };
  const Case cases[] = {
      {"fft 1000", [](dsp::AnalyzerConfig& c) { c.stft.fft_size = 1000; }, ConfigError::kFftSizeNotPowerOfTwo},
      {"fft 0", [](dsp::AnalyzerConfig& c) { c.stft.fft_size = 0; }, ConfigError::kFftSizeNotPowerOfTwo},
      {"fft -64", [](dsp::AnalyzerConfig& c) { c.stft.fft_size = -64; }, ConfigError::kFftSizeNotPowerOfTwo},
      {"fft 32", [](dsp::AnalyzerConfig& c) { c.stft.fft_size = 32; c.stft.hop_frames = 8; }, ConfigError::kFftSizeOutOfRange},
      {"fft 131072", [](dsp::AnalyzerConfig& c) { c.stft.fft_size = 131072; }, ConfigError::kFftSizeOutOfRange},
      {"window > fft", [](dsp::AnalyzerConfig& c) { c.stft.window_length = 2048; }, ConfigError::kWindowLengthOutOfRange},
      {"padding 32x", [](dsp::AnalyzerConfig& c) { c.stft.window_length = 32; c.stft.hop_frames = 8; }, ConfigError::kWindowLengthOutOfRange},
      {"hop 0", [](dsp::AnalyzerConfig& c) { c.stft.hop_frames = 0; }, ConfigError::kHopOutOfRange},
      {"hop > window", [](dsp::AnalyzerConfig& c) { c.stft.hop_frames = 1025; }, ConfigError::kHopOutOfRange},
      {"kaiser beta -1", [](dsp::AnalyzerConfig& c) { c.stft.window = dsp::WindowKind::kKaiser; c.stft.window_param = -1; }, ConfigError::kWindowParamInvalid},
      {"rate 0", [](dsp::AnalyzerConfig& c) { c.stft.sample_rate_hz = 0; }, ConfigError::kSampleRateInvalid},
      {"rate NaN", [](dsp::AnalyzerConfig& c) { c.stft.sample_rate_hz = NAN; }, ConfigError::kSampleRateInvalid},
      {"fmin >= fmax", [](dsp::AnalyzerConfig& c) { c.fmin_hz = 5000; c.fmax_hz = 5000; }, ConfigError::kFrequencyRangeInvalid},
      {"fmin above nyquist", [](dsp::AnalyzerConfig& c) { c.fmin_hz = 30000; c.fmax_hz = 40000; }, ConfigError::kFrequencyRangeInvalid},
      {"log fmin 0", [](dsp::AnalyzerConfig& c) { c.fmin_hz = 0; }, ConfigError::kFrequencyRangeInvalid},
      {"min dB >= max dB", [](dsp::AnalyzerConfig& c) { c.stft.min_db = -10; c.max_db = -10; }, ConfigError::kLevelRangeInvalid},
      {"max dB NaN", [](dsp::AnalyzerConfig& c) { c.max_db = NAN; }, ConfigError::kLevelRangeInvalid},
      {"rows 0", [](dsp::AnalyzerConfig& c) { c.rows = 0; }, ConfigError::kRowCountOutOfRange},
      {"history 0", [](dsp::AnalyzerConfig& c) { c.history_frames = 0; }, ConfigError::kHistoryCapacityInvalid},
  };
  for (const Case& bad : cases) {
    INFO(bad.what);
    dsp::Analyzer analyzer;
    REQUIRE(analyzer.configure(good()) == ConfigError::kNone);
    dsp::AnalyzerConfig config = good();
    bad.spoil(config);
    REQUIRE(dsp::validate(config) == bad.expected);
    REQUIRE(analyzer.configure(config) == bad.expected);
    require_inert(analyzer);
    // A good configuration brings it back.
    REQUIRE(analyzer.configure(good()) == ConfigError::kNone);
    const auto signal = test_signals::sine(1000, 0.5, 48000, 4096);
    std::size_t offset = 0;
    while (offset < signal.size()) offset += analyzer.push(signal.data() + offset, signal.size() - offset);
    REQUIRE(analyzer.history().size() == 16);
  }
}

TEST_CASE("every error has a distinct name and a message", "[config]") {
  std::set<std::string> names;
  for (int e = 0; e < dsp::kConfigErrorCount; ++e) {
    const auto error = ConfigError(e);
    names.insert(dsp::config_error_name(error));
    REQUIRE(std::strlen(dsp::config_error_message(error)) > 5);
  }
  REQUIRE(names.size() == std::size_t(dsp::kConfigErrorCount));
}

TEST_CASE("an unconfigured analyzer and STFT are inert", "[config]") {
  dsp::Analyzer analyzer;
  require_inert(analyzer);
  dsp::Stft stft;
  REQUIRE_FALSE(stft.ok());
  const float samples[4] = {1, 2, 3, 4};
  REQUIRE(stft.push(samples, 4) == 0);
}

TEST_CASE("the analyzer stores frames, maps rows and marks gaps", "[config]") {
  dsp::Analyzer analyzer;
  REQUIRE(analyzer.configure(good()) == ConfigError::kNone);
  const auto signal = test_signals::sine(1000, 0.5, 48000, 2048);
  std::size_t offset = 0, frames = 0;
  while (offset < signal.size()) {
    if (offset == 1024) analyzer.mark_gap();
    offset += analyzer.push(signal.data() + offset, signal.size() - offset);
    if (analyzer.has_frame()) ++frames;
  }
  REQUIRE(frames == 8);
  REQUIRE(analyzer.history().size() == 8);
  REQUIRE(analyzer.history().info(3).gap_before);   // the frame ending at 1280
  REQUIRE(analyzer.history().info(3).end_sample == 1280);
  REQUIRE_FALSE(analyzer.history().info(0).gap_before);
  const int row = analyzer.mapper().row_of_hz(1000);
  REQUIRE(analyzer.rows_db()[row] == Approx(test_signals::amplitude_db(0.5)).margin(1.0));
}
