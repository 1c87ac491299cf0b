// export_target.cpp: framebuffer object and PNG encoding.
#include "render/export_target.h"

#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_WRITE_NO_STDIO
#include <stb/stb_image_write.h>

namespace render {
namespace {
void append_bytes(void* context, void* data, int size) {
  auto* out = static_cast<std::vector<std::uint8_t>*>(context);
  const auto* bytes = static_cast<const std::uint8_t*>(data);
  out->insert(out->end(), bytes, bytes + size);
}
}  // namespace

ExportTarget::~ExportTarget() {
  if (color_) glDeleteRenderbuffers(1, &color_);
  if (framebuffer_) glDeleteFramebuffers(1, &framebuffer_);
}

bool ExportTarget::begin(int width, int height) {
  if (width != width_ || height != height_ || framebuffer_ == 0) {
    if (color_) glDeleteRenderbuffers(1, &color_);
    if (framebuffer_) glDeleteFramebuffers(1, &framebuffer_);
    glGenFramebuffers(1, &framebuffer_);
    glGenRenderbuffers(1, &color_);
    glBindRenderbuffer(GL_RENDERBUFFER, color_);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
    glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, color_);
    width_ = width;
    height_ = height;
  }
  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
  if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    return false;
  }
  glViewport(0, 0, width, height);
  return true;
}

bool ExportTarget::finish(std::vector<std::uint8_t>* png) {
  std::vector<std::uint8_t> pixels(std::size_t(width_) * std::size_t(height_) * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width_, height_, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  // GL rows run bottom-up; PNG rows top-down.
  stbi_flip_vertically_on_write(1);
  png->clear();
  return stbi_write_png_to_func(append_bytes, png, width_, height_, 4, pixels.data(), width_ * 4) != 0;
}

}  // namespace render
