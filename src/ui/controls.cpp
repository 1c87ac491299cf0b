// controls.cpp: ImGui widgets for every setting; all edits go through settings' own validation.
#include "ui/controls.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>

#include "dsp/analysis_limits.h"
#include "dsp/reassignment.h"
#include "imgui.h"
#include "imgui_internal.h"  // the window's move id and scroll, for drag_to_scroll()
#include "settings/presets.h"
#include "ui/theme.h"

namespace ui {
namespace {

void remember(ControlsState* state, const char* name, bool text = false);
bool button(ControlsState* state, const char* label, const char* name, const char* tip, float width = 0);

// A list to choose from, remembered for layout() under `name`.
bool combo_of_names(ControlsState* state, const char* name, const char* label, int* index, const char* const* names, int count) {
  const bool changed = ImGui::Combo(label, index, names, count);
  remember(state, name);
  return changed;
}

bool checkbox(ControlsState* state, const char* name, const char* label, bool* value) {
  const bool changed = ImGui::Checkbox(label, value);
  remember(state, name);
  return changed;
}

// Why a flag here: on a touch screen the pointer stays where the finger lifted, so a hover
// tooltip would linger over the next thing; there it shows only while the finger is down.
bool tooltips_while_pressed_only = false;

// The explanation of the item just drawn; the item remembered last (if it is that one) is marked
// as having one, so tests can find controls left unexplained.
bool tip_wanted() {
  return ImGui::IsItemHovered() && (!tooltips_while_pressed_only || ImGui::IsMouseDown(ImGuiMouseButton_Left));
}

// Marks the item remembered last (if it is the one just drawn) as explained.
void mark_tip(ControlsState* state) {
  if (!state->items.empty() && state->items.back().id == ImGui::GetItemID()) state->items.back().tip = true;
}

void tooltip(ControlsState* state, const char* text) {
  mark_tip(state);
  if (tip_wanted()) ImGui::SetTooltip("%s", text);
}

void section(const char* title) {
  ImGui::Spacing();
  ImGui::TextDisabled("%s", title);
  ImGui::Separator();
}

// A number setting: a drag field on a desktop (Ctrl+click types), and on a touch layout a field
// that asks the page for the phone's keyboard (ImGui's canvas cannot bring one up).
bool number_field(ControlsState* state, ControlsActions* actions, const char* label, const char* key, float* value,
                  float speed, float low, float high, const char* format, const char* tip) {
  char name[48];
  std::snprintf(name, sizeof name, "edit-%s", key);
  if (!state->touch) {
    const bool changed = ImGui::DragFloat(label, value, speed, low, high, format);
    remember(state, name);
    tooltip(state, tip);
    return changed;
  }
  char text[64];
  std::snprintf(text, sizeof text, format, double(*value));
  char id[96];
  std::snprintf(id, sizeof id, "%s##%s", text, key);
  if (ImGui::Button(id, ImVec2(ImGui::CalcItemWidth(), 0))) {
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    char plain[32];
    std::snprintf(plain, sizeof plain, "%g", double(*value));
    actions->edit = {key, label, plain, min.x, min.y, max.x - min.x, max.y - min.y};
  }
  remember(state, name);
  tooltip(state, tip);
  ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
  ImGui::TextUnformatted(label);
  return false;  // the page applies the typed value through the settings' own validation
}

bool draw_settings_panel(settings::Settings* s, ControlsState* state, ControlsActions* actions) {
  bool changed = false;
  section("Presets (each sets ordinary settings, kept in the link)");
  {
    const float right = ImGui::GetWindowContentRegionMax().x;
    for (const settings::Preset& preset : settings::presets()) {
      if (ImGui::Button(preset.label) && settings::apply_preset(*s, preset.name).empty()) changed = true;
      remember(state, preset.name);
      mark_tip(state);
      if (tip_wanted()) ImGui::SetTooltip("%s\nSets %s.", preset.purpose, settings::preset_summary(preset).c_str());
      // Wrap to the next line when the next button would not fit (a narrow panel on a phone).
      const float next = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + 7 * ImGui::GetFontSize();
      if (next < ImGui::GetWindowPos().x + right) ImGui::SameLine();
    }
    if (button(state, "Auto range", "auto-range", nullptr)) state->auto_range_requested = true;
    tooltip(state, "Set the dB floor and ceiling from the levels in view now: the loudest at the top colour.");
  }
  section("Analysis");
  {
    static const char* kModes[dsp::kAnalysisModeCount] = {"STFT", "Reassigned", "Multi-resolution",
                                                          "Multi-resolution, reassigned"};
    int index = int(s->mode);
    if (combo_of_names(state, "mode", "Mode", &index, kModes, dsp::kAnalysisModeCount)) {
      s->mode = dsp::AnalysisMode(index);
      // Reassignment needs a window that tapers to zero: move to Hann rather than refuse.
      if (dsp::mode_is_reassigned(s->mode) && !dsp::window_suits_reassignment(s->window)) s->window = dsp::WindowKind::kHann;
      changed = true;
    }
    tooltip(state, "STFT: the classic picture.\n"
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
    if (combo_of_names(state, "fft", "FFT size", &index, kSizes, 8)) s->fft_size = 256 << index, changed = true;
    tooltip(state, dsp::mode_is_multires(s->mode) ? "In the multi-resolution modes the bands choose their own windows;\n"
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
    remember(state, "window");
    tooltip(state, reassigned ? "Reassignment needs a window that tapers to zero (the others are greyed out)."
                       : "The shape each slice of sound is seen through: Hann is a good default; flat-top reads levels exactly.");
  }
  {
    float overlap = float(s->overlap_percent);
    if (ImGui::SliderFloat("Overlap", &overlap, 0.0f, float(settings::kMaxOverlapPercent), "%.1f %%")) {
      s->overlap_percent = std::round(overlap * 10.0) / 10.0;
      changed = true;
    }
    remember(state, "overlap");
    tooltip(state, "How much each slice of sound overlaps the next: more overlap, smoother time (and more work).");
    ImGui::TextDisabled("%s", state->analysis_note.c_str());
    if (tip_wanted())
      ImGui::SetTooltip("At most %.0f frames a second, and at most %.0fM FFT points a second, are analysed:\n"
                        "a smaller hop would overload the display and slower machines.",
                        dsp::kMaxFramesPerSecond, dsp::kMaxTransformPointsPerSecond / 1e6);
  }
  {
    static const char* kPadding[] = {"1x (none)", "2x", "4x", "8x", "16x"};
    int index = int(std::log2(double(s->zero_padding)));
    if (combo_of_names(state, "padding", "Zero padding", &index, kPadding, 5)) s->zero_padding = 1 << index, changed = true;
    tooltip(state, "Smoother-looking peaks between FFT bins; it adds no real detail (and costs work).");
  }
  if (dsp::mode_is_reassigned(s->mode)) {
    float gate = s->gate_db;
    if (ImGui::DragFloat("Gate dB", &gate, 0.5f, 0.0f, settings::kMaxGateDb, gate == 0 ? "off" : "%.0f dB below the loudest")) {
      s->gate_db = gate < settings::kMinGateDb * 0.5f ? 0.0f : std::clamp(std::round(gate), settings::kMinGateDb, settings::kMaxGateDb);
      changed = true;
    }
    remember(state, "gate");
    tooltip(state, "Energy this far below the loudest of its frame is not drawn, so noise does not scatter (0 = off).");
    changed |= checkbox(state, "prune", "Keep only lines and clicks", &s->prune);
    tooltip(state, "Drops energy that is neither a steady tone nor an impulse (Fulop and Fitz's pruning, tolerance 0.25).");
  }
  section("Display");
  {
    static const char* kScales[dsp::kScaleKindCount];
    for (int i = 0; i < dsp::kScaleKindCount; ++i) kScales[i] = dsp::scale_name(dsp::ScaleKind(i));
    int index = int(s->scale);
    if (combo_of_names(state, "scale", "Frequency scale", &index, kScales, dsp::kScaleKindCount)) {
      s->scale = dsp::ScaleKind(index);
      if (dsp::scale_needs_positive_fmin(s->scale) && s->fmin_hz <= 0) s->fmin_hz = 20;
      changed = true;
    }
    tooltip(state, "How height maps to pitch: log gives every octave the same room (music); linear spreads the highs (speech, birds).");
  }
  {
    float fmin = float(s->fmin_hz), fmax = float(s->fmax_hz);
    const float lowest = dsp::scale_needs_positive_fmin(s->scale) ? 1.0f : 0.0f;
    if (number_field(state, actions, "Min Hz", "fmin", &fmin, std::max(1.0f, fmin * 0.01f), lowest, fmax - 1, "%.0f Hz",
                     "The lowest frequency shown, at the bottom of the picture.")) {
      s->fmin_hz = std::max<double>(lowest, std::min<double>(fmin, s->fmax_hz - 1));
      changed = true;
    }
    if (number_field(state, actions, "Max Hz", "fmax", &fmax, std::max(1.0f, fmax * 0.01f), fmin + 1, float(settings::kMaxFrequencyHz), "%.0f Hz",
                     "The highest frequency shown, at the top of the picture.")) {
      s->fmax_hz = std::min<double>(settings::kMaxFrequencyHz, std::max<double>(fmax, s->fmin_hz + 1));
      changed = true;
    }
  }
  {
    float floor_db = s->min_db, ceil_db = s->max_db;
    if (number_field(state, actions, "Floor dB", "floor", &floor_db, 0.5f, settings::kLowestDb, ceil_db - 1, "%.0f dB",
                     "Levels at or below this are the darkest colour: raise it to hide noise.")) {
      s->min_db = std::max(settings::kLowestDb, std::min(floor_db, s->max_db - 1));
      changed = true;
    }
    if (number_field(state, actions, "Ceiling dB", "ceil", &ceil_db, 0.5f, floor_db + 1, settings::kHighestDb, "%.0f dB",
                     "Levels at or above this are the brightest colour: lower it to see quiet sounds.")) {
      s->max_db = std::min(settings::kHighestDb, std::max(ceil_db, s->min_db + 1));
      changed = true;
    }
  }
  {
    static const char* kWeightings[dsp::kWeightingCount] = {"none", "A", "C", "ITU-R 468"};
    int index = int(s->weighting);
    if (combo_of_names(state, "weighting", "Weighting", &index, kWeightings, dsp::kWeightingCount)) s->weighting = dsp::Weighting(index), changed = true;
    tooltip(state, "Shows levels as the ear weighs them (A, C) or as noise is rated (ITU-R 468). 0 dB at 1 kHz; display only.");
    float tilt = float(s->tilt_db_per_octave);
    if (ImGui::SliderFloat("Tilt", &tilt, -float(settings::kMaxTiltDbPerOctave), float(settings::kMaxTiltDbPerOctave), "%+.1f dB/octave")) {
      s->tilt_db_per_octave = std::round(tilt * 2.0) / 2.0;
      changed = true;
    }
    remember(state, "tilt");
    tooltip(state, "Lifts highs (or lows) by so many dB per octave around 1 kHz, e.g. +3 to see pink noise flat. Display only.");
  }
  {
    float a4 = float(s->a4_hz);
    if (number_field(state, actions, "A4", "a4", &a4, 0.1f, float(settings::kMinA4Hz), float(settings::kMaxA4Hz), "%.1f Hz",
                     "The tuning reference for note names (and the note scale).")) {
      s->a4_hz = std::clamp(std::round(a4 * 10.0) / 10.0, settings::kMinA4Hz, settings::kMaxA4Hz);
      changed = true;
    }
  }
  {
    float span = float(s->span_s);
    if (number_field(state, actions, "Span", "span", &span, std::max(0.1f, span * 0.02f), float(settings::kMinSpanSeconds),
                     float(settings::kMaxSpanSeconds), "%.1f s", "Seconds across the picture (the wheel zooms too).")) {
      s->span_s = std::clamp(double(span), settings::kMinSpanSeconds, settings::kMaxSpanSeconds);
      changed = true;
    }
    int clock = int(s->time_labels);
    static const char* kClock[] = {"seconds ago", "time of day"};
    if (combo_of_names(state, "clock", "Time labels", &clock, kClock, 2)) s->time_labels = settings::TimeLabels(clock), changed = true;
    tooltip(state, "Label the time axis as seconds before now, or as the time of day it was heard.");
  }
  changed |= checkbox(state, "pitch-trace", "Pitch trace", &s->show_pitch);
  tooltip(state, "Draws the pitch of the loudest voice or instrument (40 to 1600 Hz) over the picture.");
  if (s->scale == dsp::ScaleKind::kNote) {
    ImGui::SameLine();
    changed |= checkbox(state, "piano", "Piano keys", &s->show_piano);
    tooltip(state, "A piano keyboard beside the note axis.");
  }
  {
    static const char* kMaps[settings::kColormapCount];
    for (int i = 0; i < settings::kColormapCount; ++i) kMaps[i] = settings::colormap_name(settings::Colormap(i));
    int index = int(s->colormap);
    if (combo_of_names(state, "colormap", "Colormap", &index, kMaps, settings::kColormapCount)) s->colormap = settings::Colormap(index), changed = true;
    tooltip(state, "The colours for quiet to loud. Viridis and cividis read well with colour blindness and in grey.");
  }
  {
    int theme = int(s->theme);
    static const char* kThemes[] = {"dark", "light"};
    if (combo_of_names(state, "theme", "Theme", &theme, kThemes, 2)) s->theme = settings::Theme(theme), changed = true;
    tooltip(state, "Light for classrooms, projectors and print; the picture keeps its colormap.");
  }
  changed |= checkbox(state, "waveform-on", "Waveform", &s->show_waveform);
  tooltip(state, "The sound's wave (its loudest swings) under the picture.");
  ImGui::SameLine();
  changed |= checkbox(state, "spectrum-on", "Spectrum", &s->show_spectrum);
  tooltip(state, "Beside the picture: the level at each frequency now, and its recent peaks.");
  section("Input");
  {
    static const char* kChannels[] = {"left", "right", "mix", "each"};
    int index = int(s->channel);
    if (combo_of_names(state, "channel", "Channel", &index, kChannels, 4)) s->channel = settings::Channel(index), changed = true;
    tooltip(state, "Which side of a stereo input (or recording) is analysed; mix averages both, each shows\n"
                   "left above right.");
  }
  {
    // A list, not a slider: a new length starts the kept sound afresh, once, not at every step.
    static const double kMinutes[] = {1, 2, 3, 5, 10, 20, 30, 60};
    static const char* kNames[] = {"1 min", "2 min", "3 min", "5 min", "10 min", "20 min", "30 min", "60 min"};
    int index = 4;
    for (int i = 0; i < 8; ++i)
      if (std::fabs(kMinutes[i] - s->history_minutes) < 1e-9) index = i;
    if (combo_of_names(state, "history", "Keep", &index, kNames, 8)) s->history_minutes = kMinutes[index], changed = true;
    tooltip(state, "How much sound is kept (exact, every channel) to look back, replay and save; a change starts afresh.\n"
            "10 minutes of 48 kHz stereo take 220 MB of memory.");
  }
  changed |= checkbox(state, "processing", "Browser processing (echo/noise/gain)", &s->browser_processing);
  tooltip(state, "Off for measuring: the browser's processing changes levels and cuts highs.");
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
void remember(ControlsState* state, const char* name, bool text) {
  // Why: a window's first frame is laid out before its size is known (an auto-sized window is
  // hidden then and moves once it has a size); an item reported from it would be clicked where it
  // is not.
  if (ImGui::IsWindowAppearing() || !ImGui::IsItemVisible()) return;  // scrolled out of a sheet: not on screen
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  const ImRect clip = ImGui::GetCurrentWindowRead()->ClipRect;
  const bool clipped = !clip.Contains(ImRect(min, max));  // partly scrolled out
  state->items.push_back({name, min.x, min.y, max.x - min.x, max.y - min.y, clipped, text, ImGui::GetItemID(), false});
  assert(state->items.back().name.size() < 16);  // short names stay in the string (no allocation)
}
}  // namespace

namespace {

// A button at least a touch target wide and tall on touch layouts; remembered for layout().
bool button(ControlsState* state, const char* label, const char* name, const char* tip, float width) {
  const float target = state->touch ? float(kTouchTargetCssPx) * state->css_px : 0.0f;
  const float natural = ImGui::CalcTextSize(label, nullptr, true).x + 2 * ImGui::GetStyle().FramePadding.x;
  const bool pressed = ImGui::Button(label, ImVec2(std::max({width, target, natural}), 0));
  remember(state, name);
  if (tip) tooltip(state, tip);
  return pressed;
}

// Why: ImGui 1.86 scrolls a window only by the wheel; on a touch screen a finger dragging the
// sheet's background (ImGui makes the window's own move id active there) scrolls it instead.
void drag_to_scroll() {
  ImGuiContext& g = *ImGui::GetCurrentContext();
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  if (g.ActiveId == window->MoveId && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0.0f))
    ImGui::SetScrollY(window->Scroll.y - g.IO.MouseDelta.y);
}

// The first row of a sheet: its title and a Close button a finger can hit.
void sheet_header(ControlsState* state, const char* title, const char* close_name, bool* open) {
  ImGui::TextUnformatted(title);
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x -
                                                       std::max(float(kTouchTargetCssPx) * state->css_px, 6 * ImGui::GetFontSize())));
  if (button(state, "Close", close_name, "Close (Esc).")) *open = false;
  ImGui::Separator();
}

// Opens a window as a sheet below the toolbar: the whole width on a phone, the right third on a
// tablet; it scrolls. On a desktop the caller's own placement is used.
void begin_sheet_window(const Layout& layout, const ControlsState& state) {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const float top = layout.toolbar.h;
  const bool side = state.form == FormFactor::kTablet;
  const float width = side ? std::min(display.x, std::max(display.x * 0.45f, 30 * ImGui::GetFontSize())) : display.x;
  ImGui::SetNextWindowPos(ImVec2(display.x - width, top));
  ImGui::SetNextWindowSize(ImVec2(width, display.y - top));
}

constexpr ImGuiWindowFlags kSheetFlags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                         ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                         ImGuiWindowFlags_NoTitleBar;

// Start/Stop, and Freeze/Resume and Live for the microphone: on every layout's toolbar.
void essential_buttons(ControlsState* state, ControlsActions* actions) {
  if (button(state, state->capturing ? "Stop" : "Start", "start",
             state->capturing ? "Stop the microphone (the picture stays); S." : "Listen to the microphone; S."))
    (state->capturing ? actions->stop : actions->start) = true;
  // A file's picture stands still anyway: no Freeze or Live for it.
  if (!state->file_open) {
    ImGui::SameLine();
    if (button(state, state->paused ? "Resume" : "Freeze", "freeze", "Freeze the picture to look back (capture goes on); Space."))
      actions->toggle_pause = true;
  }
  if (!state->live && !state->file_open) {
    ImGui::SameLine();
    if (button(state, "Live", "live", "Back to the newest sound; End.")) actions->live = true;
  }
}

const char* kOpenTip = "Open a recording (WAV, FLAC, MP3, Ogg Vorbis or Opus); or drop one on the page.";
const char* kClearTip = "Forget the picture and the kept sound; C.";
const char* kPlayTip = "Play the selection (else what is on screen) through the speakers; P.";
const char* kLoopTip = "Play it again and again until stopped.";
const char* kPngTip = "Save the picture (the selection, else what is on screen) with its axes and a caption; D.";
const char* kWavTip = "Save the exact captured sound of the selection (else what is on screen); W.";
const char* kCsvTip = "Save the analysed levels (dBFS per row and column) of the selection (else what is on screen); V.";
const char* kLinkTip = "Copy a link that opens this page with these settings.";
const char* kSettingsTip = "Analysis, display and input settings, and presets; O.";
const char* kHelpTip = "What the picture shows, and the keys; H.";

// Play, or Stop playing while it plays (the toolbars and the menu).
bool play_button(ControlsState* state, ControlsActions* actions, float width = 0) {
  if (!button(state, state->playing ? "Stop playing" : "Play", "play", kPlayTip, width)) return false;
  actions->play = true;
  return true;
}

// The desktop toolbar: every action on one row, then the status.
void desktop_toolbar(ControlsState* state, ControlsActions* actions) {
  essential_buttons(state, actions);
  ImGui::SameLine();
  if (button(state, "Open", "open", kOpenTip)) actions->open_file = true;
  ImGui::SameLine();
  if (button(state, "Clear", "clear", kClearTip)) actions->clear = true;
  ImGui::SameLine();
  play_button(state, actions);
  ImGui::SameLine();
  ImGui::Checkbox("Loop", &state->loop_playback);
  remember(state, "loop");
  tooltip(state, kLoopTip);
  ImGui::SameLine();
  if (button(state, "PNG", "png", kPngTip)) actions->export_png = true;
  ImGui::SameLine();
  if (button(state, "WAV", "wav", kWavTip)) actions->export_wav = true;
  ImGui::SameLine();
  if (button(state, "CSV", "csv", kCsvTip)) actions->export_csv = true;
  ImGui::SameLine();
  if (button(state, "Copy link", "copy-link", kLinkTip)) actions->copy_link = true;
  ImGui::SameLine();
  if (button(state, "Settings", "settings", kSettingsTip)) state->show_settings = !state->show_settings;
  ImGui::SameLine();
  if (button(state, "?", "help", kHelpTip)) state->show_help = !state->show_help;
  ImGui::SameLine();
}

// The touch toolbar: the essentials (and on wider screens Play and Settings), then the menu.
void touch_toolbar(ControlsState* state, ControlsActions* actions) {
  essential_buttons(state, actions);
  if (!is_narrow_layout(state->form)) {
    ImGui::SameLine();
    play_button(state, actions);
    ImGui::SameLine();
    if (button(state, "Settings", "settings", kSettingsTip)) state->show_settings = !state->show_settings;
  }
  ImGui::SameLine();
  if (button(state, "Menu", "menu", "Open, save, share, settings and help.")) {
    state->show_menu = !state->show_menu;
    state->show_settings = state->show_help = false;
  }
}

// The menu of a touch layout: one action per row (two columns on a phone held sideways, so it
// fits the short screen), each a full-width target; it scrolls if it still does not fit.
void draw_menu(const Layout& layout, ControlsState* state, ControlsActions* actions) {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const int columns = state->form == FormFactor::kPhoneLandscape ? 2 : 1;
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float column_w = 14 * ImGui::GetFontSize();
  const float width = std::min(display.x, columns * column_w + (columns - 1) * spacing + 2 * ImGui::GetStyle().WindowPadding.x);
  ImGui::SetNextWindowPos(ImVec2(display.x - width, layout.toolbar.h));
  ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0), ImVec2(width, display.y - layout.toolbar.h));
  if (!ImGui::Begin("Menu", &state->show_menu, kSheetFlags | ImGuiWindowFlags_AlwaysAutoResize)) return ImGui::End();
  drag_to_scroll();
  const float row = (ImGui::GetContentRegionAvail().x - (columns - 1) * spacing) / columns;
  int placed = 0;
  const auto next = [&] {  // the next cell: beside the last one until the row is full
    if (placed++ % columns != 0) ImGui::SameLine();
  };
  bool chosen = false;
  const bool narrow = is_narrow_layout(state->form);
  next(), chosen |= button(state, "Open a recording", "open", kOpenTip, row) && (actions->open_file = true);
  if (narrow) next(), chosen |= play_button(state, actions, row);
  next();
  ImGui::Checkbox("Loop when playing", &state->loop_playback);
  remember(state, "loop");
  tooltip(state, kLoopTip);
  next(), chosen |= button(state, "Save picture (PNG)", "png", kPngTip, row) && (actions->export_png = true);
  next(), chosen |= button(state, "Save sound (WAV)", "wav", kWavTip, row) && (actions->export_wav = true);
  next(), chosen |= button(state, "Save levels (CSV)", "csv", kCsvTip, row) && (actions->export_csv = true);
  next(), chosen |= button(state, "Copy link", "copy-link", kLinkTip, row) && (actions->copy_link = true);
  next(), chosen |= button(state, "Clear", "clear", kClearTip, row) && (actions->clear = true);
  if (narrow && (next(), button(state, "Settings", "settings", kSettingsTip, row))) chosen = state->show_settings = true;
  if (next(), button(state, "Help", "help", kHelpTip, row)) chosen = state->show_help = true;
  // A tap outside the menu closes it, as a menu does.
  // (AllowWhenBlockedByActiveItem: the press on one of its own buttons has made that button active.)
  if (ImGui::IsMouseClicked(ImGuiMouseButton_Left) && !ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem))
    chosen = true;
  if (chosen) state->show_menu = false;
  ImGui::End();
}

void draw_settings_window(const Layout& layout, ControlsState* state, settings::Settings* edited, ControlsActions* actions) {
  const float line = ImGui::GetTextLineHeight();
  ImGuiWindowFlags flags = ImGuiWindowFlags_NoSavedSettings;
  if (state->touch) {
    begin_sheet_window(layout, *state);
    flags = kSheetFlags;
  } else {
    ImGui::SetNextWindowPos(ImVec2(layout.spectrogram.x + line, layout.spectrogram.y + line), ImGuiCond_Appearing);
    ImGui::SetNextWindowSize(ImVec2(27 * line, 0), ImGuiCond_Appearing);
  }
  if (ImGui::Begin("Settings", &state->show_settings, flags)) {
    if (state->touch) {
      // The header stays; what is under it scrolls.
      sheet_header(state, "Settings", "settings-close", &state->show_settings);
      ImGui::BeginChild("settings-body");
      drag_to_scroll();
      // Fields leave room for their labels on a narrow sheet ("Frequency scale").
      ImGui::PushItemWidth(-std::min(9.0f * ImGui::GetFontSize(), 0.45f * ImGui::GetContentRegionAvail().x));
    }
    actions->settings_changed = draw_settings_panel(edited, state, actions);
    if (state->touch) {
      ImGui::PopItemWidth();
      ImGui::EndChild();
    }
  }
  ImGui::End();
}

void draw_help_window(const Layout& layout, ControlsState* state) {
  const float line = ImGui::GetTextLineHeight();
  ImGuiWindowFlags flags = ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings;
  if (state->touch) {
    begin_sheet_window(layout, *state);
    flags = kSheetFlags;
  } else {
    ImGui::SetNextWindowPos(ImVec2(layout.toolbar.w * 0.5f, layout.toolbar.h + 3 * line), ImGuiCond_Appearing, ImVec2(0.5f, 0));
  }
  if (ImGui::Begin("Help", &state->show_help, flags)) {
    if (state->touch) {
      sheet_header(state, "Help", "help-close", &state->show_help);
      ImGui::BeginChild("help-body");
      drag_to_scroll();
      ImGui::PushTextWrapPos(0.0f);
    }
    ImGui::TextUnformatted(picture_help());
    ImGui::Separator();
    ImGui::TextUnformatted(shortcut_help());
    if (state->touch) {
      ImGui::PopTextWrapPos();
      ImGui::EndChild();
    } else {
      if (button(state, "Close", "help-close", "Close the help (Esc).")) state->show_help = false;
      ImGui::SameLine();
      ImGui::TextDisabled("(or Esc, or click outside)");
      // A click outside the help (and not on the toolbar, whose ? toggles it) closes it.
      if (ImGui::IsMouseClicked(ImGuiMouseButton_Left) && !ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) &&
          ImGui::GetIO().MousePos.y > layout.toolbar.h)
        state->show_help = false;
    }
  }
  ImGui::End();
}

}  // namespace

ControlsActions draw_controls(const Layout& layout, ControlsState* state, settings::Settings* edited) {
  ControlsActions actions;
  state->items.clear();
  tooltips_while_pressed_only = state->touch;
  ImGui::SetNextWindowPos(ImVec2(layout.toolbar.x, layout.toolbar.y));
  ImGui::SetNextWindowSize(ImVec2(layout.toolbar.w, layout.toolbar.h));
  const ImGuiWindowFlags bar_flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("toolbar", nullptr, bar_flags);
  // The current note beside the buttons (what a singer looks for), at `y` in the window if given.
  const auto pitch = [state](float y) {
    if (state->pitch_text.empty()) return;
    ImGui::SameLine();
    if (y >= 0) ImGui::SetCursorPosY(y);
    ImGui::TextUnformatted(state->pitch_text.c_str());
    remember(state, "pitch", true);
  };
  const auto status = [state] {
    ImGui::TextUnformatted(state->status.c_str());
    remember(state, "status", true);
    if (!state->status_details.empty()) tooltip(state, state->status_details.c_str());
  };
  if (state->touch) {
    // The note beside the buttons (what a singer looks for), the status on a row of its own.
    touch_toolbar(state, &actions);
    const float row_y = ImGui::GetItemRectMin().y - ImGui::GetWindowPos().y;
    pitch(row_y + 0.5f * (ImGui::GetFrameHeight() - ImGui::GetTextLineHeight()));
    ImGui::SetCursorPosY(row_y + ImGui::GetFrameHeight() + 0.5f * ImGui::GetStyle().ItemSpacing.y);
    status();
  } else {
    desktop_toolbar(state, &actions);
    status();
    pitch(-1);
  }
  ImGui::End();

  if (state->show_menu && state->touch) draw_menu(layout, state, &actions);
  if (!state->touch) state->show_menu = false;
  if (state->show_settings) draw_settings_window(layout, state, edited, &actions);
  if (state->show_help) draw_help_window(layout, state);
  return actions;
}

// Rows of the toolbar: touch layouts put the status under the buttons.
int toolbar_rows(FormFactor form) { return is_touch_layout(form) ? 2 : 1; }

void apply_interface_style(FormFactor form, float css_px, settings::Theme theme) {
  ImGuiStyle style;
  style_colors(theme, &style);
  style.WindowRounding = 4;
  style.FrameRounding = 3;
  if (is_touch_layout(form)) {
    // Frames (buttons, fields, boxes) a finger can hit: 44 CSS px tall with the 15 px font.
    style.FramePadding = ImVec2(10, std::ceil(0.5f * float(kTouchTargetCssPx - kTouchFontCssPx)));
    style.ItemSpacing = ImVec2(8, 8);
    style.ScrollbarSize = 18;
    style.GrabMinSize = 24;
    style.TouchExtraPadding = ImVec2(2, 2);
    // Sheets and the menu cover the plot: opaque, so their text reads against one colour.
    style.Colors[ImGuiCol_WindowBg].w = 1.0f;
    style.Colors[ImGuiCol_PopupBg].w = 1.0f;
  }
  style.ScaleAllSizes(css_px);
  ImGui::GetStyle() = style;
}

float interface_font_px(FormFactor form, float css_px) {
  return std::round(float(is_touch_layout(form) ? kTouchFontCssPx : kDesktopFontCssPx) * css_px);
}

}  // namespace ui
