// view.cpp: see view.h.
#include "timeline/view.h"

#include <algorithm>
#include <cmath>

namespace timeline {

double time_at(const View& view, double fraction) { return view.start_s() + fraction * view.span_s; }

double fraction_of(const View& view, double seconds) { return (seconds - view.start_s()) / view.span_s; }

View zoom_time(View view, double factor, double anchor_fraction, double min_span_s, double max_span_s) {
  const double anchor = time_at(view, anchor_fraction);
  const double span = std::clamp(view.span_s * factor, min_span_s, std::max(min_span_s, max_span_s));
  view.end_s = anchor + (1.0 - anchor_fraction) * span;
  view.span_s = span;
  return view;
}

View scroll_time(View view, double seconds, double newest_s) {
  view.end_s += seconds;
  view.live = view.end_s >= newest_s;
  if (view.live) view.end_s = newest_s;
  return view;
}

View clamp_view(View view, double oldest_s, double newest_s) {
  if (view.live || view.end_s > newest_s) view.end_s = newest_s;
  if (view.start_s() < oldest_s) view.end_s = std::min(newest_s, oldest_s + view.span_s);
  return view;
}

FrequencyRange zoom_frequency(const dsp::FrequencyScale& scale, double factor, double anchor_unit, double lowest_hz,
                              double highest_hz) {
  FrequencyRange range{scale.fmin_hz(), scale.fmax_hz()};
  if (!scale.ok()) return range;
  const double low_unit = anchor_unit - anchor_unit * factor;
  const double high_unit = anchor_unit + (1.0 - anchor_unit) * factor;
  range.fmin_hz = std::max(lowest_hz, scale.to_hz(low_unit));
  range.fmax_hz = std::min(highest_hz, scale.to_hz(high_unit));
  // Not narrower than a hundredth of an octave (or 1 Hz on a scale that reaches 0 Hz).
  const double min_width = range.fmin_hz > 0 ? range.fmin_hz * (std::exp2(0.01) - 1) : 1.0;
  if (range.fmax_hz - range.fmin_hz < min_width) return FrequencyRange{scale.fmin_hz(), scale.fmax_hz()};
  return range;
}

TexelPlan plan_texels(const View& view, int width_px, double seconds_per_column, double column_zero_s) {
  TexelPlan plan;
  if (width_px < 1 || !(seconds_per_column > 0) || !(view.span_s > 0)) return plan;
  const double columns_per_pixel = view.span_s / width_px / seconds_per_column;
  plan.level = columns_per_pixel >= 2 ? int(std::floor(std::log2(columns_per_pixel))) : 0;
  plan.columns_per_texel = std::int64_t(1) << plan.level;
  const double texel_seconds = seconds_per_column * double(plan.columns_per_texel);
  plan.left_texel = (view.start_s() - column_zero_s) / texel_seconds;
  plan.texels_per_pixel = view.span_s / width_px / texel_seconds;
  plan.first_texel = std::int64_t(std::floor(plan.left_texel));
  plan.last_texel = std::int64_t(std::ceil(plan.left_texel + plan.texels_per_pixel * width_px)) - 1;
  return plan;
}

}  // namespace timeline
