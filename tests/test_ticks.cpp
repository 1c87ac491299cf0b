// test_ticks.cpp: axis ticks a person reads correctly.
#include <catch2/catch.hpp>
#include <cmath>
#include <set>

#include "ui/ticks.h"

namespace {
void require_no_overlap(const std::vector<ui::Tick>& ticks, float label_px) {
  float previous = -1e9f;
  for (const ui::Tick& tick : ticks) {
    if (!tick.labelled) continue;
    REQUIRE(tick.position - previous >= label_px);
    previous = tick.position;
  }
}
// The mantissa of a value, e.g. 2 for 2000.
int mantissa(double value) { return int(std::lround(value / std::pow(10.0, std::floor(std::log10(value) + 1e-9)))); }
}  // namespace

TEST_CASE("log frequency labels are 1-2-5 (or denser) and never overlap", "[ticks]") {
  dsp::FrequencyScale scale;
  REQUIRE(scale.configure(dsp::ScaleKind::kLog, 20, 20000) == dsp::ConfigError::kNone);
  for (float length : {80.0f, 200.0f, 400.0f, 700.0f, 1400.0f, 3000.0f}) {
    INFO("length " << length);
    const auto ticks = ui::frequency_ticks(scale, length, 14.0f);
    require_no_overlap(ticks, 14.0f);
    std::set<int> labelled_mantissas;
    for (const auto& tick : ticks) {
      REQUIRE(tick.position >= 0);
      REQUIRE(tick.position <= length + 1e-3f);
      REQUIRE(std::fabs(scale.to_unit(tick.value) * length - tick.position) < 1e-3);
      if (tick.labelled) labelled_mantissas.insert(mantissa(tick.value));
    }
    // Decades are always labelled; when 2 is labelled, 5 is too (a 1-2-5 set or all nine).
    REQUIRE(labelled_mantissas.count(1) == 1);
    if (labelled_mantissas.count(2)) REQUIRE(labelled_mantissas.count(5) == 1);
    if (labelled_mantissas.count(3)) REQUIRE(labelled_mantissas.size() == 9);
  }
  // A tall axis labels all nine subdivisions; a medium one 1-2-5.
  auto count_labels = [](const std::vector<ui::Tick>& ticks) {
    int n = 0;
    for (const auto& t : ticks) n += t.labelled;
    return n;
  };
  REQUIRE(count_labels(ui::frequency_ticks(scale, 3000, 14)) > count_labels(ui::frequency_ticks(scale, 400, 14)));
}

TEST_CASE("labels say exactly the value they mark", "[ticks]") {
  REQUIRE(ui::format_hz(20) == "20");
  REQUIRE(ui::format_hz(500) == "500");
  REQUIRE(ui::format_hz(1000) == "1k");
  REQUIRE(ui::format_hz(1500) == "1.5k");
  REQUIRE(ui::format_hz(4000) == "4k");
  REQUIRE(ui::format_hz(20000) == "20k");
  REQUIRE(ui::format_hz_readout(440) == "440.0 Hz");
  REQUIRE(ui::format_hz_readout(1234.5) == "1.234 kHz");  // %.3f of 1.2345 rounds to even
}

TEST_CASE("linear and mel axes use 1-2-5 steps without overlap", "[ticks]") {
  for (dsp::ScaleKind kind : {dsp::ScaleKind::kLinear, dsp::ScaleKind::kMel}) {
    dsp::FrequencyScale scale;
    REQUIRE(scale.configure(kind, 0, 24000) == dsp::ConfigError::kNone);
    for (float length : {100.0f, 500.0f, 1500.0f}) {
      const auto ticks = ui::frequency_ticks(scale, length, 14.0f);
      require_no_overlap(ticks, 14.0f);
      REQUIRE(ticks.size() >= 2);
      const double step = ticks[1].value - ticks[0].value;
      REQUIRE((mantissa(step) == 1 || mantissa(step) == 2 || mantissa(step) == 5));
    }
  }
}

TEST_CASE("time ticks are 1-2-5 seconds and end at now", "[ticks]") {
  const auto ticks = ui::time_ticks(-27.3, 0.0, 1280, 40);
  require_no_overlap(ticks, 40);
  REQUIRE(ticks.back().value == Approx(0.0).margin(1e-9));
  REQUIRE(ticks.back().label == "0 s");
  REQUIRE(ticks.back().position == Approx(1280));
}

TEST_CASE("note names with cents, A4 = 440 Hz", "[ticks]") {
  REQUIRE(ui::note_name(440) == "A4 +0 cents");
  REQUIRE(ui::note_name(261.6256) == "C4 +0 cents");
  REQUIRE(ui::note_name(446) == "A4 +23 cents");
  REQUIRE(ui::note_name(27.5) == "A0 +0 cents");
  REQUIRE(ui::note_name(5) == "");
}
