// status.cpp: what the App says about itself in words: the status line and the details in
// Settings, the mode's note (bands, latency) and the limits notice (hop, window).
// Does not: decide anything; it reads the App's state.
#include <emscripten.h>
#include <emscripten/val.h>

#include <cstdio>

#include "app/app.h"

namespace app {

void App::describe_mode() {
  char note[768];
  const double hop_ms = shape_.hop_frames * 1000.0 / sample_rate_hz_;
  const double latency_ms = analyzer_.column_latency_frames() * hop_ms;
  switch (settings_.mode) {
    case dsp::AnalysisMode::kStft:
      controls_.mode_note.clear();
      return;
    case dsp::AnalysisMode::kReassigned:
      std::snprintf(note, sizeof note,
                    "Energy is placed where it belongs within each window; a column is final once no later window "
                    "can add to it: %.0f ms more latency (at most half a window). Levels are energy: a tone's level "
                    "is the sum over the rows of its line (the readout shows it).",
                    latency_ms);
      break;
    default: {
      const auto& bands = analyzer_.multires().bands();
      int used = std::snprintf(note, sizeof note, "%zu bands, each resolving semitones; the picture is %.2f s behind%s:",
                               bands.size(), latency_ms / 1000.0,
                               settings_.mode == dsp::AnalysisMode::kMultiresReassigned ? " (reassigned)" : "");
      for (std::size_t b = bands.size(); b-- > 0 && used < int(sizeof note) - 80;) {
        const dsp::BandInfo& band = bands[b];
        used += std::snprintf(note + used, sizeof note - std::size_t(used), "\n  %.0f-%.0f Hz: window %.0f ms, latency %.0f ms",
                              band.low_hz, band.high_hz, band.window_s * 1000, band.latency_s * 1000);
      }
      break;
    }
  }
  controls_.mode_note = note;
}


void App::describe_limits() {
  char note[320];
  const double hop_ms = shape_.hop_frames * 1000.0 / sample_rate_hz_;
  std::snprintf(note, sizeof note, "hop %d samples (%.2f ms), window %d%s", shape_.hop_frames, hop_ms,
                shape_.window_length, shape_.hop_limited || shape_.window_limited ? " (limited)" : "");
  controls_.analysis_note = note;
  if (!shape_.hop_limited && !shape_.window_limited) return clear_message("limit");
  std::string text;
  if (shape_.window_limited) {
    std::snprintf(note, sizeof note, "Zero padding %dx would make the window shorter than the shortest hop; %dx is used. ",
                  settings_.zero_padding, shape_.zero_padding);
    text += note;
  }
  if (shape_.hop_limited) {
    const double overlap_in_use = 100.0 * (1.0 - double(shape_.hop_frames) / shape_.window_length);
    std::snprintf(note, sizeof note,
                  "Overlap %.4g %% asks for more frames a second than the display takes (%.0f) or a phone can "
                  "analyse; the hop is %d samples (%.2f ms), an overlap of %.1f %%.",
                  settings_.overlap_percent, dsp::kMaxFramesPerSecond, shape_.hop_frames, hop_ms, overlap_in_use);
    text += note;
  }
  show_message(text, "info", "limit");
}


void App::update_status() {
  // The line a person reads, in plain words; the technical one is its tooltip and in Settings.
  char status[320], technical[200];
  const char* state = !controls_.capturing ? (audio_.active() ? "starting" : "stopped")
                      : audio_.stalled()   ? "no input"
                      : frozen_            ? "frozen"
                                           : "live";
  std::snprintf(technical, sizeof technical, "%s, %.0f Hz, transport %s, %llu samples dropped, %.0f frames/s", state,
                sample_rate_hz_, controls_.capturing ? audio_.transport() : "-",
                static_cast<unsigned long long>(audio_.dropped_samples()), metrics_.fps());
  const double lost_s = double(audio_.dropped_samples()) / sample_rate_hz_;
  char lost[64];
  if (audio_.dropped_samples() == 0) std::snprintf(lost, sizeof lost, "nothing lost");
  else std::snprintf(lost, sizeof lost, "%.2g s of sound lost (the tab was busy)", lost_s);
  if (file_.active) {
    // A file: what it is, and how far the reading has come.
    const double read_s = double(file_.frames) / sample_rate_hz_;
    if (file_.streaming || !file_.finished)
      std::snprintf(status, sizeof status, "Reading %s: %.0f of %.0f s", file_caption_input().c_str(), read_s, file_.duration_s);
    else
      std::snprintf(status, sizeof status, "%s%s", file_caption_input().c_str(),
                    picture_shows_detail_ ? " (full detail)" : file_.hop_factor * file_.pool > 1 ? " (overview)" : "");
  } else if (!controls_.capturing) {
    std::snprintf(status, sizeof status, "%s", audio_.active() ? "Starting the microphone…"
                                               : history_.end() > 0 ? "Stopped (the picture stays)"
                                                                    : "Stopped: press Start to listen");
  } else if (audio_.stalled()) {
    std::snprintf(status, sizeof status, "No sound is arriving from the microphone");
  } else {
    std::snprintf(status, sizeof status, "%s — %.3g kHz, %s", frozen_ ? "Frozen (still listening)" : "Listening",
                  sample_rate_hz_ / 1000, lost);
  }
  controls_.status = status;
  controls_.status_details = technical;
  // What changed, told to the page once (its buttons' labels, the wake lock, a screen reader).
  // Why a state and not its words: the words are built (an allocation) only when it changes.
  const Announced now = file_.active          ? (file_.finished ? Announced::kFileOpen : Announced::kReadingFile)
                        : !controls_.capturing ? (audio_.active() ? Announced::kStarting : Announced::kStopped)
                        : audio_.stalled()     ? Announced::kStalled
                        : frozen_              ? Announced::kFrozen
                                               : Announced::kListening;
  if (now != announced_) {
    announced_ = now;
    const std::string announcement = now == Announced::kFileOpen      ? std::string(status) + " is open"
                                     : now == Announced::kReadingFile ? "Reading the file"
                                     : now == Announced::kStarting    ? "Starting the microphone"
                                     : now == Announced::kStopped     ? "Stopped"
                                     : now == Announced::kStalled     ? "No sound is arriving from the microphone"
                                     : now == Announced::kFrozen      ? "Frozen; still listening"
                                                                      : "Listening";
    emscripten::val change = emscripten::val::object();
    change.set("capturing", controls_.capturing);
    change.set("frozen", frozen_);
    change.set("file", file_.active);
    change.set("announcement", announcement);
    emscripten::val::global("SpectrogramPage").call<void>("stateChanged", change);
  }
  controls_.paused = frozen_;
  char details[720];
  std::snprintf(details, sizeof details,
                "%s\n%s\nframes analysed %llu, bin %.2f Hz, hop %.1f ms\nlatency p50 %.1f ms, p95 %.1f ms, frame %.2f ms\n"
                "build %s, input stalls %llu\nkept audio: %.1f of %.0f min (%s, %.0f MB); picture: %.1f min (%.0f MB)%s",
                technical, audio_.track_description().empty() ? "microphone not started" : audio_.track_description().c_str(),
                static_cast<unsigned long long>(frames_analyzed_), analyzer_.stft().bin_hz(),
                seconds_per_column() * 1000, metrics_.latency_ms(0.5), metrics_.latency_ms(0.95), metrics_.frame_ms(),
                SPECTRO_BUILD_NAME, static_cast<unsigned long long>(audio_.stalls()),
                double(history_.end() - history_.begin()) / sample_rate_hz_ / 60, settings_.history_minutes,
                history_.channels() == 1 ? "mono" : "stereo", double(history_.bytes()) / 1048576.0,
                double(store_.capacity()) * seconds_per_column() / 60, double(store_.bytes()) / 1048576.0,
                reanalysis_.active() ? ", analysing it again" : "");
  controls_.details = details;
  // The pitch of the newest estimate, if it is recent (a tenth of a second) and voiced.
  controls_.pitch_text.clear();
  if (pitch_.size() > 0) {
    const dsp::PitchEstimate& e = pitch_.at_age(0);
    const double age_s = (double(pitch_.at_age(0).centre_sample) - double(history_.end())) / sample_rate_hz_;
    if (e.voiced && age_s > -0.15) {
      char note[48], text[96];
      ui::note_name(e.hz, note, sizeof note, settings_.a4_hz);
      std::snprintf(text, sizeof text, controls_.touch ? "%s, %.1f Hz" : "pitch %s (%.1f Hz)", note, e.hz);
      controls_.pitch_text = text;
    }
  }
}

}  // namespace app
