// theme.h: the interface's colours for the dark and the light theme, in one place: ImGui's own
// widgets and the plot's axes, labels, panels and lines around the spectrogram image.
// Does: give the palette of a theme and set ImGui's style colours for it.
// Does not: colour the spectrogram image (the colormap does, the same in both themes), or the
//           marks drawn over the image (gaps, selection, trace), which must read on the colormap.
#pragma once
#include "imgui.h"
#include "settings/settings.h"

namespace ui {

struct Palette {
  ImU32 axis;        // axis lines and tick marks
  ImU32 minor;       // minor ticks, axis titles, legends
  ImU32 text;        // labels
  ImU32 image_grid;  // grid lines across the spectrogram image (reads on the colormap)
  ImU32 panel;       // the waveform and spectrum panels' ground
  ImU32 panel_grid;  // grid lines in those panels
  ImU32 caption;     // an export's caption strip
  ImU32 wave;        // the waveform
  ImU32 live;        // the spectrum now
  ImU32 hold;        // its peak hold
  ImU32 pointer;     // the spectrum panel's pointer line
  float clear_rgb[3];  // the canvas behind everything (also the CLI's PNG ground)
};

const Palette& palette(settings::Theme theme);
// ImGui's widget colours for `theme` (sizes and paddings are apply_interface_style's).
void style_colors(settings::Theme theme, ImGuiStyle* style);

}  // namespace ui
