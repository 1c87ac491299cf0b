// column_store.cpp: see column_store.h.
#include "timeline/column_store.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace timeline {

dsp::ConfigError ColumnStore::configure(int rows, std::size_t capacity, int hop_frames, float floor_db) {
  values_.release();
  slots_.release();
  rows_ = 0;
  capacity_ = 0;
  newest_ = -1;
  if (rows < 1 || rows > 16384) return dsp::ConfigError::kRowCountOutOfRange;
  if (hop_frames < 1) return dsp::ConfigError::kHopOutOfRange;
  if (capacity < 1 || capacity > (std::size_t(1) << 30) / std::size_t(rows)) return dsp::ConfigError::kHistoryCapacityInvalid;
  if (!std::isfinite(floor_db)) return dsp::ConfigError::kLevelRangeInvalid;
  if (!values_.allocate(capacity * std::size_t(rows)) || !slots_.allocate(capacity)) {
    values_.release();
    return dsp::ConfigError::kOutOfMemory;
  }
  rows_ = rows;
  capacity_ = capacity;
  hop_ = hop_frames;
  floor_db_ = floor_db;
  clear();  // every slot empty; values are written before they are read
  return dsp::ConfigError::kNone;
}

void ColumnStore::clear() {
  std::fill(slots_.data(), slots_.data() + slots_.size(), Slot{});
  newest_ = -1;
}

std::size_t ColumnStore::capacity_for_bytes(std::size_t bytes, int rows) {
  const std::size_t per_column = std::size_t(std::max(rows, 1)) * sizeof(std::uint16_t) + sizeof(Slot);
  return std::max<std::size_t>(1, bytes / per_column);
}

void ColumnStore::put(std::int64_t index, const float* rows_db, const ColumnInfo& info) {
  assert(index >= 0 && rows_db != nullptr);
  if (capacity_ == 0 || index < 0) return;
  if (newest_ >= 0 && index <= newest_ - std::int64_t(capacity_)) return;  // older than the ring holds
  const std::size_t slot = std::size_t(index % std::int64_t(capacity_));
  std::uint16_t* values = values_.data() + slot * std::size_t(rows_);
  for (int r = 0; r < rows_; ++r) values[r] = encode(rows_db[r]);
  slots_[slot].index = index;
  slots_[slot].info = info;
  slots_[slot].info.present = true;
  newest_ = std::max(newest_, index);
}

std::uint16_t ColumnStore::encode(float db) const {
  const float steps = (db - floor_db_) / kStepDb;
  if (!(steps > 0.0f)) return 0;  // below the floor (or NaN, which the analysis never gives)
  return steps >= 65535.0f ? std::uint16_t(65535) : std::uint16_t(std::lround(steps));
}

const ColumnStore::Slot* ColumnStore::slot_of(std::int64_t index) const {
  if (capacity_ == 0 || index < 0) return nullptr;
  const Slot& slot = slots_[std::size_t(index % std::int64_t(capacity_))];
  return slot.index == index ? &slot : nullptr;
}

bool ColumnStore::get(std::int64_t index, float* out_db) const {
  assert(out_db != nullptr);
  if (!slot_of(index)) return false;
  const std::uint16_t* values = values_.data() + std::size_t(index % std::int64_t(capacity_)) * std::size_t(rows_);
  for (int r = 0; r < rows_; ++r) out_db[r] = decode(values[r]);
  return true;
}

ColumnInfo ColumnStore::info(std::int64_t index) const {
  const Slot* slot = slot_of(index);
  return slot ? slot->info : ColumnInfo{};
}

bool ColumnStore::max_over(std::int64_t first, std::int64_t last, float* out, ColumnInfo* info_out) const {
  bool any = false;
  ColumnInfo merged;
  for (std::int64_t i = std::max<std::int64_t>(first, 0); i <= last; ++i) {
    const Slot* slot = slot_of(i);
    if (!slot) continue;
    const std::uint16_t* column = values_.data() + std::size_t(i % std::int64_t(capacity_)) * std::size_t(rows_);
    if (!any) {
      for (int r = 0; r < rows_; ++r) out[r] = decode(column[r]);
      merged = slot->info;
      any = true;
      continue;
    }
    for (int r = 0; r < rows_; ++r) out[r] = std::max(out[r], decode(column[r]));
    merged.gap_before |= slot->info.gap_before;
    merged.wave_min = std::min(merged.wave_min, slot->info.wave_min);
    merged.wave_max = std::max(merged.wave_max, slot->info.wave_max);
  }
  if (any && info_out) *info_out = merged;
  return any;
}

}  // namespace timeline
