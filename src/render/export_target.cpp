// export_target.cpp: framebuffer object, read back and encoded by io::encode_png.
#include "render/export_target.h"

#include "io/png.h"

namespace render {

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

bool ExportTarget::finish(const std::string& description, std::vector<std::uint8_t>* png) {
  std::vector<std::uint8_t> pixels(std::size_t(width_) * std::size_t(height_) * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width_, height_, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  return io::encode_png(pixels.data(), width_, height_, /*bottom_up=*/true, description, png);  // GL rows run bottom-up
}

}  // namespace render
