// peak.cpp: coarse bin search, then golden-section search on |DTFT|^2 of the windowed frame.
#include "dsp/peak.h"

#include <algorithm>
#include <cmath>

namespace dsp {
namespace {

constexpr double kPi = 3.14159265358979323846;

// |sum x[n] w[n] e^{-j 2 pi f n}|^2 at f = position_bins / fft_size cycles per sample.
double dtft_power(const float* x, const float* w, std::size_t length, double position_bins,
                  double fft_size) {
  const double omega = 2.0 * kPi * position_bins / fft_size;
  // Why a rotating phasor re-anchored every 1024 samples: one sin/cos per sample would cost
  // 20x more, and a pure recurrence drifts over 65536 steps.
  const double step_re = std::cos(omega), step_im = -std::sin(omega);
  double re = 0, im = 0;
  std::size_t n = 0;
  while (n < length) {
    double phase_re = std::cos(omega * double(n)), phase_im = -std::sin(omega * double(n));
    const std::size_t block_end = std::min(length, n + 1024);
    for (; n < block_end; ++n) {
      const double sample = double(x[n]) * w[n];
      re += sample * phase_re;
      im += sample * phase_im;
      const double next_re = phase_re * step_re - phase_im * step_im;
      phase_im = phase_re * step_im + phase_im * step_re;
      phase_re = next_re;
    }
  }
  return re * re + im * im;
}

// Position (in bins) of the maximum of |DTFT|^2 on [lo, hi], by golden-section search.
double maximise(const float* x, const float* w, std::size_t length, double fft_size, double lo,
                double hi) {
  const double ratio = 0.5 * (std::sqrt(5.0) - 1.0);
  double a = hi - ratio * (hi - lo), b = lo + ratio * (hi - lo);
  double power_a = dtft_power(x, w, length, a, fft_size);
  double power_b = dtft_power(x, w, length, b, fft_size);
  while (hi - lo > 1e-4) {
    if (power_a < power_b) {
      lo = a;
      a = b;
      power_a = power_b;
      b = lo + ratio * (hi - lo);
      power_b = dtft_power(x, w, length, b, fft_size);
    } else {
      hi = b;
      b = a;
      power_b = power_a;
      a = hi - ratio * (hi - lo);
      power_a = dtft_power(x, w, length, a, fft_size);
    }
  }
  return 0.5 * (lo + hi);
}

}  // namespace

void PeakFinder::configure(const Stft& stft) {
  own_frequency_window_ = stft.ok() && stft.config().window == WindowKind::kFlatTop;
  frequency_window_.clear();
  if (own_frequency_window_)
    frequency_window_ = make_window(WindowKind::kHann, std::size_t(stft.config().window_length), 0);
}

Peak PeakFinder::find(const Stft& stft, double fmin_hz, double fmax_hz, EdgeSlopes edge_slopes) const {
  Peak peak;
  if (!stft.ok() || stft.frames_emitted() == 0) return peak;
  const int last = int(stft.bin_count()) - 1;
  const int first_bin = std::max(0, int(std::ceil(fmin_hz / stft.bin_hz())));
  const int last_bin = std::min(last, int(std::floor(fmax_hz / stft.bin_hz())));
  if (!(first_bin <= last_bin)) return peak;

  const float* db = stft.frame_db();
  int low_bin = first_bin, high_bin = last_bin;
  if (edge_slopes == EdgeSlopes::kSkip) {
    // Each edge on a slope from outside: its bins falling away inward, to the first minimum.
    if (low_bin > 0 && db[low_bin - 1] > db[low_bin])
      while (low_bin < high_bin && db[low_bin + 1] < db[low_bin]) ++low_bin;
    if (high_bin < last && db[high_bin + 1] > db[high_bin])
      while (high_bin > low_bin && db[high_bin - 1] < db[high_bin]) --high_bin;
  }
  int loudest = low_bin;
  for (int k = low_bin + 1; k <= high_bin; ++k)
    if (db[k] > db[loudest]) loudest = k;
  // Why the loudest bin must stand at least as high as both its neighbours: at a range's edge on
  // the slope of a tone outside it, it is no peak, and the refinement around it would stop at
  // the edge, a fraction of a bin from the tone. (Not the loudest peak inside instead, unless
  // asked (kSkip): near a point in a quiet range that is a ripple of the noise floor, nothing a
  // person would call a peak.)
  if ((loudest > 0 && db[loudest] < db[loudest - 1]) || (loudest < last && db[loudest] < db[loudest + 1])) return peak;
  peak.found = true;
  peak.hz = loudest * stft.bin_hz();
  peak.db = db[loudest];
  const float floor_db = stft.config().min_db;
  if (db[loudest] <= floor_db) return peak;  // silence: nothing to refine

  const float* samples = stft.frame_samples();
  const std::size_t length = std::size_t(stft.config().window_length);
  const double n = stft.config().fft_size;
  double lo = loudest - 1.0, hi = loudest + 1.0;
  const float* search_window = stft.window();
  if (own_frequency_window_ && frequency_window_.size() == length) {
    // The flat-top's loudest bin may sit up to a window-bin from the tone: scan the Hann view
    // on a quarter-bin grid over +-2 window-bins (its main lobe), then search around the best.
    search_window = frequency_window_.data();
    const double window_bin = n / double(length);  // one bin of the window, in FFT bins
    double best_position = loudest, best_power = -1;
    for (int step = -8; step <= 8; ++step) {
      const double position = std::clamp(loudest + 0.25 * step * window_bin, 0.0, double(last));
      const double power = dtft_power(samples, search_window, length, position, n);
      if (power > best_power) {
        best_power = power;
        best_position = position;
      }
    }
    lo = best_position - 0.25 * window_bin;
    hi = best_position + 0.25 * window_bin;
  }
  // [lo, hi] lies inside the search window's main lobe, where |X|^2 is unimodal.
  const double position =
      maximise(samples, search_window, length, n, std::max(0.0, lo), std::min(double(last), hi));
  const double power = dtft_power(samples, stft.window(), length, position, n);
  // Amplitude = 2|X|/sum(w) away from DC/Nyquist, |X|/sum(w) at them (no mirror image).
  const bool edge = position < 0.5 || position > last - 0.5;
  const double scale = (edge ? 1.0 : 4.0) / (stft.window_sum() * stft.window_sum());
  const double level_db = power > 0 ? 10.0 * std::log10(power * scale) : floor_db;
  peak.hz = position * stft.bin_hz();
  peak.db = std::max(double(floor_db), level_db);
  return peak;
}

Peak find_peak(const Stft& stft, double fmin_hz, double fmax_hz, EdgeSlopes edge_slopes) {
  PeakFinder finder;
  finder.configure(stft);
  return finder.find(stft, fmin_hz, fmax_hz, edge_slopes);
}

}  // namespace dsp
