// pump.h: moves captured samples from the ring into the analysis, within a time budget.
// Does: size the ring so that a hidden tab woken once a minute loses nothing; drain it in
//       chunks until a budget runs out or nothing is left; choose the budget of a display
//       frame (small when caught up, larger while a backlog is worked off); say whether a
//       backlog remains, so that the page can continue at once in another short slice instead
//       of waiting for the next (throttled) timer.
// Does not: know where samples come from or what consumes them (two callbacks), or schedule
//       anything itself (the page's frame loop and wake-up timer call it).
// Pure C++ (no Emscripten): tested natively with a simulated clock and simulated wake-ups.
// Allocation: none after construction (the staging buffer is sized once).
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace capture {

// Seconds of audio the ring holds. Why this much: Chrome wakes a tab hidden for more than five
// minutes once a minute ("intensive throttling"); the ring must hold that minute plus margin.
constexpr double kRingSeconds = 75.0;
// The longest a hidden tab may sleep between wake-ups that this sizing is proven against.
constexpr double kWorstWakeIntervalSeconds = 60.0;

// Ring capacity in samples: a power of two holding at least `seconds` at `sample_rate_hz`.
std::size_t ring_capacity_samples(double sample_rate_hz, double seconds = kRingSeconds);

struct PumpConfig {
  double frame_budget_ms = 3.0;        // per display frame when caught up
  double catch_up_budget_ms = 12.0;    // per display frame while a backlog is worked off
  double catch_up_after_seconds = 0.2; // backlog (seconds of audio) that starts catching up
  double slice_budget_ms = 40.0;       // per slice without display frames (a hidden tab)
  std::size_t chunk_samples = 4096;    // read at most this many samples at a time
};

class Pump {
 public:
  // Reads up to `max` samples into `dest`, returns how many (0 when the ring is empty).
  using Reader = std::function<std::size_t(float* dest, std::size_t max)>;
  // Analyses `count` samples.
  using Consumer = std::function<void(const float* samples, std::size_t count)>;
  using Clock = std::function<double()>;  // milliseconds, monotonic

  Pump(const PumpConfig& config, Reader reader, Consumer consumer, Clock clock);

  // Reads and consumes until `budget_ms` has passed or the reader is empty. Returns the number
  // of samples consumed. At least one chunk is taken whatever the budget, so progress is made.
  std::size_t run(double budget_ms);
  // Whether the last run() stopped on its budget rather than on an empty ring (so samples
  // probably remain and the caller should come back soon).
  bool behind() const { return behind_; }
  // The budget for one display frame, given the unread samples in the ring.
  double frame_budget_ms(std::uint64_t backlog_samples, double sample_rate_hz) const;
  double slice_budget_ms() const { return config_.slice_budget_ms; }
  const PumpConfig& config() const { return config_; }

 private:
  PumpConfig config_;
  Reader reader_;
  Consumer consumer_;
  Clock clock_;
  std::vector<float> staging_;
  bool behind_ = false;
};

}  // namespace capture
