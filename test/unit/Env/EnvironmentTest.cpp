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

} // namespace
