// font.h: the one interface font (DejaVu Sans, with the sharp and flat signs), for the app and the
// command-line tool alike.
// Does: add it to an ImGui font atlas at a pixel size (rasterised by ImGui's stb_truetype).
// Does not: build the atlas texture (the caller's backend does) or choose the size.
#pragma once

struct ImFontAtlas;
struct ImFont;

namespace ui {

// Adds the font at `size_px` (device pixels) to `atlas` and returns it.
ImFont* add_interface_font(ImFontAtlas* atlas, float size_px);

}  // namespace ui
