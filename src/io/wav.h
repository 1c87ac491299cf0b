// wav.h: WAV files: writing the kept audio exactly, and reading one back (tests; files later).
// Does: encode planar float channels as a RIFF/WAVE file, 32-bit IEEE float (bit-exact) or
//       16-bit PCM (rounded to the nearest step: within half an LSB, clipped at full scale);
//       parse such a file (format 1 PCM 8/16/24/32-bit or 3 float 32/64-bit, any channel count)
//       into planar floats.
// Does not: resample, dither, or touch the browser.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace io {

enum class WavFormat { kFloat32, kPcm16 };

// channels[c][0..frames) for c < channel_count (1..8).
std::vector<std::uint8_t> encode_wav(const float* const* channels, int channel_count, std::size_t frames,
                                     double sample_rate_hz, WavFormat format);

struct DecodedWav {
  int channels = 0;
  double sample_rate_hz = 0;
  int bits = 0;
  bool is_float = false;
  std::vector<std::vector<float>> samples;  // planar
  std::string error;                        // "" when it parsed
};
// Parses a whole WAV file in memory; on failure `error` names the problem.
DecodedWav decode_wav(const std::uint8_t* bytes, std::size_t size);

}  // namespace io
