// test_pitch.cpp: the pitch tracker on generated signals with a known pitch at every instant:
// harmonic tones with random partial amplitudes, vibrato, glides, noise at 20 dB SNR, unvoiced
// noise and silence. Gross errors, median error and voicing errors are counted as in pitch
// evaluations (e.g. MIREX): per analysis frame, against the true pitch at the frame's centre.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "dsp/pitch.h"
#include "signals.h"

using namespace test_signals;

namespace {

struct Segment {
  enum Kind { kTone, kVibrato, kGlide, kNoisyTone, kNoise, kSilence } kind;
  double f0_hz, f1_hz, seconds;
};

// The signal and its true pitch per sample (0 = unvoiced).
struct Truth {
  std::vector<float> signal;
  std::vector<double> pitch_hz;
};

Truth make_signal(const std::vector<Segment>& segments, double rate, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> amplitude_of(0.1, 1.0), phase_of(0, 2 * kPi);
  std::normal_distribution<double> gaussian(0, 1);
  Truth truth;
  for (const Segment& s : segments) {
    const std::size_t count = std::size_t(s.seconds * rate);
    const bool voiced = s.kind != Segment::kNoise && s.kind != Segment::kSilence;
    // Random partial amplitudes (harmonics 1..12 below 0.45 x rate), random phases.
    double amplitudes[12], phases[12], sum = 0;
    for (int k = 0; k < 12; ++k) amplitudes[k] = amplitude_of(rng), phases[k] = phase_of(rng), sum += amplitudes[k];
    double phase = 0;  // of the fundamental
    double power = 0;
    std::vector<float> part(count, 0.0f);
    for (std::size_t i = 0; i < count; ++i) {
      const double t = double(i) / rate;
      double f = s.f0_hz;
      if (s.kind == Segment::kVibrato) f = s.f0_hz * std::pow(2.0, 50.0 / 1200 * std::sin(2 * kPi * 5.5 * t));
      if (s.kind == Segment::kGlide) f = s.f0_hz * std::pow(s.f1_hz / s.f0_hz, t / s.seconds);
      double x = 0;
      if (voiced) {
        for (int k = 0; k < 12; ++k)
          if ((k + 1) * f < 0.45 * rate) x += amplitudes[k] * std::sin((k + 1) * phase + phases[k]);
        x *= 0.5 / sum;
        phase += 2 * kPi * f / rate;
        truth.pitch_hz.push_back(f);
      } else {
        truth.pitch_hz.push_back(0);
      }
      if (s.kind == Segment::kNoise) x = 0.1 * gaussian(rng);
      part[i] = float(x);
      power += x * x;
    }
    if (s.kind == Segment::kNoisyTone) {  // white noise 20 dB below the tone's power
      const double sigma = std::sqrt(power / double(count) / 100);
      for (float& x : part) x += float(sigma * gaussian(rng));
    }
    truth.signal.insert(truth.signal.end(), part.begin(), part.end());
  }
  return truth;
}

struct Scores {
  int voiced_frames = 0, gross = 0, voicing_errors = 0, frames = 0;
  double median_cents = 0;
};

// Runs the tracker every `hop` samples; frames whose window straddles a change of segment (or
// of voicing) are not counted: their truth is ambiguous.
Scores evaluate(const Truth& truth, double rate, int hop) {
  dsp::PitchTracker tracker;
  REQUIRE(tracker.configure(rate, 16) == dsp::ConfigError::kNone);
  const double half_window = tracker.window_seconds() / 2 * rate;
  Scores scores;
  std::vector<double> errors;
  for (std::size_t end = std::size_t(hop); end <= truth.signal.size(); end += std::size_t(hop)) {
    tracker.push(truth.signal.data() + end - std::size_t(hop), std::size_t(hop));
    const dsp::PitchEstimate& e = tracker.estimate();
    const std::int64_t centre = std::int64_t(e.centre_sample);
    if (double(end) < 2 * half_window + 256) continue;  // the first window is not full yet
    // Timed at its window's centre, the decimation filters' delay included.
    const double decimation = rate / tracker.pitch_rate_hz();
    const double delay = (dsp::HalfbandDecimator::kDelay - 1) * (decimation - 1);
    REQUIRE(std::fabs(double(centre) - (double(end) - half_window - delay)) <= decimation);
    const std::int64_t from = std::int64_t(double(centre) - half_window - 1), to = std::int64_t(double(centre) + half_window + 1);
    if (from < 0 || to >= std::int64_t(truth.signal.size())) continue;
    const bool voiced = truth.pitch_hz[std::size_t(centre)] > 0;
    bool mixed = false;
    for (std::int64_t i = from; i <= to && !mixed; i += 8) mixed = (truth.pitch_hz[std::size_t(i)] > 0) != voiced;
    if (mixed) continue;
    ++scores.frames;
    if (e.voiced != voiced) ++scores.voicing_errors;
    if (!voiced) continue;
    ++scores.voiced_frames;
    if (!e.voiced) continue;
    const double cents = std::fabs(1200 * std::log2(e.hz / truth.pitch_hz[std::size_t(centre)]));
    if (cents > 50) ++scores.gross;
    errors.push_back(cents);
  }
  std::sort(errors.begin(), errors.end());
  if (!errors.empty()) scores.median_cents = errors[errors.size() / 2];
  return scores;
}

}  // namespace

TEST_CASE("pitch: gross errors under 1 %, median error under 5 cents, voicing errors under 5 %", "[pitch]") {
  for (double rate : {48000.0, 44100.0, 16000.0, 96000.0}) {
    std::vector<Segment> segments;
    std::mt19937 rng(1234);
    std::uniform_real_distribution<double> log_f0(std::log(45.0), std::log(1500.0));
    for (int i = 0; i < 6; ++i) {
      const double f0 = std::exp(log_f0(rng));
      segments.push_back({Segment::kTone, f0, f0, 0.6});
      segments.push_back({Segment::kSilence, 0, 0, 0.2});
      segments.push_back({Segment::kVibrato, std::min(f0, 1400.0), 0, 0.8});
      segments.push_back({Segment::kNoise, 0, 0, 0.3});
      segments.push_back({Segment::kGlide, f0, std::clamp(f0 * (i % 2 ? 1.8 : 0.55), 45.0, 1500.0), 0.8});
      segments.push_back({Segment::kNoisyTone, std::exp(log_f0(rng)), 0, 0.6});
    }
    const Truth truth = make_signal(segments, rate, 99);
    const Scores s = evaluate(truth, rate, int(rate / 200));  // a frame every 5 ms
    WARN("rate " << rate << ": frames " << s.frames << ", voiced " << s.voiced_frames << ", gross " << s.gross
                 << ", median " << s.median_cents << " cents, voicing errors " << s.voicing_errors);
    REQUIRE(s.voiced_frames > 3000);
    REQUIRE(s.gross < 0.01 * s.voiced_frames);
    REQUIRE(s.median_cents < 5.0);
    REQUIRE(s.voicing_errors < 0.05 * s.frames);
  }
}

TEST_CASE("pitch: the range ends, 40 Hz and 1600 Hz, read true, a missing fundamental is found", "[pitch]") {
  const double rate = 48000;
  for (double f0 : {40.0, 41.2, 1600.0, 220.0}) {
    INFO(f0 << " Hz");
    const Truth truth = make_signal({{Segment::kTone, f0, f0, 1.0}}, rate, 5);
    dsp::PitchTracker tracker;
    REQUIRE(tracker.configure(rate, 4) == dsp::ConfigError::kNone);
    tracker.push(truth.signal.data(), truth.signal.size());
    const dsp::PitchEstimate& e = tracker.estimate();
    REQUIRE(e.voiced);
    REQUIRE(std::fabs(1200 * std::log2(e.hz / f0)) < 5);
  }
  // Partials 2..6 of 110 Hz only: the pitch heard (and read) is 110 Hz, not 220 Hz.
  std::vector<float> signal(48000);
  for (std::size_t i = 0; i < signal.size(); ++i)
    for (int k = 2; k <= 6; ++k) signal[i] += float(0.1 * std::sin(2 * kPi * 110 * k * double(i) / rate + k));
  dsp::PitchTracker tracker;
  REQUIRE(tracker.configure(rate, 4) == dsp::ConfigError::kNone);
  tracker.push(signal.data(), signal.size());
  REQUIRE(tracker.estimate().hz == Approx(110).epsilon(0.003));
}

TEST_CASE("pitch: silence and noise are unvoiced, and the track remembers", "[pitch]") {
  dsp::PitchTracker tracker;
  REQUIRE(tracker.configure(44100, 3) == dsp::ConfigError::kNone);
  std::vector<float> silence(44100, 0.0f);
  tracker.push(silence.data(), silence.size());
  REQUIRE_FALSE(tracker.estimate().voiced);
  const auto hiss = noise(0.3, 44100, 8);
  tracker.push(hiss.data(), hiss.size());
  REQUIRE_FALSE(tracker.estimate().voiced);
  const auto tone = sine(330, 0.3, 44100, 44100);
  tracker.push(tone.data(), tone.size());
  REQUIRE(tracker.estimate().hz == Approx(330).epsilon(0.002));
  const auto whistle = sine(2500, 0.3, 44100, 44100);  // above the range: not read as 1250 or 833 Hz
  tracker.push(whistle.data(), whistle.size());
  REQUIRE_FALSE(tracker.estimate().voiced);
  tracker.push(tone.data(), tone.size());
  REQUIRE(tracker.estimate().hz == Approx(330).epsilon(0.002));
  REQUIRE(tracker.size() == 3);
  REQUIRE(tracker.at_age(0).voiced);
  REQUIRE_FALSE(tracker.at_age(1).voiced);
  tracker.estimate();
  REQUIRE(tracker.size() == 3);  // a ring: the oldest went
  REQUIRE(tracker.configure(4000, 3) == dsp::ConfigError::kSampleRateInvalid);
  REQUIRE(tracker.configure(44100, 0) == dsp::ConfigError::kHistoryCapacityInvalid);
}
