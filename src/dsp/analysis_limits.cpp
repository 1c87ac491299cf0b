// analysis_limits.cpp: see analysis_limits.h.
#include "dsp/analysis_limits.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "dsp/multires.h"

namespace dsp {

int min_hop_frames(double sample_rate_hz, double transform_points) {
  assert(sample_rate_hz > 0 && transform_points > 0);
  const double by_frame_rate = sample_rate_hz / kMaxFramesPerSecond;
  const double by_work = sample_rate_hz * transform_points / kMaxTransformPointsPerSecond;
  return std::max(1, int(std::ceil(std::max(by_frame_rate, by_work) - 1e-9)));
}

double transform_points_per_frame(AnalysisMode mode, int fft_size, double sample_rate_hz) {
  double points = fft_size;
  if (mode == AnalysisMode::kReassigned) points += 4.0 * fft_size;
  if (mode_is_multires(mode))
    points += double(multires_band_count(sample_rate_hz)) * kBandWindow * (mode_is_reassigned(mode) ? 4 : 1);
  return points;
}

AnalysisShape limit_analysis(int fft_size, int zero_padding, double overlap_percent, double sample_rate_hz,
                             AnalysisMode mode) {
  assert(fft_size > 0 && zero_padding >= 1 && fft_size % zero_padding == 0);
  assert(overlap_percent >= 0 && overlap_percent < 100);
  const int min_hop = min_hop_frames(sample_rate_hz, transform_points_per_frame(mode, fft_size, sample_rate_hz));
  AnalysisShape shape;
  shape.zero_padding = zero_padding;
  // A window shorter than the smallest hop would leave samples unanalysed between frames: use
  // less zero padding (a longer window) instead.
  while (shape.zero_padding > 1 && fft_size / shape.zero_padding < min_hop) {
    shape.zero_padding /= 2;
    shape.window_limited = true;
  }
  shape.window_length = fft_size / shape.zero_padding;
  int requested = std::max(1, int(std::lround(shape.window_length * (1.0 - overlap_percent / 100.0))));
  if (mode_is_multires(mode)) requested = std::min(requested, kBandWindow / 2);
  shape.hop_limited = requested < min_hop;
  shape.hop_frames = std::min(shape.window_length, std::max(requested, min_hop));
  return shape;
}

}  // namespace dsp
