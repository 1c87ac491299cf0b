// controls.cpp: ImGui widgets for every setting; all edits go through settings' own validation.
#include "ui/controls.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "dsp/analysis_limits.h"
#include "dsp/reassignment.h"
#include "imgui.h"
#include "settings/presets.h"

namespace ui {
namespace {

bool combo_of_names(const char* label, int* index, const char* const* names, int count) {
  return ImGui::Combo(label, index, names, count);
}

void tooltip(const char* text) {
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text);
}

void section(const char* title) {
  ImGui::Spacing();
  ImGui::TextDisabled("%s", title);
  ImGui::Separator();
}

void remember(ControlsState* state, const char* name);

bool draw_settings_panel(settings::Settings* s, ControlsState* state) {
  bool changed = false;
  section("Presets (each sets ordinary settings, kept in the link)");
  {
    const float right = ImGui::GetWindowContentRegionMax().x;
    for (const settings::Preset& preset : settings::presets()) {
      if (ImGui::Button(preset.label) && settings::apply_preset(*s, preset.name).empty()) changed = true;
      remember(state, preset.name);
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s\nSets %s.", preset.purpose, settings::preset_summary(preset).c_str());
      // Wrap to the next line when the next button would not fit (a narrow panel on a phone).
      const float next = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + 7 * ImGui::GetFontSize();
      if (next < ImGui::GetWindowPos().x + right) ImGui::SameLine();
    }
    if (ImGui::Button("Auto range")) state->auto_range_requested = true;
    remember(state, "auto-range");
    tooltip("Set the dB floor and ceiling from the levels in view now: the loudest at the top colour.");
  }
  section("Analysis");
  {
    static const char* kModes[dsp::kAnalysisModeCount] = {"STFT", "Reassigned", "Multi-resolution",
                                                          "Multi-resolution, reassigned"};
    int index = int(s->mode);
    if (combo_of_names("Mode", &index, kModes, dsp::kAnalysisModeCount)) {
      s->mode = dsp::AnalysisMode(index);
      // Reassignment needs a window that tapers to zero: move to Hann rather than refuse.
      if (dsp::mode_is_reassigned(s->mode) && !dsp::window_suits_reassignment(s->window)) s->window = dsp::WindowKind::kHann;
      changed = true;
    }
    tooltip("STFT: the classic picture.\n"
            "Reassigned: each bit of energy moved to where it really is in time and frequency (sharper lines and clicks).\n"
            "Multi-resolution: long windows for low notes, short ones for high sounds (semitones resolved from ~50 Hz).");
    if (!state->mode_note.empty()) {
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextDisabled("%s", state->mode_note.c_str());
      ImGui::PopTextWrapPos();
    }
  }
  {
    static const char* kSizes[] = {"256", "512", "1024", "2048", "4096", "8192", "16384", "32768"};
    int index = int(std::log2(double(s->fft_size))) - 8;
    if (combo_of_names("FFT size", &index, kSizes, 8)) s->fft_size = 256 << index, changed = true;
    tooltip(dsp::mode_is_multires(s->mode) ? "In the multi-resolution modes the bands choose their own windows;\n"
                                             "this size is used for the spectrum readouts (peak, latest frame)."
                                           : "Bigger: sharper pitch, blurrier timing.");
  }
  {
    const bool reassigned = dsp::mode_is_reassigned(s->mode);
    if (ImGui::BeginCombo("Window", dsp::window_name(s->window))) {
      for (int i = 0; i < dsp::kWindowKindCount; ++i) {
        const dsp::WindowKind kind = dsp::WindowKind(i);
        const bool usable = !reassigned || dsp::window_suits_reassignment(kind);
        if (ImGui::Selectable(dsp::window_name(kind), kind == s->window, usable ? 0 : ImGuiSelectableFlags_Disabled)) {
          s->window = kind;
          changed = true;
        }
      }
      ImGui::EndCombo();
    }
    tooltip(reassigned ? "Reassignment needs a window that tapers to zero (the others are greyed out)."
                       : "The shape each slice of sound is seen through: Hann is a good default; flat-top reads levels exactly.");
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
  if (dsp::mode_is_reassigned(s->mode)) {
    float gate = s->gate_db;
    if (ImGui::DragFloat("Gate dB", &gate, 0.5f, 0.0f, settings::kMaxGateDb, gate == 0 ? "off" : "%.0f dB below the loudest")) {
      s->gate_db = gate < settings::kMinGateDb * 0.5f ? 0.0f : std::clamp(std::round(gate), settings::kMinGateDb, settings::kMaxGateDb);
      changed = true;
    }
    tooltip("Energy this far below the loudest of its frame is not drawn, so noise does not scatter (0 = off).");
    changed |= ImGui::Checkbox("Keep only lines and clicks", &s->prune);
    tooltip("Drops energy that is neither a steady tone nor an impulse (Fulop and Fitz's pruning, tolerance 0.25).");
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
    static const char* kWeightings[dsp::kWeightingCount] = {"none", "A", "C", "ITU-R 468"};
    int index = int(s->weighting);
    if (combo_of_names("Weighting", &index, kWeightings, dsp::kWeightingCount)) s->weighting = dsp::Weighting(index), changed = true;
    tooltip("Shows levels as the ear weighs them (A, C) or as noise is rated (ITU-R 468). 0 dB at 1 kHz; display only.");
    float tilt = float(s->tilt_db_per_octave);
    if (ImGui::SliderFloat("Tilt", &tilt, -float(settings::kMaxTiltDbPerOctave), float(settings::kMaxTiltDbPerOctave), "%+.1f dB/octave")) {
      s->tilt_db_per_octave = std::round(tilt * 2.0) / 2.0;
      changed = true;
    }
    tooltip("Lifts highs (or lows) by so many dB per octave around 1 kHz, e.g. +3 to see pink noise flat. Display only.");
  }
  {
    float a4 = float(s->a4_hz);
    if (ImGui::DragFloat("A4", &a4, 0.1f, float(settings::kMinA4Hz), float(settings::kMaxA4Hz), "%.1f Hz")) {
      s->a4_hz = std::clamp(std::round(a4 * 10.0) / 10.0, settings::kMinA4Hz, settings::kMaxA4Hz);
      changed = true;
    }
    tooltip("The tuning reference for note names (and the note scale).");
  }
  {
    float span = float(s->span_s);
    if (ImGui::DragFloat("Span", &span, std::max(0.1f, span * 0.02f), float(settings::kMinSpanSeconds),
                         float(settings::kMaxSpanSeconds), "%.1f s")) {
      s->span_s = std::clamp(double(span), settings::kMinSpanSeconds, settings::kMaxSpanSeconds);
      changed = true;
    }
    tooltip("Seconds across the picture (the wheel zooms too).");
    int clock = int(s->time_labels);
    static const char* kClock[] = {"seconds ago", "time of day"};
    if (combo_of_names("Time labels", &clock, kClock, 2)) s->time_labels = settings::TimeLabels(clock), changed = true;
  }
  changed |= ImGui::Checkbox("Pitch trace", &s->show_pitch);
  tooltip("Draws the pitch of the loudest voice or instrument (40 to 1600 Hz) over the picture.");
  if (s->scale == dsp::ScaleKind::kNote) {
    ImGui::SameLine();
    changed |= ImGui::Checkbox("Piano keys", &s->show_piano);
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
  {
    // A list, not a slider: a new length starts the kept sound afresh, once, not at every step.
    static const double kMinutes[] = {1, 2, 3, 5, 10, 20, 30, 60};
    static const char* kNames[] = {"1 min", "2 min", "3 min", "5 min", "10 min", "20 min", "30 min", "60 min"};
    int index = 4;
    for (int i = 0; i < 8; ++i)
      if (std::fabs(kMinutes[i] - s->history_minutes) < 1e-9) index = i;
    if (combo_of_names("Keep", &index, kNames, 8)) s->history_minutes = kMinutes[index], changed = true;
    tooltip("How much sound is kept (exact, every channel) to look back, replay and save; a change starts afresh.\n"
            "10 minutes of 48 kHz stereo take 220 MB of memory.");
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

const char* picture_help() {
  return "The picture: time runs left to right (newest on the right while listening), frequency bottom to top\n"
         "(the axis on the left, in Hz), and colour is loudness (the bar on the right, in dBFS: 0 is the loudest\n"
         "a recording can hold). A steady tone is a horizontal line; a voice or an instrument shows a ladder of\n"
         "lines, the harmonics, at whole multiples of its pitch; a click is a vertical stripe; noise is a haze.\n"
         "Below: the waveform. Beside: the spectrum of the newest moment (white) and its recent peaks (orange).\n"
         "Presets in Settings set the view for speech, music, birdsong or hum. Open reads a recording.";
}

const char* shortcut_help() {
  return "Space  freeze / follow the picture (capture goes on)   End  back to live   Home  the oldest kept\n"
         "Left / Right  scroll   + / -  zoom in time   Up / Down  zoom in frequency\n"
         "Wheel  zoom in time about the pointer (Shift: frequency); drag the picture to scroll;\n"
         "       drag along the time axis to select (on touch: hold, then drag); Esc clears it\n"
         "P      play the selection (or the view)\n"
         "S      start / stop the microphone\n"
         "C      clear the history\n"
         "D / W / V  save a PNG / WAV / CSV of the selection (or the view)\n"
         "O      show / hide the settings\n"
         "H      show / hide this help\n"
         "Hover (or touch) the spectrogram for time, frequency, note and level.";
}

namespace {
// Records the last item drawn under `name` (for layout()).
void remember(ControlsState* state, const char* name) {
  // Why: a window's first frame is laid out before its size is known (an auto-sized window is
  // hidden then and moves once it has a size); an item reported from it would be clicked where it
  // is not.
  if (ImGui::IsWindowAppearing()) return;
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  state->items.push_back({name, min.x, min.y, max.x - min.x, max.y - min.y});
}
}  // namespace

ControlsActions draw_controls(const Layout& layout, ControlsState* state, settings::Settings* edited) {
  ControlsActions actions;
  state->items.clear();
  const float line = ImGui::GetTextLineHeight();
  ImGui::SetNextWindowPos(ImVec2(layout.toolbar.x, layout.toolbar.y));
  ImGui::SetNextWindowSize(ImVec2(layout.toolbar.w, layout.toolbar.h));
  const ImGuiWindowFlags bar_flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("toolbar", nullptr, bar_flags);
  if (ImGui::Button(state->capturing ? "Stop" : "Start")) (state->capturing ? actions.stop : actions.start) = true;
  remember(state, "start");
  ImGui::SameLine();
  if (ImGui::Button("Open")) actions.open_file = true;
  remember(state, "open");
  tooltip("Open a recording (WAV, FLAC, MP3, Ogg Vorbis or Opus); or drop one on the page.");
  ImGui::SameLine();
  // A file's picture stands still anyway: no Freeze or Live for it.
  if (!state->file_open) {
    if (ImGui::Button(state->paused ? "Resume" : "Freeze")) actions.toggle_pause = true;
    remember(state, "freeze");
    tooltip("Freeze the picture to look back (capture goes on); Space.");
    ImGui::SameLine();
  }
  if (!state->live && !state->file_open) {
    if (ImGui::Button("Live")) actions.live = true;
    remember(state, "live");
    tooltip("Back to the newest sound; End.");
    ImGui::SameLine();
  }
  if (ImGui::Button("Clear")) actions.clear = true;
  remember(state, "clear");
  ImGui::SameLine();
  if (ImGui::Button(state->playing ? "Stop playing" : "Play")) actions.play = true;
  remember(state, "play");
  tooltip(state->has_selection ? "Play the selection through the speakers; P." : "Play what is on screen; P. Drag along the time axis to select.");
  ImGui::SameLine();
  ImGui::Checkbox("Loop", &state->loop_playback);
  remember(state, "loop");
  tooltip("Play it again and again until stopped.");
  ImGui::SameLine();
  if (ImGui::Button("PNG")) actions.export_png = true;
  remember(state, "png");
  tooltip("Save the picture (the selection, else what is on screen) with its axes and a caption; D.");
  ImGui::SameLine();
  if (ImGui::Button("WAV")) actions.export_wav = true;
  remember(state, "wav");
  tooltip("Save the exact captured sound of the selection (else what is on screen); W.");
  ImGui::SameLine();
  if (ImGui::Button("CSV")) actions.export_csv = true;
  remember(state, "csv");
  tooltip("Save the analysed levels (dBFS per row and column) of the selection (else what is on screen); V.");
  ImGui::SameLine();
  if (ImGui::Button("Copy link")) actions.copy_link = true;
  remember(state, "copy-link");
  ImGui::SameLine();
  if (ImGui::Button("Settings")) state->show_settings = !state->show_settings;
  remember(state, "settings");
  ImGui::SameLine();
  if (ImGui::Button("?")) state->show_help = !state->show_help;
  remember(state, "help");
  ImGui::SameLine();
  ImGui::TextDisabled("%s", state->status.c_str());
  if (!state->pitch_text.empty()) {
    ImGui::SameLine();
    ImGui::TextUnformatted(state->pitch_text.c_str());
  }
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
    if (ImGui::Begin("Help", &state->show_help, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
      ImGui::TextUnformatted(picture_help());
      ImGui::Separator();
      ImGui::TextUnformatted(shortcut_help());
      if (ImGui::Button("Close")) state->show_help = false;
      remember(state, "help-close");
      ImGui::SameLine();
      ImGui::TextDisabled("(or Esc)");
    }
    ImGui::End();
  }
  return actions;
}

}  // namespace ui
