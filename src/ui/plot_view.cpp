// plot_view.cpp: axes, colour bar, waveform and spectrum drawn with ImGui's draw list.
#include "ui/plot_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "imgui.h"
#include "render/colormap.h"
#include "dsp/frequency_scale.h"
#include "ui/theme.h"
#include "ui/ticks.h"

namespace ui {
namespace {

// A readout's box at (x, y), `pad` around its text. Why dark in both themes: the boxes float
// over the image (and the spectrum panel) and must read on any colormap.
void draw_text_box(ImDrawList* draw, float x, float y, const char* text, float pad) {
  const ImVec2 size = ImGui::CalcTextSize(text);
  draw->AddRectFilled(ImVec2(x, y), ImVec2(x + size.x + 2 * pad, y + size.y + 2 * pad), IM_COL32(20, 20, 28, 230), pad);
  draw->AddRect(ImVec2(x, y), ImVec2(x + size.x + 2 * pad, y + size.y + 2 * pad), IM_COL32(140, 140, 160, 255), pad);
  draw->AddText(ImVec2(x + pad, y + pad), IM_COL32(230, 230, 238, 255), text);
}

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
  double a = 0, b = 0, c = 0, d = 0, e = 0;
  std::vector<Tick> ticks;
  bool matches(double a_, double b_, double c_, double d_, double e_) const {
    return a == a_ && b == b_ && c == c_ && d == d_ && e == e_;
  }
};

const std::vector<Tick>& cached_frequency_ticks(const dsp::FrequencyScale& scale, float length, float label) {
  static TickCache cache;
  const double key = double(int(scale.kind())) * 1e6 + length;
  if (!cache.matches(key, scale.fmin_hz(), scale.fmax_hz(), label, scale.a4_hz()) || cache.ticks.empty()) {
    cache = {key, scale.fmin_hz(), scale.fmax_hz(), label, scale.a4_hz(), frequency_ticks(scale, length, label)};
  }
  return cache.ticks;
}

void draw_frequency_axis(ImDrawList* draw, const PlotInputs& in) {
  const Palette& p = palette(in.settings->theme);
  const Rect& plot = in.layout->spectrogram;
  const float line = ImGui::GetTextLineHeight();
  const float tick = 0.4f * line;
  const float axis_x = in.layout->piano.w > 0 ? in.layout->piano.x : plot.x;  // ticks left of the keys
  for (int lane = 0; lane < in.lanes; ++lane) {
    const Rect r = lane_rect(plot, in.lanes, lane);
    for (const Tick& t : cached_frequency_ticks(*in.scale, r.h, line)) {
      const float y = r.y + r.h - t.position;
      draw->AddLine(ImVec2(axis_x - (t.labelled ? tick : tick * 0.6f), y), ImVec2(axis_x, y),
                    t.labelled ? p.axis : p.minor);
      if (!t.labelled) continue;
      draw->AddLine(ImVec2(r.x, y), ImVec2(r.x + r.w, y), p.image_grid);
      const ImVec2 size = ImGui::CalcTextSize(t.label.c_str());
      // Why clamped: at a lane's edge a label would run into the other lane's.
      float label_y = y - size.y * 0.5f;
      if (lane > 0) label_y = std::max(label_y, r.y);
      if (lane + 1 < in.lanes) label_y = std::min(label_y, r.y + r.h - size.y);
      draw->AddText(ImVec2(axis_x - tick - 0.3f * line - size.x, label_y), p.text, t.label.c_str());
    }
  }
  const Rect& r = plot;
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
  draw->AddText(ImVec2(std::max(2.0f, axis_x - size.x - tick), r.y - size.y - 0.2f * line), p.text, title);
}

// Piano keys along a note axis: a white or black band per semitone, a line between E-F and B-C.
void draw_piano(ImDrawList* draw, const PlotInputs& in, int lane) {
  const Palette& p = palette(in.settings->theme);
  const Rect& k = in.layout->piano;
  const dsp::FrequencyScale& scale = *in.scale;
  const double a4 = scale.a4_hz();
  const int first = int(std::floor(dsp::hz_to_midi(scale.fmin_hz(), a4) + 0.5));
  const int last = int(std::ceil(dsp::hz_to_midi(scale.fmax_hz(), a4) - 0.5));
  const Rect r = lane_rect(in.layout->spectrogram, in.lanes, lane);
  auto y_of = [&](double midi) {
    return std::clamp(float(r.y + r.h - scale.to_unit(dsp::midi_to_hz(midi, a4)) * r.h), r.y, r.y + r.h);
  };
  for (int midi = first; midi <= last; ++midi) {
    const int pitch_class = ((midi % 12) + 12) % 12;
    const bool black = pitch_class == 1 || pitch_class == 3 || pitch_class == 6 || pitch_class == 8 || pitch_class == 10;
    const float top = y_of(midi + 0.5), bottom = y_of(midi - 0.5);
    if (black) draw->AddRectFilled(ImVec2(k.x, top), ImVec2(k.x + k.w * 0.62f, bottom), IM_COL32(20, 20, 24, 255));
    else draw->AddRectFilled(ImVec2(k.x, top), ImVec2(k.x + k.w, bottom), IM_COL32(235, 235, 228, 255));
    if ((pitch_class == 0 || pitch_class == 5) && bottom - top >= 2)  // below C and F: the white-white edges
      draw->AddLine(ImVec2(k.x, bottom), ImVec2(k.x + k.w, bottom), IM_COL32(120, 120, 120, 255));
  }
  draw->AddRect(ImVec2(k.x, r.y), ImVec2(k.x + k.w, r.y + r.h), p.axis);
}

void draw_pitch_trace(ImDrawList* draw, const PlotInputs& in, int lane) {
  const Rect r = lane_rect(in.layout->spectrogram, in.lanes, lane);
  auto y_of = [&](const TracePoint& point) { return r.y + r.h * (1.0f - point.unit); };
  draw->PushClipRect(ImVec2(r.x, r.y), ImVec2(r.x + r.w, r.y + r.h), true);
  const float line = ImGui::GetTextLineHeight();
  const float width = std::max(1.5f, 0.16f * line);
  // Why two passes: a dark outline under a light line reads on every colormap.
  for (int pass = 0; pass < 2; ++pass) {
    const ImU32 color = pass == 0 ? IM_COL32(0, 0, 0, 200) : IM_COL32(255, 255, 255, 240);
    const float w = pass == 0 ? width * 2.5f : width;
    for (int i = 0; i < in.pitch_points; ++i) {
      const TracePoint& p = in.pitch_trace[i];
      if (p.joins && i > 0) {
        const TracePoint& q = in.pitch_trace[i - 1];
        draw->AddLine(ImVec2(q.x, y_of(q)), ImVec2(p.x, y_of(p)), color, w);
      } else if (i + 1 >= in.pitch_points || !in.pitch_trace[i + 1].joins) {
        draw->AddCircleFilled(ImVec2(p.x, y_of(p)), w * 0.6f, color);  // a lone estimate
      }
    }
  }
  draw->PopClipRect();
}

void draw_time_axis(ImDrawList* draw, const PlotInputs& in) {
  const Palette& p = palette(in.settings->theme);
  const Rect& r = in.layout->spectrogram;
  const float line = ImGui::GetTextLineHeight();
  const float bottom = in.layout->time_axis_y;
  if (in.time_ticks) {
    for (const Tick& t : *in.time_ticks) {
      const float x = r.x + t.position;
      if (x < r.x - 1 || x > r.x + r.w + 1) continue;
      draw->AddLine(ImVec2(x, bottom - 0.3f * line), ImVec2(x, bottom), p.axis);
      draw->AddLine(ImVec2(x, r.y), ImVec2(x, r.y + r.h), p.image_grid);
      const ImVec2 size = ImGui::CalcTextSize(t.label.c_str());
      const float label_x = std::clamp(x - size.x * 0.5f, r.x - size.x * 0.5f, r.x + r.w - size.x);
      draw->AddText(ImVec2(label_x, bottom + 0.1f * line), p.text, t.label.c_str());
    }
  }
  if (in.time_title[0]) {
    const ImVec2 size = ImGui::CalcTextSize(in.time_title);
    draw->AddText(ImVec2(r.x + r.w - size.x, bottom + 1.1f * line), p.minor, in.time_title);
  }
}

void draw_colorbar(ImDrawList* draw, const PlotInputs& in) {
  const Palette& p = palette(in.settings->theme);
  const Rect& r = in.layout->colorbar;
  const settings::Settings& s = *in.settings;
  constexpr int kSegments = 64;
  for (int i = 0; i < kSegments; ++i) {
    const float t0 = float(i) / kSegments, t1 = float(i + 1) / kSegments;
    const ImU32 c0 = colormap_u32(s.colormap, t0), c1 = colormap_u32(s.colormap, t1);
    const float y0 = r.y + r.h * (1 - t0), y1 = r.y + r.h * (1 - t1);
    draw->AddRectFilledMultiColor(ImVec2(r.x, y1), ImVec2(r.x + r.w, y0), c1, c1, c0, c0);
  }
  draw->AddRect(ImVec2(r.x, r.y), ImVec2(r.x + r.w, r.y + r.h), p.axis);
  const float line = ImGui::GetTextLineHeight();
  const double span = double(s.max_db) - double(s.min_db);
  const double step = db_step(span, r.h, line);
  for (double db = std::ceil(s.min_db / step) * step; db <= s.max_db + 1e-9; db += step) {
    const float y = r.y + r.h * float(1 - (db - s.min_db) / span);
    draw->AddLine(ImVec2(r.x + r.w, y), ImVec2(r.x + r.w + 0.3f * line, y), p.axis);
    char label[16];
    std::snprintf(label, sizeof label, "%g", std::fabs(db) < 1e-9 ? 0.0 : db);
    // A clear gap after the tick (a third of a line), so the mark never runs into the digits.
    draw->AddText(ImVec2(r.x + r.w + 0.65f * line, y - line * 0.5f), p.text, label);
  }
  const char* title = "dBFS";
  draw->AddText(ImVec2(r.x, r.y - line * 1.2f), p.text, title);
}

void draw_waveform(ImDrawList* draw, const PlotInputs& in) {
  const Palette& p = palette(in.settings->theme);
  const Rect& r = in.layout->waveform;
  draw->AddRectFilled(ImVec2(r.x, r.y), ImVec2(r.x + r.w, r.y + r.h), p.panel);
  const float mid = r.y + r.h * 0.5f, half = r.h * 0.5f;
  draw->AddLine(ImVec2(r.x, mid), ImVec2(r.x + r.w, mid), p.panel_grid);
  const ImU32 color = p.wave;
  for (int c = 0; c < in.columns && in.wave_min; ++c) {
    const float lo = in.wave_min[c], hi = in.wave_max[c];
    if (!(lo <= hi)) continue;  // unknown (NaN)
    const float x = r.x + float(c) + 0.5f;
    const float y0 = mid - std::clamp(hi, -1.0f, 1.0f) * half, y1 = mid - std::clamp(lo, -1.0f, 1.0f) * half;
    draw->AddLine(ImVec2(x, y0), ImVec2(x, std::max(y1, y0 + 1.0f)), color);
  }
  draw->AddText(ImVec2(r.x + 4, r.y + 2), p.minor, "waveform");
  // Its amplitude scale, right of the strip: full scale (±1) at the edges, 0 in the middle.
  const float line = ImGui::GetTextLineHeight();
  const float tick_x = r.x + r.w;
  const struct { float y; const char* label; } marks[] = {{r.y, "+1"}, {mid, "0"}, {r.y + r.h, "−1"}};
  for (const auto& mark : marks) {
    draw->AddLine(ImVec2(tick_x, mark.y), ImVec2(tick_x + 0.3f * line, mark.y), p.axis);
    if (r.h < 2.2f * line && mark.label[0] == '0') continue;  // a short strip: the ends only
    const float label_y = std::clamp(mark.y - 0.5f * line, r.y - 0.2f * line, r.y + r.h - 0.8f * line);
    draw->AddText(ImVec2(tick_x + 0.5f * line, label_y), p.minor, mark.label);
  }
}

void draw_spectrum(ImDrawList* draw, const PlotInputs& in) {
  const Palette& p = palette(in.settings->theme);
  const Rect& r = in.layout->spectrum;
  const settings::Settings& s = *in.settings;
  draw->AddRectFilled(ImVec2(r.x, r.y), ImVec2(r.x + r.w, r.y + r.h), p.panel);
  const float span = s.max_db - s.min_db;
  auto x_of = [&](float db) { return r.x + r.w * std::clamp((db - s.min_db) / span, 0.0f, 1.0f); };
  const float* offsets = in.row_offsets_db;
  // One point per display row, so the curve lines up with the spectrogram's rows.
  const int step = std::max(1, in.rows / 1024);
  const dsp::Lanes lanes{in.rows, in.lanes};
  ImVec2 previous, previous_hold;
  for (int row = 0; row < in.rows; row += step) {
    const float y = r.y + r.h - (float(row) + 0.5f) * r.h / float(in.rows);
    const float offset = offsets ? offsets[row] : 0.0f;
    const ImVec2 point(x_of(in.spectrum_db[row] + offset), y), hold(x_of(in.peak_hold_db[row] + offset), y);
    const int lane = lanes.lane_of_row(row);
    if (row > 0 && lane >= 0 && lane == lanes.lane_of_row(row - step)) {  // one curve per lane
      draw->AddLine(previous_hold, hold, p.hold);
      draw->AddLine(previous, point, p.live);
    }
    previous = point;
    previous_hold = hold;
  }
  const float line = ImGui::GetTextLineHeight();
    // The legend: a sample of each line and what it is.
  const float legend_w = 1.2f * line;
  const ImVec2 now_at(r.x + 4, r.y + 2);
  draw->AddLine(ImVec2(now_at.x, now_at.y + 0.55f * line), ImVec2(now_at.x + legend_w, now_at.y + 0.55f * line), p.live, 2);
  draw->AddText(ImVec2(now_at.x + legend_w + 4, now_at.y), p.minor, "now");
  const float hold_x = now_at.x + legend_w + 8 + ImGui::CalcTextSize("now").x + 0.6f * line;
  draw->AddLine(ImVec2(hold_x, now_at.y + 0.55f * line), ImVec2(hold_x + legend_w, now_at.y + 0.55f * line), p.hold, 2);
  draw->AddText(ImVec2(hold_x + legend_w + 4, now_at.y), p.minor, "peak hold");
  // Its dB axis, along the bottom inside the panel: the colour bar's range, left to right.
  const float label_w = ImGui::CalcTextSize("-120").x;
  const double db_per_tick = db_step(span, r.w, label_w / 1.2f);
  for (double db = std::ceil(s.min_db / db_per_tick) * db_per_tick; db <= s.max_db + 1e-9; db += db_per_tick) {
    const float x = x_of(float(db));
    draw->AddLine(ImVec2(x, r.y + 1.4f * line), ImVec2(x, r.y + r.h - 1.3f * line), p.panel_grid);
    draw->AddLine(ImVec2(x, r.y + r.h - 1.3f * line), ImVec2(x, r.y + r.h - 1.0f * line), p.axis);
    char label[16];
    std::snprintf(label, sizeof label, "%g", std::fabs(db) < 1e-9 ? 0.0 : db);
    const float w = ImGui::CalcTextSize(label).x;
    const float label_x = std::clamp(x - 0.5f * w, r.x + 1, r.x + r.w - w - 1);
    draw->AddText(ImVec2(label_x, r.y + r.h - 1.0f * line), p.minor, label);
  }
  // Its own readout: the frequency of the row under the pointer and both levels there.
  if (in.pointer_x >= r.x && in.pointer_x < r.x + r.w && in.pointer_y >= r.y && in.pointer_y < r.y + r.h && in.rows > 0) {
    const int row = std::clamp(int((r.y + r.h - in.pointer_y) / r.h * float(in.rows)), 0, in.rows - 1);
    const int lane = lanes.nearest_lane(row);
    const int lane_row = std::clamp(row - lanes.first_row(lane), 0, lanes.lane_rows() - 1);
    const double hz = in.scale->to_hz((double(lane_row) + 0.5) / lanes.lane_rows());
    const float offset = offsets ? offsets[row] : 0.0f;
    char hz_text[32], text[128];
    format_hz_readout(hz, hz_text, sizeof hz_text);
    std::snprintf(text, sizeof text, "%s%s%s\nnow %.1f dB\npeak hold %.1f dB", hz_text, in.lanes > 1 ? ", " : "",
                  in.lanes > 1 ? in.lane_names[lane] : "", double(in.spectrum_db[row] + offset), double(in.peak_hold_db[row] + offset));
    draw->AddLine(ImVec2(r.x, in.pointer_y), ImVec2(r.x + r.w, in.pointer_y), p.pointer);
    const ImVec2 size = ImGui::CalcTextSize(text);
    const float pad = 0.3f * line;
    const float x = std::max(0.0f, std::min(in.pointer_x + 2 * pad, ImGui::GetIO().DisplaySize.x - size.x - 2 * pad));
    const float y = std::max(0.0f, in.pointer_y - size.y - 3 * pad);
    draw_text_box(ImGui::GetForegroundDrawList(), x, y, text, pad);
  }
}

// Each channel: a line between the lanes and each lane's name in its top left corner.
void draw_lane_names(ImDrawList* draw, const PlotInputs& in) {
  const Rect& plot = in.layout->spectrogram;
  const float pad = 0.25f * ImGui::GetTextLineHeight();
  for (int lane = 0; lane < in.lanes; ++lane) {
    const Rect r = lane_rect(plot, in.lanes, lane);
    if (lane > 0) draw->AddLine(ImVec2(r.x, r.y - 0.5f), ImVec2(r.x + r.w, r.y - 0.5f), IM_COL32(255, 255, 255, 200), 1.0f);
    draw_text_box(draw, r.x + pad, r.y + pad, in.lane_names[lane], pad);
  }
}

}  // namespace

Rect lane_rect(const Rect& plot, int count, int lane) {
  if (count <= 1) return plot;
  const dsp::Lanes lanes{int(plot.h), count};
  const float bottom = plot.y + plot.h - float(lanes.first_row(lane));
  return {plot.x, bottom - float(lanes.lane_rows()), plot.w, float(lanes.lane_rows())};
}

Layout make_layout(float width, float height, const settings::Settings& s, bool exporting, float forced_waveform_h,
                   const char* caption, FormFactor form) {
  Layout layout;
  const float line = ImGui::GetTextLineHeight();
  const float frame = ImGui::GetFrameHeight();
  const float pad = std::round(0.5f * line);
  // Touch layouts: a row of buttons, then the status line under them.
  const float status_row = !exporting && is_touch_layout(form) ? line + ImGui::GetStyle().ItemSpacing.y : 0.0f;
  layout.toolbar = {0, 0, width, exporting ? 0.0f : std::round(frame + 2 * pad + status_row)};
  const bool piano = s.scale == dsp::ScaleKind::kNote && s.show_piano;
  const float piano_w = piano ? std::round(1.1f * line) : 0.0f;
  const float left = std::round(ImGui::CalcTextSize("20.0k").x + 1.2f * line) + piano_w;
  const float colorbar_labels = std::round(ImGui::CalcTextSize("-120").x + 1.2f * line);
  const float colorbar_w = std::round(0.9f * line);
  // An export's panel has one width, so its margins do not depend on its length.
  const float spectrum_w = !s.show_spectrum || (!exporting && is_narrow_layout(form)) ? 0.0f
                           : exporting      ? std::round(12 * line)
                                            : std::round(std::clamp(width * 0.14f, 5 * line, 16 * line));
  const float top = layout.toolbar.h + std::round(1.6f * line);
  const float time_axis_h = std::round(2.5f * line);  // labels, and the axis title under them
  const float waveform_h = forced_waveform_h >= 0 ? forced_waveform_h
                           : s.show_waveform ? std::round(std::clamp(height * 0.1f, 2.5f * line, 8 * line))
                                             : 0;
  const float gap = pad;
  const float right = colorbar_w + colorbar_labels + (spectrum_w > 0 ? spectrum_w + gap : 0) + gap;
  // The caption wraps to the export's width (a short span makes a narrow picture).
  const float caption_h = !exporting ? 0.0f
                          : caption  ? std::round(ImGui::CalcTextSize(caption, nullptr, false, width - line).y + 0.8f * line)
                                     : std::round(1.8f * line);
  const float bottom = time_axis_h + (waveform_h > 0 ? waveform_h + gap : 0) + pad + caption_h;
  layout.spectrogram = {left, top, std::max(16.0f, width - left - right), std::max(16.0f, height - top - bottom)};
  const Rect& sg = layout.spectrogram;
  layout.spectrum = {sg.x + sg.w + gap, sg.y, spectrum_w, sg.h};
  layout.colorbar = {sg.x + sg.w + gap + (spectrum_w > 0 ? spectrum_w + gap : 0), sg.y, colorbar_w, sg.h};
  layout.waveform = {sg.x, sg.y + sg.h + gap, sg.w, waveform_h};
  layout.time_axis_y = sg.y + sg.h + (waveform_h > 0 ? waveform_h + gap : 0);
  if (piano) layout.piano = {sg.x - piano_w - 1, sg.y, piano_w, sg.h};
  if (exporting) layout.caption = {0, height - caption_h, width, caption_h};
  return layout;
}

void export_canvas_size(const Layout& screen, float plot_width, const settings::Settings& s, const char* caption,
                        float* width, float* height) {
  // The margins left and right of an export's plot are fixed; the caption's height depends on
  // the width it wraps to.
  const Layout probe = make_layout(plot_width + 2000.0f, 4000.0f, s, true, screen.waveform.h);
  *width = std::round(plot_width) + (probe.toolbar.w - probe.spectrogram.w);
  const Layout sized = make_layout(*width, 4000.0f, s, true, screen.waveform.h, caption);
  *height = 4000.0f - sized.spectrogram.h + screen.spectrogram.h;
}

void draw_plot(const PlotInputs& in) {
  const Palette& p = palette(in.settings->theme);
  ImDrawList* draw = ImGui::GetBackgroundDrawList();
  const Rect& r = in.layout->spectrogram;
  draw_frequency_axis(draw, in);
  draw_time_axis(draw, in);
  draw->AddRect(ImVec2(r.x - 1, r.y - 1), ImVec2(r.x + r.w + 1, r.y + r.h + 1), p.axis);
  draw_colorbar(draw, in);
  if (in.settings->show_waveform && in.layout->waveform.h > 0) draw_waveform(draw, in);
  if (in.settings->show_spectrum && in.layout->spectrum.w > 0) draw_spectrum(draw, in);
  for (int lane = 0; lane < in.lanes; ++lane) {
    if (in.layout->piano.w > 0) draw_piano(draw, in, lane);
    // Why not over stacked channels: the pitch is the mix's, and would seem to be each lane's.
    if (in.settings->show_pitch && in.pitch_points > 0 && in.lanes == 1) draw_pitch_trace(draw, in, lane);
  }
  if (in.lanes > 1) draw_lane_names(draw, in);
  if (in.layout->caption.h > 0 && in.caption[0]) {
    const Rect& c = in.layout->caption;
    const float line = ImGui::GetTextLineHeight();
    draw->AddRectFilled(ImVec2(c.x, c.y), ImVec2(c.x + c.w, c.y + c.h), p.caption);
    draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(c.x + 0.5f * line, c.y + 0.4f * line), p.text,
                  in.caption, nullptr, c.w - line);
  }
}

void draw_readout(const Readout& readout, float pointer_x, float pointer_y, float finger_px) {
  char text[320], hz[32], note[48], level[96] = "no data", pitch[96] = "";
  format_hz_readout(readout.hz, hz, sizeof hz);
  note_name(readout.hz, note, sizeof note, readout.a4_hz);
  if (readout.has_level && readout.ridge) {
    char ridge_hz[32];
    format_hz_readout(readout.ridge_hz, ridge_hz, sizeof ridge_hz);
    std::snprintf(level, sizeof level, "%.1f dBFS%s%s (ridge at %s)", readout.db, readout.weighting[0] ? " " : "",
                  readout.weighting, ridge_hz);
  } else if (readout.has_level) {
    std::snprintf(level, sizeof level, "%.1f dBFS%s%s", readout.db, readout.weighting[0] ? " " : "", readout.weighting);
  }
  if (readout.pitch_hz > 0) {
    char pitch_note[48];
    note_name(readout.pitch_hz, pitch_note, sizeof pitch_note, readout.a4_hz);
    std::snprintf(pitch, sizeof pitch, "\npitch %.1f Hz, %s", readout.pitch_hz, pitch_note);
  }
  std::snprintf(text, sizeof text, "%s%s\n%s\n%s%s%s\n%.2f s %s%s", hz, readout.snapped ? "  (peak)" : "", note[0] ? note : "-", level,
                readout.channel[0] ? ", " : "", readout.channel, readout.in_file ? readout.time_s : readout.seconds_ago,
                readout.in_file ? "into the file" : "ago", pitch);
  ImDrawList* draw = ImGui::GetForegroundDrawList();
  const ImVec2 size = ImGui::CalcTextSize(text);
  const float pad = 0.4f * ImGui::GetTextLineHeight();
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  float x = pointer_x + 2 * pad, y = pointer_y + 2 * pad;
  if (finger_px > 0) {  // above the finger, centred on it; below it only if there is no room above
    x = std::clamp(pointer_x - 0.5f * size.x - pad, 0.0f, std::max(0.0f, display.x - size.x - 2 * pad));
    y = pointer_y - finger_px - size.y - 2 * pad;
    if (y < 0) y = pointer_y + finger_px;
  } else {
    if (x + size.x + 2 * pad > display.x) x = pointer_x - size.x - 4 * pad;
    if (y + size.y + 2 * pad > display.y) y = pointer_y - size.y - 4 * pad;
  }
  draw_text_box(draw, x, y, text, pad);
  draw->AddLine(ImVec2(pointer_x - 3 * pad, pointer_y), ImVec2(pointer_x + 3 * pad, pointer_y), IM_COL32(255, 255, 255, 200));
  draw->AddLine(ImVec2(pointer_x, pointer_y - 3 * pad), ImVec2(pointer_x, pointer_y + 3 * pad), IM_COL32(255, 255, 255, 200));
}

}  // namespace ui
