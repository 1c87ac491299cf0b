// presets.h: one-tap starting points for common jobs (speech, music, birdsong, hum and room,
// full range), each a list of ordinary settings, so the link carries what a preset set and a
// shared link shows the same view.
// Does: name the presets, say in plain words what each is for and what it sets, apply one.
// Does not: keep state (a preset is not remembered: what it set is), or compute anything from
//           the sound (Auto range, which reads the picture, lives in the app).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "settings/settings.h"

namespace settings {

struct Preset {
  const char* name;     // "speech": the API's and the layout's name
  const char* label;    // "Speech": the button
  const char* purpose;  // one line in plain words
  std::vector<std::pair<const char*, const char*>> values;  // ordinary settings (keys, text values)
};

// Speech, Music, Birdsong, Hum and room, Full range (the defaults' analysis and display).
const std::vector<Preset>& presets();
const Preset* find_preset(const std::string& name);
// "fft 2048, linear 0 to 8000 Hz, -90 to -20 dB, ..." (what the tooltip shows).
std::string preset_summary(const Preset& preset);
// Applies every value of the named preset (or nothing): "" or why not.
std::string apply_preset(Settings& settings, const std::string& name);

}  // namespace settings
