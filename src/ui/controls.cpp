// controls.cpp: ImGui widgets for every setting; all edits go through settings' own validation.
#include "ui/controls.h"

#include <cmath>
#include <cstdio>

#include "dsp/analysis_limits.h"
#include "imgui.h"

namespace ui {
namespace {

bool combo_of_names(const char* label, int* index, const char* const* names, int count) {
  return ImGui::Combo(label, index, names, count);
}

void section(const char* title) {
  ImGui::Spacing();
  ImGui::TextDisabled("%s", title);
  ImGui::Separator();
}

bool draw_settings_panel(settings::Settings* s, ControlsState* state) {
  bool changed = false;
  section("Analysis");
  {
    static const char* kSizes[] = {"256", "512", "1024", "2048", "4096", "8192", "16384", "32768"};
    int index = int(std::log2(double(s->fft_size))) - 8;
    if (combo_of_names("FFT size", &index, kSizes, 8)) s->fft_size = 256 << index, changed = true;
  }
  {
    static const char* kWindows[dsp::kWindowKindCount];
    for (int i = 0; i < dsp::kWindowKindCount; ++i) kWindows[i] = dsp::window_name(dsp::WindowKind(i));
    int index = int(s->window);
    if (combo_of_names("Window", &index, kWindows, dsp::kWindowKindCount)) s->window = dsp::WindowKind(index), changed = true;
  }
  {
    float overlap = float(s->overlap_percent);
    if (ImGui::SliderFloat("Overlap", &overlap, 0.0f, float(settings::kMaxOverlapPercent), "%.1f %%")) {
      s->overlap_percent = std::round(overlap * 10.0) / 10.0;
      changed = true;
    }
    ImGui::TextDisabled("%s", state->analysis_note.c_str());
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("At most %.0f frames a second, and at most %.0fM FFT points a second, are analysed:\n"
                        "a smaller hop would overload the display and slower machines.",
                        dsp::kMaxFramesPerSecond, dsp::kMaxTransformPointsPerSecond / 1e6);
  }
  {
    static const char* kPadding[] = {"1x (none)", "2x", "4x", "8x", "16x"};
    int index = int(std::log2(double(s->zero_padding)));
    if (combo_of_names("Zero padding", &index, kPadding, 5)) s->zero_padding = 1 << index, changed = true;
  }
  section("Display");
  {
    static const char* kScales[dsp::kScaleKindCount];
    for (int i = 0; i < dsp::kScaleKindCount; ++i) kScales[i] = dsp::scale_name(dsp::ScaleKind(i));
    int index = int(s->scale);
    if (combo_of_names("Frequency scale", &index, kScales, dsp::kScaleKindCount)) {
      s->scale = dsp::ScaleKind(index);
      if (dsp::scale_needs_positive_fmin(s->scale) && s->fmin_hz <= 0) s->fmin_hz = 20;
      changed = true;
    }
  }
  {
    float fmin = float(s->fmin_hz), fmax = float(s->fmax_hz);
    const float lowest = dsp::scale_needs_positive_fmin(s->scale) ? 1.0f : 0.0f;
    if (ImGui::DragFloat("Min Hz", &fmin, std::max(1.0f, fmin * 0.01f), lowest, fmax - 1, "%.0f Hz")) {
      s->fmin_hz = std::max<double>(lowest, std::min<double>(fmin, s->fmax_hz - 1));
      changed = true;
    }
    if (ImGui::DragFloat("Max Hz", &fmax, std::max(1.0f, fmax * 0.01f), fmin + 1, float(settings::kMaxFrequencyHz), "%.0f Hz")) {
      s->fmax_hz = std::min<double>(settings::kMaxFrequencyHz, std::max<double>(fmax, s->fmin_hz + 1));
      changed = true;
    }
  }
  {
    float floor_db = s->min_db, ceil_db = s->max_db;
    if (ImGui::DragFloat("Floor dB", &floor_db, 0.5f, settings::kLowestDb, ceil_db - 1, "%.0f dB")) {
      s->min_db = std::max(settings::kLowestDb, std::min(floor_db, s->max_db - 1));
      changed = true;
    }
    if (ImGui::DragFloat("Ceiling dB", &ceil_db, 0.5f, floor_db + 1, settings::kHighestDb, "%.0f dB")) {
      s->max_db = std::min(settings::kHighestDb, std::max(ceil_db, s->min_db + 1));
      changed = true;
    }
  }
  {
    static const char* kMaps[settings::kColormapCount];
    for (int i = 0; i < settings::kColormapCount; ++i) kMaps[i] = settings::colormap_name(settings::Colormap(i));
    int index = int(s->colormap);
    if (combo_of_names("Colormap", &index, kMaps, settings::kColormapCount)) s->colormap = settings::Colormap(index), changed = true;
  }
  changed |= ImGui::Checkbox("Waveform", &s->show_waveform);
  ImGui::SameLine();
  changed |= ImGui::Checkbox("Spectrum", &s->show_spectrum);
  section("Input");
  {
    static const char* kChannels[] = {"left", "right", "mix"};
    int index = int(s->channel);
    if (combo_of_names("Channel", &index, kChannels, 3)) s->channel = settings::Channel(index), changed = true;
  }
  changed |= ImGui::Checkbox("Browser processing (echo/noise/gain)", &s->browser_processing);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Off for measuring: the browser's processing changes levels and cuts highs.");
  if (!state->details.empty()) {
    section("Status");
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(state->details.c_str());
    ImGui::PopTextWrapPos();
  }
  return changed;
}

}  // namespace

const char* shortcut_help() {
  return "Space  pause / resume the picture (capture goes on)\n"
         "S      start / stop the microphone\n"
         "C      clear the history\n"
         "D      download a PNG\n"
         "O      show / hide the settings\n"
         "H      show / hide this help\n"
         "Hover (or touch) the spectrogram for time, frequency, note and level.";
}

ControlsActions draw_controls(const Layout& layout, ControlsState* state, settings::Settings* edited) {
  ControlsActions actions;
  const float line = ImGui::GetTextLineHeight();
  ImGui::SetNextWindowPos(ImVec2(layout.toolbar.x, layout.toolbar.y));
  ImGui::SetNextWindowSize(ImVec2(layout.toolbar.w, layout.toolbar.h));
  const ImGuiWindowFlags bar_flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("toolbar", nullptr, bar_flags);
  if (ImGui::Button(state->capturing ? "Stop" : "Start")) (state->capturing ? actions.stop : actions.start) = true;
  ImGui::SameLine();
  if (ImGui::Button(state->paused ? "Resume" : "Pause")) actions.toggle_pause = true;
  ImGui::SameLine();
  if (ImGui::Button("Clear")) actions.clear = true;
  ImGui::SameLine();
  if (ImGui::Button("PNG")) actions.export_png = true;
  ImGui::SameLine();
  if (ImGui::Button("Copy link")) actions.copy_link = true;
  ImGui::SameLine();
  if (ImGui::Button("Settings")) state->show_settings = !state->show_settings;
  ImGui::SameLine();
  if (ImGui::Button("?")) state->show_help = !state->show_help;
  ImGui::SameLine();
  ImGui::TextDisabled("%s", state->status.c_str());
  ImGui::End();

  if (state->show_settings) {
    ImGui::SetNextWindowPos(ImVec2(layout.spectrogram.x + line, layout.spectrogram.y + line), ImGuiCond_Appearing);
    ImGui::SetNextWindowSize(ImVec2(27 * line, 0), ImGuiCond_Appearing);
    if (ImGui::Begin("Settings", &state->show_settings, ImGuiWindowFlags_NoSavedSettings))
      actions.settings_changed = draw_settings_panel(edited, state);
    ImGui::End();
  }
  if (state->show_help) {
    ImGui::SetNextWindowPos(ImVec2(layout.toolbar.w * 0.5f, layout.toolbar.h + 3 * line), ImGuiCond_Appearing, ImVec2(0.5f, 0));
    if (ImGui::Begin("Keyboard shortcuts", &state->show_help,
                     ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings))
      ImGui::TextUnformatted(shortcut_help());
    ImGui::End();
  }
  return actions;
}

}  // namespace ui
