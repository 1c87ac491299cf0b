// pitch.h: a fundamental-frequency tracker, 40 Hz to 1600 Hz, with a voicing decision.
// Method (written from the papers, no GPL code):
//   1. the input is decimated to a pitch rate of 16-32 kHz (half-band stages);
//   2. McLeod & Wyvill (2005), "A smarter way to find pitch": the normalised square difference
//      function n(tau) = 2 r(tau) / m(tau) over a window of two periods of the lowest pitch,
//      r by FFT, m incrementally; its "key maxima" (the highest point of each positive lobe
//      after the first negative crossing); the first one within 0.9 of the highest is the
//      period, refined by a parabola;
//   3. a harmonic check in the spirit of Camacho & Harris's SWIPE (2008): the candidate, half
//      and twice it are scored by the square-root spectrum at their harmonics minus half-way
//      between them, weighted 1/sqrt(k); the best score wins (this fixes octave errors when
//      even partials dominate, or the fundamental is weak);
//   4. the period is re-measured over a window of three periods of the chosen pitch centred
//      on the same instant (less vibrato smear at high pitches), then refined by a parabola;
//   5. voiced when the clarity n(tau) is at least 0.7 and the level at least -65 dBFS, and not
//      when the period found is a multiple of a pitch above the range (its odd harmonics empty).
// Does: keep its own input ring; estimate on request at the newest input; remember the last
//       estimates (timed by the input sample at their window's centre) for a trace.
// Does not: allocate after configure(); draw; know about frames or columns.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "dsp/config_error.h"
#include "dsp/halfband.h"
#include "dsp/real_fft.h"

struct kiss_fftr_state;

namespace dsp {

constexpr double kPitchMinHz = 40.0;
constexpr double kPitchMaxHz = 1600.0;

struct PitchEstimate {
  std::uint64_t centre_sample = 0;  // input sample at the centre of the analysed window
  double hz = 0;                    // 0 when unvoiced
  float clarity = 0;                // n(tau) at the period, 0..1
  bool voiced = false;
};

class PitchTracker {
 public:
  PitchTracker();
  ~PitchTracker();
  PitchTracker(const PitchTracker&) = delete;
  PitchTracker& operator=(const PitchTracker&) = delete;

  // sample_rate_hz in [8000, 384000]; `track_capacity` estimates are remembered (>= 1).
  ConfigError configure(double sample_rate_hz, std::size_t track_capacity);
  void reset();
  // Feeds input samples (NaN, Inf and denormals are replaced by zero, as in the STFT).
  void push(const float* samples, std::size_t count);
  // Estimates the pitch of the newest window, remembers it and returns it.
  const PitchEstimate& estimate();

  // Remembered estimates: age 0 = newest; size() of them.
  std::size_t size() const { return size_; }
  const PitchEstimate& at_age(std::size_t age) const;
  double pitch_rate_hz() const { return rate_; }
  double window_seconds() const { return double(window_) / rate_; }
  bool ok() const { return window_ > 0; }

 private:
  double nsdf_direct(std::int64_t centre, int length, int lag) const;  // over the input ring
  float sample(std::int64_t index) const { return ring_[std::size_t(index) & (ring_.size() - 1)]; }
  double harmonic_score(double hz) const;
  double amplitude_at(double hz) const;  // square-root spectrum of the last windowed frame
  // Amplitude at the 1st, 3rd, 5th harmonics over the 2nd, 4th, 6th.
  double odd_to_even_harmonics(double hz) const;

  double input_rate_ = 0, rate_ = 0;
  int decimation_ = 1, stages_ = 0;
  HalfbandDecimator decimators_[4];
  std::vector<float> ring_;        // pitch-rate samples, power-of-two capacity
  std::int64_t produced_ = 0;      // pitch-rate samples since reset
  std::uint64_t input_samples_ = 0;
  int window_ = 0, min_lag_ = 0, max_lag_ = 0, fft_size_ = 0;
  std::vector<float> frame_, spectrum_, acf_, nsdf_, hann_, windowed_, power_;
  RealFft forward_;
  std::unique_ptr<kiss_fftr_state, void (*)(void*)> inverse_;
  std::vector<PitchEstimate> track_;
  std::size_t next_ = 0, size_ = 0;
  PitchEstimate latest_;
};

}  // namespace dsp
