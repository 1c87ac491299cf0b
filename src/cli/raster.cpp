// raster.cpp: see raster.h.
#include "cli/raster.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "imgui.h"

namespace cli {
namespace {

struct Texture {
  const std::uint8_t* alpha;
  int width, height;
  // Bilinear, clamped to the edge (as GL_LINEAR with CLAMP_TO_EDGE, which ImGui's backends set).
  float sample(float u, float v) const {
    const float x = u * float(width) - 0.5f, y = v * float(height) - 0.5f;
    const int x0 = int(std::floor(x)), y0 = int(std::floor(y));
    const float fx = x - float(x0), fy = y - float(y0);
    auto texel = [&](int tx, int ty) {
      tx = std::clamp(tx, 0, width - 1);
      ty = std::clamp(ty, 0, height - 1);
      return float(alpha[std::size_t(ty) * std::size_t(width) + std::size_t(tx)]) / 255.0f;
    };
    const float top = texel(x0, y0) * (1 - fx) + texel(x0 + 1, y0) * fx;
    const float bottom = texel(x0, y0 + 1) * (1 - fx) + texel(x0 + 1, y0 + 1) * fx;
    return top * (1 - fy) + bottom * fy;
  }
};

struct Rgba {
  float r, g, b, a;
};

Rgba unpack(ImU32 c) {
  return {float((c >> IM_COL32_R_SHIFT) & 0xFF) / 255.0f, float((c >> IM_COL32_G_SHIFT) & 0xFF) / 255.0f,
          float((c >> IM_COL32_B_SHIFT) & 0xFF) / 255.0f, float((c >> IM_COL32_A_SHIFT) & 0xFF) / 255.0f};
}

float edge(const ImVec2& a, const ImVec2& b, float px, float py) {
  return (b.x - a.x) * (py - a.y) - (b.y - a.y) * (px - a.x);
}

// Top-left rule (as GPUs rasterise): a pixel centre exactly on a shared edge belongs to one of
// the two triangles, so nothing is blended twice. With the winding used below (edge() > 0
// inside, y down: clockwise on screen) a top edge runs right and a left edge runs up.
bool owns_edge(const ImVec2& a, const ImVec2& b) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  return (dy == 0 && dx > 0) || dy < 0;
}

}  // namespace

Canvas::Canvas(int width, int height, Color background)
    : width_(width), height_(height), pixels_(std::size_t(width) * std::size_t(height), background) {
  assert(width > 0 && height > 0);
}

void Canvas::set(int x, int y, Color color) {
  assert(x >= 0 && x < width_ && y >= 0 && y < height_);
  pixels_[std::size_t(y) * std::size_t(width_) + std::size_t(x)] = color;
}

Color Canvas::at(int x, int y) const { return pixels_[std::size_t(y) * std::size_t(width_) + std::size_t(x)]; }

void Canvas::draw(const ImDrawData& data, const std::uint8_t* alpha, int atlas_width, int atlas_height) {
  const Texture texture{alpha, atlas_width, atlas_height};
  for (int n = 0; n < data.CmdListsCount; ++n) {
    const ImDrawList& list = *data.CmdLists[n];
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
      if (cmd.UserCallback != nullptr) continue;  // none are used by the plot's drawing
      const float clip_x0 = std::max(0.0f, cmd.ClipRect.x - data.DisplayPos.x);
      const float clip_y0 = std::max(0.0f, cmd.ClipRect.y - data.DisplayPos.y);
      const float clip_x1 = std::min(float(width_), cmd.ClipRect.z - data.DisplayPos.x);
      const float clip_y1 = std::min(float(height_), cmd.ClipRect.w - data.DisplayPos.y);
      if (clip_x1 <= clip_x0 || clip_y1 <= clip_y0) continue;
      for (unsigned i = 0; i + 2 < cmd.ElemCount; i += 3) {
        const ImDrawVert* v[3];
        for (int k = 0; k < 3; ++k) v[k] = &list.VtxBuffer[int(cmd.VtxOffset + list.IdxBuffer[int(cmd.IdxOffset + i) + k])];
        ImVec2 p[3] = {v[0]->pos, v[1]->pos, v[2]->pos};
        for (ImVec2& q : p) q = ImVec2(q.x - data.DisplayPos.x, q.y - data.DisplayPos.y);
        float area = edge(p[0], p[1], p[2].x, p[2].y);
        if (area == 0) continue;
        if (area < 0) {  // one winding for the edge tests
          std::swap(p[1], p[2]);
          std::swap(v[1], v[2]);
          area = -area;
        }
        const int x0 = std::max(int(clip_x0), int(std::floor(std::min({p[0].x, p[1].x, p[2].x}))));
        const int x1 = std::min(int(std::ceil(clip_x1)) - 1, int(std::ceil(std::max({p[0].x, p[1].x, p[2].x}))));
        const int y0 = std::max(int(clip_y0), int(std::floor(std::min({p[0].y, p[1].y, p[2].y}))));
        const int y1 = std::min(int(std::ceil(clip_y1)) - 1, int(std::ceil(std::max({p[0].y, p[1].y, p[2].y}))));
        const Rgba c[3] = {unpack(v[0]->col), unpack(v[1]->col), unpack(v[2]->col)};
        const bool own[3] = {owns_edge(p[1], p[2]), owns_edge(p[2], p[0]), owns_edge(p[0], p[1])};
        for (int y = y0; y <= y1; ++y) {
          const float py = float(y) + 0.5f;
          if (py < clip_y0 || py >= clip_y1) continue;
          for (int x = x0; x <= x1; ++x) {
            const float px = float(x) + 0.5f;
            if (px < clip_x0 || px >= clip_x1) continue;
            const float w0 = edge(p[1], p[2], px, py), w1 = edge(p[2], p[0], px, py), w2 = edge(p[0], p[1], px, py);
            if (w0 < 0 || w1 < 0 || w2 < 0) continue;
            if ((w0 == 0 && !own[0]) || (w1 == 0 && !own[1]) || (w2 == 0 && !own[2])) continue;
            const float b0 = w0 / area, b1 = w1 / area, b2 = w2 / area;
            const float u = b0 * v[0]->uv.x + b1 * v[1]->uv.x + b2 * v[2]->uv.x;
            const float t = b0 * v[0]->uv.y + b1 * v[1]->uv.y + b2 * v[2]->uv.y;
            const float a = (b0 * c[0].a + b1 * c[1].a + b2 * c[2].a) * texture.sample(u, t);
            if (a <= 0) continue;
            Color& dst = pixels_[std::size_t(y) * std::size_t(width_) + std::size_t(x)];
            dst.r = (b0 * c[0].r + b1 * c[1].r + b2 * c[2].r) * a + dst.r * (1 - a);
            dst.g = (b0 * c[0].g + b1 * c[1].g + b2 * c[2].g) * a + dst.g * (1 - a);
            dst.b = (b0 * c[0].b + b1 * c[1].b + b2 * c[2].b) * a + dst.b * (1 - a);
          }
        }
      }
    }
  }
}

std::vector<std::uint8_t> Canvas::rgba8() const {
  std::vector<std::uint8_t> out(pixels_.size() * 4);
  auto byte = [](float v) { return std::uint8_t(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f)); };
  for (std::size_t i = 0; i < pixels_.size(); ++i) {
    out[4 * i] = byte(pixels_[i].r);
    out[4 * i + 1] = byte(pixels_[i].g);
    out[4 * i + 2] = byte(pixels_[i].b);
    out[4 * i + 3] = 255;
  }
  return out;
}

}  // namespace cli
