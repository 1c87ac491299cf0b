// spectrogram_layer.h: the spectrogram image in WebGL2.
// Does: keep a ring of texels (R32F; a texel is one pooled column of dB values, one value per
//       display row; stored transposed, one texture row per texel, so runs of texels upload in
//       one texSubImage2D from a column-major buffer); draw a span of them into a pixel
//       rectangle, each pixel showing the maximum of the texels it covers, with a per-row dB
//       offset (weighting and tilt), the dB range and the colormap applied in the fragment
//       shader, so changing any of these is instant and needs no recompute (the analysed values
//       stay unweighted).
// Does not: analyse, pool columns, map bins to rows, or draw axes/text (ImGui does on top).
// Special value: kEmptyDb (no data: background).
#pragma once
#include <GLES3/gl3.h>

#include "settings/settings.h"

namespace render {

constexpr float kEmptyDb = -1e30f;

class SpectrogramLayer {
 public:
  // Creates the shader and colormap texture. Needs a current WebGL2 context. False on failure.
  bool init();
  // (Re)allocates the ring for `slots` texels of `rows` rows, all empty. Allocates.
  void resize(int slots, int rows);
  void clear();
  // Uploads `count` texels into slots [first_slot, first_slot + count) (no wrap; the caller
  // splits a wrapping run): data holds count x rows values, texel after texel, bottom row first.
  void upload(int first_slot, int count, const float* data);
  // Sets the dB added to each row when drawing (rows() values; 0 = unweighted).
  void set_row_offsets(const float* offsets_db);
  // Draws into the framebuffer rectangle (x, y from the bottom-left, in pixels): pixel p shows
  // the texels over [left_texel + p tpp, left_texel + (p+1) tpp) (a texel t lives in slot
  // t mod slots()); at most 4 texels a pixel are pooled (tpp < 4).
  void draw(int x, int y, int width, int height, double left_texel, double texels_per_pixel, float min_db, float max_db,
            settings::Colormap colormap) const;

  int slots() const { return slots_; }
  int rows() const { return rows_; }

 private:
  GLuint program_ = 0, vertex_array_ = 0, ring_texture_ = 0, colormap_texture_ = 0, offsets_texture_ = 0;
  GLint u_ring_ = -1, u_colormap_ = -1, u_offsets_ = -1, u_slots_ = -1, u_left_ = -1, u_tpp_ = -1, u_width_ = -1,
        u_range_ = -1, u_colormap_v_ = -1;
  int slots_ = 0, rows_ = 0;
};

}  // namespace render
