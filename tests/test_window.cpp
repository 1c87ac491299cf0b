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
