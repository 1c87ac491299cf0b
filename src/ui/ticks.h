// ticks.h: axis ticks a person reads correctly: 1-2-5 steps, labels that never overlap.
// Does: choose tick values and labels for a frequency axis (linear, log, mel, Bark, ERB, note)
//       or a time axis, given the axis length in pixels and the label size; name notes.
//       Pure: no ImGui, no GL (tested natively).
// Does not: draw. Positions are in pixels from the axis start (frequency: from fmin upwards).
#pragma once
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

}  // namespace ui
