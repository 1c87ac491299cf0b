// column_accumulator.h: the display plane (columns x rows) as energy, for analyses that place
//                       energy at fractional times and frequencies (reassignment).
// Does: add energy at a fractional column and row, split bilinearly between the four nearest
//       cells (so nothing is snapped and the total is kept exactly); keep a few columns open
//       at a time (a ring); turn a column into dB rows when no later frame can add to it.
// Does not: know about frames, windows or frequencies (callers turn those into positions).
// Units: energy in "sine units": a full-scale sine's energy is 1 (0 dB). Columns are absolute
//       indices (0, 1, 2, ... since configure/reset); row r's centre is at position r.
// Allocation: configure() only.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "dsp/config_error.h"

namespace dsp {

class ColumnAccumulator {
 public:
  // `open_columns`: how many columns, from the oldest not yet finished, may receive energy
  // (>= 2); `rows` in [1, kMaxRows]; min_db finite: what a column with no energy reads.
  ConfigError configure(int rows, int open_columns, float min_db);
  void reset();  // every column empty; the next column to finish is 0

  // Adds `energy` (>= 0) centred at (column, row). Positions are clamped to the open columns
  // and to the rows [0, rows-1]; callers drop what lies outside the display before calling.
  void add(double column, double row, float energy);
  // Finishes the oldest open column: writes rows() dB values (10 log10 energy, floored at
  // min_db) and reopens its slot as the newest. Returns the finished column's index.
  std::int64_t finish_oldest(float* rows_db);
  // The oldest column still open (energy can no longer go below it).
  std::int64_t oldest_open() const { return oldest_; }
  int rows() const { return rows_; }
  int open_columns() const { return open_; }
  // Total energy added and total finished (energy conservation checks).
  double energy_added() const { return added_; }

 private:
  float* slot(std::int64_t column) { return cells_.data() + std::size_t(column % open_) * std::size_t(rows_); }
  std::vector<float> cells_;
  int rows_ = 0, open_ = 0;
  float min_db_ = -200.0f;
  std::int64_t oldest_ = 0;
  double added_ = 0;
};

}  // namespace dsp
