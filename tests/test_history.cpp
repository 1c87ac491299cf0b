// test_history.cpp: the bounded frame history, one state change at a time.
#include <catch2/catch.hpp>
#include <limits>
#include <vector>

#include "dsp/history.h"

TEST_CASE("history keeps the newest frames and overwrites the oldest", "[history]") {
  dsp::History history;
  REQUIRE(history.configure(3, 4) == dsp::ConfigError::kNone);
  REQUIRE(history.size() == 0);
  REQUIRE(history.frame(0) == nullptr);

  auto frame_of = [](float value) { return std::vector<float>(4, value); };
  history.push(frame_of(1).data(), {100, false});
  REQUIRE(history.size() == 1);
  REQUIRE(history.frame(0)[0] == 1.0f);
  REQUIRE(history.info(0).end_sample == 100);

  history.push(frame_of(2).data(), {200, true});
  history.push(frame_of(3).data(), {300, false});
  REQUIRE(history.size() == 3);
  REQUIRE(history.frame(0)[3] == 3.0f);
  REQUIRE(history.frame(2)[0] == 1.0f);
  REQUIRE(history.info(1).gap_before);

  history.push(frame_of(4).data(), {400, false});  // overwrites frame 1
  REQUIRE(history.size() == 3);
  REQUIRE(history.total_pushed() == 4);
  REQUIRE(history.frame(0)[0] == 4.0f);
  REQUIRE(history.frame(2)[0] == 2.0f);
  REQUIRE(history.info(2).end_sample == 200);
  REQUIRE(history.frame(3) == nullptr);

  history.clear();
  REQUIRE(history.size() == 0);
  REQUIRE(history.frame(0) == nullptr);
  REQUIRE(history.capacity() == 3);
}

TEST_CASE("history refuses an empty or absurd size", "[history][config]") {
  dsp::History history;
  REQUIRE(history.configure(0, 10) == dsp::ConfigError::kHistoryCapacityInvalid);
  REQUIRE(history.configure(10, 0) == dsp::ConfigError::kHistoryCapacityInvalid);
  REQUIRE(history.configure(std::numeric_limits<std::size_t>::max() / 512, 1024) == dsp::ConfigError::kHistoryCapacityInvalid);
  std::vector<float> frame(10, 1.0f);
  history.push(frame.data(), {});
  REQUIRE(history.size() == 0);
}
