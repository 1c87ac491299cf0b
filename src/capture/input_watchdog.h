// input_watchdog.h: tells whether samples are really arriving from the microphone.
// Does: after the capture graph is connected, report the first samples (capture has truly
//       started) or a start timeout (nothing arrived: the context is not running, or the input
//       gives nothing); while capturing, report a stall (no new samples for a while) and the
//       recovery, and count stalls. Time is passed in, so it is tested with a simulated clock.
// Does not: read the ring (it is given the ring's write index) or decide what to say.
#pragma once
#include <cstdint>

namespace capture {

struct WatchdogConfig {
  double start_timeout_ms = 4000;  // from graph connected to the first sample
  double stall_after_ms = 1000;    // no new samples for this long while capturing
  // Observations further apart than this prove nothing about a stall: the main thread was busy
  // or the tab hidden, and samples may be waiting in a queue (the message transport).
  double max_observation_gap_ms = 500;
};

class InputWatchdog {
 public:
  enum class Event { kNone, kStarted, kStartTimedOut, kStalled, kRecovered };

  explicit InputWatchdog(const WatchdogConfig& config = WatchdogConfig()) : config_(config) {}
  // The graph is connected at `now_ms`; the ring's write index is `write_index`.
  void arm(std::uint64_t write_index, double now_ms);
  // Forget the session (stopped or failed).
  void disarm() { state_ = State::kIdle; }
  // Audio was paused on purpose (the context was suspended): restart the stall clock on resume.
  void excuse(double now_ms) { last_progress_ms_ = now_ms; }
  // Looks at the ring's write index at `now_ms` and reports what changed, if anything.
  Event observe(std::uint64_t write_index, double now_ms);

  bool waiting() const { return state_ == State::kWaiting; }
  bool stalled() const { return state_ == State::kStalled; }
  std::uint64_t stalls() const { return stalls_; }
  // Milliseconds since the last new sample (0 unless capturing).
  double silent_ms(double now_ms) const { return state_ == State::kIdle ? 0 : now_ms - last_progress_ms_; }

 private:
  enum class State { kIdle, kWaiting, kFlowing, kStalled };
  WatchdogConfig config_;
  State state_ = State::kIdle;
  std::uint64_t last_write_index_ = 0;
  double armed_ms_ = 0, last_progress_ms_ = 0, last_observation_ms_ = 0;
  std::uint64_t stalls_ = 0;
};

}  // namespace capture
