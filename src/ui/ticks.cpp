// ticks.cpp: tick selection and number formatting for the axes and readouts.
#include "ui/ticks.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace ui {
namespace {

float position_of(const dsp::FrequencyScale& scale, double hz, float length_px) {
  return float(scale.to_unit(hz)) * length_px;
}

}  // namespace

// Smallest 1-2-5 x 10^k step with at least `min_step` (> 0).
double nice_step(double min_step) {
  const double decade = std::pow(10.0, std::floor(std::log10(min_step)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * decade >= min_step * (1 - 1e-9)) return m * decade;
  return 10 * decade;
}

std::string format_hz(double hz) {
  char buffer[32];
  if (hz >= 1000) {
    std::snprintf(buffer, sizeof buffer, "%.3g", hz / 1000.0);
    return std::string(buffer) + "k";
  }
  std::snprintf(buffer, sizeof buffer, "%.4g", hz);
  return buffer;
}

void format_hz_readout(double hz, char* out, std::size_t size) {
  if (hz >= 1000) std::snprintf(out, size, "%.3f kHz", hz / 1000.0);
  else std::snprintf(out, size, "%.1f Hz", hz);
}

std::string format_hz_readout(double hz) {
  char buffer[32];
  format_hz_readout(hz, buffer, sizeof buffer);
  return buffer;
}

std::string format_seconds(double seconds, double step) {
  char buffer[32];
  const int decimals = step >= 1 ? 0 : step >= 0.1 ? 1 : 2;
  std::snprintf(buffer, sizeof buffer, "%.*f s", decimals, std::fabs(seconds) < 1e-9 ? 0.0 : seconds);
  return buffer;
}

std::string note_name(double hz, double a4_hz) {
  char buffer[48];
  note_name(hz, buffer, sizeof buffer, a4_hz);
  return buffer;
}

NoteReading nearest_note(double hz, double a4_hz) {
  NoteReading reading;
  if (!(hz >= 10) || !std::isfinite(hz) || !(a4_hz > 0)) return reading;
  const double midi = dsp::hz_to_midi(hz, a4_hz);
  reading.midi = int(std::lround(midi));
  reading.cents = (midi - reading.midi) * 100.0;
  reading.valid = true;
  return reading;
}

void note_name(double hz, char* out, std::size_t size, double a4_hz) {
  if (size > 0) out[0] = '\0';
  const NoteReading note = nearest_note(hz, a4_hz);
  if (!note.valid) return;
  static const char* kNames[12] = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};
  const int name = ((note.midi % 12) + 12) % 12;
  const int octave = note.midi / 12 - 1;
  int cents = int(std::lround(note.cents));
  if (cents == 0) cents = 0;  // never "-0"
  std::snprintf(out, size, "%s%d %+d cents", kNames[name], octave, cents);
}

namespace {

// [SECTION] warped axes (log, mel, Bark, ERB): labels chosen decade by decade

struct Candidate {
  double value;
  float position;
};

// Why decade by decade: on a warped axis the pixels per decade change along the axis (mel is
// nearly linear below 1 kHz and logarithmic above), so one Hz step for the whole axis labels
// either the bottom or the top and leaves the rest bare (a 0-8 kHz mel axis showed nothing
// below 1 kHz). Labels are taken in order of importance, each where it does not touch one
// already taken: decade marks (and "0"), then the 5s, then the 2s of decades whose 5 was
// taken (or lies above the axis), then the other subdivisions of a decade whose 2 and 5 were,
// all of them or none. So
// each decade reads {1..9}, {1,2,5}, {1,5}, {1} or {5} x 10^k, and every decade's {1..9}
// subdivisions stay visible as minor ticks when 3 px apart: no division is ever skipped
// silently (Friture #47: 4 kHz read as 3 kHz).
std::vector<Tick> warped_ticks(const dsp::FrequencyScale& scale, float length_px, float label_px) {
  const double lo = scale.fmin_hz(), hi = scale.fmax_hz();
  const int first_exponent = std::max(-1, int(std::floor(std::log10(std::max(lo, hi * 1e-5)))));
  const int last_exponent = int(std::floor(std::log10(hi)));
  auto in_range = [&](double v) { return v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9); };
  std::vector<Candidate> taken;  // kept sorted by position
  auto fits = [&](float position) {
    for (const Candidate& c : taken)
      if (std::fabs(c.position - position) < label_px + kLabelGapPx) return false;
    return true;
  };
  auto take = [&](double value) {
    const Candidate c{value, position_of(scale, value, length_px)};
    taken.insert(std::upper_bound(taken.begin(), taken.end(), c,
                                  [](const Candidate& x, const Candidate& y) { return x.position < y.position; }),
                 c);
  };
  auto has = [&](double value) {
    for (const Candidate& c : taken)
      if (std::fabs(c.value - value) <= 1e-9 * value) return true;
    return false;
  };
  auto try_take = [&](double value) {
    if (!in_range(value) || !fits(position_of(scale, value, length_px))) return false;
    take(value);
    return true;
  };
  if (lo == 0) take(0.0);
  for (int e = first_exponent; e <= last_exponent; ++e) try_take(std::pow(10.0, e));
  for (int e = first_exponent; e <= last_exponent; ++e) try_take(5 * std::pow(10.0, e));
  // A 5 above the axis's top does not hold its decade's 2 back (20k on a 20 kHz axis).
  auto five_ok = [&](double base) { return has(5 * base) || 5 * base > hi * (1 + 1e-9); };
  for (int e = first_exponent; e <= last_exponent; ++e)
    if (five_ok(std::pow(10.0, e))) try_take(2 * std::pow(10.0, e));
  for (int e = first_exponent; e <= last_exponent; ++e) {
    const double base = std::pow(10.0, e);
    if (!has(2 * base) || !five_ok(base)) continue;
    const std::vector<Candidate> before = taken;
    bool all = true;
    for (int m : {3, 4, 6, 7, 8, 9}) all = all && (!in_range(m * base) || try_take(m * base));
    if (!all) taken = before;
  }

  std::vector<Tick> ticks;
  if (lo == 0) ticks.push_back({0.0, 0.0f, true, "0"});
  for (int e = first_exponent; e <= last_exponent; ++e) {
    const double base = std::pow(10.0, e);
    // Minor ticks of this decade when its densest pair is at least 3 px apart.
    float tightest = 1e30f;
    for (int m = 2; m <= 10; ++m)
      tightest = std::min(tightest, std::fabs(position_of(scale, m * base, length_px) -
                                              position_of(scale, (m - 1) * base, length_px)));
    const bool draw_minor = tightest >= 3.0f;
    for (int m = 1; m <= 9; ++m) {
      const double v = m * base;
      if (!in_range(v)) continue;
      const bool is_labelled = has(v);
      if (!is_labelled && !draw_minor) continue;
      ticks.push_back({v, position_of(scale, v, length_px), is_labelled, is_labelled ? format_hz(v) : ""});
    }
  }
  return ticks;
}

// [SECTION] note axis: note names

std::vector<Tick> note_ticks(const dsp::FrequencyScale& scale, float length_px, float label_px) {
  const double a4 = scale.a4_hz();
  const int first = int(std::ceil(dsp::hz_to_midi(scale.fmin_hz(), a4) - 1e-9));
  const int last = int(std::floor(dsp::hz_to_midi(scale.fmax_hz(), a4) + 1e-9));
  // Label sets by pitch class (0 = C), densest first: every note, the naturals, C E G, C only,
  // then C of every other octave.
  static const std::vector<std::vector<int>> kSets = {
      {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, {0, 2, 4, 5, 7, 9, 11}, {0, 4, 7}, {0}};
  const float semitone_px = float(scale.to_unit(dsp::midi_to_hz(70, a4)) - scale.to_unit(dsp::midi_to_hz(69, a4))) * length_px;
  auto fits = [&](const std::vector<int>& set) {
    // The tightest gap between consecutive labels of the set, in semitones, around the octave.
    int tightest = 12;
    for (std::size_t i = 0; i < set.size(); ++i) {
      const int next = i + 1 < set.size() ? set[i + 1] : set[0] + 12;
      tightest = std::min(tightest, next - set[i]);
    }
    return tightest * semitone_px >= label_px + kLabelGapPx;
  };
  const std::vector<int>* chosen = nullptr;
  for (const auto& set : kSets)
    if (fits(set)) {
      chosen = &set;
      break;
    }
  const bool every_other_octave = chosen == nullptr;
  const bool draw_minor = semitone_px >= 3.0f;
  std::vector<Tick> ticks;
  for (int midi = first; midi <= last; ++midi) {
    const int pitch_class = ((midi % 12) + 12) % 12;
    const int octave = midi / 12 - 1;
    bool is_labelled = false;
    if (chosen) {
      for (int c : *chosen) is_labelled |= c == pitch_class;
    } else {
      is_labelled = pitch_class == 0 && (octave % 2 == 0);
    }
    if (!is_labelled && !draw_minor && !(every_other_octave && pitch_class == 0)) continue;
    const double hz = dsp::midi_to_hz(midi, a4);
    ticks.push_back({hz, position_of(scale, hz, length_px), is_labelled, is_labelled ? note_label(midi) : ""});
  }
  return ticks;
}

}  // namespace

std::string note_label(int midi) {
  static const char* kNames[12] = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};
  const int pitch_class = ((midi % 12) + 12) % 12;
  const int octave = int(std::floor(midi / 12.0)) - 1;
  return std::string(kNames[pitch_class]) + std::to_string(octave);
}

std::vector<Tick> frequency_ticks(const dsp::FrequencyScale& scale, float length_px, float label_px) {
  std::vector<Tick> ticks;
  if (!scale.ok() || !(length_px > 0)) return ticks;
  if (scale.kind() == dsp::ScaleKind::kNote) return note_ticks(scale, length_px, label_px);
  if (scale.kind() != dsp::ScaleKind::kLinear) return warped_ticks(scale, length_px, label_px);

  // Linear: a 1-2-5 step in Hz whose labels fit.
  const double lo = scale.fmin_hz(), hi = scale.fmax_hz();
  const double px_per_hz = length_px / (hi - lo);
  double step = nice_step((label_px + kLabelGapPx) / std::max(px_per_hz, 1e-12));
  for (double v = std::ceil(lo / step) * step; v <= hi * (1 + 1e-9); v += step)
    ticks.push_back({v, position_of(scale, v, length_px), true, format_hz(v)});
  return ticks;
}

std::vector<Tick> time_ticks(double start_s, double end_s, float length_px, float label_px) {
  std::vector<Tick> ticks;
  time_ticks(start_s, end_s, length_px, label_px, &ticks);
  return ticks;
}

void time_ticks(double start_s, double end_s, float length_px, float label_px, std::vector<Tick>* out) {
  out->clear();
  if (!(end_s > start_s) || !(length_px > 0)) return;
  const double px_per_s = length_px / (end_s - start_s);
  const double step = nice_step((label_px + 2 * kLabelGapPx) / px_per_s);
  for (double t = std::ceil(start_s / step) * step; t <= end_s + 1e-9 * step; t += step) {
    const float position = float((t - start_s) * px_per_s);
    out->push_back({t, position, true, format_seconds(t, step)});
  }
}

double wall_clock_step_s(double span_s, float length_px, float label_px) {
  const double px_per_s = length_px / span_s;
  for (double step : {1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0})
    if (step * px_per_s >= label_px + 2 * kLabelGapPx) return step;
  return 7200.0;
}

std::string format_clock(double wall_ms, double step_s) {
  const std::time_t t = std::time_t(std::floor(wall_ms / 1000.0 + 1e-6));
  const std::tm* local = std::localtime(&t);
  char text[16] = "?";
  if (local) std::strftime(text, sizeof text, step_s >= 60 ? "%H:%M" : "%H:%M:%S", local);
  return text;
}

}  // namespace ui
