// export_target.cpp: framebuffer object and PNG encoding (with the caption as a text chunk).
#include "render/export_target.h"

#include <cstring>

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

void append_u32_be(std::vector<std::uint8_t>* out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(std::uint8_t(value >> shift));
}

// An uncompressed iTXt chunk (keyword, no language tag, UTF-8 text) inserted after IHDR.
void insert_text_chunk(std::vector<std::uint8_t>* png, const char* keyword, const std::string& text) {
  constexpr std::size_t kAfterIhdr = 8 + 4 + 4 + 13 + 4;  // signature, length, type, data, CRC
  if (png->size() < kAfterIhdr || text.empty()) return;
  std::vector<std::uint8_t> body = {'i', 'T', 'X', 't'};
  body.insert(body.end(), keyword, keyword + std::strlen(keyword));
  const std::uint8_t flags[] = {0, 0, 0, 0, 0};  // keyword end, not compressed, method, no language, no translation
  body.insert(body.end(), flags, flags + sizeof flags);
  body.insert(body.end(), text.begin(), text.end());
  std::vector<std::uint8_t> chunk;
  append_u32_be(&chunk, std::uint32_t(body.size() - 4));
  chunk.insert(chunk.end(), body.begin(), body.end());
  append_u32_be(&chunk, stbiw__crc32(body.data(), int(body.size())));
  png->insert(png->begin() + kAfterIhdr, chunk.begin(), chunk.end());
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

bool ExportTarget::finish(const std::string& description, std::vector<std::uint8_t>* png) {
  std::vector<std::uint8_t> pixels(std::size_t(width_) * std::size_t(height_) * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width_, height_, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  // GL rows run bottom-up; PNG rows top-down.
  stbi_flip_vertically_on_write(1);
  png->clear();
  if (stbi_write_png_to_func(append_bytes, png, width_, height_, 4, pixels.data(), width_ * 4) == 0) return false;
  insert_text_chunk(png, "Description", description);
  return true;
}

}  // namespace render
