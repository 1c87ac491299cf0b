// test_io.cpp: exported files decode back to what was kept; CSV is the matrix; names and
// captions say what the issue asks.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "io/csv.h"
#include "io/names.h"
#include "io/wav.h"

TEST_CASE("a 32-bit float WAV decodes back bit-exact, a 16-bit one within half an LSB", "[io]") {
  std::mt19937 rng(4);
  std::uniform_real_distribution<float> any(-1.0f, 1.0f);
  std::vector<float> left(1000), right(1000);
  for (std::size_t i = 0; i < 1000; ++i) left[i] = any(rng), right[i] = any(rng) * 0.1f;
  left[3] = 1.0f, left[4] = -1.0f, left[5] = 1.5f;  // full scale and beyond (clipped in PCM)
  const float* channels[2] = {left.data(), right.data()};
  const auto f32 = io::encode_wav(channels, 2, 1000, 48000, io::WavFormat::kFloat32);
  io::DecodedWav a = io::decode_wav(f32.data(), f32.size());
  REQUIRE(a.error == "");
  REQUIRE(a.channels == 2);
  REQUIRE(a.sample_rate_hz == 48000);
  REQUIRE(a.is_float);
  REQUIRE(a.bits == 32);
  for (std::size_t i = 0; i < 1000; ++i) {
    REQUIRE(std::memcmp(&a.samples[0][i], &left[i], 4) == 0);
    REQUIRE(std::memcmp(&a.samples[1][i], &right[i], 4) == 0);
  }
  const auto pcm = io::encode_wav(channels, 2, 1000, 44100, io::WavFormat::kPcm16);
  REQUIRE(pcm.size() == 44 + 1000 * 4);
  io::DecodedWav b = io::decode_wav(pcm.data(), pcm.size());
  REQUIRE(b.error == "");
  REQUIRE(b.bits == 16);
  for (std::size_t i = 0; i < 1000; ++i) {
    const float expected = std::min(left[i], 32767.0f / 32768.0f);
    REQUIRE(std::fabs(b.samples[0][i] - expected) <= 0.5f / 32768.0f + 1e-9f);
  }
  // Truncated: what could be read, and it says so.
  io::DecodedWav c = io::decode_wav(f32.data(), f32.size() - 100);
  REQUIRE(c.error == "truncated");
  REQUIRE(c.samples[0].size() < 1000);
  REQUIRE(io::decode_wav(f32.data(), 10).error.find("not a WAV") != std::string::npos);
}

TEST_CASE("the CSV has a frequency header and a time column, in dBFS", "[io]") {
  const double hz[3] = {100, 1000.5, 8000};
  const float db[3] = {-120.0f, -6.0206f, -90.5f};
  std::string csv;
  io::append_csv_header(&csv, hz, 3);
  io::append_csv_row(&csv, 1.25, db, 3);
  REQUIRE(csv == "time_s,100.000,1000.500,8000.000\n1.250000,-120.000,-6.021,-90.500\n");
}

TEST_CASE("export names follow spectrogram-YYYYMMDD-HHMMSS[-to-HHMMSS]", "[io]") {
  const double wall = 1.7e12;  // some time in 2023, whatever the zone
  const std::string one = io::export_file_name(wall, wall, "png");
  REQUIRE(one.rfind("spectrogram-", 0) == 0);
  REQUIRE(one.size() == std::string("spectrogram-20231114-221320.png").size());
  const std::string span = io::export_file_name(wall, wall + 65000, "wav");
  REQUIRE(span.size() == std::string("spectrogram-20231114-221320-to-221425.wav").size());
  REQUIRE(span.find("-to-") != std::string::npos);
  REQUIRE(io::export_file_name(0, 0, "csv") == "spectrogram-unknown-time.csv");
  io::CaptionFacts facts;
  facts.start_wall_ms = wall;
  facts.end_wall_ms = wall + 10000;
  facts.duration_s = 10;
  facts.sample_rate_hz = 48000;
  facts.fft_size = 4096;
  facts.window_length = 4096;
  facts.hop_frames = 1024;
  facts.window = "hann";
  facts.overlap_percent = 75;
  facts.mode = "stft";
  facts.scale = "log";
  facts.fmin_hz = 20;
  facts.fmax_hz = 20000;
  facts.floor_db = -120;
  facts.ceil_db = 0;
  facts.input = "Built-in microphone";
  const std::string caption = io::caption_text(facts);
  for (const char* part : {"48000 Hz", "FFT 4096", "hann", "75 % overlap", "stft", "log 20-20000 Hz", "-120 to 0 dBFS",
                           "Built-in microphone", "(10.00 s)"})
    REQUIRE(caption.find(part) != std::string::npos);
}
