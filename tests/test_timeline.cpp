// test_timeline.cpp: the kept audio, the column store and the view maths, one state change at
// a time.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <vector>

#include "timeline/audio_history.h"
#include "timeline/column_store.h"
#include "timeline/view.h"

using timeline::AudioHistory;
using timeline::ColumnStore;
using timeline::View;

TEST_CASE("the kept audio holds every channel exactly, numbered on one clock", "[timeline]") {
  AudioHistory history;
  REQUIRE(history.configure(2, 1000, 48000) == dsp::ConfigError::kNone);
  REQUIRE(history.bytes() == 2 * 1000 * sizeof(float));
  history.begin_session(1.0e12);
  std::vector<float> left(700), right(700);
  for (int i = 0; i < 700; ++i) left[std::size_t(i)] = float(i), right[std::size_t(i)] = -float(i) * 0.5f;
  const float* channels[2] = {left.data(), right.data()};
  history.push(channels, 700);
  REQUIRE(history.begin() == 0);
  REQUIRE(history.end() == 700);
  float out[100];
  REQUIRE(history.read(0, 100, 10, out) == 10);
  for (int i = 0; i < 10; ++i) REQUIRE(out[i] == float(100 + i));  // bit-exact
  REQUIRE(history.read(1, 100, 1, out) == 1);
  REQUIRE(out[0] == -50.0f);
  REQUIRE(history.read(timeline::kMixChannel, 100, 1, out) == 1);
  REQUIRE(out[0] == 25.0f);
  // More than the capacity: the oldest go, numbering goes on.
  history.push(channels, 700);
  REQUIRE(history.begin() == 400);
  REQUIRE(history.end() == 1400);
  REQUIRE(history.read(0, 350, 100, out) < 100);  // partly before what is kept
  REQUIRE(history.read(0, 1399, 1, out) == 1);
  REQUIRE(out[0] == 699.0f);
  REQUIRE(history.read(0, 395, 1, out) == 0);
  REQUIRE(out[0] == 0.0f);
}

TEST_CASE("wall-clock times follow sessions and losses", "[timeline]") {
  AudioHistory history;
  REQUIRE(history.configure(1, 100000, 1000) == dsp::ConfigError::kNone);  // 1 kHz: a frame a ms
  std::vector<float> block(1000, 0.0f);
  const float* channel[1] = {block.data()};
  REQUIRE(history.wall_ms_at(0) == 0);  // no session yet
  history.begin_session(5000);
  history.push(channel, 1000);  // frames 0..999 at 5000..5999 ms
  REQUIRE(history.wall_ms_at(500) == Approx(5500));
  history.mark_lost(250, 6250);  // 250 frames never came: frame 1000 is at 6250 ms
  history.push(channel, 1000);
  REQUIRE(history.wall_ms_at(1000) == Approx(6250));
  REQUIRE(history.wall_ms_at(1500) == Approx(6750));
  history.begin_session(60000);  // stopped, started again a minute later
  history.push(channel, 1000);
  REQUIRE(history.wall_ms_at(2000) == Approx(60000));
  REQUIRE(history.wall_ms_at(2999) == Approx(60999));
  // By clock time, continued before the first session and past the newest frame.
  REQUIRE(history.wall_ms_at_time(0.5) == Approx(5500));
  REQUIRE(history.wall_ms_at_time(-2.0) == Approx(3000));
  REQUIRE(history.wall_ms_at_time(1.9995) == Approx(6250 + 999.5));
  REQUIRE(history.wall_ms_at_time(2.0) == Approx(60000));
  REQUIRE(history.wall_ms_at_time(4.0) == Approx(62000));
  REQUIRE(history.events().size() == 3);
  REQUIRE(history.events()[1].kind == timeline::TimelineEvent::Kind::kLost);
  REQUIRE(history.events()[1].lost == 250);
  REQUIRE(history.configure(3, 10, 48000) == dsp::ConfigError::kHistoryCapacityInvalid);
  REQUIRE(history.configure(1, 10, 0) == dsp::ConfigError::kSampleRateInvalid);
}

TEST_CASE("the column store keeps the newest columns by index, in any order", "[timeline]") {
  ColumnStore store;
  REQUIRE(store.configure(4, 8, 256, -200) == dsp::ConfigError::kNone);
  REQUIRE(store.newest() == -1);
  const float a[4] = {-10, -20, -30, -40}, b[4] = {-50, -5, -60, -70};
  store.put(10, a, {true, false, -0.5f, 0.5f});
  store.put(4, b, {true, true, -0.1f, 0.9f});  // older, re-analysed later: fine while in range
  REQUIRE(store.has(10));
  REQUIRE(store.has(4));
  REQUIRE_FALSE(store.has(5));
  REQUIRE(store.info(4).gap_before);
  REQUIRE(store.newest() == 10);
  store.put(2, a, {});  // 10 - 8 = 2: the ring cannot hold it beside 10
  REQUIRE_FALSE(store.has(2));
  float out[4];
  timeline::ColumnInfo merged;
  REQUIRE(store.max_over(3, 10, out, &merged));
  REQUIRE(out[0] == Approx(-10).margin(ColumnStore::kStepDb / 2));
  REQUIRE(out[1] == Approx(-5).margin(ColumnStore::kStepDb / 2));
  REQUIRE(merged.gap_before);
  REQUIRE(merged.wave_min == -0.5f);
  REQUIRE(merged.wave_max == 0.9f);
  REQUIRE_FALSE(store.max_over(5, 9, out));
  store.put(12, b, {});  // 4 is now older than 12 - 8 + 1: gone
  REQUIRE_FALSE(store.has(4));
  REQUIRE(store.has(10));
  store.clear();
  REQUIRE_FALSE(store.has(10));
  REQUIRE(ColumnStore::capacity_for_bytes(1 << 20, 256) > 1800);
}

TEST_CASE("the column store keeps levels to 0.01 dB, the floor below it, and copies columns out", "[timeline]") {
  ColumnStore store;
  REQUIRE(store.configure(5, 4, 256, -200) == dsp::ConfigError::kNone);
  const float levels[5] = {-3.0103f, -199.996f, -250.0f, 12.345678f, -120.004999f};
  store.put(0, levels, {});
  float out[5] = {};
  REQUIRE(store.get(0, out));
  REQUIRE(out[0] == Approx(-3.0103f).margin(0.005));
  REQUIRE(out[1] == Approx(-200.0f).margin(0.005));  // within half a step of the floor
  REQUIRE(out[2] == -200.0f);                         // below the floor: the floor
  REQUIRE(out[3] == Approx(12.345678f).margin(0.005));
  REQUIRE(out[4] == Approx(-120.004999f).margin(0.005));
  float untouched[5] = {1, 1, 1, 1, 1};
  REQUIRE_FALSE(store.get(1, untouched));
  REQUIRE(untouched[0] == 1);
  // Every level in range survives within half a step.
  float worst = 0;
  for (int i = 0; i < 20000; ++i) {
    float column[5];
    for (int r = 0; r < 5; ++r) column[r] = -200.0f + 0.0023f * float(i * 5 + r);
    store.put(1, column, {});
    REQUIRE(store.get(1, out));
    for (int r = 0; r < 5; ++r) worst = std::max(worst, std::fabs(out[r] - column[r]));
  }
  REQUIRE(worst <= ColumnStore::kStepDb / 2 + 1e-4f);
}

TEST_CASE("zoom keeps the point under the pointer fixed, scroll and clamp keep the view in the history", "[timeline]") {
  View view{100.0, 10.0, true};
  for (double anchor : {0.0, 0.25, 0.5, 0.9, 1.0}) {
    for (double factor : {0.5, 0.8, 1.25, 2.0}) {
      const double before = timeline::time_at(view, anchor);
      const View zoomed = timeline::zoom_time(view, factor, anchor, 0.05, 600);
      REQUIRE(zoomed.span_s == Approx(10 * factor));
      REQUIRE(timeline::time_at(zoomed, anchor) == Approx(before));
    }
  }
  REQUIRE(timeline::zoom_time(view, 1e-6, 0.5, 0.05, 600).span_s == Approx(0.05));
  REQUIRE(timeline::zoom_time(view, 1e6, 0.5, 0.05, 600).span_s == Approx(600));
  View back = timeline::scroll_time(view, -30, 100);
  REQUIRE_FALSE(back.live);
  REQUIRE(back.end_s == Approx(70));
  REQUIRE(timeline::scroll_time(back, 40, 100).live);  // reaching the newest sound: live again
  View early{5, 10, false};
  REQUIRE(timeline::clamp_view(early, 2, 100).end_s == Approx(12));  // not before the history
  REQUIRE(timeline::clamp_view(View{300, 10, false}, 2, 100).end_s == Approx(100));
  REQUIRE(timeline::fraction_of(view, timeline::time_at(view, 0.3)) == Approx(0.3));
}

TEST_CASE("frequency zoom keeps the frequency under the pointer on every scale", "[timeline]") {
  for (dsp::ScaleKind kind : {dsp::ScaleKind::kLinear, dsp::ScaleKind::kLog, dsp::ScaleKind::kMel, dsp::ScaleKind::kNote}) {
    dsp::FrequencyScale scale;
    REQUIRE(scale.configure(kind, 40, 16000) == dsp::ConfigError::kNone);
    const double anchor = 0.37, hz = scale.to_hz(anchor);
    const timeline::FrequencyRange range = timeline::zoom_frequency(scale, 0.5, anchor, 1, 24000);
    dsp::FrequencyScale zoomed;
    REQUIRE(zoomed.configure(kind, range.fmin_hz, range.fmax_hz) == dsp::ConfigError::kNone);
    REQUIRE(zoomed.to_hz(anchor) == Approx(hz).epsilon(1e-9));
    REQUIRE(zoomed.to_unit(range.fmax_hz) - zoomed.to_unit(range.fmin_hz) == Approx(1.0));
  }
}

TEST_CASE("texel plans pool columns so each pixel covers one to two texels", "[timeline]") {
  const double spc = 1024.0 / 48000;  // seconds per column at hop 1024
  // 10 s on 1200 px: 0.39 columns a pixel: no pooling.
  timeline::TexelPlan plan = timeline::plan_texels(View{100, 10, true}, 1200, spc);
  REQUIRE(plan.level == 0);
  REQUIRE(plan.texels_per_pixel == Approx(10 / spc / 1200));
  // 10 minutes: 23.4 columns a pixel: texels of 16 columns, 1.46 a pixel.
  plan = timeline::plan_texels(View{700, 600, true}, 1200, spc);
  REQUIRE(plan.level == 4);
  REQUIRE(plan.columns_per_texel == 16);
  REQUIRE(plan.texels_per_pixel >= 1.0);
  REQUIRE(plan.texels_per_pixel < 2.0);
  REQUIRE(plan.left_texel == Approx(100 / (16 * spc)));
  REQUIRE(plan.last_texel - plan.first_texel + 1 >= 1200);
  // Where columns sit on the clock moves the texels, not their size.
  const timeline::TexelPlan shifted = timeline::plan_texels(View{700, 600, true}, 1200, spc, 0.5);
  REQUIRE(shifted.left_texel == Approx(plan.left_texel - 0.5 / (16 * spc)));
}

#include "dsp/analyzer.h"
#include "signals.h"
#include "timeline/reanalysis.h"

namespace {

// Three tones one after another: 440 Hz over [1, 2) s, 1000 Hz over [3, 4) s, 2500 Hz over [5, 6) s.
std::vector<float> tone_sequence(double rate) {
  std::vector<float> signal(std::size_t(7 * rate), 0.0f);
  const double tones[3][2] = {{440, 1}, {1000, 3}, {2500, 5}};
  for (const auto& tone : tones)
    for (std::size_t i = std::size_t(tone[1] * rate); i < std::size_t((tone[1] + 1) * rate); ++i)
      signal[i] = float(0.5 * std::sin(2 * test_signals::kPi * tone[0] * double(i) / rate));
  return signal;
}

// `history` keeps all of `signal` (one channel).
void keep_all(const std::vector<float>& signal, double rate, timeline::AudioHistory* history) {
  REQUIRE(history->configure(1, signal.size(), rate) == dsp::ConfigError::kNone);
  const float* channel[1] = {signal.data()};
  history->push(channel, signal.size());
}

dsp::AnalyzerConfig sequence_config(int fft_size, int hop, dsp::AnalysisMode mode = dsp::AnalysisMode::kStft) {
  dsp::AnalyzerConfig config;
  config.stft.fft_size = fft_size;
  config.stft.hop_frames = hop;
  config.stft.sample_rate_hz = 48000;
  config.stft.min_db = -200;
  config.rows = 300;
  config.scale = dsp::ScaleKind::kLog;
  config.fmin_hz = 100;
  config.fmax_hz = 8000;
  config.history_frames = 64;
  config.mode = mode;
  return config;
}

// Runs a re-analysis to the end in slices of `budget_ms` (with a fake clock that advances a
// millisecond a call), collecting its columns.
std::vector<std::vector<float>> reanalyse(timeline::Reanalysis& job, const timeline::AudioHistory& history, int rows,
                                          std::int64_t count, int* slices = nullptr, std::vector<std::int64_t>* order = nullptr) {
  std::vector<std::vector<float>> columns(static_cast<std::size_t>(count));
  double now = 0;
  const timeline::Reanalysis::Clock clock = [&] { return now += 1; };
  int n = 0;
  while (job.run(history, 3, clock, [&](std::int64_t index, const float* rows_db) {
    REQUIRE(index >= 0);
    REQUIRE(index < count);
    columns[std::size_t(index)].assign(rows_db, rows_db + rows);
    if (order) order->push_back(index);
  })) ++n;
  if (slices) *slices = n;
  return columns;
}

}  // namespace

TEST_CASE("re-analysis of kept audio gives the columns live analysis gave, in slices, visible first", "[timeline]") {
  const double rate = 48000;
  const auto signal = tone_sequence(rate);
  timeline::AudioHistory history;
  keep_all(signal, rate, &history);
  for (dsp::AnalysisMode mode : {dsp::AnalysisMode::kStft, dsp::AnalysisMode::kReassigned, dsp::AnalysisMode::kMultires}) {
    INFO(dsp::analysis_mode_name(mode));
    const dsp::AnalyzerConfig config = sequence_config(4096, 1024, mode);
    // Live: every column as it came out.
    dsp::Analyzer live;
    REQUIRE(live.configure(config) == dsp::ConfigError::kNone);
    const std::int64_t count = std::int64_t(signal.size() / 1024);
    std::vector<std::vector<float>> live_columns(static_cast<std::size_t>(count));
    for (std::size_t offset = 0; offset < signal.size();) {
      offset += live.push(signal.data() + offset, std::min<std::size_t>(128, signal.size() - offset));
      if (live.has_column()) {
        const std::int64_t index = std::int64_t(live.columns().info(0).end_sample / 1024) - 1;
        live_columns[std::size_t(index)].assign(live.column_db(), live.column_db() + 300);
      }
    }
    timeline::Reanalysis job;
    REQUIRE(job.start(config, timeline::LaneChannels::one(0), 0, count - 1, 200, 250, 64) == dsp::ConfigError::kNone);
    int slices = 0;
    std::vector<std::int64_t> order;
    const auto again = reanalyse(job, history, 300, count, &slices, &order);
    REQUIRE(slices > 10);  // it really was cut into slices
    REQUIRE(job.visible_done());
    REQUIRE(job.progress() == Approx(1.0));
    REQUIRE(order.front() >= 200);  // the visible columns came first
    REQUIRE(order.front() <= 250);
    const int latency = live.column_latency_frames();
    for (std::int64_t c = 0; c < count - latency - 1; ++c) {
      REQUIRE(again[std::size_t(c)].size() == 300);
      if (live_columns[std::size_t(c)].empty()) continue;
      for (int r = 0; r < 300; r += 7)
        REQUIRE(again[std::size_t(c)][std::size_t(r)] == Approx(live_columns[std::size_t(c)][std::size_t(r)]).margin(0.01));
    }
  }
}

TEST_CASE("after an FFT-size change, re-analysis finds each tone at its time", "[timeline]") {
  const double rate = 48000;
  const auto signal = tone_sequence(rate);
  timeline::AudioHistory history;
  keep_all(signal, rate, &history);
  for (int fft : {1024, 16384}) {
    const int hop = fft / 4;
    const dsp::AnalyzerConfig config = sequence_config(fft, hop);
    timeline::Reanalysis job;
    const std::int64_t count = std::int64_t(signal.size()) / hop;
    REQUIRE(job.start(config, timeline::LaneChannels::one(0), 0, count - 1, 0, count - 1) == dsp::ConfigError::kNone);
    const auto columns = reanalyse(job, history, 300, count);
    dsp::RowMapper rows;
    dsp::RowMapperConfig rows_config;
    rows_config.rows = 300;
    rows_config.fmin_hz = 100;
    rows_config.fmax_hz = 8000;
    rows_config.fft_size = fft;
    rows_config.sample_rate_hz = rate;
    REQUIRE(rows.configure(rows_config) == dsp::ConfigError::kNone);
    // Column whose content is centred at t (its end is t + half a window).
    auto column_at = [&](double t) { return std::int64_t((t * rate + fft / 2.0) / hop) - 1; };
    for (const auto& tone : {std::pair<double, double>{440, 1.5}, {1000, 3.5}, {2500, 5.5}}) {
      INFO("FFT " << fft << ": " << tone.first << " Hz at " << tone.second << " s");
      const auto& column = columns[std::size_t(column_at(tone.second))];
      int loudest = 0;
      for (int r = 1; r < 300; ++r)
        if (column[std::size_t(r)] > column[std::size_t(loudest)]) loudest = r;
      REQUIRE(rows.row_center_hz(loudest) == Approx(tone.first).epsilon(0.03));
      REQUIRE(column[std::size_t(loudest)] == Approx(-6.02).margin(1.0));
      // Between tones: silence (well below).
      const auto& quiet = columns[std::size_t(column_at(tone.second + 1.0))];
      REQUIRE(*std::max_element(quiet.begin(), quiet.end()) < -100);
    }
  }
}

TEST_CASE("a history the memory cannot hold is refused, not fatal, and a shorter one works", "[timeline]") {
  AudioHistory history;
#ifdef __EMSCRIPTEN__
  // 2 x 2^30 frames of float: 8 GB, more than wasm32 can address: malloc refuses (std::vector
  // would abort the module).
  REQUIRE(history.configure(2, (std::size_t(1) << 30) - 1, 48000) == dsp::ConfigError::kOutOfMemory);
  REQUIRE(history.capacity() == 0);
  REQUIRE(history.bytes() == 0);
#endif
  REQUIRE(history.configure(2, 48000, 48000) == dsp::ConfigError::kNone);
  REQUIRE(history.bytes() == 2 * 48000 * sizeof(float));
  std::vector<float> left(100, 0.25f), right(100, -0.5f);
  const float* channels[2] = {left.data(), right.data()};
  history.begin_session(1000);
  history.push(channels, 100);
  float out[100];
  REQUIRE(history.read(1, 0, 100, out) == 100);
  REQUIRE(out[99] == -0.5f);
}

TEST_CASE("each channel: the left channel's tone in the top lane, the right's in the bottom lane", "[timeline][lanes]") {
  const double rate = 48000;
  const std::size_t frames = std::size_t(rate * 2);
  std::vector<float> left(frames), right(frames);
  for (std::size_t i = 0; i < frames; ++i) {
    left[i] = 0.5f * float(std::sin(2 * M_PI * 440.0 * double(i) / rate));
    right[i] = 0.5f * float(std::sin(2 * M_PI * 2500.0 * double(i) / rate));
  }
  timeline::AudioHistory history;
  REQUIRE(history.configure(2, frames, rate) == dsp::ConfigError::kNone);
  const float* channels[2] = {left.data(), right.data()};
  history.push(channels, frames);
  for (int rows : {300, 301}) {  // an odd count leaves a spare row between the lanes
    INFO(rows << " rows");
    dsp::AnalyzerConfig config = sequence_config(4096, 1024);
    config.rows = rows;
    const dsp::Lanes lanes{rows, 2};
    timeline::Reanalysis job;
    const std::int64_t count = std::int64_t(frames / 1024);
    REQUIRE(job.start(config, timeline::LaneChannels::each(), 0, count - 1, 0, count - 1) == dsp::ConfigError::kNone);
    const auto columns = reanalyse(job, history, rows, count);
    // One lane's mapping: the same scale on half the rows.
    dsp::RowMapperConfig lane_config;
    lane_config.rows = lanes.lane_rows();
    lane_config.fmin_hz = 100;
    lane_config.fmax_hz = 8000;
    lane_config.fft_size = 4096;
    lane_config.sample_rate_hz = rate;
    dsp::RowMapper lane_rows;
    REQUIRE(lane_rows.configure(lane_config) == dsp::ConfigError::kNone);
    const auto& column = columns[std::size_t(count / 2)];
    REQUIRE(column.size() == std::size_t(rows));
    for (int lane = 0; lane < 2; ++lane) {
      const float* db = column.data() + lanes.first_row(lane);
      const int loudest = int(std::max_element(db, db + lanes.lane_rows()) - db);
      INFO("lane " << lane);
      REQUIRE(lane_rows.row_center_hz(loudest) == Approx(lane == 0 ? 440.0 : 2500.0).epsilon(0.03));
      REQUIRE(db[loudest] == Approx(-6.02).margin(1.0));
      // The other channel's tone is not in this lane.
      const double other_hz = lane == 0 ? 2500.0 : 440.0;
      int other = 0;
      for (int r = 0; r < lanes.lane_rows(); ++r)
        if (std::fabs(lane_rows.row_center_hz(r) - other_hz) < std::fabs(lane_rows.row_center_hz(other) - other_hz)) other = r;
      REQUIRE(db[other] < -60);
    }
    if (rows == 301) REQUIRE(column[std::size_t(lanes.lane_rows())] <= -199);  // the seam: at the floor
  }
}
