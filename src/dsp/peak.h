// peak.h: the strongest component of a frame, located between bins.
// Does: find the loudest bin in a frequency range that is a local maximum (see EdgeSlopes), then refine frequency and level by maximising
//       the frame's exact spectrum (its DTFT) around that bin. For a pure tone this is exact
//       whatever the window and wherever the tone falls between two bins (no scalloping loss).
// Does not: track peaks over time or find more than one. Costs O(window_length * 30): call it
//       for a readout, not for every bin. find() never allocates; configure() may.
#pragma once
#include <vector>

#include "dsp/stft.h"

namespace dsp {

struct Peak {
  bool found = false;  // false when there is no frame, no bin in the range, or its loudest is on a slope
  double hz = 0;       // interpolated frequency
  double db = 0;       // interpolated level, dBFS (floored at the STFT's min_db)
};

// Where a range's edge lies on the slope of something outside it (a tone just past the edge, or
// rumble below fmin), the bins falling away from that edge are no peak of the range.
enum class EdgeSlopes {
  kNoPeak,  // the loudest bin is on such a slope: nothing found (a search near a point: no peak is near)
  kSkip,    // skip the slopes and take the loudest peak further in (a whole band's strongest component)
};

class PeakFinder {
 public:
  // Prepares for frames of `stft`'s current configuration (call again after reconfiguring it).
  void configure(const Stft& stft);
  // Peak of the newest frame of `stft` within [fmin_hz, fmax_hz] (clamped to [0, Nyquist]).
  Peak find(const Stft& stft, double fmin_hz, double fmax_hz, EdgeSlopes edge_slopes = EdgeSlopes::kNoPeak) const;

 private:
  // Why a second window: a flat-top window's main lobe is flat to 0.01 dB over several bins,
  // so its maximum says little about frequency. Frequency then comes from a Hann view of the
  // same samples, and the level from the flat-top view at that frequency.
  std::vector<float> frequency_window_;
  bool own_frequency_window_ = false;
};

// Convenience for tests and one-off readouts (allocates when the window is flat-top).
Peak find_peak(const Stft& stft, double fmin_hz, double fmax_hz, EdgeSlopes edge_slopes = EdgeSlopes::kNoPeak);

}  // namespace dsp
