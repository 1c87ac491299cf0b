// reanalysis.cpp: see reanalysis.h.
#include "timeline/reanalysis.h"

#include <algorithm>
#include <cassert>

namespace timeline {
namespace {
constexpr std::size_t kBlockFrames = 1024;  // frames pushed at a time (the budget is checked between)
}

dsp::ConfigError Reanalysis::start(const dsp::AnalyzerConfig& config, const LaneChannels& channels, std::int64_t first,
                                   std::int64_t last, std::int64_t visible_first, std::int64_t visible_last,
                                   std::int64_t chunk_columns) {
  cancel();
  const dsp::ConfigError error = analyzer_.configure(config, channels.count);
  if (error != dsp::ConfigError::kNone) return error;
  channels_ = channels;
  hop_ = config.stft.hop_frames;
  const int window = analyzer_.stft().config().window_length;
  // Enough columns before a chunk that its first column's frames (and, in the delayed modes,
  // every frame that reaches it, whose windows reach back as far as forward) are whole.
  lead_columns_ = (window + hop_ - 1) / hop_ + 2 * std::int64_t(analyzer_.column_latency_frames()) + 2;
  tail_columns_ = analyzer_.column_latency_frames() + 1;
  for (int lane = 0; lane < channels.count; ++lane) block_[lane].assign(kBlockFrames, 0.0f);
  first = std::max<std::int64_t>(first, 0);
  chunks_.clear();
  total_ = done_ = 0;
  if (last < first) return dsp::ConfigError::kNone;
  chunk_columns = std::max<std::int64_t>(chunk_columns, 1);
  // The rest, newest first (popped from the back: push oldest first), then the visible part.
  visible_first = std::clamp(visible_first, first, last);
  visible_last = std::clamp(visible_last, first, last);
  for (std::int64_t c = first; c < visible_first; c += chunk_columns)
    chunks_.push_back({c, std::min(visible_first - 1, c + chunk_columns - 1)});
  std::reverse(chunks_.begin(), chunks_.end());  // the newest of the earlier part right after the later part
  std::vector<Chunk> later;
  for (std::int64_t c = visible_last + 1; c <= last; c += chunk_columns) later.push_back({c, std::min(last, c + chunk_columns - 1)});
  // Order of work: visible, then later (towards the live edge), then earlier (newest first).
  std::vector<Chunk> order;
  order.push_back({visible_first, visible_last});
  order.insert(order.end(), later.begin(), later.end());
  order.insert(order.end(), chunks_.begin(), chunks_.end());
  chunks_.assign(order.rbegin(), order.rend());
  for (const Chunk& c : chunks_) total_ += c.last - c.first + 1;
  active_ = true;
  visible_done_ = false;
  in_chunk_ = false;
  return dsp::ConfigError::kNone;
}

void Reanalysis::cancel() {
  active_ = false;
  visible_done_ = true;
  in_chunk_ = false;
  chunks_.clear();
}

double Reanalysis::progress() const { return total_ > 0 ? double(done_) / double(total_) : 1.0; }

void Reanalysis::begin_chunk(const Chunk& chunk) {
  current_ = chunk;
  current_visible_ = !visible_done_;
  // The analyzer starts `lead` columns before the chunk (at a multiple of the hop, so its
  // column k is history column origin/hop + k) and runs `tail` frames past it.
  const std::int64_t start_column = std::max<std::int64_t>(0, chunk.first - lead_columns_);
  origin_ = std::uint64_t(start_column) * std::uint64_t(hop_);
  next_sample_ = origin_;
  end_sample_ = std::uint64_t(chunk.last + 1 + tail_columns_) * std::uint64_t(hop_);
  analyzer_.reset();
  in_chunk_ = true;
}

bool Reanalysis::run(const AudioHistory& history, double budget_ms, const Clock& clock, const ColumnSink& sink) {
  if (!active_) return false;
  const double start_ms = clock();
  do {
    if (!in_chunk_) {
      if (chunks_.empty()) {
        active_ = false;
        visible_done_ = true;
        return false;
      }
      begin_chunk(chunks_.back());
      chunks_.pop_back();
    }
    const std::size_t frames = std::size_t(std::min<std::uint64_t>(kBlockFrames, end_sample_ - next_sample_));
    const float* lane_samples[dsp::kMaxLanes] = {};
    for (int lane = 0; lane < channels_.count; ++lane) {
      history.read(channels_.channel[lane], next_sample_, frames, block_[lane].data());
      lane_samples[lane] = block_[lane].data();
    }
    next_sample_ += frames;
    for (std::size_t offset = 0; offset < frames;) {
      const std::size_t consumed = analyzer_.push(lane_samples, offset, frames - offset);
      if (consumed == 0) break;  // inert analyzer: drop the input rather than spin
      offset += consumed;
      if (!analyzer_.has_column()) continue;
      const std::int64_t index = std::int64_t(origin_ + analyzer_.columns().info(0).end_sample) / hop_ - 1;
      if (index >= current_.first && index <= current_.last) {
        sink(index, analyzer_.column_db());
        ++done_;
      }
    }
    if (next_sample_ >= end_sample_) {
      in_chunk_ = false;
      if (current_visible_) visible_done_ = true;
    }
  } while (clock() - start_ms < budget_ms);
  return active_;
}

}  // namespace timeline
