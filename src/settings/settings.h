// settings.h: every user-adjustable setting of the app, with defaults, limits and a text form.
// Does: hold plain values; parse and validate one key at a time from text ("fft" = "4096"),
//       format them back, and apply several keys atomically (all or nothing).
// Does not: know about the URL, storage, ImGui or the audio graph (those read and write it).
// The keys are short and stable: the JS API (spectrogram.settings()/set()) and the URL use them.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "dsp/analysis_mode.h"
#include "dsp/frequency_scale.h"
#include "dsp/weighting.h"
#include "dsp/window.h"

namespace settings {

enum class Colormap { kViridis, kMagma, kInferno, kPlasma, kCividis, kGray, kGrayInverted };
constexpr int kColormapCount = 7;
const char* colormap_name(Colormap colormap);

// kEach: the first two channels stacked, left above right (dsp/lanes.h).
enum class Channel { kLeft, kRight, kMix, kEach };
const char* channel_name(Channel channel);

constexpr int kMinFftSize = 256;
constexpr int kMaxFftSize = 32768;
constexpr double kMaxOverlapPercent = 95.0;
constexpr float kLowestDb = -200.0f;
constexpr float kHighestDb = 20.0f;
constexpr double kMaxFrequencyHz = 96000.0;  // Nyquist of 192 kHz
constexpr double kMaxTiltDbPerOctave = 12.0;
constexpr double kMinA4Hz = 400.0, kMaxA4Hz = 480.0;
constexpr float kMinGateDb = 10.0f, kMaxGateDb = 200.0f;
constexpr double kMinSpanSeconds = 2.0, kMaxSpanSeconds = 3600.0;
constexpr double kMinHistoryMinutes = 1.0, kMaxHistoryMinutes = 60.0;
constexpr double kPhoneHistoryMinutes = 3.0;  // the default on phones (small memory)

enum class TimeLabels { kAgo, kWallClock };
// The interface's colours: dark (the default) or light (classrooms, projectors, print). The
// spectrogram's own colours are the colormap's in both.
enum class Theme { kDark, kLight };

struct Settings {
  int fft_size = 4096;                        // "fft": 256..32768, power of two
  dsp::WindowKind window = dsp::WindowKind::kHann;  // "window": a dsp::window_name()
  double overlap_percent = 90.0;              // "overlap": 0..95; hop = window * (1 - overlap): about a column a pixel at the default 10 s span
  int zero_padding = 1;                       // "padding": 1, 2, 4, 8 or 16 (window = fft / padding)
  dsp::AnalysisMode mode = dsp::AnalysisMode::kStft;  // "mode": stft | reassigned | multires | multires-reassigned
  float gate_db = 80.0f;                      // "gate": reassigned modes: drop energy this far below the frame's loudest; 0 = off
  bool prune = true;                          // "prune": reassigned modes: keep only lines and impulses (Fulop & Fitz)
  dsp::ScaleKind scale = dsp::ScaleKind::kLog;  // "scale": linear | log | mel | bark | erb | note
  double fmin_hz = 20.0;                      // "fmin": >= 0 (> 0 on log), < fmax
  double fmax_hz = 20000.0;                   // "fmax": <= 96000, capped at Nyquist when used
  float min_db = -120.0f;                     // "floor": dB shown as the bottom colour
  float max_db = 0.0f;                        // "ceil": dB shown as the top colour, > floor
  Colormap colormap = Colormap::kViridis;     // "colormap"
  Channel channel = Channel::kMix;            // "channel": left | right | mix | each
  bool show_waveform = true;                  // "waveform"
  bool show_spectrum = true;                  // "spectrum"
  bool browser_processing = false;            // "processing": echo cancel/noise suppress/AGC
  bool show_pitch = true;                     // "pitch": the pitch trace over the picture
  dsp::Weighting weighting = dsp::Weighting::kNone;  // "weighting": none | a | c | itu468 (display only)
  double tilt_db_per_octave = 0.0;            // "tilt": -12..12 dB/octave around 1 kHz (display only)
  double a4_hz = 440.0;                       // "a4": 400..480 Hz, names notes (note scale, readouts)
  bool show_piano = true;                     // "piano": piano-key ruler beside a note scale
  double span_s = 10.0;                       // "span": seconds across the picture, 2..3600 (zoom changes it)
  double history_minutes = 10.0;              // "history": minutes of audio kept, 1..60 (3 on phones)
  TimeLabels time_labels = TimeLabels::kAgo;  // "clock": ago (seconds before now) | wall (time of day)
  Theme theme = Theme::kDark;                 // "theme": dark | light (display only)

  int window_length() const { return fft_size / zero_padding; }
  int hop_frames() const;  // from window_length and overlap, at least 1
  bool operator==(const Settings& other) const;
  bool operator!=(const Settings& other) const { return !(*this == other); }
};

// All keys, in display order.
const std::vector<const char*>& setting_keys();

// Sets one key from text. Returns "" on success, else a message naming the key; on failure
// `settings` is unchanged. Unknown keys fail too (callers that must ignore them check first).
std::string set_from_text(Settings& settings, const std::string& key, const std::string& value);
// The text form of one key ("" for an unknown key).
std::string get_as_text(const Settings& settings, const std::string& key);
bool is_known_key(const std::string& key);
// True for keys whose value is a name (quoted in JSON), false for numbers and booleans.
bool value_is_text(const std::string& key);

// Applies every (key, value) or none: returns "" or the first error.
std::string apply_all(Settings& settings, const std::vector<std::pair<std::string, std::string>>& values);
// Checks the cross-key rules (fmin < fmax, fmin > 0 on log/note scales, floor < ceil, a
// tapered window in the reassigned modes); "" when consistent.
std::string check_consistency(const Settings& settings);

// [SECTION] links and storage
// The query form used in the URL hash and local storage: "fft=4096&window=hann&...", every key,
// values percent-encoding-free by construction (names and numbers only).
std::string to_query(const Settings& settings);
// Applies (key, value) pairs from an untrusted source (a link, storage) key by key: unknown
// keys are ignored; a malformed or out-of-range value leaves that key at its default and its
// name is added to `rejected_keys`; if the result breaks a cross-key rule, the keys involved go
// back to their defaults (and are named too). Never fails as a whole.
void load_untrusted(Settings& settings, const std::vector<std::pair<std::string, std::string>>& values,
                    std::vector<std::string>* rejected_keys);

}  // namespace settings
