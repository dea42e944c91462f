//===- QLearningRun.cpp - The training calls of a q_learning run ----------===//
// SPDX-License-Identifier: Apache-2.0
//
// Implements mdlrt_env_declare and the training half of the
// reinforcement-learning ABI (mdlrt_rl_begin ... mdlrt_rl_sample), the
// loss logging and the end of a q_learning run. User mistakes (an unknown
// environment, flags that do not apply to an agent, a replay buffer that
// does not fit in memory, unwritable --save/--log) are one-line errors
// before the first step; calls out of order or of the wrong shape are
// internal errors (compiler bugs), as everywhere in the ABI.
//
//===----------------------------------------------------------------------===//

#include "rl/QLearningRun.h"

#include "checkpoint/AtomicFile.h"
#include "core/Error.h"
#include "core/Json.h"
#include "core/Memref.h"
#include "core/Run.h"
#include "core/Signals.h"
#include "mdlrt/mdlrt.h"
#include "rl/AgentCheckpoint.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace mdlrt {

QLearningRun::QLearningRun(std::unique_ptr<Environment> environment,
                           Progress &runProgress)
    : env(std::move(environment)),
      observation(static_cast<size_t>(env->observationSize())),
      nextObservation(static_cast<size_t>(env->observationSize())),
      progress(runProgress) {}

void QLearningRun::startTrainingEpisode(uint64_t seed) {
  PhiloxStream stream = episodeStream(seed, static_cast<uint32_t>(episode));
  env->reset(stream, observation.data());
  episodeReturn = 0.0;
}

namespace {
long long ll(int64_t value) { return static_cast<long long>(value); }

/// The q_learning run between mdlrt_rl_begin and mdlrt_train_end.
QLearningRun &requireTraining(const char *function) {
  RunState &state = runState();
  if (!state.agent || !state.agent->training)
    internalError(std::string(function) + " called before mdlrt_rl_begin");
  if (state.ended)
    internalError(std::string(function) + " called after mdlrt_train_end");
  return *state.agent;
}

/// Refuses the flags that do not apply to an agent (core/Options.h).
void checkAgentFlags(const TrainOptions &options) {
  if (options.epochs)
    fatal("option '--epochs' does not apply to a q_learning run; '--steps "
          "N' counts its environment steps",
          2);
  if (!options.dataDir.empty())
    fatal("option '--data-dir' does not apply to a q_learning run (it reads "
          "no data)",
          2);
}

void checkProbability(const char *what, double value) {
  if (!(value >= 0.0 && value <= 1.0))
    internalError(
        formatString("mdlrt_rl_begin: %s %g is not in [0, 1]", what, value));
}
} // namespace

void recordAgentLoss(RunState &state, float loss) {
  if (!state.agent->training)
    internalError("mdlrt_log_step called outside a training run");
  state.agent->progress.recordLoss(loss);
}

std::string finishAgentRun(RunState &state) {
  QLearningRun &agent = *state.agent;
  if (!agent.training)
    internalError("mdlrt_train_end called outside a training run");
  return formatAgentSummary(agent.progress.finish());
}

PlotData agentPlotData(const RunState &state, const std::string &title) {
  return state.agent->progress.plotData(title);
}

} // namespace mdlrt

using namespace mdlrt;

extern "C" void _mlir_ciface_mdlrt_env_declare(mdlrt_unranked_memref *name,
                                               int64_t max_steps,
                                               int64_t observation_size,
                                               int64_t action_count) {
  RunState &state = runState();
  if (state.agent)
    internalError("mdlrt_env_declare called twice");
  if (state.begun)
    internalError("mdlrt_env_declare called after the run began");
  if (state.dataset || state.evalDataset)
    internalError("mdlrt_env_declare called in a program with a dataset");
  std::string envName = readStringMemref(name, "environment name");
  if (max_steps < 0)
    internalError(formatString("mdlrt_env_declare: max_steps %lld is "
                               "negative",
                               ll(max_steps)));
  EnvironmentArgs args;
  if (max_steps > 0)
    args.set("max_steps", static_cast<double>(max_steps));
  std::unique_ptr<Environment> env = createEnvironment(envName, args);
  if (env->observationSize() != observation_size ||
      env->actionCount() != action_count)
    internalError(formatString(
        "environment %s has observations of %lld and %lld actions, but the "
        "model expects %lld and %lld",
        env->name().c_str(), ll(env->observationSize()), ll(env->actionCount()),
        ll(observation_size), ll(action_count)));
  state.agent = std::make_unique<QLearningRun>(std::move(env), state.progress);
}

/// mdlrt_rl_begin and mdlrt_rl_begin_dynamic: `dynamicBatch` lets --batch
/// (or, resuming without it, the checkpoint) replace the compiled `batch`;
/// a fixed-batch program accepts only its own.
static void beginAgent(int64_t default_steps, double default_lr,
                       int64_t default_seed, int64_t replay_capacity,
                       int64_t batch, int64_t warmup, double epsilon_from,
                       double epsilon_to, int64_t epsilon_steps,
                       bool dynamicBatch) {
  RunState &state = runState();
  if (!state.agent)
    internalError("mdlrt_rl_begin called before mdlrt_env_declare");
  if (state.begun)
    internalError("mdlrt_rl_begin called twice");
  if (state.mode != RunMode::Train)
    internalError("mdlrt_rl_begin called outside 'train'");
  if (state.dataset)
    internalError("mdlrt_rl_begin called in a program with a dataset");
  if (default_steps <= 0 || replay_capacity <= 0 || batch <= 0 || warmup < 0 ||
      epsilon_steps < 0 || default_seed < 0)
    internalError(formatString(
        "mdlrt_rl_begin: steps %lld, replay %lld, batch %lld, warmup %lld, "
        "epsilon steps %lld, seed %lld out of range",
        ll(default_steps), ll(replay_capacity), ll(batch), ll(warmup),
        ll(epsilon_steps), ll(default_seed)));
  if (!std::isfinite(default_lr) || !(default_lr > 0.0))
    internalError(formatString("mdlrt_rl_begin: default lr %g is not a "
                               "positive finite number",
                               default_lr));
  checkProbability("epsilon from", epsilon_from);
  checkProbability("epsilon to", epsilon_to);

  const TrainOptions &options = state.options;
  checkAgentFlags(options);
  batch = chooseRunBatch(options, batch, dynamicBatch);
  int64_t totalSteps = options.steps ? *options.steps : default_steps;
  if (totalSteps > kMaxAgentSteps)
    fatal(formatString("a q_learning run takes at most %lld environment "
                       "steps, not %lld",
                       ll(kMaxAgentSteps), ll(totalSteps)),
          options.steps ? 2 : 1);
  std::string error;
  for (const std::string &path :
       {options.savePath, state.checkpointPath, options.plotPath})
    if (!path.empty() && !checkFileCanBeReplaced(path, error))
      fatal("cannot save to '" + path + "': " + error);
  QLearningRun &agent = *state.agent;
  agent.replay.emplace(replay_capacity, agent.env->observationSize());
  if (!options.initPath.empty())
    loadParameters(state, options.initPath);
  std::optional<AgentResume> resumed;
  if (!options.resumePath.empty()) {
    resumed = resumeAgent(state, options.resumePath);
    batch = resumedRunBatch(options, options.resumePath, batch,
                            resumed->position.batch, dynamicBatch);
    if (resumed->position.step > totalSteps)
      fatal(formatString("'%s' is at environment step %lld, beyond the %lld "
                         "steps of this run",
                         options.resumePath.c_str(), ll(resumed->position.step),
                         ll(totalSteps)));
  }
  // A resumed run continues the log of the run it resumes.
  if (!state.progress.openLog(options.logPath, error,
                              /*append=*/resumed.has_value()))
    fatal(error);

  state.batch = batch;
  state.lr = options.lr ? *options.lr
             : resumed  ? resumed->position.lr
                        : default_lr;
  state.seed = resumed        ? resumed->position.seed
               : options.seed ? *options.seed
                              : static_cast<uint64_t>(default_seed);
  agent.training = true;
  agent.totalSteps = totalSteps;
  agent.batch = batch;
  agent.warmup = warmup;
  agent.epsilon = {epsilon_from, epsilon_to, epsilon_steps};
  agent.progress.start(totalSteps, state.lr, options.quiet);
  if (resumed) {
    // The environment, the episode and the replay buffer are restored.
    state.firstStep = resumed->position.step;
    agent.progress.resume(resumed->position.step, resumed->progress);
    state.progress.writeRecord(JsonObjectWriter()
                                   .add("event", "resume")
                                   .add("step", resumed->position.step)
                                   .add("path", options.resumePath)
                                   .str());
  } else {
    agent.startTrainingEpisode(state.seed);
  }
  installStopHandlers();
  state.begun = true;
}

extern "C" void mdlrt_rl_begin(int64_t default_steps, double default_lr,
                               int64_t default_seed, int64_t replay_capacity,
                               int64_t batch, int64_t warmup,
                               double epsilon_from, double epsilon_to,
                               int64_t epsilon_steps) {
  beginAgent(default_steps, default_lr, default_seed, replay_capacity, batch,
             warmup, epsilon_from, epsilon_to, epsilon_steps,
             /*dynamicBatch=*/false);
}

extern "C" void mdlrt_rl_begin_dynamic(int64_t default_steps,
                                       double default_lr, int64_t default_seed,
                                       int64_t replay_capacity, int64_t batch,
                                       int64_t warmup, double epsilon_from,
                                       double epsilon_to,
                                       int64_t epsilon_steps) {
  beginAgent(default_steps, default_lr, default_seed, replay_capacity, batch,
             warmup, epsilon_from, epsilon_to, epsilon_steps,
             /*dynamicBatch=*/true);
}

extern "C" int64_t mdlrt_rl_total_steps(void) {
  return requireTraining("mdlrt_rl_total_steps").totalSteps;
}

extern "C" void _mlir_ciface_mdlrt_rl_observe(mdlrt_unranked_memref *memref) {
  RunState &state = runState();
  QLearningRun *agent = state.agent.get();
  if (!agent || !(agent->training || agent->evaluating) || !state.begun)
    internalError("mdlrt_rl_observe called before mdlrt_rl_begin or "
                  "mdlrt_rl_eval_begin");
  if (state.ended)
    internalError("mdlrt_rl_observe called after the run ended");
  MemrefView view(memref, sizeof(float), "observation");
  view.expectShape({1, agent->env->observationSize()});
  std::memcpy(view.data(), agent->observation.data(),
              agent->observation.size() * sizeof(float));
}

extern "C" int64_t mdlrt_rl_explore(int64_t step) {
  QLearningRun &agent = requireTraining("mdlrt_rl_explore");
  if (step != agent.stepsTaken || step >= agent.totalSteps)
    internalError(formatString("mdlrt_rl_explore(%lld) at environment step "
                               "%lld of %lld",
                               ll(step), ll(agent.stepsTaken),
                               ll(agent.totalSteps)));
  return exploreAction(runState().seed, step, agent.epsilon.at(step),
                       agent.env->actionCount());
}

extern "C" void mdlrt_rl_act(int64_t action) {
  QLearningRun &agent = requireTraining("mdlrt_rl_act");
  RunState &state = runState();
  if (!state.paramsReady)
    internalError("mdlrt_rl_act called before mdlrt_params_ready");
  if (agent.stepsTaken >= agent.totalSteps)
    internalError(formatString("mdlrt_rl_act called after the run's %lld "
                               "environment steps",
                               ll(agent.totalSteps)));
  Environment &env = *agent.env;
  if (action < 0 || action >= env.actionCount())
    internalError(formatString("mdlrt_rl_act: action %lld is not one of "
                               "%s's %lld actions",
                               ll(action), env.name().c_str(),
                               ll(env.actionCount())));
  StepResult result = env.step(action, agent.nextObservation.data());
  // done = terminated only: a truncated episode bootstraps (mdlrt.h).
  agent.replay->add(agent.observation.data(), static_cast<int32_t>(action),
                    result.reward, agent.nextObservation.data(),
                    result.terminated);
  agent.episodeReturn += result.reward;
  double epsilon = agent.epsilon.at(agent.stepsTaken);
  ++agent.stepsTaken;
  if (result.terminated || result.truncated) {
    agent.progress.recordEpisode(agent.stepsTaken, agent.episodeReturn,
                                 env.episodeSteps(), epsilon);
    ++agent.episode;
    agent.startTrainingEpisode(state.seed);
  } else {
    agent.observation.swap(agent.nextObservation);
  }
  agent.progress.recordEnvStep(agent.stepsTaken, epsilon);
}

extern "C" int64_t mdlrt_rl_ready(void) {
  QLearningRun &agent = requireTraining("mdlrt_rl_ready");
  return agent.replay->added() >= std::max(agent.warmup, agent.batch) ? 1 : 0;
}

extern "C" void _mlir_ciface_mdlrt_rl_sample(mdlrt_unranked_memref *s,
                                             mdlrt_unranked_memref *a,
                                             mdlrt_unranked_memref *r,
                                             mdlrt_unranked_memref *s2,
                                             mdlrt_unranked_memref *done) {
  QLearningRun &agent = requireTraining("mdlrt_rl_sample");
  int64_t due = std::max(agent.warmup, agent.batch);
  if (agent.replay->added() < due)
    internalError(formatString("mdlrt_rl_sample called with %lld "
                               "transitions stored, before max(warmup, "
                               "batch) = %lld",
                               ll(agent.replay->added()), ll(due)));
  int64_t batch = agent.batch, obs = agent.env->observationSize();
  MemrefView states(s, sizeof(float), "replay states s");
  MemrefView actions(a, sizeof(int32_t), "replay actions a");
  MemrefView rewards(r, sizeof(float), "replay rewards r");
  MemrefView nextStates(s2, sizeof(float), "replay next states s2");
  MemrefView dones(done, sizeof(float), "replay done flags");
  states.expectShape({batch, obs});
  actions.expectShape({batch});
  rewards.expectShape({batch});
  nextStates.expectShape({batch, obs});
  dones.expectShape({batch});
  agent.replay->sample(runState().seed,
                       static_cast<uint32_t>(agent.batchesDrawn++), batch,
                       static_cast<float *>(states.data()),
                       static_cast<int32_t *>(actions.data()),
                       static_cast<float *>(rewards.data()),
                       static_cast<float *>(nextStates.data()),
                       static_cast<float *>(dones.data()));
}
