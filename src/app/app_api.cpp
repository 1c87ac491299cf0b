// app_api.cpp: the scripting API of App (window.spectrogram, through bindings.cpp): capture,
// settings, frames, columns, pitch, stats, the timeline. See app.h and README (the exports are
// in exports.cpp).
// Does: answer from the app's state; turn errors into messages and rejected promises (nothing
//       throws across the bindings).
// Does not: draw or analyse (app.cpp runs the frame).
#include <emscripten.h>

#include <algorithm>
#include <cmath>

#include "app/app.h"
#include "settings/presets.h"
#include "ui/ticks.h"

using emscripten::val;

namespace app {
namespace {

std::vector<std::pair<std::string, std::string>> entries_of(val list) {
  std::vector<std::pair<std::string, std::string>> values;
  if (list.isUndefined() || list.isNull()) return values;
  const int count = list["length"].as<int>();
  for (int i = 0; i < count; ++i) values.emplace_back(list[i][0].as<std::string>(), list[i][1].as<std::string>());
  return values;
}

}  // namespace

std::string App::load_settings(val stored_entries, val link_entries, bool phone) {
  settings::Settings loaded;
  if (phone) loaded.history_minutes = settings::kPhoneHistoryMinutes;  // a smaller default where memory is small
  std::vector<std::string> ignored_stored, rejected;
  settings::load_untrusted(loaded, entries_of(stored_entries), &ignored_stored);  // stale storage: silent
  settings::load_untrusted(loaded, entries_of(link_entries), &rejected);
  apply(loaded);
  persist_settings();
  if (rejected.empty()) return "";
  std::string names;
  for (const std::string& key : rejected) names += (names.empty() ? "" : ", ") + key;
  return "This link had values that could not be used for: " + names + ". Those settings are at their defaults.";
}


void App::start_capture(val resolve, val reject) {
  if (!ready_) {
    reject(js_error(init_failure_));
    return;
  }
  if (!start_reject_.isUndefined()) start_reject_(js_error("superseded by a new start()"));
  start_resolve_ = resolve;
  start_reject_ = reject;
  audio_.start(settings_.browser_processing);
}

void App::stop_capture() {
  audio_.stop();
  controls_.capturing = false;
  clear_message("stall");
  if (!start_reject_.isUndefined()) start_reject_(js_error("stopped before capture started"));
  start_resolve_ = start_reject_ = val::undefined();
}

std::string App::settings_json() const {
  std::string json = "{";
  for (const char* key : settings::setting_keys()) {
    const std::string k = key, value = settings::get_as_text(settings_, key);
    const bool quoted = settings::value_is_text(k);
    json += (json.size() > 1 ? ",\"" : "\"") + k + "\":" + (quoted ? "\"" + value + "\"" : value);
  }
  return json + "}";
}

std::string App::apply_settings(val entries) {
  settings::Settings next = settings_;
  const std::string error = settings::apply_all(next, entries_of(entries));
  if (!error.empty()) return error;
  apply(next);
  return "";
}

std::string App::apply_preset(const std::string& name) {
  settings::Settings next = settings_;
  const std::string error = settings::apply_preset(next, name);
  if (!error.empty()) return error;
  apply(next);
  return "";
}

std::string App::ui_edit(val entries) {
  settings::Settings probe = settings_;
  auto edits = entries_of(entries);
  const std::string error = settings::apply_all(probe, edits);
  if (!error.empty()) return error;
  pending_ui_edits_.insert(pending_ui_edits_.end(), edits.begin(), edits.end());
  return "";
}

val App::latest_frame() const {
  const dsp::History& history = analyzer_.history();
  if (history.size() == 0) return val::null();
  const std::size_t bins = history.bins();
  val hz = val::global("Float32Array").new_(bins);
  val db = val::global("Float32Array").new_(val(emscripten::typed_memory_view(bins, history.frame(0))));
  const double bin_hz = analyzer_.stft().bin_hz();
  for (std::size_t k = 0; k < bins; ++k) hz.set(k, k * bin_hz);
  val frame = val::object();
  frame.set("timeSec", double(history.info(0).end_sample) / sample_rate_hz_);
  frame.set("hz", hz);
  frame.set("db", db);
  // With each channel shown, each lane's newest frame too (top first); the above is the first's.
  if (analyzer_.lanes().count > 1) {
    val per_lane = val::array();
    for (int lane = 0; lane < analyzer_.lanes().count; ++lane) {
      const dsp::Stft& stft = analyzer_.lane(lane).stft();
      val entry = val::object();
      entry.set("channel", std::string(lane_name(lane)));
      entry.set("db", val::global("Float32Array").new_(val(emscripten::typed_memory_view(std::min(bins, stft.bin_count()), stft.frame_db()))));
      per_lane.call<void>("push", entry);
    }
    frame.set("lanes", per_lane);
  }
  return frame;
}

val App::latest_column() const {
  const std::size_t rows = std::size_t(store_.rows());
  std::vector<float> newest(rows);
  if (!store_.get(store_.newest(), newest.data())) return val::null();
  val hz = val::global("Float32Array").new_(rows);
  val db = val::global("Float32Array").new_(val(emscripten::typed_memory_view(rows, newest.data())));
  for (std::size_t r = 0; r < rows; ++r) hz.set(r, row_center_hz(int(r)));
  val column = val::object();
  // The centre of what it shows, on the history's clock (like columnAt()).
  column.set("timeSec", store_.newest() >= 0 ? column_time_s(store_.newest()) : 0.0);
  column.set("hz", hz);
  column.set("db", db);
  column.set("mode", std::string(dsp::analysis_mode_name(settings_.mode)));
  return column;
}

namespace {
val pitch_object(const dsp::PitchEstimate& e, double sample_rate_hz, double a4_hz) {
  val result = val::object();
  result.set("timeSec", double(e.centre_sample) / sample_rate_hz);
  result.set("hz", e.voiced ? val(e.hz) : val::null());
  result.set("confidence", double(e.clarity));
  if (e.voiced) {
    const ui::NoteReading note = ui::nearest_note(e.hz, a4_hz);
    result.set("note", ui::note_label(note.midi));
    result.set("cents", note.cents);
  }
  return result;
}
}  // namespace

val App::pitch() const {
  if (pitch_.size() == 0) return val::null();
  const dsp::PitchEstimate& e = pitch_.at_age(0);
  if (!e.voiced) return val::null();
  return pitch_object(e, sample_rate_hz_, settings_.a4_hz);
}

val App::pitch_track(double seconds) const {
  val track = val::array();
  if (pitch_.size() == 0 || !(seconds > 0)) return track;
  const double newest = double(pitch_.at_age(0).centre_sample);
  std::size_t count = 0;
  while (count < pitch_.size() && newest - double(pitch_.at_age(count).centre_sample) <= seconds * sample_rate_hz_) ++count;
  for (std::size_t age = count; age-- > 0;) track.call<void>("push", pitch_object(pitch_.at_age(age), sample_rate_hz_, settings_.a4_hz));
  return track;
}

val App::peak() const {
  // Each lane's (every lane's analysis has the same configuration, so one finder serves all).
  const int lanes = analyzer_.lanes().count;
  const double fmax_hz = std::min(settings_.fmax_hz, sample_rate_hz_ / 2);
  auto reading = [&](const dsp::Peak& found) {
    val result = val::object();
    result.set("hz", found.found ? found.hz : 0.0);
    result.set("db", found.found ? found.db : double(kAnalysisFloorDb));
    const ui::NoteReading note = ui::nearest_note(found.found ? found.hz : 0.0, settings_.a4_hz);
    result.set("note", note.valid ? val(ui::note_label(note.midi)) : val::null());
    result.set("cents", note.valid ? val(note.cents) : val::null());
    return result;
  };
  dsp::Peak found[dsp::kMaxLanes];
  int strongest = 0;
  for (int lane = 0; lane < lanes; ++lane) {
    // The whole display range: rumble below fmin (wind, handling) must not hide a tone above it.
    found[lane] = peak_finder_.find(analyzer_.lane(lane).stft(), settings_.fmin_hz, fmax_hz, dsp::EdgeSlopes::kSkip);
    if (found[lane].found && (!found[strongest].found || found[lane].db > found[strongest].db)) strongest = lane;
  }
  // With each channel shown: the stronger lane's peak, and each lane's in `lanes` (top first).
  val result = reading(found[strongest]);
  if (lanes > 1) {
    val per_lane = val::array();
    for (int lane = 0; lane < lanes; ++lane) {
      val entry = reading(found[lane]);
      entry.set("channel", std::string(lane_name(lane)));
      per_lane.call<void>("push", entry);
    }
    result.set("lanes", per_lane);
  }
  return result;
}

val App::stats() const {
  val result = val::object();
  result.set("sampleRate", sample_rate_hz_);
  result.set("transport", std::string(controls_.capturing ? audio_.transport() : (val::global("SpectrogramAudio").call<bool>("isolated") ? "sab" : "message")));
  result.set("build", std::string(SPECTRO_BUILD_NAME));
  result.set("framesAnalyzed", double(frames_analyzed_));
  result.set("droppedSamples", double(audio_.dropped_samples()));
  result.set("backlogSamples", double(audio_.backlog()));
  result.set("hopFrames", shape_.hop_frames);
  result.set("mode", std::string(dsp::analysis_mode_name(settings_.mode)));
  // Extra latency of the mode: hops from a frame's end to its column being finished.
  result.set("historySeconds", double(history_.end() - history_.begin()) / sample_rate_hz_);
  result.set("historyBytes", double(history_.bytes()));
  result.set("pictureBytes", double(store_.bytes()));
  result.set("channels", history_.channels());
  val reanalysis = val::object();
  reanalysis.set("active", reanalysis_.active());
  reanalysis.set("progress", reanalysis_.progress());
  reanalysis.set("lastMs", reanalysis_ms_);
  reanalysis.set("longestSliceMs", longest_slice_ms_);
  reanalysis.set("busyMs", reanalysis_busy_ms_);
  result.set("reanalysis", reanalysis);
  result.set("frozen", frozen_);
  val playback = val::object();
  double playhead_s = 0;
  const bool playing = playhead_time_s(&playhead_s);
  playback.set("playing", playing);
  playback.set("loop", playback_.loop);
  playback.set("fromSec", playback_.from_s);
  playback.set("toSec", playback_.to_s);
  playback.set("positionSec", playing ? val(playhead_s) : val::null());
  result.set("playback", playback);
  result.set("columnLatencyMs", analyzer_.column_latency_frames() * shape_.hop_frames * 1000.0 / sample_rate_hz_);
  result.set("windowLength", shape_.window_length);
  result.set("hopLimited", shape_.hop_limited || shape_.window_limited);
  result.set("fps", metrics_.fps());
  result.set("framesDrawn", metrics_.frames_drawn());
  result.set("frameMs", metrics_.frame_ms());
  result.set("analysisMs", metrics_.analysis_ms());
  result.set("latencyMs", metrics_.latency_ms(0.5));
  result.set("latencyP95Ms", metrics_.latency_ms(0.95));
  result.set("inputRms", double(input_rms_));
  result.set("capturing", controls_.capturing);
  result.set("frozen", frozen_);
  result.set("status", controls_.status);  // the status line's plain words
  result.set("layout", std::string(ui::form_factor_name(controls_.form)));
  result.set("stalled", audio_.stalled());
  result.set("stalls", double(audio_.stalls()));
  result.set("ready", audio_.prepared());
  result.set("track", audio_.track_description());
  result.set("file", file_stats());  // the page adds its progress
  return result;
}

// [SECTION] timeline API ---------------------------------------------------------------------

val App::view() const {
  val v = val::object();
  v.set("startSec", view_.start_s());
  v.set("endSec", view_.end_s);
  v.set("fminHz", display_scale_.fmin_hz());
  v.set("fmaxHz", display_scale_.fmax_hz());
  v.set("live", view_.live);
  v.set("oldestSec", oldest_time_s());
  v.set("newestSec", newest_time_s());
  return v;
}

std::string App::set_view(val partial) {
  if (partial.isUndefined() || partial.isNull()) return "setView() needs an object such as {startSec: 10, endSec: 20}";
  auto number = [&](const char* key, double* out) {
    val value = partial[key];
    if (value.isUndefined()) return true;
    if (!value.isNumber()) return false;
    *out = value.as<double>();
    return std::isfinite(*out);
  };
  double start = view_.start_s(), end = view_.end_s, fmin = settings_.fmin_hz, fmax = settings_.fmax_hz;
  if (!number("startSec", &start) || !number("endSec", &end) || !number("fminHz", &fmin) || !number("fmaxHz", &fmax))
    return "setView(): startSec, endSec, fminHz and fmaxHz must be numbers";
  if (!(end - start >= settings::kMinSpanSeconds - 1e-9) || end - start > settings::kMaxSpanSeconds)
    return "setView(): the span (endSec - startSec) must be 2 to 3600 s";
  const bool live = partial["live"].isUndefined() ? false : partial["live"].as<bool>();
  settings::Settings next = settings_;
  next.fmin_hz = fmin;
  next.fmax_hz = fmax;
  next.span_s = end - start;
  const std::string error = settings::check_consistency(next);
  if (!error.empty()) return error;
  apply(next);
  view_.span_s = end - start;
  view_.end_s = end;
  view_.live = live;
  frozen_ = !live;
  update_view();
  return "";
}

val App::column_at(double time_s) const {
  // The finest column kept there: a long file's detail where it holds that time.
  const ColumnSource source = column_source(time_s, time_s);
  const std::int64_t index = source.index_at(time_s);
  const std::size_t rows = std::size_t(source.store->rows());
  std::vector<float> rows_db(rows);
  if (!source.store->get(index, rows_db.data())) return val::null();
  val hz = val::global("Float32Array").new_(rows);
  for (std::size_t r = 0; r < rows; ++r) hz.set(r, row_center_hz(int(r)));
  val column = val::object();
  column.set("timeSec", source.time_of(index));
  column.set("hz", hz);
  column.set("db", val::global("Float32Array").new_(val(emscripten::typed_memory_view(rows, rows_db.data()))));
  // Each channel shown: every lane's rows on their own, named (hz and db above hold them all,
  // stacked, NaN at a seam).
  const dsp::Lanes lanes = lanes_for(int(rows));
  if (lanes.count > 1) {
    val lane_list = val::array();
    for (int lane = 0; lane < lanes.count; ++lane) {
      const int first = lanes.first_row(lane), count = lanes.lane_rows();
      val one = val::object();
      one.set("channel", std::string(lane_name(lane)));
      one.set("hz", hz.call<val>("slice", first, first + count));
      one.set("db", column["db"].call<val>("slice", first, first + count));
      lane_list.call<void>("push", one);
    }
    column.set("lanes", lane_list);
  }
  return column;
}

std::string App::select(double from_s, double to_s) {
  if (!std::isfinite(from_s) || !std::isfinite(to_s)) return "select(): times must be numbers";
  if (to_s < from_s) std::swap(from_s, to_s);
  from_s = std::max(from_s, oldest_time_s());
  to_s = std::min(to_s, newest_time_s());
  if (!(to_s - from_s > 0)) {
    selection_.active = false;
    return "select(): that span holds no kept sound";
  }
  selection_ = {true, from_s, to_s};
  return "";
}

bool App::export_span(val options, double* from_s, double* to_s, std::string* error) const {
  double from = selection_.active ? selection_.from_s : view_.start_s();
  double to = selection_.active ? selection_.to_s : view_.end_s;
  if (!options.isUndefined() && !options.isNull()) {
    if (options["fromSec"].isNumber()) from = options["fromSec"].as<double>();
    if (options["toSec"].isNumber()) to = options["toSec"].as<double>();
  }
  if (!std::isfinite(from) || !std::isfinite(to)) {
    *error = "fromSec and toSec must be numbers";
    return false;
  }
  if (to < from) std::swap(from, to);
  // Cropped to what was recorded (and is still kept).
  from = std::max(from, oldest_time_s());
  to = std::min(to, std::max(newest_time_s(), double(history_.end()) / sample_rate_hz_));
  if (!(to - from > 1.0 / sample_rate_hz_)) {
    *error = "Nothing to save: that span holds no kept sound.";
    return false;
  }
  *from_s = from;
  *to_s = to;
  return true;
}

std::string App::audio_kept_error(double from_s) const {
  // A long file keeps only its end as audio (its picture is whole): say so rather than play
  // or save silence.
  if (std::llround(from_s * sample_rate_hz_) >= std::int64_t(history_.begin())) return "";
  char text[240];
  std::snprintf(text, sizeof text, "Only the last %.1f minutes of this file are kept as sound: select a part within them to play it or save it as WAV.",
                double(history_.end() - history_.begin()) / sample_rate_hz_ / 60.0);
  return text;
}

std::string App::play(bool loop) {
  double from = 0, to = 0;
  std::string error;
  if (!export_span(val::undefined(), &from, &to, &error)) return error;
  error = audio_kept_error(from);
  if (!error.empty()) return error;
  stop_playback();
  const SampleSpan span = samples_of(from, to, sample_rate_hz_);
  const auto channels = kept_channels(history_, span.first, span.last);
  const std::vector<float>& left = channels.front();
  const std::vector<float>& right = channels.size() > 1 ? channels[1] : left;
  val bridge = val::global("SpectrogramAudio");
  const bool ok = bridge.call<bool>("play", val(emscripten::typed_memory_view(left.size(), left.data())),
                                    val(emscripten::typed_memory_view(right.size(), right.data())), sample_rate_hz_, loop);
  if (!ok) return "Playback could not start (the audio context is not running: tap the page and try again).";
  playback_ = {true, loop, from, to};
  if (controls_.capturing)
    show_message("Playing through the speakers while the microphone listens: the playback will show in the picture "
                 "(use headphones to avoid it).",
                 "info", "feedback");
  return "";
}

void App::stop_playback() {
  if (!playback_.playing) return;
  val::global("SpectrogramAudio").call<void>("stopPlayback");
  playback_.playing = false;
  clear_message("feedback");
}

val App::readout(double x_css, double y_css) const {
  const float ratio = float(platform_.pixel_ratio());
  const float x = float(x_css) * ratio, y = float(y_css) * ratio;
  if (!layout_.spectrogram.contains(x, y)) return val::null();
  const ui::Readout r = readout_at(x, y);
  val result = val::object();
  result.set("hz", r.hz);
  result.set("db", r.has_level ? val(r.db) : val::null());
  result.set("snapped", r.snapped);
  const ui::NoteReading note = ui::nearest_note(r.hz, settings_.a4_hz);
  result.set("note", note.valid ? val(ui::note_label(note.midi)) : val::null());
  result.set("cents", note.valid ? val(note.cents) : val::null());
  result.set("secondsAgo", r.seconds_ago);
  result.set("timeSec", r.time_s);
  result.set("channel", r.channel[0] ? val(std::string(r.channel)) : val::null());  // each channel shown: its lane's
  return result;
}

val App::axis() const {
  val labels = val::array();
  for (const auto& [x, text] : axis_labels_) {
    val label = val::object();
    label.set("x", x / std::max(1.0, platform_.pixel_ratio()));  // CSS pixels from the plot's left
    label.set("text", text);
    labels.call<void>("push", label);
  }
  return labels;
}

void push_regions(const ui::Layout& layout, double ratio, val* items) {
  const std::pair<const char*, const ui::Rect*> regions[] = {
      {"plot", &layout.spectrogram}, {"waveform", &layout.waveform}, {"spectrum", &layout.spectrum},
      {"colorbar", &layout.colorbar}, {"piano", &layout.piano},       {"caption", &layout.caption}};
  for (const auto& [name, rect] : regions) {
    if (rect->w <= 0 || rect->h <= 0) continue;
    val entry = val::object();
    entry.set("name", std::string(name));
    entry.set("x", rect->x / ratio);
    entry.set("y", rect->y / ratio);
    entry.set("width", rect->w / ratio);
    entry.set("height", rect->h / ratio);
    entry.set("kind", std::string("region"));
    items->call<void>("push", entry);
  }
}

val App::layout() const {
  val items = val::array();
  const double ratio = std::max(1.0, platform_.pixel_ratio());
  push_regions(screen_layout_, ratio, &items);
  for (const ui::ControlsState::Item& item : controls_.items) {
    val entry = val::object();
    entry.set("name", std::string(item.name));
    entry.set("x", item.x / ratio);
    entry.set("y", item.y / ratio);
    entry.set("width", item.w / ratio);
    entry.set("height", item.h / ratio);
    entry.set("clipped", item.clipped);
    entry.set("kind", std::string(item.text ? "text" : "control"));
    if (!item.text) entry.set("tip", item.tip);
    items.call<void>("push", entry);
  }
  return items;
}

std::string App::fill_history_for_benchmarks(double seconds) {
  if (!ready_ || controls_.capturing || audio_.active()) return "stop capture first";
  if (history_.capacity() == 0 || left_.empty()) return "no history (start capture once, then stop it)";
  const std::size_t frames = std::min(history_.capacity(), std::size_t(std::max(0.0, seconds) * sample_rate_hz_));
  history_.clear();
  history_.begin_session(emscripten_date_now() - 1000.0 * double(frames) / sample_rate_hz_);
  std::uint32_t noise = 12345;
  const float* channels[2] = {left_.data(), right_.data()};
  for (std::size_t done = 0; done < frames;) {
    const std::size_t count = std::min(left_.size(), frames - done);
    for (std::size_t i = 0; i < count; ++i) {
      const double t = double(done + i) / sample_rate_hz_;
      noise = noise * 1664525u + 1013904223u;
      const float n = 0.01f * (float(noise >> 8) / float(1u << 24) - 0.5f);
      left_[i] = float(0.3 * std::sin(2 * M_PI * 440 * t) + 0.1 * std::sin(2 * M_PI * 3150.5 * t)) + n;
      right_[i] = float(0.2 * std::sin(2 * M_PI * 660 * t)) + n;
    }
    history_.push(channels, count);
    done += count;
  }
  store_.clear();
  configure_analysis();
  return "";
}

void App::audio_event(const std::string& name, int session, val payload) {
  audio_.on_event(name, session, payload);
}

}  // namespace app
