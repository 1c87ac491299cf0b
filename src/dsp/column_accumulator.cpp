// column_accumulator.cpp: see column_accumulator.h.
#include "dsp/column_accumulator.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "dsp/level.h"
#include "dsp/row_mapper.h"

namespace dsp {

ConfigError ColumnAccumulator::configure(int rows, int open_columns, float min_db) {
  cells_.clear();
  rows_ = open_ = 0;
  if (rows < 1 || rows > kMaxRows) return ConfigError::kRowCountOutOfRange;
  if (open_columns < 2 || open_columns > 1 << 16) return ConfigError::kHopOutOfRange;
  if (!std::isfinite(min_db)) return ConfigError::kLevelRangeInvalid;
  rows_ = rows;
  open_ = open_columns;
  min_db_ = min_db;
  cells_.assign(std::size_t(rows) * std::size_t(open_columns), 0.0f);
  reset();
  return ConfigError::kNone;
}

void ColumnAccumulator::reset() {
  std::fill(cells_.begin(), cells_.end(), 0.0f);
  oldest_ = 0;
  added_ = 0;
}

void ColumnAccumulator::add(double column, double row, float energy) {
  assert(energy >= 0 && std::isfinite(energy));
  if (rows_ == 0 || !(energy > 0)) return;
  // The last open column can only take energy at its own position (the cell after it is not open).
  column = std::clamp(column, double(oldest_), double(oldest_ + open_ - 1));
  row = std::clamp(row, 0.0, double(rows_ - 1));
  const std::int64_t c0 = std::int64_t(std::floor(column));
  const int r0 = int(std::floor(row));
  const float fc = float(column - double(c0)), fr = float(row - double(r0));
  const int r1 = std::min(r0 + 1, rows_ - 1);
  float* a = slot(c0);
  a[r0] += energy * (1 - fc) * (1 - fr);
  a[r1] += energy * (1 - fc) * fr;
  if (fc > 0) {
    float* b = slot(c0 + 1);
    b[r0] += energy * fc * (1 - fr);
    b[r1] += energy * fc * fr;
  }
  added_ += energy;
}

std::int64_t ColumnAccumulator::finish_oldest(float* rows_db) {
  float* cells = slot(oldest_);
  for (int r = 0; r < rows_; ++r) {
    const float db = power_to_db(cells[r]);
    rows_db[r] = db > min_db_ ? db : min_db_;
    cells[r] = 0.0f;
  }
  return oldest_++;
}

}  // namespace dsp
