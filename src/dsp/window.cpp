// window.cpp: window formulas. Cosine-sum windows use the periodic form
// w[n] = sum_k (-1)^k a_k cos(2 pi k n / L), so an L-point window tiles exactly at hop L/2 etc.
#include "dsp/window.h"

#include <cmath>
#include <cstring>

namespace dsp {
namespace {

constexpr double kPi = 3.14159265358979323846;

// Zeroth-order modified Bessel function of the first kind (power series; converges fast).
double bessel_i0(double x) {
  double sum = 1.0, term = 1.0;
  const double quarter_x2 = 0.25 * x * x;
  for (int k = 1; k < 200; ++k) {
    term *= quarter_x2 / (double(k) * double(k));
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

void fill_cosine_sum(const double* a, int terms, float* out, std::size_t length) {
  for (std::size_t n = 0; n < length; ++n) {
    const double phase = 2.0 * kPi * double(n) / double(length);
    double w = 0, sign = 1;
    for (int k = 0; k < terms; ++k, sign = -sign) w += sign * a[k] * std::cos(k * phase);
    out[n] = float(w);
  }
}

struct NamedKind {
  WindowKind kind;
  const char* name;
};
constexpr NamedKind kNames[kWindowKindCount] = {
    {WindowKind::kRectangular, "rectangular"}, {WindowKind::kHann, "hann"},
    {WindowKind::kHamming, "hamming"},         {WindowKind::kBlackman, "blackman"},
    {WindowKind::kBlackmanHarris, "blackman-harris"}, {WindowKind::kNuttall, "nuttall"},
    {WindowKind::kFlatTop, "flat-top"},        {WindowKind::kKaiser, "kaiser"},
    {WindowKind::kGaussian, "gaussian"},
};

}  // namespace

double window_default_param(WindowKind kind) {
  if (kind == WindowKind::kKaiser) return 9.0;
  if (kind == WindowKind::kGaussian) return 0.4;
  return 0.0;
}

bool window_param_valid(WindowKind kind, double param) {
  if (!std::isfinite(param)) return false;
  if (kind == WindowKind::kKaiser) return param >= 0.0 && param <= 50.0;
  if (kind == WindowKind::kGaussian) return param >= 0.05 && param <= 1.0;
  return true;
}

const char* window_name(WindowKind kind) {
  for (const NamedKind& entry : kNames)
    if (entry.kind == kind) return entry.name;
  return "unknown";
}

bool window_from_name(const char* name, WindowKind* kind) {
  if (name == nullptr) return false;
  for (const NamedKind& entry : kNames) {
    if (std::strcmp(entry.name, name) == 0) {
      *kind = entry.kind;
      return true;
    }
  }
  return false;
}

void fill_window(WindowKind kind, double param, float* out, std::size_t length) {
  if (length == 0) return;
  if (length == 1) {  // every window degenerates to a single unit sample
    out[0] = 1.0f;
    return;
  }
  switch (kind) {
    case WindowKind::kRectangular:
      for (std::size_t n = 0; n < length; ++n) out[n] = 1.0f;
      return;
    case WindowKind::kHann: {
      const double a[] = {0.5, 0.5};
      return fill_cosine_sum(a, 2, out, length);
    }
    case WindowKind::kHamming: {
      const double a[] = {0.54, 0.46};
      return fill_cosine_sum(a, 2, out, length);
    }
    case WindowKind::kBlackman: {
      const double a[] = {0.42, 0.5, 0.08};
      return fill_cosine_sum(a, 3, out, length);
    }
    case WindowKind::kBlackmanHarris: {
      const double a[] = {0.35875, 0.48829, 0.14128, 0.01168};
      return fill_cosine_sum(a, 4, out, length);
    }
    case WindowKind::kNuttall: {
      const double a[] = {0.355768, 0.487396, 0.144232, 0.012604};
      return fill_cosine_sum(a, 4, out, length);
    }
    case WindowKind::kFlatTop: {
      const double a[] = {0.21557895, 0.41663158, 0.277263158, 0.083578947, 0.006947368};
      return fill_cosine_sum(a, 5, out, length);
    }
    case WindowKind::kKaiser: {
      const double beta = window_param_valid(kind, param) ? param : window_default_param(kind);
      const double denom = bessel_i0(beta);
      const double half = double(length) / 2.0;  // periodic: centre at L/2
      for (std::size_t n = 0; n < length; ++n) {
        const double r = (double(n) - half) / half;
        out[n] = float(bessel_i0(beta * std::sqrt(std::fmax(0.0, 1.0 - r * r))) / denom);
      }
      return;
    }
    case WindowKind::kGaussian: {
      const double sigma = window_param_valid(kind, param) ? param : window_default_param(kind);
      const double half = double(length) / 2.0;
      for (std::size_t n = 0; n < length; ++n) {
        const double r = (double(n) - half) / (sigma * half);
        out[n] = float(std::exp(-0.5 * r * r));
      }
      return;
    }
  }
}

std::vector<float> make_window(WindowKind kind, std::size_t length, double param) {
  std::vector<float> window(length);
  fill_window(kind, param, window.data(), length);
  return window;
}

WindowStats window_stats(const float* window, std::size_t length) {
  WindowStats stats;
  if (length == 0) return stats;
  double sum = 0, sum_sq = 0;
  for (std::size_t n = 0; n < length; ++n) {
    sum += window[n];
    sum_sq += double(window[n]) * window[n];
  }
  stats.sum = sum;
  stats.coherent_gain = sum / double(length);
  stats.enbw_bins = sum != 0 ? double(length) * sum_sq / (sum * sum) : 0.0;
  return stats;
}

}  // namespace dsp
