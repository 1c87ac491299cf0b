// ridge.cpp: see ridge.h.
#include "dsp/ridge.h"

#include <algorithm>
#include <cmath>

namespace dsp {

Ridge ridge_at(const float* rows_db, int rows, int row, int search_rows, float floor_db) {
  Ridge ridge;
  if (rows_db == nullptr || rows < 1) return ridge;
  row = std::clamp(row, 0, rows - 1);
  int peak = row;
  for (int r = std::max(0, row - search_rows); r <= std::min(rows - 1, row + search_rows); ++r)
    if (rows_db[r] > rows_db[peak]) peak = r;
  ridge.first_row = ridge.last_row = ridge.peak_row = peak;
  ridge.centroid_row = peak;
  ridge.energy_db = floor_db;
  if (!(rows_db[peak] > floor_db)) return ridge;
  int first = peak, last = peak;
  while (first > 0 && rows_db[first - 1] < rows_db[first] && rows_db[first - 1] > floor_db) --first;
  while (last < rows - 1 && rows_db[last + 1] < rows_db[last] && rows_db[last + 1] > floor_db) ++last;
  double energy = 0, moment = 0;
  for (int r = first; r <= last; ++r) {
    const double e = std::pow(10.0, rows_db[r] / 10.0);
    energy += e;
    moment += r * e;
  }
  ridge.first_row = first;
  ridge.last_row = last;
  ridge.energy_db = 10.0 * std::log10(energy);
  ridge.centroid_row = moment / energy;
  ridge.found = true;
  return ridge;
}

}  // namespace dsp
