// test_reassignment.cpp: reassigned spectrograms with known answers: where a tone between bins,
// an impulse, a chirp and two close tones land; calibration; energy conservation; pruning.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "dsp/reassignment.h"
#include "dsp/ridge.h"
#include "dsp/stft.h"
#include "signals.h"
#include "stft_helpers.h"

using namespace test_signals;

namespace {

constexpr double kRate = 48000;

dsp::ReassignerConfig linear_config(int fft_size, int hop, int rows, double fmax_hz = kRate / 2) {
  dsp::ReassignerConfig config;
  config.fft_size = fft_size;
  config.hop_frames = hop;
  config.sample_rate_hz = kRate;
  config.rows = rows;
  config.scale = dsp::ScaleKind::kLinear;
  config.fmin_hz = 0;
  config.fmax_hz = fmax_hz;
  return config;
}

// Every finished column of `signal`, frame by frame (frame j ends at (j+1) hop).
std::vector<std::vector<float>> columns_of(dsp::Reassigner& reassigner, const std::vector<float>& signal,
                                           int fft_size, int hop) {
  std::vector<std::vector<float>> columns;
  std::vector<float> frame(std::size_t(fft_size), 0.0f);
  for (std::size_t end = std::size_t(hop); end <= signal.size(); end += std::size_t(hop)) {
    for (int i = 0; i < fft_size; ++i) {
      const std::ptrdiff_t at = std::ptrdiff_t(end) - fft_size + i;
      frame[std::size_t(i)] = at >= 0 ? signal[std::size_t(at)] : 0.0f;
    }
    reassigner.add_frame(frame.data());
    if (reassigner.has_column()) {
      REQUIRE(reassigner.column_index() == std::int64_t(columns.size()));
      columns.emplace_back(reassigner.column_db(), reassigner.column_db() + reassigner.plane().rows());
    }
  }
  return columns;
}

double db_to_energy(double db) { return std::pow(10.0, db / 10.0); }

// The ridge around the loudest row: rows on either side while the level keeps falling.
struct Ridge {
  int first, last, peak;
  double energy, centroid_row, width_rows;  // width = 2 x energy-weighted standard deviation
};
Ridge ridge_at(const std::vector<float>& column, int around, int search = 3) {
  const int rows = int(column.size());
  int peak = around;
  for (int r = std::max(0, around - search); r <= std::min(rows - 1, around + search); ++r)
    if (column[std::size_t(r)] > column[std::size_t(peak)]) peak = r;
  int first = peak, last = peak;
  while (first > 0 && column[std::size_t(first - 1)] < column[std::size_t(first)] && column[std::size_t(first - 1)] > -190) --first;
  while (last < rows - 1 && column[std::size_t(last + 1)] < column[std::size_t(last)] && column[std::size_t(last + 1)] > -190) ++last;
  double energy = 0, moment = 0;
  for (int r = first; r <= last; ++r) {
    energy += db_to_energy(column[std::size_t(r)]);
    moment += r * db_to_energy(column[std::size_t(r)]);
  }
  const double centroid = moment / energy;
  double spread = 0;
  for (int r = first; r <= last; ++r) spread += (r - centroid) * (r - centroid) * db_to_energy(column[std::size_t(r)]);
  return {first, last, peak, energy, centroid, 2 * std::sqrt(spread / energy)};
}

}  // namespace

TEST_CASE("a sine between bins is placed within 0.02 bin", "[reassignment]") {
  const int n = 4096;
  for (dsp::WindowKind window : {dsp::WindowKind::kHann, dsp::WindowKind::kBlackmanHarris, dsp::WindowKind::kKaiser}) {
    for (double k : {100.37, 511.37, 1000.5, 37.81}) {
      INFO(dsp::window_name(window) << " tone at bin " << k);
      dsp::FrameReassigner frame;
      REQUIRE(frame.configure(n, n, window, 0, dsp::ReassignmentOptions{}) == dsp::ConfigError::kNone);
      const auto signal = sine(k * kRate / n, 0.5, kRate, std::size_t(n), 0.3);
      frame.analyse(signal.data());
      REQUIRE(frame.point_count() > 0);
      double energy = 0, moment = 0;
      for (std::size_t i = 0; i < frame.point_count(); ++i) {
        const dsp::ReassignedPoint& p = frame.points()[i];
        if (std::fabs(p.bin - k) > 4) continue;  // a stray point far away would show here
        energy += p.energy;
        moment += p.energy * p.bin;
        // Every main-lobe point lands on the tone, not only their centroid.
        if (p.energy > 1e-3 * 0.25) REQUIRE(std::fabs(p.bin - k) < 0.02);
      }
      REQUIRE(moment / energy == Approx(k).margin(0.02));
      REQUIRE(10 * std::log10(energy) == Approx(amplitude_db(0.5)).margin(0.1));
    }
  }
}

TEST_CASE("an impulse is placed within one sample", "[reassignment]") {
  const int n = 2048;
  for (int position : {1024, 700, 1500}) {
    INFO("impulse at sample " << position << " of the frame");
    dsp::FrameReassigner frame;
    dsp::ReassignmentOptions options;
    REQUIRE(frame.configure(n, n, dsp::WindowKind::kHann, 0, options) == dsp::ConfigError::kNone);
    std::vector<float> signal(std::size_t(n), 0.0f);
    signal[std::size_t(position)] = 1.0f;
    frame.analyse(signal.data());
    REQUIRE(frame.point_count() > 100);  // pruning keeps impulses (q = 1)
    for (std::size_t i = 0; i < frame.point_count(); ++i)
      REQUIRE(frame.points()[i].offset_samples + n / 2.0 == Approx(position).margin(1.0));
  }
}

TEST_CASE("a full-scale sine reads 0 dBFS as its ridge's energy, on every scale", "[reassignment]") {
  for (dsp::ScaleKind scale : {dsp::ScaleKind::kLinear, dsp::ScaleKind::kLog, dsp::ScaleKind::kMel, dsp::ScaleKind::kNote}) {
    for (double hz : {440.0, 1234.5, 6000.0}) {
      INFO(dsp::scale_name(scale) << " " << hz << " Hz");
      dsp::ReassignerConfig config = linear_config(4096, 1024, 600);
      config.scale = scale;
      config.fmin_hz = 20;
      config.fmax_hz = 20000;
      dsp::Reassigner reassigner;
      REQUIRE(reassigner.configure(config) == dsp::ConfigError::kNone);
      const auto columns = columns_of(reassigner, sine(hz, 1.0, kRate, 48000), 4096, 1024);
      REQUIRE(columns.size() > 20);
      dsp::FrequencyScale axis;
      REQUIRE(axis.configure(scale, 20, 20000) == dsp::ConfigError::kNone);
      const int row = int(axis.to_unit(hz) * 600);
      const Ridge ridge = ridge_at(columns[30], row);
      REQUIRE(10 * std::log10(ridge.energy) == Approx(0.0).margin(0.1));
      REQUIRE(axis.to_hz((ridge.centroid_row + 0.5) / 600) == Approx(hz).epsilon(0.002));
    }
  }
}

TEST_CASE("a linear chirp's reassigned ridge is at most one row wide where the STFT's is many", "[reassignment]") {
  // 500 Hz -> 1750 Hz in 5 s (250 Hz/s) on 2048 rows over 0-6 kHz (2.9 Hz a row): the STFT's
  // ridge is its main lobe (11.7 Hz bins) widened by 21 Hz of sweep across its 85 ms window;
  // reassigned, a 5.3 ms column holds 1.3 Hz of sweep.
  const int n = 4096, hop = 256, rows = 2048;
  const double fmax_hz = 6000;
  const std::size_t count = std::size_t(5 * kRate);
  std::vector<float> chirp(count);
  for (std::size_t i = 0; i < count; ++i) {
    const double t = double(i) / kRate;
    chirp[i] = float(0.5 * std::sin(2 * kPi * (500 * t + 0.5 * 250 * t * t)));
  }
  dsp::Reassigner reassigner;
  REQUIRE(reassigner.configure(linear_config(n, hop, rows, fmax_hz)) == dsp::ConfigError::kNone);
  const auto columns = columns_of(reassigner, chirp, n, hop);
  // The plain STFT of the same frames (same window, hop and bins).
  dsp::Stft stft;
  REQUIRE(stft.configure(stft_config(n, dsp::WindowKind::kHann, hop)) == dsp::ConfigError::kNone);
  const auto frames = all_frames(stft, chirp);
  const double bin_hz = kRate / n, row_hz = fmax_hz / rows;
  int checked = 0;
  for (std::size_t c = 100; c + 100 < columns.size(); c += 37) {
    const double centre_s = (double(c + 1) * hop - n / 2.0) / kRate;
    const double hz = 500 + 250 * centre_s;
    INFO("column " << c << " at " << hz << " Hz");
    const Ridge reassigned = ridge_at(columns[c], int(hz / row_hz));
    REQUIRE(reassigned.width_rows <= 1.0);
    REQUIRE((reassigned.centroid_row + 0.5) * row_hz == Approx(hz).margin(row_hz));
    // The STFT ridge by the same measure (2 x energy-weighted spread), in rows.
    const std::vector<float>& frame = frames[c];
    double energy = 0, moment = 0, spread = 0;
    const int k0 = int(hz / bin_hz);
    for (int k = k0 - 40; k <= k0 + 40; ++k) energy += db_to_energy(frame[std::size_t(k)]), moment += k * db_to_energy(frame[std::size_t(k)]);
    const double mean = moment / energy;
    for (int k = k0 - 40; k <= k0 + 40; ++k) spread += (k - mean) * (k - mean) * db_to_energy(frame[std::size_t(k)]);
    const double stft_width_rows = 2 * std::sqrt(spread / energy) * bin_hz / row_hz;
    REQUIRE(stft_width_rows >= 4.0);
    ++checked;
  }
  REQUIRE(checked >= 10);
}

TEST_CASE("two tones three bins apart stay separate", "[reassignment]") {
  const int n = 4096, hop = 512, rows = 1024;
  const double bin_hz = kRate / n;
  const double f1 = 200.3 * bin_hz, f2 = 203.3 * bin_hz;
  const auto signal = mix(sine(f1, 0.5, kRate, 48000), sine(f2, 0.5, kRate, 48000, 1.0));
  dsp::Reassigner reassigner;
  REQUIRE(reassigner.configure(linear_config(n, hop, rows, 6000)) == dsp::ConfigError::kNone);
  const auto columns = columns_of(reassigner, signal, n, hop);
  const auto& column = columns[40];
  const double row_hz = 6000.0 / rows;
  const int r1 = int(f1 / row_hz), r2 = int(f2 / row_hz);
  const Ridge a = ridge_at(column, r1, 1), b = ridge_at(column, r2, 1);
  REQUIRE(a.peak != b.peak);
  REQUIRE((a.centroid_row + 0.5) * row_hz == Approx(f1).margin(row_hz));
  REQUIRE((b.centroid_row + 0.5) * row_hz == Approx(f2).margin(row_hz));
  float dip = 1e9f;
  for (int r = a.peak + 1; r < b.peak; ++r) dip = std::min(dip, column[std::size_t(r)]);
  REQUIRE(dip <= std::min(column[std::size_t(a.peak)], column[std::size_t(b.peak)]) - 20.0f);
  // Each tone keeps its own energy (0.5 amplitude: -6.02 dB) within 0.5 dB.
  REQUIRE(10 * std::log10(a.energy) == Approx(amplitude_db(0.5)).margin(0.5));
  REQUIRE(10 * std::log10(b.energy) == Approx(amplitude_db(0.5)).margin(0.5));
}

TEST_CASE("white noise keeps its total energy (gate and pruning off)", "[reassignment]") {
  const int n = 1024, hop = 256, rows = 400;
  dsp::ReassignerConfig config = linear_config(n, hop, rows);
  config.options.gate_db = 0;
  config.options.prune = false;
  dsp::Reassigner reassigner;
  REQUIRE(reassigner.configure(config) == dsp::ConfigError::kNone);
  const auto signal = noise(0.5, std::size_t(10 * kRate), 7);
  std::vector<float> frame(static_cast<std::size_t>(n));
  double bin_energy = 0, column_energy = 0;
  std::size_t frames = 0;
  for (std::size_t end = std::size_t(n); end <= signal.size(); end += std::size_t(hop), ++frames) {
    std::copy(signal.begin() + std::ptrdiff_t(end - std::size_t(n)), signal.begin() + std::ptrdiff_t(end), frame.begin());
    reassigner.add_frame(frame.data());
    bin_energy += reassigner.frame().frame_energy();
    if (reassigner.has_column())
      for (int r = 0; r < rows; ++r) column_energy += db_to_energy(reassigner.column_db()[r]);
  }
  // The last `reach` columns are still open: count them as the accumulator holds them.
  const double open = reassigner.plane().energy_added() - column_energy;
  INFO("frames " << frames << ", energy in bins " << bin_energy << ", in columns " << column_energy << " (+" << open << " open)");
  REQUIRE(10 * std::log10((column_energy + open) / bin_energy) == Approx(0.0).margin(0.1));
  REQUIRE(10 * std::log10(column_energy / bin_energy) == Approx(0.0).margin(0.1));
  // And the bins hold the signal's power: twice the mean square per frame (sine units).
  REQUIRE(10 * std::log10(bin_energy / frames / (2 * 0.25 / 3)) == Approx(0.0).margin(0.1));
}

TEST_CASE("columns come out one per frame, a fixed number of frames late, and silence stays at the floor", "[reassignment]") {
  const int n = 2048, hop = 512;
  dsp::ReassignerConfig config = linear_config(n, hop, 256);
  config.min_db = -150;
  dsp::Reassigner reassigner;
  REQUIRE(reassigner.configure(config) == dsp::ConfigError::kNone);
  REQUIRE(reassigner.reach_columns() == 2);  // L / (2 hop): latency L/2 = 2 hops
  std::vector<float> silence(std::size_t(n), 0.0f), nan_frame(std::size_t(n), std::nanf(""));
  for (int j = 0; j < 10; ++j) {
    reassigner.add_frame(silence.data());
    REQUIRE(reassigner.has_column() == (j >= 2));
    if (reassigner.has_column()) {
      REQUIRE(reassigner.column_index() == j - 2);
      for (int r = 0; r < 256; ++r) REQUIRE(reassigner.column_db()[r] == -150.0f);
    }
  }
  (void)nan_frame;  // the STFT replaces non-finite input before frames reach here (stft.h)
}

TEST_CASE("reassignment refuses what it cannot do, by name", "[reassignment][config]") {
  dsp::FrameReassigner frame;
  dsp::ReassignmentOptions options;
  REQUIRE(frame.configure(4096, 4096, dsp::WindowKind::kRectangular, 0, options) == dsp::ConfigError::kWindowUnsuitedForReassignment);
  REQUIRE(frame.configure(4096, 4096, dsp::WindowKind::kHamming, 0, options) == dsp::ConfigError::kWindowUnsuitedForReassignment);
  REQUIRE(frame.configure(4000, 4000, dsp::WindowKind::kHann, 0, options) == dsp::ConfigError::kFftSizeNotPowerOfTwo);
  options.gate_db = 5;
  REQUIRE(frame.configure(4096, 4096, dsp::WindowKind::kHann, 0, options) == dsp::ConfigError::kReassignmentOptionInvalid);
  options.gate_db = 60;
  options.prune_tolerance = 0;
  REQUIRE(frame.configure(4096, 4096, dsp::WindowKind::kHann, 0, options) == dsp::ConfigError::kReassignmentOptionInvalid);
  REQUIRE_FALSE(frame.ok());
  dsp::Reassigner reassigner;
  dsp::ReassignerConfig config = linear_config(1024, 2048, 100);
  REQUIRE(reassigner.configure(config) == dsp::ConfigError::kHopOutOfRange);
  config = linear_config(1024, 256, 0);
  REQUIRE(reassigner.configure(config) == dsp::ConfigError::kRowCountOutOfRange);
  REQUIRE_FALSE(reassigner.ok());
}

TEST_CASE("a ridge's energy is summed over its rows, from any row on it", "[reassignment]") {
  // A tone's unit energy split 30/70 over rows 10 and 11, a little leakage beside.
  std::vector<float> rows(40, -200.0f);
  rows[9] = float(10 * std::log10(0.001));
  rows[10] = float(10 * std::log10(0.3));
  rows[11] = float(10 * std::log10(0.7));
  rows[12] = float(10 * std::log10(0.002));
  rows[30] = -20.0f;  // another tone, separate
  for (int from : {9, 10, 11, 12}) {
    const dsp::Ridge ridge = dsp::ridge_at(rows.data(), 40, from, 2, -200.0f);
    REQUIRE(ridge.found);
    REQUIRE(ridge.peak_row == 11);
    REQUIRE(ridge.first_row == 9);
    REQUIRE(ridge.last_row == 12);
    REQUIRE(ridge.energy_db == Approx(10 * std::log10(1.003)).margin(1e-4));
    REQUIRE(ridge.centroid_row == Approx((9 * 0.001 + 10 * 0.3 + 11 * 0.7 + 12 * 0.002) / 1.003));
  }
  REQUIRE_FALSE(dsp::ridge_at(rows.data(), 40, 20, 2, -200.0f).found);
  REQUIRE(dsp::ridge_at(rows.data(), 40, 29, 2, -200.0f).energy_db == Approx(-20.0));
}
