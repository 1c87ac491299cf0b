// picture.cpp: see picture.h.
#include "app/picture.h"

#include <algorithm>
#include <cmath>

namespace app {
namespace {
const float kNaN = std::nanf("");
}

void Picture::configure(int width, int rows, render::SpectrogramLayer* layer, int slots) {
  width_ = std::max(width, 1);
  rows_ = std::max(rows, 1);
  // Why twice the width (plus a margin): a live view scrolls into new texels while the old
  // ones it still shows stay in the ring; a pixel covers at most two texels.
  slots_ = slots > 0 ? slots : 2 * width_ + 64;
  layer->resize(slots_, rows_);
  staging_.assign(std::size_t(slots_) * std::size_t(rows_), render::kEmptyDb);
  wave_min_.assign(std::size_t(width_), kNaN);
  wave_max_.assign(std::size_t(width_), kNaN);
  held_level_ = -1;
}

void Picture::column_stored(std::int64_t index) {
  if (dirty_last_ < dirty_first_) dirty_first_ = dirty_last_ = index;
  dirty_first_ = std::min(dirty_first_, index);
  dirty_last_ = std::max(dirty_last_, index);
}

void Picture::pool(const timeline::ColumnStore& store, std::int64_t texel, float* out) const {
  const std::int64_t first = texel * plan_.columns_per_texel;
  if (store.rows() != rows_ || !store.max_over(first, first + plan_.columns_per_texel - 1, out))
    std::fill(out, out + rows_, render::kEmptyDb);
}

void Picture::upload_texels(const timeline::ColumnStore& store, std::int64_t first, std::int64_t last,
                            render::SpectrogramLayer* layer) {
  // Pooled into staging at their slots, then uploaded in at most two runs (the ring wraps).
  if (last < first) return;
  last = std::min(last, first + slots_ - 1);
  auto slot_of = [&](std::int64_t t) { return int(((t % slots_) + slots_) % slots_); };
  for (std::int64_t t = first; t <= last; ++t)
    pool(store, t, staging_.data() + std::size_t(slot_of(t)) * std::size_t(rows_));
  const int a = slot_of(first), b = slot_of(last);
  if (a <= b) {
    layer->upload(a, b - a + 1, staging_.data() + std::size_t(a) * std::size_t(rows_));
  } else {
    layer->upload(a, slots_ - a, staging_.data() + std::size_t(a) * std::size_t(rows_));
    layer->upload(0, b + 1, staging_.data());
  }
}

void Picture::update(const timeline::ColumnStore& store, const timeline::View& view, double seconds_per_column,
                     double column_zero_s, render::SpectrogramLayer* layer) {
  view_ = view;
  seconds_per_column_ = seconds_per_column;
  column_zero_s_ = column_zero_s;
  plan_ = timeline::plan_texels(view, width_, seconds_per_column, column_zero_s);
  const bool same_level = held_level_ == plan_.level;
  const bool inside = plan_.first_texel >= held_first_ && plan_.last_texel <= held_last_;
  const bool just_ahead = plan_.first_texel >= held_first_ && plan_.last_texel - held_last_ < std::max(0, slots_ - width_ * 2);
  if (!same_level || !(inside || just_ahead)) {
    // A jump: everything the view needs, with a margin to the right for a live view.
    held_level_ = plan_.level;
    held_first_ = plan_.first_texel;
    held_last_ = std::min(plan_.last_texel + 32, held_first_ + slots_ - 1);
    upload_texels(store, held_first_, held_last_, layer);
  } else {
    // The same texels: re-pool only those the new columns touched, and any the view moved into.
    if (dirty_last_ >= dirty_first_) {
      const std::int64_t first = std::max(held_first_, dirty_first_ / plan_.columns_per_texel);
      upload_texels(store, first, dirty_last_ / plan_.columns_per_texel, layer);
      held_last_ = std::max(held_last_, dirty_last_ / plan_.columns_per_texel);
    }
    if (plan_.last_texel > held_last_) {
      upload_texels(store, held_last_ + 1, plan_.last_texel + 32, layer);
      held_last_ = plan_.last_texel + 32;
    }
    held_first_ = std::max(held_first_, held_last_ - slots_ + 1);
  }
  dirty_first_ = 0;
  dirty_last_ = -1;
  refresh_waves(store);
}

std::int64_t Picture::column_at_pixel(double x) const {
  const double t = timeline::time_at(view_, std::clamp(x, 0.0, double(width_)) / width_);
  return std::int64_t(std::floor((t - column_zero_s_) / seconds_per_column_));
}

void Picture::refresh_waves(const timeline::ColumnStore& store) {
  const double columns_per_pixel = view_.span_s / width_ / seconds_per_column_;
  for (int p = 0; p < width_; ++p) {
    const double t0 = timeline::time_at(view_, double(p) / width_);
    const std::int64_t first = std::int64_t(std::floor((t0 - column_zero_s_) / seconds_per_column_));
    const std::int64_t last = std::max(first, first + std::int64_t(std::ceil(columns_per_pixel)) - 1);
    float lo = 1e30f, hi = -1e30f;
    for (std::int64_t c = first; c <= last; ++c) {
      const timeline::ColumnInfo info = store.info(c);
      if (!info.present) continue;
      lo = std::min(lo, info.wave_min);
      hi = std::max(hi, info.wave_max);
    }
    wave_min_[std::size_t(p)] = lo <= hi ? lo : kNaN;
    wave_max_[std::size_t(p)] = lo <= hi ? hi : kNaN;
  }
}

}  // namespace app
