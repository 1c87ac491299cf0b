// raster.h: a CPU canvas and a rasteriser for Dear ImGui's draw lists, so the command-line tool
// draws axes, labels, colour bar and caption with the very code the browser draws them with
// (ui/plot_view), without GL.
// Does: fill rectangles of colour; rasterise ImDrawData (textured, vertex-coloured triangles,
//       clipped, blended as GL blends ImGui: source alpha over) sampling one alpha texture (the
//       font atlas, white where ImGui draws solid shapes); give RGBA8 rows top-down.
// Does not: know ImGui's windows or inputs, or support more than the one texture.
#pragma once
#include <cstdint>
#include <vector>

struct ImDrawData;

namespace cli {

struct Color {
  float r = 0, g = 0, b = 0;  // 0..1
};

class Canvas {
 public:
  Canvas(int width, int height, Color background);
  int width() const { return width_; }
  int height() const { return height_; }
  void set(int x, int y, Color color);
  Color at(int x, int y) const;
  // Draws `data` over the canvas; `alpha` is the font atlas (atlas_width x atlas_height bytes).
  void draw(const ImDrawData& data, const std::uint8_t* alpha, int atlas_width, int atlas_height);
  std::vector<std::uint8_t> rgba8() const;

 private:
  int width_, height_;
  std::vector<Color> pixels_;
};

}  // namespace cli
