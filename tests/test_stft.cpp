// test_stft.cpp: the STFT as a measuring instrument: calibration, exact hop, chunking,
// DC, impulse, silence, hostile input, reconfiguration.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>

#include "dsp/stft.h"
#include "signals.h"
#include "window_kinds.h"
#include "stft_helpers.h"

using dsp::WindowKind;
using namespace test_signals;

using test_signals::kAllWindowKinds;

TEST_CASE("a bin-centred full-scale sine reads 0 dBFS for every window", "[stft][calibration]") {
  const double rate = 48000;
  for (int fft_size : {256, 4096}) {
    for (WindowKind kind : kAllWindowKinds) {
      INFO(dsp::window_name(kind) << " N=" << fft_size);
      dsp::Stft stft;
      REQUIRE(stft.configure(stft_config(fft_size, kind)) == dsp::ConfigError::kNone);
      const int bin = fft_size / 8;
      const auto frame = last_frame(stft, sine(bin * rate / fft_size, 1.0, rate, 4 * fft_size, 0.3));
      REQUIRE(frame[bin] == Approx(0.0).margin(0.05));
    }
  }
}

TEST_CASE("calibration holds for other levels, every FFT size and zero padding", "[stft][calibration]") {
  const double rate = 44100;
  for (int fft_size = 64; fft_size <= 65536; fft_size *= 2) {
    for (int padding : {1, 2, 16}) {
      // Windows shorter than 64 samples are dominated by the tone's own negative-frequency
      // image, which is physics rather than calibration.
      if (fft_size / padding < 64) continue;
      INFO("N=" << fft_size << " padding=" << padding);
      dsp::Stft stft;
      REQUIRE(stft.configure(stft_config(fft_size, WindowKind::kHann, 0, rate, fft_size / padding)) ==
              dsp::ConfigError::kNone);
      const int bin = fft_size / 4 + 3;  // bin-centred on the padded grid
      const auto frame = last_frame(stft, sine(bin * rate / fft_size, 0.25, rate, 2 * fft_size, 1.0));
      REQUIRE(frame[bin] == Approx(amplitude_db(0.25)).margin(0.05));
    }
  }
}

TEST_CASE("frames come out at an exact hop whatever the block sizes", "[stft][hop]") {
  for (int hop : {1, 7, 100, 256, 1024}) {
    INFO("hop=" << hop);
    dsp::Stft stft;
    REQUIRE(stft.configure(stft_config(1024, WindowKind::kHann, hop)) == dsp::ConfigError::kNone);
    const auto signal = noise(0.1, 5000, 1);
    std::mt19937 rng(42);
    std::uniform_int_distribution<std::size_t> block(1, 700);
    std::size_t offset = 0;
    std::uint64_t frames = 0;
    while (offset < signal.size()) {
      const std::size_t end = std::min(signal.size(), offset + block(rng));
      while (offset < end) {
        offset += stft.push(signal.data() + offset, end - offset);
        if (stft.has_frame()) {
          ++frames;
          REQUIRE(stft.frame_end_sample() == frames * std::uint64_t(hop));
          REQUIRE(stft.samples_pushed() == stft.frame_end_sample());
        }
      }
    }
    REQUIRE(frames == signal.size() / std::size_t(hop));
    REQUIRE(stft.frames_emitted() == frames);
  }
}

TEST_CASE("chunked input gives bit-identical frames to one-shot input", "[stft][hop]") {
  const auto signal = mix(sine(1234.5, 0.5, 48000, 40000), noise(0.01, 40000, 7));
  for (std::uint32_t seed : {1u, 2u, 3u}) {
    dsp::Stft whole, chunked;
    const auto config = stft_config(2048, WindowKind::kBlackmanHarris, 300);
    REQUIRE(whole.configure(config) == dsp::ConfigError::kNone);
    REQUIRE(chunked.configure(config) == dsp::ConfigError::kNone);
    const auto expected = all_frames(whole, signal);

    std::mt19937 rng(seed);
    std::uniform_int_distribution<std::size_t> block(1, 3000);
    std::vector<std::vector<float>> got;
    std::size_t offset = 0;
    while (offset < signal.size()) {
      std::size_t end = std::min(signal.size(), offset + block(rng));
      while (offset < end) {
        offset += chunked.push(signal.data() + offset, end - offset);
        if (chunked.has_frame()) got.emplace_back(chunked.frame_db(), chunked.frame_db() + chunked.bin_count());
      }
    }
    REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i)
      REQUIRE(std::memcmp(got[i].data(), expected[i].data(), got[i].size() * sizeof(float)) == 0);
  }
}

TEST_CASE("DC lands only in bin 0", "[stft]") {
  dsp::Stft stft;
  REQUIRE(stft.configure(stft_config(1024, WindowKind::kRectangular)) == dsp::ConfigError::kNone);
  const auto frame = last_frame(stft, std::vector<float>(4096, 0.5f));
  REQUIRE(frame[0] == Approx(amplitude_db(0.5)).margin(0.01));
  for (std::size_t k = 1; k < frame.size(); ++k) REQUIRE(frame[k] < -100.0f);
  // With Hann the main lobe is two bins wide: DC reaches bin 1, nothing past it.
  REQUIRE(stft.configure(stft_config(1024, WindowKind::kHann)) == dsp::ConfigError::kNone);
  const auto hann = last_frame(stft, std::vector<float>(4096, 0.5f));
  REQUIRE(hann[0] == Approx(amplitude_db(0.5)).margin(0.01));
  for (std::size_t k = 2; k < hann.size(); ++k) REQUIRE(hann[k] < -100.0f);
}

TEST_CASE("an impulse has a flat spectrum", "[stft]") {
  dsp::Stft stft;
  REQUIRE(stft.configure(stft_config(512, WindowKind::kRectangular, 512)) == dsp::ConfigError::kNone);
  std::vector<float> signal(512, 0.0f);
  signal[137] = 1.0f;
  const auto frame = last_frame(stft, signal);
  // |X[k]| = 1 for all k: interior bins read 20log10(2/512), DC and Nyquist 6.02 dB less.
  const double interior = 20 * std::log10(2.0 / 512);
  for (std::size_t k = 1; k + 1 < frame.size(); ++k) REQUIRE(frame[k] == Approx(interior).margin(1e-3));
  REQUIRE(frame.front() == Approx(interior - 6.0206).margin(1e-3));
  REQUIRE(frame.back() == Approx(interior - 6.0206).margin(1e-3));
}

TEST_CASE("silence reads exactly the floor", "[stft]") {
  dsp::Stft stft;
  auto config = stft_config(1024, WindowKind::kHann);
  config.min_db = -120.0f;
  REQUIRE(stft.configure(config) == dsp::ConfigError::kNone);
  const auto frames = all_frames(stft, std::vector<float>(8192, 0.0f));
  REQUIRE(frames.size() == 32);
  for (const auto& frame : frames)
    for (float db : frame) REQUIRE(db == -120.0f);
}

TEST_CASE("NaN, Inf and denormal input never produce NaN or -inf", "[stft]") {
  dsp::Stft stft;
  auto config = stft_config(256, WindowKind::kHann, 64);
  config.min_db = -140.0f;
  REQUIRE(stft.configure(config) == dsp::ConfigError::kNone);
  auto signal = sine(3000, 0.5, 48000, 4096);
  signal[100] = NAN;
  signal[700] = INFINITY;
  signal[1300] = -INFINITY;
  for (std::size_t n = 2000; n < 4096; ++n) signal[n] = 1e-40f;  // denormals
  signal[2500] = 1e30f;                                          // absurd but finite
  const auto frames = all_frames(stft, signal);
  REQUIRE(frames.size() == 64);
  for (const auto& frame : frames) {
    for (float db : frame) {
      REQUIRE(std::isfinite(db));
      REQUIRE(db >= -140.0f);
    }
  }
  REQUIRE(stft.nonfinite_samples() == 3);
  // The last frames hold only denormals: they read as silence.
  for (float db : frames.back()) REQUIRE(db == -140.0f);
}

TEST_CASE("reconfiguring leaves no stale state", "[stft]") {
  const auto loud = sine(1000, 1.0, 48000, 5000);
  const auto quiet = noise(0.001, 5000, 9);
  dsp::Stft reused, fresh;
  const auto config = stft_config(1024, WindowKind::kHann, 333);
  REQUIRE(reused.configure(stft_config(2048, WindowKind::kFlatTop, 100)) == dsp::ConfigError::kNone);
  all_frames(reused, loud);
  reused.push(loud.data(), 50);  // leave a partial hop behind
  REQUIRE(reused.configure(config) == dsp::ConfigError::kNone);
  REQUIRE(reused.samples_pushed() == 0);
  REQUIRE(reused.frames_emitted() == 0);
  REQUIRE(fresh.configure(config) == dsp::ConfigError::kNone);
  const auto a = all_frames(reused, quiet), b = all_frames(fresh, quiet);
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    REQUIRE(std::memcmp(a[i].data(), b[i].data(), a[i].size() * sizeof(float)) == 0);
  // reset() is the same as a fresh start too.
  reused.reset();
  const auto c = all_frames(reused, quiet);
  REQUIRE(std::memcmp(c.back().data(), b.back().data(), b.back().size() * sizeof(float)) == 0);
}

TEST_CASE("a tone stands far above the rest of the spectrum", "[stft]") {
  dsp::Stft stft;
  REQUIRE(stft.configure(stft_config(4096, WindowKind::kBlackmanHarris)) == dsp::ConfigError::kNone);
  const double rate = 48000, hz = 1000.0;
  const auto frame = last_frame(stft, sine(hz, 0.5, rate, 16384));
  const int peak_bin = int(std::lround(hz / stft.bin_hz()));
  REQUIRE(std::max_element(frame.begin(), frame.end()) - frame.begin() == peak_bin);
  for (int k = 0; k < int(frame.size()); ++k)
    if (std::abs(k - peak_bin) > 4) REQUIRE(frame[std::size_t(k)] < -90.0f);
}

TEST_CASE("each frame holds exactly its slice of the input, for a hop that does not divide the window", "[stft][hop]") {
  // An independent computation of every frame: the input slice [(k+1)hop - L, (k+1)hop) (zeros
  // before the first sample), windowed, through a plain DFT in double, calibrated the same way.
  // A frame taken from the input ring without unrolling it at the write position (a rotated
  // frame) has the same samples in another order and fails here.
  const int fft_size = 256, hop = 100;
  dsp::Stft stft;
  REQUIRE(stft.configure(stft_config(fft_size, WindowKind::kHann, hop)) == dsp::ConfigError::kNone);
  const auto signal = mix(sine(3000, 0.5, 48000, 3000), noise(0.05, 3000, 11));
  const auto window = dsp::make_window(WindowKind::kHann, fft_size, 0);
  const double window_sum = dsp::window_stats(window.data(), window.size()).sum;
  std::size_t offset = 0;
  int frames = 0;
  while (offset < signal.size()) {
    offset += stft.push(signal.data() + offset, signal.size() - offset);
    if (!stft.has_frame()) continue;
    ++frames;
    const std::ptrdiff_t end = std::ptrdiff_t(stft.frame_end_sample());
    REQUIRE(end == std::ptrdiff_t(frames) * hop);
    std::vector<double> slice(fft_size);
    for (int n = 0; n < fft_size; ++n) {
      const std::ptrdiff_t index = end - fft_size + n;
      slice[std::size_t(n)] = index >= 0 ? signal[std::size_t(index)] : 0.0;
      REQUIRE(stft.frame_samples()[n] == float(slice[std::size_t(n)]));
    }
    for (int k = 1; k < fft_size / 2; k += 3) {
      double re = 0, im = 0;
      for (int n = 0; n < fft_size; ++n) {
        const double phase = -2.0 * kPi * k * n / fft_size;
        re += slice[std::size_t(n)] * window[std::size_t(n)] * std::cos(phase);
        im += slice[std::size_t(n)] * window[std::size_t(n)] * std::sin(phase);
      }
      const double expected_db = 10 * std::log10(std::max(4 * (re * re + im * im) / (window_sum * window_sum), 1e-20));
      INFO("frame " << frames << " bin " << k);
      REQUIRE(stft.frame_db()[k] == Approx(std::max(expected_db, -200.0)).margin(0.01));
    }
  }
  REQUIRE(frames == int(signal.size()) / hop);
}
