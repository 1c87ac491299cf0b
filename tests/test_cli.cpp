// test_cli.cpp: the command-line tool on generated recordings: tones at known times, rows and
// levels in its CSV, in every format libsndfile writes here (WAV 16/24-bit and float, FLAC,
// Ogg Vorbis, Ogg Opus, MP3); its PNG (size, tone lines where the scale puts them, the caption
// as text); its messages and exit codes for bad input. Native only.
#include <sndfile.h>
#define STB_IMAGE_IMPLEMENTATION
#include <stb/stb_image.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/render_file.h"

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kRate = 48000;
constexpr double kSegmentS = 1.5;  // 1000 Hz at 0.5 for 1.5 s, then 2500 Hz at 0.25 for 1.5 s

// A folder of its own for the generated files, removed when the tests end.
struct TempDir {
  std::string path;
  TempDir() {
    char pattern[] = "/tmp/spectrogram-cli-test-XXXXXX";
    const char* made = mkdtemp(pattern);
    path = made ? made : "";
  }
  ~TempDir() {
    if (!path.empty()) std::filesystem::remove_all(path);
  }
};

std::string temp_path(const std::string& name) {
  static const TempDir dir;
  REQUIRE(!dir.path.empty());
  return dir.path + "/" + name;
}

// Left: the two-tone sequence (1000 Hz at 0.5, then 2500 Hz at `second_amplitude`); right:
// 700 Hz at 0.5 throughout.
std::string write_tones(const std::string& name, int format, int channels = 2, double second_amplitude = 0.25) {
  const std::string path = temp_path(name);
  SF_INFO info{};
  info.samplerate = kRate;
  info.channels = channels;
  info.format = format;
  SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
  REQUIRE(file != nullptr);
  const int frames = int(2 * kSegmentS * kRate);
  std::vector<float> samples(std::size_t(frames) * std::size_t(channels));
  for (int i = 0; i < frames; ++i) {
    const double t = double(i) / kRate;
    samples[std::size_t(i * channels)] = float(t < kSegmentS ? 0.5 * std::sin(2 * kPi * 1000 * t) : second_amplitude * std::sin(2 * kPi * 2500 * t));
    if (channels > 1) samples[std::size_t(i * channels + 1)] = float(0.5 * std::sin(2 * kPi * 700 * t));
  }
  REQUIRE(sf_writef_float(file, samples.data(), frames) == frames);
  sf_close(file);
  return path;
}

struct Csv {
  std::vector<double> hz;
  std::vector<double> time_s;
  std::vector<std::vector<double>> db;
  // The strongest row of the column nearest t: {Hz, dB}.
  std::pair<double, double> peak_at(double t) const {
    REQUIRE(!time_s.empty());
    std::size_t best = 0;
    for (std::size_t c = 0; c < time_s.size(); ++c)
      if (std::fabs(time_s[c] - t) < std::fabs(time_s[best] - t)) best = c;
    std::size_t row = 0;
    for (std::size_t r = 0; r < hz.size(); ++r)
      if (db[best][r] > db[best][row]) row = r;
    return {hz[row], db[best][row]};
  }
};

Csv read_csv(const std::string& path) {
  Csv csv;
  std::ifstream in(path);
  std::string line;
  REQUIRE(std::getline(in, line));
  std::stringstream header(line);
  std::string cell;
  std::getline(header, cell, ',');
  REQUIRE(cell == "time_s");
  while (std::getline(header, cell, ',')) csv.hz.push_back(std::stod(cell));
  REQUIRE(!csv.hz.empty());
  while (std::getline(in, line)) {
    std::stringstream row(line);
    std::getline(row, cell, ',');
    csv.time_s.push_back(std::stod(cell));
    csv.db.emplace_back();
    while (std::getline(row, cell, ',')) csv.db.back().push_back(std::stod(cell));
    REQUIRE(csv.db.back().size() == csv.hz.size());
  }
  return csv;
}

cli::RenderRequest request_for(const std::string& input) {
  cli::RenderRequest request;
  request.input_path = input;
  request.plot_width_px = 800;
  request.plot_height_px = 400;
  return request;
}

// Runs the installed-to-be binary; returns its exit code, with stdout and stderr in *output.
int run_cli(const std::string& arguments, std::string* output) {
  const std::string command = std::string(SPECTROGRAM_CLI) + " " + arguments + " 2>&1";
  std::FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[512];
  output->clear();
  while (std::fgets(buffer, sizeof buffer, pipe)) *output += buffer;
  const int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

double cents(double a, double b) { return 1200 * std::log2(a / b); }

// A copy of `path` that lost its second half (a file cut short), named `name`.
std::string first_half_of(const std::string& path, const std::string& name) {
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string cut = temp_path(name);
  std::ofstream out(cut, std::ios::binary);
  out.write(bytes.data(), std::streamsize(bytes.size() / 2));
  return cut;
}

}  // namespace

TEST_CASE("cli: every format reads its tones at their frequency, level and time", "[cli]") {
  struct Case {
    const char* name;
    int format;
    double level_tolerance_db, time_tolerance_s;
  };
  const Case cases[] = {
      {"pcm16.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 0.1, 0.002},
      {"pcm24.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_24, 0.1, 0.002},
      {"float.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 0.1, 0.002},
      {"tones.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 0.1, 0.002},
      {"tones.ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS, 0.3, 0.005},
      {"tones.opus", SF_FORMAT_OGG | SF_FORMAT_OPUS, 0.3, 0.005},
      {"tones.mp3", SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III, 0.3, 0.005},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.name) {
      cli::RenderRequest request = request_for(write_tones(c.name, c.format));
      request.csv_path = temp_path(std::string(c.name) + ".csv");
      request.settings.channel = settings::Channel::kLeft;
      request.settings.fft_size = 4096;
      request.settings.overlap_percent = 75;
      const cli::RenderReport report = cli::render_file(request, nullptr);
      REQUIRE(report.exit_code == cli::kExitOk);
      REQUIRE(report.sample_rate_hz == kRate);
      REQUIRE(report.channels == 2);
      CAPTURE(report.warning);
      REQUIRE(report.warning.empty());  // nothing to say about a whole, good file
      const Csv csv = read_csv(request.csv_path);
      REQUIRE(csv.hz.size() == 400);
      REQUIRE(csv.time_s.size() > 100);
      // One column a hop (1024 samples), from the start to the end.
      REQUIRE(csv.time_s[1] - csv.time_s[0] == Approx(1024.0 / kRate).margin(1e-5));
      REQUIRE(csv.time_s.front() < 0.03);
      REQUIRE(csv.time_s.back() > 2.97);
      for (double t : {0.4, 0.75, 1.2}) {
        const auto [hz, db] = csv.peak_at(t);
        CAPTURE(t, hz, db);
        REQUIRE(std::fabs(cents(hz, 1000)) < 12);  // within a display row (400 rows over 10 octaves: 30 cents)
        REQUIRE(db == Approx(20 * std::log10(0.5)).margin(c.level_tolerance_db));
      }
      for (double t : {1.9, 2.25, 2.6}) {
        const auto [hz, db] = csv.peak_at(t);
        CAPTURE(t, hz, db);
        REQUIRE(std::fabs(cents(hz, 2500)) < 12);
        REQUIRE(db == Approx(20 * std::log10(0.25)).margin(c.level_tolerance_db));
      }
      // The change at 1.5 s: a Hann window centred on it holds each tone for half its weight, so
      // both rows read 6 dB below their steady level there (at the nearest column, half a hop).
      std::size_t row_1000 = 0, row_2500 = 0;
      for (std::size_t r = 0; r < csv.hz.size(); ++r) {
        if (std::fabs(cents(csv.hz[r], 1000)) < std::fabs(cents(csv.hz[row_1000], 1000))) row_1000 = r;
        if (std::fabs(cents(csv.hz[r], 2500)) < std::fabs(cents(csv.hz[row_2500], 2500))) row_2500 = r;
      }
      const double half_down = 20 * std::log10(0.5) - 6.02, half_up = 20 * std::log10(0.25) - 6.02;
      std::size_t fall = 0, rise = 0;
      while (fall < csv.time_s.size() && !(csv.time_s[fall] > 0.5 && csv.db[fall][row_1000] < half_down)) ++fall;
      while (rise < csv.time_s.size() && !(csv.time_s[rise] > 0.5 && csv.db[rise][row_2500] > half_up)) ++rise;
      REQUIRE(fall < csv.time_s.size());
      REQUIRE(rise < csv.time_s.size());
      // Where the level crosses, between the column before and the column after.
      auto crossing = [&](std::size_t after, std::size_t row, double level) {
        const double t0 = csv.time_s[after - 1], t1 = csv.time_s[after];
        const double d0 = csv.db[after - 1][row], d1 = csv.db[after][row];
        return t0 + (t1 - t0) * (level - d0) / (d1 - d0);
      };
      const double fall_s = crossing(fall, row_1000, half_down), rise_s = crossing(rise, row_2500, half_up);
      CAPTURE(fall_s, rise_s);
      REQUIRE(std::fabs(fall_s - kSegmentS) <= c.time_tolerance_s);
      REQUIRE(std::fabs(rise_s - kSegmentS) <= c.time_tolerance_s);
    }
  }
}

TEST_CASE("cli: the channel setting picks the right channel, a span is cut where asked", "[cli]") {
  cli::RenderRequest request = request_for(write_tones("channels.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16));
  request.csv_path = temp_path("channels.csv");
  request.settings.channel = settings::Channel::kRight;
  request.from_s = 0.5;
  request.to_s = 2.0;
  REQUIRE(cli::render_file(request, nullptr).exit_code == cli::kExitOk);
  const Csv csv = read_csv(request.csv_path);
  REQUIRE(csv.time_s.front() >= 0.5);
  REQUIRE(csv.time_s.front() < 0.52);
  REQUIRE(csv.time_s.back() <= 2.0);
  REQUIRE(csv.time_s.back() > 1.98);
  const auto [hz, db] = csv.peak_at(1.0);
  REQUIRE(std::fabs(cents(hz, 700)) < 12);
  REQUIRE(db == Approx(20 * std::log10(0.5)).margin(0.1));
}

TEST_CASE("cli: a span far into a file reads what the whole file's analysis reads there, in every mode", "[cli]") {
  // 6 s: two passes of the 3 s sequence, so --from 3.3 is past the analysis lead (a seek).
  const std::string path = temp_path("six.wav");
  {
    SF_INFO info{};
    info.samplerate = kRate;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
    SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
    REQUIRE(file != nullptr);
    std::vector<float> samples(std::size_t(6 * kRate));
    for (std::size_t i = 0; i < samples.size(); ++i) {
      const double t = double(i) / kRate;
      samples[i] = float(0.3 * std::sin(2 * kPi * (300 + 200 * t) * t) + 0.2 * std::sin(2 * kPi * 3000 * t));
    }
    REQUIRE(sf_writef_float(file, samples.data(), sf_count_t(samples.size())) == sf_count_t(samples.size()));
    sf_close(file);
  }
  for (const char* mode : {"stft", "reassigned", "multires", "multires-reassigned"}) {
    DYNAMIC_SECTION(mode) {
      cli::RenderRequest whole = request_for(path), part = request_for(path);
      // Overlap 95 %: a hop of 204 samples, not a multiple of the deepest band's decimation (128),
      // so a start on a multiple of the hop alone would put the bands on another sample grid.
      REQUIRE(settings::apply_all(whole.settings, {{"mode", mode}, {"overlap", "95"}}).empty());
      part.settings = whole.settings;
      whole.csv_path = temp_path(std::string(mode) + "-whole.csv");
      part.csv_path = temp_path(std::string(mode) + "-part.csv");
      part.from_s = 3.3;
      part.to_s = 5.0;
      const cli::RenderReport a = cli::render_file(whole, nullptr), b = cli::render_file(part, nullptr);
      REQUIRE(a.exit_code == cli::kExitOk);
      REQUIRE(b.exit_code == cli::kExitOk);
      const Csv all = read_csv(whole.csv_path), span = read_csv(part.csv_path);
      REQUIRE(span.time_s.size() > 50);
      REQUIRE(span.time_s.front() >= 3.3);
      REQUIRE(span.time_s.back() <= 5.0);
      std::size_t matched = 0;
      double worst = 0;
      for (std::size_t c = 0; c < span.time_s.size(); ++c) {
        std::size_t k = 0;
        while (k < all.time_s.size() && std::fabs(all.time_s[k] - span.time_s[c]) > 1e-6) ++k;
        REQUIRE(k < all.time_s.size());  // the same column times
        for (std::size_t r = 0; r < span.hz.size(); ++r)
          if (all.db[k][r] > -100) worst = std::max(worst, std::fabs(all.db[k][r] - span.db[c][r]));
        ++matched;
      }
      CAPTURE(worst);
      REQUIRE(matched == span.time_s.size());
      REQUIRE(worst <= 0.01);
    }
  }
}

// A PNG the tool wrote, decoded to RGB, with its bytes (the caption is in them as text).
struct Png {
  int width = 0, height = 0;
  std::vector<unsigned char> rgb;
  std::string bytes;
};

Png load_png(const std::string& path) {
  Png png;
  std::ifstream in(path, std::ios::binary);
  png.bytes.assign((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  int channels = 0;
  unsigned char* pixels = stbi_load_from_memory(reinterpret_cast<const unsigned char*>(png.bytes.data()), int(png.bytes.size()),
                                                &png.width, &png.height, &channels, 3);
  REQUIRE(pixels != nullptr);
  png.rgb.assign(pixels, pixels + std::size_t(png.width) * std::size_t(png.height) * 3);
  stbi_image_free(pixels);
  return png;
}

struct Run {
  int y = -1, start = 0, length = 0;
};

// The longest run of each pixel row in the top of viridis (a -6 dBFS tone on a -100 to 0 range:
// a yellow no label, axis or panel uses), longest first: a tone's line is its row's run.
std::vector<Run> yellow_runs(const Png& png) {
  auto yellow = [&](int x, int y) {
    const unsigned char* p = png.rgb.data() + (std::size_t(y) * std::size_t(png.width) + std::size_t(x)) * 3;
    return p[0] > 170 && p[1] > 190 && p[2] < 90;
  };
  std::vector<Run> runs;
  for (int y = 0; y < png.height; ++y) {
    Run best{y, 0, 0};
    for (int x = 0, start = -1; x <= png.width; ++x) {
      if (x < png.width && yellow(x, y)) {
        if (start < 0) start = x;
      } else if (start >= 0) {
        if (x - start > best.length) best = {y, start, x - start};
        start = -1;
      }
    }
    runs.push_back(best);
  }
  std::sort(runs.begin(), runs.end(), [](const Run& a, const Run& b) { return a.length > b.length; });
  return runs;
}

TEST_CASE("cli: the PNG is the plot at the asked size with its tone lines on the scale, and carries the caption", "[cli]") {
  cli::RenderRequest request = request_for(write_tones("picture.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 1, 0.5));
  request.png_path = temp_path("picture.png");
  request.plot_width_px = 900;
  request.plot_height_px = 450;
  request.settings.min_db = -100;
  REQUIRE(cli::render_file(request, nullptr).exit_code == cli::kExitOk);
  const Png png = load_png(request.png_path);
  REQUIRE(png.width > 900);
  REQUIRE(png.height > 450);
  // Both tones read -6 dBFS; each tone's line is the longest yellow run of its row.
  const std::vector<Run> runs = yellow_runs(png);
  const Run first = runs[0].start < runs[1].start ? runs[0] : runs[1];  // 1000 Hz: the earlier half
  const Run second = runs[0].start < runs[1].start ? runs[1] : runs[0];
  CAPTURE(first.y, first.start, first.length, second.y, second.start, second.length);
  // Each half of the plot's 900 px (1.5 of 3 s), one after the other.
  REQUIRE(first.length == Approx(450).margin(8));
  REQUIRE(second.length == Approx(450).margin(8));
  REQUIRE(second.start - (first.start + first.length) == Approx(0).margin(8));
  // 2500 Hz sits log(2.5)/log(1000) of the 450 rows (20 Hz to 20 kHz, log) above 1000 Hz.
  REQUIRE(first.y - second.y == Approx(450 * std::log(2.5) / std::log(1000.0)).margin(2));
  // The caption travels as text.
  REQUIRE(png.bytes.find("iTXtDescription") != std::string::npos);
  REQUIRE(png.bytes.find("picture.wav") != std::string::npos);
  REQUIRE(png.bytes.find("FFT 4096") != std::string::npos);
  REQUIRE(png.bytes.find("48000 Hz") != std::string::npos);
}

TEST_CASE("cli: --channel each stacks the left channel above the right, in the PNG and the CSV", "[cli]") {
  // Left: 1000 Hz, then 2500 Hz; right: 700 Hz throughout; all at 0.5 (-6 dBFS).
  cli::RenderRequest request = request_for(write_tones("each.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 2, 0.5));
  request.png_path = temp_path("each.png");
  request.csv_path = temp_path("each.csv");
  request.plot_width_px = 900;
  request.plot_height_px = 400;
  request.settings.min_db = -100;
  request.settings.channel = settings::Channel::kEach;
  const cli::RenderReport report = cli::render_file(request, nullptr);
  REQUIRE(report.exit_code == cli::kExitOk);
  REQUIRE(report.warning.empty());

  // The CSV: 200 cells a lane, the left lane's first, each named; each lane reads its channel.
  std::ifstream in(request.csv_path);
  std::string line, cell;
  REQUIRE(std::getline(in, line));
  std::stringstream header(line);
  std::getline(header, cell, ',');
  REQUIRE(cell == "time_s");
  std::vector<std::string> lane_of_cell;
  std::vector<double> hz;
  while (std::getline(header, cell, ',')) {
    const std::size_t colon = cell.find(':');
    REQUIRE(colon != std::string::npos);
    lane_of_cell.push_back(cell.substr(0, colon));
    hz.push_back(std::stod(cell.substr(colon + 1)));
  }
  REQUIRE(lane_of_cell.size() == 400);
  REQUIRE(std::count(lane_of_cell.begin(), lane_of_cell.begin() + 200, "left") == 200);
  REQUIRE(std::count(lane_of_cell.begin() + 200, lane_of_cell.end(), "right") == 200);
  // A lane's 200 rows span 20 Hz to 20 kHz: a tone is within half a row of its row's centre.
  const double half_row_cents = 0.5 * 1200 * std::log2(1000.0) / 200 + 1;
  int checked = 0;
  while (std::getline(in, line)) {
    std::stringstream row(line);
    std::getline(row, cell, ',');
    const double time_s = std::stod(cell);
    std::vector<double> db;
    while (std::getline(row, cell, ',')) db.push_back(std::stod(cell));
    REQUIRE(db.size() == 400);
    if (std::fabs(time_s - 0.75) > 0.01 && std::fabs(time_s - 2.25) > 0.01) continue;
    const auto loudest = [&](std::size_t first) { return std::size_t(std::max_element(db.begin() + long(first), db.begin() + long(first) + 200) - db.begin()); };
    const std::size_t left = loudest(0), right = loudest(200);
    CAPTURE(time_s, hz[left], db[left], hz[right], db[right]);
    REQUIRE(std::fabs(cents(hz[left], time_s < 1.5 ? 1000 : 2500)) < half_row_cents);
    REQUIRE(db[left] == Approx(20 * std::log10(0.5)).margin(0.1));
    REQUIRE(std::fabs(cents(hz[right], 700)) < half_row_cents);
    REQUIRE(db[right] == Approx(20 * std::log10(0.5)).margin(0.1));
    ++checked;
  }
  REQUIRE(checked >= 2);  // a column near each time

  // The PNG: 700 Hz across the bottom lane, 1000 Hz in the top lane's first half, one lane (200
  // rows) plus log(1000/700)/log(1000) of a lane above it.
  const Png png = load_png(request.png_path);
  const std::vector<Run> runs = yellow_runs(png);
  const Run right = runs[0];
  const Run left = runs[1].start < runs[2].start ? runs[1] : runs[2];
  CAPTURE(right.y, right.length, left.y, left.start, left.length);
  REQUIRE(right.length == Approx(900).margin(8));
  REQUIRE(left.length == Approx(450).margin(8));
  REQUIRE(right.y - left.y == Approx(200 + 200 * std::log(1000.0 / 700) / std::log(1000.0)).margin(3));
  REQUIRE(png.bytes.find("each channel: left above, right below") != std::string::npos);

  // A mono file has one channel to show, and says so.
  cli::RenderRequest mono = request_for(write_tones("each-mono.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 1));
  mono.csv_path = temp_path("each-mono.csv");
  mono.settings.channel = settings::Channel::kEach;
  const cli::RenderReport mono_report = cli::render_file(mono, nullptr);
  REQUIRE(mono_report.exit_code == cli::kExitOk);
  REQUIRE(mono_report.warning.find("mono") != std::string::npos);
  REQUIRE(read_csv(mono.csv_path).hz.size() == 400);
}

TEST_CASE("cli: --theme light draws on the light theme's ground with dark labels, as the browser's export does", "[cli]") {
  const std::string input = write_tones("theme.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 1, 0.5);
  for (const char* theme : {"dark", "light"}) {
    const std::string png = temp_path(std::string("theme-") + theme + ".png");
    std::string output;
    REQUIRE(run_cli("--theme " + std::string(theme) + " --width 600 --height 300 -o " + png + " " + input, &output) == 0);
    int width = 0, height = 0, channels = 0;
    unsigned char* pixels = stbi_load(png.c_str(), &width, &height, &channels, 3);
    REQUIRE(pixels != nullptr);
    auto luminance = [&](int x, int y) {
      const unsigned char* p = pixels + (std::size_t(y) * std::size_t(width) + std::size_t(x)) * 3;
      return 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2];
    };
    // The corner is ground; the left margin holds the frequency labels (the darkest or brightest
    // pixels there are their text).
    double darkest = 255, brightest = 0;
    for (int y = height / 4; y < height / 2; ++y)
      for (int x = 0; x < 30; ++x) darkest = std::min(darkest, luminance(x, y)), brightest = std::max(brightest, luminance(x, y));
    CAPTURE(theme, luminance(1, 1), darkest, brightest);
    if (std::string(theme) == "light") {
      REQUIRE(luminance(1, 1) > 220);
      REQUIRE(darkest < 80);
    } else {
      REQUIRE(luminance(1, 1) < 40);
      REQUIRE(brightest > 180);
    }
    stbi_image_free(pixels);
  }
}

TEST_CASE("cli: missing, corrupt, truncated files and bad options are named, with their exit codes", "[cli]") {
  std::string output;
  REQUIRE(run_cli(temp_path("nothing-here.wav") + " -o " + temp_path("x.png"), &output) == cli::kExitNoInput);
  REQUIRE(output.find("cannot open") != std::string::npos);
  REQUIRE(output.find("No such file") != std::string::npos);

  const std::string corrupt = temp_path("corrupt.wav");
  {
    std::ofstream out(corrupt, std::ios::binary);
    for (int i = 0; i < 4000; ++i) out.put(char((i * 7919) & 0xFF));
  }
  REQUIRE(run_cli(corrupt + " -o " + temp_path("x.png"), &output) == cli::kExitBadData);
  REQUIRE(output.find("cannot read") != std::string::npos);

  // A WAV cut short (a copy that lost its last half): what is there is drawn, and it says so.
  const std::string whole = write_tones("whole.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16);
  const std::string cut = first_half_of(whole, "cut.wav");
  const std::string cut_csv = temp_path("cut.csv");
  REQUIRE(run_cli(cut + " --csv " + cut_csv, &output) == cli::kExitOk);
  CAPTURE(output);
  REQUIRE(output.find("truncated") != std::string::npos);
  const Csv csv = read_csv(cut_csv);
  REQUIRE(csv.time_s.back() == Approx(1.5).margin(0.05));  // half of 3 s
  // The mix of both channels: 1000 Hz (left) and 700 Hz (right), each at half of 0.5.
  std::size_t nearest = 0;
  for (std::size_t c = 0; c < csv.time_s.size(); ++c)
    if (std::fabs(csv.time_s[c] - 1.0) < std::fabs(csv.time_s[nearest] - 1.0)) nearest = c;
  for (double tone_hz : {700.0, 1000.0}) {
    double best = -300;
    for (std::size_t r = 0; r < csv.hz.size(); ++r)
      if (std::fabs(cents(csv.hz[r], tone_hz)) < 40) best = std::max(best, csv.db[nearest][r]);
    CAPTURE(tone_hz);
    REQUIRE(best == Approx(20 * std::log10(0.25)).margin(0.1));
  }
  // Cut short in a compressed format: decoding ends early; drawn as far as it goes, said so.
  const std::string flac = write_tones("whole.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16);
  const std::string cut_flac = first_half_of(flac, "cut.flac");
  const std::string cut_flac_csv = temp_path("cut-flac.csv");
  REQUIRE(run_cli(cut_flac + " --csv " + cut_flac_csv, &output) == cli::kExitOk);
  CAPTURE(output);
  REQUIRE(output.find("truncated") != std::string::npos);
  const Csv flac_csv = read_csv(cut_flac_csv);
  REQUIRE(flac_csv.time_s.back() > 0.5);
  REQUIRE(flac_csv.time_s.back() < 2.9);  // not padded out to the header's 3 s with silence

  REQUIRE(run_cli(whole + " -o " + temp_path("x.png") + " --fft 1000", &output) == cli::kExitUsage);
  REQUIRE(output.find("fft") != std::string::npos);
  REQUIRE(run_cli(whole + " -o " + temp_path("x.png") + " --colour red", &output) == cli::kExitUsage);
  REQUIRE(output.find("colour") != std::string::npos);
  REQUIRE(run_cli(whole + " -o " + temp_path("x.png") + " --from 5", &output) == cli::kExitUsage);
  REQUIRE(output.find("outside the recording") != std::string::npos);
  REQUIRE(run_cli(whole, &output) == cli::kExitUsage);
  REQUIRE(output.find("nothing to write") != std::string::npos);
  REQUIRE(run_cli(whole + " -o /nonexistent-dir/x.png", &output) == cli::kExitCantCreate);
  REQUIRE(output.find("cannot write") != std::string::npos);
  // Piped: no progress line (no carriage returns), one summary line.
  REQUIRE(run_cli(whole + " -o " + temp_path("y.png"), &output) == cli::kExitOk);
  REQUIRE(output.find('\r') == std::string::npos);
  REQUIRE(output.find("2 ch, 48000 Hz, 3.000 s") != std::string::npos);
}
