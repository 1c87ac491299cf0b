// analyzer.cpp: wiring of the pipeline stages and modes; see analyzer.h.
#include "dsp/analyzer.h"

#include "dsp/analysis_limits.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>
#include <utility>

namespace dsp {
namespace {

RowMapperConfig mapper_config(const AnalyzerConfig& config, const LobeShape& lobe) {
  RowMapperConfig rows;
  rows.lobe = lobe;
  rows.rows = config.rows;
  rows.scale = config.scale;
  rows.fmin_hz = config.fmin_hz;
  // The display may ask for 20 kHz at a 32 kHz rate: cap at Nyquist rather than refuse.
  rows.fmax_hz = std::min(config.fmax_hz, 0.5 * config.stft.sample_rate_hz);
  rows.fft_size = config.stft.fft_size;
  rows.sample_rate_hz = config.stft.sample_rate_hz;
  return rows;
}

ReassignerConfig reassigner_config(const AnalyzerConfig& config) {
  ReassignerConfig r;
  r.fft_size = config.stft.fft_size;
  r.window_length = config.stft.window_length;
  r.window = config.stft.window;
  r.window_param = config.stft.window_param;
  r.hop_frames = config.stft.hop_frames;
  r.sample_rate_hz = config.stft.sample_rate_hz;
  r.rows = config.rows;
  r.scale = config.scale;
  r.fmin_hz = config.fmin_hz;
  r.fmax_hz = std::min(config.fmax_hz, 0.5 * config.stft.sample_rate_hz);
  r.min_db = config.stft.min_db;
  r.options = config.reassignment;
  return r;
}

MultiResConfig multires_config(const AnalyzerConfig& config) {
  MultiResConfig m;
  m.sample_rate_hz = config.stft.sample_rate_hz;
  m.hop_frames = config.stft.hop_frames;
  m.window = config.stft.window;
  m.window_param = config.stft.window_param;
  m.rows = config.rows;
  m.scale = config.scale;
  m.fmin_hz = config.fmin_hz;
  m.fmax_hz = std::min(config.fmax_hz, 0.5 * config.stft.sample_rate_hz);
  m.min_db = config.stft.min_db;
  m.reassign = config.mode == AnalysisMode::kMultiresReassigned;
  m.options = config.reassignment;
  return m;
}

constexpr AnalysisMode kModes[kAnalysisModeCount] = {AnalysisMode::kStft, AnalysisMode::kReassigned,
                                                     AnalysisMode::kMultires, AnalysisMode::kMultiresReassigned};

}  // namespace

const char* analysis_mode_name(AnalysisMode mode) {
  switch (mode) {
    case AnalysisMode::kStft: return "stft";
    case AnalysisMode::kReassigned: return "reassigned";
    case AnalysisMode::kMultires: return "multires";
    case AnalysisMode::kMultiresReassigned: return "multires-reassigned";
  }
  return "stft";
}

bool analysis_mode_from_name(const char* name, AnalysisMode* mode) {
  if (name == nullptr) return false;
  for (AnalysisMode candidate : kModes) {
    if (std::strcmp(name, analysis_mode_name(candidate)) == 0) {
      *mode = candidate;
      return true;
    }
  }
  return false;
}

bool mode_is_reassigned(AnalysisMode mode) {
  return mode == AnalysisMode::kReassigned || mode == AnalysisMode::kMultiresReassigned;
}
bool mode_is_multires(AnalysisMode mode) {
  return mode == AnalysisMode::kMultires || mode == AnalysisMode::kMultiresReassigned;
}

ConfigError validate(const AnalyzerConfig& config) {
  ConfigError error = validate(config.stft);
  if (error != ConfigError::kNone) return error;
  if (!std::isfinite(config.max_db) || !(config.stft.min_db < config.max_db))
    return ConfigError::kLevelRangeInvalid;
  if (config.history_frames < 1) return ConfigError::kHistoryCapacityInvalid;
  bool known = false;
  for (AnalysisMode mode : kModes) known |= mode == config.mode;
  if (!known) return ConfigError::kAnalysisModeInvalid;
  if (mode_is_reassigned(config.mode) && !window_suits_reassignment(config.stft.window))
    return ConfigError::kWindowUnsuitedForReassignment;
  RowMapper probe_mapper;  // cheap for a check: plan is per row
  return probe_mapper.configure(mapper_config(config, LobeShape()));
}

ConfigError Analyzer::configure(const AnalyzerConfig& config) {
  error_ = validate(config);
  gap_pending_ = false;
  origin_sample_ = 0;
  has_column_ = false;
  if (error_ != ConfigError::kNone) {
    // Leave every stage inert: a refused configuration must not keep analysing the old one.
    StftConfig inert_stft;
    inert_stft.fft_size = 0;
    RowMapperConfig inert_mapper;
    inert_mapper.rows = 0;
    stft_.configure(inert_stft);
    mapper_.configure(inert_mapper);
    history_.configure(0, 0);
    columns_.configure(0, 0);
    empty_column_.clear();
    return error_;
  }
  config_ = config;
  error_ = stft_.configure(config.stft);
  if (error_ == ConfigError::kNone) {
    config_.stft.window_length = stft_.config().window_length;
    lobe_.configure(stft_.window(), std::size_t(stft_.config().window_length), stft_.config().fft_size);
    error_ = history_.configure(config.history_frames, stft_.bin_count());
  }
  if (error_ == ConfigError::kNone) error_ = configure_mode();
  if (error_ != ConfigError::kNone) history_.configure(0, 0);
  return error_;
}

// The display half: mapper, mode engine, column history (also what set_display rebuilds).
ConfigError Analyzer::configure_mode() {
  ConfigError error = mapper_.configure(mapper_config(config_, lobe_));
  if (error == ConfigError::kNone && config_.mode == AnalysisMode::kReassigned)
    error = reassigner_.configure(reassigner_config(config_));
  if (error == ConfigError::kNone && mode_is_multires(config_.mode))
    error = multires_.configure(multires_config(config_));
  if (error == ConfigError::kNone) error = columns_.configure(config_.history_frames, std::size_t(config_.rows));
  if (error != ConfigError::kNone) return error;
  mapped_.assign(std::size_t(config_.rows), config_.stft.min_db);
  empty_column_.assign(std::size_t(config_.rows), config_.stft.min_db);
  pending_.assign(std::size_t(column_latency_frames() + 2), FrameInfo{});
  return ConfigError::kNone;
}

int Analyzer::column_latency_frames() const {
  switch (config_.mode) {
    case AnalysisMode::kStft: return 0;
    case AnalysisMode::kReassigned: return reassigner_.reach_columns();
    case AnalysisMode::kMultires: return multires_.latency_columns();
    case AnalysisMode::kMultiresReassigned: return multires_.latency_columns() + multires_.reach_columns();
  }
  return 0;
}

double Analyzer::transform_points_per_frame() const {
  return dsp::transform_points_per_frame(config_.mode, config_.stft.fft_size, config_.stft.sample_rate_hz);
}

ConfigError Analyzer::set_display(int rows, ScaleKind scale, double fmin_hz, double fmax_hz, std::size_t remap_frames) {
  if (!ok()) return error_;
  AnalyzerConfig candidate = config_;
  candidate.rows = rows;
  candidate.scale = scale;
  candidate.fmin_hz = fmin_hz;
  candidate.fmax_hz = fmax_hz;
  RowMapper probe;
  const ConfigError error = probe.configure(mapper_config(candidate, lobe_));
  if (error != ConfigError::kNone) return error;  // the old mapping stays in force
  config_ = candidate;
  error_ = configure_mode();
  if (error_ != ConfigError::kNone) return error_;
  if (config_.mode != AnalysisMode::kStft) {
    // Why restart the STFT too: the mode's engine counts frames and samples from its own start,
    // which must be the STFT's; the clock (origin_sample_) carries on.
    origin_sample_ += stft_.samples_pushed();
    stft_.reset();
  } else {
    const std::size_t count = std::min(history_.size(), remap_frames);
    for (std::size_t age = count; age-- > 0;) {
      mapper_.map(history_.frame(age), mapped_.data());
      columns_.push(mapped_.data(), history_.info(age));
    }
  }
  return ConfigError::kNone;
}

void Analyzer::reset() {
  origin_sample_ = 0;
  stft_.reset();
  history_.clear();
  columns_.clear();
  if (config_.mode == AnalysisMode::kReassigned) reassigner_.reset();
  if (mode_is_multires(config_.mode)) multires_.reset();
  gap_pending_ = false;
  has_column_ = false;
}

void Analyzer::push_column(const float* rows_db, std::int64_t frame_index) {
  assert(frame_index >= 0);
  columns_.push(rows_db, pending_[std::size_t(frame_index) % pending_.size()]);
  has_column_ = true;
}

std::size_t Analyzer::push(const float* samples, std::size_t count) {
  has_column_ = false;
  if (!ok()) return 0;
  const std::size_t consumed = stft_.push(samples, count);
  if (mode_is_multires(config_.mode)) multires_.push(samples, consumed);
  if (!stft_.has_frame()) return consumed;
  const FrameInfo info{origin_sample_ + stft_.frame_end_sample(), gap_pending_};
  gap_pending_ = false;
  history_.push(stft_.frame_db(), info);
  const std::int64_t frame_index = std::int64_t(stft_.frames_emitted()) - 1;
  pending_[std::size_t(frame_index) % pending_.size()] = info;
  switch (config_.mode) {
    case AnalysisMode::kStft:
      mapper_.map(stft_.frame_db(), mapped_.data());
      push_column(mapped_.data(), frame_index);
      break;
    case AnalysisMode::kReassigned:
      reassigner_.add_frame(stft_.frame_samples());
      if (reassigner_.has_column()) push_column(reassigner_.column_db(), reassigner_.column_index());
      break;
    case AnalysisMode::kMultires:
    case AnalysisMode::kMultiresReassigned:
      multires_.end_hop(frame_index);
      if (multires_.has_column()) push_column(multires_.column_db(), multires_.column_index());
      break;
  }
  return consumed;
}

}  // namespace dsp
