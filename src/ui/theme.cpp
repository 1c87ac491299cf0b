// theme.cpp: see theme.h. In both palettes labels read at a contrast of at least 7:1 on their
// ground and the minor labels (axis titles, legends, the waveform's scale) at least 4.5:1.
#include "ui/theme.h"

namespace ui {

const Palette& palette(settings::Theme theme) {
  static const Palette kDark = {
      IM_COL32(200, 200, 210, 255), IM_COL32(200, 200, 210, 180), IM_COL32(230, 230, 238, 255),
      IM_COL32(255, 255, 255, 40),  IM_COL32(24, 24, 30, 255),    IM_COL32(255, 255, 255, 40),
      IM_COL32(30, 30, 38, 255),    IM_COL32(120, 200, 255, 255), IM_COL32(240, 240, 255, 255),
      IM_COL32(255, 170, 60, 230),  IM_COL32(255, 255, 255, 120), {0.078f, 0.078f, 0.102f}};
  static const Palette kLight = {
      IM_COL32(60, 60, 72, 255),    IM_COL32(70, 70, 82, 255),    IM_COL32(20, 20, 28, 255),
      IM_COL32(255, 255, 255, 40),  IM_COL32(255, 255, 255, 255), IM_COL32(0, 0, 0, 36),
      IM_COL32(232, 232, 238, 255), IM_COL32(20, 90, 170, 255),   IM_COL32(20, 20, 40, 255),
      IM_COL32(200, 90, 0, 240),    IM_COL32(0, 0, 0, 110),       {0.95f, 0.95f, 0.96f}};
  return theme == settings::Theme::kLight ? kLight : kDark;
}

void style_colors(settings::Theme theme, ImGuiStyle* style) {
  if (theme == settings::Theme::kLight) {
    ImGui::StyleColorsLight(style);
    // Why: ImGui's light windows are translucent grey-white; over a light page the toolbar and
    // sheets need a solid ground and a visible edge.
    style->Colors[ImGuiCol_WindowBg] = ImVec4(0.95f, 0.95f, 0.96f, 1.0f);
    style->Colors[ImGuiCol_PopupBg] = ImVec4(1.0f, 1.0f, 1.0f, 0.98f);
    style->Colors[ImGuiCol_Border] = ImVec4(0.0f, 0.0f, 0.0f, 0.25f);
    style->Colors[ImGuiCol_TextDisabled] = ImVec4(0.30f, 0.30f, 0.34f, 1.0f);
    style->FrameBorderSize = 1.0f;  // white fields on a white sheet need an edge
  } else {
    ImGui::StyleColorsDark(style);
  }
}

}  // namespace ui
