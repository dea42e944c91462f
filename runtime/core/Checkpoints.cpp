//===- Checkpoints.cpp - The checkpoint calls of the ABI --------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Implements `mdlrt_checkpoint_config` (the `checkpoint` train option),
// `mdlrt_optim_state_final_f32` (the optimizer state reported next to the
// parameters) and `mdlrt_checkpoint_save` (write what was reported, with
// the run's position, as checkpoint/Checkpoint.h lays it out).
//
//===----------------------------------------------------------------------===//

#include "checkpoint/Checkpoint.h"
#include "core/Error.h"
#include "core/Memref.h"
#include "core/Run.h"
#include "core/Signals.h"
#include "mdlrt/mdlrt.h"
#include "rl/AgentCheckpoint.h"
#include "rl/QLearningRun.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace mdlrt {

Checkpoint currentCheckpoint(const RunState &state) {
  if (state.agent)
    return agentCheckpoint(state);
  Checkpoint checkpoint;
  checkpoint.params = state.params.finals();
  checkpoint.optimizerState = state.optimizerState.finals();
  Progress::Position at = state.progress.position();
  // Every epoch has the same number of full batches, so the data position
  // follows from the step count alone.
  int64_t perEpoch = std::max<int64_t>(state.schedule.stepsPerEpoch, 1);
  RunPosition position;
  position.step = at.steps;
  position.epoch = at.steps / perEpoch;
  position.stepInEpoch = at.steps % perEpoch;
  if (at.epochsEnded == position.epoch) {
    position.epochLossSum = at.epochLossSum;
    position.epochLossSteps = at.epochSteps;
  }
  position.seed = state.seed;
  position.batch = state.batch;
  position.lr = state.lr;
  checkpoint.position = position;
  return checkpoint;
}

void loadParameters(RunState &state, const std::string &path) {
  Checkpoint checkpoint;
  std::string error;
  if (!readCheckpoint(path, /*withOptimizerState=*/false, checkpoint, error))
    fatal(error);
  RunState::LoadedParams loaded;
  loaded.path = path;
  loaded.tensors = std::move(checkpoint.params);
  state.loaded = std::move(loaded);
}

Checkpoint readResumableCheckpoint(const std::string &path) {
  Checkpoint checkpoint;
  std::string error;
  if (!readCheckpoint(path, /*withOptimizerState=*/true, checkpoint, error))
    fatal(error);
  if (!checkpoint.position)
    fatal("'" + path + "' holds weights but no run state to resume; use "
          "'--init' to start from its weights");
  return checkpoint;
}

void checkResumedSeed(const RunState &state, const std::string &path,
                      const RunPosition &position) {
  const TrainOptions &options = state.options;
  if (options.seed && *options.seed != position.seed)
    fatal(formatString("'--seed %llu' differs from the seed %llu of the run "
                       "in '%s'",
                       static_cast<unsigned long long>(*options.seed),
                       static_cast<unsigned long long>(position.seed),
                       path.c_str()));
}

int64_t chooseRunBatch(const TrainOptions &options, int64_t batch,
                       bool dynamicBatch) {
  if (!options.batch || *options.batch == batch)
    return batch;
  if (!dynamicBatch)
    fatal(formatString("this program was compiled with a fixed batch of "
                       "%lld; --batch is not supported for it",
                       static_cast<long long>(batch)));
  return *options.batch;
}

int64_t resumedRunBatch(const TrainOptions &options, const std::string &path,
                        int64_t batch, int64_t saved, bool dynamicBatch) {
  if (dynamicBatch && !options.batch && saved > 0)
    return saved;
  if (saved != batch)
    fatal(formatString("'%s' was saved by a run with batch %lld, not %lld",
                       path.c_str(), static_cast<long long>(saved),
                       static_cast<long long>(batch)));
  return batch;
}

void adoptResumedTensors(RunState &state, const std::string &path,
                         Checkpoint &checkpoint) {
  RunState::LoadedParams params;
  params.path = path;
  params.tensors = std::move(checkpoint.params);
  state.loaded = std::move(params);
  RunState::LoadedParams optimizerState;
  optimizerState.path = optimizerStatePath(path);
  optimizerState.tensors = std::move(checkpoint.optimizerState);
  state.loadedState = std::move(optimizerState);
}

RunPosition loadResumeCheckpoint(RunState &state, const std::string &path) {
  Checkpoint checkpoint = readResumableCheckpoint(path);
  if (checkpoint.agentState)
    fatal("'" + path + "' holds the state of a q_learning run, which this "
          "program cannot resume; use '--init' to start from its weights");
  RunPosition position = *checkpoint.position;
  checkResumedSeed(state, path, position);
  adoptResumedTensors(state, path, checkpoint);
  return position;
}

namespace {
/// `text` quoted for a POSIX shell when it needs to be.
std::string shellQuoted(const std::string &text) {
  bool plain = !text.empty();
  for (char c : text)
    if (!(std::isalnum(static_cast<unsigned char>(c)) ||
          std::strchr("-_./=:,+@%", c)))
      plain = false;
  if (plain)
    return text;
  std::string quoted = "'";
  for (char c : text)
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

/// The command line that continues the run from `path`: the same
/// arguments, any earlier --resume replaced.
std::string resumeCommand(const RunState &state, const std::string &path) {
  std::string line = shellQuoted(
      state.options.program.empty() ? programName() : state.options.program);
  const std::vector<std::string> &args = state.options.arguments;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--resume") {
      ++i;
      continue;
    }
    if (args[i].rfind("--resume=", 0) == 0)
      continue;
    line += " " + shellQuoted(args[i]);
  }
  if (args.empty())
    line += " train";
  return line + " --resume " + shellQuoted(path);
}
} // namespace

void saveInterruptedRun(RunState &state) {
  state.exitStatus = 130;
  Progress::Position at = state.progress.position();
  const std::string &path = !state.options.savePath.empty()
                                ? state.options.savePath
                                : state.checkpointPath;
  std::string where = formatString("interrupted after step %lld of %lld",
                                   static_cast<long long>(at.steps),
                                   static_cast<long long>(
                                       state.schedule.totalSteps));
  if (state.agent)
    where = formatString("interrupted after environment step %lld of %lld",
                         static_cast<long long>(state.agent->stepsTaken),
                         static_cast<long long>(state.agent->totalSteps));
  if (path.empty()) {
    std::fprintf(errStream(), "%s; nothing saved (run with --save FILE to "
                              "be able to resume)\n",
                 where.c_str());
    std::fflush(errStream());
    return;
  }
  std::string error;
  if (!writeCheckpoint(path, currentCheckpoint(state), error)) {
    reportError(error);
    state.exitStatus = 1;
    return;
  }
  std::fprintf(errStream(), "%s; saved %s\nresume with: %s\n", where.c_str(),
               path.c_str(), resumeCommand(state, path).c_str());
  std::fflush(errStream());
}

} // namespace mdlrt

using namespace mdlrt;

extern "C" void
_mlir_ciface_mdlrt_optim_state_init_f32(mdlrt_unranked_memref *name,
                                        mdlrt_unranked_memref *value) {
  RunState &state = runState();
  if (!state.begun || state.paramsReady)
    internalError("mdlrt_optim_state_init_f32 called outside the "
                  "initialisation of a training run");
  std::string tensorName = readStringMemref(name, "optimizer state name");
  MemrefView view(value, sizeof(float),
                  "optimizer state '" + tensorName + "'");
  auto *data = static_cast<float *>(view.data());
  std::fill(data, data + view.numElements(), 0.0f);
  if (!state.loadedState)
    return;
  state.loadedState->expected.push_back({tensorName, view.shape(), {}});
  for (const F32Tensor &tensor : state.loadedState->tensors)
    if (tensor.name == tensorName && tensor.shape == view.shape() &&
        !tensor.data.empty())
      std::memcpy(data, tensor.data.data(), tensor.data.size() * sizeof(float));
}

extern "C" int64_t mdlrt_train_first_epoch(void) {
  RunState &state = runState();
  if (!state.begun)
    internalError("mdlrt_train_first_epoch called before mdlrt_train_begin");
  int64_t perEpoch = std::max<int64_t>(state.schedule.stepsPerEpoch, 1);
  return std::min(state.firstStep / perEpoch, state.schedule.epochs);
}

extern "C" int64_t mdlrt_train_first_step(void) {
  RunState &state = runState();
  if (!state.begun)
    internalError("mdlrt_train_first_step called before mdlrt_train_begin");
  return state.firstStep;
}

extern "C" int64_t mdlrt_should_stop(void) {
  RunState &state = runState();
  if (!state.stopped && stopRequested())
    state.stopped = true;
  return state.stopped ? 1 : 0;
}

extern "C" void
_mlir_ciface_mdlrt_checkpoint_config(mdlrt_unranked_memref *path,
                                     int64_t every_epochs) {
  RunState &state = runState();
  if (state.begun)
    internalError("mdlrt_checkpoint_config called after mdlrt_train_begin");
  if (every_epochs <= 0)
    internalError(formatString("mdlrt_checkpoint_config: period %lld is not "
                               "positive",
                               static_cast<long long>(every_epochs)));
  std::string file = readStringMemref(path, "checkpoint path");
  if (file.empty())
    internalError("mdlrt_checkpoint_config: empty path");
  state.checkpointPath = file;
  state.checkpointEvery = every_epochs;
}

extern "C" void
_mlir_ciface_mdlrt_optim_state_final_f32(mdlrt_unranked_memref *name,
                                         mdlrt_unranked_memref *value) {
  RunState &state = runState();
  if (!state.begun || state.ended)
    internalError("mdlrt_optim_state_final_f32 called outside a training run");
  std::string tensorName = readStringMemref(name, "optimizer state name");
  std::string what = "optimizer state '" + tensorName + "'";
  state.optimizerState.recordFinal(
      copyF32Tensor(value, std::move(tensorName), what));
}

extern "C" void mdlrt_checkpoint_save(int64_t epoch) {
  RunState &state = runState();
  if (!state.begun || state.ended)
    internalError("mdlrt_checkpoint_save called outside a training run");
  if (state.checkpointPath.empty())
    internalError("mdlrt_checkpoint_save called without a checkpoint option");
  if (epoch < 0 || epoch >= state.schedule.epochs)
    internalError(formatString("mdlrt_checkpoint_save(%lld) outside [0, %lld)",
                               static_cast<long long>(epoch),
                               static_cast<long long>(state.schedule.epochs)));
  std::string error;
  if (!writeCheckpoint(state.checkpointPath, currentCheckpoint(state), error))
    fatal(error); // A checkpoint that cannot be written must stop the run.
  state.progress.recordCheckpoint(state.checkpointPath, !state.options.quiet);
}
