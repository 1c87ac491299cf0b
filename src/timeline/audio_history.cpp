// audio_history.cpp: see audio_history.h.
#include "timeline/audio_history.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace timeline {
namespace {
constexpr std::size_t kMaxEvents = 4096;  // sessions and losses remembered (oldest go first)
}

dsp::ConfigError AudioHistory::configure(int channels, std::size_t capacity_frames, double sample_rate_hz) {
  samples_.release();
  events_.clear();
  channels_ = 0;
  capacity_ = size_ = 0;
  end_ = 0;
  if (!(sample_rate_hz > 0) || !std::isfinite(sample_rate_hz)) return dsp::ConfigError::kSampleRateInvalid;
  if (channels < 1 || channels > kMaxChannels || capacity_frames < 1 ||
      capacity_frames > (std::size_t(1) << 31) / std::size_t(channels))
    return dsp::ConfigError::kHistoryCapacityInvalid;
  if (!samples_.allocate(std::size_t(channels) * capacity_frames)) return dsp::ConfigError::kOutOfMemory;
  channels_ = channels;
  capacity_ = capacity_frames;
  sample_rate_hz_ = sample_rate_hz;
  events_.reserve(kMaxEvents);
  return dsp::ConfigError::kNone;
}

void AudioHistory::clear() {
  size_ = 0;
  end_ = 0;
  events_.clear();
}

void AudioHistory::begin_session(double wall_ms) {
  if (events_.size() == kMaxEvents) events_.erase(events_.begin());
  events_.push_back({TimelineEvent::Kind::kSessionStart, end_, wall_ms, 0});
}

void AudioHistory::mark_lost(std::uint64_t lost, double wall_ms) {
  if (lost == 0) return;
  if (events_.size() == kMaxEvents) events_.erase(events_.begin());
  events_.push_back({TimelineEvent::Kind::kLost, end_, wall_ms, lost});
}

void AudioHistory::push(const float* const* channels, std::size_t frames) {
  assert(channels_ > 0);
  if (channels_ == 0) return;
  for (std::size_t i = 0; i < frames; ++i) {
    const std::size_t slot = std::size_t(end_ % capacity_);
    for (int c = 0; c < channels_; ++c) samples_[std::size_t(c) * capacity_ + slot] = channels[c][i];
    ++end_;
  }
  size_ = std::size_t(std::min<std::uint64_t>(capacity_, size_ + frames));
}

std::size_t AudioHistory::read(int channel, std::uint64_t from, std::size_t count, float* out) const {
  assert(channel == kMixChannel || (channel >= 0 && channel < channels_));
  std::size_t inside = 0;
  const std::uint64_t first = begin();
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint64_t at = from + i;
    if (at < first || at >= end_ || channels_ == 0) {
      out[i] = 0.0f;
      continue;
    }
    const std::size_t slot = std::size_t(at % capacity_);
    if (channel == kMixChannel) {
      float sum = 0;
      for (int c = 0; c < channels_; ++c) sum += samples_[std::size_t(c) * capacity_ + slot];
      out[i] = sum / float(channels_);
    } else {
      out[i] = samples_[std::size_t(channel) * capacity_ + slot];
    }
    ++inside;
  }
  return inside;
}

double AudioHistory::wall_ms_at(std::uint64_t sample) const {
  double wall = 0;
  std::uint64_t from = 0;
  bool started = false;
  for (const TimelineEvent& e : events_) {
    if (e.sample > sample) break;
    if (e.kind == TimelineEvent::Kind::kSessionStart || e.kind == TimelineEvent::Kind::kLost) {
      // Both events give the wall clock of their frame: the time lost is in the jump.
      wall = e.wall_ms;
      from = e.sample;
      started = true;
    }
  }
  if (!started) return 0;
  return wall + double(sample - from) * 1000.0 / sample_rate_hz_;
}

double AudioHistory::wall_ms_at_time(double time_s) const {
  const double sample = time_s * sample_rate_hz_;
  const TimelineEvent* base = nullptr;
  for (const TimelineEvent& e : events_) {
    if (e.kind != TimelineEvent::Kind::kSessionStart && e.kind != TimelineEvent::Kind::kLost) continue;
    if (base != nullptr && double(e.sample) > sample) break;
    base = &e;  // the first one also for times before it
  }
  if (base == nullptr) return 0;
  return base->wall_ms + (sample - double(base->sample)) * 1000.0 / sample_rate_hz_;
}

}  // namespace timeline
