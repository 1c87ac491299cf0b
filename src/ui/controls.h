// controls.h: the Dear ImGui controls: toolbar, settings panel, help overlay.
// Does: show the state it is given, edit a copy of the settings, and report what was asked.
// Does not: start audio or reconfigure anything itself (the app acts on the returned actions).
#pragma once
#include <string>
#include <vector>

#include "settings/settings.h"
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
  std::string status;      // one line: rate, transport, drops
  std::string details;     // multi-line: track settings, counters
  std::string analysis_note;  // the hop and window in use, and whether limits applied
  std::string mode_note;      // what the analysis mode adds: latency, bands
  std::string pitch_text;     // the current pitch ("A4 +3 cents, 441.2 Hz") or "" when none
  // What is on screen, for layout(): each toolbar item's name and rectangle (device pixels),
  // refreshed by draw_controls().
  struct Item {
    const char* name;
    float x, y, w, h;
  };
  std::vector<Item> items;
  bool auto_range_requested = false;
  bool file_open = false;  // a recording is the timeline (set by the app)  // the Auto range button was pressed (the app reads the picture)
};

struct ControlsActions {
  bool start = false, stop = false, toggle_pause = false, clear = false, export_png = false;
  bool export_wav = false, export_csv = false, live = false, play = false;
  bool copy_link = false, open_file = false;
  bool settings_changed = false;
};

// Draws the toolbar in layout.toolbar and, when open, the settings panel and help overlay.
// `edited` starts as the current settings; on return it holds the user's changes.
ControlsActions draw_controls(const Layout& layout, ControlsState* state, settings::Settings* edited);

// The shortcut list shown by the help overlay (also in README).
const char* shortcut_help();
// What the picture shows, in plain words (the Help window).
const char* picture_help();

}  // namespace ui
