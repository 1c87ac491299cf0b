// input_watchdog.cpp: see input_watchdog.h.
#include "capture/input_watchdog.h"

namespace capture {

void InputWatchdog::arm(std::uint64_t write_index, double now_ms) {
  state_ = State::kWaiting;
  last_write_index_ = write_index;
  armed_ms_ = last_progress_ms_ = last_observation_ms_ = now_ms;
}

InputWatchdog::Event InputWatchdog::observe(std::uint64_t write_index, double now_ms) {
  const bool progressed = write_index != last_write_index_;
  last_write_index_ = write_index;
  // After a long gap between looks, the silence since the last sample is not evidence.
  if (progressed || now_ms - last_observation_ms_ > config_.max_observation_gap_ms) last_progress_ms_ = now_ms;
  last_observation_ms_ = now_ms;
  switch (state_) {
    case State::kIdle:
      return Event::kNone;
    case State::kWaiting:
      if (progressed) {
        state_ = State::kFlowing;
        return Event::kStarted;
      }
      if (now_ms - armed_ms_ > config_.start_timeout_ms) {
        state_ = State::kIdle;
        return Event::kStartTimedOut;
      }
      return Event::kNone;
    case State::kFlowing:
      if (!progressed && now_ms - last_progress_ms_ > config_.stall_after_ms) {
        state_ = State::kStalled;
        ++stalls_;
        return Event::kStalled;
      }
      return Event::kNone;
    case State::kStalled:
      if (progressed) {
        state_ = State::kFlowing;
        return Event::kRecovered;
      }
      return Event::kNone;
  }
  return Event::kNone;
}

}  // namespace capture
