// ridge.h: the ridge a display row belongs to in a reassigned column, for readouts.
// Reassignment keeps energy, not peaks: a tone's energy is spread (bilinearly) over the one or
// two rows its ridge occupies, so its level is the energy summed over the ridge, not any row.
// Does: from a row, climb to the loudest row within `search_rows`, then take the rows on either
//       side while the level keeps falling and stays above the floor; sum their energy (dB ->
//       energy -> dB) and give the energy-weighted centre row (sub-row precision).
// Does not: allocate, or know which mode made the column (in the STFT modes a row's own value is
//       the readout).
#pragma once

namespace dsp {

struct Ridge {
  int first_row = 0, last_row = 0, peak_row = 0;
  double energy_db = 0;      // 10 log10 of the summed energy (floor_db if none)
  double centroid_row = 0;   // energy-weighted centre, in rows (row r's centre is r)
  bool found = false;        // false if the rows around are all at the floor
};

Ridge ridge_at(const float* rows_db, int rows, int row, int search_rows, float floor_db);

}  // namespace dsp
