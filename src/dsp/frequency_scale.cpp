// frequency_scale.cpp: the warps and their inverses.
#include "dsp/frequency_scale.h"

#include <cmath>
#include <cstring>

namespace dsp {
namespace {
constexpr ScaleKind kAllScales[kScaleKindCount] = {ScaleKind::kLinear, ScaleKind::kLog, ScaleKind::kMel,
                                                   ScaleKind::kBark,   ScaleKind::kErb, ScaleKind::kNote};
}

const char* scale_name(ScaleKind kind) {
  switch (kind) {
    case ScaleKind::kLinear: return "linear";
    case ScaleKind::kLog: return "log";
    case ScaleKind::kMel: return "mel";
    case ScaleKind::kBark: return "bark";
    case ScaleKind::kErb: return "erb";
    case ScaleKind::kNote: return "note";
  }
  return "unknown";
}

bool scale_from_name(const char* name, ScaleKind* kind) {
  if (name == nullptr) return false;
  for (ScaleKind candidate : kAllScales) {
    if (std::strcmp(scale_name(candidate), name) == 0) {
      *kind = candidate;
      return true;
    }
  }
  return false;
}

bool scale_needs_positive_fmin(ScaleKind kind) { return kind == ScaleKind::kLog || kind == ScaleKind::kNote; }

double hz_to_mel(double hz) { return 2595.0 * std::log10(1.0 + hz / 700.0); }
double mel_to_hz(double mel) { return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0); }

double hz_to_bark(double hz) {
  double z = 26.81 * hz / (1960.0 + hz) - 0.53;
  if (z < 2.0) z += 0.15 * (2.0 - z);
  else if (z > 20.1) z += 0.22 * (z - 20.1);
  return z;
}

double bark_to_hz(double bark) {
  // Undo the end corrections (both are monotonic and meet the middle at 2 and 20.1 Bark).
  double z = bark;
  if (z < 2.0) z = (z - 0.3) / 0.85;
  else if (z > 20.1) z = (z + 0.22 * 20.1) / 1.22;
  return 1960.0 * (z + 0.53) / (26.28 - z);
}

double hz_to_erb_rate(double hz) { return 21.4 * std::log10(1.0 + 0.00437 * hz); }
double erb_rate_to_hz(double erb_rate) { return (std::pow(10.0, erb_rate / 21.4) - 1.0) / 0.00437; }

double hz_to_midi(double hz, double a4_hz) { return 69.0 + 12.0 * std::log2(hz / a4_hz); }
double midi_to_hz(double midi, double a4_hz) { return a4_hz * std::exp2((midi - 69.0) / 12.0); }

ConfigError FrequencyScale::configure(ScaleKind kind, double fmin_hz, double fmax_hz, double a4_hz) {
  ok_ = false;
  if (!std::isfinite(fmin_hz) || !std::isfinite(fmax_hz) || fmin_hz < 0 || fmin_hz >= fmax_hz ||
      (scale_needs_positive_fmin(kind) && fmin_hz <= 0) || !(a4_hz > 0) || !std::isfinite(a4_hz))
    return ConfigError::kFrequencyRangeInvalid;
  kind_ = kind;
  fmin_hz_ = fmin_hz;
  fmax_hz_ = fmax_hz;
  a4_hz_ = a4_hz;
  warped_min_ = warp(fmin_hz);
  warped_span_ = warp(fmax_hz) - warped_min_;
  ok_ = true;
  return ConfigError::kNone;
}

double FrequencyScale::warp(double hz) const {
  switch (kind_) {
    case ScaleKind::kLinear: return hz;
    case ScaleKind::kLog:
    case ScaleKind::kNote: return std::log(hz);  // the note axis is a log axis (ticks differ)
    case ScaleKind::kMel: return hz_to_mel(hz);
    case ScaleKind::kBark: return hz_to_bark(hz);
    case ScaleKind::kErb: return hz_to_erb_rate(hz);
  }
  return hz;
}

double FrequencyScale::unwarp(double warped) const {
  switch (kind_) {
    case ScaleKind::kLinear: return warped;
    case ScaleKind::kLog:
    case ScaleKind::kNote: return std::exp(warped);
    case ScaleKind::kMel: return mel_to_hz(warped);
    case ScaleKind::kBark: return bark_to_hz(warped);
    case ScaleKind::kErb: return erb_rate_to_hz(warped);
  }
  return warped;
}

double FrequencyScale::to_unit(double hz) const {
  if (!ok_) return 0;
  return (warp(hz) - warped_min_) / warped_span_;
}

double FrequencyScale::to_hz(double unit) const {
  if (!ok_) return 0;
  return unwarp(warped_min_ + unit * warped_span_);
}

}  // namespace dsp
