// analyzer.cpp: wiring of the pipeline stages; see analyzer.h.
#include "dsp/analyzer.h"

#include <algorithm>
#include <cmath>
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

}  // namespace

ConfigError validate(const AnalyzerConfig& config) {
  ConfigError error = validate(config.stft);
  if (error != ConfigError::kNone) return error;
  if (!std::isfinite(config.max_db) || !(config.stft.min_db < config.max_db))
    return ConfigError::kLevelRangeInvalid;
  if (config.history_frames < 1) return ConfigError::kHistoryCapacityInvalid;
  RowMapper probe_mapper;  // cheap for a check: plan is per row
  return probe_mapper.configure(mapper_config(config, LobeShape()));
}

ConfigError Analyzer::configure(const AnalyzerConfig& config) {
  error_ = validate(config);
  rows_db_.clear();
  gap_pending_ = false;
  if (error_ != ConfigError::kNone) {
    // Leave every stage inert: a refused configuration must not keep analysing the old one.
    StftConfig inert_stft;
    inert_stft.fft_size = 0;
    RowMapperConfig inert_mapper;
    inert_mapper.rows = 0;
    stft_.configure(inert_stft);
    mapper_.configure(inert_mapper);
    history_.configure(0, 0);
    return error_;
  }
  config_ = config;
  error_ = stft_.configure(config.stft);
  if (error_ == ConfigError::kNone) {
    lobe_.configure(stft_.window(), std::size_t(stft_.config().window_length), stft_.config().fft_size);
    error_ = mapper_.configure(mapper_config(config, lobe_));
  }
  if (error_ == ConfigError::kNone) error_ = history_.configure(config.history_frames, stft_.bin_count());
  if (error_ == ConfigError::kNone) rows_db_.assign(std::size_t(config.rows), config.stft.min_db);
  return error_;
}

ConfigError Analyzer::set_display(int rows, ScaleKind scale, double fmin_hz, double fmax_hz) {
  if (!ok()) return error_;
  AnalyzerConfig candidate = config_;
  candidate.rows = rows;
  candidate.scale = scale;
  candidate.fmin_hz = fmin_hz;
  candidate.fmax_hz = fmax_hz;
  RowMapper mapper;
  const ConfigError error = mapper.configure(mapper_config(candidate, lobe_));
  if (error != ConfigError::kNone) return error;  // the old mapping stays in force
  config_ = candidate;
  mapper_ = std::move(mapper);
  rows_db_.assign(std::size_t(rows), config_.stft.min_db);
  if (stft_.frames_emitted() > 0 && history_.size() > 0) mapper_.map(history_.frame(0), rows_db_.data());
  return ConfigError::kNone;
}

void Analyzer::reset() {
  stft_.reset();
  history_.clear();
  std::fill(rows_db_.begin(), rows_db_.end(), config_.stft.min_db);
  gap_pending_ = false;
}

std::size_t Analyzer::push(const float* samples, std::size_t count) {
  if (!ok()) return 0;
  const std::size_t consumed = stft_.push(samples, count);
  if (stft_.has_frame()) {
    history_.push(stft_.frame_db(), FrameInfo{stft_.frame_end_sample(), gap_pending_});
    gap_pending_ = false;
    mapper_.map(stft_.frame_db(), rows_db_.data());
  }
  return consumed;
}

}  // namespace dsp
