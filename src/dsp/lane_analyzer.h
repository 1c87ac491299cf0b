// lane_analyzer.h: one analysis per lane (dsp/lanes.h), fed in lockstep, whose columns are
// joined into one column of stacked lanes: with one lane it is exactly an Analyzer; with two
// ("each channel") the first channel's column fills the top lane and the second's the bottom.
// Every lane has the same configuration, so their frames and columns finish on the same
// samples: one push() advances them all by the same count.
// Does: configure the lanes, push their samples, join their columns.
// Does not: pick channels (the caller passes one pointer per lane); allocate after configure().
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "dsp/analyzer.h"
#include "dsp/lanes.h"

namespace dsp {

class LaneAnalyzer {
 public:
  // `config.rows` is every display row; each lane analyses lanes.lane_rows() of them. Only the
  // first lane keeps `config.history_frames` of bin-resolution frames (the readouts read it).
  ConfigError configure(const AnalyzerConfig& config, int lane_count);
  void reset();
  // Consumes samples of every lane (`lane_samples[lane]`, `count` each) until a frame completes,
  // like Analyzer::push; returns how many of each were consumed.
  std::size_t push(const float* const* lane_samples, std::size_t count);
  // The same from `offset` into every lane's samples: for a caller that walks one block a frame
  // at a time (returns 0 only when inert, so a loop on it must stop then).
  std::size_t push(const float* const* lane_samples, std::size_t offset, std::size_t count);
  void mark_gap();

  bool ok() const { return error_ == ConfigError::kNone; }
  ConfigError error() const { return error_; }
  const Lanes& lanes() const { return lanes_; }
  bool has_frame() const { return lane_[0].has_frame(); }
  bool has_column() const { return lane_[0].has_column(); }
  // The newest joined column: every display row, lanes stacked (spare rows at the floor).
  const float* column_db() const { return column_.data(); }
  // The first lane's analysis: its clock, frames, bin history and mapping are every lane's.
  const Analyzer& first() const { return lane_[0]; }
  const Analyzer& lane(int index) const { return lane_[std::size_t(index)]; }
  const History& columns() const { return lane_[0].columns(); }  // infos: frame ends, gaps
  const Stft& stft() const { return lane_[0].stft(); }
  const RowMapper& mapper() const { return lane_[0].mapper(); }  // one lane's rows
  const History& history() const { return lane_[0].history(); }
  const MultiResolution& multires() const { return lane_[0].multires(); }
  int column_latency_frames() const { return lane_[0].column_latency_frames(); }
  std::uint64_t samples_pushed() const { return lane_[0].samples_pushed(); }

 private:
  std::array<Analyzer, kMaxLanes> lane_;
  Lanes lanes_;
  std::vector<float> column_;
  ConfigError error_ = ConfigError::kFftSizeOutOfRange;
};

}  // namespace dsp
