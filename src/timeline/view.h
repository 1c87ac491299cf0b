// view.h: what part of the timeline is on screen, and the maths of moving it: the visible span
// and its right edge on the sample clock (seconds), following the newest sound ("live") or
// frozen; zoom about a point in time or frequency; scroll; and which texels (columns pooled by
// 2^level) a screen of a given width needs.
// Does: pure arithmetic (tested natively); no state beyond the values given.
// Does not: draw, analyse, or hold history.
#pragma once
#include <cstdint>

#include "dsp/frequency_scale.h"

namespace timeline {

constexpr double kMinSpanSeconds = 0.05;  // zoomed in to a few columns (the span setting starts at 2 s)

struct View {
  double end_s = 0;     // the right edge, in seconds on the sample clock
  double span_s = 10;   // seconds across the picture
  bool live = true;     // the right edge follows the newest column
  double start_s() const { return end_s - span_s; }
};

// The time at a fraction of the width (0 = left edge, 1 = right edge), and back.
double time_at(const View& view, double fraction);
double fraction_of(const View& view, double seconds);

// Zooms by `factor` (< 1: in) keeping the time under `anchor_fraction` where it is; the span
// stays within [min_span, max_span]. A zoom does not change `live` (zooming about the right
// edge of a live view stays live).
View zoom_time(View view, double factor, double anchor_fraction, double min_span_s, double max_span_s);
// Moves the view by `seconds` (negative: back in time); leaves it frozen unless it reaches the
// newest sound.
View scroll_time(View view, double seconds, double newest_s);
// Keeps the view within the history [oldest_s, newest_s] where it can (a span longer than the
// history keeps its right edge at newest_s); a view reaching newest_s stays or becomes live only
// when `allow_live`.
View clamp_view(View view, double oldest_s, double newest_s);

struct FrequencyRange {
  double fmin_hz = 20, fmax_hz = 20000;
};
// Zooms the frequency range by `factor` about the position `anchor_unit` (0 = fmin, 1 = fmax)
// on `scale` (in its own warped units, so the point under the pointer stays put); the result
// stays within [lowest_hz, highest_hz] (lowest > 0 on log and note scales) and at least
// `min_ratio` wide (fmax / fmin >= min_ratio, or 1 Hz on a scale that reaches 0).
FrequencyRange zoom_frequency(const dsp::FrequencyScale& scale, double factor, double anchor_unit, double lowest_hz,
                              double highest_hz);

// Which texels a screen needs: a texel pools 2^level columns (the largest power of two that is
// at most a pixel's worth, so each pixel covers one to two texels and their maximum is what it
// shows; level 0 when zoomed in past one column a pixel).
struct TexelPlan {
  int level = 0;
  std::int64_t columns_per_texel = 1;
  double left_texel = 0;         // texel position (fractional) of the left edge
  double texels_per_pixel = 1;
  std::int64_t first_texel = 0;  // first texel touched by the screen
  std::int64_t last_texel = 0;   // last texel touched
};
// Column j is drawn over [column_zero_s + j spc, column_zero_s + (j+1) spc) (spc = seconds per
// column): column_zero_s places the columns on the clock (where what they show is centred).
TexelPlan plan_texels(const View& view, int width_px, double seconds_per_column, double column_zero_s = 0);

}  // namespace timeline
