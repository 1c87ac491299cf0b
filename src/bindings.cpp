// bindings.cpp: the only EMSCRIPTEN_BINDINGS. Thin forwarding to app::App; no logic.
// Nothing throws across this boundary: errors travel as strings or rejected promises.
#include <emscripten/bind.h>

#include "app/app.h"

namespace app {
App& instance();
}

namespace {
using emscripten::val;
void start_capture(val resolve, val reject) { app::instance().start_capture(resolve, reject); }
void stop_capture() { app::instance().stop_capture(); }
std::string settings_json() { return app::instance().settings_json(); }
std::string apply_settings(val entries) { return app::instance().apply_settings(entries); }
val latest_frame() { return app::instance().latest_frame(); }
val latest_column() { return app::instance().latest_column(); }
val peak() { return app::instance().peak(); }
val pitch() { return app::instance().pitch(); }
val pitch_track(double seconds) { return app::instance().pitch_track(seconds); }
val stats() { return app::instance().stats(); }
void export_png(val options, val resolve, val reject) { app::instance().export_png(options, resolve, reject); }
void export_wav(val options, val resolve, val reject) { app::instance().export_wav(options, resolve, reject); }
void export_csv(val options, val resolve, val reject) { app::instance().export_csv(options, resolve, reject); }
val view() { return app::instance().view(); }
std::string set_view(val partial) { return app::instance().set_view(partial); }
val column_at(double time_s) { return app::instance().column_at(time_s); }
std::string select(double from_s, double to_s) { return app::instance().select(from_s, to_s); }
std::string play(bool loop) { return app::instance().play(loop); }
void stop_playback() { app::instance().stop_playback(); }
val axis() { return app::instance().axis(); }
val readout(double x, double y) { return app::instance().readout(x, y); }
val layout() { return app::instance().layout(); }
void audio_event(std::string name, int session, val payload) {
  app::instance().audio_event(name, session, payload);
}
std::string load_settings(val stored, val link, bool phone) { return app::instance().load_settings(stored, link, phone); }
bool frame() { return app::instance().frame(); }
bool wake() { return app::instance().wake(); }
std::string ui_edit(val entries) { return app::instance().ui_edit(entries); }
void set_ring_seconds(double seconds) { app::instance().set_ring_seconds(seconds); }
std::string fill_history(double seconds) { return app::instance().fill_history_for_benchmarks(seconds); }
std::string file_begin(val info) { return app::instance().file_begin(info); }
void file_stop() { app::instance().file_stop(); }
std::string apply_preset(std::string name) { return app::instance().apply_preset(name); }
std::string auto_range() { return app::instance().auto_range(); }
std::string command(const std::string& name) { return app::instance().command(name); }
}  // namespace

EMSCRIPTEN_BINDINGS(spectrogram) {
  emscripten::function("startCapture", &start_capture);
  emscripten::function("stopCapture", &stop_capture);
  emscripten::function("settingsJson", &settings_json);
  emscripten::function("applySettings", &apply_settings);
  emscripten::function("latestFrame", &latest_frame);
  emscripten::function("latestColumn", &latest_column);
  emscripten::function("peak", &peak);
  emscripten::function("pitch", &pitch);
  emscripten::function("pitchTrack", &pitch_track);
  emscripten::function("stats", &stats);
  emscripten::function("exportPng", &export_png);
  emscripten::function("exportWav", &export_wav);
  emscripten::function("exportCsv", &export_csv);
  emscripten::function("view", &view);
  emscripten::function("setView", &set_view);
  emscripten::function("columnAt", &column_at);
  emscripten::function("select", &select);
  emscripten::function("play", &play);
  emscripten::function("stopPlayback", &stop_playback);
  emscripten::function("axis", &axis);
  emscripten::function("readout", &readout);
  emscripten::function("layout", &layout);
  emscripten::function("audioEvent", &audio_event);
  emscripten::function("loadSettings", &load_settings);
  emscripten::function("frame", &frame);
  emscripten::function("wake", &wake);
  emscripten::function("uiEdit", &ui_edit);
  emscripten::function("setRingSecondsForTests", &set_ring_seconds);
  emscripten::function("fillHistoryForBenchmarks", &fill_history);
  emscripten::function("fileBegin", &file_begin);
  emscripten::function("fileStop", &file_stop);
  emscripten::function("applyPreset", &apply_preset);
  emscripten::function("autoRange", &auto_range);
  emscripten::function("command", &command);
}
