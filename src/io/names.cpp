// names.cpp: see names.h.
#include "io/names.h"

#include <cmath>
#include <cstdio>
#include <ctime>

namespace io {
namespace {

bool local_time(double wall_ms, std::tm* out) {
  if (!(wall_ms > 0)) return false;
  const std::time_t t = std::time_t(std::floor(wall_ms / 1000.0));
  const std::tm* local = std::localtime(&t);
  if (local == nullptr) return false;
  *out = *local;
  return true;
}

}  // namespace

std::string export_file_name(double start_wall_ms, double end_wall_ms, const char* extension) {
  std::tm start{}, end{};
  char name[96];
  if (!local_time(start_wall_ms, &start)) {
    std::snprintf(name, sizeof name, "spectrogram-unknown-time.%s", extension);
    return name;
  }
  char first[32], last[16];
  std::strftime(first, sizeof first, "%Y%m%d-%H%M%S", &start);
  if (local_time(end_wall_ms, &end) && std::floor(end_wall_ms / 1000) != std::floor(start_wall_ms / 1000)) {
    std::strftime(last, sizeof last, "%H%M%S", &end);
    std::snprintf(name, sizeof name, "spectrogram-%s-to-%s.%s", first, last, extension);
  } else {
    std::snprintf(name, sizeof name, "spectrogram-%s.%s", first, extension);
  }
  return name;
}

std::string caption_text(const CaptionFacts& f) {
  // When, if known (a live capture; a recording's clock time is not), then how long.
  char when[64] = "";
  std::tm start{}, end{};
  if (local_time(f.start_wall_ms, &start)) {
    char a[32], b[16] = "";
    std::strftime(a, sizeof a, "%Y-%m-%d %H:%M:%S", &start);
    if (local_time(f.end_wall_ms, &end)) std::strftime(b, sizeof b, "%H:%M:%S", &end);
    std::snprintf(when, sizeof when, "%s%s%s ", a, b[0] ? " to " : "", b);
  }
  char text[640];
  std::snprintf(text, sizeof text,
                "%s(%.2f s) | %.0f Hz | FFT %d, window %s %d, hop %d (%.4g %% overlap) | %s | %s %.0f-%.0f Hz | "
                "%.0f to %.0f dBFS%s%s | %s",
                when, f.duration_s, f.sample_rate_hz, f.fft_size, f.window, f.window_length, f.hop_frames,
                f.overlap_percent, f.mode, f.scale, f.fmin_hz, f.fmax_hz, f.floor_db, f.ceil_db,
                f.weighting[0] ? ", " : "", f.weighting, f.input.empty() ? "input unknown" : f.input.c_str());
  return text;
}

}  // namespace io
