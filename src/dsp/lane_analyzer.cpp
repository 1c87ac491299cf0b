// lane_analyzer.cpp: see lane_analyzer.h.
#include "dsp/lane_analyzer.h"

#include <algorithm>
#include <cassert>

namespace dsp {

ConfigError LaneAnalyzer::configure(const AnalyzerConfig& config, int lane_count) {
  assert(lane_count >= 1 && lane_count <= kMaxLanes);
  lanes_ = Lanes{config.rows, lane_count};
  error_ = ConfigError::kNone;
  for (int lane = 0; lane < lane_count && error_ == ConfigError::kNone; ++lane) {
    AnalyzerConfig one = config;
    one.rows = lanes_.lane_rows();
    // Why a short bin history past the first lane: only the first lane's frames are read, and
    // each frame kept costs the FFT's bins in floats.
    if (lane > 0) one.history_frames = std::min<std::size_t>(config.history_frames, 8);
    error_ = lane_[std::size_t(lane)].configure(one);
  }
  column_.assign(std::size_t(std::max(0, config.rows)), config.stft.min_db);
  return error_;
}

void LaneAnalyzer::reset() {
  for (int lane = 0; lane < lanes_.count; ++lane) lane_[std::size_t(lane)].reset();
}

void LaneAnalyzer::mark_gap() {
  for (int lane = 0; lane < lanes_.count; ++lane) lane_[std::size_t(lane)].mark_gap();
}

std::size_t LaneAnalyzer::push(const float* const* lane_samples, std::size_t count) {
  if (!ok()) return 0;  // a lane that failed to configure: inert, like an Analyzer
  const std::size_t consumed = lane_[0].push(lane_samples[0], count);
  for (int lane = 1; lane < lanes_.count; ++lane) {
    // Same configuration, same input count: the lane completes the same frame.
    const std::size_t same = lane_[std::size_t(lane)].push(lane_samples[lane], consumed);
    assert(same == consumed && lane_[std::size_t(lane)].has_column() == lane_[0].has_column());
    (void)same;
  }
  if (lane_[0].has_column()) {
    const int lane_rows = lanes_.lane_rows();
    for (int lane = 0; lane < lanes_.count; ++lane)
      std::copy(lane_[std::size_t(lane)].column_db(), lane_[std::size_t(lane)].column_db() + lane_rows,
                column_.begin() + lanes_.first_row(lane));
  }
  return consumed;
}

std::size_t LaneAnalyzer::push(const float* const* lane_samples, std::size_t offset, std::size_t count) {
  const float* at[kMaxLanes] = {};
  for (int lane = 0; lane < lanes_.count; ++lane) {
    assert(lane_samples[lane] != nullptr && "one pointer per configured lane");
    at[lane] = lane_samples[lane] + offset;
  }
  return push(at, count);
}

}  // namespace dsp
