// test_ticks.cpp: axis ticks a person reads correctly.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <ctime>
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

TEST_CASE("linear axes use one 1-2-5 step without overlap", "[ticks]") {
  dsp::FrequencyScale scale;
  REQUIRE(scale.configure(dsp::ScaleKind::kLinear, 0, 24000) == dsp::ConfigError::kNone);
  for (float length : {100.0f, 500.0f, 1500.0f}) {
    const auto ticks = ui::frequency_ticks(scale, length, 14.0f);
    require_no_overlap(ticks, 14.0f);
    REQUIRE(ticks.size() >= 2);
    const double step = ticks[1].value - ticks[0].value;
    REQUIRE((mantissa(step) == 1 || mantissa(step) == 2 || mantissa(step) == 5));
    for (std::size_t i = 1; i < ticks.size(); ++i) REQUIRE(ticks[i].value - ticks[i - 1].value == Approx(step));
  }
}

namespace {
// The largest stretch of the axis (in px, including both ends) without a label.
float largest_unlabelled_px(const std::vector<ui::Tick>& ticks, float length) {
  float previous = 0, largest = 0;
  for (const ui::Tick& t : ticks) {
    if (!t.labelled) continue;
    largest = std::max(largest, t.position - previous);
    previous = t.position;
  }
  return std::max(largest, length - previous);
}
}  // namespace

TEST_CASE("warped axes (mel, Bark, ERB) are labelled along their whole length", "[ticks]") {
  // Today's complaint: a mel axis over 20 Hz - 20 kHz showed nothing below 5 kHz, and over
  // 0 - 8 kHz nothing below 1 kHz: one Hz step for a whole warped axis.
  for (dsp::ScaleKind kind : {dsp::ScaleKind::kMel, dsp::ScaleKind::kBark, dsp::ScaleKind::kErb, dsp::ScaleKind::kLog}) {
    for (auto range : {std::pair<double, double>{20, 20000}, {0, 8000}, {50, 5000}}) {
      if (kind == dsp::ScaleKind::kLog && range.first == 0) continue;
      dsp::FrequencyScale scale;
      REQUIRE(scale.configure(kind, range.first, range.second) == dsp::ConfigError::kNone);
      for (float length : {250.0f, 400.0f, 700.0f, 1400.0f}) {
        INFO(dsp::scale_name(kind) << " " << range.first << "-" << range.second << " Hz on " << length << " px");
        const auto ticks = ui::frequency_ticks(scale, length, 14.0f);
        require_no_overlap(ticks, 14.0f + 4.0f);
        REQUIRE(largest_unlabelled_px(ticks, length) <= std::max(length / 3.0f, 5 * 14.0f));
        // Exactly where the values are; labelled decades are 1-2-5 or denser, never 1-2-3.
        std::set<int> labelled_mantissas;
        for (const auto& t : ticks) {
          REQUIRE(std::fabs(scale.to_unit(t.value) * length - t.position) < 1e-3);
          if (t.labelled && t.value > 0) labelled_mantissas.insert(mantissa(t.value));
        }
        REQUIRE(labelled_mantissas.count(1) == 1);
      }
    }
  }
  // The case from the complaint, in words: labels below 1 kHz on 0-8 kHz mel at 700 px.
  dsp::FrequencyScale mel;
  REQUIRE(mel.configure(dsp::ScaleKind::kMel, 0, 8000) == dsp::ConfigError::kNone);
  int below_1k = 0;
  for (const auto& t : ui::frequency_ticks(mel, 700, 14)) below_1k += t.labelled && t.value > 0 && t.value < 1000;
  REQUIRE(below_1k >= 3);
}

TEST_CASE("the note axis is labelled with note names around the chosen A4", "[ticks]") {
  dsp::FrequencyScale notes;
  REQUIRE(notes.configure(dsp::ScaleKind::kNote, 27.5, 4186.01) == dsp::ConfigError::kNone);  // A0..C8
  const auto tall = ui::frequency_ticks(notes, 3000, 14);  // 88 keys on 3000 px: every note fits
  require_no_overlap(tall, 18);
  int labelled = 0;
  for (const auto& t : tall) labelled += t.labelled;
  REQUIRE(labelled == 88);
  const auto short_axis = ui::frequency_ticks(notes, 300, 14);  // only C fits
  require_no_overlap(short_axis, 18);
  for (const auto& t : short_axis)
    if (t.labelled) REQUIRE(t.label[0] == 'C');
  bool has_c4 = false;
  for (const auto& t : short_axis) has_c4 |= t.label == "C4" && std::fabs(t.value - 261.6256) < 0.01;
  REQUIRE(has_c4);
  // A4 = 432 Hz moves every note; the labels follow.
  REQUIRE(notes.configure(dsp::ScaleKind::kNote, 100, 1000, 432) == dsp::ConfigError::kNone);
  bool has_a4 = false;
  for (const auto& t : ui::frequency_ticks(notes, 1000, 14)) has_a4 |= t.label == "A4" && std::fabs(t.value - 432) < 1e-9;
  REQUIRE(has_a4);
  REQUIRE(ui::note_label(60) == "C4");
  REQUIRE(ui::note_label(70) == "A#4");
  REQUIRE(ui::note_label(21) == "A0");
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
  REQUIRE(ui::note_name(432, 432) == "A4 +0 cents");
  REQUIRE(ui::note_name(440, 432) == "A4 +32 cents");
  const ui::NoteReading reading = ui::nearest_note(445, 440);
  REQUIRE(reading.valid);
  REQUIRE(reading.midi == 69);
  REQUIRE(reading.cents == Approx(1200 * std::log2(445.0 / 440)));
}

TEST_CASE("wall-clock ticks sit on round times and stay true across a stop", "[ticks]") {
  // 60 s recorded from 10:00:00.300 local, then a stop of 5 minutes and 30 s more.
  std::tm noon{};
  noon.tm_year = 2026 - 1900, noon.tm_mon = 11, noon.tm_mday = 1, noon.tm_hour = 10, noon.tm_isdst = -1;
  const double start_ms = double(std::mktime(&noon)) * 1000.0 + 300.0;
  auto wall = [&](double t) { return t < 60 ? start_ms + t * 1000 : start_ms + 360000 + (t - 60) * 1000; };
  std::vector<ui::Tick> ticks;
  ui::wall_clock_ticks(0.0, 90.0, 900.0f, 60.0f, wall, &ticks);
  REQUIRE(ticks.size() >= 5);
  for (std::size_t i = 0; i < ticks.size(); ++i) {
    const double w = wall(ticks[i].value);
    REQUIRE(std::fmod(w, 10000.0) == Approx(0.0).margin(1.0));  // a multiple of the 10 s step
    REQUIRE(ticks[i].label == ui::format_clock(w, 10));
    if (i > 0) REQUIRE(ticks[i].position - ticks[i - 1].position >= 60.0f);
  }
  // The first label after the stop names the time after it, not an interpolation across it.
  bool after_stop = false;
  for (const auto& t : ticks) after_stop |= t.value >= 60 && t.label == "10:06:10";
  REQUIRE(after_stop);
  REQUIRE(ticks.front().label == "10:00:10");
}

TEST_CASE("seconds-ago ticks stay true across a stop", "[ticks]") {
  // 60 s recorded, a stop of 100 s, then 30 s more: the newest sound is at clock 90 s.
  auto wall = [](double t) { return t < 60 ? 1e12 + t * 1000 : 1e12 + 160000 + (t - 60) * 1000; };
  std::vector<ui::Tick> ticks;
  ui::seconds_from_ticks(0.0, 90.0, 90.0, 900.0f, 40.0f, wall, &ticks);
  REQUIRE(ticks.size() >= 6);
  bool before_stop = false, after_stop = false;
  for (std::size_t i = 0; i < ticks.size(); ++i) {
    const double seconds_ago = (wall(90.0) - wall(ticks[i].value)) / 1000.0;
    // 40 px labels (and gaps) at 10 px/s: a 5 s step.
    REQUIRE(std::fmod(seconds_ago + 1e-9, 5.0) == Approx(0.0).margin(1e-6));
    REQUIRE(ticks[i].label == ui::format_seconds(-seconds_ago, 5));
    if (i > 0) REQUIRE(ticks[i].position - ticks[i - 1].position >= 40.0f);
    before_stop |= ticks[i].value < 60 && seconds_ago >= 130;  // before the stop: at least 100 s more ago
    after_stop |= ticks[i].value >= 60 && seconds_ago <= 30;
  }
  REQUIRE(before_stop);
  REQUIRE(after_stop);
  REQUIRE(ticks.back().label == "0 s");
  // The live edge: the newest sound a rounding past the view's end still gets its "0 s", at
  // the end (a quarter pixel here).
  ui::seconds_from_ticks(0.0, 89.975, 90.0, 900.0f, 40.0f, wall, &ticks);
  REQUIRE(ticks.back().label == "0 s");
  REQUIRE(ticks.back().position == 900.0f);
  ui::seconds_from_ticks(0.0, 89.9, 90.0, 900.0f, 40.0f, wall, &ticks);  // a whole pixel short: not
  REQUIRE(ticks.back().label != "0 s");
  // Without a wall clock: the plain clock.
  ui::seconds_from_ticks(0.0, 90.0, 90.0, 900.0f, 40.0f, [](double) { return 0.0; }, &ticks);
  REQUIRE(ticks.back().label == "0 s");
  REQUIRE(ticks.front().value == Approx(-90.0));
}
