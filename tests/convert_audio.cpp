// convert_audio.cpp: a test helper: re-encodes a WAV (written by sox) as the format its output
// name asks for, through libsndfile: .mp3 (LAME, 320 kbit/s), .opus (Ogg Opus), .ogg (Vorbis),
// .flac, .wav (16-bit). The browser tests need MP3 and Opus files, which Debian's sox cannot write.
// Does not: resample (Opus files must be made at 48 kHz), mix or trim.
// Usage: convert-audio in.wav out.ext ; exit 0 on success, 1 with a message otherwise.
#include <sndfile.h>

#include <cstdio>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: convert-audio in.wav out.{mp3,opus,ogg,flac,wav}\n");
    return 1;
  }
  const std::string out_name = argv[2];
  const std::string ext = out_name.substr(out_name.find_last_of('.') + 1);
  SF_INFO in_info{};
  SNDFILE* in = sf_open(argv[1], SFM_READ, &in_info);
  if (!in) {
    std::fprintf(stderr, "convert-audio: %s: %s\n", argv[1], sf_strerror(nullptr));
    return 1;
  }
  SF_INFO out_info{};
  out_info.samplerate = in_info.samplerate;
  out_info.channels = in_info.channels;
  if (ext == "mp3") out_info.format = SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III;
  else if (ext == "opus") out_info.format = SF_FORMAT_OGG | SF_FORMAT_OPUS;
  else if (ext == "ogg") out_info.format = SF_FORMAT_OGG | SF_FORMAT_VORBIS;
  else if (ext == "flac") out_info.format = SF_FORMAT_FLAC | SF_FORMAT_PCM_16;
  else out_info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  SNDFILE* out = sf_open(argv[2], SFM_WRITE, &out_info);
  if (!out) {
    std::fprintf(stderr, "convert-audio: %s: %s\n", argv[2], sf_strerror(nullptr));
    sf_close(in);
    return 1;
  }
  // Why the highest quality (level 0: least compression): the tests read tone levels, and the
  // lossy formats should not blur them. MP3 at a constant bit rate, as most encoders write it.
  if (ext == "mp3") {
    int mode = SF_BITRATE_MODE_CONSTANT;
    sf_command(out, SFC_SET_BITRATE_MODE, &mode, sizeof mode);
  }
  double level = 0.0;
  sf_command(out, SFC_SET_COMPRESSION_LEVEL, &level, sizeof level);
  std::vector<float> block(4096 * std::size_t(in_info.channels));
  for (sf_count_t got; (got = sf_readf_float(in, block.data(), 4096)) > 0;) sf_writef_float(out, block.data(), got);
  sf_close(in);
  const int error = sf_close(out);
  return error == 0 ? 0 : 1;
}
