//===- ScheduleTest.cpp - Tests of the epochs/steps arithmetic --*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// computeSchedule for every combination of --epochs and --steps, the
// dropped partial batch, the clipped last epoch, the dataset smaller than a
// batch, and saturation instead of overflow.
//
//===----------------------------------------------------------------------===//

#include "core/Schedule.h"

#include "gtest/gtest.h"

using namespace mdlrt;

namespace {

Schedule compute(int64_t samples, int64_t batch, int64_t defaultEpochs,
                 std::optional<int64_t> epochs, std::optional<int64_t> steps) {
  std::string error;
  std::optional<Schedule> schedule =
      computeSchedule(samples, batch, defaultEpochs, epochs, steps, error);
  EXPECT_TRUE(schedule) << error;
  return schedule.value_or(Schedule());
}

TEST(ScheduleTest, DefaultsOnly) {
  Schedule s = compute(65536, 256, 10, std::nullopt, std::nullopt);
  EXPECT_EQ(s.stepsPerEpoch, 256);
  EXPECT_EQ(s.epochs, 10);
  EXPECT_EQ(s.totalSteps, 2560);
  for (int64_t e = 0; e < 10; ++e)
    EXPECT_EQ(s.stepsInEpoch(e), 256);
}

TEST(ScheduleTest, PartialBatchIsDropped) {
  // 1000 samples in batches of 64: 15 full batches, 40 samples dropped.
  Schedule s = compute(1000, 64, 2, std::nullopt, std::nullopt);
  EXPECT_EQ(s.stepsPerEpoch, 15);
  EXPECT_EQ(s.totalSteps, 30);
  EXPECT_EQ(s.stepsInEpoch(1), 15);
}

TEST(ScheduleTest, EpochsFlagOverridesDefault) {
  Schedule s = compute(65536, 256, 10, 2, std::nullopt);
  EXPECT_EQ(s.epochs, 2);
  EXPECT_EQ(s.totalSteps, 512);
}

TEST(ScheduleTest, StepsAloneRoundsEpochsUpAndClipsTheLast) {
  Schedule s = compute(65536, 256, 10, std::nullopt, 300);
  EXPECT_EQ(s.epochs, 2);
  EXPECT_EQ(s.totalSteps, 300);
  EXPECT_EQ(s.stepsInEpoch(0), 256);
  EXPECT_EQ(s.stepsInEpoch(1), 44);
  EXPECT_EQ(s.stepsInEpoch(2), 0);
}

TEST(ScheduleTest, StepsAloneMayExceedDefaultEpochs) {
  Schedule s = compute(1024, 256, 1, std::nullopt, 10);
  EXPECT_EQ(s.epochs, 3);
  EXPECT_EQ(s.stepsInEpoch(2), 2);
}

TEST(ScheduleTest, StepsExactlyAFewEpochs) {
  Schedule s = compute(65536, 256, 10, std::nullopt, 512);
  EXPECT_EQ(s.epochs, 2);
  EXPECT_EQ(s.stepsInEpoch(1), 256);
}

TEST(ScheduleTest, BothFlagsStepsSmaller) {
  Schedule s = compute(65536, 256, 10, 5, 300);
  EXPECT_EQ(s.epochs, 2);
  EXPECT_EQ(s.totalSteps, 300);
  EXPECT_EQ(s.stepsInEpoch(1), 44);
}

TEST(ScheduleTest, BothFlagsEpochsSmaller) {
  Schedule s = compute(65536, 256, 10, 1, 300);
  EXPECT_EQ(s.epochs, 1);
  EXPECT_EQ(s.totalSteps, 256);
  EXPECT_EQ(s.stepsInEpoch(0), 256);
  EXPECT_EQ(s.stepsInEpoch(1), 0);
}

TEST(ScheduleTest, ExactlyOneBatch) {
  Schedule s = compute(256, 256, 3, std::nullopt, std::nullopt);
  EXPECT_EQ(s.stepsPerEpoch, 1);
  EXPECT_EQ(s.totalSteps, 3);
}

TEST(ScheduleTest, FewerSamplesThanOneBatchIsAnError) {
  std::string error;
  EXPECT_FALSE(computeSchedule(100, 256, 1, std::nullopt, std::nullopt, error));
  EXPECT_EQ(error, "the dataset has 100 samples, fewer than one batch of 256");
}

TEST(ScheduleTest, HugeEpochCountSaturates) {
  Schedule s = compute(65536, 256, 1, INT64_MAX, std::nullopt);
  EXPECT_EQ(s.totalSteps, INT64_MAX);
  EXPECT_GT(s.epochs, 0);
  EXPECT_EQ(s.stepsInEpoch(0), 256);
  EXPECT_GE(s.stepsInEpoch(s.epochs - 1), 1);
  EXPECT_EQ(s.stepsInEpoch(-1), 0);
}

} // namespace
