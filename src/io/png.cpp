// png.cpp: see png.h.
#include "io/png.h"

#include <cstring>

#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_WRITE_NO_STDIO
#include <stb/stb_image_write.h>

namespace io {
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
  png->insert(png->begin() + std::ptrdiff_t(kAfterIhdr), chunk.begin(), chunk.end());
}

}  // namespace

bool encode_png(const std::uint8_t* rgba, int width, int height, bool bottom_up, const std::string& description,
                std::vector<std::uint8_t>* png) {
  png->clear();
  stbi_flip_vertically_on_write(bottom_up ? 1 : 0);
  const int ok = stbi_write_png_to_func(append_bytes, png, width, height, 4, rgba, width * 4);
  stbi_flip_vertically_on_write(0);
  if (ok == 0) return false;
  insert_text_chunk(png, "Description", description);
  return true;
}

}  // namespace io
