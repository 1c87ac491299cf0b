// lanes.h: the display rows of a picture split into stacked lanes, one per analysed channel
// ("each channel": the left channel's spectrogram above the right's, on the same frequency
// scale). Lane 0 is on top; each lane has rows / count rows; when the rows do not divide, the
// spare rows lie between the lanes (a seam at the floor level).
// Does: map between a display row, its lane and the row within that lane.
// Does not: know about channels, pixels or drawing (the app and ui/plot_view.h do).
#pragma once
#include <cassert>

namespace dsp {

inline constexpr int kMaxLanes = 2;

struct Lanes {
  int rows = 0;   // every display row of the picture
  int count = 1;  // 1 (one channel or the mix) or 2 (each channel)

  int lane_rows() const { return count > 0 ? rows / count : 0; }
  // The first display row (from the bottom) of `lane`: the bottom lane starts at row 0, the
  // top lane ends at the top row.
  int first_row(int lane) const {
    assert(lane >= 0 && lane < count);
    return lane == count - 1 ? 0 : rows - (lane + 1) * lane_rows();
  }
  // The lane that holds display row `row`, or -1 for a spare row between lanes.
  int lane_of_row(int row) const {
    for (int lane = 0; lane < count; ++lane)
      if (row >= first_row(lane) && row < first_row(lane) + lane_rows()) return lane;
    return -1;
  }
  // The lane nearest display row `row` (a spare row in the middle goes to the top lane).
  int nearest_lane(int row) const {
    const int lane = lane_of_row(row);
    if (lane >= 0) return lane;
    return row < rows / 2 ? count - 1 : 0;
  }
};

}  // namespace dsp
