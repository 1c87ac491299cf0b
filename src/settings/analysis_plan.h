// analysis_plan.h: what the analysis is configured with for a set of settings, at a sample
// rate and a number of display rows. Shared by the browser app and the command-line tool, so
// both analyse a sound the same way.
// Does: apply the analysis limits (hop, window), cap the display range at Nyquist, fill an
//       AnalyzerConfig; say where a column's content sits relative to its last sample.
//       describe an analysis for a caption.
// Does not: configure anything, or allocate.
#pragma once
#include <cstddef>

#include "dsp/analysis_limits.h"
#include "dsp/analyzer.h"
#include "dsp/frequency_scale.h"
#include "io/names.h"
#include "settings/settings.h"

namespace settings {

// The floor of every analysed level (dBFS): what silence reads, far below any display range.
constexpr float kAnalysisFloorDb = -200.0f;

struct AnalysisPlan {
  dsp::AnalyzerConfig config;
  dsp::AnalysisShape shape;
  // The settings' frequency range starts above Nyquist: the whole band is shown instead.
  bool whole_band = false;
};

// sample_rate_hz > 0, rows >= 1; history_frames: bin-resolution frames kept for readouts.
AnalysisPlan plan_analysis(const Settings& settings, double sample_rate_hz, int rows, std::size_t history_frames);

// Samples from a column's last sample back to the centre of what it shows (half the window it
// was analysed with): a column ending at sample E shows the moment E - this.
double column_content_offset_samples(const AnalysisPlan& plan);



// The caption's facts about the analysis and display (the span, the clock and the input are the
// caller's): what the browser's export and the command-line tool both print.
io::CaptionFacts analysis_caption_facts(const Settings& settings, const dsp::AnalysisShape& shape, double sample_rate_hz,
                                        const dsp::FrequencyScale& display_scale);

}  // namespace settings
