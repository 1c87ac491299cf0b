// colormap.cpp: table lookups (data in colormap_data.cpp) and the two computed grayscales.
#include "render/colormap.h"

#include <algorithm>
#include <cmath>

#include "render/colormap_data.h"

namespace render {

Rgb colormap_rgb(settings::Colormap colormap, float t) {
  t = std::clamp(t, 0.0f, 1.0f);
  const int index = std::min(kColormapEntries - 1, int(t * kColormapEntries));
  const float(*table)[3] = nullptr;
  switch (colormap) {
    case settings::Colormap::kViridis: table = kViridisRgb; break;
    case settings::Colormap::kMagma: table = kMagmaRgb; break;
    case settings::Colormap::kInferno: table = kInfernoRgb; break;
    case settings::Colormap::kPlasma: table = kPlasmaRgb; break;
    case settings::Colormap::kCividis: table = kCividisRgb; break;
    case settings::Colormap::kGray: {
      const float v = float(index) / (kColormapEntries - 1);
      return {v, v, v};
    }
    case settings::Colormap::kGrayInverted: {
      const float v = 1.0f - float(index) / (kColormapEntries - 1);
      return {v, v, v};
    }
  }
  return {table[index][0], table[index][1], table[index][2]};
}

std::vector<std::uint8_t> colormap_table_rgba8() {
  std::vector<std::uint8_t> table(std::size_t(settings::kColormapCount) * kColormapEntries * 4);
  std::size_t i = 0;
  for (int c = 0; c < settings::kColormapCount; ++c) {
    for (int e = 0; e < kColormapEntries; ++e) {
      const Rgb rgb = colormap_rgb(settings::Colormap(c), (float(e) + 0.5f) / float(kColormapEntries));
      table[i++] = std::uint8_t(std::lround(rgb.r * 255.0f));
      table[i++] = std::uint8_t(std::lround(rgb.g * 255.0f));
      table[i++] = std::uint8_t(std::lround(rgb.b * 255.0f));
      table[i++] = 255;
    }
  }
  return table;
}

}  // namespace render
