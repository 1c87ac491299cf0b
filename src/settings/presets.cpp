// presets.cpp: see presets.h.
#include "settings/presets.h"

namespace settings {

namespace {
// What every preset also sets: the rest of the analysis, so a preset's result never depends on
// what was set before.
const std::vector<std::pair<const char*, const char*>> kCommon = {
    {"mode", "stft"}, {"window", "hann"}, {"padding", "1"}, {"overlap", "90"}};

std::vector<std::pair<const char*, const char*>> with_common(std::vector<std::pair<const char*, const char*>> own) {
  own.insert(own.begin(), kCommon.begin(), kCommon.end());
  return own;
}
}  // namespace

const std::vector<Preset>& presets() {
  // Each sets the analysis and the display it is about (and kCommon).
  static const std::vector<Preset> kPresets = {
      {"speech", "Speech", "Voices and formants: 0 to 8 kHz on a linear axis, a medium window.",
       with_common({{"fft", "2048"}, {"scale", "linear"},
                    {"fmin", "0"}, {"fmax", "8000"}, {"floor", "-90"}, {"ceil", "-20"}, {"span", "10"}})},
      {"music", "Music", "Notes and overtones: 50 Hz to 5 kHz on a log axis, a long window for fine pitch.",
       with_common({{"fft", "8192"}, {"scale", "log"},
                    {"fmin", "50"}, {"fmax", "5000"}, {"floor", "-100"}, {"ceil", "0"}, {"span", "10"}})},
      {"birdsong", "Birdsong", "Fast high calls: 1 to 12 kHz on a linear axis, a short window, 5 s across.",
       with_common({{"fft", "1024"}, {"scale", "linear"},
                    {"fmin", "1000"}, {"fmax", "12000"}, {"floor", "-100"}, {"ceil", "-10"}, {"span", "5"}})},
      {"hum", "Hum and room", "Mains hum and room resonances: 20 to 500 Hz on a log axis, a very long window.",
       with_common({{"fft", "16384"}, {"scale", "log"},
                    {"fmin", "20"}, {"fmax", "500"}, {"floor", "-120"}, {"ceil", "-20"}, {"span", "30"}})},
      {"full", "Full range", "Everything: 20 Hz to 20 kHz on a log axis (the defaults).",
       with_common({{"fft", "4096"}, {"scale", "log"},
                    {"fmin", "20"}, {"fmax", "20000"}, {"floor", "-120"}, {"ceil", "0"}, {"span", "10"}})},
  };
  return kPresets;
}

const Preset* find_preset(const std::string& name) {
  for (const Preset& preset : presets())
    if (name == preset.name) return &preset;
  return nullptr;
}

std::string preset_summary(const Preset& preset) {
  std::string text;
  for (const auto& [key, value] : preset.values) text += std::string(text.empty() ? "" : ", ") + key + " " + value;
  return text;
}

std::string apply_preset(Settings& settings, const std::string& name) {
  const Preset* preset = find_preset(name);
  if (preset == nullptr) {
    std::string names;
    for (const Preset& p : presets()) names += std::string(names.empty() ? "" : ", ") + p.name;
    return "unknown preset \"" + name.substr(0, 40) + "\" (one of: " + names + ")";
  }
  std::vector<std::pair<std::string, std::string>> values(preset->values.begin(), preset->values.end());
  Settings next = settings;
  const std::string error = apply_all(next, values);
  if (!error.empty()) return error;
  const std::string inconsistent = check_consistency(next);
  if (!inconsistent.empty()) return inconsistent;
  settings = next;
  return "";
}

}  // namespace settings
