// config_error.cpp: names and messages for dsp::ConfigError. Pure lookup, no state.
#include "dsp/config_error.h"

namespace dsp {

const char* config_error_name(ConfigError error) {
  switch (error) {
    case ConfigError::kNone: return "none";
    case ConfigError::kFftSizeNotPowerOfTwo: return "fft_size_not_power_of_two";
    case ConfigError::kFftSizeOutOfRange: return "fft_size_out_of_range";
    case ConfigError::kWindowLengthOutOfRange: return "window_length_out_of_range";
    case ConfigError::kHopOutOfRange: return "hop_out_of_range";
    case ConfigError::kWindowParamInvalid: return "window_param_invalid";
    case ConfigError::kSampleRateInvalid: return "sample_rate_invalid";
    case ConfigError::kFrequencyRangeInvalid: return "frequency_range_invalid";
    case ConfigError::kLevelRangeInvalid: return "level_range_invalid";
    case ConfigError::kRowCountOutOfRange: return "row_count_out_of_range";
    case ConfigError::kHistoryCapacityInvalid: return "history_capacity_invalid";
    case ConfigError::kWindowUnsuitedForReassignment: return "window_unsuited_for_reassignment";
    case ConfigError::kReassignmentOptionInvalid: return "reassignment_option_invalid";
    case ConfigError::kAnalysisModeInvalid: return "analysis_mode_invalid";
    case ConfigError::kOutOfMemory: return "out_of_memory";
  }
  return "unknown";
}

const char* config_error_message(ConfigError error) {
  switch (error) {
    case ConfigError::kNone: return "no error";
    case ConfigError::kFftSizeNotPowerOfTwo: return "FFT size must be a power of two";
    case ConfigError::kFftSizeOutOfRange: return "FFT size must be between 64 and 65536";
    case ConfigError::kWindowLengthOutOfRange:
      return "window length must be between 1 and the FFT size (zero padding 1x to 16x)";
    case ConfigError::kHopOutOfRange: return "hop must be between 1 sample and the window length";
    case ConfigError::kWindowParamInvalid: return "window parameter (Kaiser beta or Gaussian sigma) is out of range";
    case ConfigError::kSampleRateInvalid: return "sample rate must be a positive number of Hz";
    case ConfigError::kFrequencyRangeInvalid:
      return "frequency range needs 0 <= min < max (min > 0 on a log or note scale)";
    case ConfigError::kLevelRangeInvalid: return "dB floor must be below the dB ceiling";
    case ConfigError::kRowCountOutOfRange: return "row count must be between 1 and 16384";
    case ConfigError::kHistoryCapacityInvalid: return "history needs room for at least one frame";
    case ConfigError::kWindowUnsuitedForReassignment:
      return "reassignment needs a window that tapers to zero (Hann, Blackman, Blackman-Harris, Nuttall, Kaiser)";
    case ConfigError::kReassignmentOptionInvalid:
      return "the reassignment gate must be 0 (off) or 10 to 200 dB, and the pruning tolerance 0 to 0.5";
    case ConfigError::kAnalysisModeInvalid: return "unknown analysis mode";
    case ConfigError::kOutOfMemory: return "the browser refused the memory for this";
  }
  return "unknown error";
}

}  // namespace dsp
