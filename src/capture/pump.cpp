// pump.cpp: see pump.h.
#include "capture/pump.h"

#include <cassert>
#include <cmath>
#include <utility>

namespace capture {

std::size_t ring_capacity_samples(double sample_rate_hz, double seconds) {
  assert(sample_rate_hz > 0 && seconds > 0);
  std::size_t capacity = 1u << 16;
  while (double(capacity) < sample_rate_hz * seconds) capacity <<= 1;
  return capacity;
}

Pump::Pump(const PumpConfig& config, Reader reader, Consumer consumer, Clock clock)
    : config_(config), reader_(std::move(reader)), consumer_(std::move(consumer)), clock_(std::move(clock)),
      staging_(config.chunk_samples) {
  assert(config.chunk_samples > 0 && reader_ && consumer_ && clock_);
}

std::size_t Pump::run(double budget_ms) {
  const double start_ms = clock_();
  std::size_t consumed = 0;
  behind_ = false;
  do {
    const std::size_t count = reader_(staging_.data(), staging_.size());
    if (count == 0) return consumed;
    consumer_(staging_.data(), count);
    consumed += count;
  } while (clock_() - start_ms < budget_ms);
  // Stopped on the budget: if the ring still holds samples the caller should come back soon.
  behind_ = true;
  return consumed;
}

double Pump::frame_budget_ms(std::uint64_t backlog_samples, double sample_rate_hz) const {
  const bool catching_up = double(backlog_samples) > config_.catch_up_after_seconds * sample_rate_hz;
  return catching_up ? config_.catch_up_budget_ms : config_.frame_budget_ms;
}

}  // namespace capture
