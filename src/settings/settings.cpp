// settings.cpp: strict parsing and formatting of the settings' text form.
#include "settings/settings.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "dsp/reassignment.h"

namespace settings {
namespace {

struct NamedColormap {
  Colormap colormap;
  const char* name;
};
constexpr NamedColormap kColormaps[kColormapCount] = {
    {Colormap::kViridis, "viridis"}, {Colormap::kMagma, "magma"},     {Colormap::kInferno, "inferno"},
    {Colormap::kPlasma, "plasma"},   {Colormap::kCividis, "cividis"}, {Colormap::kGray, "gray"},
    {Colormap::kGrayInverted, "gray-inverted"},
};

// Strict number parsing: the whole text must be a finite number (no "12abc", no "NaN").
bool parse_number(const std::string& text, double* out) {
  if (text.empty() || text.size() > 32) return false;
  errno = 0;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || errno == ERANGE || !std::isfinite(value)) return false;
  *out = value;
  return true;
}

bool parse_bool(const std::string& text, bool* out) {
  if (text == "true" || text == "1" || text == "on") return *out = true, true;
  if (text == "false" || text == "0" || text == "off") return *out = false, true;
  return false;
}

std::string format_number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.10g", value);
  return buffer;
}

std::string invalid(const std::string& key, const char* expectation) {
  return "invalid setting '" + key + "': " + expectation;
}

// The boolean settings, by key (nullptr for any other key); S is Settings or const Settings.
template <typename S>
auto flag_of(S& s, const std::string& key) -> decltype(&s.show_waveform) {
  if (key == "waveform") return &s.show_waveform;
  if (key == "spectrum") return &s.show_spectrum;
  if (key == "processing") return &s.browser_processing;
  if (key == "pitch") return &s.show_pitch;
  if (key == "piano") return &s.show_piano;
  if (key == "prune") return &s.prune;
  return nullptr;
}

}  // namespace

const char* colormap_name(Colormap colormap) {
  for (const NamedColormap& entry : kColormaps)
    if (entry.colormap == colormap) return entry.name;
  return "viridis";
}

const char* channel_name(Channel channel) {
  switch (channel) {
    case Channel::kLeft: return "left";
    case Channel::kRight: return "right";
    case Channel::kMix: return "mix";
    case Channel::kEach: return "each";
  }
  return "mix";
}

int Settings::hop_frames() const {
  const double hop = std::round(window_length() * (1.0 - overlap_percent / 100.0));
  return hop < 1 ? 1 : int(hop);
}

bool Settings::operator==(const Settings& o) const {
  return fft_size == o.fft_size && window == o.window && overlap_percent == o.overlap_percent &&
         zero_padding == o.zero_padding && mode == o.mode && gate_db == o.gate_db && prune == o.prune &&
         scale == o.scale && fmin_hz == o.fmin_hz && fmax_hz == o.fmax_hz && min_db == o.min_db &&
         max_db == o.max_db && colormap == o.colormap && channel == o.channel && show_waveform == o.show_waveform &&
         show_spectrum == o.show_spectrum && browser_processing == o.browser_processing &&
         show_pitch == o.show_pitch && weighting == o.weighting && tilt_db_per_octave == o.tilt_db_per_octave &&
         a4_hz == o.a4_hz && show_piano == o.show_piano && span_s == o.span_s && history_minutes == o.history_minutes &&
         time_labels == o.time_labels && theme == o.theme;
}

const std::vector<const char*>& setting_keys() {
  static const std::vector<const char*> keys = {
      "fft",     "window",   "overlap",  "padding",    "mode",  "gate",      "prune", "scale",
      "fmin",    "fmax",     "floor",    "ceil",       "colormap", "channel", "waveform",
      "spectrum", "processing", "pitch", "weighting", "tilt",  "a4",        "piano",
      "span",    "history",  "clock",      "theme"};
  return keys;
}

bool value_is_text(const std::string& key) {
  return key == "window" || key == "mode" || key == "scale" || key == "colormap" || key == "channel" ||
         key == "weighting" || key == "clock" || key == "theme";
}

bool is_known_key(const std::string& key) {
  for (const char* known : setting_keys())
    if (key == known) return true;
  return false;
}

std::string set_from_text(Settings& s, const std::string& key, const std::string& value) {
  double number = 0;
  bool flag = false;
  if (key == "fft") {
    if (!parse_number(value, &number) || number != std::floor(number) || number < kMinFftSize ||
        number > kMaxFftSize || (int(number) & (int(number) - 1)) != 0)
      return invalid(key, "a power of two from 256 to 32768");
    s.fft_size = int(number);
  } else if (key == "window") {
    dsp::WindowKind kind;
    if (!dsp::window_from_name(value.c_str(), &kind))
      return invalid(key, "rectangular, hann, hamming, blackman, blackman-harris, nuttall, flat-top, kaiser or gaussian");
    s.window = kind;
  } else if (key == "overlap") {
    if (!parse_number(value, &number) || number < 0 || number > kMaxOverlapPercent)
      return invalid(key, "a percentage from 0 to 95");
    s.overlap_percent = number;
  } else if (key == "padding") {
    if (!parse_number(value, &number) ||
        !(number == 1 || number == 2 || number == 4 || number == 8 || number == 16))
      return invalid(key, "1, 2, 4, 8 or 16");
    s.zero_padding = int(number);
  } else if (key == "mode") {
    dsp::AnalysisMode mode;
    if (!dsp::analysis_mode_from_name(value.c_str(), &mode))
      return invalid(key, "stft, reassigned, multires or multires-reassigned");
    s.mode = mode;
  } else if (key == "gate") {
    if (!parse_number(value, &number) || !(number == 0 || (number >= kMinGateDb && number <= kMaxGateDb)))
      return invalid(key, "0 (off) or a level in dB from 10 to 200");
    s.gate_db = float(number);
  } else if (key == "weighting") {
    dsp::Weighting weighting;
    if (!dsp::weighting_from_name(value.c_str(), &weighting)) return invalid(key, "none, a, c or itu468");
    s.weighting = weighting;
  } else if (key == "tilt") {
    if (!parse_number(value, &number) || std::fabs(number) > kMaxTiltDbPerOctave)
      return invalid(key, "dB per octave from -12 to 12");
    s.tilt_db_per_octave = number;
  } else if (key == "a4") {
    if (!parse_number(value, &number) || number < kMinA4Hz || number > kMaxA4Hz)
      return invalid(key, "a frequency in Hz from 400 to 480");
    s.a4_hz = number;
  } else if (key == "span") {
    if (!parse_number(value, &number) || number < kMinSpanSeconds || number > kMaxSpanSeconds)
      return invalid(key, "seconds from 2 to 3600");
    s.span_s = number;
  } else if (key == "history") {
    if (!parse_number(value, &number) || number < kMinHistoryMinutes || number > kMaxHistoryMinutes)
      return invalid(key, "minutes from 1 to 60");
    s.history_minutes = number;
  } else if (key == "clock") {
    if (value == "ago") s.time_labels = TimeLabels::kAgo;
    else if (value == "wall") s.time_labels = TimeLabels::kWallClock;
    else return invalid(key, "ago or wall");
  } else if (key == "theme") {
    if (value == "dark") s.theme = Theme::kDark;
    else if (value == "light") s.theme = Theme::kLight;
    else return invalid(key, "dark or light");
  } else if (key == "scale") {
    dsp::ScaleKind kind;
    if (!dsp::scale_from_name(value.c_str(), &kind)) return invalid(key, "linear, log, mel, bark, erb or note");
    s.scale = kind;
  } else if (key == "fmin" || key == "fmax") {
    if (!parse_number(value, &number) || number < 0 || number > kMaxFrequencyHz)
      return invalid(key, "a frequency in Hz from 0 to 96000");
    (key == "fmin" ? s.fmin_hz : s.fmax_hz) = number;
  } else if (key == "floor" || key == "ceil") {
    if (!parse_number(value, &number) || number < kLowestDb || number > kHighestDb)
      return invalid(key, "a level in dB from -200 to 20");
    (key == "floor" ? s.min_db : s.max_db) = float(number);
  } else if (key == "colormap") {
    bool found = false;
    for (const NamedColormap& entry : kColormaps)
      if (value == entry.name) s.colormap = entry.colormap, found = true;
    if (!found) return invalid(key, "viridis, magma, inferno, plasma, cividis, gray or gray-inverted");
  } else if (key == "channel") {
    if (value == "left") s.channel = Channel::kLeft;
    else if (value == "right") s.channel = Channel::kRight;
    else if (value == "mix") s.channel = Channel::kMix;
    else if (value == "each") s.channel = Channel::kEach;
    else return invalid(key, "left, right, mix or each");
  } else if (bool* target = flag_of(s, key)) {
    if (!parse_bool(value, &flag)) return invalid(key, "true or false");
    *target = flag;
  } else {
    return "unknown setting '" + key.substr(0, 40) + "'";
  }
  return "";
}

std::string get_as_text(const Settings& s, const std::string& key) {
  if (key == "fft") return std::to_string(s.fft_size);
  if (key == "window") return dsp::window_name(s.window);
  if (key == "overlap") return format_number(s.overlap_percent);
  if (key == "padding") return std::to_string(s.zero_padding);
  if (key == "scale") return dsp::scale_name(s.scale);
  if (key == "fmin") return format_number(s.fmin_hz);
  if (key == "fmax") return format_number(s.fmax_hz);
  if (key == "floor") return format_number(s.min_db);
  if (key == "ceil") return format_number(s.max_db);
  if (key == "colormap") return colormap_name(s.colormap);
  if (key == "channel") return channel_name(s.channel);
  if (key == "mode") return dsp::analysis_mode_name(s.mode);
  if (key == "gate") return format_number(s.gate_db);
  if (key == "weighting") return dsp::weighting_name(s.weighting);
  if (key == "tilt") return format_number(s.tilt_db_per_octave);
  if (key == "a4") return format_number(s.a4_hz);
  if (key == "span") return format_number(s.span_s);
  if (key == "history") return format_number(s.history_minutes);
  if (key == "clock") return s.time_labels == TimeLabels::kWallClock ? "wall" : "ago";
  if (key == "theme") return s.theme == Theme::kLight ? "light" : "dark";
  if (const bool* flag = flag_of(s, key)) return *flag ? "true" : "false";
  return "";
}

std::string check_consistency(const Settings& s) {
  if (!(s.fmin_hz < s.fmax_hz)) return "invalid setting 'fmin': must be below fmax";
  if (dsp::scale_needs_positive_fmin(s.scale) && !(s.fmin_hz > 0))
    return "invalid setting 'fmin': must be above 0 Hz on a log or note scale";
  if (!(s.min_db < s.max_db)) return "invalid setting 'floor': must be below ceil";
  if (dsp::mode_is_reassigned(s.mode) && !dsp::window_suits_reassignment(s.window))
    return "invalid setting 'window': the reassigned modes need a window that tapers to zero (hann, blackman, "
           "blackman-harris, nuttall or kaiser)";
  return "";
}

std::string apply_all(Settings& settings,
                      const std::vector<std::pair<std::string, std::string>>& values) {
  Settings candidate = settings;
  for (const auto& entry : values) {
    const std::string error = set_from_text(candidate, entry.first, entry.second);
    if (!error.empty()) return error;
  }
  const std::string error = check_consistency(candidate);
  if (!error.empty()) return error;
  settings = candidate;
  return "";
}

std::string to_query(const Settings& settings) {
  std::string query;
  for (const char* key : setting_keys()) {
    if (!query.empty()) query += '&';
    query += key;
    query += '=';
    query += get_as_text(settings, key);
  }
  return query;
}

void load_untrusted(Settings& settings, const std::vector<std::pair<std::string, std::string>>& values,
                    std::vector<std::string>* rejected_keys) {
  const Settings defaults;
  auto reject = [&](const std::string& key) {
    if (std::find(rejected_keys->begin(), rejected_keys->end(), key) == rejected_keys->end())
      rejected_keys->push_back(key);
  };
  for (const auto& entry : values) {
    if (!is_known_key(entry.first)) continue;
    if (!set_from_text(settings, entry.first, entry.second).empty()) {
      set_from_text(settings, entry.first, get_as_text(defaults, entry.first));  // that key alone
      reject(entry.first);
    }
  }
  if (!(settings.fmin_hz < settings.fmax_hz) ||
      (dsp::scale_needs_positive_fmin(settings.scale) && !(settings.fmin_hz > 0))) {
    settings.fmin_hz = defaults.fmin_hz;
    settings.fmax_hz = defaults.fmax_hz;
    reject("fmin");
    reject("fmax");
  }
  if (!(settings.min_db < settings.max_db)) {
    settings.min_db = defaults.min_db;
    settings.max_db = defaults.max_db;
    reject("floor");
    reject("ceil");
  }
  if (dsp::mode_is_reassigned(settings.mode) && !dsp::window_suits_reassignment(settings.window)) {
    settings.window = defaults.window;  // a reassignment-suited window (Hann)
    reject("window");
  }
}

}  // namespace settings
