//===- ExplorationTest.cpp - Epsilon schedule and the seeded coin ---------===//
// SPDX-License-Identifier: Apache-2.0
//
// linear(from, to, steps) at its ends, midway and beyond; the coin as
// Exploration.h defines it (block t of stream (Exploration, 0)), explore
// rates that follow epsilon, uniform random actions, and independence of
// the steps.
//
//===----------------------------------------------------------------------===//

#include "rl/Exploration.h"

#include "core/Random.h"

#include "gtest/gtest.h"

#include <vector>

using namespace mdlrt;

namespace {

TEST(EpsilonScheduleTest, LinearFromToOverSteps) {
  EpsilonSchedule schedule{1.0, 0.05, 10000};
  EXPECT_EQ(schedule.at(0), 1.0);
  EXPECT_DOUBLE_EQ(schedule.at(5000), 0.525);
  EXPECT_DOUBLE_EQ(schedule.at(2500), 1.0 - 0.95 * 0.25);
  EXPECT_DOUBLE_EQ(schedule.at(9999), 1.0 - 0.95 * 0.9999);
  EXPECT_DOUBLE_EQ(schedule.at(10000), 0.05);
  EXPECT_DOUBLE_EQ(schedule.at(49999), 0.05);
}

TEST(EpsilonScheduleTest, ZeroStepsIsAConstant) {
  EpsilonSchedule schedule{1.0, 0.1, 0};
  EXPECT_EQ(schedule.at(0), 0.1);
  EXPECT_EQ(schedule.at(123), 0.1);
  // Rising schedules work too.
  EpsilonSchedule rising{0.0, 1.0, 4};
  EXPECT_EQ(rising.at(1), 0.25);
  EXPECT_EQ(rising.at(8), 1.0);
}

TEST(ExploreTest, FollowsTheDocumentedBlock) {
  for (int64_t step : {0, 1, 77, 123456}) {
    PhiloxCounter words = philoxBlock(5, StreamDomain::Exploration, 0,
                                      static_cast<uint64_t>(step));
    bool explores = uniformFromWord(words[0]) < 0.5f;
    int64_t expected =
        explores
            ? static_cast<int64_t>((static_cast<uint64_t>(words[1]) * 3) >> 32)
            : -1;
    EXPECT_EQ(exploreAction(5, step, 0.5, 3), expected) << step;
  }
  // The block is the one a PhiloxStream reaches after 4 * step words.
  PhiloxStream stream(5, StreamDomain::Exploration, 0);
  for (int i = 0; i < 4 * 9; ++i)
    stream.nextU32();
  EXPECT_EQ(stream.nextU32(),
            philoxBlock(5, StreamDomain::Exploration, 0, 9)[0]);
}

TEST(ExploreTest, EpsilonOneAlwaysAndZeroNeverExplores) {
  for (int64_t step = 0; step < 1000; ++step) {
    int64_t action = exploreAction(3, step, 1.0, 2);
    EXPECT_TRUE(action == 0 || action == 1);
    EXPECT_EQ(exploreAction(3, step, 0.0, 2), -1);
  }
}

TEST(ExploreTest, RateFollowsEpsilonAndActionsAreUniform) {
  const int64_t steps = 40000;
  int64_t explored = 0;
  std::vector<int64_t> counts(3, 0);
  for (int64_t step = 0; step < steps; ++step) {
    int64_t action = exploreAction(11, step, 0.25, 3);
    if (action < 0)
      continue;
    ASSERT_LT(action, 3);
    ++explored;
    ++counts[action];
  }
  // 10,000 expected, standard deviation ~87.
  EXPECT_NEAR(static_cast<double>(explored), 10000.0, 400.0);
  for (int64_t count : counts)
    EXPECT_NEAR(static_cast<double>(count), explored / 3.0, 300.0);
}

TEST(ExploreTest, PureFunctionOfSeedAndStep) {
  std::vector<int64_t> a, b, other;
  for (int64_t step = 0; step < 200; ++step) {
    a.push_back(exploreAction(1, step, 0.5, 2));
    other.push_back(exploreAction(2, step, 0.5, 2));
  }
  // Asked in reverse order, each step decides the same.
  for (int64_t step = 199; step >= 0; --step)
    b.insert(b.begin(), exploreAction(1, step, 0.5, 2));
  EXPECT_EQ(a, b);
  EXPECT_NE(a, other);
}

} // namespace
