// csv.h: the analysed matrix as comma-separated text a spreadsheet or a script reads.
// Layout: a header row "time_s" followed by each row's centre frequency in Hz; then one line a
// column: its time (seconds on the capture's clock, the centre of what it shows) and its level
// per row in dBFS, three decimals (0.001 dB: finer than any difference that matters).
// Does not: allocate beyond the string it appends to.
#pragma once
#include <string>

namespace io {

void append_csv_header(std::string* out, const double* row_hz, int rows);
void append_csv_row(std::string* out, double time_s, const float* row_db, int rows);

}  // namespace io
