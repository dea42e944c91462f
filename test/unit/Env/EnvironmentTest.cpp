//===- EnvironmentTest.cpp - Tests of the environment registry --*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Environments are found by name with their sizes and step limits; unknown
// names and arguments, bad argument values, out-of-range actions and steps
// outside an episode are one-line user errors that leave the environment
// usable; episode streams are a pure function of (seed, episode).
//
//===----------------------------------------------------------------------===//

#include "env/Environment.h"

#include "EnvTestSupport.h"

#include <cmath>
#include <vector>

using namespace mdlrt;
using namespace mdlrt::test;

namespace {

using EnvironmentTest = EnvFixture;

TEST_F(EnvironmentTest, RegistryListsEnvironmentsInOrder) {
  EXPECT_EQ(environmentNames(),
            (std::vector<std::string>{"CartPole", "MountainCar"}));
}

TEST_F(EnvironmentTest, CreatesByNameWithSizesAndDefaults) {
  std::unique_ptr<Environment> cartPole = createEnvironment("CartPole");
  EXPECT_EQ(cartPole->name(), "CartPole");
  EXPECT_EQ(cartPole->observationSize(), 4);
  EXPECT_EQ(cartPole->actionCount(), 2);
  EXPECT_EQ(cartPole->maxSteps(), 500);

  std::unique_ptr<Environment> car = createEnvironment("MountainCar");
  EXPECT_EQ(car->name(), "MountainCar");
  EXPECT_EQ(car->observationSize(), 2);
  EXPECT_EQ(car->actionCount(), 3);
  EXPECT_EQ(car->maxSteps(), 200);

  EXPECT_EQ(createEnvironment("CartPole", {{"max_steps", 7}})->maxSteps(), 7);
  EXPECT_EQ(createEnvironment("MountainCar", {{"max_steps", 1}})->maxSteps(),
            1);
}

TEST_F(EnvironmentTest, UnknownNameListsKnownOnes) {
  FatalError error = userError([] { createEnvironment("Acrobot"); });
  EXPECT_STREQ(error.what(), "unknown environment 'Acrobot'; known "
                             "environments: CartPole, MountainCar");
  // Names are case-sensitive, as in the language.
  error = userError([] { createEnvironment("cartpole"); });
  EXPECT_STREQ(error.what(), "unknown environment 'cartpole'; known "
                             "environments: CartPole, MountainCar");
}

TEST_F(EnvironmentTest, UnknownArgumentListsTheTakenOnes) {
  FatalError error = userError([] {
    createEnvironment("CartPole", {{"steps", 10}});
  });
  EXPECT_STREQ(error.what(), "environment CartPole has no argument 'steps'; "
                             "it takes: max_steps");
}

TEST_F(EnvironmentTest, BadMaxStepsIsAUserError) {
  for (double bad : {0.0, -3.0, 2.5, 1e300}) {
    FatalError error = userError([&] {
      createEnvironment("MountainCar", {{"max_steps", bad}});
    });
    EXPECT_NE(std::string(error.what())
                  .find("environment MountainCar: max_steps must be a "
                        "positive integer, but is "),
              std::string::npos)
        << error.what();
  }
}

TEST_F(EnvironmentTest, BadActionsAreRejectedAndLeaveTheEpisodeIntact) {
  std::unique_ptr<Environment> env = createEnvironment("CartPole");
  float obs[4];
  PhiloxStream stream = episodeStream(1, 0);
  env->reset(stream, obs);
  float before[4] = {obs[0], obs[1], obs[2], obs[3]};

  for (int64_t bad : {int64_t(-1), int64_t(2), INT64_MAX}) {
    FatalError error = userError([&] { env->step(bad, obs); });
    EXPECT_EQ(std::string(error.what()),
              "environment CartPole: action " + std::to_string(bad) +
                  " is out of range; valid actions are 0 to 1");
  }
  // Nothing moved: the state and the step count are those of the reset.
  EXPECT_EQ(env->episodeSteps(), 0);
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(obs[i], before[i]);
  StepResult result = env->step(1, obs);
  EXPECT_EQ(env->episodeSteps(), 1);
  EXPECT_EQ(result.reward, 1.0f);

  std::unique_ptr<Environment> car = createEnvironment("MountainCar");
  FatalError error = userError([&] { car->step(3, obs); });
  EXPECT_STREQ(error.what(), "environment MountainCar: action 3 is out of "
                             "range; valid actions are 0 to 2");
}

TEST_F(EnvironmentTest, StepOutsideAnEpisodeIsAUserError) {
  std::unique_ptr<Environment> env =
      createEnvironment("CartPole", {{"max_steps", 2}});
  float obs[4];
  FatalError error = userError([&] { env->step(0, obs); });
  EXPECT_STREQ(error.what(), "environment CartPole: step before the first "
                             "episode started; call reset first");

  PhiloxStream stream = episodeStream(0, 0);
  env->reset(stream, obs);
  EXPECT_FALSE(env->step(0, obs).truncated);
  EXPECT_TRUE(env->step(0, obs).truncated);
  error = userError([&] { env->step(0, obs); });
  EXPECT_STREQ(error.what(), "environment CartPole: step after the episode "
                             "ended; call reset first");

  // A reset starts a fresh episode with its own step count.
  env->reset(stream, obs);
  EXPECT_EQ(env->episodeSteps(), 0);
  EXPECT_FALSE(env->step(1, obs).truncated);
}

TEST_F(EnvironmentTest, EpisodeStreamsArePureFunctionsOfSeedAndEpisode) {
  auto firstWords = [](uint64_t seed, uint32_t episode) {
    PhiloxStream stream = episodeStream(seed, episode);
    std::vector<uint32_t> words;
    for (int i = 0; i < 8; ++i)
      words.push_back(stream.nextU32());
    return words;
  };
  EXPECT_EQ(firstWords(5, 3), firstWords(5, 3));
  EXPECT_NE(firstWords(5, 3), firstWords(6, 3));
  EXPECT_NE(firstWords(5, 3), firstWords(5, 4));
  // The stream has its own domain: not the parameter-initialisation one.
  PhiloxStream init(5, StreamDomain::ParamInit, 3);
  EXPECT_NE(firstWords(5, 3)[0], init.nextU32());
}

/// Steps `env` with actions from `rng` until `steps` were taken or the
/// episode ended; the observations and rewards, in order.
std::vector<float> trajectory(Environment &env, PhiloxStream &rng, int steps,
                              float *observation) {
  std::vector<float> seen;
  for (int i = 0; i < steps; ++i) {
    int64_t action = boundedFromWord(rng.nextU32(), env.actionCount());
    StepResult result = env.step(action, observation);
    seen.insert(seen.end(), observation, observation + env.observationSize());
    seen.push_back(result.reward);
    if (result.terminated || result.truncated)
      break;
  }
  return seen;
}

TEST_F(EnvironmentTest, RestoredEpisodesContinueBitForBit) {
  for (const std::string &name : environmentNames()) {
    std::unique_ptr<Environment> env =
        createEnvironment(name, {{"max_steps", 400}});
    std::vector<float> obs(env->observationSize()), copyObs(obs.size());
    PhiloxStream start = episodeStream(11, 2);
    env->reset(start, obs.data());
    PhiloxStream actions(5, StreamDomain::Exploration, 1);
    trajectory(*env, actions, 7, obs.data());
    Environment::Snapshot snapshot = env->snapshot();
    EXPECT_EQ(snapshot.episodeSteps, 7) << name;

    std::unique_ptr<Environment> copy =
        createEnvironment(name, {{"max_steps", 400}});
    std::string error;
    ASSERT_TRUE(copy->restore(snapshot, copyObs.data(), error)) << error;
    EXPECT_EQ(copyObs, obs) << name;
    EXPECT_EQ(copy->episodeSteps(), 7);
    PhiloxStream sameActions = actions;
    std::vector<float> expected = trajectory(*env, actions, 500, obs.data());
    std::vector<float> resumed =
        trajectory(*copy, sameActions, 500, copyObs.data());
    EXPECT_EQ(resumed, expected) << name;
    EXPECT_EQ(copy->episodeSteps(), env->episodeSteps()) << name;
  }
}

TEST_F(EnvironmentTest, RestoreRefusesSnapshotsThatDoNotFit) {
  std::unique_ptr<Environment> cartPole = createEnvironment("CartPole");
  std::unique_ptr<Environment> car = createEnvironment("MountainCar");
  std::vector<float> obs(4);
  std::string error;
  Environment::Snapshot snapshot{{0.0, 0.0, 0.0}, 0};
  EXPECT_FALSE(cartPole->restore(snapshot, obs.data(), error));
  EXPECT_EQ(error, "environment CartPole: a state of 4 values, not 3");
  snapshot.values = {0.0, 0.0, std::nan(""), 0.0};
  EXPECT_FALSE(cartPole->restore(snapshot, obs.data(), error));
  EXPECT_EQ(error, "environment CartPole: a state value is not finite");
  snapshot.values = {0.0, 0.0, 0.0, 0.0};
  snapshot.episodeSteps = 500;
  EXPECT_FALSE(cartPole->restore(snapshot, obs.data(), error));
  EXPECT_EQ(error, "environment CartPole: the episode's step 500 is not in "
                   "[0, 500)");
  snapshot = {{-1.3, 0.0}, 3};
  EXPECT_FALSE(car->restore(snapshot, obs.data(), error));
  EXPECT_EQ(error, "environment MountainCar: a position or velocity outside "
                   "the valley's limits");
  // A refused restore leaves the environment outside an episode.
  EXPECT_THROW(car->step(1, obs.data()), FatalError);
  EXPECT_THROW(car->snapshot(), FatalError);
}

} // namespace
