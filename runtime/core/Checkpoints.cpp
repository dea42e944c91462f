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
#include "mdlrt/mdlrt.h"

#include <cstring>

namespace mdlrt {

Checkpoint currentCheckpoint(const RunState &state) {
  Checkpoint checkpoint;
  checkpoint.params = state.params.finals();
  checkpoint.optimizerState = state.optimizerState.finals();
  Progress::Position at = state.progress.position();
  RunPosition position;
  position.epoch = at.epochsEnded;
  position.stepInEpoch = at.epochSteps;
  position.step = at.steps;
  position.seed = state.seed;
  position.batch = state.batch;
  position.lr = state.lr;
  position.epochLossSum = at.epochLossSum;
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

} // namespace mdlrt

using namespace mdlrt;

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
  MemrefView view(value, sizeof(float),
                  "optimizer state '" + tensorName + "'");
  F32Tensor tensor;
  tensor.name = tensorName;
  tensor.shape = view.shape();
  tensor.data.resize(static_cast<size_t>(view.numElements()));
  if (!tensor.data.empty())
    std::memcpy(tensor.data.data(), view.data(),
                tensor.data.size() * sizeof(float));
  state.optimizerState.recordFinal(std::move(tensor));
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
