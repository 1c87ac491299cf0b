// analysis_limits.cpp: see analysis_limits.h.
#include "dsp/analysis_limits.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace dsp {

int min_hop_frames(double sample_rate_hz, int fft_size) {
  assert(sample_rate_hz > 0 && fft_size > 0);
  const double by_frame_rate = sample_rate_hz / kMaxFramesPerSecond;
  const double by_work = sample_rate_hz * double(fft_size) / kMaxTransformPointsPerSecond;
  return std::max(1, int(std::ceil(std::max(by_frame_rate, by_work) - 1e-9)));
}

AnalysisShape limit_analysis(int fft_size, int zero_padding, double overlap_percent, double sample_rate_hz) {
  assert(fft_size > 0 && zero_padding >= 1 && fft_size % zero_padding == 0);
  assert(overlap_percent >= 0 && overlap_percent < 100);
  const int min_hop = min_hop_frames(sample_rate_hz, fft_size);
  AnalysisShape shape;
  shape.zero_padding = zero_padding;
  // A window shorter than the smallest hop would leave samples unanalysed between frames: use
  // less zero padding (a longer window) instead.
  while (shape.zero_padding > 1 && fft_size / shape.zero_padding < min_hop) {
    shape.zero_padding /= 2;
    shape.window_limited = true;
  }
  shape.window_length = fft_size / shape.zero_padding;
  const int requested = std::max(1, int(std::lround(shape.window_length * (1.0 - overlap_percent / 100.0))));
  shape.hop_limited = requested < min_hop;
  shape.hop_frames = std::min(shape.window_length, std::max(requested, min_hop));
  return shape;
}

}  // namespace dsp
