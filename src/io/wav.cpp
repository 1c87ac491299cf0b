// wav.cpp: see wav.h. Little-endian throughout, as RIFF is.
#include "io/wav.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace io {
namespace {

void put16(std::vector<std::uint8_t>& out, std::uint32_t v) {
  out.push_back(std::uint8_t(v & 0xff));
  out.push_back(std::uint8_t((v >> 8) & 0xff));
}
void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  put16(out, v & 0xffff);
  put16(out, v >> 16);
}
// Why a loop: GCC 12 warns (wrongly) that vector::insert of four chars overflows after reserve().
void put_tag(std::vector<std::uint8_t>& out, const char* tag) {
  for (int i = 0; i < 4; ++i) out.push_back(std::uint8_t(tag[i]));
}

std::uint32_t get16(const std::uint8_t* p) { return std::uint32_t(p[0]) | (std::uint32_t(p[1]) << 8); }
std::uint32_t get32(const std::uint8_t* p) { return get16(p) | (get16(p + 2) << 16); }

}  // namespace

std::vector<std::uint8_t> encode_wav(const float* const* channels, int channel_count, std::size_t frames,
                                     double sample_rate_hz, WavFormat format) {
  const bool is_float = format == WavFormat::kFloat32;
  const std::uint32_t bytes_per_sample = is_float ? 4 : 2;
  const std::uint32_t block = bytes_per_sample * std::uint32_t(channel_count);
  const std::uint32_t data_bytes = std::uint32_t(frames) * block;
  const std::uint32_t rate = std::uint32_t(std::lround(sample_rate_hz));
  std::vector<std::uint8_t> out;
  out.reserve(60 + data_bytes);
  put_tag(out, "RIFF");
  put32(out, 4 + (8 + 16) + (is_float ? 12 : 0) + 8 + data_bytes);
  put_tag(out, "WAVE");
  put_tag(out, "fmt ");
  put32(out, 16);
  put16(out, is_float ? 3 : 1);  // WAVE_FORMAT_IEEE_FLOAT or PCM
  put16(out, std::uint32_t(channel_count));
  put32(out, rate);
  put32(out, rate * block);
  put16(out, block);
  put16(out, bytes_per_sample * 8);
  if (is_float) {  // non-PCM formats carry the frame count in a fact chunk
    put_tag(out, "fact");
    put32(out, 4);
    put32(out, std::uint32_t(frames));
  }
  put_tag(out, "data");
  put32(out, data_bytes);
  for (std::size_t i = 0; i < frames; ++i) {
    for (int c = 0; c < channel_count; ++c) {
      const float x = channels[c][i];
      if (is_float) {
        std::uint32_t bits;
        std::memcpy(&bits, &x, 4);
        put32(out, bits);
      } else {
        const double scaled = std::round(double(x) * 32768.0);
        const std::int32_t v = std::int32_t(std::clamp(scaled, -32768.0, 32767.0));
        put16(out, std::uint32_t(v) & 0xffff);
      }
    }
  }
  return out;
}

DecodedWav decode_wav(const std::uint8_t* bytes, std::size_t size) {
  DecodedWav wav;
  if (size < 12 || std::memcmp(bytes, "RIFF", 4) != 0 || std::memcmp(bytes + 8, "WAVE", 4) != 0) {
    wav.error = "not a WAV file (no RIFF/WAVE header)";
    return wav;
  }
  std::size_t at = 12;
  std::uint32_t format = 0, block = 0;
  bool have_format = false;
  while (at + 8 <= size) {
    const std::uint32_t chunk = get32(bytes + at + 4);
    const std::uint8_t* body = bytes + at + 8;
    const std::size_t available = std::min<std::size_t>(chunk, size - at - 8);
    if (std::memcmp(bytes + at, "fmt ", 4) == 0 && available >= 16) {
      format = get16(body);
      wav.channels = int(get16(body + 2));
      wav.sample_rate_hz = get32(body + 4);
      block = get16(body + 12);
      wav.bits = int(get16(body + 14));
      if (format == 0xFFFE && available >= 26) format = get16(body + 24);  // WAVE_FORMAT_EXTENSIBLE
      have_format = true;
    } else if (std::memcmp(bytes + at, "data", 4) == 0) {
      if (!have_format) break;
      wav.is_float = format == 3;
      const int bytes_per_sample = wav.bits / 8;
      if (!((format == 1 && (wav.bits == 8 || wav.bits == 16 || wav.bits == 24 || wav.bits == 32)) ||
            (format == 3 && (wav.bits == 32 || wav.bits == 64))) ||
          wav.channels < 1 || block != std::uint32_t(bytes_per_sample * wav.channels)) {
        wav.error = "unsupported WAV encoding";
        return wav;
      }
      const std::size_t frames = available / block;
      wav.samples.assign(std::size_t(wav.channels), std::vector<float>(frames));
      for (std::size_t i = 0; i < frames; ++i) {
        for (int c = 0; c < wav.channels; ++c) {
          const std::uint8_t* p = body + i * block + std::size_t(c * bytes_per_sample);
          float x = 0;
          if (format == 3 && wav.bits == 32) {
            const std::uint32_t v = get32(p);
            std::memcpy(&x, &v, 4);
          } else if (format == 3) {
            const std::uint64_t v = std::uint64_t(get32(p)) | (std::uint64_t(get32(p + 4)) << 32);
            double d;
            std::memcpy(&d, &v, 8);
            x = float(d);
          } else if (wav.bits == 8) {
            x = float(int(p[0]) - 128) / 128.0f;
          } else if (wav.bits == 16) {
            x = float(std::int16_t(get16(p))) / 32768.0f;
          } else if (wav.bits == 24) {
            const std::int32_t v = std::int32_t((get16(p) | (std::uint32_t(p[2]) << 16)) << 8) >> 8;
            x = float(double(v) / 8388608.0);
          } else {
            x = float(double(std::int32_t(get32(p))) / 2147483648.0);
          }
          wav.samples[std::size_t(c)][i] = x;
        }
      }
      if (available < chunk) wav.error = "truncated";  // what could be read is kept
      return wav;
    }
    at += 8 + chunk + (chunk & 1);
  }
  wav.error = have_format ? "no audio data in the WAV file" : "no format chunk in the WAV file";
  return wav;
}

}  // namespace io
