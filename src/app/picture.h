// picture.h: what the spectrogram image shows: the texels a view needs, pooled from the column
// store and kept in the layer's ring, updated as columns arrive and rebuilt when the view jumps.
// Does: plan the texels for the view (timeline::plan_texels); keep track of which texels the
//       layer holds and at what level; on a jump (zoom, scroll, a new level, a new store) pool
//       every needed texel from the store into a staging buffer and upload it in at most two
//       runs; in a live view re-pool only the texels that new columns touched; give each screen
//       pixel's waveform extremes; map pixels to times and back.
// Does not: analyse, or decide the view (the app does); own the store.
// Allocation: configure() only (staging and per-pixel arrays).
#pragma once
#include <cstdint>
#include <vector>

#include "render/spectrogram_layer.h"
#include "timeline/column_store.h"
#include "timeline/view.h"

namespace app {

class Picture {
 public:
  // The plot is `width` pixels by `rows` rows (the layer is resized here, to `slots` texels:
  // by default twice the width and a margin, room for a live view to scroll).
  void configure(int width, int rows, render::SpectrogramLayer* layer, int slots = 0);
  // Forget what the layer holds (the store was replaced, or re-analysed): the next update()
  // rebuilds.
  void invalidate() { held_level_ = -1; }
  // A column was stored (live analysis): its texel is re-pooled on the next update().
  void column_stored(std::int64_t index);
  // Brings the layer up to date for `view`. Columns sit on the clock at column_zero_s +
  // j seconds_per_column (see timeline::plan_texels).
  void update(const timeline::ColumnStore& store, const timeline::View& view, double seconds_per_column,
              double column_zero_s, render::SpectrogramLayer* layer);
  const timeline::TexelPlan& plan() const { return plan_; }

  // Per pixel (width() values, left first): the waveform extremes of the columns it covers
  // (NaN where none), refreshed by update().
  const float* wave_min() const { return wave_min_.data(); }
  const float* wave_max() const { return wave_max_.data(); }
  int width() const { return width_; }

  // The column shown at pixel x (the newest it covers), from the view of the last update().
  std::int64_t column_at_pixel(double x) const;

 private:
  void pool(const timeline::ColumnStore& store, std::int64_t texel, float* out) const;
  void upload_texels(const timeline::ColumnStore& store, std::int64_t first, std::int64_t last,
                     render::SpectrogramLayer* layer);
  void refresh_waves(const timeline::ColumnStore& store);

  int width_ = 0, rows_ = 0, slots_ = 0;
  timeline::TexelPlan plan_;
  int held_level_ = -1;                  // level of what the layer holds (-1: nothing valid)
  std::int64_t held_first_ = 0, held_last_ = -1;  // texels the layer holds
  std::int64_t dirty_first_ = 0, dirty_last_ = -1;  // columns stored since the last update
  std::vector<float> staging_;           // slots x rows
  std::vector<float> wave_min_, wave_max_;
  double seconds_per_column_ = 1, column_zero_s_ = 0;
  timeline::View view_;
};

}  // namespace app
