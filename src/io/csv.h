// csv.h: the analysed matrix as comma-separated text a spreadsheet or a script reads.
// Layout: a header row "time_s" followed by each row's centre frequency in Hz; then one line a
// column: its time (seconds on the capture's clock, the centre of what it shows) and its level
// per row in dBFS, three decimals (0.001 dB: finer than any difference that matters). With each
// channel shown, a header cell carries its channel: "left:440.000".
// Does not: allocate beyond the string it appends to.
#pragma once
#include <string>

#include "dsp/lanes.h"

namespace io {

void append_csv_header(std::string* out, const double* row_hz, int rows);
void append_csv_row(std::string* out, double time_s, const float* row_db, int rows);
// The cells those are made of: ",<hz>" per row (",<name>:<hz>" with a name), a line's first
// cell (its time) and ",<db>" per row.
void append_csv_frequencies(std::string* out, const double* row_hz, int rows, const char* name = "");
void append_csv_time(std::string* out, double time_s);
void append_csv_levels(std::string* out, const float* row_db, int rows);

// Stacked lanes (each channel shown, dsp/lanes.h): the header names every cell by its lane's
// channel, lane 0 (the top, the left channel) first; a line gives each lane's rows in the same
// order (a spare row between lanes is left out). One lane: exactly the plain header and line.
struct CsvLanes {
  int count = 1;                       // 1 or 2
  int lane_rows = 0;                   // the rows of each lane
  int first_row[2] = {0, 0};           // each lane's first display row (from the bottom)
  const char* names[2] = {"", ""};     // "left", "right" ("" with one lane)
};
// The CsvLanes of a picture's lanes: lane 0 named `lane0_name`, lane 1 `lane1_name`.
inline CsvLanes csv_lanes_of(const dsp::Lanes& lanes, const char* lane0_name, const char* lane1_name) {
  assert(lanes.count >= 1 && lanes.count <= 2);
  return CsvLanes{lanes.count, lanes.lane_rows(), {lanes.first_row(0), lanes.count > 1 ? lanes.first_row(1) : 0}, {lane0_name, lane1_name}};
}
void append_csv_lanes_header(std::string* out, const double* lane_row_hz, const CsvLanes& lanes);
void append_csv_lanes_row(std::string* out, double time_s, const float* column_db, const CsvLanes& lanes);

}  // namespace io
