// frequency_scale.cpp: the three warps and their inverses.
#include "dsp/frequency_scale.h"

#include <cmath>
#include <cstring>
#include <initializer_list>

namespace dsp {

const char* scale_name(ScaleKind kind) {
  switch (kind) {
    case ScaleKind::kLinear: return "linear";
    case ScaleKind::kLog: return "log";
    case ScaleKind::kMel: return "mel";
  }
  return "unknown";
}

bool scale_from_name(const char* name, ScaleKind* kind) {
  if (name == nullptr) return false;
  for (ScaleKind candidate : {ScaleKind::kLinear, ScaleKind::kLog, ScaleKind::kMel}) {
    if (std::strcmp(scale_name(candidate), name) == 0) {
      *kind = candidate;
      return true;
    }
  }
  return false;
}

double hz_to_mel(double hz) { return 2595.0 * std::log10(1.0 + hz / 700.0); }
double mel_to_hz(double mel) { return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0); }

ConfigError FrequencyScale::configure(ScaleKind kind, double fmin_hz, double fmax_hz) {
  ok_ = false;
  if (!std::isfinite(fmin_hz) || !std::isfinite(fmax_hz) || fmin_hz < 0 || fmin_hz >= fmax_hz ||
      (kind == ScaleKind::kLog && fmin_hz <= 0))
    return ConfigError::kFrequencyRangeInvalid;
  kind_ = kind;
  fmin_hz_ = fmin_hz;
  fmax_hz_ = fmax_hz;
  warped_min_ = warp(fmin_hz);
  warped_span_ = warp(fmax_hz) - warped_min_;
  ok_ = true;
  return ConfigError::kNone;
}

double FrequencyScale::warp(double hz) const {
  switch (kind_) {
    case ScaleKind::kLinear: return hz;
    case ScaleKind::kLog: return std::log(hz);
    case ScaleKind::kMel: return hz_to_mel(hz);
  }
  return hz;
}

double FrequencyScale::unwarp(double warped) const {
  switch (kind_) {
    case ScaleKind::kLinear: return warped;
    case ScaleKind::kLog: return std::exp(warped);
    case ScaleKind::kMel: return mel_to_hz(warped);
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
