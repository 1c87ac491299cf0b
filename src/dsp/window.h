// window.h: periodic (DFT-even) analysis windows and their figures of merit.
// Does: fill a caller-provided buffer with a window; report coherent gain and equivalent noise
//       bandwidth (ENBW, in bins) so levels can be calibrated.
// Does not: allocate (except the convenience overload), apply windows, or know about FFTs.
#pragma once
#include <cstddef>
#include <vector>

namespace dsp {

enum class WindowKind {
  kRectangular,
  kHann,
  kHamming,
  kBlackman,
  kBlackmanHarris,  // 4-term, -92 dB sidelobes
  kNuttall,         // 4-term, continuous first derivative
  kFlatTop,         // 5-term, amplitude-accurate (scalloping < 0.02 dB)
  kKaiser,          // parameter: beta (0..50)
  kGaussian,        // parameter: sigma relative to half the length (0.05..1)
};
constexpr int kWindowKindCount = 9;

// Default parameter for kinds that take one (Kaiser beta, Gaussian sigma); 0 for the others.
double window_default_param(WindowKind kind);
// True if `param` is usable for `kind` (kinds without a parameter accept anything finite).
bool window_param_valid(WindowKind kind, double param);
// Short stable name ("hann", "blackman-harris", ...) for settings and URLs.
const char* window_name(WindowKind kind);
// Parses a window_name(); returns false (and leaves *kind alone) if unknown.
bool window_from_name(const char* name, WindowKind* kind);

// Fills out[0..length) with the periodic window. `param` as above (ignored by fixed kinds).
void fill_window(WindowKind kind, double param, float* out, std::size_t length);
// Convenience for setup code and tests (allocates).
std::vector<float> make_window(WindowKind kind, std::size_t length, double param);

struct WindowStats {
  double sum = 0;            // sum of the samples; a sine of amplitude A reads A*sum/2 at its bin
  double coherent_gain = 0;  // sum / length (1 for rectangular, 0.5 for Hann)
  double enbw_bins = 0;      // length * sum(w^2) / sum(w)^2 (1 for rectangular, 1.5 for Hann)
};
WindowStats window_stats(const float* window, std::size_t length);

}  // namespace dsp
