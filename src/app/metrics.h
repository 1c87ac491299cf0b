// metrics.h: what the app measures about itself for stats() and the status line: display
// frames per second, main-thread time per frame (all of it, and capture + analysis + upload),
// and latency from a sample entering the ring to its column being drawn.
// Does: keep small rings of recent values and give medians and other quantiles.
// Does not: allocate after construction, or know what is being measured.
#pragma once
#include <cstddef>
#include <vector>

namespace app {

// A ring of the last 256 values; quantile() sorts a copy (no allocation).
class Measure {
 public:
  void add(float value) { values_[count_++ % values_.size()] = value; }
  float quantile(double q) const;

 private:
  std::vector<float> values_ = std::vector<float>(256, 0.0f);
  mutable std::vector<float> sorted_ = std::vector<float>(256, 0.0f);
  std::size_t count_ = 0;
};

class Metrics {
 public:
  Metrics() { pending_entry_ms_.reserve(kMaxPendingEntries); }
  // A column's newest sample entered the ring at `entry_ms`; its latency is known once drawn.
  void column_entered(double entry_ms) {
    if (pending_entry_ms_.size() < kMaxPendingEntries) pending_entry_ms_.push_back(entry_ms);
  }
  void analysis_took(double ms) { analysis_ms_.add(float(ms)); }
  // A display frame that began at `start_ms` has been drawn at `end_ms`.
  void frame_drawn(double start_ms, double end_ms);

  double fps() const { return fps_; }
  double frames_drawn() const { return double(frames_drawn_); }  // since the page loaded
  double frame_ms() const { return frame_ms_.quantile(0.5); }
  double analysis_ms() const { return analysis_ms_.quantile(0.5); }
  double latency_ms(double q) const { return latency_ms_.quantile(q); }
  double last_frame_ms() const { return last_frame_ms_; }

 private:
  static constexpr std::size_t kMaxPendingEntries = 512;
  std::vector<double> pending_entry_ms_;
  Measure latency_ms_, frame_ms_, analysis_ms_;
  double last_frame_ms_ = -1e9, fps_ = 0, fps_window_start_ms_ = 0;
  int fps_frames_ = 0;
  unsigned long long frames_drawn_ = 0;
};

}  // namespace app
