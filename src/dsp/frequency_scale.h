// frequency_scale.h: the frequency axes as forward/inverse pairs: linear, log, mel, Bark,
//                    ERB-rate and the 12-TET note scale.
// Does: map Hz in [fmin, fmax] to a unit position in [0, 1] and back; name the scales; give the
//       psychoacoustic warps (mel, Bark, ERB-rate) as plain functions with their inverses.
// Does not: know about display rows, FFT bins or tick labels (see row_mapper.h, ui/ticks.h).
#pragma once
#include "dsp/config_error.h"

namespace dsp {

enum class ScaleKind { kLinear, kLog, kMel, kBark, kErb, kNote };
constexpr int kScaleKindCount = 6;

const char* scale_name(ScaleKind kind);                   // "linear", "log", "mel", "bark", "erb", "note"
bool scale_from_name(const char* name, ScaleKind* kind);  // false if unknown
// Log and note axes cannot reach 0 Hz: their fmin must be above 0.
bool scale_needs_positive_fmin(ScaleKind kind);

double hz_to_mel(double hz);  // O'Shaughnessy (1987): 2595 log10(1 + hz/700)
double mel_to_hz(double mel);
// Traunmueller (1990): z = 26.81 f / (1960 + f) - 0.53, then z += 0.15 (2 - z) below 2 Bark and
// z += 0.22 (z - 20.1) above 20.1 Bark (his corrections at the ends of the range).
double hz_to_bark(double hz);
double bark_to_hz(double bark);
// Glasberg & Moore (1990), eq. 4: ERB-rate E = 21.4 log10(1 + 0.00437 f) (f in Hz, E in Cams).
double hz_to_erb_rate(double hz);
double erb_rate_to_hz(double erb_rate);
// 12-TET: MIDI note number 69 + 12 log2(f / a4) (A4 = 69; fractional between notes).
double hz_to_midi(double hz, double a4_hz = 440.0);
double midi_to_hz(double midi, double a4_hz = 440.0);

class FrequencyScale {
 public:
  // Needs finite 0 <= fmin < fmax, and fmin > 0 for log and note. On error: inert (to_unit
  // returns 0). The note scale's positions do not depend on A4 (it is a log axis whose ticks
  // are notes); `a4_hz` only names them (ticks, readouts).
  ConfigError configure(ScaleKind kind, double fmin_hz, double fmax_hz, double a4_hz = 440.0);
  double to_unit(double hz) const;    // 0 at fmin, 1 at fmax; extrapolates outside
  double to_hz(double unit) const;    // inverse of to_unit
  ScaleKind kind() const { return kind_; }
  double fmin_hz() const { return fmin_hz_; }
  double fmax_hz() const { return fmax_hz_; }
  double a4_hz() const { return a4_hz_; }
  bool ok() const { return ok_; }

 private:
  double warp(double hz) const;
  double unwarp(double warped) const;
  ScaleKind kind_ = ScaleKind::kLog;
  double fmin_hz_ = 0, fmax_hz_ = 1, a4_hz_ = 440.0;
  double warped_min_ = 0, warped_span_ = 1;
  bool ok_ = false;
};

}  // namespace dsp
