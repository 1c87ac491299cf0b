// controls.h: the Dear ImGui controls: toolbar, settings panel, help overlay.
// Does: show the state it is given, edit a copy of the settings, and report what was asked.
// Does not: start audio or reconfigure anything itself (the app acts on the returned actions).
#pragma once
#include <string>
#include <vector>

#include "settings/settings.h"
#include "ui/form_factor.h"
#include "ui/plot_view.h"

namespace ui {

struct ControlsState {
  bool capturing = false;  // microphone running (or starting)
  bool paused = false;     // the view is frozen (capture goes on)
  bool live = true;        // the view follows the newest sound
  bool has_selection = false;
  bool playing = false;
  bool loop_playback = false;  // the Loop box beside Play (kept between plays)
  bool show_settings = false;
  bool show_help = false;
  bool show_menu = false;  // the menu of a touch layout
  // The layout in use (set by the app from the canvas's CSS size) and device px per CSS px.
  FormFactor form = FormFactor::kDesktop;
  bool touch = false;      // is_touch_layout(form)
  float css_px = 1.0f;
  std::string status;      // one line in plain words ("Listening — 48 kHz, nothing lost")
  std::string status_details;  // the technical line behind it (its tooltip): transport, counters
  std::string details;     // multi-line: track settings, counters
  std::string analysis_note;  // the hop and window in use, and whether limits applied
  std::string mode_note;      // what the analysis mode adds: latency, bands
  std::string pitch_text;     // the current pitch ("A4 +3 cents, 441.2 Hz") or "" when none
  // What is on screen, for layout(): each control's name and rectangle (device pixels),
  // refreshed by draw_controls(); controls scrolled out of a sheet are left out.
  struct Item {
    std::string name;  // short (SSO: no allocation per frame)
    float x, y, w, h;
    bool clipped;  // partly scrolled out of its window (a sheet)
    bool text;     // words to read (the status, the pitch), not something to press
    unsigned id;   // ImGui's item id (to attach the item's tooltip to it)
    bool tip;      // a one-line explanation shows when it is hovered (or pressed, on touch)
  };
  std::vector<Item> items;
  bool auto_range_requested = false;  // the Auto range button was pressed (the app reads the picture)
  bool file_open = false;  // a recording is the timeline (set by the app)
};

// A number field tapped on a touch layout: the page puts a real <input inputmode="decimal">
// over it (the phone's keyboard), and applies the value as the settings key `key`.
struct NumberEdit {
  std::string key;    // a settings key ("fmin", "floor", ...)
  std::string label;  // what the field is ("Min Hz")
  std::string value;  // the current value as text, in the key's units
  float x = 0, y = 0, w = 0, h = 0;  // the field, device pixels
};

struct ControlsActions {
  bool start = false, stop = false, toggle_pause = false, clear = false, export_png = false;
  bool export_wav = false, export_csv = false, live = false, play = false;
  bool copy_link = false, open_file = false;
  bool settings_changed = false;
  NumberEdit edit;  // key empty unless a number field was tapped on a touch layout
};

// Draws the toolbar in layout.toolbar and, when open, the settings panel and help overlay.
// `edited` starts as the current settings; on return it holds the user's changes.
ControlsActions draw_controls(const Layout& layout, ControlsState* state, settings::Settings* edited);

// Rows of the toolbar for a layout (touch layouts put the status on a row of its own).
int toolbar_rows(FormFactor form);
// The style (paddings, spacing, target sizes, colours) for a layout at `css_px` device px per
// CSS px, in `theme`.
void apply_interface_style(FormFactor form, float css_px, settings::Theme theme);
// The interface font's size in device pixels for a layout.
float interface_font_px(FormFactor form, float css_px);

// The shortcut list shown by the help overlay (also in README).
const char* shortcut_help();
// What the picture shows, in plain words (the Help window).
const char* picture_help();

}  // namespace ui
