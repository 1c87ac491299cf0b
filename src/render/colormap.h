// colormap.h: colormap lookups shared by the shader's table and CPU-drawn parts (colour bar).
// Does: give the RGB of any colormap at t in [0, 1]; build the RGBA8 table uploaded as a texture
//       (one row of 256 texels per colormap, in settings::Colormap order).
// Does not: touch GL.
#pragma once
#include <cstdint>
#include <vector>

#include "settings/settings.h"

namespace render {

struct Rgb {
  float r, g, b;  // 0..1
};

// Colour at t (clamped to [0, 1]), nearest of 256 entries.
Rgb colormap_rgb(settings::Colormap colormap, float t);
// kColormapCount rows x 256 texels x RGBA8.
std::vector<std::uint8_t> colormap_table_rgba8();

}  // namespace render
