// app_api.cpp: the scripting API of App (window.spectrogram, through bindings.cpp): capture,
// settings, frames, columns, pitch, stats, PNG export. See app.h and README.
// Does: answer from the app's state; turn errors into messages and rejected promises (nothing
//       throws across the bindings).
// Does not: draw or analyse (app.cpp runs the frame).
#include <emscripten.h>

#include <algorithm>
#include <cmath>
#include <ctime>

#include "app/app.h"
#include "ui/ticks.h"

using emscripten::val;

namespace app {
namespace {

std::string png_file_name() {
  const std::time_t t = std::time(nullptr);
  char name[64];
  std::strftime(name, sizeof name, "spectrogram-%Y%m%d-%H%M%S.png", std::localtime(&t));
  return name;
}

std::vector<std::pair<std::string, std::string>> entries_of(val list) {
  std::vector<std::pair<std::string, std::string>> values;
  if (list.isUndefined() || list.isNull()) return values;
  const int count = list["length"].as<int>();
  for (int i = 0; i < count; ++i) values.emplace_back(list[i][0].as<std::string>(), list[i][1].as<std::string>());
  return values;
}

}  // namespace

std::string App::load_settings(val stored_entries, val link_entries) {
  settings::Settings loaded;
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
  return frame;
}

val App::latest_column() const {
  const dsp::History& columns = analyzer_.columns();
  if (columns.size() == 0 || layer_.rows() == 0) return val::null();
  const std::size_t rows = columns.bins();
  val hz = val::global("Float32Array").new_(rows);
  val db = val::global("Float32Array").new_(val(emscripten::typed_memory_view(rows, columns.frame(0))));
  for (std::size_t r = 0; r < rows; ++r) hz.set(r, analyzer_.mapper().row_center_hz(int(r)));
  val column = val::object();
  column.set("timeSec", double(columns.info(0).end_sample) / sample_rate_hz_);
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
  val result = val::object();
  const dsp::Peak found = peak_finder_.find(analyzer_.stft(), settings_.fmin_hz,
                                            std::min(settings_.fmax_hz, sample_rate_hz_ / 2));
  result.set("hz", found.found ? found.hz : 0.0);
  result.set("db", found.found ? found.db : double(kAnalysisFloorDb));
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
  result.set("columnLatencyMs", analyzer_.column_latency_frames() * shape_.hop_frames * 1000.0 / sample_rate_hz_);
  result.set("windowLength", shape_.window_length);
  result.set("hopLimited", shape_.hop_limited || shape_.window_limited);
  result.set("fps", metrics_.fps());
  result.set("frameMs", metrics_.frame_ms());
  result.set("analysisMs", metrics_.analysis_ms());
  result.set("latencyMs", metrics_.latency_ms(0.5));
  result.set("latencyP95Ms", metrics_.latency_ms(0.95));
  result.set("inputRms", double(columns_.input_rms()));
  result.set("capturing", controls_.capturing);
  result.set("stalled", audio_.stalled());
  result.set("stalls", double(audio_.stalls()));
  result.set("ready", audio_.prepared());
  result.set("track", audio_.track_description());
  return result;
}

void App::export_png(val resolve, val reject) {
  if (!ready_) {
    reject(js_error(init_failure_));
    return;
  }
  export_waiters_.emplace_back(resolve, reject);
  finish_export();
}

void App::finish_export() {
  // Marked as a frame: if drawing throws, the next frame recovers (and rejects the waiters).
  const bool was_in_frame = in_frame_;
  in_frame_ = true;
  std::vector<std::uint8_t> png;
  const int width = platform_.width_px(), height = platform_.height_px();
  bool ok = export_target_.begin(width, height);
  if (ok) {
    // Why off screen: the canvas keeps showing the normal view; the file has no controls.
    render(true);
    ok = export_target_.finish(&png);
  }
  val bridge = val::global("SpectrogramAudio");
  val blob = val::undefined();
  if (ok) blob = bridge.call<val>("blobFromBytes", val(emscripten::typed_memory_view(png.size(), png.data())));
  for (auto& waiter : export_waiters_) {
    if (waiter.first.isUndefined()) {  // the PNG button: download it
      if (ok) bridge.call<void>("download", blob, png_file_name());
      else show_message("The PNG could not be made (the graphics context refused an off-screen buffer).");
    } else if (ok) {
      waiter.first(blob);
    } else {
      waiter.second(js_error("The PNG could not be made."));
    }
  }
  export_waiters_.clear();
  in_frame_ = was_in_frame;
}

void App::audio_event(const std::string& name, int session, val payload) {
  audio_.on_event(name, session, payload);
}

}  // namespace app
