// csv.cpp: see csv.h.
#include "io/csv.h"

#include <cstdio>

namespace io {

void append_csv_header(std::string* out, const double* row_hz, int rows) {
  char number[32];
  *out += "time_s";
  for (int r = 0; r < rows; ++r) {
    std::snprintf(number, sizeof number, ",%.3f", row_hz[r]);
    *out += number;
  }
  *out += '\n';
}

void append_csv_row(std::string* out, double time_s, const float* row_db, int rows) {
  char number[32];
  std::snprintf(number, sizeof number, "%.6f", time_s);
  *out += number;
  for (int r = 0; r < rows; ++r) {
    std::snprintf(number, sizeof number, ",%.3f", double(row_db[r]));
    *out += number;
  }
  *out += '\n';
}

}  // namespace io
