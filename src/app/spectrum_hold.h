// spectrum_hold.h: the live spectrum panel's data: the newest frame on display rows and a peak
// hold that keeps each row's maximum for a moment, then lets it fall (never below the live).
// Does not: draw (ui/plot_view does) or allocate outside resize().
#pragma once
#include <algorithm>
#include <cstddef>
#include <vector>

namespace app {

class SpectrumHold {
 public:
  static constexpr float kHoldSeconds = 1.5f;
  static constexpr float kFallDbPerSecond = 20.0f;

  void resize(int rows, float floor_db) {
    floor_db_ = floor_db;
    live_.assign(std::size_t(rows), floor_db);
    held_.assign(std::size_t(rows), floor_db);
    age_s_.assign(std::size_t(rows), 0.0f);
  }
  void clear() {
    std::fill(live_.begin(), live_.end(), floor_db_);
    std::fill(held_.begin(), held_.end(), floor_db_);
  }
  // The newest frame on display rows (rows() values).
  void set_live(const float* rows_db) { std::copy(rows_db, rows_db + live_.size(), live_.begin()); }
  // Advances the hold by `dt_s` seconds of display time.
  void update(float dt_s) {
    for (std::size_t r = 0; r < held_.size(); ++r) {
      if (live_[r] >= held_[r]) {
        held_[r] = live_[r];
        age_s_[r] = 0;
      } else if ((age_s_[r] += dt_s) > kHoldSeconds) {
        held_[r] = std::max(live_[r], held_[r] - kFallDbPerSecond * dt_s);
      }
    }
  }
  const float* live() const { return live_.data(); }
  const float* held() const { return held_.data(); }

 private:
  float floor_db_ = -200.0f;
  std::vector<float> live_, held_, age_s_;
};

}  // namespace app
