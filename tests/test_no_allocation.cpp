// test_no_allocation.cpp: nothing in the analysis path allocates after configure().
// This file replaces the global operator new/delete of the test binary with counting versions
// (they count only while a test turns counting on). KissFFT's C allocations happen only in its
// *_alloc functions, which configure() calls; C++ containers all go through operator new.
#include <catch2/catch.hpp>
#include <atomic>
#include <cstdlib>
#include <new>
#include <vector>

#include "dsp/analyzer.h"
#include "dsp/peak.h"
#include "signals.h"
#include "window_kinds.h"

namespace {
std::atomic<long> g_allocations{0};
std::atomic<bool> g_counting{false};

void* counted_allocation(std::size_t size, std::size_t alignment) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1, std::memory_order_relaxed);
  void* pointer = nullptr;
  if (alignment <= alignof(std::max_align_t)) pointer = std::malloc(size ? size : 1);
  else if (posix_memalign(&pointer, alignment, size ? size : 1) != 0) pointer = nullptr;
  if (pointer == nullptr) throw std::bad_alloc();
  return pointer;
}

// Counts allocations made while `body` runs.
template <typename Body>
long allocations_during(Body&& body) {
  g_allocations = 0;
  g_counting = true;
  body();
  g_counting = false;
  return g_allocations.load();
}
}  // namespace

void* operator new(std::size_t size) { return counted_allocation(size, 0); }
void* operator new[](std::size_t size) { return counted_allocation(size, 0); }
void* operator new(std::size_t size, std::align_val_t alignment) { return counted_allocation(size, std::size_t(alignment)); }
void* operator new[](std::size_t size, std::align_val_t alignment) { return counted_allocation(size, std::size_t(alignment)); }
void operator delete(void* pointer) noexcept { std::free(pointer); }
void operator delete[](void* pointer) noexcept { std::free(pointer); }
void operator delete(void* pointer, std::size_t) noexcept { std::free(pointer); }
void operator delete[](void* pointer, std::size_t) noexcept { std::free(pointer); }
void operator delete(void* pointer, std::align_val_t) noexcept { std::free(pointer); }
void operator delete[](void* pointer, std::align_val_t) noexcept { std::free(pointer); }
void operator delete(void* pointer, std::size_t, std::align_val_t) noexcept { std::free(pointer); }
void operator delete[](void* pointer, std::size_t, std::align_val_t) noexcept { std::free(pointer); }

TEST_CASE("the counting allocator sees allocations (so the next test can fail)", "[allocation]") {
  REQUIRE(allocations_during([] { std::vector<float> grown(1000); (void)grown; }) == 1);
}

TEST_CASE("no allocation after configure(): push, map, history, peak, reset", "[allocation]") {
  using namespace test_signals;
  const double rate = 48000;
  const auto signal = mix(sine(997, 0.5, rate, 60000), noise(0.01, 60000, 3));
  for (dsp::WindowKind window : kAllWindowKinds) {
    for (int fft_size : {256, 4096, 32768}) {
      for (int padding : {1, 8}) {
        INFO(dsp::window_name(window) << " N=" << fft_size << " padding " << padding);
        dsp::AnalyzerConfig config;
        config.stft.fft_size = fft_size;
        config.stft.window_length = fft_size / padding;
        config.stft.hop_frames = fft_size / padding / 3 + 1;
        config.stft.window = window;
        config.stft.sample_rate_hz = rate;
        config.rows = 700;
        config.history_frames = 50;
        dsp::Analyzer analyzer;
        REQUIRE(analyzer.configure(config) == dsp::ConfigError::kNone);
        dsp::PeakFinder peak_finder;
        peak_finder.configure(analyzer.stft());
        int frames = 0;
        dsp::Peak peak;
        const long count = allocations_during([&] {
          for (int round = 0; round < 2; ++round) {
            std::size_t offset = 0;
            while (offset < signal.size()) {
              offset += analyzer.push(signal.data() + offset, std::min<std::size_t>(128, signal.size() - offset));
              if (analyzer.has_frame()) ++frames;
            }
            peak = peak_finder.find(analyzer.stft(), 20, 20000);
            analyzer.mark_gap();
            analyzer.reset();
          }
        });
        REQUIRE(frames > 2);
        REQUIRE(peak.found);
        REQUIRE(count == 0);
      }
    }
  }
}

TEST_CASE("no allocation after configure() in the reassigned and multi-resolution modes", "[allocation]") {
  using namespace test_signals;
  const double rate = 48000;
  const auto signal = mix(sine(997, 0.5, rate, 96000), noise(0.01, 96000, 3));
  for (dsp::AnalysisMode mode : {dsp::AnalysisMode::kReassigned, dsp::AnalysisMode::kMultires,
                                 dsp::AnalysisMode::kMultiresReassigned}) {
    for (int fft_size : {256, 4096}) {
      INFO(dsp::analysis_mode_name(mode) << " N=" << fft_size);
      dsp::AnalyzerConfig config;
      config.stft.fft_size = fft_size;
      config.stft.hop_frames = 256;
      config.stft.window = dsp::WindowKind::kHann;
      config.stft.sample_rate_hz = rate;
      config.rows = 700;
      config.history_frames = 50;
      config.mode = mode;
      dsp::Analyzer analyzer;
      REQUIRE(analyzer.configure(config) == dsp::ConfigError::kNone);
      int columns = 0;
      const long count = allocations_during([&] {
        for (int round = 0; round < 2; ++round) {
          std::size_t offset = 0;
          while (offset < signal.size()) {
            offset += analyzer.push(signal.data() + offset, std::min<std::size_t>(128, signal.size() - offset));
            if (analyzer.has_column()) ++columns;
          }
          analyzer.mark_gap();
          analyzer.reset();
        }
      });
      REQUIRE(columns > 2);
      REQUIRE(count == 0);
    }
  }
}
