// colormap_data.h: 256-entry RGB tables of matplotlib's perceptually uniform colormaps
// (viridis, magma, inferno, plasma, cividis), data from matplotlib (CC0 / public domain by their authors: Nathaniel J. Smith, Stefan van der Walt, Eric Firing; cividis by Jamie R. Nuñez et al.).
// Does: hold constant data. Does not: interpolate or touch GL.
#pragma once
namespace render {
constexpr int kColormapEntries = 256;
extern const float kViridisRgb[kColormapEntries][3];
extern const float kMagmaRgb[kColormapEntries][3];
extern const float kInfernoRgb[kColormapEntries][3];
extern const float kPlasmaRgb[kColormapEntries][3];
extern const float kCividisRgb[kColormapEntries][3];
}
