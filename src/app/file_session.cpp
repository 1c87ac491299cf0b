// file_session.cpp: a recording as the timeline. The page (web/file-open.js) decodes the file in
// its worker and hands the app blocks of audio; here they are kept (as much as the memory budget
// allows), analysed in the chosen mode through the same path as captured sound, and stored as
// the picture of the whole file (pooled into fewer columns when a long file would not fit).
// Does: size the kept audio and the picture for the file before its audio arrives (and refuse a
//       file whose overview could not be shown); pull audio in time-budgeted slices from display
//       frames and wake-ups (no long main-thread task); finish the stream (whole, cut off or
//       cancelled, with a message saying which); ask the page to read the file again when the
//       settings change and the kept audio does not hold all of it.
// Does not: decode or read the file (the page's worker does), or draw.
#include <emscripten.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/app.h"
#include "dsp/level.h"
#include "dsp/multires.h"

using emscripten::val;

namespace app {
namespace {

// A file's kept audio, at most this much (32-bit floats, up to two channels): 2.9 minutes of
// 48 kHz stereo, 5.8 of mono. Within it (and the Keep setting) a file is replayed, exported as
// WAV and re-analysed from memory; a longer one keeps its end and is read again on a change.
constexpr std::size_t kFileAudioBytes = 64u << 20;
// The coarsest overview shown: a file whose stored columns would each cover more than this is
// refused before it starts (it would not be worth reading).
constexpr double kCoarsestColumnSeconds = 1.0;

std::string text_of(const val& value, std::size_t max_chars) {
  if (!value.isString()) return "";
  std::string text = value.as<std::string>();
  if (text.size() > max_chars) text.resize(max_chars);
  return text;
}

double number_of(const val& value) { return value.isNumber() ? value.as<double>() : 0.0; }

// "3:12", "1:02:03".
std::string clock_text(double seconds) {
  const long total = long(std::lround(std::max(0.0, seconds)));
  char text[32];
  if (total >= 3600) std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", total / 3600, total / 60 % 60, total % 60);
  else std::snprintf(text, sizeof text, "%ld:%02ld", total / 60, total % 60);
  return text;
}

}  // namespace

std::string App::file_begin(val info) {
  if (!ready_) return init_failure_;
  if (info.isUndefined() || info.isNull()) return "fileBegin() needs the file's facts";
  const double rate = number_of(info["sampleRate"]);
  const int channels = int(number_of(info["channels"]));
  const double duration_s = number_of(info["durationSec"]);
  if (!(rate >= 8000 && rate <= 384000)) return "This file's sample rate is outside what the app analyses (8 kHz to 384 kHz).";
  if (channels < 1 || channels > 8) return "This file has " + std::to_string(channels) + " channels; 1 to 8 are supported.";
  if (!std::isfinite(duration_s) || duration_s < 0) return "This file's length cannot be read.";
  // Refused before anything changes: an overview coarser than a second a column.
  const double hop_s = shape_.hop_frames / rate;
  const double columns = duration_s / hop_s;
  const double rows = layer_.rows() > 0 ? layer_.rows() : 256;  // before the first frame: configure_analysis()'s guess
  const double affordable = double(timeline::ColumnStore::capacity_for_bytes(kFileColumnBytes, int(rows)));
  if (std::ceil(columns / affordable) * hop_s > kCoarsestColumnSeconds) {
    char text[300];
    std::snprintf(text, sizeof text,
                  "This file is %s long: too long for this page's memory (its picture would have under one column a "
                  "second). Open a part of it under %s, or choose a larger FFT or less overlap.",
                  clock_text(duration_s).c_str(), clock_text(affordable * kCoarsestColumnSeconds).c_str());
    return text;
  }
  const bool reread = info["reread"].isTrue();
  if (controls_.capturing) stop_capture();
  stop_playback();
  const double live_span_s = file_.active ? file_.live_span_s : settings_.span_s;
  const int readings = reread && file_.active ? file_.readings + 1 : 1;
  file_ = OpenFile();
  file_.readings = readings;
  file_.active = file_.streaming = true;
  file_.rereading = reread;
  file_.live_span_s = live_span_s;
  file_.name = text_of(info["name"], 200);
  file_.format = text_of(info["format"], 40);
  file_.duration_s = duration_s;
  file_.exact = info["exact"].isTrue();
  file_.channels = channels;
  sample_rate_hz_ = rate;

  // The kept audio: the whole file if it fits the budget and the Keep setting, else its end.
  const int kept_channels = std::min(channels, timeline::kMaxChannels);
  const double budget_frames = double(kFileAudioBytes) / (sizeof(float) * kept_channels);
  const double keep_frames = std::min(settings_.history_minutes * 60.0 * rate, budget_frames);
  const double file_frames = duration_s > 0 ? duration_s * rate * (file_.exact ? 1.0 : 1.25) + rate : keep_frames;
  if (history_.configure(kept_channels, std::size_t(std::max(rate, std::min(keep_frames, file_frames))), rate) != dsp::ConfigError::kNone) {
    show_message("No memory could be had for this file's sound: its picture is made, but it cannot be played or re-analysed.", "error", "memory");
  }
  pitch_.reset();
  pitch_fill_frames_ = 0;
  hold_.clear();
  selection_.active = false;
  if (!reread) {
    // The whole file in view (up to the longest span), not following anything.
    settings_.span_s = std::clamp(duration_s > 0 ? duration_s : settings_.span_s, settings::kMinSpanSeconds, settings::kMaxSpanSeconds);
    view_.span_s = settings_.span_s;
    view_.end_s = view_.span_s;
  }
  view_.live = false;
  frozen_ = true;
  configure_analysis();
  clear_message("file");
  return "";
}

double App::file_frames_to_plan() const {
  // Why a margin when the length is an estimate (an MP3 without a frame count): a store too
  // short would drop the file's beginning.
  return std::max(double(file_.frames), file_.duration_s * sample_rate_hz_) * (file_.exact ? 1.0 : 1.25);
}

void App::plan_file_overview(settings::AnalysisPlan* plan) {
  file_.pool = file_.hop_factor = 1;
  if (!file_.active) return;
  // A long file's picture must fit kFileColumnBytes: first a longer hop (up to the window, so
  // every sample is still analysed, and the work shrinks with the columns), then pooling of
  // analysis columns (their maximum, so nothing short is lost between them).
  const int base_hop = plan->shape.hop_frames;
  const std::size_t affordable = timeline::ColumnStore::capacity_for_bytes(kFileColumnBytes, plan->config.rows);
  const std::size_t columns = std::size_t(file_frames_to_plan() / base_hop) + 64;
  const int needed = int((columns + affordable - 1) / affordable);
  const int widest_hop = dsp::mode_is_multires(plan->config.mode) ? dsp::kBandWindow : plan->shape.window_length;
  file_.hop_factor = std::clamp(needed, 1, std::max(1, widest_hop / base_hop));
  file_.pool = (needed + file_.hop_factor - 1) / file_.hop_factor;
  plan->shape.hop_frames = plan->config.stft.hop_frames = base_hop * file_.hop_factor;
}

bool App::file_kept_whole() const {
  const double file_frames = std::max(double(file_.frames), file_.finished ? 0.0 : file_.duration_s * sample_rate_hz_);
  return file_.pool == 1 && file_.hop_factor == 1 && history_.begin() == 0 && double(history_.capacity()) >= file_frames;
}

void App::request_file_reread() {
  file_.streaming = false;  // the page restarts the stream and calls file_begin() again
  file_.finished = false;   // not ready meanwhile (nor a detail asked for)
  store_.clear();
  picture_.invalidate();
  val::global("SpectrogramFile").call<void>("reread");
}

void App::file_stop() {
  // The page gave up on the file's stream (a re-read that failed): what is stored stays shown.
  if (!file_.active) return;
  file_.streaming = false;
  file_.finished = true;
  pool_index_ = -1;
  picture_.invalidate();
}

bool App::pump_file(double budget_ms) {
  // Why wait for the first display frame: until it the plot's row count is a guess, and columns
  // analysed on a guessed row count would have to be read again (a restarted progress bar).
  if (!file_.streaming || layer_.rows() <= 0) return false;
  val page = val::global("SpectrogramFile");
  const double start = emscripten_get_now();
  // Why indices into HEAPF32 and not views: views of wasm memory go stale when memory grows.
  const int left_index = int(reinterpret_cast<std::uintptr_t>(left_.data()) / sizeof(float));
  const int right_index = int(reinterpret_cast<std::uintptr_t>(right_.data()) / sizeof(float));
  do {
    const int frames = page.call<int>("read", val::module_property("HEAPF32"), left_index, right_index, int(left_.size()));
    if (frames < 0) {
      finish_file();
      return false;
    }
    if (frames == 0) {  // the decoder is behind; the page wakes the app when a block comes
      file_.busy_ms += emscripten_get_now() - start;
      return false;
    }
    push_file_audio(std::size_t(frames));
  } while (emscripten_get_now() - start < budget_ms);
  file_.busy_ms += emscripten_get_now() - start;
  return true;
}

void App::take_file_block(std::size_t frames) {
  for (std::size_t i = 0; i < frames; ++i) {
    left_[i] = dsp::sanitize_sample(left_[i]);
    right_[i] = history_.channels() > 1 ? dsp::sanitize_sample(right_[i]) : left_[i];
  }
  fill_analysed_channel(frames);
}

void App::push_file_audio(std::size_t frames) {
  take_file_block(frames);
  const float* channels[2] = {left_.data(), right_.data()};
  history_.push(channels, frames);
  file_.frames += frames;
  samples_read_ += frames;
  // Why no pitch track for files: an estimate every 5 ms of an hour's audio would double the
  // time to the overview, and the track keeps only the newest ~40 s of estimates.
  const float* lane_samples[dsp::kMaxLanes] = {};
  lane_inputs(lane_samples);
  analyse_lanes(lane_samples, frames, true);
}

void App::finish_file() {
  file_.streaming = false;
  file_.finished = true;
  finish_file_end_columns();
  if (file_.pool > 1 && pool_index_ >= 0) store_column(pool_index_, pool_db_.data());
  pool_index_ = -1;
  val result = val::global("SpectrogramFile").call<val>("result");
  file_.truncated = result["truncated"].isTrue();
  file_.cancelled = result["cancelled"].isTrue();
  const std::string error = text_of(result["error"], 300), warnings = text_of(result["warnings"], 200);
  const double decoded_s = double(file_.frames) / sample_rate_hz_;
  const double stated_s = file_.duration_s;
  file_.duration_s = decoded_s;  // what the file really held
  if (!file_.cancelled && !file_.truncated && error.empty()) {
    settings_.span_s = std::clamp(decoded_s, settings::kMinSpanSeconds, settings::kMaxSpanSeconds);
    if (!file_.rereading) {
      view_.span_s = settings_.span_s;
      view_.end_s = view_.span_s;
    }
  }
  picture_.invalidate();
  std::string text;
  if (file_.cancelled) {
    text = "Stopped reading " + file_.name + ": showing its first " + clock_text(decoded_s) +
           (stated_s > 0 ? " of " + clock_text(stated_s) : "") + ".";
  } else if (!error.empty()) {
    text = error + " Showing the " + clock_text(decoded_s) + " read before the problem.";
  } else if (file_.truncated) {
    text = file_.name + " is truncated (cut off" + (stated_s > decoded_s + 0.5 ? " at " + clock_text(decoded_s) + " of " + clock_text(stated_s) : "") +
           "): showing what could be read.";
  } else if (!warnings.empty()) {
    text = file_.name + ": " + warnings + "; the rest is shown.";
  }
  if (!text.empty()) show_message(text, file_.cancelled ? "info" : "error", "file");
  val::global("SpectrogramFile").call<void>("analysed", file_stats());
  run_after_reanalysis();
}

void App::finish_file_end_columns() {
  // Why an analysis of its own (the detail's, idle while no detail is asked for): the main one's
  // newest frame stays the file's last whole one, which peak(), latestFrame() and the spectrum
  // read; a frame half over silence would read a tone 6 dB low.
  assert(file_.active);
  // Why drop one: the detail's analyzer is borrowed (none is asked for while a file streams).
  drop_file_detail();
  const std::uint64_t end = history_.end();
  const int hop = shape_.hop_frames;
  if (end == 0 || end != file_.frames || history_.channels() == 0) return;  // the kept audio is not the file's
  // The next column the main analysis would have stored, and the last whose cell (its hop
  // around its centre) begins inside the file, so the picture reaches the file's last sample.
  std::int64_t next_column = live_first_column_;
  if (analyzer_.columns().size() > 0)
    next_column = std::max(next_column, std::int64_t((live_origin_ + analyzer_.columns().info(0).end_sample) / std::uint64_t(hop)));
  const std::int64_t last_column = std::int64_t(std::ceil((double(end) + content_offset_samples_ + 0.5 * hop) / hop)) - 2;
  if (last_column < next_column) return;
  dsp::AnalyzerConfig config = analyzer_.lane(0).config();
  config.rows = analyzer_.lanes().rows;  // a lane's config has its lane's rows
  config.history_frames = 16;            // only its columns are wanted
  if (detail_analyzer_.configure(config, analyzer_.lanes().count) != dsp::ConfigError::kNone) return;
  // From a lead of whole windows before the first missing column (on the hop's grid), kept audio
  // to the end, then silence until the last column is out (at most the lead's worth again).
  const std::int64_t lead = analysis_lead_columns(shape_.window_length, hop, detail_analyzer_.column_latency_frames());
  const std::int64_t origin_column = std::max<std::int64_t>(0, next_column - lead);
  const std::uint64_t origin = std::uint64_t(origin_column) * std::uint64_t(hop);
  if (origin < history_.begin()) return;  // the kept audio does not reach back that far
  const std::uint64_t stop = end + std::uint64_t(lead + 2) * std::uint64_t(hop);
  std::int64_t newest = -1;
  const float* lane_samples[dsp::kMaxLanes] = {};
  const std::size_t silence_block = std::min<std::size_t>(mono_.size(), std::size_t(hop));  // a column at a time
  for (std::uint64_t at = origin; at < stop && newest < last_column;) {
    const std::size_t count = std::size_t(at < end ? std::min<std::uint64_t>(mono_.size(), end - at) : std::min<std::uint64_t>(silence_block, stop - at));
    if (at < end) read_lanes(at, count, lane_samples);
    else silence_lanes(count, lane_samples);
    for (std::size_t offset = 0; offset < count;) {
      const std::size_t consumed = detail_analyzer_.push(lane_samples, offset, count - offset);
      if (consumed == 0) return;  // inert analyzer
      offset += consumed;
      if (!detail_analyzer_.has_column()) continue;
      newest = std::int64_t((origin + detail_analyzer_.columns().info(0).end_sample) / std::uint64_t(hop)) - 1;
      if (newest < next_column || newest > last_column) continue;
      if (file_.pool > 1) pool_column(newest, detail_analyzer_.column_db());
      else store_column(newest, detail_analyzer_.column_db());
    }
    at += count;
  }
}

void App::pool_column(std::int64_t analysis_index, const float* rows_db) {
  const std::int64_t index = analysis_index / file_.pool;
  const std::size_t rows = pool_db_.size();
  if (index != pool_index_) {
    if (pool_index_ >= 0) store_column(pool_index_, pool_db_.data());
    pool_index_ = index;
    std::copy(rows_db, rows_db + rows, pool_db_.begin());
    return;
  }
  for (std::size_t r = 0; r < rows; ++r) pool_db_[r] = std::max(pool_db_[r], rows_db[r]);
}

std::string App::file_caption_input() const {
  char rate[32];
  std::snprintf(rate, sizeof rate, "%g kHz", sample_rate_hz_ / 1000.0);
  return file_.name + " (" + file_.format + ", " + rate + ", " + std::to_string(file_.channels) +
         (file_.channels == 1 ? " channel, " : " channels, ") + clock_text(file_.duration_s) + ")";
}

val App::file_stats() const {
  if (!file_.active) return val::null();
  val result = val::object();
  result.set("name", file_.name);
  result.set("format", file_.format);
  result.set("sampleRate", sample_rate_hz_);
  result.set("channels", file_.channels);
  result.set("durationSec", file_.duration_s);
  result.set("framesDecoded", double(file_.frames));
  result.set("truncated", file_.truncated);
  result.set("cancelled", file_.cancelled);
  result.set("pooledColumns", file_.pool);
  result.set("hopFactor", file_.hop_factor);
  result.set("readings", file_.readings);
  result.set("detail", file_detail_stats());
  result.set("keptWhole", file_kept_whole());
  result.set("ready", file_.finished && !reanalysis_.active());
  result.set("analysisMs", file_.busy_ms);  // main-thread time spent taking in and analysing it
  return result;
}

}  // namespace app
