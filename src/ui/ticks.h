// ticks.h: axis ticks a person reads correctly: 1-2-5 steps, labels that never overlap.
// Does: choose tick values and labels for a frequency axis (linear, log, mel, Bark, ERB, note)
//       or a time axis, given the axis length in pixels and the label size; name notes.
//       Pure: no ImGui, no GL (tested natively).
// Does not: draw. Positions are in pixels from the axis start (frequency: from fmin upwards).
#pragma once
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "dsp/frequency_scale.h"

namespace ui {

struct Tick {
  double value = 0;     // Hz or seconds
  float position = 0;   // pixels from the start of the axis
  bool labelled = false;
  std::string label;    // "" for minor ticks
};

// Frequency ticks over the scale's [fmin, fmax] drawn on `length_px` pixels. Labels need
// `label_px` pixels of axis each (the text height on a vertical axis) plus a gap.
// - linear: a 1-2-5 step in Hz;
// - log, mel, Bark, ERB: each decade labelled with the densest of {1..9}, {1,2,5}, {1} x 10^k
//   that fits (so every part of a warped axis is labelled where its pixels allow), and every
//   decade's {1..9} x 10^k drawn as minor ticks when at least 3 px apart, so no subdivision is
//   ever silently skipped; "0" at the bottom when fmin is 0;
// - note: note names ("C4", "A#3") at every note, the naturals, C-E-G or C only, whichever fits,
//   with every semitone as a minor tick.
std::vector<Tick> frequency_ticks(const dsp::FrequencyScale& scale, float length_px, float label_px);

// Time ticks for an axis spanning [start_s, end_s] over `length_px`, labelled in seconds with a
// 1-2-5 step chosen so labels `label_px` wide never touch.
std::vector<Tick> time_ticks(double start_s, double end_s, float length_px, float label_px);
// The same into `out` (cleared first; no allocation once it has grown, labels being short).
void time_ticks(double start_s, double end_s, float length_px, float label_px, std::vector<Tick>* out);

// Ticks for a clock with jumps: `value_s_at(t)` gives the label value (seconds) of clock time t,
// running at the clock's pace but jumping forward where capture stopped or input was lost.
// Ticks sit where the value is a multiple of `step_s`, at least `label_px` (plus a gap) apart;
// a jump is located (bisection) and the next tick is the first multiple after it, so no label
// interpolates across a stop. Tick::value is the clock time t of the tick.
template <typename ValueAt, typename Format>
void clock_ticks(double start_s, double end_s, float length_px, float label_px, double step_s, const ValueAt& value_s_at,
                 const Format& format, std::vector<Tick>* out);

// Wall-clock ticks ("14:03:20"): `wall_ms_at(t)` gives the wall-clock time (ms since the epoch)
// of clock time t; the step is 1, 2, 5, 10, 15, 30 s, 1, 2, 5, 10, 15, 30 min or 1 h, whichever
// fits the labels. Nothing when no wall clock is known (wall_ms_at gives 0).
template <typename WallAt>
void wall_clock_ticks(double start_s, double end_s, float length_px, float label_px, const WallAt& wall_ms_at,
                      std::vector<Tick>* out);
// Seconds ticks that stay true across stops: the label is the wall-clock time from clock time
// `reference_s` (the newest sound: "-12 s" ago, so a moment before a 60 s stop reads at least
// -60 s; an export's start: "0 s", "1 s"); a 1-2-5 step. Falls back to the plain clock
// (time_ticks from `reference_s`) when no wall clock is known.
template <typename WallAt>
void seconds_from_ticks(double start_s, double end_s, double reference_s, float length_px, float label_px,
                        const WallAt& wall_ms_at, std::vector<Tick>* out);
std::string format_clock(double wall_ms, double step_s);  // "14:03:20" (or "14:03" for steps of a minute and up)

// "50", "440", "1k", "1.5k", "20k" (Hz). Values are exact: 1500 is "1.5k", never "2k".
std::string format_hz(double hz);
// "1.25 kHz" or "440.0 Hz" for readouts. The buffer forms never allocate (per-frame readout).
std::string format_hz_readout(double hz);
void format_hz_readout(double hz, char* out, std::size_t size);
// "-2 s", "0 s", "-0.5 s".
std::string format_seconds(double seconds, double step);
// Nearest equal-tempered note with cents, e.g. "A4 +3 cents" ("" below 10 Hz).
std::string note_name(double hz, double a4_hz = 440.0);
void note_name(double hz, char* out, std::size_t size, double a4_hz = 440.0);
struct NoteReading {
  int midi = 0;        // nearest MIDI note (69 = A4)
  double cents = 0;    // from that note, in [-50, 50]
  bool valid = false;  // false below 10 Hz or for a non-finite frequency
};
NoteReading nearest_note(double hz, double a4_hz = 440.0);
// "C4", "A#3" for a MIDI note number.
std::string note_label(int midi);

// [SECTION] template implementation

double wall_clock_step_s(double span_s, float length_px, float label_px);

// Smallest 1-2-5 x 10^k step of at least `min_step` (> 0).
double nice_step(double min_step);
constexpr float kLabelGapPx = 4.0f;  // between neighbouring labels

template <typename ValueAt, typename Format>
void clock_ticks(double start_s, double end_s, float length_px, float label_px, double step_s, const ValueAt& value_s_at,
                 const Format& format, std::vector<Tick>* out) {
  out->clear();
  if (!(end_s > start_s) || !(length_px > 0) || !(step_s > 0)) return;
  const double px_per_s = length_px / (end_s - start_s);
  const double min_apart_s = (label_px + 2 * kLabelGapPx) / px_per_s;
  constexpr double kSameS = 1e-3;  // a value this close to the clock's pace: no jump in between
  // A tick within half a pixel past the end is drawn at the end (the live edge's "0 s" sits on
  // the newest column, which can be a rounding past the view's end).
  const double last_s = end_s + 0.5 / px_per_s;
  double t = start_s, last_tick = -1e300;
  for (int guard = 0; guard < 4000 && t <= last_s; ++guard) {
    const double value = value_s_at(t);
    const double next = std::ceil(value / step_s - 1e-9) * step_s;
    const double at = t + (next - value);
    if (at > last_s) break;
    if (std::fabs(value_s_at(at) - next) < kSameS) {
      if (at - last_tick >= min_apart_s) {
        out->push_back({at, std::min(length_px, float((at - start_s) * px_per_s)), true, format(next, step_s)});
        last_tick = at;
      }
      t = at + step_s * 0.999;
    } else {
      // A jump lies in (t, at]: find it, and go on from just after it.
      double lo = t, hi = at;
      for (int i = 0; i < 60 && hi - lo > 1e-7; ++i) {
        const double mid = 0.5 * (lo + hi);
        if (std::fabs(value_s_at(mid) - (value + (mid - t))) < kSameS) lo = mid;
        else hi = mid;
      }
      t = hi;
    }
  }
}

template <typename WallAt>
void wall_clock_ticks(double start_s, double end_s, float length_px, float label_px, const WallAt& wall_ms_at,
                      std::vector<Tick>* out) {
  out->clear();
  if (!(end_s > start_s) || !(wall_ms_at(start_s) > 0)) return;  // no wall clock known (nothing captured yet)
  const double step_s = wall_clock_step_s(end_s - start_s, length_px, label_px);
  clock_ticks(start_s, end_s, length_px, label_px, step_s, [&](double t) { return wall_ms_at(t) / 1000.0; },
              [](double value_s, double step) { return format_clock(value_s * 1000.0, step); }, out);
}

template <typename WallAt>
void seconds_from_ticks(double start_s, double end_s, double reference_s, float length_px, float label_px,
                        const WallAt& wall_ms_at, std::vector<Tick>* out) {
  const double reference_wall_ms = wall_ms_at(reference_s);
  if (!(reference_wall_ms > 0) || !(wall_ms_at(start_s) > 0) || !(end_s > start_s) || !(length_px > 0)) {
    time_ticks(start_s - reference_s, end_s - reference_s, length_px, label_px, out);
    return;
  }
  // The labels' spacing in the wall clock can be wider than on screen (a stop in view), never narrower.
  const double step_s = nice_step((label_px + 2 * kLabelGapPx) * (end_s - start_s) / length_px);
  clock_ticks(start_s, end_s, length_px, label_px, step_s,
              [&](double t) { return (wall_ms_at(t) - reference_wall_ms) / 1000.0; },
              [](double value_s, double step) { return format_seconds(value_s, step); }, out);
}

}  // namespace ui
