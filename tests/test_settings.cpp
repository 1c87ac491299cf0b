// test_settings.cpp: the settings' text form is strict, atomic and round-trips.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "settings/presets.h"
#include "ui/form_factor.h"
#include "settings/settings.h"

TEST_CASE("every key round-trips through its text form", "[settings]") {
  settings::Settings changed;
  REQUIRE(settings::apply_all(changed, {{"fft", "8192"}, {"window", "blackman-harris"},
                                        {"overlap", "87.5"}, {"padding", "4"}, {"scale", "mel"},
                                        {"fmin", "50"}, {"fmax", "12000"}, {"floor", "-90"},
                                        {"ceil", "-6"}, {"colormap", "magma"}, {"channel", "left"},
                                        {"waveform", "false"}, {"spectrum", "false"},
                                        {"processing", "true"}, {"mode", "reassigned"}, {"gate", "60"},
                                        {"prune", "false"}, {"pitch", "false"}, {"weighting", "itu468"},
                                        {"tilt", "-4.5"}, {"a4", "442"}, {"piano", "false"}, {"span", "30"},
                                        {"history", "2.5"}, {"clock", "wall"}, {"theme", "light"}}) == "");
  settings::Settings copy;
  for (const char* key : settings::setting_keys())
    REQUIRE(settings::set_from_text(copy, key, settings::get_as_text(changed, key)) == "");
  REQUIRE(copy == changed);
  REQUIRE(changed.window_length() == 2048);
  REQUIRE(changed.hop_frames() == 256);
}

TEST_CASE("bad values are refused by name and change nothing", "[settings]") {
  const settings::Settings defaults;
  const std::pair<const char*, const char*> bad[] = {
      {"fft", "1000"}, {"fft", "128"},   {"fft", "65536"}, {"fft", "4096.5"}, {"fft", "NaN"},
      {"fft", "1e400"}, {"fft", ""},     {"fft", "12abc"}, {"window", "<script>alert(1)</script>"},
      {"overlap", "99"}, {"overlap", "-1"}, {"padding", "3"}, {"scale", "LOG"}, {"fmin", "-5"},
      {"fmax", "1e9"}, {"floor", "-1000"}, {"ceil", "Infinity"}, {"colormap", "jet"},
      {"channel", "both"}, {"waveform", "yes"}, {"mode", "fancy"}, {"gate", "5"}, {"gate", "-1"},
      {"weighting", "A"}, {"tilt", "13"}, {"a4", "300"}, {"a4", "NaN"}, {"pitch", "2"}, {"prune", "maybe"},
      {"scale", "bark2"}, {"span", "1"}, {"span", "4000"}, {"history", "0.5"}, {"history", "61"}, {"clock", "noon"}, {"theme", "Light"}};
  for (const auto& entry : bad) {
    INFO(entry.first << "=" << entry.second);
    settings::Settings s;
    const std::string error = settings::set_from_text(s, entry.first, entry.second);
    REQUIRE(error.find(std::string("'") + entry.first + "'") != std::string::npos);
    REQUIRE(s == defaults);
  }
  settings::Settings s;
  REQUIRE(settings::set_from_text(s, "bogus", "1").find("unknown") != std::string::npos);
}

TEST_CASE("apply_all is all or nothing, including cross-key rules", "[settings]") {
  settings::Settings s;
  const settings::Settings before = s;
  REQUIRE(settings::apply_all(s, {{"fft", "1024"}, {"window", "nope"}}) != "");
  REQUIRE(s == before);
  REQUIRE(settings::apply_all(s, {{"fmin", "5000"}, {"fmax", "4000"}}).find("fmin") != std::string::npos);
  REQUIRE(settings::apply_all(s, {{"floor", "-10"}, {"ceil", "-20"}}).find("floor") != std::string::npos);
  REQUIRE(settings::apply_all(s, {{"scale", "log"}, {"fmin", "0"}}) != "");
  REQUIRE(s == before);
  REQUIRE(settings::apply_all(s, {{"scale", "note"}, {"fmin", "0"}}).find("fmin") != std::string::npos);
  REQUIRE(settings::apply_all(s, {{"mode", "reassigned"}, {"window", "rectangular"}}).find("'window'") != std::string::npos);
  REQUIRE(settings::apply_all(s, {{"mode", "multires-reassigned"}, {"window", "hamming"}}).find("'window'") != std::string::npos);
  REQUIRE(s == before);
  REQUIRE(settings::apply_all(s, {{"mode", "multires"}, {"window", "rectangular"}}) == "");  // plain multires: any window
  REQUIRE(settings::apply_all(s, {{"scale", "linear"}, {"fmin", "0"}}) == "");
  REQUIRE(s.fmin_hz == 0);
}

TEST_CASE("links round-trip every setting", "[settings][url]") {
  settings::Settings changed;
  REQUIRE(settings::apply_all(changed, {{"fft", "1024"}, {"window", "kaiser"}, {"overlap", "50"},
                                        {"padding", "2"}, {"scale", "linear"}, {"fmin", "0"},
                                        {"fmax", "8000"}, {"floor", "-100"}, {"ceil", "-10"},
                                        {"colormap", "gray-inverted"}, {"channel", "right"},
                                        {"waveform", "false"}, {"spectrum", "true"},
                                        {"processing", "true"}, {"mode", "multires-reassigned"},
                                        {"gate", "0"}, {"prune", "false"}, {"pitch", "false"},
                                        {"weighting", "a"}, {"tilt", "3"}, {"a4", "432"}, {"piano", "false"},
                                        {"span", "120"}, {"history", "5"}, {"clock", "wall"}}) == "");
  const std::string query = settings::to_query(changed);
  std::vector<std::pair<std::string, std::string>> pairs;
  std::size_t start = 0;
  while (start < query.size()) {
    const std::size_t end = std::min(query.find('&', start), query.size());
    const std::string part = query.substr(start, end - start);
    const std::size_t equals = part.find('=');
    pairs.emplace_back(part.substr(0, equals), part.substr(equals + 1));
    start = end + 1;
  }
  settings::Settings loaded;
  std::vector<std::string> rejected;
  settings::load_untrusted(loaded, pairs, &rejected);
  REQUIRE(rejected.empty());
  REQUIRE(loaded == changed);
}

TEST_CASE("untrusted values fall back per key and are named, unknown keys are ignored", "[settings][url]") {
  settings::Settings loaded;
  std::vector<std::string> rejected;
  settings::load_untrusted(loaded, {{"fft", "<script>alert(1)</script>"}, {"window", "blackman"},
                                    {"floor", "NaN"}, {"ceil", "1e999"}, {"zzz", "1"},
                                    {"colormap", "\xF0\x9F\x8E\xB5"}},
                           &rejected);
  const settings::Settings defaults;
  REQUIRE(loaded.window == dsp::WindowKind::kBlackman);  // the good key still applies
  REQUIRE(loaded.fft_size == defaults.fft_size);
  REQUIRE(loaded.min_db == defaults.min_db);
  REQUIRE(loaded.colormap == defaults.colormap);
  REQUIRE(rejected == std::vector<std::string>{"fft", "floor", "ceil", "colormap"});

  settings::Settings crossed;
  rejected.clear();
  settings::load_untrusted(crossed, {{"fmin", "9000"}, {"fmax", "100"}}, &rejected);
  REQUIRE(crossed.fmin_hz == defaults.fmin_hz);
  REQUIRE(crossed.fmax_hz == defaults.fmax_hz);
  REQUIRE(rejected == std::vector<std::string>{"fmin", "fmax"});

  settings::Settings unsuited;
  rejected.clear();
  settings::load_untrusted(unsuited, {{"mode", "reassigned"}, {"window", "rectangular"}}, &rejected);
  REQUIRE(unsuited.mode == dsp::AnalysisMode::kReassigned);  // the mode asked for, with a window it can use
  REQUIRE(unsuited.window == dsp::WindowKind::kHann);
  REQUIRE(rejected == std::vector<std::string>{"window"});
  REQUIRE(settings::value_is_text("mode"));
  REQUIRE_FALSE(settings::value_is_text("a4"));
}

TEST_CASE("each preset sets exactly its values from any starting point, and Full range is the defaults", "[settings][presets]") {
  REQUIRE(settings::presets().size() == 5);
  // From the defaults, from every other preset (e.g. Hum's 20-500 Hz before Birdsong's 1-12 kHz)
  // and from an odd state (mel scale, reassigned, Blackman-Harris with padding 4).
  std::vector<settings::Settings> starts(1);
  for (const settings::Preset& other : settings::presets()) {
    starts.emplace_back();
    REQUIRE(settings::apply_preset(starts.back(), other.name).empty());
  }
  starts.emplace_back();
  REQUIRE(settings::apply_all(starts.back(), {{"scale", "mel"}, {"mode", "reassigned"}, {"window", "blackman-harris"},
                                              {"padding", "4"}, {"fmin", "300"}, {"fmax", "900"}})
              .empty());
  for (const settings::Preset& preset : settings::presets()) {
    for (settings::Settings start : starts) {
      const settings::Settings before = start;
      INFO(preset.name << " from " << settings::to_query(before));
      REQUIRE(settings::apply_preset(start, preset.name).empty());
      CHECK(settings::check_consistency(start).empty());
      for (const auto& [key, value] : preset.values) {
        settings::Settings expected;
        REQUIRE(settings::set_from_text(expected, key, value).empty());
        CHECK(settings::get_as_text(start, key) == settings::get_as_text(expected, key));
      }
      // What a preset does not list is left alone (the colormap, the channel, the history).
      CHECK(start.colormap == before.colormap);
      CHECK(start.channel == before.channel);
      CHECK(start.history_minutes == before.history_minutes);
    }
    CHECK(!settings::preset_summary(preset).empty());
  }
  settings::Settings full;
  REQUIRE(settings::apply_all(full, {{"scale", "linear"}, {"fmin", "0"}, {"fft", "1024"}}).empty());
  REQUIRE(settings::apply_preset(full, "full").empty());
  CHECK(full == settings::Settings());  // Full range is today's default view
}

TEST_CASE("an unknown preset is refused by name and changes nothing", "[settings][presets]") {
  settings::Settings s;
  const std::string error = settings::apply_preset(s, "karaoke");
  CHECK(error.find("karaoke") != std::string::npos);
  CHECK(error.find("speech") != std::string::npos);
  CHECK(s == settings::Settings());
}

TEST_CASE("the layout follows the screen's CSS size: phones by width, landscape by height", "[layout]") {
  using ui::FormFactor;
  // Phones in portrait, 360 to 430 wide, with a finger or (a narrow desktop window) a mouse.
  for (double width : {360.0, 390.0, 430.0})
    for (bool coarse : {true, false}) CHECK(ui::choose_form_factor(width, 844, coarse) == FormFactor::kPhonePortrait);
  CHECK(ui::choose_form_factor(844, 390, true) == FormFactor::kPhoneLandscape);
  CHECK(ui::choose_form_factor(932, 430, true) == FormFactor::kPhoneLandscape);
  CHECK(ui::choose_form_factor(768, 1024, true) == FormFactor::kTablet);
  CHECK(ui::choose_form_factor(768, 1024, false) == FormFactor::kTablet);  // narrow: big targets anyway
  CHECK(ui::choose_form_factor(1366, 1024, true) == FormFactor::kTablet);  // a big tablet is still touched
  CHECK(ui::choose_form_factor(1280, 720, false) == FormFactor::kDesktop);
  CHECK(ui::choose_form_factor(1920, 400, false) == FormFactor::kDesktop);  // short but wide: a desktop strip
  CHECK_FALSE(ui::is_touch_layout(FormFactor::kDesktop));
  CHECK(ui::is_touch_layout(FormFactor::kPhoneLandscape));
  CHECK(ui::is_narrow_layout(FormFactor::kPhonePortrait));
  CHECK_FALSE(ui::is_narrow_layout(FormFactor::kTablet));
  CHECK(std::string(ui::form_factor_name(FormFactor::kPhonePortrait)) == "phone-portrait");
}
