// bench_core.cpp: throughput of the analysis pipeline (STFT -> calibrated dB -> log-mapped rows)
// in frames per second, for N = 1024, 4096, 16384 at hop N/4.
// Natively it also runs a reference pipeline doing the same work on FFTW (fftwf r2c, std::log10)
// and prints the ratio; under node (wasm) it prints the core alone.
// Not a test: it asserts nothing, prints medians, and ends with one JSON line for tools.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "dsp/analyzer.h"
#include "signals.h"
#if HAVE_FFTW
#include <fftw3.h>
#endif

namespace {

constexpr double kSampleRateHz = 48000;
constexpr int kRows = 1024;
// Why interleaved repetitions: core and reference alternate so that both see the same machine
// load (these machines are shared and noisy); medians, never means.
constexpr int kRepetitions = 15;

using Clock = std::chrono::steady_clock;

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// A signal with tones and noise, long enough for `frames` frames at `hop`.
std::vector<float> make_signal(std::size_t samples) {
  auto signal = test_signals::mix(test_signals::sine(440, 0.3, kSampleRateHz, samples),
                                  test_signals::sine(3150.5, 0.1, kSampleRateHz, samples));
  return test_signals::mix(signal, test_signals::noise(0.01, samples, 5));
}

dsp::AnalyzerConfig analyzer_config(int fft_size) {
  dsp::AnalyzerConfig config;
  config.stft.fft_size = fft_size;
  config.stft.hop_frames = fft_size / 4;
  config.stft.sample_rate_hz = kSampleRateHz;
  config.stft.min_db = -160.0f;
  config.rows = kRows;
  config.scale = dsp::ScaleKind::kLog;
  config.history_frames = 64;
  return config;
}

volatile float g_sink;  // keeps results alive so the optimiser cannot drop the work

// Frames per second of the core (one repetition): the Analyzer exactly as the app drives it,
// fed in 128-sample blocks like an AudioWorklet's render quanta.
double core_fps(dsp::Analyzer& analyzer, const std::vector<float>& signal) {
  {
    analyzer.reset();
    std::size_t frames = 0, offset = 0;
    const auto start = Clock::now();
    while (offset < signal.size()) {
      offset += analyzer.push(signal.data() + offset, std::min<std::size_t>(128, signal.size() - offset));
      if (analyzer.has_frame()) {
        ++frames;
        g_sink = analyzer.rows_db()[kRows / 2];
      }
    }
    return double(frames) / std::chrono::duration<double>(Clock::now() - start).count();
  }
}

#if HAVE_FFTW
// The same work written plainly on FFTW: window, r2c transform, 10 log10 with calibration and
// floor, then the same row mapping. Frames are read straight from the signal (no ring needed).
class FftwPipeline {
 public:
  explicit FftwPipeline(int fft_size)
      : n_(std::size_t(fft_size)), bins_(n_ / 2 + 1),
        window_(dsp::make_window(dsp::WindowKind::kHann, n_, 0)), db_(bins_), rows_(kRows) {
    const double sum = dsp::window_stats(window_.data(), n_).sum;
    offset_db_ = float(10.0 * std::log10(4.0 / (sum * sum)));
    in_ = fftwf_alloc_real(n_);
    out_ = fftwf_alloc_complex(bins_);
    plan_ = fftwf_plan_dft_r2c_1d(fft_size, in_, out_, FFTW_MEASURE);
    const dsp::AnalyzerConfig config = analyzer_config(fft_size);
    floor_db_ = config.stft.min_db;
    dsp::RowMapperConfig rows_config;
    rows_config.rows = kRows;
    rows_config.fft_size = fft_size;
    rows_config.sample_rate_hz = kSampleRateHz;
    mapper_.configure(rows_config);
  }
  ~FftwPipeline() {
    fftwf_destroy_plan(plan_);
    fftwf_free(in_);
    fftwf_free(out_);
  }
  // One repetition; also reports the transform alone in frames per second.
  double fps(const std::vector<float>& signal, double* transform_only_fps) {
    const std::size_t hop = n_ / 4;
    std::size_t frames = 0;
    double transform_seconds = 0;
    const auto start = Clock::now();
    for (std::size_t end = hop; end <= signal.size(); end += hop) {
      for (std::size_t i = 0; i < n_; ++i) {
        const std::ptrdiff_t index = std::ptrdiff_t(end) - std::ptrdiff_t(n_) + std::ptrdiff_t(i);
        in_[i] = index >= 0 ? signal[std::size_t(index)] * window_[i] : 0.0f;
      }
      const auto transform_start = Clock::now();
      fftwf_execute(plan_);
      transform_seconds += std::chrono::duration<double>(Clock::now() - transform_start).count();
      for (std::size_t k = 0; k < bins_; ++k) {
        const float power = out_[k][0] * out_[k][0] + out_[k][1] * out_[k][1];
        db_[k] = std::max(floor_db_, 10.0f * std::log10(std::max(power, 1e-30f)) + offset_db_);
      }
      mapper_.map(db_.data(), rows_.data());
      g_sink = rows_[kRows / 2];
      ++frames;
    }
    *transform_only_fps = double(frames) / transform_seconds;
    return double(frames) / std::chrono::duration<double>(Clock::now() - start).count();
  }

 private:
  std::size_t n_, bins_;
  std::vector<float> window_, db_, rows_;
  float offset_db_ = 0, floor_db_ = 0;
  float* in_ = nullptr;
  fftwf_complex* out_ = nullptr;
  fftwf_plan plan_;
  dsp::RowMapper mapper_;
};
#endif

}  // namespace

int main() {
  const int sizes[] = {1024, 4096, 16384};
  std::string json = "{";
  std::printf("%-7s %14s %14s %8s\n", "N", "core fps", "fftw fps", "ratio");
  for (int fft_size : sizes) {
    // ~400 frames per repetition: long enough to time, short enough for the whole run < 1 min.
    const auto signal = make_signal(std::size_t(fft_size / 4) * 400 + std::size_t(fft_size));
    dsp::Analyzer analyzer;
    analyzer.configure(analyzer_config(fft_size));
    std::vector<double> core_runs;
    char entry[256];
#if HAVE_FFTW
    FftwPipeline reference_pipeline(fft_size);
    std::vector<double> reference_runs, transform_runs;
#endif
    for (int r = 0; r < kRepetitions; ++r) {
      core_runs.push_back(core_fps(analyzer, signal));
#if HAVE_FFTW
      double transform_only = 0;
      reference_runs.push_back(reference_pipeline.fps(signal, &transform_only));
      transform_runs.push_back(transform_only);
#endif
    }
    const double core = median(core_runs);
#if HAVE_FFTW
    const double reference = median(reference_runs);
    std::printf("%-7d %14.0f %14.0f %8.2f\n", fft_size, core, reference, core / reference);
    std::snprintf(entry, sizeof entry,
                  "\"%d\": {\"core_fps\": %.0f, \"fftw_fps\": %.0f, \"ratio\": %.3f, "
                  "\"fftw_transform_only_fps\": %.0f}",
                  fft_size, core, reference, core / reference, median(transform_runs));
#else
    std::printf("%-7d %14.0f %14s %8s\n", fft_size, core, "-", "-");
    std::snprintf(entry, sizeof entry, "\"%d\": {\"core_fps\": %.0f}", fft_size, core);
#endif
    json += std::string(json.size() > 1 ? ", " : "") + entry;
  }
  json += "}";
  std::printf("%s\n", json.c_str());
  return 0;
}
