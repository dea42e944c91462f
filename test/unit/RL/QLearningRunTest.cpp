//===- QLearningRunTest.cpp - The training calls of a q_learning run ------===//
// SPDX-License-Identifier: Apache-2.0
//
// Drives the reinforcement-learning ABI with hand-written agents
// (AgentTestSupport.h): transitions and episodes equal a direct simulation
// with the Environment class, done is `terminated` and never `truncated`,
// exploration and replay batches follow their seeded streams, episodes are
// logged, flags override the block, a run is a pure function of its seed,
// --save/--init/--plot and a stop request work, and bad input is a one-line
// error: user errors exit 1 (2 for flags), ABI misuse is an internal error.
//
//===----------------------------------------------------------------------===//

#include "checkpoint/Checkpoint.h"
#include "core/Json.h"
#include "core/Signals.h"

#include "AgentTestSupport.h"

#include <csignal>
#include <regex>

using namespace mdlrt;
using namespace mdlrt::test;

namespace {

class QLearningRunTest : public RunFixture {
protected:
  void TearDown() override {
    detail::setStopRequestedForTesting(false);
    RunFixture::TearDown();
  }

  QLearningRun &agent() { return *runState().agent; }

  void configure(TrainOptions options) { configureRun(options); }

  static bool isInternal(const std::function<void()> &body) {
    FatalError error = catchFatal(body);
    return error.kind() == FatalError::Kind::Internal;
  }
};

std::vector<JsonValue> readRecords(const std::string &path,
                                   const std::string &event) {
  std::vector<JsonValue> records;
  std::string error;
  for (const std::string &line : splitLines(readWholeFile(path))) {
    JsonValue record;
    EXPECT_TRUE(parseJson(line, record, error)) << line << ": " << error;
    if (record.find("event")->asString() == event)
      records.push_back(record);
  }
  return records;
}

//===----------------------------------------------------------------------===//
// Transitions, episodes, exploration and replay
//===----------------------------------------------------------------------===//

TEST_F(QLearningRunTest, TransitionsEqualADirectSimulation) {
  AgentSettings settings;
  settings.steps = 600;
  settings.replay = 600; // keeps every transition
  settings.maxSteps = 60;
  settings.warmup = 1000; // no gradient step: only acting
  runLinearAgent(settings, balancingAction);
  const ReplayBuffer &replay = *agent().replay;
  ASSERT_EQ(replay.added(), 600);

  std::unique_ptr<Environment> env =
      createEnvironment("CartPole", {{"max_steps", 60}});
  std::vector<float> obs(4), next(4);
  int64_t slot = 0, terminal = 0, truncated = 0, episode = 0;
  while (slot < 600) {
    PhiloxStream stream = episodeStream(3, static_cast<uint32_t>(episode++));
    env->reset(stream, obs.data());
    for (;;) {
      int64_t action = balancingAction(obs.data());
      StepResult result = env->step(action, next.data());
      for (int j = 0; j < 4; ++j) {
        ASSERT_EQ(replay.state(slot)[j], obs[j]) << slot;
        ASSERT_EQ(replay.nextState(slot)[j], next[j]) << slot;
      }
      ASSERT_EQ(replay.action(slot), action);
      ASSERT_EQ(replay.reward(slot), result.reward);
      // done is `terminated`; truncation keeps the bootstrap.
      ASSERT_EQ(replay.done(slot), result.terminated ? 1.0f : 0.0f) << slot;
      terminal += result.terminated;
      truncated += result.truncated && !result.terminated;
      obs = next;
      if (++slot == 600 || result.terminated || result.truncated)
        break;
    }
  }
  // The balancing policy survives the 60-step limit: its episodes are
  // truncated, never terminal.
  EXPECT_EQ(truncated, 10);
  EXPECT_EQ(terminal, 0);
  EXPECT_EQ(agent().progress.episodes(), 10);
}

TEST_F(QLearningRunTest, TerminalTransitionsAreDone) {
  AgentSettings settings;
  settings.steps = 300;
  settings.replay = 300;
  settings.warmup = 1000;
  // Always pushing right topples the pole within a few dozen steps.
  runLinearAgent(settings, [](const float *) { return int64_t(1); });
  const ReplayBuffer &replay = *agent().replay;
  std::unique_ptr<Environment> env = createEnvironment("CartPole");
  int64_t slot = 0;
  for (uint32_t episode = 0; slot < 300; ++episode) {
    SimulatedEpisode expected = simulateEpisode(
        *env, episodeStream(3, episode), [](const float *) { return 1; });
    ASSERT_TRUE(expected.terminated);
    for (int64_t i = 0; i < expected.length && slot < 300; ++i, ++slot)
      ASSERT_EQ(replay.done(slot), i + 1 == expected.length ? 1.0f : 0.0f)
          << "episode " << episode << " step " << i;
  }
}

TEST_F(QLearningRunTest, ObserveGivesTheEpisodeStart) {
  beginAgent(AgentSettings());
  Memref<2> observation({1, 4});
  _mlir_ciface_mdlrt_rl_observe(observation.get());
  std::unique_ptr<Environment> env = createEnvironment("CartPole");
  std::vector<float> start(4);
  PhiloxStream stream = episodeStream(3, 0);
  env->reset(stream, start.data());
  EXPECT_EQ(observation.data, start);
}

TEST_F(QLearningRunTest, ExploreFollowsTheScheduleAndTheSeed) {
  AgentSettings settings;
  settings.steps = 400;
  settings.epsilonSteps = 400;
  settings.warmup = 1000;
  beginAgent(settings);
  mdlrt_params_ready();
  int64_t explored = 0;
  for (int64_t t = 0; t < 400; ++t) {
    int64_t action = mdlrt_rl_explore(t);
    double epsilon = 1.0 - 0.95 * t / 400.0;
    EXPECT_EQ(action, exploreAction(3, t, epsilon, 2)) << t;
    explored += action >= 0;
    mdlrt_rl_act(action >= 0 ? action : 0);
  }
  // Mean epsilon over the ramp is 0.525: ~210 of 400 steps explore.
  EXPECT_GT(explored, 170);
  EXPECT_LT(explored, 250);
}

TEST_F(QLearningRunTest, ReadyOnceMaxOfWarmupAndBatchAreStored) {
  AgentSettings settings;
  settings.warmup = 3;
  settings.batch = 5;
  beginAgent(settings);
  mdlrt_params_ready();
  for (int64_t t = 0; t < 8; ++t) {
    EXPECT_EQ(mdlrt_rl_ready(), t >= 5 ? 1 : 0) << t;
    mdlrt_rl_act(t % 2);
  }
  EXPECT_EQ(mdlrt_rl_ready(), 1);
}

TEST_F(QLearningRunTest, SampleFollowsTheReplayStream) {
  AgentSettings settings;
  settings.batch = 16;
  settings.warmup = 20;
  beginAgent(settings);
  mdlrt_params_ready();
  for (int64_t t = 0; t < 40; ++t)
    mdlrt_rl_act(t % 2);
  Memref<2> s({16, 4}), s2({16, 4});
  Memref<1, int32_t> a({16});
  Memref<1> r({16}), done({16});
  std::vector<float> es(64), es2(64), er(16), edone(16);
  std::vector<int32_t> ea(16);
  for (uint32_t draw = 0; draw < 3; ++draw) {
    _mlir_ciface_mdlrt_rl_sample(s.get(), a.get(), r.get(), s2.get(),
                                 done.get());
    agent().replay->sample(3, draw, 16, es.data(), ea.data(), er.data(),
                           es2.data(), edone.data());
    EXPECT_EQ(s.data, es);
    EXPECT_EQ(a.data, ea);
    EXPECT_EQ(r.data, er);
    EXPECT_EQ(s2.data, es2);
    EXPECT_EQ(done.data, edone);
  }
}

//===----------------------------------------------------------------------===//
// Whole runs
//===----------------------------------------------------------------------===//

TEST_F(QLearningRunTest, LinearAgentRunLogsEpisodesAndSummary) {
  TempDir dir;
  TrainOptions options;
  options.logPath = dir.file("run.jsonl");
  configure(options);
  AgentSettings settings;
  AgentRunResult run = runLinearAgent(settings);
  EXPECT_EQ(run.stepsTaken, 2000);
  EXPECT_EQ(run.gradientSteps, 2000 - 100 + 1);
  EXPECT_EQ(runExitStatus(), 0);
  for (float value : run.weight)
    EXPECT_TRUE(std::isfinite(value));

  // Episode records agree with the actions taken, replayed directly.
  std::vector<JsonValue> episodes = readRecords(options.logPath, "episode");
  ASSERT_GE(episodes.size(), 20u);
  std::unique_ptr<Environment> env = createEnvironment("CartPole");
  size_t next = 0;
  int64_t step = 0;
  for (size_t n = 0; n < episodes.size(); ++n) {
    SimulatedEpisode expected =
        simulateEpisode(*env, episodeStream(3, static_cast<uint32_t>(n)),
                        [&](const float *) { return run.actions[next++]; });
    step += expected.length;
    const JsonValue &record = episodes[n];
    EXPECT_EQ(record.find("episode")->asInt(), static_cast<int64_t>(n + 1));
    EXPECT_EQ(record.find("step")->asInt(), step);
    EXPECT_EQ(record.find("return")->asDouble(), expected.episodeReturn);
    EXPECT_EQ(record.find("length")->asInt(), expected.length);
    double epsilon = 1.0 - 0.95 * std::min((step - 1) / 1000.0, 1.0);
    EXPECT_NEAR(record.find("epsilon")->asDouble(), epsilon, 1e-8);
  }
  std::vector<JsonValue> steps = readRecords(options.logPath, "step");
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[1].find("step")->asInt(), 2000);
  EXPECT_TRUE(steps[1].find("loss")->isNumber());
  std::vector<JsonValue> ends = readRecords(options.logPath, "end");
  ASSERT_EQ(ends.size(), 1u);
  EXPECT_EQ(ends[0].find("steps")->asInt(), 2000);
  EXPECT_EQ(ends[0].find("episodes")->asInt(),
            static_cast<int64_t>(episodes.size()));

  // The summary, then the parameters (8 values at most each).
  std::vector<std::string> out = splitLines(stdoutText());
  ASSERT_EQ(out.size(), 3u) << stdoutText();
  EXPECT_EQ(out[1].rfind("  out.weight = [[", 0), 0u) << out[1];
  EXPECT_EQ(out[2].rfind("  out.bias = [", 0), 0u) << out[2];
  EXPECT_TRUE(std::regex_match(
      out[0], std::regex("mean return [0-9.]+ \\(last 20 episodes\\), 2000 "
                         "steps, [0-9]+ episodes, [0-9.e+]+ steps/s, "
                         "[0-9]+\\.[0-9]{2} s")))
      << out[0];
  std::vector<std::string> err = splitLines(stderrText());
  ASSERT_EQ(err.size(), 10u) << stderrText();
  EXPECT_EQ(err[9].rfind("step 2000/2000  episode ", 0), 0u) << err[9];
}

TEST_F(QLearningRunTest, ARunIsAPureFunctionOfItsSeed) {
  AgentSettings settings;
  settings.steps = 1500;
  AgentRunResult first = runLinearAgent(settings);
  detail::resetForTesting();
  AgentRunResult second = runLinearAgent(settings);
  EXPECT_EQ(first.weight, second.weight);
  EXPECT_EQ(first.bias, second.bias);
  EXPECT_EQ(first.actions, second.actions);
  detail::resetForTesting();
  TrainOptions options;
  options.seed = 4;
  configure(options);
  AgentRunResult other = runLinearAgent(settings);
  EXPECT_NE(first.weight, other.weight);
  EXPECT_NE(first.actions, other.actions);
}

TEST_F(QLearningRunTest, FlagsOverrideTheBlock) {
  TrainOptions options;
  options.steps = 250;
  options.lr = 0.5;
  options.seed = 9;
  options.quiet = true;
  configure(options);
  AgentSettings settings;
  AgentRunResult run = runLinearAgent(settings);
  EXPECT_EQ(run.stepsTaken, 250);
  EXPECT_EQ(runState().lr, 0.5);
  EXPECT_EQ(runState().seed, 9u);
  EXPECT_TRUE(stderrText().empty()) << stderrText();
}

TEST_F(QLearningRunTest, BatchFlagSetsTheReplayBatchOfADynamicProgram) {
  TrainOptions options;
  options.batch = 3;
  options.steps = 300;
  configure(options);
  AgentSettings settings;
  settings.dynamicBatch = true;
  settings.warmup = 0;
  AgentRunResult run = runLinearAgent(settings);
  EXPECT_EQ(runState().batch, 3);
  // Ready once max(warmup, batch) = 3 transitions are stored: a gradient
  // step after every environment step from the third on.
  EXPECT_EQ(run.gradientSteps, 300 - 2);
  EXPECT_EQ(agent().batchesDrawn, 300 - 2);

  // Without --batch the block's batch; the same as a fixed-batch program.
  AgentSettings fixed;
  fixed.steps = 300;
  detail::resetForTesting();
  configure(TrainOptions());
  AgentRunResult expected = runLinearAgent(fixed);
  detail::resetForTesting();
  configure(TrainOptions());
  fixed.dynamicBatch = true;
  AgentRunResult dynamic = runLinearAgent(fixed);
  EXPECT_EQ(runState().batch, 8);
  EXPECT_EQ(dynamic.weight, expected.weight);
  EXPECT_EQ(dynamic.bias, expected.bias);
  EXPECT_EQ(dynamic.gradientSteps, expected.gradientSteps);
}

TEST_F(QLearningRunTest, FixedBatchProgramRefusesAnotherBatch) {
  TrainOptions options;
  options.batch = 16;
  configure(options);
  FatalError error = catchFatal([] { beginAgent(AgentSettings()); });
  EXPECT_EQ(error.kind(), FatalError::Kind::User);
  EXPECT_EQ(error.exitStatus(), 1);
  EXPECT_EQ(std::string(error.what()),
            "this program was compiled with a fixed batch of 8; --batch is "
            "not supported for it");
  EXPECT_FALSE(runState().begun);
  // Its own batch is fine.
  detail::resetForTesting();
  options.batch = 8;
  options.steps = 50;
  configure(options);
  EXPECT_EQ(runLinearAgent(AgentSettings()).stepsTaken, 50);
}

TEST_F(QLearningRunTest, SaveWritesACheckpointThatInitReads) {
  TempDir dir;
  TrainOptions options;
  options.savePath = dir.file("agent.safetensors");
  options.plotPath = dir.file("agent.svg");
  configure(options);
  AgentSettings settings;
  settings.steps = 300;
  AgentRunResult run = runLinearAgent(settings);
  ASSERT_EQ(runExitStatus(), 0);
  Checkpoint saved;
  std::string error;
  ASSERT_TRUE(readCheckpoint(options.savePath, false, saved, error)) << error;
  // Tensors are stored sorted by name.
  ASSERT_EQ(saved.params.size(), 2u);
  EXPECT_EQ(saved.params[0].name, "out.bias");
  EXPECT_EQ(saved.params[0].data, run.bias);
  EXPECT_EQ(saved.params[1].name, "out.weight");
  EXPECT_EQ(saved.params[1].data, run.weight);
  ASSERT_TRUE(saved.position);
  EXPECT_EQ(saved.position->step, 300);
  EXPECT_TRUE(saved.hasAgentState);
  EXPECT_FALSE(saved.agentState); // read with the parameters only
  std::string svg = readWholeFile(options.plotPath);
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("raw-loss"), std::string::npos);

  // --init starts a new run from those weights.
  detail::resetForTesting();
  TrainOptions init;
  init.initPath = options.savePath;
  configure(init);
  beginAgent(settings);
  StringMemref weightName("out.weight"), biasName("out.bias");
  Memref<2> weight({2, 4});
  Memref<1> bias({2});
  _mlir_ciface_mdlrt_param_init_f32(weightName.get(), weight.get(),
                                    MDLRT_INIT_UNIFORM_FAN_IN, 4);
  _mlir_ciface_mdlrt_param_init_f32(biasName.get(), bias.get(),
                                    MDLRT_INIT_UNIFORM_FAN_IN, 4);
  mdlrt_params_ready();
  EXPECT_EQ(weight.data, run.weight);
  EXPECT_EQ(bias.data, run.bias);
}

TEST_F(QLearningRunTest, StopRequestEndsTheRunWithStatus130) {
  TempDir dir;
  TrainOptions options;
  options.savePath = dir.file("agent.safetensors");
  configure(options);
  AgentSettings settings;
  settings.stopAfter = 700;
  AgentRunResult run = runLinearAgent(settings);
  EXPECT_EQ(run.stepsTaken, 700);
  EXPECT_EQ(runExitStatus(), 130);
  EXPECT_NE(stderrText().find("interrupted after environment step 700 of "
                              "2000; saved " +
                              options.savePath + "\nresume with: "),
            std::string::npos)
      << stderrText();
  Checkpoint saved;
  std::string error;
  ASSERT_TRUE(readCheckpoint(options.savePath, false, saved, error)) << error;
  ASSERT_EQ(saved.params.size(), 2u);
  EXPECT_EQ(saved.params[0].data, run.bias);
}

//===----------------------------------------------------------------------===//
// Bad input
//===----------------------------------------------------------------------===//

TEST_F(QLearningRunTest, UnknownEnvironmentIsAUserError) {
  FatalError error = catchFatal([] { declareEnvironment("Pong", 0); });
  EXPECT_EQ(error.kind(), FatalError::Kind::User);
  EXPECT_EQ(error.exitStatus(), 1);
  EXPECT_EQ(std::string(error.what()),
            "unknown environment 'Pong'; known environments: CartPole, "
            "MountainCar");
}

TEST_F(QLearningRunTest, UnknownEnvironmentExits1WithOneLine) {
  EXPECT_EXIT(
      {
        detail::setErrorsThrow(false);
        detail::setOutputStreams(nullptr, nullptr);
        declareEnvironment("Pong", 0);
      },
      ::testing::ExitedWithCode(1),
      "^mdlrt: error: unknown environment 'Pong'; known environments: "
      "CartPole, MountainCar\n$");
}

TEST_F(QLearningRunTest, FlagsThatDoNotApplyAreRefused) {
  struct Case {
    TrainOptions options;
    int status;
    const char *message;
  };
  std::vector<Case> cases(3);
  cases[0].options.epochs = 2;
  cases[0].status = 2;
  cases[0].message = "option '--epochs' does not apply to a q_learning run; "
                     "'--steps N' counts its environment steps";
  cases[1].options.dataDir = "/data";
  cases[1].status = 2;
  cases[1].message =
      "option '--data-dir' does not apply to a q_learning run (it reads no "
      "data)";
  cases[2].options.steps = int64_t(1) << 32;
  cases[2].status = 2;
  cases[2].message = "a q_learning run takes at most 4294967295 environment "
                     "steps, not 4294967296";
  for (const Case &c : cases) {
    detail::resetForTesting();
    configure(c.options);
    FatalError error = catchFatal([] { beginAgent(AgentSettings()); });
    EXPECT_EQ(error.kind(), FatalError::Kind::User);
    EXPECT_EQ(error.exitStatus(), c.status) << c.message;
    EXPECT_EQ(std::string(error.what()), c.message);
    EXPECT_FALSE(runState().begun);
  }
}

TEST_F(QLearningRunTest, ResumeOfAMissingFileExits1WithOneLine) {
  EXPECT_EXIT(
      {
        detail::setErrorsThrow(false);
        detail::setOutputStreams(nullptr, nullptr);
        TrainOptions options;
        options.resumePath = "/nonexistent/w.safetensors";
        configureRun(options);
        beginAgent(AgentSettings());
      },
      ::testing::ExitedWithCode(1),
      "^mdlrt: error: cannot open '/nonexistent/w.safetensors': No such file "
      "or directory\n$");
}

TEST_F(QLearningRunTest, ReplayBeyondMemoryAndUnwritableFilesAreUserErrors) {
  AgentSettings settings;
  settings.replay = int64_t(1) << 50;
  FatalError replay = catchFatal([&] { beginAgent(settings); });
  EXPECT_EQ(replay.kind(), FatalError::Kind::User);
  EXPECT_EQ(std::string(replay.what()),
            "the replay buffer of 1125899906842624 transitions does not fit "
            "in memory");

  TempDir dir;
  detail::resetForTesting();
  TrainOptions options;
  options.logPath = dir.file("missing/run.jsonl");
  configure(options);
  FatalError log = catchFatal([] { beginAgent(AgentSettings()); });
  EXPECT_EQ(log.exitStatus(), 1);
  EXPECT_EQ(std::string(log.what()).rfind("cannot open log file", 0), 0u);

  detail::resetForTesting();
  options = TrainOptions();
  options.savePath = dir.file("missing/w.safetensors");
  configure(options);
  FatalError save = catchFatal([] { beginAgent(AgentSettings()); });
  EXPECT_EQ(std::string(save.what()).rfind("cannot save to '", 0), 0u);
}

TEST_F(QLearningRunTest, SizesThatDoNotFitAreInternalErrors) {
  // The model's sizes against the environment's.
  EXPECT_TRUE(isInternal([] { declareEnvironment("CartPole", 0, 5, 2); }));
  EXPECT_TRUE(isInternal([] { declareEnvironment("CartPole", 0, 4, 3); }));
  EXPECT_TRUE(isInternal([] { declareEnvironment("CartPole", -1); }));
  AgentSettings settings;
  settings.warmup = 4;
  settings.batch = 4;
  beginAgent(settings);
  mdlrt_params_ready();
  for (int64_t t = 0; t < 4; ++t)
    mdlrt_rl_act(0);
  Memref<2> wide({1, 5});
  EXPECT_TRUE(isInternal([&] { _mlir_ciface_mdlrt_rl_observe(wide.get()); }));
  Memref<2> s({3, 4}), s2({4, 4});
  Memref<1, int32_t> a({4});
  Memref<1> r({4}), done({4});
  EXPECT_TRUE(isInternal([&] {
    _mlir_ciface_mdlrt_rl_sample(s.get(), a.get(), r.get(), s2.get(),
                                 done.get());
  }));
  EXPECT_TRUE(isInternal([] { mdlrt_rl_act(2); }));
  EXPECT_TRUE(isInternal([] { mdlrt_rl_act(-1); }));
  // The episode is intact after the refused actions.
  mdlrt_rl_act(1);
  EXPECT_EQ(agent().stepsTaken, 5);
}

TEST_F(QLearningRunTest, CallsOutOfOrderAreInternalErrors) {
  EXPECT_TRUE(
      isInternal([] { mdlrt_rl_begin(10, 0.1, 0, 10, 2, 2, 1, 0, 1); }));
  EXPECT_TRUE(isInternal([] { mdlrt_rl_total_steps(); }));
  EXPECT_TRUE(isInternal([] { mdlrt_rl_explore(0); }));
  EXPECT_TRUE(isInternal([] { mdlrt_rl_act(0); }));
  EXPECT_TRUE(isInternal([] { mdlrt_rl_ready(); }));
  Memref<2> obs({1, 4});
  EXPECT_TRUE(isInternal([&] { _mlir_ciface_mdlrt_rl_observe(obs.get()); }));

  declareEnvironment("CartPole", 0);
  EXPECT_TRUE(isInternal([] { declareEnvironment("CartPole", 0); }));
  EXPECT_TRUE(isInternal([] { mdlrt_train_begin(4, 1, 0.1, 0); }));
  EXPECT_TRUE(isInternal([] { mdlrt_rl_eval_begin(); })); // not 'eval'
  // Bad defaults from the compiler.
  EXPECT_TRUE(isInternal([] { mdlrt_rl_begin(0, 0.1, 0, 10, 2, 2, 1, 0, 1); }));
  EXPECT_TRUE(
      isInternal([] { mdlrt_rl_begin(10, 0.0, 0, 10, 2, 2, 1, 0, 1); }));
  EXPECT_TRUE(isInternal([] { mdlrt_rl_begin(10, 0.1, 0, 0, 2, 2, 1, 0, 1); }));
  EXPECT_TRUE(
      isInternal([] { mdlrt_rl_begin(10, 0.1, 0, 10, 2, 2, 1.5, 0, 1); }));
  EXPECT_TRUE(
      isInternal([] { mdlrt_rl_begin(10, 0.1, 0, 10, 2, 2, 1, 0, -1); }));

  mdlrt_rl_begin(3, 0.1, 0, 10, 2, 2, 1.0, 0.0, 1);
  EXPECT_TRUE(isInternal([] { mdlrt_rl_begin(3, 0.1, 0, 10, 2, 2, 1, 0, 1); }));
  EXPECT_TRUE(isInternal([] { mdlrt_rl_act(0); })); // before params_ready
  mdlrt_params_ready();
  EXPECT_TRUE(isInternal([] { mdlrt_rl_explore(1); })); // not step 0
  Memref<2> s({2, 4}), s2({2, 4});
  Memref<1, int32_t> a({2});
  Memref<1> r({2}), done({2});
  EXPECT_TRUE(isInternal([&] {
    _mlir_ciface_mdlrt_rl_sample(s.get(), a.get(), r.get(), s2.get(),
                                 done.get());
  })); // nothing stored yet
  EXPECT_TRUE(isInternal([] { mdlrt_epoch_end(0); }));
  for (int64_t t = 0; t < 3; ++t) {
    mdlrt_rl_explore(t);
    mdlrt_rl_act(0);
  }
  EXPECT_TRUE(isInternal([] { mdlrt_rl_explore(3); })); // past the last step
  EXPECT_TRUE(isInternal([] { mdlrt_rl_act(0); }));
  mdlrt_train_end();
  EXPECT_TRUE(isInternal([] { mdlrt_train_end(); }));
  EXPECT_TRUE(isInternal([] { mdlrt_rl_act(0); }));
  EXPECT_TRUE(isInternal([] { mdlrt_log_step(1.0f); }));
}

TEST_F(QLearningRunTest, ActBeforeBeginAbortsWithOneLine) {
  EXPECT_EXIT(
      {
        detail::setErrorsThrow(false);
        detail::setOutputStreams(nullptr, nullptr);
        mdlrt_rl_act(0);
      },
      ::testing::KilledBySignal(SIGABRT),
      "^mdlrt: internal error: mdlrt_rl_act called before mdlrt_rl_begin\n$");
}

} // namespace
