// channels.cpp: which channels are analysed and how their samples reach the analysis: one
// channel (left, right or the mix) in one lane, or each channel in stacked lanes (left above
// right, dsp/lanes.h); captured input de-interleaved into the chunk scratch; reading the kept
// audio for every lane; a display row's frequency and a point's lane.
// Does not: analyse (dsp/lane_analyzer.h), draw (ui/plot_view.h) or keep audio (timeline/).
#include <algorithm>
#include <cassert>
#include <cmath>

#include "app/app.h"
#include "dsp/level.h"

namespace app {

int App::analysis_channel() const {
  if (history_.channels() < 2) return 0;
  switch (settings_.channel) {
    case settings::Channel::kLeft: return 0;
    case settings::Channel::kRight: return 1;
    case settings::Channel::kMix: return timeline::kMixChannel;
    case settings::Channel::kEach: return timeline::kMixChannel;
  }
  return timeline::kMixChannel;
}

timeline::LaneChannels App::lane_channels() const {
  if (settings_.channel == settings::Channel::kEach && history_.channels() > 1) return timeline::LaneChannels::each();
  return timeline::LaneChannels::one(analysis_channel());
}

void App::fill_analysed_channel(std::size_t frames) {
  assert(frames <= mono_.size());
  const int channel = analysis_channel();
  for (std::size_t i = 0; i < frames; ++i)
    mono_[i] = channel == 0 ? left_[i] : channel == 1 ? right_[i] : 0.5f * (left_[i] + right_[i]);
}

void App::lane_inputs(const float** lane_samples) const {
  // Why the lanes' count from the analyzer: it was configured for it (the setting may have
  // changed since, and is applied by configuring it again).
  if (analyzer_.lanes().count > 1) {
    lane_samples[0] = left_.data();
    lane_samples[1] = right_.data();
  } else {
    lane_samples[0] = mono_.data();
  }
}

void App::read_lanes(std::uint64_t at, std::size_t count, const float** lane_samples) {
  assert(count <= mono_.size());
  history_.read(analysis_channel(), at, count, mono_.data());
  if (analyzer_.lanes().count > 1) {
    history_.read(0, at, count, left_.data());
    history_.read(1, at, count, right_.data());
  }
  lane_inputs(lane_samples);
}

void App::silence_lanes(std::size_t count, const float** lane_samples) {
  assert(count <= mono_.size());
  std::fill_n(left_.begin(), count, 0.0f);
  std::fill_n(right_.begin(), count, 0.0f);
  std::fill_n(mono_.begin(), count, 0.0f);
  lane_inputs(lane_samples);
}

dsp::Lanes App::lanes_for(int rows) const {
  return analyzer_.lanes().rows == rows ? analyzer_.lanes() : dsp::Lanes{rows, 1};
}

double App::row_center_hz(int row) const {
  const dsp::Lanes& lanes = analyzer_.lanes();
  const int lane = lanes.lane_of_row(row);
  return lane < 0 ? std::nan("") : analyzer_.mapper().row_center_hz(row - lanes.first_row(lane));
}

void App::consume(const float* interleaved, std::size_t floats) {
  // Why in chunks of the scratch size: the pump's chunk is what they were sized for.
  const std::size_t frames = floats / AudioInput::kRingChannels;
  for (std::size_t done = 0; done < frames;) {
    const std::size_t count = std::min(frames - done, left_.size());
    const float* in = interleaved + done * AudioInput::kRingChannels;
    for (std::size_t i = 0; i < count; ++i) {
      left_[i] = dsp::sanitize_sample(in[2 * i]);
      right_[i] = dsp::sanitize_sample(in[2 * i + 1]);
    }
    const float* channels[2] = {left_.data(), right_.data()};
    history_.push(channels, count);
    fill_analysed_channel(count);
    samples_read_ += count;
    feed_pitch(mono_.data(), count);
    const float* lane_samples[dsp::kMaxLanes] = {};
    lane_inputs(lane_samples);
    analyse_lanes(lane_samples, count, true);
    done += count;
  }
}

App::LanePoint App::lane_point(float y) const {
  const ui::Rect& plot = layout_.spectrogram;
  const dsp::Lanes lanes{std::max(1, layer_.rows()), analyzer_.lanes().count};
  LanePoint point;
  const double from_bottom = plot.y + plot.h - y;
  point.row = std::clamp(int(from_bottom), 0, lanes.rows - 1);
  point.lane = lanes.nearest_lane(point.row);
  point.unit = std::clamp((from_bottom - lanes.first_row(point.lane)) / std::max(1, lanes.lane_rows()), 0.0, 1.0);
  point.row = lanes.first_row(point.lane) + std::clamp(point.row - lanes.first_row(point.lane), 0, lanes.lane_rows() - 1);
  return point;
}

double App::lane_middle_y() const {
  const ui::Rect top = ui::lane_rect(layout_.spectrogram, analyzer_.lanes().count, 0);
  return top.y + top.h / 2;
}

const char* App::lane_name(int lane) const {
  if (analyzer_.lanes().count < 2) return "";
  return lane == 0 ? "left" : "right";
}

}  // namespace app
