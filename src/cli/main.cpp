// main.cpp: spectrogram-cli, the command-line tool: a recording in, a captioned spectrogram PNG
// (and/or a CSV of the analysed columns) out, from the same analysis core, settings and drawing
// as the browser app.
// Does: parse the command line (every analysis and display setting is the browser's key, as
//       --key value, checked by the same code), show progress on a terminal (none when piped),
//       print what went wrong and exit with a sysexits code.
// Does not: analyse or draw (render_file.cpp).
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "cli/render_file.h"
#include "settings/settings.h"

namespace {

const char kUsage[] =
    "usage: spectrogram-cli IN -o OUT.png [--csv OUT.csv] [options]\n"
    "  IN: any recording libsndfile reads (WAV, FLAC, Ogg Vorbis/Opus, MP3, AIFF, ...)\n"
    "  -o, --output FILE   the PNG: spectrogram, axes, colour bar, spectrum panel, waveform, caption\n"
    "  --csv FILE          the analysed columns: time_s, then dBFS per display row (header: Hz)\n"
    "  --width PX          width of the spectrogram itself (default 1600, at most 16384)\n"
    "  --height PX         its height, which is its number of rows (default 600)\n"
    "  --from S, --to S    the span, in seconds into the recording (default: all of it)\n"
    "  --quiet             no progress line\n"
    "  analysis and display, with the browser's names and limits:\n"
    "  --fft 4096 --window hann --overlap 90 --padding 1 --mode stft|reassigned|multires|multires-reassigned\n"
    "  --gate 80 --prune true --scale log|linear|mel|bark|erb|note --fmin 20 --fmax 20000\n"
    "  --floor -120 --ceil 0 --colormap viridis --channel mix|left|right|each --weighting none|a|c|itu468\n"
    "  --tilt 0 --a4 440 --piano true --waveform true --spectrum true --theme dark|light\n"
    "exit codes: 0 done, 64 bad option, 65 unreadable or empty audio, 66 no such input, 70 out of memory,\n"
    "  73 cannot write\n";

int usage_error(const std::string& message) {
  std::fprintf(stderr, "spectrogram-cli: %s\n(spectrogram-cli --help lists the options)\n", message.c_str());
  return cli::kExitUsage;
}

bool parse_int(const std::string& text, int* out) {
  char* end = nullptr;
  const long value = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || value < -1000000 || value > 1000000) return false;
  *out = int(value);
  return true;
}

bool parse_seconds(const std::string& text, double* out) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(value >= 0) || value > 1e7) return false;
  *out = value;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  cli::RenderRequest request;
  bool quiet = false;
  std::vector<std::pair<std::string, std::string>> settings_entries;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      return cli::kExitOk;
    }
    if (arg == "--quiet") {
      quiet = true;
      continue;
    }
    if (arg.size() > 1 && arg[0] == '-') {
      if (i + 1 >= argc) return usage_error("'" + arg + "' needs a value");
      const std::string value = argv[++i];
      if (arg == "-o" || arg == "--output") request.png_path = value;
      else if (arg == "--csv") request.csv_path = value;
      else if (arg == "--width") {
        if (!parse_int(value, &request.plot_width_px)) return usage_error("--width: '" + value + "' is not a whole number");
      } else if (arg == "--height") {
        if (!parse_int(value, &request.plot_height_px)) return usage_error("--height: '" + value + "' is not a whole number");
      } else if (arg == "--from") {
        if (!parse_seconds(value, &request.from_s)) return usage_error("--from: '" + value + "' is not a time in seconds");
      } else if (arg == "--to") {
        if (!parse_seconds(value, &request.to_s)) return usage_error("--to: '" + value + "' is not a time in seconds");
      } else if (arg.rfind("--", 0) == 0) {
        settings_entries.emplace_back(arg.substr(2), value);
      } else {
        return usage_error("unknown option '" + arg + "'");
      }
      continue;
    }
    if (!request.input_path.empty()) return usage_error("one recording at a time ('" + arg + "' is a second one)");
    request.input_path = arg;
  }
  if (request.input_path.empty()) return usage_error("no recording given");
  // The browser's keys, values and limits (settings::apply_all names the bad one).
  const std::string error = settings::apply_all(request.settings, settings_entries);
  if (!error.empty()) return usage_error(error);
  if (request.to_s >= 0 && request.to_s <= request.from_s) return usage_error("--to must be after --from");

  const bool show_progress = !quiet && isatty(STDERR_FILENO);
  double last_shown = -1;
  cli::RenderReport report;
  try {
    report = cli::render_file(request, [&](double fraction, double, double) {
      if (!show_progress || fraction - last_shown < 0.01) return;
      last_shown = fraction;
      std::fprintf(stderr, "\rspectrogram-cli: %3.0f %%", 100 * fraction);
      std::fflush(stderr);
    });
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "\nspectrogram-cli: out of memory (try a smaller --width or --height)\n");
    return cli::kExitSoftware;
  }
  if (show_progress && last_shown >= 0) std::fprintf(stderr, "\r%30s\r", "");
  if (report.exit_code != cli::kExitOk) {
    std::fprintf(stderr, "spectrogram-cli: %s\n", report.error.c_str());
    return report.exit_code;
  }
  if (!report.warning.empty()) std::fprintf(stderr, "spectrogram-cli: warning: %s\n", report.warning.c_str());
  if (!quiet)
    std::fprintf(stderr, "spectrogram-cli: %s: %s, %d ch, %.0f Hz, %.3f s; %lld columns\n", request.input_path.c_str(),
                 report.format.c_str(), report.channels, report.sample_rate_hz, report.duration_s, report.columns);
  return cli::kExitOk;
}
