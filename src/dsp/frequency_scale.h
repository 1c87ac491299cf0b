// frequency_scale.h: linear, log and mel frequency axes as forward/inverse pairs.
// Does: map Hz in [fmin, fmax] to a unit position in [0, 1] and back.
// Does not: know about display rows or FFT bins (see row_mapper.h).
#pragma once
#include "dsp/config_error.h"

namespace dsp {

enum class ScaleKind { kLinear, kLog, kMel };

const char* scale_name(ScaleKind kind);                 // "linear", "log", "mel"
bool scale_from_name(const char* name, ScaleKind* kind);  // false if unknown

double hz_to_mel(double hz);  // O'Shaughnessy: 2595 log10(1 + hz/700)
double mel_to_hz(double mel);

class FrequencyScale {
 public:
  // Needs finite 0 <= fmin < fmax, and fmin > 0 for kLog. On error: inert (to_unit returns 0).
  ConfigError configure(ScaleKind kind, double fmin_hz, double fmax_hz);
  double to_unit(double hz) const;    // 0 at fmin, 1 at fmax; extrapolates outside
  double to_hz(double unit) const;    // inverse of to_unit
  ScaleKind kind() const { return kind_; }
  double fmin_hz() const { return fmin_hz_; }
  double fmax_hz() const { return fmax_hz_; }
  bool ok() const { return ok_; }

 private:
  double warp(double hz) const;
  double unwarp(double warped) const;
  ScaleKind kind_ = ScaleKind::kLog;
  double fmin_hz_ = 0, fmax_hz_ = 1;
  double warped_min_ = 0, warped_span_ = 1;
  bool ok_ = false;
};

}  // namespace dsp
