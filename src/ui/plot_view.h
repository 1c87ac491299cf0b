// plot_view.h: everything drawn around and over the spectrogram image with ImGui draw lists:
// frequency and time axes (with a piano-key ruler on the note scale), colour bar, waveform
// strip, live spectrum with peak hold, the pitch trace, the hover readout.
// Does: draw from plain inputs (rectangles in device pixels, arrays owned by the app).
// Does not: own data, analyse, or touch GL directly.
#pragma once
#include <string>
#include <vector>

#include "dsp/frequency_scale.h"
#include "dsp/lanes.h"
#include "settings/settings.h"
#include "ui/form_factor.h"
#include "ui/ticks.h"

namespace ui {

struct Rect {
  float x = 0, y = 0, w = 0, h = 0;  // device pixels, top-left origin
  bool contains(float px, float py) const { return px >= x && px < x + w && py >= y && py < y + h; }
};

struct Layout {
  Rect toolbar, spectrogram, waveform, spectrum, colorbar, piano;  // piano: empty unless shown
  Rect caption;           // an export's caption strip (empty on screen)
  float time_axis_y = 0;  // top of the time labels
};

// Places the parts for a canvas of width x height. `exporting` leaves out the toolbar and keeps
// a caption strip at the bottom, tall enough for `caption` wrapped to the width. `waveform_h`
// >= 0 forces the waveform strip's height. `form` is the screen's layout: touch layouts have a
// toolbar of two rows (buttons, then the status), and a phone in portrait gives the plot the
// width (no spectrum panel). Every part sits on whole pixels.
Layout make_layout(float width, float height, const settings::Settings& settings, bool exporting,
                   float waveform_h = -1.0f, const char* caption = nullptr, FormFactor form = FormFactor::kDesktop);
// The canvas size an export needs so that its plot is `plot_width` (whole pixels) wide and
// exactly as tall as the screen's plot in `screen` (same rows: nothing is analysed again for an
// export), with room for `caption`; lay it out with
// make_layout(width, height, settings, true, screen.waveform.h, caption).
void export_canvas_size(const Layout& screen, float plot_width, const settings::Settings& settings, const char* caption,
                        float* width, float* height);

// One point of the pitch trace: x in device pixels, its frequency as a place on the scale (0 =
// fmin, 1 = fmax; drawn in every lane); `joins` links it to the previous point (a voiced run),
// otherwise it starts a new run.
struct TracePoint {
  float x = 0, unit = 0;
  bool joins = false;
};

struct PlotInputs {
  const Layout* layout = nullptr;
  const dsp::FrequencyScale* scale = nullptr;  // of the display rows
  const settings::Settings* settings = nullptr;
  const std::vector<Tick>* time_ticks = nullptr;  // positions in pixels from the plot's left
  const char* time_title = "";                   // "seconds ago", "time of day"
  int columns = 0;                // spectrogram width in pixels
  const float* spectrum_db = nullptr;   // rows values, bottom first (newest frame)
  const float* peak_hold_db = nullptr;  // rows values
  const float* row_offsets_db = nullptr;  // rows values added to both (weighting, tilt)
  int rows = 0;
  // Stacked lanes (each channel, dsp/lanes.h): the frequency axis and piano are drawn in each,
  // the lane's name in its corner, and no pitch trace (it is the mix's); 1 = the whole plot.
  int lanes = 1;
  const char* lane_names[2] = {"", ""};
  const TracePoint* pitch_trace = nullptr;  // drawn when settings->show_pitch
  int pitch_points = 0;
  const float* wave_min = nullptr;  // per pixel, left first (NaN where unknown)
  const float* wave_max = nullptr;
  const char* caption = "";         // exports: the caption strip's text
  // On screen (not in exports): the pointer, for the spectrum panel's own readout; x < 0 = none.
  float pointer_x = -1, pointer_y = -1;
};

void draw_plot(const PlotInputs& in);
// The part of `plot` (rows pixels tall, one per display row) that lane `lane` of `count` covers.
Rect lane_rect(const Rect& plot, int count, int lane);

struct Readout {
  double seconds_ago = 0, hz = 0, db = 0;
  bool has_level = false;
  double a4_hz = 440;
  const char* weighting = "";  // "A-weighted" etc., or ""
  bool ridge = false;          // reassigned: db is the ridge's energy, centred at ridge_hz
  double ridge_hz = 0;
  double pitch_hz = 0;         // the pitch at that time, 0 if unvoiced or unknown
  bool snapped = false;        // hz and db are a spectral peak's near the pointer (the estimator's)
  bool in_file = false;        // a recording: time_s (seconds into it) is shown, not seconds ago
  const char* channel = "";    // each channel shown: "left" or "right" (the lane under the pointer)
  double time_s = 0;
};
// A tooltip-like box near the pointer; on touch (`finger_px` > 0, a fingertip's size in device
// pixels) it sits above the finger, where the hand does not hide it.
void draw_readout(const Readout& readout, float pointer_x, float pointer_y, float finger_px = 0);

}  // namespace ui
