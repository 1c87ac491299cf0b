// test_analysis_limits.cpp: whatever the settings ask for, the analysis stays within its
// limits (frames per second the display takes, FFT work per second), and is untouched when the
// request is within them.
#include <catch2/catch.hpp>
#include <cmath>

#include "dsp/analysis_limits.h"
#include "dsp/analysis_mode.h"

TEST_CASE("the smallest hop follows the frame-rate and work limits", "[limits]") {
  REQUIRE(dsp::min_hop_frames(48000, 4096) == 48);      // 1 ms
  REQUIRE(dsp::min_hop_frames(192000, 256) == 192);     // 1 ms
  REQUIRE(dsp::min_hop_frames(48000, 32768) == 375);    // 128 frames/s of 32768 points
  REQUIRE(dsp::min_hop_frames(192000, 32768) == 1500);
  REQUIRE(dsp::min_hop_frames(8000, 256) == 8);
}

TEST_CASE("fft 256, padding 16, overlap 95 (a hop of 1 sample) is limited on both counts", "[limits]") {
  const dsp::AnalysisShape shape = dsp::limit_analysis(256, 16, 95, 48000);
  REQUIRE(shape.window_limited);
  REQUIRE(shape.zero_padding == 4);  // a 64-sample window: the shortest that holds a 48-sample hop
  REQUIRE(shape.window_length == 64);
  REQUIRE(shape.hop_limited);
  REQUIRE(shape.hop_frames == 48);
}

TEST_CASE("every combination of settings and rates stays within the limits", "[limits]") {
  for (double rate : {8000.0, 11025.0, 16000.0, 22050.0, 44100.0, 48000.0, 88200.0, 96000.0, 192000.0}) {
    for (int fft = 256; fft <= 32768; fft *= 2) {
      for (int padding = 1; padding <= 16; padding *= 2) {
        for (double overlap = 0; overlap <= 95; overlap += 2.5) {
          INFO("rate " << rate << " fft " << fft << " padding " << padding << " overlap " << overlap);
          const dsp::AnalysisShape shape = dsp::limit_analysis(fft, padding, overlap, rate);
          REQUIRE(shape.zero_padding >= 1);
          REQUIRE(shape.zero_padding <= padding);
          REQUIRE(shape.window_length == fft / shape.zero_padding);
          REQUIRE(shape.hop_frames >= 1);
          REQUIRE(shape.hop_frames <= shape.window_length);
          const double frames_per_second = rate / shape.hop_frames;
          REQUIRE(frames_per_second <= dsp::kMaxFramesPerSecond + 1e-9);
          REQUIRE(frames_per_second * fft <= dsp::kMaxTransformPointsPerSecond + 1e-6);
          // Within the limits, exactly what was asked for.
          const int window = fft / padding;
          const int requested_hop = std::max(1, int(std::lround(window * (1 - overlap / 100))));
          const bool within = requested_hop >= dsp::min_hop_frames(rate, fft);
          REQUIRE(shape.window_limited == (window < dsp::min_hop_frames(rate, fft)));
          if (within) {
            REQUIRE_FALSE(shape.hop_limited);
            REQUIRE(shape.hop_frames == requested_hop);
            REQUIRE(shape.zero_padding == padding);
          }
        }
      }
    }
  }
}

TEST_CASE("the default settings are never limited at common rates", "[limits]") {
  for (double rate : {16000.0, 44100.0, 48000.0, 96000.0, 192000.0}) {
    const dsp::AnalysisShape shape = dsp::limit_analysis(4096, 1, 75, rate);
    REQUIRE_FALSE(shape.hop_limited);
    REQUIRE_FALSE(shape.window_limited);
    REQUIRE(shape.hop_frames == 1024);
  }
}

TEST_CASE("the limits count each mode's own work, and multires columns are at most 256 samples apart", "[limits]") {
  for (dsp::AnalysisMode mode : {dsp::AnalysisMode::kStft, dsp::AnalysisMode::kReassigned, dsp::AnalysisMode::kMultires,
                                 dsp::AnalysisMode::kMultiresReassigned}) {
    for (double rate : {8000.0, 44100.0, 48000.0, 96000.0, 192000.0}) {
      for (int fft = 256; fft <= 32768; fft *= 4) {
        for (double overlap : {0.0, 50.0, 75.0, 95.0}) {
          INFO(dsp::analysis_mode_name(mode) << " rate " << rate << " fft " << fft << " overlap " << overlap);
          const dsp::AnalysisShape shape = dsp::limit_analysis(fft, 1, overlap, rate, mode);
          const double points = dsp::transform_points_per_frame(mode, fft, rate);
          REQUIRE(rate / shape.hop_frames <= dsp::kMaxFramesPerSecond + 1e-9);
          // The one exception: the hop cannot exceed the STFT's window, so a multi-resolution
          // mode with a short FFT at a high rate may go over the work limit (see the header).
          if (shape.hop_frames < shape.window_length)
            REQUIRE(rate / shape.hop_frames * points <= dsp::kMaxTransformPointsPerSecond + 1e-6);
          REQUIRE(shape.hop_frames <= shape.window_length);
          if (dsp::mode_is_multires(mode) && dsp::min_hop_frames(rate, points) <= 256) REQUIRE(shape.hop_frames <= 256);
        }
      }
    }
  }
  // The benchmark's settings fit: reassigned at N = 4096 with hop 256 (overlap 93.75 %), and
  // multires at hop 256 (any overlap of the default FFT gives it), at 48 kHz.
  REQUIRE(dsp::limit_analysis(4096, 1, 93.75, 48000, dsp::AnalysisMode::kReassigned).hop_frames == 256);
  REQUIRE(dsp::limit_analysis(4096, 1, 75, 48000, dsp::AnalysisMode::kMultires).hop_frames == 256);
  REQUIRE(dsp::limit_analysis(4096, 1, 75, 48000, dsp::AnalysisMode::kMultiresReassigned).hop_frames == 256);
}
