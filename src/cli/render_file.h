// render_file.h: a recording turned into a captioned spectrogram PNG and/or a CSV of its
// analysed columns, streamed: the file is read in blocks and analysed by the same core, with
// the same settings, display rows and captions as the browser (constant memory, whatever the
// file's length).
// Does: open what libsndfile reads (WAV, FLAC, Ogg Vorbis/Opus, MP3, AIFF, ...); analyse the
//       chosen channel (left, right or the mix of all), or each of the first two in stacked
//       lanes, over a span; write the PNG (axes, colour
//       bar, spectrum panel with the span's mean and peak, waveform, caption; the caption also as
//       the PNG's iTXt Description) and the CSV; report progress; name every failure.
// Does not: parse command lines (main.cpp) or draw with GL.
#pragma once
#include <functional>
#include <string>

#include "settings/settings.h"

namespace cli {

struct RenderRequest {
  std::string input_path;
  std::string png_path;  // "" = no picture
  std::string csv_path;  // "" = no CSV
  settings::Settings settings;
  int plot_width_px = 1600, plot_height_px = 600;  // the spectrogram itself (rows = height)
  double from_s = 0, to_s = -1;                    // the span; to_s < 0: to the end
};

// Exit codes (sysexits.h): what went wrong, for scripts.
enum ExitCode : int {
  kExitOk = 0,
  kExitUsage = 64,      // a bad option or value
  kExitBadData = 65,    // unsupported, corrupt or empty audio
  kExitNoInput = 66,    // the input cannot be opened
  kExitSoftware = 70,   // out of memory
  kExitCantCreate = 73  // an output cannot be written
};

struct RenderReport {
  int exit_code = kExitOk;
  std::string error;    // set when exit_code != 0
  std::string warning;  // e.g. a truncated file (what could be read was drawn)
  double duration_s = 0, sample_rate_hz = 0;
  int channels = 0;
  std::string format;   // "WAV, 16-bit PCM", "FLAC, 24-bit", ...
  long long columns = 0;
};

// progress(fraction 0..1, seconds done, seconds to do) is called now and then (may be empty).
RenderReport render_file(const RenderRequest& request, const std::function<void(double, double, double)>& progress);

}  // namespace cli
