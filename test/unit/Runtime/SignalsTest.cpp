//===- SignalsTest.cpp - Tests of the stop request --------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// A real SIGINT sets the flag instead of ending the process once the
// handlers are installed, and mdlrt_should_stop latches it; the same SIGINT
// delivered twice is one, a second one later ends the process; the
// position of a checkpoint follows from the step count.
//
//===----------------------------------------------------------------------===//

#include "core/Signals.h"

#include "TestSupport.h"

#include <csignal>
#include <cstdlib>
#include <unistd.h>

using namespace mdlrt;
using namespace mdlrt::test;

namespace {

class SignalsTest : public RunFixture {
protected:
  void TearDown() override {
    detail::setStopRequestedForTesting(false);
    RunFixture::TearDown();
  }
};

TEST_F(SignalsTest, SigintSetsTheFlagAndShouldStopLatchesIt) {
  installStopHandlers();
  detail::setStopRequestedForTesting(false);
  EXPECT_EQ(mdlrt_should_stop(), 0);
  ASSERT_EQ(std::raise(SIGINT), 0); // the process survives
  EXPECT_TRUE(stopRequested());
  EXPECT_EQ(mdlrt_should_stop(), 1);
  // Once stopped, the run stays stopped even if the flag were cleared.
  detail::setStopRequestedForTesting(false);
  EXPECT_EQ(mdlrt_should_stop(), 1);
}

TEST_F(SignalsTest, TheSameCtrlCDeliveredTwiceStillStopsCleanly) {
  // `timeout -s INT` signals the child and then its process group: two
  // SIGINTs microseconds apart are one Ctrl-C, not "again".
  installStopHandlers();
  detail::setStopRequestedForTesting(false);
  ASSERT_EQ(std::raise(SIGINT), 0);
  ASSERT_EQ(std::raise(SIGINT), 0); // the process survives
  EXPECT_TRUE(stopRequested());
}

TEST_F(SignalsTest, ASecondCtrlCLaterQuitsAtOnce) {
  EXPECT_EXIT(
      {
        installStopHandlers();
        std::raise(SIGINT);
        usleep(400'000);
        std::raise(SIGINT);
        std::exit(0); // not reached: the second SIGINT ends the process
      },
      testing::KilledBySignal(SIGINT), "stopping after this step");
}

TEST_F(SignalsTest, SigtermToo) {
  installStopHandlers();
  detail::setStopRequestedForTesting(false);
  ASSERT_EQ(std::raise(SIGTERM), 0);
  EXPECT_TRUE(stopRequested());
}

TEST_F(SignalsTest, CheckpointPositionFollowsTheStepCount) {
  // 64 samples in batches of 8: 8 steps an epoch.
  mdlrt_dataset_synthetic_linear(64, 2, 0.0, 1);
  mdlrt_train_begin(8, 3, 0.1, 0);
  for (int i = 0; i < 11; ++i)
    mdlrt_log_step(1.0f);
  Checkpoint checkpoint = currentCheckpoint(runState());
  ASSERT_TRUE(checkpoint.position.has_value());
  EXPECT_EQ(checkpoint.position->step, 11);
  EXPECT_EQ(checkpoint.position->epoch, 1);
  EXPECT_EQ(checkpoint.position->stepInEpoch, 3);
  EXPECT_EQ(checkpoint.position->batch, 8);
}

} // namespace
