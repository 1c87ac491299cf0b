// stft.h: exact-hop short-time Fourier transform producing calibrated dBFS frames.
// Does: accept any number of samples per push; emit one frame every hop_frames samples of input,
//       whatever the block sizes (frame k covers input samples [(k+1)*hop - L, (k+1)*hop), with
//       zeros before the first sample); window, zero-pad to fft_size, KissFFT real transform,
//       calibrate so a full-scale sine (peak 1.0) reads 0 dBFS at its bin for every window.
// Does not: draw, map to display rows, or keep more than the newest frame (see history.h).
// Threading/allocation: single-threaded; allocates only in configure(); push() never allocates.
// The transform is KissFFT, through RealFft (4-lane SIMD split where available).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "dsp/config_error.h"
#include "dsp/real_fft.h"
#include "dsp/window.h"

namespace dsp {

constexpr int kMinFftSize = 64;
constexpr int kMaxFftSize = 65536;
constexpr int kMaxZeroPadding = 16;

struct StftConfig {
  int fft_size = 4096;             // transform length, power of two in [64, 65536]
  int window_length = 0;           // samples per frame; 0 = fft_size; >= fft_size/16 (padding <= 16x)
  int hop_frames = 1024;           // samples between frames, [1, window_length]
  WindowKind window = WindowKind::kHann;
  double window_param = 0;         // Kaiser beta / Gaussian sigma; 0 = the kind's default
  double sample_rate_hz = 48000;   // input rate, > 0
  float min_db = -160.0f;          // floor of every output bin (dBFS); silence reads exactly this
};

// Checks a configuration without building anything.
ConfigError validate(const StftConfig& config);

class Stft {
 public:
  Stft();
  ~Stft();
  Stft(const Stft&) = delete;
  Stft& operator=(const Stft&) = delete;

  // Builds window, FFT plan and buffers. On error the object is inert (push consumes nothing).
  ConfigError configure(const StftConfig& config);
  // Forgets all input (as if freshly configured); keeps the configuration.
  void reset();

  // Consumes samples until one frame completes or the input runs out; returns how many it
  // consumed. After a push that completed a frame, has_frame() is true until the next push.
  std::size_t push(const float* samples, std::size_t count);

  bool ok() const { return error_ == ConfigError::kNone; }
  ConfigError error() const { return error_; }
  const StftConfig& config() const { return config_; }  // as given, window_length resolved

  bool has_frame() const { return has_frame_; }
  // Newest frame: bin_count() calibrated dBFS values, bin k at k * bin_hz().
  const float* frame_db() const { return frame_db_.data(); }
  // Newest frame's input samples, oldest first, before windowing (window_length of them).
  const float* frame_samples() const { return frame_samples_.data(); }
  // The same samples after windowing (window_length of them).
  const float* windowed_frame() const { return fft_in_.data(); }
  const float* window() const { return window_.data(); }
  std::size_t bin_count() const { return frame_db_.size(); }
  double bin_hz() const { return bin_hz_; }
  double window_sum() const { return window_sum_; }
  // Index one past the newest frame's last input sample (its time is this / sample_rate_hz).
  std::uint64_t frame_end_sample() const { return frame_end_sample_; }
  std::uint64_t samples_pushed() const { return samples_pushed_; }
  std::uint64_t frames_emitted() const { return frames_emitted_; }
  // Samples that were NaN or infinite and were replaced by zero.
  std::uint64_t nonfinite_samples() const { return nonfinite_samples_; }

 private:
  void compute_frame();

  StftConfig config_;
  ConfigError error_ = ConfigError::kNone;
  std::vector<float> window_;     // window_length
  std::vector<float> input_ring_; // window_length most recent samples, circular
  std::vector<float> frame_samples_;  // window_length: the newest frame, oldest first
  std::vector<float> fft_in_;     // fft_size: windowed samples then zeros
  std::vector<float> fft_out_;    // (fft_size/2+1) complex values, interleaved re/im
  std::vector<float> frame_db_;   // fft_size/2+1
  RealFft fft_;
  std::size_t ring_write_ = 0;
  std::size_t since_frame_ = 0;
  bool has_frame_ = false;
  double bin_hz_ = 0;
  double window_sum_ = 0;
  float db_offset_interior_ = 0;  // 10 log10(4 / sum(w)^2): amplitude calibration for 0<k<N/2
  float db_offset_edge_ = 0;      // 10 log10(1 / sum(w)^2): DC and Nyquist have no mirror image
  std::uint64_t frame_end_sample_ = 0;
  std::uint64_t samples_pushed_ = 0;
  std::uint64_t frames_emitted_ = 0;
  std::uint64_t nonfinite_samples_ = 0;
};

}  // namespace dsp
