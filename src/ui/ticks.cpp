// ticks.cpp: tick selection and number formatting for the axes and readouts.
#include "ui/ticks.h"

#include <cmath>
#include <cstdio>

namespace ui {
namespace {

constexpr float kLabelGapPx = 4.0f;

// True when consecutive labelled positions are at least `label_px + gap` apart.
bool labels_fit(const std::vector<float>& positions, float label_px) {
  for (std::size_t i = 1; i < positions.size(); ++i)
    if (positions[i] - positions[i - 1] < label_px + kLabelGapPx) return false;
  return true;
}

float position_of(const dsp::FrequencyScale& scale, double hz, float length_px) {
  return float(scale.to_unit(hz)) * length_px;
}

// All m x 10^k inside [lo, hi] for m in `mantissas`.
std::vector<double> decade_values(double lo, double hi, const std::vector<int>& mantissas) {
  std::vector<double> values;
  for (int exponent = -1; exponent <= 6; ++exponent) {
    const double decade = std::pow(10.0, exponent);
    for (int m : mantissas) {
      const double value = m * decade;
      if (value >= lo * (1 - 1e-9) && value <= hi * (1 + 1e-9)) values.push_back(value);
    }
  }
  return values;
}

// Smallest 1-2-5 x 10^k step with at least `min_step` (> 0).
double nice_step(double min_step) {
  const double decade = std::pow(10.0, std::floor(std::log10(min_step)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * decade >= min_step * (1 - 1e-9)) return m * decade;
  return 10 * decade;
}

}  // namespace

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

std::string note_name(double hz) {
  char buffer[48];
  note_name(hz, buffer, sizeof buffer);
  return buffer;
}

void note_name(double hz, char* out, std::size_t size) {
  if (size > 0) out[0] = '\0';
  if (!(hz >= 10) || !std::isfinite(hz)) return;
  static const char* kNames[12] = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};
  const double midi = 69.0 + 12.0 * std::log2(hz / 440.0);
  const long nearest = std::lround(midi);
  const int cents = int(std::lround((midi - double(nearest)) * 100.0));
  const int name = int(((nearest % 12) + 12) % 12);
  const long octave = nearest / 12 - 1;
  std::snprintf(out, size, "%s%ld %+d cents", kNames[name], octave, cents);
}

std::vector<Tick> frequency_ticks(const dsp::FrequencyScale& scale, float length_px, float label_px) {
  std::vector<Tick> ticks;
  if (!scale.ok() || !(length_px > 0)) return ticks;
  const double lo = scale.fmin_hz(), hi = scale.fmax_hz();

  if (scale.kind() == dsp::ScaleKind::kLog) {
    const std::vector<std::vector<int>> label_sets = {{1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 5}, {1}};
    std::vector<double> labelled;
    for (const auto& set : label_sets) {
      std::vector<double> values = decade_values(lo, hi, set);
      std::vector<float> positions;
      for (double v : values) positions.push_back(position_of(scale, v, length_px));
      if (labels_fit(positions, label_px)) {
        labelled = values;
        break;
      }
    }
    if (labelled.empty()) {  // even decades collide (a tiny plot): every other decade
      const std::vector<double> decades = decade_values(lo, hi, {1});
      for (std::size_t i = 0; i < decades.size(); i += 2) labelled.push_back(decades[i]);
    }
    const std::vector<double> minor = decade_values(lo, hi, {1, 2, 3, 4, 5, 6, 7, 8, 9});
    std::vector<float> minor_positions;
    for (double v : minor) minor_positions.push_back(position_of(scale, v, length_px));
    const bool draw_minor = labels_fit(minor_positions, 3.0f - kLabelGapPx);
    for (double v : minor) {
      bool is_labelled = false;
      for (double l : labelled) is_labelled |= std::fabs(l - v) < 1e-9 * v;
      if (!is_labelled && !draw_minor) continue;
      ticks.push_back({v, position_of(scale, v, length_px), is_labelled, is_labelled ? format_hz(v) : ""});
    }
    return ticks;
  }

  // Linear and mel: a 1-2-5 step in Hz whose closest pair of labels still fits. Mel is
  // densest in pixels per Hz at the top, so check the spacing there.
  const double px_per_hz_max =
      std::max(position_of(scale, lo + (hi - lo) * 1e-3, length_px) - position_of(scale, lo, length_px),
               position_of(scale, hi, length_px) - position_of(scale, hi - (hi - lo) * 1e-3, length_px)) /
      ((hi - lo) * 1e-3);
  double step = nice_step((label_px + kLabelGapPx) / std::max(px_per_hz_max, 1e-12));
  for (int attempt = 0; attempt < 8; ++attempt) {
    std::vector<float> positions;
    std::vector<double> values;
    for (double v = std::ceil(lo / step) * step; v <= hi * (1 + 1e-9); v += step) {
      values.push_back(v);
      positions.push_back(position_of(scale, v, length_px));
    }
    if (labels_fit(positions, label_px) || attempt == 7) {
      for (std::size_t i = 0; i < values.size(); ++i)
        ticks.push_back({values[i], positions[i], true, format_hz(values[i])});
      break;
    }
    step = nice_step(step * 1.01);
  }
  return ticks;
}

std::vector<Tick> time_ticks(double start_s, double end_s, float length_px, float label_px) {
  std::vector<Tick> ticks;
  if (!(end_s > start_s) || !(length_px > 0)) return ticks;
  const double px_per_s = length_px / (end_s - start_s);
  const double step = nice_step((label_px + 2 * kLabelGapPx) / px_per_s);
  for (double t = std::ceil(start_s / step) * step; t <= end_s + 1e-9 * step; t += step) {
    const float position = float((t - start_s) * px_per_s);
    ticks.push_back({t, position, true, format_seconds(t, step)});
  }
  return ticks;
}

}  // namespace ui
