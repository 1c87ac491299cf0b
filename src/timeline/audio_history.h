// audio_history.h: the kept audio: every captured channel at full precision (32-bit float), on
// one sample clock, with the timeline's events (capture sessions starting, samples lost).
// Does: keep the newest `capacity` sample frames of 1 or 2 channels (a ring, planar); number
//       every frame since the history began (its index is its time: index / rate seconds);
//       record when a capture session starts (with its wall-clock time) and where samples were
//       lost (ring overruns), so times shown and files exported are correct across stop/start
//       and gaps; copy any kept span of a channel (or the mix) out.
// Does not: analyse, or know about the browser; allocation only in configure() (and one that
//           the browser refuses is reported, not fatal).
// Threading: one thread (the page's).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "dsp/config_error.h"
#include "dsp/lanes.h"
#include "timeline/big_buffer.h"

namespace timeline {

constexpr int kMaxChannels = 2;
constexpr int kMixChannel = -1;  // read(): the average of every channel

// The channels an analysis reads, one per lane (dsp/lanes.h): one channel (0, 1 or the mix),
// or each channel (0 on top, 1 below).
struct LaneChannels {
  int count = 1;
  int channel[dsp::kMaxLanes] = {kMixChannel, kMixChannel};
  static LaneChannels one(int channel) { return {1, {channel, channel}}; }
  static LaneChannels each() { return {2, {0, 1}}; }
};

struct TimelineEvent {
  enum class Kind { kSessionStart, kLost };
  Kind kind = Kind::kSessionStart;
  std::uint64_t sample = 0;   // the first frame after the event
  double wall_ms = 0;         // wall-clock time (ms since the epoch) of that frame
  std::uint64_t lost = 0;     // kLost: frames that never arrived
};

class AudioHistory {
 public:
  // channels 1..2, capacity >= 1 frame, sample_rate_hz > 0. Clears everything. kOutOfMemory
  // (and an empty history) when the memory for it was refused: try a shorter one.
  dsp::ConfigError configure(int channels, std::size_t capacity_frames, double sample_rate_hz);
  void clear();

  // A capture session starts with the next frame pushed, at wall-clock `wall_ms`.
  void begin_session(double wall_ms);
  // `lost` frames never arrived before the next frame pushed (it is `wall_ms` then).
  void mark_lost(std::uint64_t lost, double wall_ms);
  // Appends `frames` frames: channel c's samples at channels[c][0..frames).
  void push(const float* const* channels, std::size_t frames);

  // Frames kept: [begin(), end()); end() is the index the next frame will get.
  std::uint64_t begin() const { return end_ - size_; }
  std::uint64_t end() const { return end_; }
  std::size_t capacity() const { return capacity_; }
  int channels() const { return channels_; }
  double sample_rate_hz() const { return sample_rate_hz_; }
  std::size_t bytes() const { return samples_.size() * sizeof(float); }

  // Copies frames [from, from + count) of `channel` (or kMixChannel) into out; frames outside
  // what is kept read as 0. Returns how many were inside.
  std::size_t read(int channel, std::uint64_t from, std::size_t count, float* out) const;

  // Events (oldest first), including ones before begin() (they still name the session).
  const std::vector<TimelineEvent>& events() const { return events_; }
  // The wall-clock time (ms) of frame `sample`, from its session's start and the frames lost
  // since; 0 when no session started before it.
  double wall_ms_at(std::uint64_t sample) const;
  // The same for clock time `time_s` (seconds of frames), continued at the clock's pace before
  // the first session and after the newest frame (for axes that reach beyond what was kept).
  double wall_ms_at_time(double time_s) const;

 private:
  BigBuffer<float> samples_;  // channels_ x capacity_, planar
  std::vector<TimelineEvent> events_;
  int channels_ = 0;
  std::size_t capacity_ = 0, size_ = 0;
  std::uint64_t end_ = 0;
  double sample_rate_hz_ = 48000;
};

}  // namespace timeline
