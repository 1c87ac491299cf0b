// test_window.cpp: window shapes and their published figures of merit.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "dsp/window.h"
#include "window_kinds.h"

using dsp::WindowKind;

using test_signals::kAllWindowKinds;

TEST_CASE("windows are periodic (DFT-even) and peak at 1 in the middle", "[window]") {
  const std::size_t length = 1024;
  for (WindowKind kind : kAllWindowKinds) {
    INFO(dsp::window_name(kind));
    const auto w = dsp::make_window(kind, length, dsp::window_default_param(kind));
    for (std::size_t n = 1; n < length; ++n) REQUIRE(w[n] == Approx(w[length - n]).margin(1e-6));
    REQUIRE(w[length / 2] == Approx(1.0).margin(1e-6));
  }
}

TEST_CASE("coherent gain and ENBW match published values", "[window]") {
  // Heinzel, Ruediger, Schilling (2002), "Spectrum and spectral density estimation by the DFT",
  // table of NENBW; coherent gain is the first cosine coefficient.
  struct Expected {
    WindowKind kind;
    double coherent_gain, enbw_bins;
  };
  const Expected table[] = {
      {WindowKind::kRectangular, 1.0, 1.0},       {WindowKind::kHann, 0.5, 1.5},
      {WindowKind::kHamming, 0.54, 1.3628},       {WindowKind::kBlackman, 0.42, 1.7268},
      {WindowKind::kBlackmanHarris, 0.35875, 2.0044}, {WindowKind::kNuttall, 0.355768, 2.0212},
      {WindowKind::kFlatTop, 0.21557895, 3.7702},
  };
  for (const Expected& e : table) {
    INFO(dsp::window_name(e.kind));
    const auto w = dsp::make_window(e.kind, 4096, 0);
    const dsp::WindowStats stats = dsp::window_stats(w.data(), w.size());
    REQUIRE(stats.coherent_gain == Approx(e.coherent_gain).margin(1e-6));
    REQUIRE(stats.enbw_bins == Approx(e.enbw_bins).margin(2e-4));
    REQUIRE(stats.sum == Approx(e.coherent_gain * 4096).epsilon(1e-5));
  }
}

TEST_CASE("Kaiser and Gaussian follow their parameter", "[window]") {
  const auto kaiser0 = dsp::make_window(WindowKind::kKaiser, 256, 0.0);  // beta 0 = rectangular
  for (float x : kaiser0) REQUIRE(x == Approx(1.0f));
  // Higher beta: narrower window, lower coherent gain, wider ENBW.
  const auto kaiser4 = dsp::make_window(WindowKind::kKaiser, 256, 4.0);
  const auto kaiser12 = dsp::make_window(WindowKind::kKaiser, 256, 12.0);
  REQUIRE(dsp::window_stats(kaiser12.data(), 256).enbw_bins >
          dsp::window_stats(kaiser4.data(), 256).enbw_bins);
  // Gaussian: w at the first sample (distance L/2 from centre) is exp(-0.5 / sigma^2).
  const double sigma = 0.4;
  const auto gauss = dsp::make_window(WindowKind::kGaussian, 512, sigma);
  REQUIRE(gauss[0] == Approx(std::exp(-0.5 / (sigma * sigma))).epsilon(1e-5));
  REQUIRE_FALSE(dsp::window_param_valid(WindowKind::kKaiser, -1));
  REQUIRE_FALSE(dsp::window_param_valid(WindowKind::kGaussian, 0.0));
  REQUIRE_FALSE(dsp::window_param_valid(WindowKind::kGaussian, NAN));
}

namespace {
constexpr double kPi = 3.14159265358979323846;

// I0 by its integral form (1/pi) int_0^pi exp(z cos t) dt, trapezoid rule (exact to double
// precision for this periodic integrand): independent of the power series the window uses.
double bessel_i0_by_integral(double z) {
  const int steps = 400;
  double sum = 0.5 * (std::exp(z) + std::exp(-z));
  for (int i = 1; i < steps; ++i) sum += std::exp(z * std::cos(kPi * i / steps));
  return sum / steps;
}

// Figures of a window defined on x in [-1, 1] for a long window (L -> infinity):
// coherent gain = (1/2) int w dx, ENBW = 2 int w^2 dx / (int w dx)^2.
struct ContinuousFigures {
  double coherent_gain, enbw_bins;
};

ContinuousFigures kaiser_figures(double beta) {
  // int I0(beta sqrt(1 - x^2)) dx over [-1, 1] = 2 sinh(beta) / beta (closed form); the square
  // by Simpson's rule in x = sin(phi), where the integrand is smooth.
  const double i0_beta = bessel_i0_by_integral(beta);
  const double integral_w = 2 * std::sinh(beta) / beta / i0_beta;
  const int steps = 2000;
  double integral_w2 = 0;
  for (int i = 0; i <= steps; ++i) {
    const double phi = -kPi / 2 + kPi * i / steps;
    const double w = bessel_i0_by_integral(beta * std::cos(phi)) / i0_beta;
    const double weight = (i == 0 || i == steps) ? 1 : (i % 2 ? 4 : 2);
    integral_w2 += weight * w * w * std::cos(phi);
  }
  integral_w2 *= (kPi / steps) / 3;
  return {integral_w / 2, 2 * integral_w2 / (integral_w * integral_w)};
}

ContinuousFigures gaussian_figures(double sigma) {
  // w = exp(-x^2 / (2 sigma^2)): both integrals in closed form with erf.
  const double integral_w = sigma * std::sqrt(2 * kPi) * std::erf(1 / (sigma * std::sqrt(2.0)));
  const double integral_w2 = sigma * std::sqrt(kPi) * std::erf(1 / sigma);
  return {integral_w / 2, 2 * integral_w2 / (integral_w * integral_w)};
}
}  // namespace

// A window's measured figures against expected ones, within `margin` (coherent gain) and
// `enbw_margin` (bins).
static void check_figures(WindowKind kind, double param, ContinuousFigures expected, double margin, double enbw_margin) {
  const std::size_t length = 4096;
  const auto w = dsp::make_window(kind, length, param);
  const dsp::WindowStats stats = dsp::window_stats(w.data(), length);
  REQUIRE(stats.coherent_gain == Approx(expected.coherent_gain).margin(margin));
  REQUIRE(stats.enbw_bins == Approx(expected.enbw_bins).margin(enbw_margin));
}

TEST_CASE("Kaiser and Gaussian coherent gain and ENBW match an independent computation", "[window]") {
  for (double beta : {2 * kPi, 2.5 * kPi, 3 * kPi, 3.5 * kPi, 9.0, 14.0}) {
    INFO("kaiser beta " << beta);
    check_figures(WindowKind::kKaiser, beta, kaiser_figures(beta), 1e-4, 1e-3);
  }
  // Harris (1978), "On the use of windows for harmonic analysis with the DFT", table 1,
  // Kaiser-Bessel alpha = 2, 2.5, 3, 3.5 (beta = pi alpha): published to two decimals.
  const struct {
    double alpha, coherent_gain, enbw_bins;
  } harris[] = {{2.0, 0.49, 1.50}, {2.5, 0.44, 1.65}, {3.0, 0.40, 1.80}, {3.5, 0.37, 1.93}};
  for (const auto& row : harris) {
    INFO("Harris Kaiser-Bessel alpha " << row.alpha);
    check_figures(WindowKind::kKaiser, kPi * row.alpha, {row.coherent_gain, row.enbw_bins}, 0.006, 0.006);
  }
  for (double sigma : {0.25, 0.3, 0.4, 0.5, 0.8}) {
    INFO("gaussian sigma " << sigma);
    check_figures(WindowKind::kGaussian, sigma, gaussian_figures(sigma), 1e-4, 1e-3);
  }
}

TEST_CASE("window names round-trip and unknown names are refused", "[window]") {
  for (WindowKind kind : kAllWindowKinds) {
    WindowKind parsed = WindowKind::kRectangular;
    REQUIRE(dsp::window_from_name(dsp::window_name(kind), &parsed));
    REQUIRE(parsed == kind);
  }
  WindowKind untouched = WindowKind::kHann;
  REQUIRE_FALSE(dsp::window_from_name("<script>", &untouched));
  REQUIRE_FALSE(dsp::window_from_name(nullptr, &untouched));
  REQUIRE(untouched == WindowKind::kHann);
}
