// offline_picture.h: the spectrogram of a span of a recording at a fixed pixel width, built
// from analysis columns as they come (the command-line tool's picture).
// Does: give each pixel the maximum of the columns whose time cell overlaps it (so a click
//       shorter than a pixel is never lost, and sparse columns fill the pixels they cover, as
//       the browser's picture does); keep each pixel's waveform extremes; keep each row's
//       strongest level and mean power over the span (the spectrum panel).
// Does not: analyse, read files or draw. Memory is width x rows, whatever the span's length.
#pragma once
#include <cstddef>
#include <vector>

namespace cli {

class OfflinePicture {
 public:
  // width, rows >= 1; to_s > from_s; floor_db: what a pixel no column reaches reads.
  void configure(int width, int rows, double from_s, double to_s, float floor_db);

  // A column showing the moment `time_s`, `column_s` wide (its hop), rows() values in dBFS.
  void add_column(double time_s, double column_s, const float* rows_db);
  // `count` samples of the analysed channel, the first at `first_time_s`.
  void add_samples(double first_time_s, double sample_rate_hz, const float* samples, std::size_t count);

  int width() const { return width_; }
  int rows() const { return rows_; }
  const float* column(int x) const { return values_.data() + std::size_t(x) * std::size_t(rows_); }
  bool covered(int x) const { return covered_[std::size_t(x)] != 0; }
  const float* wave_min() const { return wave_min_.data(); }  // per pixel, NaN where no sample
  const float* wave_max() const { return wave_max_.data(); }
  // Per row over every column in the span: the strongest level, and the mean power in dB.
  const std::vector<float>& row_max_db() const { return row_max_db_; }
  std::vector<float> row_mean_db() const;
  std::size_t columns_added() const { return columns_added_; }

 private:
  int width_ = 0, rows_ = 0;
  double from_s_ = 0, to_s_ = 1;
  float floor_db_ = -200;
  std::vector<float> values_;  // width x rows
  std::vector<unsigned char> covered_;
  std::vector<float> wave_min_, wave_max_;
  std::vector<float> row_max_db_;
  std::vector<double> row_power_sum_;
  std::size_t columns_added_ = 0;
};

}  // namespace cli
