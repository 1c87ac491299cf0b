// config_error.h: the named reasons a dsp configuration is refused.
// Does: give every bad configuration a stable name and a human sentence.
// Does not: throw or log; callers decide how to show the message.
#pragma once

namespace dsp {

// Why a configure() call was refused. kNone means the object is configured and usable.
enum class ConfigError {
  kNone = 0,
  kFftSizeNotPowerOfTwo,   // fft_size must be a power of two
  kFftSizeOutOfRange,      // fft_size must be within [kMinFftSize, kMaxFftSize]
  kWindowLengthOutOfRange, // window_length must be within [1, fft_size] (zero padding 1x..16x)
  kHopOutOfRange,          // hop_frames must be within [1, window_length]
  kWindowParamInvalid,     // Kaiser beta / Gaussian sigma out of range or not finite
  kSampleRateInvalid,      // sample_rate_hz must be finite and > 0
  kFrequencyRangeInvalid,  // need 0 <= fmin < fmax (fmin > 0 for log and note), finite
  kLevelRangeInvalid,      // need min_db < max_db, both finite
  kRowCountOutOfRange,     // rows must be within [1, kMaxRows]
  kHistoryCapacityInvalid, // history needs at least one frame of at least one bin
  kWindowUnsuitedForReassignment,  // reassignment needs a window that tapers to zero
  kReassignmentOptionInvalid,      // gate 0 or 10..200 dB; pruning tolerance in (0, 0.5]
  kAnalysisModeInvalid,            // an analysis mode this build does not have
  kOutOfMemory,                    // the memory asked for was refused (a browser's limit)
};
constexpr int kConfigErrorCount = int(ConfigError::kOutOfMemory) + 1;

// A short stable identifier, e.g. "fft_size_not_power_of_two".
const char* config_error_name(ConfigError error);
// A sentence a person can act on, e.g. "FFT size must be a power of two".
const char* config_error_message(ConfigError error);

}  // namespace dsp
