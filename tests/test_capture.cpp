// test_capture.cpp: the capture policy with a simulated clock: the ring holds what a hidden tab
// woken once a minute accumulates, draining in short slices loses nothing at 8 to 192 kHz, a
// slow machine catches up in the foreground, and the watchdog tells start, stall and recovery.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cstdint>
#include <vector>

#include "capture/input_watchdog.h"
#include "capture/pump.h"

namespace {

constexpr double kRates[] = {8000, 11025, 16000, 22050, 44100, 48000, 96000, 192000};

// The sample ring as the worklet fills it (blocks of 128, a full ring drops the block and
// counts it) and a clock that analysis time advances. Samples carry their own index so the
// consumer can check that nothing is lost or reordered.
class SimulatedCapture {
 public:
  SimulatedCapture(double rate, double analysis_ms_per_audio_ms)
      : rate_(rate), cost_ms_per_sample_(analysis_ms_per_audio_ms * 1000.0 / rate),
        ring_(capture::ring_capacity_samples(rate)) {}

  capture::Pump make_pump(const capture::PumpConfig& config = capture::PumpConfig()) {
    return capture::Pump(
        config, [this](float* dest, std::size_t max) { return read(dest, max); },
        [this](const float* samples, std::size_t count) { consume(samples, count); }, [this] { return now_ms_; });
  }
  // Lets time pass with nothing analysed (the tab sleeps, or the rest of a display frame).
  void sleep_until(double ms) { advance_to(ms); }
  double now_ms() const { return now_ms_; }
  std::uint64_t backlog() const { return written_ - read_; }
  std::uint64_t dropped() const { return dropped_; }
  std::uint64_t consumed() const { return consumed_; }
  std::uint64_t max_backlog() const { return max_backlog_; }
  bool in_order() const { return in_order_; }

 private:
  void advance_to(double ms) {
    now_ms_ = std::max(now_ms_, ms);
    const auto due = std::uint64_t(now_ms_ * rate_ / 1000.0) / 128;
    for (; blocks_ < due; ++blocks_) {
      if (written_ - read_ + 128 > ring_.size()) {
        dropped_ += 128;
        continue;
      }
      for (int i = 0; i < 128; ++i) ring_[(written_ + i) % ring_.size()] = float((blocks_ * 128 + i) % 1000000);
      written_ += 128;
      max_backlog_ = std::max(max_backlog_, written_ - read_);
    }
  }
  std::size_t read(float* dest, std::size_t max) {
    const std::size_t count = std::size_t(std::min<std::uint64_t>(max, written_ - read_));
    for (std::size_t i = 0; i < count; ++i) dest[i] = ring_[(read_ + i) % ring_.size()];
    read_ += count;
    return count;
  }
  void consume(const float* samples, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i, ++expected_)
      if (samples[i] != float((expected_ + dropped_) % 1000000)) in_order_ = false;
    consumed_ += count;
    advance_to(now_ms_ + double(count) * cost_ms_per_sample_);
  }

  double rate_, cost_ms_per_sample_;
  std::vector<float> ring_;
  double now_ms_ = 0;
  std::uint64_t blocks_ = 0, written_ = 0, read_ = 0, dropped_ = 0, consumed_ = 0, expected_ = 0;
  std::uint64_t max_backlog_ = 0;
  bool in_order_ = true;
};

// A hidden tab for `minutes`: a timer wake-up every `interval_ms`; each wake-up drains in
// slices, continuing at once (a message to itself, which is not throttled) while behind.
void run_hidden(SimulatedCapture& sim, capture::Pump& pump, double interval_ms, double minutes, bool continue_while_behind) {
  for (double wake_ms = interval_ms; wake_ms <= minutes * 60000; wake_ms += interval_ms) {
    sim.sleep_until(wake_ms);
    do pump.run(pump.slice_budget_ms());
    while (continue_while_behind && pump.behind());
  }
}

}  // namespace

TEST_CASE("the ring holds 75 s at every rate, as a power of two", "[capture]") {
  for (double rate : kRates) {
    const std::size_t capacity = capture::ring_capacity_samples(rate);
    REQUIRE((capacity & (capacity - 1)) == 0);
    REQUIRE(double(capacity) >= rate * capture::kRingSeconds);
    REQUIRE(double(capacity) < 2 * rate * capture::kRingSeconds + 65536);
  }
}

TEST_CASE("a hidden tab woken once a minute loses nothing, 8 to 192 kHz", "[capture]") {
  // Analysis at half of real time (a slow phone with heavy settings) and at a tenth of it.
  for (double cost : {0.5, 0.1}) {
    for (double rate : kRates) {
      INFO("rate " << rate << " Hz, analysis " << cost << " ms per ms of audio");
      SimulatedCapture sim(rate, cost);
      capture::Pump pump = sim.make_pump();
      run_hidden(sim, pump, capture::kWorstWakeIntervalSeconds * 1000, 10, true);
      REQUIRE(sim.dropped() == 0);
      REQUIRE(sim.in_order());
      REQUIRE(sim.consumed() > std::uint64_t(rate * 9 * 60));
      REQUIRE(double(sim.max_backlog()) <= rate * (capture::kWorstWakeIntervalSeconds + 1));
    }
  }
}

TEST_CASE("control: one budgeted slice per wake-up (no continuation) does overflow", "[capture]") {
  // The simulation can fail: a 250 ms budget per minute drains less than a minute of audio.
  SimulatedCapture sim(48000, 0.5);
  capture::PumpConfig config;
  config.slice_budget_ms = 250;
  capture::Pump pump = sim.make_pump(config);
  run_hidden(sim, pump, 60000, 10, false);
  REQUIRE(sim.dropped() > 0);
}

TEST_CASE("in the foreground a slow machine catches up with larger frame budgets", "[capture]") {
  // Analysis at 30% of real time cannot fit in 3 ms of every 16.7 ms frame (18%); the backlog
  // must stay bounded and nothing may drop.
  for (double rate : {48000.0, 192000.0}) {
    SimulatedCapture sim(rate, 0.3);
    capture::Pump pump = sim.make_pump();
    double frame_ms = 0;
    for (int frame = 0; frame < 60 * 120; ++frame) {
      frame_ms += 1000.0 / 60;
      sim.sleep_until(frame_ms);
      pump.run(pump.frame_budget_ms(sim.backlog(), rate));
    }
    REQUIRE(sim.dropped() == 0);
    REQUIRE(sim.in_order());
    REQUIRE(double(sim.max_backlog()) < rate * 0.5);
  }
}

TEST_CASE("pump: a run stops on its budget or an empty ring, and says which", "[capture]") {
  SimulatedCapture sim(48000, 0.5);
  capture::Pump pump = sim.make_pump();
  sim.sleep_until(1000);  // one second of audio waiting
  const std::size_t taken = pump.run(10);
  REQUIRE(pump.behind());
  REQUIRE(taken >= 480);    // 10 ms of work at half real time is at least 20 ms of audio
  REQUIRE(taken <= 48000);
  while (pump.behind()) pump.run(10);
  REQUIRE(sim.backlog() < 128 * 4);
  REQUIRE(pump.frame_budget_ms(0, 48000) == pump.config().frame_budget_ms);
  REQUIRE(pump.frame_budget_ms(48000, 48000) == pump.config().catch_up_budget_ms);
}

TEST_CASE("watchdog: start, start timeout, stall, recovery, excused pauses", "[capture]") {
  using Event = capture::InputWatchdog::Event;
  capture::InputWatchdog dog;
  REQUIRE(dog.observe(0, 0) == Event::kNone);  // idle: says nothing
  dog.arm(0, 1000);
  REQUIRE(dog.waiting());
  REQUIRE(dog.observe(0, 3000) == Event::kNone);
  REQUIRE(dog.observe(128, 3100) == Event::kStarted);
  REQUIRE(dog.observe(256, 3200) == Event::kNone);
  for (double t = 3300; t <= 4100; t += 100) REQUIRE(dog.observe(256, t) == Event::kNone);  // 0.9 s: not yet
  REQUIRE(dog.observe(256, 4300) == Event::kStalled);  // 1.1 s
  REQUIRE(dog.stalled());
  REQUIRE(dog.observe(256, 4400) == Event::kNone);     // reported once
  REQUIRE(dog.stalls() == 1);
  REQUIRE(dog.observe(384, 4500) == Event::kRecovered);
  REQUIRE_FALSE(dog.stalled());
  dog.excuse(20000);                                   // resumed after a pause
  for (double t = 20000; t <= 20900; t += 100) REQUIRE(dog.observe(384, t) == Event::kNone);
  REQUIRE(dog.observe(384, 21100) == Event::kStalled);
  REQUIRE(dog.stalls() == 2);

  // A busy main thread (or a hidden tab) looks again only after a long gap: samples may be
  // queued; that is no stall. Frequent looks with no samples are.
  capture::InputWatchdog busy;
  busy.arm(0, 0);
  REQUIRE(busy.observe(128, 100) == Event::kStarted);
  REQUIRE(busy.observe(128, 2100) == Event::kNone);  // 2 s without a look
  REQUIRE(busy.observe(128, 2116) == Event::kNone);
  REQUIRE(busy.observe(256, 2132) == Event::kNone);  // the queued samples arrive
  for (double t = 2148; t < 3100; t += 16) REQUIRE(busy.observe(256, t) == Event::kNone);
  REQUIRE(busy.observe(256, 3150) == Event::kStalled);
  REQUIRE(busy.stalls() == 1);

  capture::InputWatchdog silent;
  silent.arm(0, 0);
  REQUIRE(silent.observe(0, 3999) == Event::kNone);
  REQUIRE(silent.observe(0, 4001) == Event::kStartTimedOut);
  REQUIRE_FALSE(silent.waiting());
  REQUIRE(silent.observe(0, 9000) == Event::kNone);
}
