// analysis_plan.cpp: see analysis_plan.h.
#include "settings/analysis_plan.h"

#include <algorithm>
#include <cassert>

#include "dsp/multires.h"
#include "dsp/weighting.h"
#include "dsp/window.h"

namespace settings {

AnalysisPlan plan_analysis(const Settings& settings, double sample_rate_hz, int rows, std::size_t history_frames) {
  assert(sample_rate_hz > 0 && rows >= 1);
  AnalysisPlan plan;
  const double nyquist = sample_rate_hz / 2;
  plan.whole_band = !(settings.fmin_hz < nyquist);
  double fmin_hz = settings.fmin_hz, fmax_hz = std::min(settings.fmax_hz, nyquist);
  if (plan.whole_band) {
    fmin_hz = dsp::scale_needs_positive_fmin(settings.scale) ? 20.0 : 0.0;
    fmax_hz = nyquist;
  }
  plan.shape = dsp::limit_analysis(settings.fft_size, settings.zero_padding, settings.overlap_percent, sample_rate_hz,
                                   settings.mode);
  dsp::AnalyzerConfig& config = plan.config;
  config.stft.fft_size = settings.fft_size;
  config.stft.window_length = plan.shape.window_length;
  config.stft.hop_frames = plan.shape.hop_frames;
  config.stft.window = settings.window;
  config.stft.sample_rate_hz = sample_rate_hz;
  config.stft.min_db = kAnalysisFloorDb;
  config.max_db = settings.max_db;
  config.rows = rows;
  config.scale = settings.scale;
  config.fmin_hz = fmin_hz;
  config.fmax_hz = fmax_hz;
  config.history_frames = history_frames;
  config.mode = settings.mode;
  config.reassignment.gate_db = settings.gate_db;
  config.reassignment.prune = settings.prune;
  return plan;
}

double column_content_offset_samples(const AnalysisPlan& plan) {
  return dsp::mode_is_multires(plan.config.mode) ? dsp::kBandWindow / 2.0 : plan.shape.window_length / 2.0;
}


io::CaptionFacts analysis_caption_facts(const Settings& s, const dsp::AnalysisShape& shape, double sample_rate_hz,
                                        const dsp::FrequencyScale& display_scale) {
  io::CaptionFacts facts;
  facts.sample_rate_hz = sample_rate_hz;
  facts.fft_size = s.fft_size;
  facts.window_length = shape.window_length;
  facts.hop_frames = shape.hop_frames;
  facts.window = dsp::window_name(s.window);
  facts.overlap_percent = 100.0 * (1.0 - double(shape.hop_frames) / shape.window_length);
  facts.mode = dsp::analysis_mode_name(s.mode);
  facts.scale = dsp::scale_name(s.scale);
  facts.fmin_hz = display_scale.fmin_hz();
  facts.fmax_hz = display_scale.fmax_hz();
  facts.floor_db = s.min_db;
  facts.ceil_db = s.max_db;
  facts.weighting = s.weighting == dsp::Weighting::kNone ? "" : dsp::weighting_name(s.weighting);
  return facts;
}

}  // namespace settings
