//===- CartPoleTest.cpp - CartPole vs. its published dynamics ---*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// A reference cart-pole written here from Barto, Sutton and Anderson's
// equations of motion (1983, frictionless, in their original arrangement
// rather than Gym's) with the constants of LANGUAGE.md §3 and explicit Euler
// steps, in double. Over many episodes of random and of balancing actions
// the runtime's observations stay within 1e-6 of it, and the termination
// and truncation flags agree exactly. Initial states are seeded, uniform in
// [-0.05, 0.05) and differ with seed and episode.
//
//===----------------------------------------------------------------------===//

#include "env/Environment.h"

#include "EnvTestSupport.h"

#include <cmath>
#include <random>
#include <set>

using namespace mdlrt;
using namespace mdlrt::test;

namespace {

/// The reference, state (x, x_dot, theta, theta_dot).
struct ReferenceCartPole {
  double s[4];

  /// One Euler step with action 1 = push right; returns "terminated".
  bool step(int action) {
    const double g = 9.8, mCart = 1.0, mPole = 0.1, l = 0.5, tau = 0.02;
    const double f = action == 1 ? 10.0 : -10.0;
    double x = s[0], xDot = s[1], theta = s[2], thetaDot = s[3];
    double m = mCart + mPole;
    double sinT = std::sin(theta), cosT = std::cos(theta);
    // theta'' = [g sin - cos (F + m_p l theta'^2 sin) / m]
    //           / [l (4/3 - m_p cos^2 / m)]
    double thetaAcc =
        (g * sinT +
         cosT * ((-f - mPole * l * thetaDot * thetaDot * sinT) / m)) /
        (l * (4.0 / 3.0 - mPole * cosT * cosT / m));
    // x'' = [F + m_p l (theta'^2 sin - theta'' cos)] / m
    double xAcc =
        (f + mPole * l * (thetaDot * thetaDot * sinT - thetaAcc * cosT)) / m;
    s[0] = x + tau * xDot;
    s[1] = xDot + tau * xAcc;
    s[2] = theta + tau * thetaDot;
    s[3] = thetaDot + tau * thetaAcc;
    const double thetaLimit = 12.0 * 2.0 * M_PI / 360.0;
    return std::fabs(s[0]) > 2.4 || std::fabs(s[2]) > thetaLimit;
  }
};

using CartPoleTest = EnvFixture;

/// Runs `episodes` episodes with actions from `policy(obs, rng)` and checks
/// every transition against the reference; returns (terminated, truncated)
/// episode counts.
template <typename Policy>
std::pair<int, int> checkAgainstReference(uint64_t seed, int episodes,
                                          int64_t maxSteps, Policy policy) {
  std::unique_ptr<Environment> env =
      createEnvironment("CartPole", {{"max_steps", double(maxSteps)}});
  std::mt19937_64 actionRng(seed * 7919 + 1);
  float obs[4];
  int terminatedEpisodes = 0, truncatedEpisodes = 0;
  for (int episode = 0; episode < episodes; ++episode) {
    PhiloxStream stream = episodeStream(seed, episode);
    env->reset(stream, obs);
    ReferenceCartPole ref;
    for (int i = 0; i < 4; ++i) {
      EXPECT_GE(obs[i], -0.05f);
      EXPECT_LT(obs[i], 0.05f);
      ref.s[i] = obs[i]; // drawn as floats: exact
    }
    for (int64_t t = 1;; ++t) {
      int action = policy(obs, actionRng);
      StepResult result = env->step(action, obs);
      bool refTerminated = ref.step(action);
      for (int i = 0; i < 4; ++i)
        EXPECT_NEAR(obs[i], ref.s[i], 1e-6)
            << "seed " << seed << " episode " << episode << " step " << t
            << " component " << i;
      EXPECT_EQ(result.reward, 1.0f);
      EXPECT_EQ(result.terminated, refTerminated)
          << "episode " << episode << " step " << t;
      EXPECT_EQ(result.truncated, t == maxSteps)
          << "episode " << episode << " step " << t;
      EXPECT_EQ(env->episodeSteps(), t);
      if (testing::Test::HasFailure())
        return {-1, -1};
      if (result.terminated || result.truncated) {
        terminatedEpisodes += result.terminated;
        truncatedEpisodes += result.truncated && !result.terminated;
        break;
      }
    }
  }
  return {terminatedEpisodes, truncatedEpisodes};
}

int randomAction(const float *, std::mt19937_64 &rng) {
  return static_cast<int>(rng() & 1);
}

/// Pushes toward the pole's lean, with 10% random actions: long episodes,
/// many of which reach the step limit.
int balancingAction(const float *obs, std::mt19937_64 &rng) {
  if (rng() % 10 == 0)
    return static_cast<int>(rng() & 1);
  return obs[2] + 0.5f * obs[3] + 0.01f * obs[0] + 0.1f * obs[1] > 0 ? 1 : 0;
}

TEST_F(CartPoleTest, RandomActionsMatchTheReference) {
  for (uint64_t seed : {0, 1, 12345}) {
    auto [terminated, truncated] =
        checkAgainstReference(seed, 10, 500, randomAction);
    // Random pushes drop the pole well before 500 steps.
    EXPECT_EQ(terminated, 10);
    EXPECT_EQ(truncated, 0);
  }
}

TEST_F(CartPoleTest, LongBalancingEpisodesMatchTheReference) {
  auto [terminated, truncated] =
      checkAgainstReference(3, 10, 500, balancingAction);
  // Both endings are exercised, truncation after exactly 500 steps.
  EXPECT_GE(truncated, 1);
  EXPECT_EQ(terminated + truncated, 10);
}

TEST_F(CartPoleTest, TerminatesOutsideTheLimits) {
  // Always pushing right tips the pole left past 12 degrees.
  std::unique_ptr<Environment> env = createEnvironment("CartPole");
  float obs[4];
  PhiloxStream stream = episodeStream(0, 0);
  env->reset(stream, obs);
  StepResult result;
  do
    result = env->step(1, obs);
  while (!result.terminated && !result.truncated);
  EXPECT_TRUE(result.terminated);
  EXPECT_FALSE(result.truncated);
  EXPECT_LT(obs[2], -12.0 * 2.0 * M_PI / 360.0);
  EXPECT_LT(env->episodeSteps(), 50);
}

TEST_F(CartPoleTest, SeedingIsReproducible) {
  auto initialState = [](uint64_t seed, uint32_t episode) {
    std::unique_ptr<Environment> env = createEnvironment("CartPole");
    std::vector<float> obs(4);
    PhiloxStream stream = episodeStream(seed, episode);
    env->reset(stream, obs.data());
    return obs;
  };
  EXPECT_EQ(initialState(42, 0), initialState(42, 0));
  EXPECT_EQ(initialState(42, 9), initialState(42, 9));
  EXPECT_NE(initialState(42, 0), initialState(43, 0));
  EXPECT_NE(initialState(42, 0), initialState(42, 1));
  // The components come from the stream's words in order x, x_dot, theta,
  // theta_dot, each uniform in [-0.05, 0.05).
  PhiloxStream stream(42, StreamDomain::EnvironmentReset, 0);
  std::vector<float> expected;
  for (int i = 0; i < 4; ++i)
    expected.push_back(stream.nextUniform(-0.05f, 0.05f));
  EXPECT_EQ(initialState(42, 0), expected);

  // Across many episodes the starts are distinct and fill the interval.
  std::set<std::vector<float>> starts;
  float lo = 1, hi = -1;
  for (uint32_t episode = 0; episode < 200; ++episode) {
    std::vector<float> obs = initialState(7, episode);
    starts.insert(obs);
    for (float v : obs) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  EXPECT_EQ(starts.size(), 200u);
  EXPECT_GE(lo, -0.05f);
  EXPECT_LT(lo, -0.049f);
  EXPECT_LT(hi, 0.05f);
  EXPECT_GT(hi, 0.049f);
}

} // namespace
