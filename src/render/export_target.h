// export_target.h: an off-screen framebuffer of the drawing buffer's size, and PNG encoding of it.
// Does: let the app render one frame off screen (the canvas keeps showing the last frame) and
//       read it back as a PNG (stb_image_write) carrying a text description.
// Does not: decide what is drawn, or deliver the file.
#pragma once
#include <GLES3/gl3.h>

#include <cstdint>
#include <string>
#include <vector>

namespace render {

class ExportTarget {
 public:
  ~ExportTarget();
  // Binds an RGBA8 framebuffer of width x height (recreated when the size changes).
  bool begin(int width, int height);
  // Reads the framebuffer back, encodes it as PNG into `png` (with `description`, UTF-8, as its
  // iTXt "Description": the caption travels with the file), and rebinds the canvas.
  bool finish(const std::string& description, std::vector<std::uint8_t>* png);

 private:
  GLuint framebuffer_ = 0, color_ = 0;
  int width_ = 0, height_ = 0;
};

}  // namespace render
