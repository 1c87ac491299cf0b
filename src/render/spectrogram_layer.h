// spectrogram_layer.h: the scrolling spectrogram image in WebGL2.
// Does: keep a ring texture of dB columns (R32F, one column per analysed frame, one texel per
//       display row); upload only each new column (one texSubImage2D); draw it into a pixel
//       rectangle with a per-row dB offset (weighting and tilt), the dB range and the colormap
//       applied in the fragment shader, so changing any of them is instant and needs no
//       recompute (the analysed values stay unweighted).
// Does not: analyse, map bins to rows, or draw axes/text (ImGui does that on top).
// Special column values: kEmptyDb (no data yet: background) and kGapDb (input was lost: marker).
#pragma once
#include <GLES3/gl3.h>

#include "settings/settings.h"

namespace render {

constexpr float kEmptyDb = -1e30f;
constexpr float kGapDb = 1e30f;

class SpectrogramLayer {
 public:
  ~SpectrogramLayer();
  // Creates the shader and colormap texture. Needs a current WebGL2 context. False on failure.
  bool init();
  // (Re)allocates the ring for `columns` x `rows` and clears it to empty. Allocates.
  void resize(int columns, int rows);
  void clear();
  // Uploads one column (rows() values, bottom row first) as the newest.
  void push_column(const float* rows_db);
  // Uploads a gap marker column.
  void push_gap();
  // Sets the dB added to each row when drawing (rows() values; 0 = unweighted).
  void set_row_offsets(const float* offsets_db);
  // Draws into the framebuffer rectangle (x, y from the bottom-left, in pixels).
  void draw(int x, int y, int width, int height, float min_db, float max_db,
            settings::Colormap colormap) const;

  int columns() const { return columns_; }
  int rows() const { return rows_; }
  // Texture column of the newest upload (columns()-1 right after resize(), so the next is 0).
  int newest_column() const { return newest_; }

 private:
  GLuint program_ = 0, vertex_array_ = 0, ring_texture_ = 0, colormap_texture_ = 0, offsets_texture_ = 0;
  GLint u_ring_ = -1, u_colormap_ = -1, u_offsets_ = -1, u_columns_ = -1, u_newest_ = -1, u_range_ = -1,
        u_colormap_v_ = -1;
  int columns_ = 0, rows_ = 0, newest_ = -1;
  float* gap_column_ = nullptr;  // rows_ x kGapDb, made in resize()
};

}  // namespace render
