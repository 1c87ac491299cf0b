// plot_view.cpp: axes, colour bar, waveform and spectrum drawn with ImGui's draw list.
#include "ui/plot_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "imgui.h"
#include "render/colormap.h"
#include "ui/ticks.h"

namespace ui {
namespace {

const ImU32 kAxisColor = IM_COL32(200, 200, 210, 255);
const ImU32 kGridColor = IM_COL32(255, 255, 255, 40);
const ImU32 kMinorColor = IM_COL32(200, 200, 210, 140);
const ImU32 kTextColor = IM_COL32(230, 230, 238, 255);
const ImU32 kPanelColor = IM_COL32(24, 24, 30, 255);

ImU32 colormap_u32(settings::Colormap colormap, float t) {
  const render::Rgb rgb = render::colormap_rgb(colormap, t);
  return IM_COL32(int(rgb.r * 255), int(rgb.g * 255), int(rgb.b * 255), 255);
}

// 1-2-5 step in dB so that labels `label_px` tall fit along `length_px`.
double db_step(double span_db, float length_px, float label_px) {
  for (double step : {1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0})
    if (length_px * step / span_db >= label_px * 1.6) return step;
  return 100.0;
}

// Ticks are recomputed only when the axis changes (no allocation in the per-frame path).
struct TickCache {
  double a = 0, b = 0, c = 0, d = 0;
  std::vector<Tick> ticks;
  bool matches(double a_, double b_, double c_, double d_) const { return a == a_ && b == b_ && c == c_ && d == d_; }
};

const std::vector<Tick>& cached_frequency_ticks(const dsp::FrequencyScale& scale, float length, float label) {
  static TickCache cache;
  const double key = double(int(scale.kind())) * 1e6 + length;
  if (!cache.matches(key, scale.fmin_hz(), scale.fmax_hz(), label) || cache.ticks.empty()) {
    cache = {key, scale.fmin_hz(), scale.fmax_hz(), label, frequency_ticks(scale, length, label)};
  }
  return cache.ticks;
}

const std::vector<Tick>& cached_time_ticks(double span_s, float length, float label) {
  static TickCache cache;
  if (!cache.matches(span_s, length, label, 0) || cache.ticks.empty())
    cache = {span_s, length, label, 0, time_ticks(-span_s, 0.0, length, label)};
  return cache.ticks;
}

void draw_frequency_axis(ImDrawList* draw, const PlotInputs& in) {
  const Rect& r = in.layout->spectrogram;
  const float line = ImGui::GetTextLineHeight();
  const float tick = 0.4f * line;
  for (const Tick& t : cached_frequency_ticks(*in.scale, r.h, line)) {
    const float y = r.y + r.h - t.position;
    draw->AddLine(ImVec2(r.x - (t.labelled ? tick : tick * 0.6f), y), ImVec2(r.x, y),
                  t.labelled ? kAxisColor : kMinorColor);
    if (!t.labelled) continue;
    draw->AddLine(ImVec2(r.x, y), ImVec2(r.x + r.w, y), kGridColor);
    const ImVec2 size = ImGui::CalcTextSize(t.label.c_str());
    draw->AddText(ImVec2(r.x - tick - 0.3f * line - size.x, y - size.y * 0.5f), kTextColor, t.label.c_str());
  }
  const char* title = "Hz";
  switch (in.scale->kind()) {
    case dsp::ScaleKind::kLinear: title = "Hz"; break;
    case dsp::ScaleKind::kLog: title = "Hz (log)"; break;
    case dsp::ScaleKind::kMel: title = "Hz (mel)"; break;
    case dsp::ScaleKind::kBark: title = "Hz (Bark)"; break;
    case dsp::ScaleKind::kErb: title = "Hz (ERB)"; break;
    case dsp::ScaleKind::kNote: title = "note"; break;
  }
  const ImVec2 size = ImGui::CalcTextSize(title);
  draw->AddText(ImVec2(std::max(2.0f, r.x - size.x - tick), r.y - size.y - 0.2f * line), kTextColor, title);
}

void draw_time_axis(ImDrawList* draw, const PlotInputs& in) {
  const Rect& r = in.layout->spectrogram;
  const float line = ImGui::GetTextLineHeight();
  const double span_s = in.columns * in.seconds_per_column;
  const float label_px = ImGui::CalcTextSize("-00.0 s").x;
  const float bottom = in.layout->time_axis_y;
  for (const Tick& t : cached_time_ticks(span_s, r.w, label_px)) {
    const float x = r.x + t.position;
    draw->AddLine(ImVec2(x, bottom - 0.3f * line), ImVec2(x, bottom), kAxisColor);
    draw->AddLine(ImVec2(x, r.y), ImVec2(x, r.y + r.h), kGridColor);
    const ImVec2 size = ImGui::CalcTextSize(t.label.c_str());
    const float label_x = std::clamp(x - size.x * 0.5f, r.x - size.x * 0.5f, r.x + r.w - size.x);
    draw->AddText(ImVec2(label_x, bottom + 0.1f * line), kTextColor, t.label.c_str());
  }
}

void draw_colorbar(ImDrawList* draw, const PlotInputs& in) {
  const Rect& r = in.layout->colorbar;
  const settings::Settings& s = *in.settings;
  constexpr int kSegments = 64;
  for (int i = 0; i < kSegments; ++i) {
    const float t0 = float(i) / kSegments, t1 = float(i + 1) / kSegments;
    const ImU32 c0 = colormap_u32(s.colormap, t0), c1 = colormap_u32(s.colormap, t1);
    const float y0 = r.y + r.h * (1 - t0), y1 = r.y + r.h * (1 - t1);
    draw->AddRectFilledMultiColor(ImVec2(r.x, y1), ImVec2(r.x + r.w, y0), c1, c1, c0, c0);
  }
  draw->AddRect(ImVec2(r.x, r.y), ImVec2(r.x + r.w, r.y + r.h), kAxisColor);
  const float line = ImGui::GetTextLineHeight();
  const double span = double(s.max_db) - double(s.min_db);
  const double step = db_step(span, r.h, line);
  for (double db = std::ceil(s.min_db / step) * step; db <= s.max_db + 1e-9; db += step) {
    const float y = r.y + r.h * float(1 - (db - s.min_db) / span);
    draw->AddLine(ImVec2(r.x + r.w, y), ImVec2(r.x + r.w + 0.3f * line, y), kAxisColor);
    char label[16];
    std::snprintf(label, sizeof label, "%g", std::fabs(db) < 1e-9 ? 0.0 : db);
    draw->AddText(ImVec2(r.x + r.w + 0.4f * line, y - line * 0.5f), kTextColor, label);
  }
  const char* title = "dBFS";
  draw->AddText(ImVec2(r.x, r.y - line * 1.2f), kTextColor, title);
}

void draw_waveform(ImDrawList* draw, const PlotInputs& in) {
  const Rect& r = in.layout->waveform;
  draw->AddRectFilled(ImVec2(r.x, r.y), ImVec2(r.x + r.w, r.y + r.h), kPanelColor);
  const float mid = r.y + r.h * 0.5f, half = r.h * 0.5f;
  draw->AddLine(ImVec2(r.x, mid), ImVec2(r.x + r.w, mid), kGridColor);
  const ImU32 color = IM_COL32(120, 200, 255, 255);
  for (int c = 0; c < in.columns; ++c) {
    const float lo = in.wave_min[c], hi = in.wave_max[c];
    if (!(lo <= hi)) continue;  // unknown (NaN)
    const float x = r.x + float(c) + 0.5f;
    const float y0 = mid - std::clamp(hi, -1.0f, 1.0f) * half, y1 = mid - std::clamp(lo, -1.0f, 1.0f) * half;
    draw->AddLine(ImVec2(x, y0), ImVec2(x, std::max(y1, y0 + 1.0f)), color);
  }
  draw->AddText(ImVec2(r.x + 4, r.y + 2), kMinorColor, "waveform");
}

void draw_spectrum(ImDrawList* draw, const PlotInputs& in) {
  const Rect& r = in.layout->spectrum;
  const settings::Settings& s = *in.settings;
  draw->AddRectFilled(ImVec2(r.x, r.y), ImVec2(r.x + r.w, r.y + r.h), kPanelColor);
  const float span = s.max_db - s.min_db;
  auto x_of = [&](float db) { return r.x + r.w * std::clamp((db - s.min_db) / span, 0.0f, 1.0f); };
  // One point per display row, so the curve lines up with the spectrogram's rows.
  const int step = std::max(1, in.rows / 1024);
  ImVec2 previous, previous_hold;
  for (int row = 0; row < in.rows; row += step) {
    const float y = r.y + r.h - (float(row) + 0.5f) * r.h / float(in.rows);
    const ImVec2 point(x_of(in.spectrum_db[row]), y), hold(x_of(in.peak_hold_db[row]), y);
    if (row > 0) {
      draw->AddLine(previous_hold, hold, IM_COL32(255, 170, 60, 200));
      draw->AddLine(previous, point, IM_COL32(240, 240, 255, 255));
    }
    previous = point;
    previous_hold = hold;
  }
  draw->AddText(ImVec2(r.x + 4, r.y + 2), kMinorColor, "spectrum");
}

}  // namespace

Layout make_layout(float width, float height, const settings::Settings& s, bool exporting) {
  Layout layout;
  const float line = ImGui::GetTextLineHeight();
  const float frame = ImGui::GetFrameHeight();
  const float pad = std::round(0.5f * line);
  layout.toolbar = {0, 0, width, exporting ? 0.0f : frame + 2 * pad};
  const float left = std::round(ImGui::CalcTextSize("20.0k").x + 1.2f * line);
  const float colorbar_labels = ImGui::CalcTextSize("-120").x + 1.2f * line;
  const float colorbar_w = std::round(0.9f * line);
  const float spectrum_w = s.show_spectrum ? std::round(std::clamp(width * 0.14f, 5 * line, 16 * line)) : 0;
  const float top = layout.toolbar.h + std::round(1.6f * line);
  const float time_axis_h = std::round(1.5f * line);
  const float waveform_h = s.show_waveform ? std::round(std::clamp(height * 0.1f, 2.5f * line, 8 * line)) : 0;
  const float gap = pad;
  const float right = colorbar_w + colorbar_labels + (spectrum_w > 0 ? spectrum_w + gap : 0) + gap;
  const float bottom = time_axis_h + (waveform_h > 0 ? waveform_h + gap : 0) + pad;
  layout.spectrogram = {left, top, std::max(16.0f, width - left - right), std::max(16.0f, height - top - bottom)};
  const Rect& sg = layout.spectrogram;
  layout.spectrum = {sg.x + sg.w + gap, sg.y, spectrum_w, sg.h};
  layout.colorbar = {sg.x + sg.w + gap + (spectrum_w > 0 ? spectrum_w + gap : 0), sg.y, colorbar_w, sg.h};
  layout.waveform = {sg.x, sg.y + sg.h + gap, sg.w, waveform_h};
  layout.time_axis_y = sg.y + sg.h + (waveform_h > 0 ? waveform_h + gap : 0);
  return layout;
}

void draw_plot(const PlotInputs& in) {
  ImDrawList* draw = ImGui::GetBackgroundDrawList();
  const Rect& r = in.layout->spectrogram;
  draw_frequency_axis(draw, in);
  draw_time_axis(draw, in);
  draw->AddRect(ImVec2(r.x - 1, r.y - 1), ImVec2(r.x + r.w + 1, r.y + r.h + 1), kAxisColor);
  draw_colorbar(draw, in);
  if (in.settings->show_waveform && in.layout->waveform.h > 0) draw_waveform(draw, in);
  if (in.settings->show_spectrum && in.layout->spectrum.w > 0) draw_spectrum(draw, in);
}

void draw_readout(const Readout& readout, float pointer_x, float pointer_y) {
  char text[256], hz[32], note[48], level[32] = "no data";
  format_hz_readout(readout.hz, hz, sizeof hz);
  note_name(readout.hz, note, sizeof note);
  if (readout.has_level) std::snprintf(level, sizeof level, "%.1f dBFS", readout.db);
  std::snprintf(text, sizeof text, "%s\n%s\n%s\n%.2f s ago", hz, note[0] ? note : "-", level,
                readout.seconds_ago);
  ImDrawList* draw = ImGui::GetForegroundDrawList();
  const ImVec2 size = ImGui::CalcTextSize(text);
  const float pad = 0.4f * ImGui::GetTextLineHeight();
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  float x = pointer_x + 2 * pad, y = pointer_y + 2 * pad;
  if (x + size.x + 2 * pad > display.x) x = pointer_x - size.x - 4 * pad;
  if (y + size.y + 2 * pad > display.y) y = pointer_y - size.y - 4 * pad;
  draw->AddRectFilled(ImVec2(x, y), ImVec2(x + size.x + 2 * pad, y + size.y + 2 * pad), IM_COL32(20, 20, 28, 230), pad);
  draw->AddRect(ImVec2(x, y), ImVec2(x + size.x + 2 * pad, y + size.y + 2 * pad), IM_COL32(140, 140, 160, 255), pad);
  draw->AddText(ImVec2(x + pad, y + pad), kTextColor, text);
  draw->AddLine(ImVec2(pointer_x - 3 * pad, pointer_y), ImVec2(pointer_x + 3 * pad, pointer_y), IM_COL32(255, 255, 255, 200));
  draw->AddLine(ImVec2(pointer_x, pointer_y - 3 * pad), ImVec2(pointer_x, pointer_y + 3 * pad), IM_COL32(255, 255, 255, 200));
}

}  // namespace ui
