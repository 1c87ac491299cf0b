// weighting.cpp: the weighting curves from their standards' defining formulas.
#include "dsp/weighting.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace dsp {
namespace {

// IEC 61672-1:2013 eq. (E.1)-(E.6): pole frequencies of the A and C weightings.
constexpr double kF1 = 20.598997, kF2 = 107.65265, kF3 = 737.86223, kF4 = 12194.217;

double a_gain_raw_db(double f) {
  const double f2 = f * f;
  const double r = (kF4 * kF4 * f2 * f2) /
                   ((f2 + kF1 * kF1) * std::sqrt((f2 + kF2 * kF2) * (f2 + kF3 * kF3)) * (f2 + kF4 * kF4));
  return 20.0 * std::log10(r);
}

double c_gain_raw_db(double f) {
  const double f2 = f * f;
  const double r = (kF4 * kF4 * f2) / ((f2 + kF1 * kF1) * (f2 + kF4 * kF4));
  return 20.0 * std::log10(r);
}

// ITU-R BS.468-4: the network's response, as the rational function of its published circuit.
double itu468_gain_raw_db(double f) {
  const double h1 = -4.737338981378384e-24 * std::pow(f, 6) + 2.043828333606125e-15 * std::pow(f, 4) -
                    1.363894795463638e-07 * f * f + 1.0;
  const double h2 = 1.306612257412824e-19 * std::pow(f, 5) - 2.118150887518656e-11 * std::pow(f, 3) +
                    5.559488023498642e-04 * f;
  const double r = 1.246332637532143e-04 * f / std::sqrt(h1 * h1 + h2 * h2);
  return 20.0 * std::log10(r);
}

double raw_db(Weighting weighting, double hz) {
  switch (weighting) {
    case Weighting::kNone: return 0.0;
    case Weighting::kA: return a_gain_raw_db(hz);
    case Weighting::kC: return c_gain_raw_db(hz);
    case Weighting::kItu468: return itu468_gain_raw_db(hz);
  }
  return 0.0;
}

}  // namespace

const char* weighting_name(Weighting weighting) {
  switch (weighting) {
    case Weighting::kNone: return "none";
    case Weighting::kA: return "a";
    case Weighting::kC: return "c";
    case Weighting::kItu468: return "itu468";
  }
  return "none";
}

bool weighting_from_name(const char* name, Weighting* weighting) {
  if (name == nullptr) return false;
  for (int i = 0; i < kWeightingCount; ++i) {
    if (std::strcmp(name, weighting_name(Weighting(i))) == 0) {
      *weighting = Weighting(i);
      return true;
    }
  }
  return false;
}

double weighting_db(Weighting weighting, double hz) {
  if (weighting == Weighting::kNone) return 0.0;
  const double f = std::max(hz, 1.0);
  // Normalised by the curve's own value at 1 kHz (the standards' +2.00 and +0.06 dB constants
  // are that value rounded), so 1 kHz is exactly 0 dB.
  return raw_db(weighting, f) - raw_db(weighting, 1000.0);
}

double tilt_db(double db_per_octave, double hz) {
  if (db_per_octave == 0) return 0.0;
  return db_per_octave * std::log2(std::max(hz, 1.0) / 1000.0);
}

void row_offsets_db(const FrequencyScale& scale, int rows, Weighting weighting, double tilt_db_per_octave,
                    float* offsets) {
  for (int r = 0; r < rows; ++r) {
    const double hz = scale.to_hz((r + 0.5) / rows);
    offsets[r] = float(weighting_db(weighting, hz) + tilt_db(tilt_db_per_octave, hz));
  }
}

}  // namespace dsp
