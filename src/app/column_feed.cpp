// column_feed.cpp: see column_feed.h.
#include "app/column_feed.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace app {
namespace {
const float kNaN = std::nanf("");
}

void ColumnFeed::configure(std::size_t history_capacity) {
  frame_wave_min_.assign(history_capacity, kNaN);
  frame_wave_max_.assign(history_capacity, kNaN);
  wave_min_acc_ = 1e30f;
  wave_max_acc_ = -1e30f;
}

void ColumnFeed::resize(int columns) {
  column_frame_.assign(std::size_t(columns), kEmpty);
  wave_min_view_.assign(std::size_t(columns), kNaN);
  wave_max_view_.assign(std::size_t(columns), kNaN);
}

void ColumnFeed::note_samples(const float* samples, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    const float x = samples[i];
    wave_min_acc_ = std::min(wave_min_acc_, x);
    wave_max_acc_ = std::max(wave_max_acc_, x);
    sum_squares_ += double(x) * x;
  }
  sum_count_ += count;
}

void ColumnFeed::frame_completed(std::uint64_t frame_number, std::size_t history_capacity) {
  assert(history_capacity == frame_wave_min_.size());
  const std::size_t slot = std::size_t(frame_number % history_capacity);
  frame_wave_min_[slot] = wave_min_acc_;
  frame_wave_max_[slot] = wave_max_acc_;
  wave_min_acc_ = 1e30f;
  wave_max_acc_ = -1e30f;
  if (sum_count_ > 0) input_rms_ = float(std::sqrt(sum_squares_ / double(sum_count_)));
  sum_squares_ = 0;
  sum_count_ = 0;
}

void ColumnFeed::push(render::SpectrogramLayer* layer, const float* rows_db, std::int64_t frame) {
  if (frame == kGap) layer->push_gap();
  else layer->push_column(rows_db);
  column_frame_[std::size_t(layer->newest_column())] = frame;
}

void ColumnFeed::push_newest(const dsp::Analyzer& analyzer, render::SpectrogramLayer* layer) {
  const dsp::History& columns = analyzer.columns();
  if (layer->columns() == 0 || columns.size() == 0) return;
  if (columns.info(0).gap_before) push(layer, nullptr, kGap);
  push(layer, columns.frame(0), std::int64_t(columns.total_pushed() - 1));
}

void ColumnFeed::rebuild(const dsp::Analyzer& analyzer, render::SpectrogramLayer* layer) {
  layer->clear();
  std::fill(column_frame_.begin(), column_frame_.end(), kEmpty);
  if (layer->columns() == 0 || !analyzer.ok()) return;
  const dsp::History& columns = analyzer.columns();
  if (columns.bins() != std::size_t(layer->rows())) return;  // not yet re-made for this size
  const std::size_t count = std::min<std::size_t>(columns.size(), std::size_t(layer->columns()));
  for (std::size_t i = count; i-- > 0;) {
    if (columns.info(i).gap_before) push(layer, nullptr, kGap);
    push(layer, columns.frame(i), std::int64_t(columns.total_pushed() - 1 - i));
  }
}

void ColumnFeed::clear() {
  std::fill(frame_wave_min_.begin(), frame_wave_min_.end(), kNaN);
  std::fill(frame_wave_max_.begin(), frame_wave_max_.end(), kNaN);
}

std::int64_t ColumnFeed::frame_at(const render::SpectrogramLayer& layer, int c) const {
  const int columns = layer.columns();
  if (columns == 0) return kEmpty;
  return column_frame_[std::size_t((layer.newest_column() + 1 + c) % columns)];
}

void ColumnFeed::update_wave_views(const render::SpectrogramLayer& layer, const dsp::History& history) {
  const int columns = layer.columns();
  for (int c = 0; c < columns; ++c) {
    const std::int64_t frame = frame_at(layer, c);
    const bool known = frame >= 0 && history.capacity() > 0 &&
                       history.total_pushed() - std::uint64_t(frame) <= history.capacity();
    const std::size_t slot = known ? std::size_t(frame) % history.capacity() : 0;
    wave_min_view_[std::size_t(c)] = known ? frame_wave_min_[slot] : kNaN;
    wave_max_view_[std::size_t(c)] = known ? frame_wave_max_[slot] : kNaN;
  }
}

}  // namespace app
