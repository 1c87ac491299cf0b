// stft_helpers.h: feed a whole signal through an Stft and collect frames (tests only).
#pragma once
#include <vector>

#include "dsp/stft.h"

namespace test_signals {

// Pushes `signal` in one call sequence and returns every frame produced, in order.
inline std::vector<std::vector<float>> all_frames(dsp::Stft& stft, const std::vector<float>& signal) {
  std::vector<std::vector<float>> frames;
  std::size_t offset = 0;
  while (offset < signal.size()) {
    offset += stft.push(signal.data() + offset, signal.size() - offset);
    if (stft.has_frame()) frames.emplace_back(stft.frame_db(), stft.frame_db() + stft.bin_count());
  }
  return frames;
}

// The newest frame after pushing the whole signal (the last one fully inside the signal).
inline std::vector<float> last_frame(dsp::Stft& stft, const std::vector<float>& signal) {
  auto frames = all_frames(stft, signal);
  return frames.empty() ? std::vector<float>{} : frames.back();
}

inline dsp::StftConfig stft_config(int fft_size, dsp::WindowKind window, int hop = 0,
                                   double sample_rate_hz = 48000, int window_length = 0) {
  dsp::StftConfig config;
  config.fft_size = fft_size;
  config.window = window;
  config.window_length = window_length;
  config.hop_frames = hop > 0 ? hop : (window_length > 0 ? window_length : fft_size) / 4;
  config.sample_rate_hz = sample_rate_hz;
  config.min_db = -200.0f;
  return config;
}

}  // namespace test_signals
