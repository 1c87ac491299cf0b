// history.cpp: ring of frames; see history.h.
#include "dsp/history.h"

#include <algorithm>

namespace dsp {

ConfigError History::configure(std::size_t capacity_frames, std::size_t bins) {
  values_.clear();
  infos_.clear();
  capacity_ = bins_ = 0;
  clear();
  // Refuse sizes that would overflow or exhaust memory (more than 1 G floats).
  if (capacity_frames < 1 || bins < 1 || capacity_frames > (std::size_t(1) << 30) / bins)
    return ConfigError::kHistoryCapacityInvalid;
  capacity_ = capacity_frames;
  bins_ = bins;
  values_.assign(capacity_ * bins_, 0.0f);
  infos_.assign(capacity_, FrameInfo{});
  return ConfigError::kNone;
}

void History::clear() {
  size_ = next_slot_ = 0;
  total_pushed_ = 0;
}

void History::push(const float* frame_db, const FrameInfo& info) {
  if (capacity_ == 0 || frame_db == nullptr) return;
  std::copy(frame_db, frame_db + bins_, values_.begin() + std::ptrdiff_t(next_slot_ * bins_));
  infos_[next_slot_] = info;
  next_slot_ = (next_slot_ + 1) % capacity_;
  size_ = std::min(size_ + 1, capacity_);
  ++total_pushed_;
}

std::size_t History::slot_of_age(std::size_t age) const {
  return (next_slot_ + capacity_ - 1 - age) % capacity_;
}

const float* History::frame(std::size_t age) const {
  if (age >= size_) return nullptr;
  return values_.data() + slot_of_age(age) * bins_;
}

FrameInfo History::info(std::size_t age) const {
  if (age >= size_) return FrameInfo{};
  return infos_[slot_of_age(age)];
}

}  // namespace dsp
