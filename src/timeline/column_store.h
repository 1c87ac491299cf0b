// column_store.h: the analysed picture of the kept audio: display columns (dB on the display
// rows) indexed by their place on the sample clock, with each column's waveform extremes.
// Column j spans frames [j hop, (j+1) hop) of the history: it ends at frame (j+1) hop.
// Does: keep the newest `capacity` column indices (a ring: putting column j makes j - capacity
//       and older unavailable); tell which are present (re-analysis fills them in any order);
//       give the maximum over a span of columns per row (what one screen pixel shows, so a
//       short click is never lost between pixels).
// Does not: analyse, draw, or allocate outside configure().
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "dsp/config_error.h"
#include "timeline/big_buffer.h"

namespace timeline {

struct ColumnInfo {
  bool present = false;
  bool gap_before = false;                  // samples were lost (or capture stopped) just before
  float wave_min = 0.0f, wave_max = 0.0f;   // the samples' extremes over the column's hop
};

class ColumnStore {
 public:
  // Levels are kept as 16-bit steps of 0.01 dB above floor_db (half the memory of floats, so
  // the picture of a 10-minute history fits at the default hop on a 2x screen; 0.01 dB is ten
  // times finer than any readout shows). Anything below the floor reads the floor.
  static constexpr float kStepDb = 0.01f;
  // rows in [1, 16384]; capacity >= 1; hop_frames >= 1; floor_db: what an empty row reads.
  dsp::ConfigError configure(int rows, std::size_t capacity, int hop_frames, float floor_db);
  void clear();

  // Stores column `index` (>= 0; rows() values). An index older than newest() - capacity + 1
  // is ignored (it would overwrite a newer one).
  void put(std::int64_t index, const float* rows_db, const ColumnInfo& info);
  // Copies column `index` into out (rows() values) and returns true, or returns false (out
  // untouched) when it is not present.
  bool get(std::int64_t index, float* out_db) const;
  ColumnInfo info(std::int64_t index) const;
  bool has(std::int64_t index) const { return slot_of(index) != nullptr; }
  // The newest index ever put (-1 if none), and the oldest the ring can still hold.
  std::int64_t newest() const { return newest_; }
  std::int64_t oldest_possible() const { return newest_ < 0 ? 0 : std::max<std::int64_t>(0, newest_ - std::int64_t(capacity_) + 1); }

  // out[r] = the maximum of row r over the present columns in [first, last]; returns false
  // (and leaves out alone) when none is present. `info_out`, if given, gets the span's
  // waveform extremes and whether any column has gap_before.
  bool max_over(std::int64_t first, std::int64_t last, float* out, ColumnInfo* info_out = nullptr) const;

  int rows() const { return rows_; }
  int hop_frames() const { return hop_; }
  std::size_t capacity() const { return capacity_; }
  float floor_db() const { return floor_db_; }
  std::size_t bytes() const { return values_.size() * sizeof(std::uint16_t) + slots_.size() * sizeof(Slot); }
  // Columns a memory budget holds at this row count.
  static std::size_t capacity_for_bytes(std::size_t bytes, int rows);

 private:
  struct Slot {
    std::int64_t index = -1;
    ColumnInfo info;
  };
  const Slot* slot_of(std::int64_t index) const;  // nullptr when not present
  std::uint16_t encode(float db) const;
  float decode(std::uint16_t steps) const { return floor_db_ + float(steps) * kStepDb; }

  BigBuffer<std::uint16_t> values_;  // capacity x rows, in steps above the floor
  BigBuffer<Slot> slots_;
  int rows_ = 0, hop_ = 1;
  std::size_t capacity_ = 0;
  float floor_db_ = -200.0f;
  std::int64_t newest_ = -1;
};

}  // namespace timeline
