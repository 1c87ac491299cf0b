// test_multires.cpp: the multi-resolution spectrogram: half-band decimation, semitones resolved
// at A1, clicks kept short at 5 kHz, no seams at band edges, exact hop, bounded work.
#include <catch2/catch.hpp>
#include <cmath>
#include <complex>
#include <vector>

#include "dsp/analysis_limits.h"
#include "dsp/analyzer.h"
#include "dsp/halfband.h"
#include "dsp/multires.h"
#include "signals.h"

using namespace test_signals;

namespace {

constexpr double kRate = 48000;

// |H(f)| in dB of the half-band filter at f (as a fraction of the input rate).
double halfband_gain_db(double f) {
  std::complex<double> sum = 0;
  const auto& taps = dsp::HalfbandDecimator::taps();
  for (std::size_t i = 0; i < taps.size(); ++i) sum += taps[i] * std::polar(1.0, -2 * kPi * f * double(i));
  return 20 * std::log10(std::abs(sum));
}

dsp::AnalyzerConfig multires_config(dsp::AnalysisMode mode, int rows = 1000, dsp::ScaleKind scale = dsp::ScaleKind::kLog) {
  dsp::AnalyzerConfig config;
  config.stft.fft_size = 4096;
  config.stft.hop_frames = 256;
  config.stft.window = dsp::WindowKind::kHann;
  config.stft.sample_rate_hz = kRate;
  config.stft.min_db = -200;
  config.rows = rows;
  config.scale = scale;
  config.fmin_hz = 20;
  config.fmax_hz = 20000;
  config.history_frames = 16384;
  config.mode = mode;
  return config;
}

// Pushes the whole signal in blocks of 128 (as the capture does); returns every column.
std::vector<std::vector<float>> columns_of(dsp::Analyzer& analyzer, const std::vector<float>& signal) {
  std::vector<std::vector<float>> columns;
  std::size_t offset = 0;
  while (offset < signal.size()) {
    const std::size_t block = std::min<std::size_t>(128, signal.size() - offset);
    std::size_t done = 0;
    while (done < block) {
      done += analyzer.push(signal.data() + offset + done, block - done);
      if (analyzer.has_column()) columns.emplace_back(analyzer.column_db(), analyzer.column_db() + analyzer.config().rows);
    }
    offset += block;
  }
  return columns;
}

double loudest_row_db(const std::vector<float>& column, int first, int last, int* at = nullptr) {
  int best = first;
  for (int r = first; r <= last; ++r)
    if (column[std::size_t(r)] > column[std::size_t(best)]) best = r;
  if (at) *at = best;
  return column[std::size_t(best)];
}

}  // namespace

TEST_CASE("the half-band decimator is flat where bands are read and deep where aliases come from", "[multires]") {
  for (double f = 0; f <= 0.195; f += 0.001) REQUIRE(std::fabs(halfband_gain_db(f)) < 0.001);
  for (double f = 0.305; f <= 0.5; f += 0.001) REQUIRE(halfband_gain_db(f) < -95);
  // Streaming equals the direct convolution, sampled at every second input.
  dsp::HalfbandDecimator decimator;
  const auto x = noise(0.5, 400, 5);
  const auto& h = dsp::HalfbandDecimator::taps();
  std::size_t outputs = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    float y = 0;
    if (!decimator.push(x[i], &y)) continue;
    ++outputs;
    REQUIRE(i % 2 == 1);
    double expected = 0;
    for (std::size_t k = 0; k < h.size(); ++k)
      if (i >= k) expected += h[k] * x[i - k];
    REQUIRE(y == Approx(expected).margin(1e-6));
  }
  REQUIRE(outputs == x.size() / 2);
}

TEST_CASE("multires bands resolve semitones down to A1 and keep within the work budget", "[multires]") {
  REQUIRE(dsp::multires_band_count(48000) == 8);
  REQUIRE(dsp::multires_band_count(44100) == 8);
  REQUIRE(dsp::multires_band_count(8000) == 5);
  REQUIRE(dsp::multires_band_count(192000) == 10);
  dsp::Analyzer analyzer;
  REQUIRE(analyzer.configure(multires_config(dsp::AnalysisMode::kMultires)) == dsp::ConfigError::kNone);
  const auto& bands = analyzer.multires().bands();
  REQUIRE(bands.size() == 8);
  // Every band resolves a semitone (window >= 50/f) wherever it contributes.
  for (const dsp::BandInfo& band : bands) {
    INFO("band x" << band.decimation);
    if (band.low_hz > 0) REQUIRE(band.window_s >= 50 / band.low_hz - 1e-9);
  }
  REQUIRE(bands.back().window_s >= 50 / 55.0);
  // Blend weights sum to one everywhere.
  for (double hz = 20; hz < 24000; hz *= 1.01) {
    double sum = 0;
    for (int b = 0; b < 8; ++b) sum += analyzer.multires().band_weight(b, hz);
    REQUIRE(sum == Approx(1.0).margin(1e-9));
  }
  // FFT work per column (N log2 N) within 1.5x that of one N = 16384 STFT at the same hop,
  // with the analyzer's own STFT (N = 4096) counted, plain and reassigned.
  const double budget = 1.5 * 16384 * 14;
  const double plain = 4096 * 12 + 8 * 512 * 9;
  const double reassigned = 4096 * 12 + 4 * 8 * 512 * 9;
  REQUIRE(plain <= budget);
  REQUIRE(reassigned <= budget);
  REQUIRE(dsp::transform_points_per_frame(dsp::AnalysisMode::kMultires, 4096, 48000) == 4096 + 8 * 512);
}

TEST_CASE("multires: A1 and A#1 together show a dip, a click at 5 kHz stays under 10 ms", "[multires]") {
  for (dsp::AnalysisMode mode : {dsp::AnalysisMode::kMultires, dsp::AnalysisMode::kMultiresReassigned}) {
    INFO(dsp::analysis_mode_name(mode));
    dsp::Analyzer analyzer;
    REQUIRE(analyzer.configure(multires_config(mode)) == dsp::ConfigError::kNone);
    const double a1 = 55.0, a_sharp1 = 55.0 * std::pow(2.0, 1.0 / 12);
    const auto chord = mix(sine(a1, 0.25, kRate, std::size_t(6 * kRate)), sine(a_sharp1, 0.25, kRate, std::size_t(6 * kRate), 0.7));
    const auto columns = columns_of(analyzer, chord);
    REQUIRE(columns.size() > 500);
    const dsp::RowMapper& rows = analyzer.mapper();
    const int r1 = rows.row_of_hz(a1), r2 = rows.row_of_hz(a_sharp1);
    int worst_ok = 0, checked = 0;
    for (std::size_t c = 400; c < columns.size(); c += 50, ++checked) {
      int p1 = 0, p2 = 0;
      const double peak1 = loudest_row_db(columns[c], r1 - 2, r1 + 2, &p1);
      const double peak2 = loudest_row_db(columns[c], r2 - 2, r2 + 2, &p2);
      double dip = 1e9;
      for (int r = p1 + 1; r < p2; ++r) dip = std::min(dip, double(columns[c][std::size_t(r)]));
      worst_ok += std::min(peak1, peak2) - dip >= 6.0;
      if (mode == dsp::AnalysisMode::kMultires) {
        REQUIRE(peak1 == Approx(amplitude_db(0.25)).margin(1.0));  // each reads its level
        REQUIRE(peak2 == Approx(amplitude_db(0.25)).margin(1.0));
      }
    }
    REQUIRE(worst_ok == checked);  // in every column checked

    // A click: the 5 kHz row stays above half its peak power (-3 dB: the full width at half
    // maximum) for under 10 ms.
    analyzer.reset();
    std::vector<float> click(std::size_t(3 * kRate), 0.0f);
    click[std::size_t(1.5 * kRate)] = 1.0f;
    const auto click_columns = columns_of(analyzer, click);
    const int row = rows.row_of_hz(5000);
    double peak = -1e9;
    for (const auto& column : click_columns) peak = std::max(peak, double(column[std::size_t(row)]));
    int loud = 0;
    for (const auto& column : click_columns) loud += column[std::size_t(row)] >= peak - 3;
    const double hop_ms = 256 / kRate * 1000;
    INFO("click " << loud * hop_ms << " ms wide at 5 kHz");
    REQUIRE(loud * hop_ms < 10.0);
    // ... and at the right time: the column whose hop holds it, in every band (no skew).
    int first_loud = -1;
    for (std::size_t c = 0; c < click_columns.size() && first_loud < 0; ++c)
      if (click_columns[c][std::size_t(row)] >= peak - 3) first_loud = int(c);
    const double centre_s = ((first_loud + 1 + loud / 2.0) * 256 - dsp::kBandWindow / 2.0) / kRate;
    REQUIRE(centre_s == Approx(1.5).margin(0.006));
  }
}

TEST_CASE("multires has no seam: tones read their level across every band edge", "[multires]") {
  // A stepped sweep through every band edge and blend zone: a 0.5 amplitude sine must read
  // -6.02 dBFS in every band and in every blend (so nothing steps by 0.5 dB or more).
  dsp::Analyzer analyzer;
  REQUIRE(analyzer.configure(multires_config(dsp::AnalysisMode::kMultires, 1200)) == dsp::ConfigError::kNone);
  std::vector<double> frequencies;
  for (const dsp::BandInfo& band : analyzer.multires().bands()) {
    if (band.low_hz <= 0) continue;
    for (double f : {0.95, 1.0, 1.1, 1.2, std::sqrt(2.0), 1.6, 2.0, 2.2, 3.0, 4.0})
      if (band.low_hz * f < 20000) frequencies.push_back(band.low_hz * f);
  }
  frequencies.push_back(40.0);
  double lowest = 0, highest = -1e9;
  for (double hz : frequencies) {
    analyzer.reset();
    const auto columns = columns_of(analyzer, sine(hz, 0.5, kRate, std::size_t(3 * kRate)));
    const int row = analyzer.mapper().row_of_hz(hz);
    const double level = loudest_row_db(columns.back(), row - 3, row + 3);
    INFO(hz << " Hz reads " << level);
    REQUIRE(level == Approx(amplitude_db(0.5)).margin(0.25));
    lowest = std::min(lowest, level);
    highest = std::max(highest, level);
  }
  REQUIRE(highest - lowest < 0.5);
}

TEST_CASE("multires has no seam: pink noise changes smoothly across band edges", "[multires]") {
  // Pink noise (Paul Kellet's filter over white noise), 120 s, averaged per row (300 rows, 30 an
  // octave). The step at row r: the difference between the mean levels of the 6 rows above
  // and the 6 below, less what the local slope explains (from the means of the 12 rows beyond
  // each of those); averaging hides the spread of a noise estimate, not a step. A hard switch
  // between bands of windows an octave apart steps by ~3 dB, and blending over half an octave
  // leaves a 0.9 dB ripple an octave.
  const std::size_t count = std::size_t(120 * kRate);
  const auto white = noise(0.3, count, 9);
  std::vector<float> pink(count);
  double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const double w = white[i];
    b0 = 0.99886 * b0 + w * 0.0555179;
    b1 = 0.99332 * b1 + w * 0.0750759;
    b2 = 0.96900 * b2 + w * 0.1538520;
    b3 = 0.86650 * b3 + w * 0.3104856;
    b4 = 0.55000 * b4 + w * 0.5329522;
    b5 = -0.7616 * b5 - w * 0.0168980;
    pink[i] = float(0.2 * (b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362));
    b6 = w * 0.115926;
  }
  dsp::Analyzer analyzer;
  const int rows = 300;
  REQUIRE(analyzer.configure(multires_config(dsp::AnalysisMode::kMultires, rows)) == dsp::ConfigError::kNone);
  const auto columns = columns_of(analyzer, pink);
  std::vector<double> mean(std::size_t(rows), 0.0);
  for (std::size_t c = 300; c < columns.size(); ++c)
    for (int r = 0; r < rows; ++r) mean[std::size_t(r)] += std::pow(10.0, columns[c][std::size_t(r)] / 10);
  auto mean_db = [&](int from, int to) {
    double sum = 0;
    for (int r = from; r < to; ++r) sum += mean[std::size_t(r)];
    return 10 * std::log10(sum / (to - from));
  };
  const int first = analyzer.mapper().row_of_hz(50), last = analyzer.mapper().row_of_hz(15000);
  double worst = 0;
  int worst_row = 0;
  for (int r = first; r < last; ++r) {
    const double inner = mean_db(r, r + 6) - mean_db(r - 6, r);
    const double slope_per_row = (mean_db(r + 6, r + 18) - mean_db(r - 18, r - 6)) / 24;
    const double step = std::fabs(inner - 6 * slope_per_row);
    if (step > worst) worst = step, worst_row = r;
  }
  INFO("largest step " << worst << " dB at " << analyzer.mapper().row_center_hz(worst_row) << " Hz");
  REQUIRE(worst < 0.5);
}

TEST_CASE("multires keeps the analyzer's promises: exact hop, silence at the floor, no NaN", "[multires]") {
  for (dsp::AnalysisMode mode : {dsp::AnalysisMode::kMultires, dsp::AnalysisMode::kMultiresReassigned,
                                 dsp::AnalysisMode::kReassigned}) {
    INFO(dsp::analysis_mode_name(mode));
    dsp::Analyzer analyzer;
    REQUIRE(analyzer.configure(multires_config(mode, 300)) == dsp::ConfigError::kNone);
    std::vector<float> signal(std::size_t(4 * kRate), 0.0f);
    for (std::size_t i = 0; i < signal.size(); i += 997) signal[i] = std::nanf("");
    signal[1000] = INFINITY;
    const auto columns = columns_of(analyzer, signal);
    const int latency = analyzer.column_latency_frames();
    REQUIRE(int(columns.size()) == int(signal.size() / 256) - latency);
    REQUIRE(analyzer.columns().info(0).end_sample == std::uint64_t(columns.size()) * 256);
    for (const auto& column : columns)
      for (float db : column) REQUIRE(db == -200.0f);  // silence (and NaN replaced by zero) reads the floor
  }
}

TEST_CASE("a display change restarts the mode's columns on the same clock", "[multires]") {
  for (dsp::AnalysisMode mode : {dsp::AnalysisMode::kMultires, dsp::AnalysisMode::kReassigned}) {
    INFO(dsp::analysis_mode_name(mode));
    dsp::Analyzer analyzer;
    REQUIRE(analyzer.configure(multires_config(mode, 300)) == dsp::ConfigError::kNone);
    const auto tone = mix(sine(440, 0.3, kRate, std::size_t(6 * kRate)), sine(3000, 0.1, kRate, std::size_t(6 * kRate)));
    std::size_t offset = 0;
    auto push_until = [&](std::size_t end) {
      while (offset < end) offset += analyzer.push(tone.data() + offset, std::min<std::size_t>(100, end - offset));
    };
    push_until(std::size_t(2 * kRate) + 37);  // mid-hop
    REQUIRE(analyzer.set_display(400, dsp::ScaleKind::kMel, 50, 8000, 400) == dsp::ConfigError::kNone);
    REQUIRE(analyzer.columns().size() == 0);
    push_until(tone.size());
    REQUIRE(analyzer.samples_pushed() == tone.size());
    // The newest column ends on the clock of the whole signal, and shows the tone at its level.
    const std::uint64_t newest_end = analyzer.columns().info(0).end_sample;
    REQUIRE(newest_end <= tone.size());
    REQUIRE(newest_end + std::uint64_t(analyzer.column_latency_frames() + 2) * 256 >= tone.size());
    const float* column = analyzer.columns().frame(0);
    int loudest = 0;
    for (int r = 1; r < 400; ++r)
      if (column[r] > column[loudest]) loudest = r;
    REQUIRE(analyzer.mapper().row_center_hz(loudest) == Approx(440).epsilon(0.02));
  }
}
