// png.h: PNG encoding of an RGBA8 picture with a text description, shared by the browser
// export and the command-line tool.
// Does: encode (stb_image_write), insert the description as an uncompressed iTXt
//       "Description" chunk (UTF-8) so a caption travels with the file.
// Does not: draw, or write files.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace io {

// rgba: width x height x 4 bytes, rows top-down (or bottom-up, as GL reads them, when
// `bottom_up`). Returns false if encoding failed.
bool encode_png(const std::uint8_t* rgba, int width, int height, bool bottom_up, const std::string& description,
                std::vector<std::uint8_t>* png);

}  // namespace io
