// analysis_mode.h: the analysis modes and their names (see analyzer.h for what each does).
#pragma once

namespace dsp {

enum class AnalysisMode { kStft, kReassigned, kMultires, kMultiresReassigned };
constexpr int kAnalysisModeCount = 4;
const char* analysis_mode_name(AnalysisMode mode);  // "stft", "reassigned", "multires", "multires-reassigned"
bool analysis_mode_from_name(const char* name, AnalysisMode* mode);
bool mode_is_reassigned(AnalysisMode mode);
bool mode_is_multires(AnalysisMode mode);

}  // namespace dsp
