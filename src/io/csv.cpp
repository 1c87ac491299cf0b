// csv.cpp: see csv.h.
#include "io/csv.h"

#include <cstdio>

namespace io {

void append_csv_frequencies(std::string* out, const double* row_hz, int rows, const char* name) {
  char number[64];
  for (int r = 0; r < rows; ++r) {
    std::snprintf(number, sizeof number, ",%s%s%.3f", name, name[0] ? ":" : "", row_hz[r]);
    *out += number;
  }
}

void append_csv_time(std::string* out, double time_s) {
  char number[32];
  std::snprintf(number, sizeof number, "%.6f", time_s);
  *out += number;
}

void append_csv_levels(std::string* out, const float* row_db, int rows) {
  char number[32];
  for (int r = 0; r < rows; ++r) {
    std::snprintf(number, sizeof number, ",%.3f", double(row_db[r]));
    *out += number;
  }
}

void append_csv_header(std::string* out, const double* row_hz, int rows) {
  *out += "time_s";
  append_csv_frequencies(out, row_hz, rows);
  *out += '\n';
}

void append_csv_row(std::string* out, double time_s, const float* row_db, int rows) {
  append_csv_time(out, time_s);
  append_csv_levels(out, row_db, rows);
  *out += '\n';
}

void append_csv_lanes_header(std::string* out, const double* lane_row_hz, const CsvLanes& lanes) {
  *out += "time_s";
  for (int lane = 0; lane < lanes.count; ++lane) append_csv_frequencies(out, lane_row_hz, lanes.lane_rows, lanes.names[lane]);
  *out += '\n';
}

void append_csv_lanes_row(std::string* out, double time_s, const float* column_db, const CsvLanes& lanes) {
  append_csv_time(out, time_s);
  for (int lane = 0; lane < lanes.count; ++lane) append_csv_levels(out, column_db + lanes.first_row[lane], lanes.lane_rows);
  *out += '\n';
}

}  // namespace io
