// audio_input.cpp: see audio_input.h. Every browser object is an emscripten::val; promises are
// continued through Module.audioEvent(name, session, value), bound per call.
#include "app/audio_input.h"

#include <emscripten.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "capture/pump.h"

using emscripten::val;

namespace app {
namespace {

std::string on_off(val value) {
  if (value.isUndefined() || value.isNull()) return "unknown";
  return value.as<bool>() ? "on" : "off";
}

// The AudioContext constructor, or undefined when the browser has no Web Audio.
val audio_context_class() {
  val context_class = val::global("AudioContext");
  return context_class.isUndefined() ? val::global("webkitAudioContext") : context_class;
}

}  // namespace

val AudioInput::callback(const char* name, int session) const {
  return val::module_property("audioEvent").call<val>("bind", val::null(), val(name), val(session));
}

void AudioInput::prepare() {
  bridge_ = val::global("SpectrogramAudio");
  val context_class = audio_context_class();
  if (context_class.isUndefined() || val::global("AudioWorkletNode").isUndefined()) return;
  context_ = context_class.new_();
  context_.set("onstatechange", callback("statechange"));
  // Session -1: the module outlives every start()/stop().
  context_["audioWorklet"]
      .call<val>("addModule", val("capture-worklet.js"))
      .call<val>("then", callback("worklet", -1), callback("worklet_error", -1));
}

void AudioInput::start(bool browser_processing) {
  if (active()) stop();
  ++session_;
  state_ = State::kStarting;
  browser_processing_ = browser_processing;
  bridge_ = val::global("SpectrogramAudio");
  shared_ = bridge_.call<bool>("isolated");

  val context_class = audio_context_class();
  if (context_class.isUndefined())
    return fail("This browser has no Web Audio, which live capture needs. Use a current Chrome, Edge, Firefox or Safari.");
  if (val::global("AudioWorkletNode").isUndefined())
    return fail("This browser has no AudioWorklet, which live capture needs. Use a current Chrome, Edge, Firefox or Safari (14.1 or later), over https or localhost.");
  val media_devices = val::global("navigator")["mediaDevices"];
  if (media_devices.isUndefined() || media_devices["getUserMedia"].isUndefined())
    return fail("Microphone access is not available on this page. Open it over https (or on localhost).");
  if (worklet_failed_)
    return fail("The audio capture module could not be loaded. Reload the page and press Start again.");
  if (context_.isUndefined() || context_["state"].as<std::string>() == "closed") {
    context_ = context_class.new_();
    context_.set("onstatechange", callback("statechange"));
    worklet_loaded_ = false;
  }
  // Why resume here: autoplay rules only let a context start inside (or just after) a gesture.
  context_.call<val>("resume");
  request_microphone();
}

void AudioInput::request_microphone() {
  val audio = val::object();
  audio.set("echoCancellation", browser_processing_);
  audio.set("noiseSuppression", browser_processing_);
  audio.set("autoGainControl", browser_processing_);
  val channels = val::object();
  channels.set("ideal", 2);
  audio.set("channelCount", channels);
  val constraints = val::object();
  constraints.set("audio", audio);
  constraints.set("video", false);
  val::global("navigator")["mediaDevices"]
      .call<val>("getUserMedia", constraints)
      .call<val>("then", callback("stream"), callback("stream_error"));
}

void AudioInput::stop() {
  ++session_;  // late completions of this session are ignored from now on
  if (!stream_.isUndefined()) {
    val tracks = stream_.call<val>("getTracks");
    const int count = tracks["length"].as<int>();
    for (int i = 0; i < count; ++i) {
      tracks[i].set("onended", val::null());
      tracks[i].call<void>("stop");
    }
  }
  disconnect_graph();
  // Why suspend, not close: the next start() reuses the context and its loaded worklet module,
  // so no request is ever made after the page has loaded.
  if (!context_.isUndefined() && context_["state"].as<std::string>() == "running") context_.call<val>("suspend");
  stream_ = source_ = node_ = val::undefined();
  waiting_for_worklet_ = false;
  watchdog_.disarm();
  if (state_ != State::kFailed) state_ = State::kIdle;
}

void AudioInput::disconnect_graph() {
  if (!source_.isUndefined()) source_.call<void>("disconnect");
  if (!node_.isUndefined()) {
    node_["port"].set("onmessage", val::null());
    node_.set("onprocessorerror", val::null());
    node_.call<void>("disconnect");
  }
  source_ = node_ = val::undefined();
}

void AudioInput::resume() {
  if (!context_.isUndefined() && state_ == State::kSuspended) context_.call<val>("resume");
}

std::size_t AudioInput::read(float* dest, std::size_t max) {
  if (ring_.isUndefined() || state_ == State::kIdle) return 0;
  // Why a fresh HEAPF32 each call: views of wasm memory go stale when memory grows.
  val heap = val::module_property("HEAPF32");
  const std::size_t offset = reinterpret_cast<std::uintptr_t>(dest) / sizeof(float);
  const std::size_t count = bridge_.call<std::size_t>("read", ring_, heap, offset, max);
  read_total_ += count;
  return count;
}

std::uint64_t AudioInput::dropped_samples() const {
  if (ring_.isUndefined()) return 0;
  return bridge_.call<std::uint32_t>("dropped", ring_);
}

std::uint64_t AudioInput::write_index() const {
  if (ring_.isUndefined()) return 0;
  // The ring's 32-bit index (floats) wraps; the reader never lags 2^31 floats, so extend from
  // reads; two floats a frame.
  const std::uint32_t write = bridge_.call<std::uint32_t>("writeIndex", ring_);
  return (read_total_ + std::uint32_t(write - std::uint32_t(read_total_))) / kRingChannels;
}

void AudioInput::fail(const std::string& message) {
  stop();
  state_ = State::kFailed;
  if (on_failed) on_failed(message);
}

void AudioInput::on_event(const std::string& name, int session, val payload) {
  // The context outlives sessions, so its state changes are never stale.
  if (name == "statechange") {
    if (context_.isUndefined()) return;
    const std::string context_state = context_["state"].as<std::string>();
    if (context_state == "running" && state_ == State::kSuspended) {
      state_ = State::kRunning;
      watchdog_.excuse(emscripten_get_now());  // the pause was the browser's, not a stall
      if (on_suspended) on_suspended(false);
    } else if ((context_state == "suspended" || context_state == "interrupted") && state_ == State::kRunning) {
      state_ = State::kSuspended;
      if (on_suspended) on_suspended(true);
    }
    return;
  }
  if (session == -1) {  // the module load started by prepare()
    if (name == "worklet") {
      worklet_loaded_ = true;
      if (waiting_for_worklet_) connect_graph();
    } else {
      worklet_failed_ = true;
      if (waiting_for_worklet_ || state_ == State::kStarting)
        fail("The audio capture module could not be loaded (" + bridge_.call<std::string>("errorText", payload).substr(0, 160) +
             "). Reload the page and press Start again.");
    }
    waiting_for_worklet_ = false;
    return;
  }
  if (std::uint32_t(session) != session_) {  // a completion of an earlier start(): tidy up only
    if (name == "stream") {
      val tracks = payload.call<val>("getTracks");
      for (int i = 0; i < tracks["length"].as<int>(); ++i) tracks[i].call<void>("stop");
    }
    return;
  }
  if (name == "stream") {
    stream_ = payload;
    val tracks = stream_.call<val>("getAudioTracks");
    if (tracks["length"].as<int>() == 0) return fail("The browser gave no audio track. Check the microphone and press Start again.");
    val track = tracks[0];
    track.set("onended", callback("ended"));
    describe_track();
    if (worklet_loaded_) return connect_graph();
    if (worklet_failed_) return fail("The audio capture module could not be loaded. Reload the page and press Start again.");
    waiting_for_worklet_ = true;  // prepare()'s module load completes the start
    return;
  }
  const std::string error_name = name == "ended" ? "" : bridge_.call<std::string>("errorName", payload);
  const std::string error_text = name == "ended" ? "" : bridge_.call<std::string>("errorText", payload);
  if (name == "stream_error") {
    if (error_name == "NotAllowedError" || error_name == "SecurityError" || error_name == "PermissionDeniedError")
      return fail("Microphone permission was denied. Allow the microphone for this site (the icon by the address bar), then press Start again.");
    if (error_name == "NotFoundError" || error_name == "DevicesNotFoundError" || error_name == "OverconstrainedError")
      return fail("No microphone was found. Plug one in (or enable it in the system settings), then press Start again.");
    if (error_name == "NotReadableError" || error_name == "TrackStartError" || error_name == "AbortError")
      return fail("The microphone could not be opened: another application may be using it. Close it and press Start again.");
    return fail("The microphone could not be opened (" + error_name + ": " + error_text.substr(0, 160) + "). Press Start to try again.");
  }
  if (name == "processor_error") {
    // An engine may refuse shared memory in its worklet: start again on the message transport.
    if (shared_ && state_ == State::kWaitingForSamples) {
      disconnect_graph();
      shared_ = false;
      state_ = State::kStarting;
      return connect_graph();
    }
    return fail("The audio capture module stopped with an error. Reload the page and press Start again; if it "
                "happens again, try another browser.");
  }
  if (name == "ended")
    return fail("The microphone was disconnected. Plug it back in (or pick another in the system settings) and press Start. The picture so far is kept.");
}

void AudioInput::connect_graph() {
  if (state_ != State::kStarting) return;
  sample_rate_hz_ = context_["sampleRate"].as<double>();
  ring_capacity_ = kRingChannels * capture::ring_capacity_samples(sample_rate_hz_, ring_seconds_ > 0 ? ring_seconds_ : capture::kRingSeconds);
  ring_ = bridge_.call<val>("createRing", ring_capacity_, shared_);
  read_total_ = 0;
  source_ = context_.call<val>("createMediaStreamSource", stream_);
  val options = val::object();
  options.set("numberOfInputs", 1);
  options.set("numberOfOutputs", 1);
  val output_channels = val::array();
  output_channels.call<void>("push", 1);
  options.set("outputChannelCount", output_channels);
  // Two input channels; 'speakers' up-mixes a mono microphone into both, so left/right/mix all
  // work; the worklet writes both, interleaved (the app keeps every channel, analyses one).
  options.set("channelCount", 2);
  options.set("channelCountMode", val("explicit"));
  options.set("channelInterpretation", val("speakers"));
  options.set("processorOptions", bridge_.call<val>("processorOptions", ring_));
  node_ = val::global("AudioWorkletNode").new_(context_, val("capture-worklet"), options);
  node_.set("onprocessorerror", callback("processor_error"));
  if (!shared_) bridge_.call<void>("attachPort", node_, ring_);
  source_.call<void>("connect", node_);
  // Why connect to the destination: a node nobody pulls may never be processed. Its output
  // is silence (the processor writes nothing), so nothing is heard.
  node_.call<void>("connect", context_["destination"]);
  // Why not "started" yet: a context that never runs (no output device, an autoplay policy)
  // or an input that gives nothing looks exactly like this; only samples prove it works.
  state_ = State::kWaitingForSamples;
  watchdog_.arm(0, emscripten_get_now());
}

void AudioInput::update(double now_ms) {
  if (state_ != State::kWaitingForSamples && state_ != State::kRunning) return;
  switch (watchdog_.observe(write_index(), now_ms)) {
    case capture::InputWatchdog::Event::kStarted:
      state_ = State::kRunning;
      if (on_started) on_started();
      break;
    case capture::InputWatchdog::Event::kStartTimedOut:
      fail(start_timeout_message());
      break;
    case capture::InputWatchdog::Event::kStalled:
      if (on_stall) on_stall(true);
      break;
    case capture::InputWatchdog::Event::kRecovered:
      if (on_stall) on_stall(false);
      break;
    case capture::InputWatchdog::Event::kNone:
      break;
  }
}

std::string AudioInput::start_timeout_message() const {
  const std::string context_state = context_.isUndefined() ? "missing" : context_["state"].as<std::string>();
  if (context_state != "running")
    return "Sound did not start: the browser kept audio paused (its audio context is " + context_state +
           "). Tap or click the page, then press Start again. If it still does not start, check that a sound "
           "output device (speakers or headphones) is connected and enabled, or try another browser.";
  return "The microphone gave no sound: nothing arrived within a few seconds of starting. Check that it is "
         "not muted or in use by another app and press Start again, or try another browser.";
}

void AudioInput::describe_track() {
  val track = stream_.call<val>("getAudioTracks")[0];
  val granted = track.call<val>("getSettings");
  char buffer[256];
  const double rate = granted["sampleRate"].isUndefined() ? 0 : granted["sampleRate"].as<double>();
  const int channels = granted["channelCount"].isUndefined() ? 0 : granted["channelCount"].as<int>();
  track_channels_ = channels == 1 ? 1 : 2;  // unknown: keep both
  track_label_ = track["label"].as<std::string>().substr(0, 80);
  std::snprintf(buffer, sizeof buffer, "%s: %s%s Hz, %s ch, echo cancellation %s, noise suppression %s, auto gain %s",
                track["label"].as<std::string>().substr(0, 60).c_str(), rate > 0 ? "" : "rate ",
                rate > 0 ? std::to_string(int(rate)).c_str() : "unknown",
                channels > 0 ? std::to_string(channels).c_str() : "?",
                on_off(granted["echoCancellation"]).c_str(), on_off(granted["noiseSuppression"]).c_str(),
                on_off(granted["autoGainControl"]).c_str());
  track_description_ = buffer;
}

}  // namespace app
