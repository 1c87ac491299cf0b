// reanalysis.h: analyses kept audio again with new settings, in slices, into a column store.
// Why: changing the FFT size, window, overlap, padding, mode, channel, scale or range must not
// erase the picture, although what was analysed has to be analysed again; and no main-thread
// task may run long, so the work is cut into slices the caller gives a time budget each.
// Does: split [first, last] column indices into chunks (the visible ones first, then the rest
//       from the newest back), analyse each chunk from the kept audio with a lead-in long enough
//       for full windows and the mode's latency, and store exactly the chunk's columns; report
//       when the visible chunk is done and how much is left.
// Does not: allocate after start(); decide when to start (the app does on a settings change);
//       draw; analyse live audio.
// Columns: column j ends at frame (j+1) hop of the history, like the live analysis's.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "dsp/lane_analyzer.h"
#include "timeline/audio_history.h"
#include "timeline/column_store.h"

namespace timeline {

class Reanalysis {
 public:
  using Clock = std::function<double()>;  // milliseconds, monotonic
  // Called for each finished column: (index, rows_db). The store is filled by the caller (so
  // the caller adds what it knows: waveform extremes, gaps).
  using ColumnSink = std::function<void(std::int64_t index, const float* rows_db)>;

  // Begins the work: `config` (hop = config.stft.hop_frames), analysing `channels` of the kept
  // audio (one per lane), columns [first, last] (clamped to what the kept audio can give), the ones in
  // [visible_first, visible_last] before the others. Allocates (an analyzer of its own).
  dsp::ConfigError start(const dsp::AnalyzerConfig& config, const LaneChannels& channels, std::int64_t first, std::int64_t last,
                         std::int64_t visible_first, std::int64_t visible_last, std::int64_t chunk_columns = 2048);
  void cancel();

  // Works until `budget_ms` has passed (at least one push), feeding finished columns to `sink`.
  // Returns true while work remains.
  bool run(const AudioHistory& history, double budget_ms, const Clock& clock, const ColumnSink& sink);

  bool active() const { return active_; }
  bool visible_done() const { return visible_done_; }
  // Columns done / to do (0..1), for a progress note.
  double progress() const;
  std::int64_t columns_done() const { return done_; }

 private:
  struct Chunk {
    std::int64_t first, last;
  };
  void begin_chunk(const Chunk& chunk);

  dsp::LaneAnalyzer analyzer_;
  LaneChannels channels_;
  int hop_ = 1;
  std::int64_t lead_columns_ = 0;   // columns analysed before a chunk (full windows, latency)
  std::int64_t tail_columns_ = 0;   // frames analysed past a chunk's end (the mode's latency)
  std::vector<Chunk> chunks_;       // still to do, the next at the back
  Chunk current_{0, -1};
  std::uint64_t next_sample_ = 0;   // the next history frame to push
  std::uint64_t end_sample_ = 0;    // one past the last frame this chunk needs
  std::uint64_t origin_ = 0;        // history frame of the analyzer's first sample
  std::vector<float> block_[dsp::kMaxLanes];  // one per lane
  std::int64_t total_ = 0, done_ = 0;
  bool active_ = false, visible_done_ = true, in_chunk_ = false, current_visible_ = false;
};

}  // namespace timeline
