// bench_core.cpp: throughput of the analysis pipeline (STFT -> calibrated dB -> 1024 log-mapped
// rows) in frames per second, and of the FFT alone in transforms per second, for N = 1024,
// 4096, 16384 at hop N/4. Then the cost of each analysis mode at 48 kHz, as a share of one core
// (CPU seconds per second of audio): stft and reassigned at N = 4096 hop 256, multires and
// multires-reassigned at hop 256, and the pitch tracker per estimate; natively the reassigned
// mode's four transforms per frame are also timed against FFTW doing the same four.
// Natively a reference pipeline does the same work on FFTW (fftwf r2c, FFTW_MEASURE plan) with
// the same window, the same dB conversion (dsp::power_to_db with the same calibration and
// floor), the same row mapper and the same compile flags; only the transform differs. Under
// node (wasm) the core runs alone.
// Then the timeline: the memory 10 minutes of kept audio (stereo, 48 kHz, float) and their
// picture take, and the time to analyse those 10 minutes again after an FFT change (N = 4096,
// hop 1024, in 20 ms slices as the app runs it), beside FFTW doing the same frames.
// Not a test: it asserts nothing, prints medians, and ends with one JSON line for tools.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "dsp/analyzer.h"
#include "dsp/level.h"
#include "dsp/pitch.h"
#include "dsp/real_fft.h"
#include "dsp/real_fft4.h"
#include "signals.h"
#include "timeline/audio_history.h"
#include "timeline/column_store.h"
#include "timeline/reanalysis.h"
#if HAVE_FFTW
#include <fftw3.h>
#endif

namespace {

constexpr double kSampleRateHz = 48000;
constexpr int kRows = 1024;
// Why interleaved repetitions: the contenders alternate so that all see the same machine load
// (these machines are shared and noisy); medians, never means.
constexpr int kRepetitions = 15;
constexpr float kFloorDb = -160.0f;

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

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
  config.stft.min_db = kFloorDb;
  config.rows = kRows;
  config.scale = dsp::ScaleKind::kLog;
  config.history_frames = 64;
  return config;
}

volatile float g_sink;  // keeps results alive so the optimiser cannot drop the work

// Frames per second of the core (one repetition): the Analyzer exactly as the app drives it,
// fed in 128-sample blocks like an AudioWorklet's render quanta.
double core_fps(dsp::Analyzer& analyzer, const std::vector<float>& signal) {
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
  return double(frames) / seconds_since(start);
}

// Transforms per second of a RealFft (KissFFT: the 4-lane split where compiled in, or plain
// kiss_fftr) on windowed input, `count` transforms.
double kiss_transforms_per_second(dsp::RealFft& fft, const std::vector<float>& input, std::vector<float>& output,
                                  int count) {
  const auto start = Clock::now();
  for (int i = 0; i < count; ++i) {
    fft.transform(input.data(), output.data());
    g_sink = output[std::size_t(i) % output.size()];
  }
  return count / seconds_since(start);
}

#if HAVE_FFTW
// The same pipeline on FFTW: window, r2c transform, the core's dB conversion and calibration,
// then the core's row mapper (with the same lobe shape). Frames are read straight from the
// signal (the core copies through its input ring, a small extra cost that stays on its side).
class FftwPipeline {
 public:
  explicit FftwPipeline(int fft_size)
      : n_(std::size_t(fft_size)), bins_(n_ / 2 + 1),
        window_(dsp::make_window(dsp::WindowKind::kHann, n_, 0)), db_(bins_), rows_(kRows) {
    const double sum = dsp::window_stats(window_.data(), n_).sum;
    offset_db_ = float(10.0 * std::log10(4.0 / (sum * sum)));
    edge_offset_db_ = float(10.0 * std::log10(1.0 / (sum * sum)));
    in_ = fftwf_alloc_real(n_);
    out_ = fftwf_alloc_complex(bins_);
    plan_ = fftwf_plan_dft_r2c_1d(fft_size, in_, out_, FFTW_MEASURE);
    dsp::RowMapperConfig rows_config;
    rows_config.rows = kRows;
    rows_config.fft_size = fft_size;
    rows_config.sample_rate_hz = kSampleRateHz;
    rows_config.lobe.configure(window_.data(), n_, fft_size);
    mapper_.configure(rows_config);
  }
  ~FftwPipeline() {
    fftwf_destroy_plan(plan_);
    fftwf_free(in_);
    fftwf_free(out_);
  }
  double fps(const std::vector<float>& signal) {
    const std::size_t hop = n_ / 4;
    std::size_t frames = 0;
    const auto start = Clock::now();
    for (std::size_t end = hop; end <= signal.size(); end += hop) {
      for (std::size_t i = 0; i < n_; ++i) {
        const std::ptrdiff_t index = std::ptrdiff_t(end) - std::ptrdiff_t(n_) + std::ptrdiff_t(i);
        in_[i] = index >= 0 ? signal[std::size_t(index)] * window_[i] : 0.0f;
      }
      fftwf_execute(plan_);
      const float offset = offset_db_;
      for (std::size_t k = 0; k < bins_; ++k) {  // the core's loop, word for word
        const float re = out_[k][0], im = out_[k][1];
        const float level = dsp::power_to_db(re * re + im * im) + offset;
        db_[k] = level > kFloorDb ? level : kFloorDb;
      }
      for (std::size_t k : {std::size_t(0), bins_ - 1}) {
        const float level = dsp::power_to_db(out_[k][0] * out_[k][0] + out_[k][1] * out_[k][1]) + edge_offset_db_;
        db_[k] = level > kFloorDb ? level : kFloorDb;
      }
      mapper_.map(db_.data(), rows_.data());
      g_sink = rows_[kRows / 2];
      ++frames;
    }
    return double(frames) / seconds_since(start);
  }
  double transforms_per_second(int count) {
    for (std::size_t i = 0; i < n_; ++i) in_[i] = window_[i] * float(std::sin(0.1 * double(i)));
    const auto start = Clock::now();
    for (int i = 0; i < count; ++i) {
      fftwf_execute(plan_);
      g_sink = out_[std::size_t(i) % bins_][0];
    }
    return count / seconds_since(start);
  }

 private:
  std::size_t n_, bins_;
  std::vector<float> window_, db_, rows_;
  float offset_db_ = 0, edge_offset_db_ = 0;
  float* in_ = nullptr;
  fftwf_complex* out_ = nullptr;
  fftwf_plan plan_;
  dsp::RowMapper mapper_;
};
#endif

// [SECTION] analysis modes at 48 kHz

// CPU seconds per second of audio (one repetition) of the analyzer in `mode`, hop 256, fed in
// 128-sample blocks.
double mode_core_share(dsp::Analyzer& analyzer, const std::vector<float>& signal) {
  analyzer.reset();
  std::size_t offset = 0;
  const auto start = Clock::now();
  while (offset < signal.size()) {
    offset += analyzer.push(signal.data() + offset, std::min<std::size_t>(128, signal.size() - offset));
    if (analyzer.has_column()) g_sink = analyzer.column_db()[kRows / 2];
  }
  return seconds_since(start) / (double(signal.size()) / kSampleRateHz);
}

// Microseconds per pitch estimate (one repetition): push 5 ms, estimate, as the app does.
double pitch_us(dsp::PitchTracker& tracker, const std::vector<float>& signal) {
  tracker.reset();
  const std::size_t step = std::size_t(kSampleRateHz / 200);
  std::size_t estimates = 0;
  const auto start = Clock::now();
  for (std::size_t offset = 0; offset + step <= signal.size(); offset += step, ++estimates) {
    tracker.push(signal.data() + offset, step);
    g_sink = float(tracker.estimate().hz);
  }
  return seconds_since(start) * 1e6 / double(estimates);
}

// Microseconds for the four transforms of one reassigned frame (N = 4096): KissFFT 4-lane.
double four_transforms_us(dsp::RealFft4& fft, std::vector<std::vector<float>>& in, std::vector<std::vector<float>>& out, int count) {
  const float* inputs[4] = {in[0].data(), in[1].data(), in[2].data(), in[3].data()};
  float* outputs[4] = {out[0].data(), out[1].data(), out[2].data(), out[3].data()};
  const auto start = Clock::now();
  for (int i = 0; i < count; ++i) {
    fft.transform(inputs, outputs);
    g_sink = outputs[i % 4][std::size_t(i) % out[0].size()];
  }
  return seconds_since(start) * 1e6 / count;
}

std::string bench_modes() {
  const auto signal = make_signal(std::size_t(10 * kSampleRateHz));  // 10 s of audio
  struct Case {
    const char* name;
    dsp::AnalysisMode mode;
  };
  const Case cases[] = {{"stft", dsp::AnalysisMode::kStft},
                        {"reassigned", dsp::AnalysisMode::kReassigned},
                        {"multires", dsp::AnalysisMode::kMultires},
                        {"multires-reassigned", dsp::AnalysisMode::kMultiresReassigned}};
  dsp::Analyzer analyzers[4];
  for (int i = 0; i < 4; ++i) {
    dsp::AnalyzerConfig config = analyzer_config(4096);
    config.stft.hop_frames = 256;
    config.mode = cases[i].mode;
    analyzers[i].configure(config);
  }
  dsp::PitchTracker tracker;
  tracker.configure(kSampleRateHz, 64);
  const int transforms = 400;
  dsp::RealFft4 four;
  four.configure(4096);
  std::vector<std::vector<float>> in(4, std::vector<float>(4096)), out(4, std::vector<float>(4098));
  for (int r = 0; r < 4; ++r)
    for (int i = 0; i < 4096; ++i) in[std::size_t(r)][std::size_t(i)] = float(std::sin(0.1 * i + r));
#if HAVE_FFTW
  float* fftw_in = fftwf_alloc_real(4096);
  fftwf_complex* fftw_out = fftwf_alloc_complex(2049);
  fftwf_plan plan = fftwf_plan_dft_r2c_1d(4096, fftw_in, fftw_out, FFTW_MEASURE);
  for (int i = 0; i < 4096; ++i) fftw_in[i] = float(std::sin(0.1 * i));
#endif
  std::vector<double> shares[4], pitch_runs, four_runs, fftw_four_runs;
  for (int r = 0; r < 5; ++r) {  // 5 interleaved repetitions of 10 s of audio each
    for (int i = 0; i < 4; ++i) shares[i].push_back(mode_core_share(analyzers[i], signal));
    pitch_runs.push_back(pitch_us(tracker, signal));
    four_runs.push_back(four_transforms_us(four, in, out, transforms));
#if HAVE_FFTW
    const auto start = Clock::now();
    for (int i = 0; i < transforms; ++i) {
      for (int lane = 0; lane < 4; ++lane) fftwf_execute(plan);
      g_sink = fftw_out[std::size_t(i) % 2049][0];
    }
    fftw_four_runs.push_back(seconds_since(start) * 1e6 / transforms);
#endif
  }
  std::printf("analysis modes at 48 kHz, hop 256 (STFT N = 4096), 1024 log rows: %% of one core (CPU s per s of audio)\n");
  std::string json = "\"modes\": {";
  for (int i = 0; i < 4; ++i) {
    const double share = median(shares[i]);
    std::printf("  %-20s %6.2f %%  (%.2f ms of CPU per second of audio)\n", cases[i].name, 100 * share, 1000 * share);
    char entry[160];
    std::snprintf(entry, sizeof entry, "%s\"%s_core_percent\": %.3f", i ? ", " : "", cases[i].name, 100 * share);
    json += entry;
  }
  const double pitch = median(pitch_runs), four_us = median(four_runs);
  std::printf("  pitch: %.1f us per estimate (%.2f %% of a core at one estimate per 5 ms)\n", pitch, pitch / 5000 * 100);
  std::printf("  reassigned's 4 transforms of 4096: KissFFT 4-lane %.1f us", four_us);
  char entry[256];
  std::snprintf(entry, sizeof entry, ", \"pitch_us_per_estimate\": %.2f, \"four_transforms_kiss_us\": %.2f", pitch, four_us);
  json += entry;
#if HAVE_FFTW
  const double fftw_four = median(fftw_four_runs);
  std::printf(", FFTW 4 x r2c %.1f us (kiss / fftw time %.2f)", fftw_four, four_us / fftw_four);
  std::snprintf(entry, sizeof entry, ", \"four_transforms_fftw_us\": %.2f", fftw_four);
  json += entry;
  fftwf_destroy_plan(plan);
  fftwf_free(fftw_in);
  fftwf_free(fftw_out);
#endif
  std::printf("\n");
  return json + "}";
}

// [SECTION] the timeline: 10 minutes kept, analysed again

std::string bench_timeline() {
  constexpr double kMinutes = 10;
  constexpr int kScreenRows = 550;  // the plot's rows at 1280x720
  const std::size_t frames = std::size_t(kMinutes * 60 * kSampleRateHz);
  timeline::AudioHistory history;
  history.configure(2, frames, kSampleRateHz);
  history.begin_session(0);
  const auto left = make_signal(frames);
  const auto right = test_signals::sine(660, 0.2, kSampleRateHz, frames);
  const float* channels[2] = {left.data(), right.data()};
  history.push(channels, frames);
  dsp::AnalyzerConfig config = analyzer_config(4096);  // hop 1024
  const std::int64_t columns = std::int64_t(frames / std::size_t(config.stft.hop_frames));
  timeline::ColumnStore screen_store, store;
  screen_store.configure(kScreenRows, std::size_t(columns) + 4, config.stft.hop_frames, kFloorDb);
  store.configure(kRows, std::size_t(columns) + 4, config.stft.hop_frames, kFloorDb);
  auto now_ms = [] { return std::chrono::duration<double, std::milli>(Clock::now().time_since_epoch()).count(); };
  std::vector<double> totals, longest, reference;
#if HAVE_FFTW
  FftwPipeline fftw(4096);
  std::vector<float> mix(frames);
  for (std::size_t i = 0; i < frames; ++i) mix[i] = 0.5f * (left[i] + right[i]);
#endif
  for (int r = 0; r < 3; ++r) {
    timeline::Reanalysis reanalysis;
    const auto start = Clock::now();
    reanalysis.start(config, timeline::LaneChannels{}, 0, columns - 1, columns - 430, columns - 1);
    double slowest = 0;
    for (bool more = true; more;) {
      const double slice_start = now_ms();
      more = reanalysis.run(history, 20.0, now_ms, [&](std::int64_t index, const float* rows_db) { store.put(index, rows_db, {}); });
      slowest = std::max(slowest, now_ms() - slice_start);
    }
    totals.push_back(seconds_since(start));
    longest.push_back(slowest);
#if HAVE_FFTW
    reference.push_back(double(columns) / fftw.fps(mix));
#endif
  }
  const double total = median(totals), slice = median(longest);
  std::printf("timeline: 10 min kept at 48 kHz, stereo float: %.1f MB of audio; its picture at hop 1024: %.1f MB on %d rows "
              "(1280x720), %.1f MB on %d\n",
              double(history.bytes()) / 1e6, double(screen_store.bytes()) / 1e6, kScreenRows, double(store.bytes()) / 1e6, kRows);
  std::printf("  analysed again after an FFT change (N = 4096, hop 1024, %lld columns, %d rows): %.2f s, longest 20 ms slice %.1f ms",
              static_cast<long long>(columns), kRows, total, slice);
  char json[512];
  int used = std::snprintf(json, sizeof json,
                           "\"timeline\": {\"history_10min_mb\": %.1f, \"picture_10min_mb_screen_rows\": %.1f, "
                           "\"reanalysis_10min_s\": %.3f, \"longest_slice_ms\": %.2f",
                           double(history.bytes()) / 1e6, double(screen_store.bytes()) / 1e6, total, slice);
#if HAVE_FFTW
  const double fftw_s = median(reference);
  std::printf("; FFTW doing the same frames: %.2f s (ours / fftw %.2f)", fftw_s, total / fftw_s);
  used += std::snprintf(json + used, sizeof json - std::size_t(used), ", \"fftw_same_frames_s\": %.3f", fftw_s);
#endif
  std::snprintf(json + used, sizeof json - std::size_t(used), "}");
  std::printf("\n");
  return json;
}

}  // namespace

int main() {
  const int sizes[] = {1024, 4096, 16384};
  std::string json = "{";
#if HAVE_FFTW
  std::printf("%-7s | %26s | %44s\n", "", "whole pipeline, frames/s", "FFT alone, transforms/s");
  std::printf("%-7s | %8s %8s %8s | %10s %10s %10s %10s\n", "N", "core", "fftw", "ratio", "kiss split", "kiss plain",
              "fftw", "split/fftw");
#else
  std::printf("%-7s | %10s | %10s %10s\n", "N", "core fps", "kiss split", "kiss plain");
#endif
  for (int fft_size : sizes) {
    // ~400 frames per repetition: long enough to time, short enough for the whole run < 1 min.
    const auto signal = make_signal(std::size_t(fft_size / 4) * 400 + std::size_t(fft_size));
    const int transforms = std::max(200, (1 << 22) / fft_size);
    dsp::Analyzer analyzer;
    analyzer.configure(analyzer_config(fft_size));
    dsp::RealFft kiss_split, kiss_plain;
    kiss_split.configure(fft_size, true);
    kiss_plain.configure(fft_size, false);
    std::vector<float> fft_input(static_cast<std::size_t>(fft_size)), fft_output(static_cast<std::size_t>(fft_size) + 2);
    for (int i = 0; i < fft_size; ++i) fft_input[std::size_t(i)] = float(std::sin(0.1 * i)) * analyzer.stft().window()[i];
    std::vector<double> core_runs, split_runs, plain_runs;
#if HAVE_FFTW
    FftwPipeline reference(fft_size);
    std::vector<double> reference_runs, fftw_runs;
#endif
    for (int r = 0; r < kRepetitions; ++r) {
      core_runs.push_back(core_fps(analyzer, signal));
      split_runs.push_back(kiss_transforms_per_second(kiss_split, fft_input, fft_output, transforms));
      plain_runs.push_back(kiss_transforms_per_second(kiss_plain, fft_input, fft_output, transforms));
#if HAVE_FFTW
      reference_runs.push_back(reference.fps(signal));
      fftw_runs.push_back(reference.transforms_per_second(transforms));
#endif
    }
    const double core = median(core_runs), split = median(split_runs), plain = median(plain_runs);
    char entry[512];
#if HAVE_FFTW
    const double fftw_pipeline = median(reference_runs), fftw = median(fftw_runs);
    std::printf("%-7d | %8.0f %8.0f %8.2f | %10.0f %10.0f %10.0f %10.2f\n", fft_size, core, fftw_pipeline,
                core / fftw_pipeline, split, plain, fftw, split / fftw);
    std::snprintf(entry, sizeof entry,
                  "\"%d\": {\"core_fps\": %.0f, \"fftw_pipeline_fps\": %.0f, \"pipeline_ratio\": %.3f, "
                  "\"kiss_split_transforms_per_s\": %.0f, \"kiss_plain_transforms_per_s\": %.0f, "
                  "\"fftw_transforms_per_s\": %.0f, \"transform_ratio\": %.3f, \"split_in_use\": %s}",
                  fft_size, core, fftw_pipeline, core / fftw_pipeline, split, plain, fftw, split / fftw,
                  kiss_split.uses_simd() ? "true" : "false");
#else
    std::printf("%-7d | %10.0f | %10.0f %10.0f\n", fft_size, core, split, plain);
    std::snprintf(entry, sizeof entry,
                  "\"%d\": {\"core_fps\": %.0f, \"kiss_split_transforms_per_s\": %.0f, "
                  "\"kiss_plain_transforms_per_s\": %.0f, \"split_in_use\": %s}",
                  fft_size, core, split, plain, kiss_split.uses_simd() ? "true" : "false");
#endif
    json += std::string(json.size() > 1 ? ", " : "") + entry;
  }
  json += ", " + bench_modes() + ", " + bench_timeline() + "}";
  std::printf("%s\n", json.c_str());
  return 0;
}
