// font_data.h: the interface font's bytes (DejaVu Sans, subset), generated at build time by
// shell/gen_font.py from Debian's fonts-dejavu-core.
#pragma once

namespace ui {
extern const unsigned char kFontTtf[];
extern const unsigned kFontTtfSize;
}  // namespace ui
