//===- AgentEvalTest.cpp - `PROG eval` of an agent ------------------------===//
// SPDX-License-Identifier: Apache-2.0
//
// mdlrt_rl_eval_begin/act/end driven like generated code: the weights come
// from --weights, --episodes greedy episodes start from the EvalEpisode
// streams of --seed (never training's starts), the mean return equals a
// direct computation with the Environment class, the result is one JSON
// line on stdout, and misuse is refused.
//
//===----------------------------------------------------------------------===//

#include "checkpoint/Checkpoint.h"
#include "core/Json.h"

#include "AgentTestSupport.h"

#include <csignal>
#include <regex>

using namespace mdlrt;
using namespace mdlrt::test;

namespace {

/// Linear weights under which the greedy action is balancingAction's:
/// Q(s, 1) - Q(s, 0) = theta + 0.5 theta_dot.
const std::vector<float> kWeight = {0, 0, -0.5f, -0.25f, 0, 0, 0.5f, 0.25f};
const std::vector<float> kBias = {0, 0};

class AgentEvalTest : public RunFixture {
protected:
  void SetUp() override {
    RunFixture::SetUp();
    weightsPath = dir.file("agent.safetensors");
    Checkpoint checkpoint;
    checkpoint.params = {{"out.weight", {2, 4}, kWeight},
                         {"out.bias", {2}, kBias}};
    std::string error;
    ASSERT_TRUE(writeCheckpoint(weightsPath, checkpoint, error)) << error;
  }

  /// Options of `PROG eval --weights agent.safetensors`.
  TrainOptions evalOptions() {
    TrainOptions options;
    options.weightsPath = weightsPath;
    return options;
  }

  /// The generated mdl_eval of the linear agent: returns the first
  /// observation and every action it took.
  std::vector<float> runEval(int64_t maxSteps,
                             std::vector<int64_t> *actions = nullptr) {
    declareEnvironment("CartPole", maxSteps);
    mdlrt_rl_eval_begin();
    StringMemref weightName("out.weight"), biasName("out.bias");
    Memref<2> weight({2, 4});
    Memref<1> bias({2});
    _mlir_ciface_mdlrt_param_init_f32(weightName.get(), weight.get(),
                                      MDLRT_INIT_UNIFORM_FAN_IN, 4);
    _mlir_ciface_mdlrt_param_init_f32(biasName.get(), bias.get(),
                                      MDLRT_INIT_UNIFORM_FAN_IN, 4);
    mdlrt_params_ready();
    Memref<2> observation({1, 4});
    std::vector<float> first;
    int64_t running = 1;
    while (running) {
      _mlir_ciface_mdlrt_rl_observe(observation.get());
      if (first.empty())
        first = observation.data;
      int64_t action =
          linearGreedy(weight.values(), bias.values(), observation.values());
      if (actions)
        actions->push_back(action);
      running = mdlrt_rl_eval_act(action);
    }
    mdlrt_rl_eval_end();
    return first;
  }

  /// The mean return of `episodes` greedy episodes computed directly.
  static double directMeanReturn(int64_t maxSteps, int64_t episodes,
                                 uint64_t seed) {
    std::unique_ptr<Environment> env =
        createEnvironment("CartPole", {{"max_steps", double(maxSteps)}});
    double sum = 0.0;
    for (int64_t n = 0; n < episodes; ++n)
      sum += simulateEpisode(*env,
                             PhiloxStream(seed, StreamDomain::EvalEpisode,
                                          static_cast<uint32_t>(n)),
                             [](const float *s) {
                               return linearGreedy(kWeight.data(), kBias.data(),
                                                   s);
                             })
                 .episodeReturn;
    return sum / static_cast<double>(episodes);
  }

  TempDir dir;
  std::string weightsPath;
};

TEST_F(AgentEvalTest, MeanReturnEqualsADirectComputation) {
  configureRun(evalOptions(), RunMode::Eval);
  runEval(200);
  double expected = directMeanReturn(200, kDefaultEvalEpisodes, 0);
  // Not every episode reaches the limit, so the mean says something.
  EXPECT_GT(expected, 20.0);
  EXPECT_EQ(stdoutText(), JsonObjectWriter()
                                  .add("mean_return", expected)
                                  .add("episodes", int64_t(20))
                                  .str() +
                              "\n");
  std::vector<std::string> err = splitLines(stderrText());
  ASSERT_EQ(err.size(), 2u) << stderrText();
  EXPECT_EQ(err[0], "loaded 2 parameters from " + weightsPath);
  EXPECT_TRUE(std::regex_match(
      err[1], std::regex("eval over 20 episodes of CartPole: mean return "
                         "[0-9.]+ \\(min [0-9.]+, max [0-9.]+\\), mean "
                         "length [0-9.]+")))
      << err[1];
  EXPECT_TRUE(runState().ended);
}

TEST_F(AgentEvalTest, EpisodesAndSeedFlags) {
  TrainOptions options = evalOptions();
  options.episodes = 3;
  options.seed = 5;
  options.quiet = true;
  configureRun(options, RunMode::Eval);
  std::vector<float> first = runEval(500);
  EXPECT_EQ(stdoutText(),
            JsonObjectWriter()
                    .add("mean_return", directMeanReturn(500, 3, 5))
                    .add("episodes", int64_t(3))
                    .str() +
                "\n");
  EXPECT_TRUE(stderrText().empty()) << stderrText(); // --quiet
  // Episode 0 starts from stream (EvalEpisode, 0) of seed 5.
  std::unique_ptr<Environment> env = createEnvironment("CartPole");
  std::vector<float> start(4);
  PhiloxStream stream(5, StreamDomain::EvalEpisode, 0);
  env->reset(stream, start.data());
  EXPECT_EQ(first, start);
}

TEST_F(AgentEvalTest, EvaluationStartsApartFromTraining) {
  TrainOptions options = evalOptions();
  options.episodes = 1;
  configureRun(options, RunMode::Eval);
  std::vector<float> first = runEval(500);
  std::unique_ptr<Environment> env = createEnvironment("CartPole");
  std::vector<float> trainingStart(4);
  PhiloxStream stream = episodeStream(0, 0);
  env->reset(stream, trainingStart.data());
  EXPECT_NE(first, trainingStart);
}

TEST_F(AgentEvalTest, WeightsThatDoNotFitAreAUserError) {
  Checkpoint other;
  other.params = {{"fc.weight", {2, 4}, kWeight}};
  std::string error;
  ASSERT_TRUE(writeCheckpoint(weightsPath, other, error)) << error;
  configureRun(evalOptions(), RunMode::Eval);
  FatalError fatal = catchFatal([&] { runEval(500); });
  EXPECT_EQ(fatal.kind(), FatalError::Kind::User);
  EXPECT_NE(std::string(fatal.what()).find("does not fit the model"),
            std::string::npos)
      << fatal.what();
}

TEST_F(AgentEvalTest, FlagsThatDoNotApplyAreRefused) {
  TrainOptions options = evalOptions();
  options.dataDir = "/data";
  configureRun(options, RunMode::Eval);
  declareEnvironment("CartPole", 0);
  FatalError dataDir = catchFatal([] { mdlrt_rl_eval_begin(); });
  EXPECT_EQ(dataDir.exitStatus(), 2);
  EXPECT_EQ(std::string(dataDir.what()),
            "option '--data-dir' does not apply to an agent (it reads no "
            "data)");

  // A supervised program's eval refuses the agent's flags.
  for (bool episodes : {true, false}) {
    detail::resetForTesting();
    TrainOptions supervised = evalOptions();
    if (episodes)
      supervised.episodes = 3;
    else
      supervised.seed = 1;
    configureRun(supervised, RunMode::Eval);
    mdlrt_dataset_synthetic_linear(64, 4, 0.0, 1);
    FatalError error = catchFatal([] { mdlrt_eval_begin(); });
    EXPECT_EQ(error.exitStatus(), 2);
    EXPECT_EQ(std::string(error.what()),
              std::string("option '") + (episodes ? "--episodes" : "--seed") +
                  "' applies only to evaluating an agent (a train block "
                  "'with q_learning')");
  }
}

TEST_F(AgentEvalTest, CallsOutOfOrderAreInternalErrors) {
  auto internal = [](auto body) {
    return catchFatal(body).kind() == FatalError::Kind::Internal;
  };
  configureRun(evalOptions(), RunMode::Eval);
  EXPECT_TRUE(internal([] { mdlrt_rl_eval_begin(); })); // no environment
  EXPECT_TRUE(internal([] { mdlrt_rl_eval_act(0); }));
  EXPECT_TRUE(internal([] { mdlrt_rl_eval_end(); }));
  declareEnvironment("CartPole", 3);
  EXPECT_TRUE(internal([] { mdlrt_rl_begin(3, 0.1, 0, 10, 2, 2, 1, 0, 1); }));
  mdlrt_rl_eval_begin();
  EXPECT_TRUE(internal([] { mdlrt_rl_eval_begin(); }));
  EXPECT_TRUE(internal([] { mdlrt_rl_eval_act(0); })); // before params_ready
  EXPECT_TRUE(internal([] { mdlrt_rl_explore(0); }));  // training only
  StringMemref weightName("out.weight"), biasName("out.bias");
  Memref<2> weight({2, 4});
  Memref<1> bias({2});
  _mlir_ciface_mdlrt_param_init_f32(weightName.get(), weight.get(),
                                    MDLRT_INIT_UNIFORM_FAN_IN, 4);
  _mlir_ciface_mdlrt_param_init_f32(biasName.get(), bias.get(),
                                    MDLRT_INIT_UNIFORM_FAN_IN, 4);
  mdlrt_params_ready();
  EXPECT_TRUE(internal([] { mdlrt_rl_eval_act(2); }));
  EXPECT_TRUE(internal([] { mdlrt_rl_eval_end(); })); // episodes remain
  // 20 episodes of at most 3 steps.
  int64_t steps = 1;
  while (mdlrt_rl_eval_act(steps % 2))
    ++steps;
  EXPECT_LE(steps, 60);
  EXPECT_GE(steps, 20);
  EXPECT_TRUE(internal([] { mdlrt_rl_eval_act(0); })); // after the last
  mdlrt_rl_eval_end();
  EXPECT_TRUE(internal([] { mdlrt_rl_eval_end(); }));
}

TEST_F(AgentEvalTest, EndBeforeTheLastEpisodeAbortsWithOneLine) {
  EXPECT_EXIT(
      {
        detail::setErrorsThrow(false);
        detail::setOutputStreams(nullptr, nullptr);
        configureRun(evalOptions(), RunMode::Eval);
        declareEnvironment("CartPole", 0);
        mdlrt_rl_eval_begin();
        mdlrt_rl_eval_end();
      },
      ::testing::KilledBySignal(SIGABRT),
      "^mdlrt: internal error: mdlrt_rl_eval_end called after 0 of 20 "
      "episodes\n$");
}

} // namespace
