//===- MountainCarTest.cpp - MountainCar against its equations --*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// A reference mountain car written here from Gym's discrete MountainCar
// equations, in double. Under random, energy-pumping and always-left
// actions the runtime's observations stay within 1e-6 of it, flags agree
// exactly (goal reached, step limit, both at once), and the left wall
// stops the car.
//
//===----------------------------------------------------------------------===//

#include "env/Environment.h"

#include "EnvTestSupport.h"

#include <cmath>
#include <random>

using namespace mdlrt;
using namespace mdlrt::test;

namespace {

struct ReferenceMountainCar {
  double position, velocity;

  /// Returns "terminated".
  bool step(int action) {
    velocity =
        velocity + 0.001 * (action - 1) - 0.0025 * std::cos(3 * position);
    if (velocity > 0.07)
      velocity = 0.07;
    if (velocity < -0.07)
      velocity = -0.07;
    position = position + velocity;
    if (position > 0.6)
      position = 0.6;
    if (position < -1.2) {
      position = -1.2;
      if (velocity < 0)
        velocity = 0;
    }
    return position >= 0.5 && velocity >= 0;
  }
};

using MountainCarTest = EnvFixture;

struct Counts {
  int terminated = 0, truncated = 0, wallHits = 0;
  std::vector<int64_t> lengths;
};

template <typename Policy>
Counts checkAgainstReference(uint64_t seed, int episodes, int64_t maxSteps,
                             Policy policy) {
  std::unique_ptr<Environment> env =
      createEnvironment("MountainCar", {{"max_steps", double(maxSteps)}});
  std::mt19937_64 actionRng(seed + 99);
  float obs[2];
  Counts counts;
  for (int episode = 0; episode < episodes; ++episode) {
    PhiloxStream stream = episodeStream(seed, episode);
    env->reset(stream, obs);
    EXPECT_GE(obs[0], -0.6f);
    EXPECT_LT(obs[0], -0.4f);
    EXPECT_EQ(obs[1], 0.0f);
    ReferenceMountainCar ref{obs[0], 0.0};
    for (int64_t t = 1;; ++t) {
      int action = policy(obs, actionRng);
      StepResult result = env->step(action, obs);
      bool refTerminated = ref.step(action);
      EXPECT_NEAR(obs[0], ref.position, 1e-6)
          << "episode " << episode << " step " << t;
      EXPECT_NEAR(obs[1], ref.velocity, 1e-6)
          << "episode " << episode << " step " << t;
      EXPECT_EQ(result.reward, -1.0f);
      EXPECT_EQ(result.terminated, refTerminated);
      EXPECT_EQ(result.truncated, t == maxSteps);
      if (testing::Test::HasFailure())
        return counts;
      counts.wallHits += obs[0] == -1.2f;
      if (obs[0] == -1.2f) {
        EXPECT_GE(obs[1], 0.0f);
      }
      if (result.terminated || result.truncated) {
        counts.terminated += result.terminated;
        counts.truncated += result.truncated;
        counts.lengths.push_back(t);
        break;
      }
    }
  }
  return counts;
}

int randomAction(const float *, std::mt19937_64 &rng) {
  return static_cast<int>(rng() % 3);
}

/// Pushes along the velocity (pumps energy), 10% random.
int pumpingAction(const float *obs, std::mt19937_64 &rng) {
  if (rng() % 10 == 0)
    return static_cast<int>(rng() % 3);
  return obs[1] >= 0 ? 2 : 0;
}

TEST_F(MountainCarTest, RandomActionsMatchTheReference) {
  Counts counts = checkAgainstReference(0, 10, 200, randomAction);
  // Random actions never climb the hill in 200 steps.
  EXPECT_EQ(counts.terminated, 0);
  EXPECT_EQ(counts.truncated, 10);
}

TEST_F(MountainCarTest, PumpingReachesTheGoalAsTheReferenceDoes) {
  Counts counts = checkAgainstReference(1, 10, 1000, pumpingAction);
  EXPECT_EQ(counts.terminated, 10);
  EXPECT_EQ(counts.truncated, 0);
}

TEST_F(MountainCarTest, LeftWallStopsTheCar) {
  // Pumping, but pushing left once past -0.3: the car never reaches the
  // goal and its leftward swings hit the wall at -1.2 (two or three times an
  // episode), where its velocity is zeroed.
  Counts counts =
      checkAgainstReference(2, 5, 300, [](const float *obs, std::mt19937_64 &) {
        return obs[0] > -0.3f ? 0 : (obs[1] >= 0 ? 2 : 0);
      });
  EXPECT_GE(counts.wallHits, 10);
  EXPECT_EQ(counts.truncated, 5);
}

TEST_F(MountainCarTest, GoalOnTheLastStepSetsBothFlags) {
  Counts counts = checkAgainstReference(1, 1, 1000, pumpingAction);
  ASSERT_EQ(counts.lengths.size(), 1u);
  int64_t length = counts.lengths[0];
  // The same episode with the limit at the goal step: both flags.
  std::unique_ptr<Environment> env =
      createEnvironment("MountainCar", {{"max_steps", double(length)}});
  std::mt19937_64 actionRng(1 + 99);
  float obs[2];
  PhiloxStream stream = episodeStream(1, 0);
  env->reset(stream, obs);
  StepResult result;
  for (int64_t t = 1; t <= length; ++t) {
    result = env->step(pumpingAction(obs, actionRng), obs);
    if (t < length) {
      ASSERT_FALSE(result.terminated || result.truncated) << t;
    }
  }
  EXPECT_TRUE(result.terminated);
  EXPECT_TRUE(result.truncated);
}

TEST_F(MountainCarTest, SeedingIsReproducible) {
  auto start = [](uint64_t seed, uint32_t episode) {
    std::unique_ptr<Environment> env = createEnvironment("MountainCar");
    float obs[2];
    PhiloxStream stream = episodeStream(seed, episode);
    env->reset(stream, obs);
    return obs[0];
  };
  EXPECT_EQ(start(3, 0), start(3, 0));
  EXPECT_NE(start(3, 0), start(4, 0));
  EXPECT_NE(start(3, 0), start(3, 1));
  PhiloxStream stream(3, StreamDomain::EnvironmentReset, 0);
  EXPECT_EQ(start(3, 0), stream.nextUniform(-0.6f, -0.4f));
}

} // namespace
