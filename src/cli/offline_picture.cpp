// offline_picture.cpp: see offline_picture.h.
#include "cli/offline_picture.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>


namespace cli {

void OfflinePicture::configure(int width, int rows, double from_s, double to_s, float floor_db) {
  assert(width >= 1 && rows >= 1 && to_s > from_s);
  width_ = width;
  rows_ = rows;
  from_s_ = from_s;
  to_s_ = to_s;
  floor_db_ = floor_db;
  values_.assign(std::size_t(width) * std::size_t(rows), floor_db);
  covered_.assign(std::size_t(width), 0);
  wave_min_.assign(std::size_t(width), std::numeric_limits<float>::quiet_NaN());
  wave_max_.assign(std::size_t(width), std::numeric_limits<float>::quiet_NaN());
  row_max_db_.assign(std::size_t(rows), floor_db);
  row_power_sum_.assign(std::size_t(rows), 0.0);
  columns_added_ = 0;
}

void OfflinePicture::add_column(double time_s, double column_s, const float* rows_db) {
  assert(rows_db != nullptr && column_s > 0);
  const double pixel_s = (to_s_ - from_s_) / width_;
  // Clamped while still doubles: a tiny span puts far columns at huge pixel numbers.
  const double start = std::clamp((time_s - column_s / 2 - from_s_) / pixel_s, -1.0, double(width_) + 1);
  const double end = std::clamp((time_s + column_s / 2 - from_s_) / pixel_s, -1.0, double(width_) + 1);
  if (end <= 0 || start >= width_) return;
  const int first = std::max(0, int(std::floor(start)));
  const int last = std::min(width_ - 1, int(std::ceil(end)) - 1);
  for (int x = first; x <= last; ++x) {
    float* column = values_.data() + std::size_t(x) * std::size_t(rows_);
    for (int r = 0; r < rows_; ++r) column[r] = std::max(column[r], rows_db[r]);
    covered_[std::size_t(x)] = 1;
  }
  // The panel: only columns whose moment lies in the span.
  if (time_s >= from_s_ && time_s < to_s_) {
    for (int r = 0; r < rows_; ++r) {
      row_max_db_[std::size_t(r)] = std::max(row_max_db_[std::size_t(r)], rows_db[r]);
      row_power_sum_[std::size_t(r)] += std::pow(10.0, rows_db[r] / 10.0);
    }
    ++columns_added_;
  }
}

void OfflinePicture::add_samples(double first_time_s, double sample_rate_hz, const float* samples, std::size_t count) {
  const double pixels_per_sample = width_ / ((to_s_ - from_s_) * sample_rate_hz);
  const double x0 = (first_time_s - from_s_) * width_ / (to_s_ - from_s_);
  // Each sample holds until the next: it reaches every pixel of [x, x + pixels_per_sample), so
  // pixels shorter than a sample (a short span on a wide plot) have no holes.
  for (std::size_t i = 0; i < count; ++i) {
    const double x = x0 + double(i) * pixels_per_sample;
    if (x >= width_) break;
    if (x + pixels_per_sample <= 0) continue;
    const int first = std::max(0, int(std::floor(x)));
    const int last = std::min(width_ - 1, int(std::ceil(x + pixels_per_sample)) - 1);
    const float v = samples[i];
    for (int pixel = first; pixel <= std::max(first, last); ++pixel) {
      float& low = wave_min_[std::size_t(pixel)];
      float& high = wave_max_[std::size_t(pixel)];
      if (std::isnan(low)) low = high = v;
      low = std::min(low, v);
      high = std::max(high, v);
    }
  }
}

std::vector<float> OfflinePicture::row_mean_db() const {
  std::vector<float> mean(std::size_t(rows_), floor_db_);
  if (columns_added_ == 0) return mean;
  for (int r = 0; r < rows_; ++r) {
    const double power = row_power_sum_[std::size_t(r)] / double(columns_added_);
    mean[std::size_t(r)] = power > 0 ? std::max(floor_db_, float(10.0 * std::log10(power))) : floor_db_;
  }
  return mean;
}

}  // namespace cli
