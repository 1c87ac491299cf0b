// metrics.cpp: see metrics.h.
#include "app/metrics.h"

#include <algorithm>

namespace app {

float Measure::quantile(double q) const {
  const std::size_t n = std::min(count_, values_.size());
  if (n == 0) return 0;
  std::copy(values_.begin(), values_.begin() + std::ptrdiff_t(n), sorted_.begin());
  const auto nth = sorted_.begin() + std::ptrdiff_t(std::min(n - 1, std::size_t(q * double(n))));
  std::nth_element(sorted_.begin(), nth, sorted_.begin() + std::ptrdiff_t(n));
  return *nth;
}

void Metrics::frame_drawn(double start_ms, double end_ms) {
  for (double entry : pending_entry_ms_) latency_ms_.add(float(end_ms - entry));
  pending_entry_ms_.clear();
  frame_ms_.add(float(end_ms - start_ms));
  ++fps_frames_;
  ++frames_drawn_;
  if (end_ms - fps_window_start_ms_ >= 1000) {
    fps_ = fps_frames_ * 1000.0 / (end_ms - fps_window_start_ms_);
    fps_frames_ = 0;
    fps_window_start_ms_ = end_ms;
  }
  last_frame_ms_ = end_ms;
}

}  // namespace app
