//===- AgentCheckpointTest.cpp - Checkpoints of a q_learning run ----------===//
// SPDX-License-Identifier: Apache-2.0
//
// --save, the checkpoint option, a stop request and --resume of the
// hand-written agent (AgentTestSupport.h): a run stopped part-way and
// resumed ends with the uninterrupted run's networks, counters and files,
// byte for byte; the agent file holds what docs/checkpoints.md says; and a
// checkpoint that does not belong to the program is a one-line user error.
//
//===----------------------------------------------------------------------===//

#include "rl/AgentCheckpoint.h"
#include "checkpoint/Checkpoint.h"
#include "core/Json.h"

#include "AgentTestSupport.h"

#include <cstdio>

using namespace mdlrt;
using namespace mdlrt::test;

namespace {

class AgentCheckpointTest : public RunFixture {
protected:
  void TearDown() override {
    detail::setStopRequestedForTesting(false);
    RunFixture::TearDown();
  }

  /// Runs `settings` from a fresh state with `options`.
  AgentRunResult run(const TrainOptions &options,
                     const AgentSettings &settings) {
    detail::resetForTesting();
    detail::setStopRequestedForTesting(false);
    configureRun(options);
    return runLinearAgent(settings);
  }

  /// Saves the checkpoint of a run of `settings` stopped after `steps`
  /// environment steps (by --steps) to `path`.
  void savePart(const std::string &path, AgentSettings settings,
                int64_t steps) {
    TrainOptions options;
    options.savePath = path;
    options.steps = steps;
    run(options, settings);
    ASSERT_EQ(runExitStatus(), 0);
  }

  /// The user error of resuming `path` with `settings`.
  FatalError resumeError(const std::string &path,
                         AgentSettings settings = AgentSettings(),
                         TrainOptions options = TrainOptions()) {
    detail::resetForTesting();
    options.resumePath = path;
    configureRun(options);
    FatalError error = catchFatal([&] { runLinearAgent(settings); });
    EXPECT_EQ(error.kind(), FatalError::Kind::User) << error.what();
    EXPECT_EQ(error.exitStatus(), 1) << error.what();
    return error;
  }

  /// Reads `from` with its state files, lets `edit` change it and writes
  /// it to `to` (the state files follow, with their hashes).
  void rewrite(const std::string &from, const std::string &to,
               const std::function<void(Checkpoint &)> &edit) {
    Checkpoint checkpoint;
    std::string error;
    ASSERT_TRUE(readCheckpoint(from, true, checkpoint, error)) << error;
    edit(checkpoint);
    ASSERT_TRUE(writeCheckpoint(to, checkpoint, error)) << error;
  }
};

std::string message(const FatalError &error) { return error.what(); }

void expectSameFiles(const std::string &a, const std::string &b) {
  EXPECT_EQ(readWholeFile(a), readWholeFile(b)) << a << " vs " << b;
  EXPECT_EQ(readWholeFile(agentStatePath(a)), readWholeFile(agentStatePath(b)))
      << a << " vs " << b;
  EXPECT_FALSE(readWholeFile(agentStatePath(a)).empty());
}

//===----------------------------------------------------------------------===//
// Exact continuation
//===----------------------------------------------------------------------===//

TEST_F(AgentCheckpointTest, ResumeAfterStepsEqualsTheUninterruptedRun) {
  TempDir straight, parts;
  AgentSettings settings;
  TrainOptions full;
  full.savePath = straight.file("w.safetensors");
  AgentRunResult expected = run(full, settings);
  AgentProgress::Saved expectedProgress = runState().agent->progress.save();
  ASSERT_GT(expected.updates, 1000);

  // 650 steps: mid-episode, past the warm-up, between two target syncs.
  std::string path = parts.file("w.safetensors");
  savePart(path, settings, 650);
  TrainOptions resume;
  resume.resumePath = path;
  resume.savePath = path; // resumed in place
  resume.logPath = parts.file("log.jsonl");
  AgentRunResult resumed = run(resume, settings);
  ASSERT_EQ(runExitStatus(), 0) << stderrText();
  EXPECT_EQ(resumed.stepsTaken, 2000 - 650);
  EXPECT_EQ(resumed.updates, expected.updates);
  EXPECT_EQ(resumed.weight, expected.weight);
  EXPECT_EQ(resumed.bias, expected.bias);
  EXPECT_EQ(resumed.targetWeight, expected.targetWeight);
  // The episode count, the recent returns and losses continue.
  AgentProgress::Saved progress = runState().agent->progress.save();
  EXPECT_EQ(progress.episodes, expectedProgress.episodes);
  EXPECT_EQ(progress.recentReturns, expectedProgress.recentReturns);
  EXPECT_EQ(progress.recentLosses, expectedProgress.recentLosses);
  EXPECT_EQ(progress.gradientSteps, expectedProgress.gradientSteps);
  EXPECT_NE(stderrText().find("loaded 2 parameters from " + path),
            std::string::npos)
      << stderrText();
  expectSameFiles(full.savePath, path);

  // The log starts with the resume record and numbers episodes on.
  std::vector<std::string> lines = splitLines(readWholeFile(resume.logPath));
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0],
            "{\"event\":\"resume\",\"step\":650,\"path\":\"" + path + "\"}");
  JsonValue episode;
  std::string error;
  ASSERT_TRUE(parseJson(lines[1], episode, error)) << error;
  EXPECT_GT(episode.find("episode")->asInt(), 20);
}

TEST_F(AgentCheckpointTest, RunTimeBatchResumesAtTheCheckpointsBatch) {
  TempDir straight, parts;
  AgentSettings settings;
  settings.dynamicBatch = true;
  TrainOptions full;
  full.batch = 4;
  full.savePath = straight.file("w.safetensors");
  AgentRunResult expected = run(full, settings);
  ASSERT_EQ(runExitStatus(), 0) << stderrText();

  // Saved at --batch 4; resumed without --batch (the checkpoint's 4, not
  // the block's 8) and with --batch 4: both continue the run bit for bit.
  std::string path = parts.file("w.safetensors");
  TrainOptions part;
  part.batch = 4;
  part.steps = 650;
  part.savePath = path;
  run(part, settings);
  ASSERT_EQ(runExitStatus(), 0) << stderrText();
  for (bool withFlag : {false, true}) {
    // Resumed in place in a directory of its own (the file names the
    // state file, so it is the uninterrupted run's name).
    TempDir resumeDir;
    std::string copy = resumeDir.file("w.safetensors");
    rewrite(path, copy, [](Checkpoint &) {});
    TrainOptions resume;
    resume.resumePath = copy;
    resume.savePath = copy;
    if (withFlag)
      resume.batch = 4;
    AgentRunResult resumed = run(resume, settings);
    ASSERT_EQ(runExitStatus(), 0) << stderrText();
    EXPECT_EQ(runState().batch, 4);
    EXPECT_EQ(resumed.updates, expected.updates);
    EXPECT_EQ(resumed.weight, expected.weight);
    EXPECT_EQ(resumed.bias, expected.bias);
    EXPECT_EQ(resumed.targetWeight, expected.targetWeight);
    expectSameFiles(full.savePath, copy);
  }

  // Another --batch is refused.
  TrainOptions other;
  other.batch = 8;
  EXPECT_EQ(message(resumeError(path, settings, other)),
            "'" + path + "' was saved by a run with batch 4, not 8");
}

TEST_F(AgentCheckpointTest, ResumeAfterAStopEqualsTheUninterruptedRun) {
  TempDir straight, stopped;
  AgentSettings settings;
  TrainOptions full;
  full.savePath = straight.file("w.safetensors");
  AgentRunResult expected = run(full, settings);

  AgentSettings stopping = settings;
  stopping.stopAfter = 1234;
  TrainOptions interrupted;
  interrupted.savePath = stopped.file("w.safetensors");
  run(interrupted, stopping);
  EXPECT_EQ(runExitStatus(), 130);
  EXPECT_NE(stderrText().find("interrupted after environment step 1234 of "
                              "2000; saved " +
                              interrupted.savePath),
            std::string::npos)
      << stderrText();
  EXPECT_NE(stderrText().find("resume with: "), std::string::npos);

  TrainOptions resume;
  resume.resumePath = resume.savePath = interrupted.savePath;
  AgentRunResult resumed = run(resume, settings);
  ASSERT_EQ(runExitStatus(), 0) << stderrText();
  EXPECT_EQ(resumed.weight, expected.weight);
  EXPECT_EQ(resumed.bias, expected.bias);
  expectSameFiles(full.savePath, interrupted.savePath);
}

TEST_F(AgentCheckpointTest, CheckpointOptionSavesEveryNStepsAndResumes) {
  TempDir dir;
  AgentSettings settings;
  settings.checkpointEvery = 400;
  settings.checkpointPath = dir.file("every.safetensors");
  TrainOptions options;
  options.steps = 1100;
  options.logPath = dir.file("log.jsonl");
  run(options, settings);
  ASSERT_EQ(runExitStatus(), 0);
  Checkpoint saved;
  std::string error;
  ASSERT_TRUE(readCheckpoint(settings.checkpointPath, true, saved, error))
      << error;
  ASSERT_TRUE(saved.position);
  EXPECT_EQ(saved.position->step, 800);
  ASSERT_TRUE(saved.agentState);
  EXPECT_NE(stderrText().find("saved checkpoint " + settings.checkpointPath +
                              " (environment step 800)"),
            std::string::npos)
      << stderrText();
  int checkpoints = 0;
  for (const std::string &line : splitLines(readWholeFile(options.logPath)))
    checkpoints += line.find("\"event\":\"checkpoint\"") != std::string::npos;
  EXPECT_EQ(checkpoints, 2);

  AgentSettings plain;
  TrainOptions full;
  full.savePath = dir.file("full.safetensors");
  AgentRunResult expected = run(full, plain);
  TrainOptions resume;
  resume.resumePath = settings.checkpointPath;
  AgentRunResult resumed = run(resume, plain);
  EXPECT_EQ(resumed.weight, expected.weight);
  EXPECT_EQ(resumed.bias, expected.bias);
}

TEST_F(AgentCheckpointTest, AgentFileHoldsTheDocumentedState) {
  TempDir dir;
  std::string path = dir.file("w.safetensors");
  AgentSettings settings;
  savePart(path, settings, 650);
  Checkpoint saved;
  std::string error;
  ASSERT_TRUE(readCheckpoint(path, true, saved, error)) << error;
  ASSERT_TRUE(saved.agentState);
  // The weights file holds the online network only.
  ASSERT_EQ(saved.params.size(), 2u);
  std::map<std::string, std::vector<int64_t>> shapes;
  for (const F32Tensor &tensor : saved.agentState->tensors)
    shapes[tensor.name] = tensor.shape;
  std::map<std::string, std::vector<int64_t>> expected = {
      {"target.out.weight", {2, 4}}, {"target.out.bias", {2}},
      {"replay.state", {500, 4}},    {"replay.next_state", {500, 4}},
      {"replay.action", {500}},      {"replay.reward", {500}},
      {"replay.done", {500}},        {"progress.recent_losses", {551}},
  };
  EXPECT_EQ(shapes, expected);
  const SafetensorsMetadata &meta = saved.agentState->metadata;
  EXPECT_EQ(meta.at("mdlc.agent.environment"), "CartPole");
  EXPECT_EQ(meta.at("mdlc.agent.replay_capacity"), "500");
  EXPECT_EQ(meta.at("mdlc.agent.replay_added"), "650");
  EXPECT_EQ(meta.at("mdlc.agent.gradient_steps"), "551");
  EXPECT_EQ(meta.at("mdlc.agent.max_steps"), "500");
  // Four state variables, each exact in %.17g.
  int values = 1;
  for (char c : meta.at("mdlc.agent.env_state"))
    values += c == ' ';
  EXPECT_EQ(values, 4);
}

//===----------------------------------------------------------------------===//
// Checkpoints that do not fit
//===----------------------------------------------------------------------===//

TEST_F(AgentCheckpointTest, ForeignCheckpointsAreOneLineUserErrors) {
  TempDir dir;
  std::string path = dir.file("w.safetensors");
  savePart(path, AgentSettings(), 650);

  // Weights only (as PyTorch writes them).
  Checkpoint weights;
  std::string error;
  ASSERT_TRUE(readCheckpoint(path, false, weights, error));
  std::string plain = dir.file("plain.safetensors");
  ASSERT_TRUE(writeSafetensorsFile(plain, weights.params, error));
  EXPECT_EQ(message(resumeError(plain)),
            "'" + plain +
                "' holds weights but no run state to resume; use '--init' "
                "to start from its weights");

  // A supervised run's checkpoint.
  std::string supervised = dir.file("supervised.safetensors");
  rewrite(path, supervised, [](Checkpoint &c) { c.agentState.reset(); });
  EXPECT_EQ(message(resumeError(supervised)),
            "'" + supervised +
                "' holds no agent state (it was not saved by a q_learning "
                "run); use '--init' to start from its weights");

  // Another program: replay capacity, max_steps, batch, seed, total steps.
  AgentSettings other;
  other.replay = 600;
  EXPECT_EQ(message(resumeError(path, other)),
            "'" + path +
                "' was saved by a q_learning run with a replay buffer of "
                "500, not 600");
  other = AgentSettings();
  other.maxSteps = 100;
  EXPECT_EQ(message(resumeError(path, other)),
            "'" + path +
                "' was saved by a q_learning run with max_steps 500, not 100");
  other = AgentSettings();
  other.batch = 16;
  EXPECT_EQ(message(resumeError(path, other)),
            "'" + path + "' was saved by a run with batch 8, not 16");
  TrainOptions seed;
  seed.seed = 4;
  EXPECT_EQ(message(resumeError(path, AgentSettings(), seed)),
            "'--seed 4' differs from the seed 3 of the run in '" + path + "'");
  TrainOptions shorter;
  shorter.steps = 600;
  EXPECT_EQ(message(resumeError(path, AgentSettings(), shorter)),
            "'" + path +
                "' is at environment step 650, beyond the 600 steps of this "
                "run");

  // Another environment.
  std::string mountain = dir.file("mountain.safetensors");
  rewrite(path, mountain, [](Checkpoint &c) {
    c.agentState->metadata["mdlc.agent.environment"] = "MountainCar";
  });
  EXPECT_EQ(message(resumeError(mountain)),
            "'" + mountain +
                "' was saved by a q_learning run on MountainCar, not CartPole");
}

TEST_F(AgentCheckpointTest, DamagedAgentStateIsAOneLineUserError) {
  TempDir dir;
  std::string path = dir.file("w.safetensors");
  savePart(path, AgentSettings(), 650);
  std::string agentFile = dir.file("bad.agent.safetensors");
  auto edited = [&](const std::function<void(Checkpoint &)> &edit) {
    std::string bad = dir.file("bad.safetensors");
    rewrite(path, bad, edit);
    return message(resumeError(bad));
  };
  auto tensorNamed = [](Checkpoint &c, const std::string &name) -> F32Tensor & {
    for (F32Tensor &tensor : c.agentState->tensors)
      if (tensor.name == name)
        return tensor;
    ADD_FAILURE() << "no " << name;
    return c.agentState->tensors[0];
  };

  EXPECT_EQ(edited([&](Checkpoint &c) {
              F32Tensor &target = tensorNamed(c, "target.out.weight");
              target.shape = {4, 2};
            }),
            "'" + agentFile +
                "': 'target.out.weight' has shape [4, 2], this program "
                "expects [2, 4]");
  EXPECT_EQ(edited([&](Checkpoint &c) {
              F32Tensor &replay = tensorNamed(c, "replay.state");
              replay.shape = {400, 4};
              replay.data.resize(1600);
            }),
            "'" + agentFile +
                "': 'replay.state' has shape [400, 4], this program expects "
                "[500, 4]");
  EXPECT_EQ(edited([&](Checkpoint &c) {
              std::vector<F32Tensor> &t = c.agentState->tensors;
              t.erase(std::remove_if(t.begin(), t.end(),
                                     [](const F32Tensor &x) {
                                       return x.name == "replay.done";
                                     }),
                      t.end());
            }),
            "'" + agentFile + "' lacks the agent state 'replay.done'");
  EXPECT_EQ(edited([&](Checkpoint &c) {
              c.agentState->tensors.push_back({"replay.priority", {1}, {1.0f}});
            }),
            "'" + agentFile + "' holds an unexpected tensor 'replay.priority'");
  EXPECT_EQ(edited([&](Checkpoint &c) {
              tensorNamed(c, "replay.action").data[3] = 2.0f;
            }),
            "'" + agentFile +
                "': a stored action is not one of CartPole's actions");
  EXPECT_EQ(edited([&](Checkpoint &c) {
              c.agentState->metadata["mdlc.agent.env_state"] = "0 0 nan 0";
            }),
            "'" + agentFile +
                "': its agent state 'mdlc.agent.env_state' is malformed");
  EXPECT_EQ(edited([&](Checkpoint &c) {
              c.agentState->metadata["mdlc.agent.env_state"] = "0 0 0";
            }),
            "'" + agentFile +
                "': environment CartPole: a state of 4 values, not 3");
  EXPECT_EQ(edited([&](Checkpoint &c) {
              c.agentState->metadata["mdlc.agent.episode_steps"] = "500";
            }),
            "'" + agentFile +
                "': environment CartPole: the episode's step 500 is not in "
                "[0, 500)");
  EXPECT_EQ(edited([&](Checkpoint &c) {
              c.agentState->metadata.erase("mdlc.agent.gradient_steps");
            }),
            "'" + agentFile +
                "' lacks the agent state 'mdlc.agent.gradient_steps'");
  EXPECT_EQ(edited([&](Checkpoint &c) {
              c.agentState->metadata["mdlc.agent.replay_added"] = "649";
            }),
            "'" + agentFile +
                "' is inconsistent: 649 transitions stored after 650 "
                "environment steps");

  // The agent file of another save, and none at all.
  std::string other = dir.file("other.safetensors");
  savePart(other, AgentSettings(), 700);
  std::rename(agentStatePath(other).c_str(), agentStatePath(path).c_str());
  EXPECT_EQ(message(resumeError(path)),
            "'" + agentStatePath(path) + "' does not belong to '" + path +
                "' (it was written by another save)");
  std::remove(agentStatePath(path).c_str());
  EXPECT_EQ(message(resumeError(path)), "cannot open '" + agentStatePath(path) +
                                            "': No such file or directory");
}

TEST_F(AgentCheckpointTest, ASupervisedProgramRefusesAnAgentCheckpoint) {
  TempDir dir;
  std::string path = dir.file("w.safetensors");
  savePart(path, AgentSettings(), 300);
  detail::resetForTesting();
  FatalError error =
      catchFatal([&] { loadResumeCheckpoint(runState(), path); });
  EXPECT_EQ(error.kind(), FatalError::Kind::User);
  EXPECT_EQ(message(error),
            "'" + path +
                "' holds the state of a q_learning run, which this program "
                "cannot resume; use '--init' to start from its weights");
}

TEST_F(AgentCheckpointTest, BadResumeExits1WithOneLine) {
  TempDir dir;
  std::string path = dir.file("w.safetensors");
  savePart(path, AgentSettings(), 300);
  EXPECT_EXIT(
      {
        detail::resetForTesting();
        detail::setErrorsThrow(false);
        detail::setOutputStreams(nullptr, nullptr);
        TrainOptions options;
        options.resumePath = path;
        configureRun(options);
        AgentSettings other;
        other.replay = 100;
        runLinearAgent(other);
      },
      ::testing::ExitedWithCode(1),
      "^mdlrt: error: '.*w.safetensors' was saved by a q_learning run with a "
      "replay buffer of 500, not 100\n$");
}

} // namespace
