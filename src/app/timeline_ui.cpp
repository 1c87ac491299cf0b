// timeline_ui.cpp: the App's timeline as a person works it: the clock of columns and pixels,
// the view (span, scroll, zoom about the pointer, gestures), the overlays drawn on it (gaps,
// selection, playhead, re-analysis progress), the pitch trace, the hover readout, messages and
// keyboard shortcuts. The frame, configuration and analysis are in app.cpp.
#include <emscripten.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/app.h"
#include "dsp/ridge.h"
#include "imgui.h"

using emscripten::val;

namespace app {
namespace {
double now_ms() { return emscripten_get_now(); }
}  // namespace

const dsp::PitchEstimate* App::pitch_near(double sample) const {
  const double tolerance = 0.02 * sample_rate_hz_;
  for (std::size_t age = 0; age < pitch_.size(); ++age) {
    const dsp::PitchEstimate& e = pitch_.at_age(age);
    const double distance = double(e.centre_sample) - sample;
    if (std::fabs(distance) <= tolerance) return &e;
    if (distance < -tolerance) break;  // older than wanted: no nearer one follows
  }
  return nullptr;
}

void App::build_pitch_trace() {
  trace_.clear();
  if (!settings_.show_pitch || pitch_.size() == 0 || picture_.width() == 0 || !display_scale_.ok()) return;
  const ui::Rect& plot = layout_.spectrogram;
  float last_x = 1e30f;
  bool previous_voiced = false;
  double previous_sample = 0, previous_hz = 0;
  const double max_gap_samples = 0.03 * sample_rate_hz_;  // estimates further apart are not joined
  // A run (joined estimates) shorter than this many estimates (15 ms) is not drawn: a lone
  // estimate in speech is as often a harmonic caught for a moment as the voice.
  constexpr int kMinRunEstimates = 3;
  std::size_t run_start = 0;  // where the current run's points begin in trace_
  int run_estimates = 0;
  auto end_run = [&] {
    if (run_estimates < kMinRunEstimates) trace_.resize(run_start);
    run_start = trace_.size();
    run_estimates = 0;
  };
  for (std::size_t a = 0; a < pitch_.size() && trace_.size() < trace_.capacity(); ++a) {
    const dsp::PitchEstimate& e = pitch_.at_age(a);
    // Estimates are timed at their window's centre, on the history's clock, like the picture.
    const double x_in_plot = x_at_time(double(e.centre_sample) / sample_rate_hz_);
    if (x_in_plot < -1) break;
    if (x_in_plot > plot.w + 1) continue;  // newer than the view (frozen or scrolled back)
    const float x = plot.x + float(x_in_plot);
    // Not joined across a gap in time, or a leap of more than two semitones (an octave jump
    // drawn as a line would look like a glide that never happened).
    const bool joins = previous_voiced && previous_sample - double(e.centre_sample) <= max_gap_samples &&
                       e.voiced && std::fabs(std::log2(e.hz / previous_hz)) <= 2.0 / 12;
    previous_voiced = e.voiced;
    previous_sample = double(e.centre_sample);
    previous_hz = e.hz;
    if (!joins) end_run();
    if (!e.voiced) continue;
    ++run_estimates;
    if (joins && last_x - x < 1.0f) continue;  // one point per pixel column
    trace_.push_back({x, float(display_scale_.to_unit(e.hz)), joins});  // newest first: `joins` links it to the newer point
    last_x = x;
  }
  end_run();
  // Into drawing order (oldest first), where `joins` links a point to the previous (older) one.
  std::reverse(trace_.begin(), trace_.end());
  for (std::size_t k = trace_.size(); k-- > 1;) trace_[k].joins = trace_[k - 1].joins;
  if (!trace_.empty()) trace_[0].joins = false;
}

double App::seconds_per_column() const { return double(shape_.hop_frames) * file_.pool / sample_rate_hz_; }

// Column j shows the hop ending at (j+1) hop, whose content is centred half a window earlier:
// it is drawn centred there, so a sound at time t appears at t on the axis.
double App::column_zero_s() const {
  return seconds_per_column() / 2 - column_content_offset_samples() / sample_rate_hz_;
}

double App::column_time_s(std::int64_t index) const {
  return double(index + 1) * seconds_per_column() - column_content_offset_samples() / sample_rate_hz_;
}

std::int64_t App::column_near(double time_s) const {
  return std::int64_t(std::floor((time_s - column_zero_s()) / seconds_per_column()));
}

double App::newest_time_s() const {
  // Why not the store's newest alone: while the kept audio is analysed again (visible part
  // first) the store's newest can be an old column; the columns up to the live analysis's first
  // are coming.
  const std::int64_t newest = std::max(store_.newest(), live_first_column_ - 1);
  if (newest < 0) return double(history_.end()) / sample_rate_hz_;
  return column_zero_s() + double(newest + 1) * seconds_per_column();
}

bool App::playhead_time_s(double* time_s) const {
  if (!playback_.playing) return false;
  const double position = val::global("SpectrogramAudio").call<double>("playbackPosition");
  double t = playback_.from_s + position;
  if (playback_.loop && playback_.to_s > playback_.from_s) t = playback_.from_s + std::fmod(position, playback_.to_s - playback_.from_s);
  *time_s = t;
  return playback_.loop || t <= playback_.to_s;
}

double App::oldest_time_s() const {
  return file_.active ? 0.0 : double(history_.begin()) / sample_rate_hz_;  // a file's picture is whole
}

double App::time_at_x(double x_px) const {
  return timeline::time_at(view_, x_px / std::max(1.0f, layout_.spectrogram.w));
}

double App::x_at_time(double time_s) const {
  return timeline::fraction_of(view_, time_s) * layout_.spectrogram.w;
}

// [SECTION] timeline: view, gestures ------------------------------------------------------------

void App::update_view() {
  // A file never follows anything: scrolling to its end or End keeps the view where it is put
  // (a "live" view of a file would flip the toolbar's Live button from frame to frame).
  if (file_.active) {
    view_.live = false;
    frozen_ = true;
  }
  view_.span_s = settings_.span_s;
  view_.live = !frozen_ && view_.live;
  // A file's timeline is the whole file from the start, even while its columns still arrive.
  const double newest = file_.active ? std::max(newest_time_s(), file_.duration_s) : newest_time_s();
  if (view_.live) view_.end_s = newest;
  // A view may start before the history while the history is shorter than the span; a frozen
  // view stays put until the history, full, drops the sound it shows.
  double lowest = std::min(oldest_time_s(), newest - view_.span_s);
  if (file_.active) lowest = std::min(lowest, 0.0);
  const bool history_full = history_.end() - history_.begin() >= history_.capacity();
  if (!view_.live && !history_full) lowest = std::min(lowest, view_.start_s());
  view_ = timeline::clamp_view(view_, lowest, newest);
}

void App::zoom_time_about(double factor, double x_px) {
  const double max_span = std::max(settings::kMinSpanSeconds, file_.active ? file_.duration_s : double(history_.capacity()) / sample_rate_hz_);
  const double anchor = std::clamp(x_px / std::max(1.0f, layout_.spectrogram.w), 0.0, 1.0);
  // Zooming about the right edge of a live view keeps it live; elsewhere the view freezes.
  const bool keep_live = view_.live && anchor > 0.98;
  view_ = timeline::zoom_time(view_, factor, anchor, settings::kMinSpanSeconds, std::min(max_span, settings::kMaxSpanSeconds));
  view_.live = keep_live;
  frozen_ = !keep_live;
  settings_.span_s = view_.span_s;
  persist_settings();
}

void App::zoom_frequency_about(double factor, double y_px) {
  const double anchor = lane_point(float(y_px)).unit;
  const double lowest = dsp::scale_needs_positive_fmin(settings_.scale) ? 1.0 : 0.0;
  const timeline::FrequencyRange range = timeline::zoom_frequency(display_scale_, factor, anchor, lowest, sample_rate_hz_ / 2);
  settings::Settings next = settings_;
  next.fmin_hz = std::round(range.fmin_hz * 100) / 100;
  next.fmax_hz = std::round(range.fmax_hz * 100) / 100;
  if (settings::check_consistency(next).empty() && next != settings_) apply(next);
}

void App::scroll_pixels(double dx_px) {
  const double seconds = -dx_px / std::max(1.0f, layout_.spectrogram.w) * view_.span_s;
  view_ = timeline::scroll_time(view_, seconds, newest_time_s());
  frozen_ = !view_.live;
}

void App::handle_gestures(const Platform::Gestures& g) {
  const ui::Rect& plot = layout_.spectrogram;
  const ImGuiIO& io = ImGui::GetIO();
  const bool over_plot = g.x >= plot.x && g.x < plot.x + plot.w && g.y >= plot.y - 4 && g.y < layout_.time_axis_y + 2 * ImGui::GetTextLineHeight();
  if (over_plot && !io.WantCaptureMouse) {
    // Wheel: time about the pointer; shift+wheel: frequency; a trackpad's pinch (ctrl+wheel)
    // as the wheel; sideways (trackpad swipe): scroll. Why shift takes the sideways turn too:
    // macOS turns Shift+wheel into a sideways wheel before the browser sees it.
    const float shift_wheel = !g.shift ? 0.0f : g.wheel != 0 ? g.wheel : g.wheel_x;
    if (shift_wheel != 0) zoom_frequency_about(std::pow(0.85, shift_wheel), g.y);
    else if (g.wheel != 0) zoom_time_about(std::pow(g.ctrl ? 0.9 : 0.8, g.wheel), g.x - plot.x);
    if (g.wheel_x != 0 && !g.shift) scroll_pixels(g.wheel_x * 40.0);
  }
  if (g.pinch != 1.0f) zoom_time_about(1.0 / g.pinch, g.x - plot.x);
  if (g.pinch_dx != 0) scroll_pixels(g.pinch_dx);

  // One pointer: drag on the picture scrolls; drag on the time axis or the waveform selects;
  // on touch, a press held half a second without moving selects too. A click clears a selection.
  const float mx = io.MousePos.x, my = io.MousePos.y;
  const bool on_axis = mx >= plot.x && mx < plot.x + plot.w && my >= plot.y + plot.h && my < layout_.time_axis_y + 2 * ImGui::GetTextLineHeight();
  const bool on_plot = plot.contains(mx, my);
  if (ImGui::IsMouseClicked(0) && !io.WantCaptureMouse && (on_plot || on_axis) && !g.pinching) {
    drag_.kind = on_axis ? Drag::Kind::kSelect : Drag::Kind::kPan;
    drag_.start_x = drag_.last_x = mx;
    drag_.start_time_s = time_at_x(mx - plot.x);
    drag_.press_ms = now_ms();
    drag_.moved = false;
  }
  if (drag_.kind != Drag::Kind::kNone && io.MouseDown[0] && !g.pinching) {
    if (std::fabs(mx - drag_.start_x) > 4) drag_.moved = true;
    if (drag_.kind == Drag::Kind::kPan && !drag_.moved && now_ms() - drag_.press_ms > 500) drag_.kind = Drag::Kind::kSelect;
    if (drag_.kind == Drag::Kind::kPan && drag_.moved) scroll_pixels(mx - drag_.last_x);
    if (drag_.kind == Drag::Kind::kSelect && (drag_.moved || now_ms() - drag_.press_ms > 500)) {
      const double t = time_at_x(mx - plot.x);
      selection_.active = true;
      selection_.from_s = std::min(drag_.start_time_s, t);
      selection_.to_s = std::max(drag_.start_time_s, t);
    }
    drag_.last_x = mx;
  }
  if (drag_.kind != Drag::Kind::kNone && !io.MouseDown[0]) {
    if (!drag_.moved && drag_.kind == Drag::Kind::kSelect && selection_.active && now_ms() - drag_.press_ms < 500)
      selection_.active = false;  // a click on the axis clears the selection
    if (selection_.active && selection_.to_s - selection_.from_s < seconds_per_column()) selection_.active = false;
    drag_.kind = Drag::Kind::kNone;
  }
}

void App::draw_timeline_overlays(bool exporting) {
  ImDrawList* draw = ImGui::GetBackgroundDrawList();
  const ui::Rect& plot = layout_.spectrogram;
  const float line = ImGui::GetTextLineHeight();
  draw->PushClipRect(ImVec2(plot.x, plot.y - 1.5f * line), ImVec2(plot.x + plot.w, layout_.time_axis_y + 2.5f * line), true);
  // Gaps in the timeline: samples lost, or capture stopped and started again.
  for (const timeline::TimelineEvent& e : history_.events()) {
    if (e.sample == 0 && e.kind == timeline::TimelineEvent::Kind::kSessionStart) continue;
    const double x = x_at_time(double(e.sample) / sample_rate_hz_);
    if (x < -2 || x > plot.w + 2) continue;
    const float gx = plot.x + float(x);
    for (float y = plot.y; y < plot.y + plot.h; y += 2 * line * 0.5f)
      draw->AddRectFilled(ImVec2(gx - 1.5f, y), ImVec2(gx + 1.5f, std::min(y + 0.5f * line, plot.y + plot.h)),
                          IM_COL32(255, 255, 255, 220));
    char label[48];
    if (e.kind == timeline::TimelineEvent::Kind::kLost) {
      std::snprintf(label, sizeof label, "lost %.2f s", double(e.lost) / sample_rate_hz_);
    } else {
      // The wall-clock pause: this session's start less the end of what came before.
      const double before = history_.wall_ms_at(e.sample > 0 ? e.sample - 1 : 0);
      std::snprintf(label, sizeof label, "stopped %.0f s", std::max(0.0, (e.wall_ms - before) / 1000.0));
    }
    draw->AddText(ImVec2(gx + 3, plot.y + 2), IM_COL32(255, 255, 255, 230), label);
    axis_labels_.emplace_back(float(x), label);
  }
  if (!exporting && history_.end() == 0 && !controls_.capturing && !file_.active && !audio_.active()) {
    // The empty page says what to do (the two ways in).
    const char* lines[] = {"Press Start and allow the microphone: what it hears appears here, newest on the right.",
                           "Or Open a recording (WAV, FLAC, MP3, Ogg), or drop one on the page."};
    const float wrap = std::max(40.0f, plot.w - 2 * line);  // a narrow (phone) plot wraps the lines
    float y = plot.y + plot.h / 2 - 2.0f * line;
    for (const char* text : lines) {
      const ImVec2 size = ImGui::CalcTextSize(text, nullptr, false, wrap);
      draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(plot.x + std::max(line, (plot.w - size.x) / 2), y),
                    IM_COL32(230, 230, 238, 235), text, nullptr, wrap);
      y += size.y + 0.6f * line;
    }
  }
  if (!exporting && selection_.active) {
    const float a = plot.x + float(std::clamp(x_at_time(selection_.from_s), 0.0, double(plot.w)));
    const float b = plot.x + float(std::clamp(x_at_time(selection_.to_s), 0.0, double(plot.w)));
    draw->AddRectFilled(ImVec2(a, plot.y), ImVec2(b, plot.y + plot.h), IM_COL32(255, 255, 255, 40));
    draw->AddRectFilled(ImVec2(a, plot.y + plot.h), ImVec2(b, layout_.time_axis_y + 1.2f * line), IM_COL32(90, 160, 255, 120));
    draw->AddLine(ImVec2(a, plot.y), ImVec2(a, plot.y + plot.h), IM_COL32(140, 190, 255, 255));
    draw->AddLine(ImVec2(b, plot.y), ImVec2(b, plot.y + plot.h), IM_COL32(140, 190, 255, 255));
  }
  double t = 0;
  if (playback_.playing && !playhead_time_s(&t)) playback_.playing = false;  // a single play ended
  if (!exporting && playback_.playing) {
    const float x = plot.x + float(x_at_time(t));
    if (x >= plot.x && x <= plot.x + plot.w) draw->AddLine(ImVec2(x, plot.y), ImVec2(x, plot.y + plot.h), IM_COL32(255, 80, 80, 255), 2.0f);
  }
  if (!exporting && reanalysis_.active()) {
    char note[64];
    std::snprintf(note, sizeof note, "analysing the kept audio again: %.0f %%", 100 * reanalysis_.progress());
    draw->AddText(ImVec2(plot.x + 0.5f * line, plot.y + plot.h - 1.3f * line), IM_COL32(255, 255, 255, 230), note);
  } else if (!exporting && detail_.state == FileDetail::State::kReading) {
    // The overview stays on screen meanwhile; this says why it will sharpen.
    draw->AddText(ImVec2(plot.x + 0.5f * line, plot.y + plot.h - 1.3f * line), IM_COL32(255, 255, 255, 230),
                  detail_.from_memory ? "analysing this part at full resolution…" : "reading this part again at full resolution…");
  }
  draw->PopClipRect();
}

ui::Readout App::readout_at(float x, float y) const {
  ui::Readout readout;
  const ui::Rect& plot = layout_.spectrogram;
  const LanePoint at = lane_point(y);
  const dsp::Lanes& lanes = analyzer_.lanes();
  const double unit = at.unit;
  // The lane's own height: a lane holds the whole range on its rows.
  const double lane_px = lanes.count > 1 ? double(lanes.lane_rows()) : double(plot.h);
  readout.hz = display_scale_.to_hz(unit);
  readout.channel = lane_name(at.lane);
  readout.a4_hz = settings_.a4_hz;
  readout.weighting = settings_.weighting == dsp::Weighting::kA        ? "A-weighted"
                      : settings_.weighting == dsp::Weighting::kC      ? "C-weighted"
                      : settings_.weighting == dsp::Weighting::kItu468 ? "ITU-R 468"
                      : settings_.tilt_db_per_octave != 0              ? "tilted"
                                                                       : "";
  const double t = time_at_x(x - plot.x);
  readout.seconds_ago = newest_time_s() - t;
  // The columns the picture shows there (a long file's detail, when it is on screen).
  const ColumnSource source = picture_shows_detail_ ? column_source(t, t) : overview_source();
  const timeline::ColumnStore& store = *source.store;
  const std::int64_t column = source.index_at(t);
  const double column_s = source.time_of(column);
  // Why a member: the readout runs every frame, which must not allocate.
  float* rows_db = readout_column_db_.data();
  if (store.rows() != layer_.rows() || readout_column_db_.size() != std::size_t(store.rows()) || !store.get(column, rows_db))
    return readout;
  readout.seconds_ago = newest_time_s() - column_s;
  readout.in_file = file_.active;
  readout.time_s = column_s;
  // Level as drawn: the column's row (plus the weighting the picture shows).
  const int row = at.row;
  const float offset = row_offsets_.size() > std::size_t(row) ? row_offsets_[std::size_t(row)] : 0.0f;
  if (dsp::mode_is_reassigned(settings_.mode)) {
    // Reassignment keeps energy: the level of what is under the pointer is its ridge's sum
    // (within its lane: the other channel's rows are not its neighbours).
    const int first = lanes.first_row(at.lane), lane_rows = lanes.lane_rows();
    const dsp::Ridge ridge = dsp::ridge_at(rows_db + first, lane_rows, row - first, 3, kAnalysisFloorDb);
    readout.ridge = ridge.found;
    readout.db = (ridge.found ? ridge.energy_db : double(rows_db[row])) + offset;
    readout.ridge_hz = display_scale_.to_hz((ridge.centroid_row + 0.5) / lane_rows);
  } else {
    readout.db = rows_db[row] + offset;
  }
  readout.has_level = true;
  // Snap to a spectral peak within a few pixels of the pointer: its exact frequency and level
  // (the peak estimator on the kept audio), not the row's centre (rows are ~20 cents apart).
  const float reach_px = 0.6f * ImGui::GetTextLineHeight();
  const double lo_hz = display_scale_.to_hz(std::max(0.0, unit - reach_px / lane_px));
  const double hi_hz = display_scale_.to_hz(std::min(1.0, unit + reach_px / lane_px));
  const int channel = lanes.count > 1 ? lane_channels().channel[at.lane] : analysis_channel();
  const dsp::Peak peak = peak_near(channel, column_s, lo_hz, hi_hz);
  if (peak.found && peak.db > settings_.min_db) {
    readout.snapped = true;
    readout.hz = peak.hz;
    readout.db = peak.db + offset;
  }
  if (const dsp::PitchEstimate* e = pitch_near(column_s * sample_rate_hz_)) readout.pitch_hz = e->voiced ? e->hz : 0;
  return readout;
}

void App::configure_readout_peak() {
  dsp::StftConfig config = analyzer_.stft().config();
  config.hop_frames = config.window_length;  // one frame from one window of samples
  readout_samples_.assign(std::size_t(config.window_length), 0.0f);
  if (readout_stft_.configure(config) == dsp::ConfigError::kNone) readout_peak_finder_.configure(readout_stft_);
}

dsp::Peak App::peak_near(int channel, double time_s, double fmin_hz, double fmax_hz) const {
  if (!readout_stft_.ok() || readout_samples_.empty() || !(fmax_hz > fmin_hz)) return {};
  const std::size_t length = readout_samples_.size();
  const double first = std::round(time_s * sample_rate_hz_ - double(length) / 2);
  if (first < double(history_.begin()) || first + double(length) > double(history_.end())) return {};
  history_.read(channel, std::uint64_t(first), length, readout_samples_.data());
  readout_stft_.reset();
  readout_stft_.push(readout_samples_.data(), length);
  if (!readout_stft_.has_frame()) return {};
  dsp::Peak peak = readout_peak_finder_.find(readout_stft_, fmin_hz, fmax_hz);
  // A maximum at the edge of the search is a slope, not a peak: its bin must stand above both
  // neighbours.
  const float* db = readout_stft_.frame_db();
  const long k = std::lround(peak.hz / readout_stft_.bin_hz()), bins = long(readout_stft_.bin_count());
  if (peak.found && (k < 1 || k + 1 >= bins || db[k] < db[k - 1] || db[k] < db[k + 1])) peak.found = false;
  return peak;
}

// [SECTION] messages and shortcuts -----------------------------------------------------------------

void App::show_message(const std::string& text, const char* kind, const char* tag) {
  val page = val::global("SpectrogramPage");
  if (!page.isUndefined()) page.call<void>("showMessage", text, std::string(kind), std::string(tag));
}

void App::clear_message(const char* tag) {
  val page = val::global("SpectrogramPage");
  if (!page.isUndefined()) page.call<void>("clearMessage", std::string(tag));
}

std::string App::auto_range() {
  // The levels in view: up to 256 columns spread across it, every row of each.
  const std::int64_t first = std::max(column_near(view_.start_s()), store_.oldest_possible());
  const std::int64_t last = std::min(column_near(view_.end_s), store_.newest());
  if (last < first) return "Nothing in view to set the range from: start the microphone or open a recording first.";
  const std::int64_t step = std::max<std::int64_t>(1, (last - first + 1) / 256);
  std::vector<float> levels, column(std::size_t(store_.rows()));
  for (std::int64_t c = first; c <= last; c += step) {
    if (!store_.get(c, column.data())) continue;
    for (std::size_t r = 0; r < column.size(); ++r)
      if (column[r] > kAnalysisFloorDb + 1) levels.push_back(column[r] + (r < row_offsets_.size() ? row_offsets_[r] : 0.0f));
  }
  if (levels.size() < 16) return "The sound in view is silent (digital zero): there is no range to set.";
  // The ceiling just above the loudest level, the floor at the quietest tenth (the noise floor),
  // in 5 dB steps, 30 to 120 dB apart.
  const auto tenth = levels.begin() + std::ptrdiff_t(levels.size() / 10);
  std::nth_element(levels.begin(), tenth, levels.end());
  const float quiet_db = *tenth, loud_db = *std::max_element(levels.begin(), levels.end());
  settings::Settings next = settings_;
  next.max_db = std::min(0.0f, 5.0f * std::ceil(loud_db / 5.0f));
  next.min_db = std::clamp(5.0f * std::floor(quiet_db / 5.0f), next.max_db - 120.0f, next.max_db - 30.0f);
  const std::string error = settings::check_consistency(next);
  if (!error.empty()) return error;
  apply(next);
  return "";
}

void App::handle_shortcut(int key_code) {
  const float width = layout_.spectrogram.w;
  switch (key_code) {
    case 32:  // space: freeze the view (capture goes on), or follow the newest sound again
      frozen_ = !frozen_;
      view_.live = !frozen_;
      break;
    case 35:  // End: back to live
      frozen_ = false;
      view_.live = true;
      break;
    case 36:  // Home: the oldest kept sound
      frozen_ = true;
      view_.live = false;
      view_.end_s = oldest_time_s() + view_.span_s;
      break;
    case 37: scroll_pixels(width * 0.2); break;   // left: back in time
    case 39: scroll_pixels(-width * 0.2); break;  // right: forward
    case 187: case 107: case 61: zoom_time_about(0.8, view_.live ? width : width / 2); break;   // +
    case 189: case 109: case 173: zoom_time_about(1.25, view_.live ? width : width / 2); break;  // -
    // Up: zoom in, down: out, about the middle of the range (of the top lane, when stacked).
    case 38: zoom_frequency_about(0.8, lane_middle_y()); break;
    case 40: zoom_frequency_about(1.25, lane_middle_y()); break;
    case 27:  // Esc: closes the menu, help (then settings), else clears the selection
      if (controls_.show_menu) controls_.show_menu = false;
      else if (controls_.show_help) controls_.show_help = false;
      else if (controls_.show_settings) controls_.show_settings = false;
      else selection_.active = false;
      break;
    case 'P': playback_.playing ? stop_playback() : (void)play(controls_.loop_playback); break;
    case 'S':
      if (audio_.active()) stop_capture();
      else audio_.start(settings_.browser_processing);
      break;
    case 'C': clear_history(); break;
    case 'D': export_requested_by_button_ = true; break;
    case 'W': export_file_by_button("wav"); break;
    case 'V': export_file_by_button("csv"); break;
    case 'O': controls_.show_settings = !controls_.show_settings; break;
    case 'H': controls_.show_help = !controls_.show_help; break;
    default: break;
  }
  update_view();  // view() tells the new view at once, not after the next frame
}

}  // namespace app
