// audio_input.h: the microphone capture graph, driven from C++ through embind (emscripten::val):
// getUserMedia -> MediaStreamSource -> AudioWorkletNode ("capture-worklet.js") -> sample ring.
// Does: start on a user gesture and report "started" only once samples really arrive (a
//       context that never runs, or an input that gives nothing, fails the start after a few
//       seconds with a message saying what to do); report the real sample rate and track
//       settings; copy new samples into a wasm-owned buffer (read()); count dropped samples;
//       notice an unplugged microphone, a stalled input (and its recovery) and a suspended or
//       interrupted context, and resume on the next tap.
// Does not: analyse; decide what to show (the App turns events into messages).
// Threading: main thread only. The asynchronous steps arrive through on_event() (bound from JS).
#pragma once
#include <emscripten/val.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "capture/input_watchdog.h"
#include "settings/settings.h"

namespace app {

class AudioInput {
 public:
  // kStarting: asking for the microphone; kWaitingForSamples: the graph is connected, no sample
  // has arrived yet; kRunning: samples are arriving (or stalled, see stalled()).
  enum class State { kIdle, kStarting, kWaitingForSamples, kRunning, kSuspended, kFailed };

  // Callbacks into the app: started (samples are arriving), failed(message a person can act
  // on), suspended/resumed by the browser, stalled/recovered (no samples for a while).
  std::function<void()> on_started;
  std::function<void(const std::string&)> on_failed;
  std::function<void(bool suspended)> on_suspended;
  std::function<void(bool stalled)> on_stall;

  // Creates the AudioContext (suspended until a gesture) and loads the worklet module now, so
  // that nothing is fetched later: after load the app makes no network request.
  void prepare();
  bool prepared() const { return worklet_loaded_; }
  // Starts capture (must run inside a user gesture). Results arrive via the callbacks.
  void start(bool browser_processing);
  // Stops the microphone and the graph; the context is suspended (kept for the next start).
  void stop();
  // Resumes a suspended/interrupted context (call from a tap/click handler).
  void resume();

  // Watches the input (call every display frame and every wake-up): completes or fails a
  // start, reports stalls and recoveries.
  void update(double now_ms);
  // The ring carries stereo frames, interleaved (left, right): kRingChannels floats a frame.
  static constexpr int kRingChannels = 2;
  // Copies up to `max` new floats (whole frames, interleaved) into `dest` (wasm memory).
  // Returns how many floats.
  std::size_t read(float* dest, std::size_t max);
  // Frames the ring had to drop since start (the reader fell too far behind).
  std::uint64_t dropped_samples() const;
  // Absolute index (frames) one past the newest frame written into the ring.
  std::uint64_t write_index() const;
  // Frames written into the ring and not read yet.
  std::uint64_t backlog() const { return write_index() - read_total_ / kRingChannels; }
  // Channels the track really has (1 for a mono microphone, else 2): what is worth keeping.
  int track_channels() const { return track_channels_; }
  // The device's name as the browser gives it ("" before a start).
  const std::string& track_label() const { return track_label_; }
  // Times the input stalled since the page loaded, and whether it is stalled now.
  std::uint64_t stalls() const { return watchdog_.stalls(); }
  bool stalled() const { return watchdog_.stalled(); }
  // Seconds of audio the ring holds from the next start (tests shorten it).
  void set_ring_seconds(double seconds) { ring_seconds_ = seconds; }

  State state() const { return state_; }
  bool running() const { return state_ == State::kRunning; }
  // Starting or running: a start() is in progress or capture is on.
  bool active() const { return state_ != State::kIdle && state_ != State::kFailed; }
  double sample_rate_hz() const { return sample_rate_hz_; }
  const char* transport() const { return shared_ ? "sab" : "message"; }
  // "48000 Hz, 2 ch, echo cancellation off, ..." (what the browser really granted).
  const std::string& track_description() const { return track_description_; }
  std::size_t ring_capacity() const { return ring_capacity_; }

  // Asynchronous completions, forwarded by the bindings ("stream", "stream_error", ...).
  void on_event(const std::string& name, int session, emscripten::val payload);

 private:
  void fail(const std::string& message);
  void request_microphone();
  // A JS function that forwards its argument to on_event(name, session, ...).
  emscripten::val callback(const char* name, int session) const;
  emscripten::val callback(const char* name) const { return callback(name, int(session_)); }
  void connect_graph();
  void disconnect_graph();
  void describe_track();
  std::string start_timeout_message() const;

  State state_ = State::kIdle;
  emscripten::val context_ = emscripten::val::undefined();
  emscripten::val stream_ = emscripten::val::undefined();
  emscripten::val source_ = emscripten::val::undefined();
  emscripten::val node_ = emscripten::val::undefined();
  emscripten::val ring_ = emscripten::val::undefined();
  emscripten::val bridge_ = emscripten::val::undefined();
  bool worklet_loaded_ = false;
  bool worklet_failed_ = false;
  bool waiting_for_worklet_ = false;  // start() came before the module finished loading
  bool shared_ = false;
  bool browser_processing_ = false;
  double sample_rate_hz_ = 0;
  std::size_t ring_capacity_ = 0;
  std::uint64_t read_total_ = 0;  // floats read since the ring was made
  int track_channels_ = 2;
  std::string track_label_;
  std::uint32_t session_ = 0;  // ignores completions from an earlier start()
  std::string track_description_;
  capture::InputWatchdog watchdog_;
  double ring_seconds_ = 0;  // 0: capture::kRingSeconds
};

}  // namespace app
