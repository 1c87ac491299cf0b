// window_kinds.h: every window kind the core offers, for tests that loop over all of them.
#pragma once
#include "dsp/window.h"

namespace test_signals {
constexpr dsp::WindowKind kAllWindowKinds[] = {
    dsp::WindowKind::kRectangular, dsp::WindowKind::kHann,     dsp::WindowKind::kHamming,
    dsp::WindowKind::kBlackman,    dsp::WindowKind::kBlackmanHarris, dsp::WindowKind::kNuttall,
    dsp::WindowKind::kFlatTop,     dsp::WindowKind::kKaiser,   dsp::WindowKind::kGaussian};
}  // namespace test_signals
