//===- QLearningRun.h - The state of a q_learning run or eval ---*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The runtime side of `train M on ENV with q_learning` (LANGUAGE.md §3):
// generated code drives the loop and does the math; the runtime owns the
// environment, the current observation, the episode bookkeeping, the
// epsilon schedule and the replay buffer, behind the C ABI of mdlrt.h
// ("Reinforcement learning"). The state hangs off the process-wide
// RunState (`RunState::agent`), created by mdlrt_env_declare.
//
// Training (QLearningRun.cpp): episode n starts from episodeStream(seed, n);
// step t explores as rl/Exploration.h says; the k-th replay batch is drawn
// from stream (ReplaySample, k) (rl/ReplayBuffer.h). A run is therefore a
// pure function of its seed. A transition's `done` is the environment's
// `terminated`: a truncated episode (max_steps) is stored with done = 0 so
// that its target bootstraps from the last observation.
//
// Checkpoints and --resume (AgentCheckpoint.cpp) save and restore all of
// this state, and the generated loop's target network and gradient-step
// count, so that a resumed run continues bit for bit.
//
// Evaluation (AgentEval.cpp): --episodes N (default 20) greedy episodes,
// episode n starting from stream (EvalEpisode, n) of `eval --seed` (default
// 0), never one of training's starts.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_RL_QLEARNINGRUN_H
#define MDLRT_RL_QLEARNINGRUN_H

#include "core/Params.h"
#include "core/Plot.h"
#include "env/Environment.h"
#include "rl/AgentProgress.h"
#include "rl/Exploration.h"
#include "rl/ReplayBuffer.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace mdlrt {

struct RunState;

/// Evaluation episodes when --episodes is not given.
constexpr int64_t kDefaultEvalEpisodes = 20;

/// The largest number of environment steps a run takes: steps, episodes
/// and replay draws index 32-bit Philox streams.
constexpr int64_t kMaxAgentSteps = 0xFFFFFFFFll;

struct QLearningRun {
  QLearningRun(std::unique_ptr<Environment> environment, Progress &progress);

  std::unique_ptr<Environment> env;
  /// The observation the next action is taken in, and the one a step
  /// writes before it is known whether the episode goes on.
  std::vector<float> observation;
  std::vector<float> nextObservation;

  // Training (mdlrt_rl_begin).
  bool training = false;
  int64_t totalSteps = 0;
  int64_t batch = 0;
  int64_t warmup = 0;
  EpsilonSchedule epsilon;
  std::optional<ReplayBuffer> replay;
  /// Environment steps taken, and replay batches drawn.
  int64_t stepsTaken = 0;
  int64_t batchesDrawn = 0;
  AgentProgress progress;

  /// The target network as last reported (mdlrt_rl_target_final_f32),
  /// for checkpoints.
  ParamRegistry targetNetwork;
  /// --resume: the run continues a checkpoint, whose target network
  /// mdlrt_rl_target_init_f32 copies.
  bool resumed = false;
  std::vector<F32Tensor> resumedTarget;

  // The episode in progress (training and evaluation).
  int64_t episode = 0;
  double episodeReturn = 0.0;

  // Evaluation (mdlrt_rl_eval_begin).
  bool evaluating = false;
  uint64_t evalSeed = 0;
  int64_t evalEpisodes = 0;
  std::vector<double> evalReturns;
  std::vector<int64_t> evalLengths;

  /// Starts episode `episode` of training from its seeded state.
  void startTrainingEpisode(uint64_t seed);
};

/// mdlrt_log_step in a q_learning run: the loss of the gradient step taken
/// after the current environment step.
void recordAgentLoss(RunState &state, float loss);

/// The end of a q_learning run, called by mdlrt_train_end: closes the log
/// and returns the summary line. The caller prints it and writes the
/// checkpoint of an interrupted run, --save and --plot as for a supervised
/// run.
std::string finishAgentRun(RunState &state);

/// --plot of a q_learning run.
PlotData agentPlotData(const RunState &state, const std::string &title);

} // namespace mdlrt

#endif // MDLRT_RL_QLEARNINGRUN_H
