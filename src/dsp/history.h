// history.h: a bounded store of analysed frames (dB at bin resolution), newest overwriting oldest.
// Does: keep the last `capacity_frames` frames with their end-sample index and a gap marker,
//       readable by age (0 = newest) for hover readouts, redraws and export.
// Does not: allocate after configure(); interpret the values.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "dsp/config_error.h"

namespace dsp {

struct FrameInfo {
  std::uint64_t end_sample = 0;  // one past the frame's last input sample
  bool gap_before = false;       // input was lost (dropped samples) just before this frame
};

class History {
 public:
  // Memory is fixed here: capacity_frames * bins floats. Both must be >= 1.
  ConfigError configure(std::size_t capacity_frames, std::size_t bins);
  void clear();
  // Copies bins() values. The oldest frame is overwritten once full.
  void push(const float* frame_db, const FrameInfo& info);

  std::size_t size() const { return size_; }
  std::size_t capacity() const { return capacity_; }
  std::size_t bins() const { return bins_; }
  std::uint64_t total_pushed() const { return total_pushed_; }
  // age 0 = newest, size()-1 = oldest. Returns nullptr when age >= size().
  const float* frame(std::size_t age) const;
  FrameInfo info(std::size_t age) const;

 private:
  std::size_t slot_of_age(std::size_t age) const;
  std::vector<float> values_;
  std::vector<FrameInfo> infos_;
  std::size_t capacity_ = 0, bins_ = 0, size_ = 0, next_slot_ = 0;
  std::uint64_t total_pushed_ = 0;
};

}  // namespace dsp
