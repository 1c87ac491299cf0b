// file_detail.cpp: the full-resolution detail of a long file's zoomed view. A long file's
// overview is analysed at a longer hop and pooled so that all of it fits (file_session.cpp);
// zoomed in, that picture is coarser than the screen. Once the view has stood still for a
// moment, the part in view (and half a view either side) is analysed again at the settings' own
// hop into a store of its own, from the kept audio if it holds that part, else read again from
// the file by the page (web/file-open.js readDetail: a WAV seeks there, a FLAC or MP3 to a
// frame a little before it; an Ogg file is decoded from its start, the frames before dropped).
// The picture and exports use the detail wherever it covers what they show, columnAt() wherever
// it holds the time; the overview elsewhere.
// Does: decide when a detail is needed and which range; analyse it in time-budgeted slices
//       (no long main-thread task); drop it when the file, the analysis or the rows change.
// Does not: decode (the page's worker does), or draw (render() picks the store).
#include <emscripten.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/app.h"
#include "dsp/level.h"

using emscripten::val;

namespace app {
namespace {

// The detail's columns, at most this much memory (2 bytes a row): at 500 rows and the default
// hop, about 3.7 minutes; at hop 64, 35 s.
constexpr std::size_t kDetailColumnBytes = 24u << 20;
// The view must stand still this long before a detail is asked for (a zoom or a drag in
// progress would otherwise start one at every step).
constexpr double kStillMs = 300.0;
// The overview is blocky when its columns are this many screen pixels wide (or more).
constexpr double kBlockyColumnPixels = 1.5;

}  // namespace

double App::detail_seconds_per_column() const { return double(detail_.hop_frames) / sample_rate_hz_; }

double App::detail_column_zero_s() const {
  return detail_seconds_per_column() / 2 - detail_.content_offset_samples / sample_rate_hz_;
}

App::ColumnSource App::column_source(double from_s, double to_s) const {
  if (detail_covers(from_s, to_s)) return {&detail_store_, detail_seconds_per_column(), detail_column_zero_s()};
  return overview_source();
}

bool App::detail_covers(double from_s, double to_s) const {
  if (detail_.state != FileDetail::State::kReady) return false;
  // Within the file (a view may reach past its end, where there is nothing to cover).
  from_s = std::max(from_s, 0.0);
  to_s = std::min(to_s, file_.duration_s);
  return from_s >= detail_.from_s - 1e-9 && to_s <= detail_.to_s + 1e-9;
}

void App::drop_file_detail() {
  if (detail_.state == FileDetail::State::kReading && !detail_.from_memory) {
    val page = val::global("SpectrogramFile");
    if (!page.isUndefined()) page.call<void>("stopDetail");
  }
  if (detail_.state != FileDetail::State::kNone) picture_.invalidate();
  detail_.state = FileDetail::State::kNone;
  detail_.declined.span_s = -1;
}

void App::update_file_detail(int plot_width_px) {
  if (!file_.active) {
    if (detail_.state != FileDetail::State::kNone) drop_file_detail();
    return;
  }
  // Only a finished overview that is coarser than the settings' hop needs one.
  if (!file_.finished || file_.streaming || reanalysis_.active() || file_.detail_unavailable ||
      (file_.pool == 1 && file_.hop_factor == 1))
    return;
  const double now = emscripten_get_now();
  if (view_.end_s != detail_.seen.end_s || view_.span_s != detail_.seen.span_s) {
    detail_.seen = view_;
    detail_.still_since_ms = now;
    return;
  }
  if (now - detail_.still_since_ms < kStillMs) return;
  const double start_s = std::max(0.0, view_.start_s()), end_s = std::min(file_.duration_s, view_.end_s);
  if (!(end_s > start_s)) return;
  const bool covered = detail_.state != FileDetail::State::kNone && detail_.state != FileDetail::State::kFailed &&
                       start_s >= detail_.from_s && end_s <= detail_.to_s;
  const bool failed_here = detail_.state == FileDetail::State::kFailed && start_s >= detail_.from_s && end_s <= detail_.to_s;
  if (covered || failed_here) return;
  const double seconds_per_pixel = view_.span_s / std::max(1, plot_width_px);
  if (seconds_per_column() < kBlockyColumnPixels * seconds_per_pixel) return;  // the overview is fine here
  // A view already found too wide for a detail is not planned again at every frame.
  if (view_.end_s == detail_.declined.end_s && view_.span_s == detail_.declined.span_s) return;

  // The settings' own analysis (no longer hop, no pooling), on the same rows.
  // Why the shortest bin history: the detail only makes columns (peak() and the readouts read the
  // main analyzer), and each frame of history costs the FFT's bins in floats.
  const settings::AnalysisPlan plan = settings::plan_analysis(settings_, sample_rate_hz_, layer_.rows(), 256);
  const int hop = plan.shape.hop_frames;
  drop_file_detail();  // a detail of another part (the view moved on)
  if (detail_analyzer_.configure(plan.config, analyzer_.lanes().count) != dsp::ConfigError::kNone) {
    detail_.declined = view_;
    return;
  }
  // The store holds the lead after the range too (the analysis runs past it to finish its last
  // columns), so the range gets what is left.
  const std::int64_t lead = analysis_lead_columns(plan.shape.window_length, hop, detail_analyzer_.column_latency_frames());
  const std::size_t capacity = timeline::ColumnStore::capacity_for_bytes(kDetailColumnBytes, plan.config.rows);
  const double affordable_s = (double(capacity) - 2.0 * double(lead) - 4.0) * hop / sample_rate_hz_;
  if (end_s - start_s > affordable_s) {  // too wide for a detail: the overview shows it
    detail_.declined = view_;
    return;
  }
  const double margin_s = std::min(0.5 * (end_s - start_s), 0.5 * (affordable_s - (end_s - start_s)));
  const double from_s = std::max(0.0, start_s - margin_s), to_s = std::min(file_.duration_s, end_s + margin_s);

  if (detail_.wave_min.empty()) {  // once: the waveform ring (see analyse_detail)
    detail_.wave_min.assign(4096, 0.0f);
    detail_.wave_max.assign(4096, 0.0f);
  }
  // Why clear() when the shape is the same: a new detail at every zoom would otherwise free and
  // allocate its 24 MB again.
  const bool same_shape = detail_store_.rows() == plan.config.rows && detail_store_.capacity() == capacity && detail_store_.hop_frames() == hop;
  if (same_shape) detail_store_.clear();
  else if (detail_store_.configure(plan.config.rows, capacity, hop, kAnalysisFloorDb) != dsp::ConfigError::kNone) {
    detail_.state = FileDetail::State::kFailed;  // no memory for it here: the overview stays
    detail_.from_s = from_s;
    detail_.to_s = to_s;
    return;
  }
  detail_.hop_frames = hop;
  detail_.content_offset_samples = settings::column_content_offset_samples(plan);
  // The analysis starts a lead of columns before the range on the hop's grid, so the first
  // column wanted is whole and every column lines up with the overview's clock.
  const std::int64_t from_column = std::int64_t(std::floor(from_s * sample_rate_hz_ / hop));
  const std::int64_t origin_column = std::max<std::int64_t>(0, from_column - lead);
  detail_.origin_frame = std::uint64_t(origin_column) * std::uint64_t(hop);
  detail_.first_column = origin_column == 0 ? 0 : origin_column + lead;
  // The latency's worth of audio past the range, so its last columns are finished.
  detail_.end_frame = std::uint64_t(std::ceil(to_s * sample_rate_hz_)) + std::uint64_t(lead) * std::uint64_t(hop);
  detail_.next_frame = detail_.origin_frame;
  detail_.from_s = from_s;
  detail_.to_s = to_s;
  detail_.wave_bucket = -1;
  detail_.started_ms = now;
  detail_.from_memory = history_.begin() <= detail_.origin_frame && std::min<std::uint64_t>(detail_.end_frame, file_.frames) <= history_.end();
  if (!detail_.from_memory) {
    val page = val::global("SpectrogramFile");
    // Why no further than the overview's frames: an MP3 read from a frame mid-file no longer
    // knows where the encoder's padding begins, so it would go on into it.
    const std::uint64_t read_end = file_.finished ? std::min(detail_.end_frame, file_.frames) : detail_.end_frame;
    if (page.isUndefined() || !page.call<bool>("readDetail", double(detail_.origin_frame), double(read_end))) {
      // This file's parts cannot be read again (the browser decoded it whole): not asked again.
      detail_.state = FileDetail::State::kFailed;
      file_.detail_unavailable = true;
      return;
    }
  }
  detail_.state = FileDetail::State::kReading;
}

bool App::pump_file_detail(double budget_ms) {
  if (detail_.state != FileDetail::State::kReading) return false;
  const double start = emscripten_get_now();
  val page = val::global("SpectrogramFile");
  const int left_index = int(reinterpret_cast<std::uintptr_t>(left_.data()) / sizeof(float));
  const int right_index = int(reinterpret_cast<std::uintptr_t>(right_.data()) / sizeof(float));
  const float* lane_samples[dsp::kMaxLanes] = {};
  do {
    std::size_t frames = 0;
    if (detail_.from_memory) {
      const std::uint64_t end = std::min<std::uint64_t>(detail_.end_frame, history_.end());
      frames = std::size_t(std::min<std::uint64_t>(mono_.size(), end - std::min(end, detail_.next_frame)));
      if (frames > 0) read_lanes(detail_.next_frame, frames, lane_samples);
    } else {
      const int got = page.call<int>("readDetailBlock", val::module_property("HEAPF32"), left_index, right_index, int(left_.size()));
      if (got == 0) return false;  // the decoder is behind; the page wakes the app
      if (got > 0) {
        frames = std::size_t(got);
        take_file_block(frames);
        lane_inputs(lane_samples);
      } else if (const std::string error = page.call<std::string>("detailError"); !error.empty()) {
        detail_.state = FileDetail::State::kFailed;
        file_.detail_unavailable = true;  // said once, not at every zoom
        show_message("The detail of this part could not be read again (" + error + "); the overview is shown.", "error", "file");
        return false;
      }
    }
    if (frames == 0 && detail_.end_frame > file_.frames && detail_.next_frame < detail_.end_frame) {
      // The file ended before the lead past the range: its last columns are finished on
      // silence (as if the file went on quiet), so the detail reaches the file's end.
      frames = std::size_t(std::min<std::uint64_t>(mono_.size(), detail_.end_frame - detail_.next_frame));
      silence_lanes(frames, lane_samples);
    }
    if (frames == 0) {  // all of it: shown from the next frame
      detail_.state = FileDetail::State::kReady;
      detail_.took_ms = emscripten_get_now() - detail_.started_ms;
      picture_.invalidate();
      return false;
    }
    analyse_detail(lane_samples, mono_.data(), frames);
    detail_.next_frame += frames;
  } while (emscripten_get_now() - start < budget_ms);
  return true;
}

void App::analyse_detail(const float* const* lane_samples, const float* samples, std::size_t count) {
  // The waveform extremes of each hop of what goes in (a column shows its hop's), in a ring
  // long enough for the analysis's latency.
  const std::uint64_t hop = std::uint64_t(detail_.hop_frames);
  const std::size_t ring = detail_.wave_min.size();
  for (std::size_t i = 0; i < count; ++i) {
    const std::int64_t bucket = std::int64_t((detail_.next_frame + i) / hop);
    const std::size_t slot = std::size_t(bucket) % ring;
    if (bucket != detail_.wave_bucket) {
      detail_.wave_bucket = bucket;
      detail_.wave_min[slot] = 1e30f;
      detail_.wave_max[slot] = -1e30f;
    }
    detail_.wave_min[slot] = std::min(detail_.wave_min[slot], samples[i]);
    detail_.wave_max[slot] = std::max(detail_.wave_max[slot], samples[i]);
  }
  for (std::size_t offset = 0; offset < count;) {
    const std::size_t consumed = detail_analyzer_.push(lane_samples, offset, count - offset);
    if (consumed == 0) break;  // inert analyzer
    offset += consumed;
    if (!detail_analyzer_.has_column()) continue;
    const std::int64_t index = std::int64_t((detail_.origin_frame + detail_analyzer_.columns().info(0).end_sample) / hop) - 1;
    if (index < detail_.first_column) continue;  // its window began before the analysis did
    // Past the end: a column whose cell (its hop around its centre) begins after the file's end.
    if (double(index) * detail_seconds_per_column() + detail_column_zero_s() >= file_.duration_s) continue;
    timeline::ColumnInfo info;
    const std::size_t slot = std::size_t(index) % ring;
    info.wave_min = detail_.wave_min[slot];
    info.wave_max = detail_.wave_max[slot];
    detail_store_.put(index, detail_analyzer_.column_db(), info);
  }
}

val App::file_detail_stats() const {
  if (detail_.state == FileDetail::State::kNone) return val::null();
  static const char* kStates[] = {"none", "reading", "ready", "failed"};
  val result = val::object();
  result.set("state", std::string(kStates[int(detail_.state)]));
  result.set("fromSec", detail_.from_s);
  result.set("toSec", detail_.to_s);
  result.set("hopFrames", detail_.hop_frames);
  result.set("fromMemory", detail_.from_memory);
  result.set("tookMs", detail_.took_ms);
  result.set("shown", picture_shows_detail_);  // the picture on screen is drawn from it
  return result;
}

}  // namespace app
