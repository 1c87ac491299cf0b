// names.h: names and captions for exported files, shared by every export (and the CLI).
// Does: "spectrogram-YYYYMMDD-HHMMSS[-to-HHMMSS].ext" from wall-clock times (local time); the
//       one-line caption that makes a picture stand alone (when, rate, analysis, scale, range,
//       input).
// Does not: touch files or the browser.
#pragma once
#include <string>

namespace io {

// wall_ms: milliseconds since the epoch (0 = unknown: the name says "unknown-time").
std::string export_file_name(double start_wall_ms, double end_wall_ms, const char* extension);

struct CaptionFacts {
  double start_wall_ms = 0, end_wall_ms = 0;  // the span shown (0 = unknown)
  double duration_s = 0;
  double sample_rate_hz = 0;
  int fft_size = 0, window_length = 0, hop_frames = 0;
  const char* window = "";
  double overlap_percent = 0;
  const char* mode = "";
  const char* scale = "";
  double fmin_hz = 0, fmax_hz = 0;
  double floor_db = 0, ceil_db = 0;
  const char* weighting = "";  // "" or e.g. "A-weighted"
  std::string input;            // the device or file name
};
std::string caption_text(const CaptionFacts& facts);

}  // namespace io
