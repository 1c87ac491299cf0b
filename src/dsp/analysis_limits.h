// analysis_limits.h: limits that keep the analysis (and the display fed by it) within what a
// phone can do in real time, whatever the settings ask for.
// Does: turn the requested FFT size, zero padding and overlap into the window length and hop
//       actually used at a sample rate, and say which of them had to be limited.
// Does not: show notices (the app does, naming the setting) or know about the settings struct.
#pragma once
#include "dsp/analysis_mode.h"

namespace dsp {

// At most one analysed frame (= one display column) per millisecond of audio: the display is
// never asked to take more than 1000 columns a second.
constexpr double kMaxFramesPerSecond = 1000.0;
// At most 2^22 FFT points transformed per second of audio (e.g. 128 frames/s at N = 32768):
// about a tenth of a core in wasm on a laptop.
constexpr double kMaxTransformPointsPerSecond = 4194304.0;

// The smallest hop (in samples, >= 1) both limits allow at this rate when each frame costs
// `transform_points` FFT points (the FFT size for a plain STFT).
int min_hop_frames(double sample_rate_hz, double transform_points);
// FFT points one frame costs in `mode` at this FFT size and rate: the STFT's, plus four lanes
// per frame when reassigned, plus every multi-resolution band's (four lanes each if reassigned).
double transform_points_per_frame(AnalysisMode mode, int fft_size, double sample_rate_hz);

struct AnalysisShape {
  int window_length = 0;       // samples in each frame's window (fft_size / zero padding in use)
  int hop_frames = 0;          // samples between frames, in [1, window_length]
  int zero_padding = 1;        // in use (lowered when the window was too short for the hop)
  bool hop_limited = false;    // the overlap asked for more frames per second than allowed
  bool window_limited = false; // the padding left a window shorter than the smallest hop
};

// fft_size a power of two, zero_padding a power of two dividing it, overlap in [0, 100). In the
// multi-resolution modes the hop is also at most half the shortest band window (256 samples),
// so every sample lies in some band-0 frame; that is the mode's design, not a limit. The hop
// never exceeds the STFT's window, so with a short FFT at a high rate (256 points at 96 kHz,
// multires-reassigned) a multi-resolution mode can exceed the work limit.
AnalysisShape limit_analysis(int fft_size, int zero_padding, double overlap_percent, double sample_rate_hz,
                             AnalysisMode mode = AnalysisMode::kStft);

}  // namespace dsp
