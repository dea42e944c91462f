//===- Run.h - The process-wide state of a training run ---------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The ABI is a set of free C functions called in a fixed order by generated
// code (see mdlrt.h), so the run they describe lives in one process-wide
// `RunState`: the command-line flags main() parsed, the declared datasets,
// the schedule fixed by `mdlrt_train_begin`, the parameters and the progress.
// Unit tests start from a fresh state with `detail::resetForTesting()`.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_CORE_RUN_H
#define MDLRT_CORE_RUN_H

#include "checkpoint/Checkpoint.h"
#include "core/Options.h"
#include "core/Params.h"
#include "core/Progress.h"
#include "core/Schedule.h"
#include "data/Dataset.h"
#include "data/Prefetcher.h"

#include <cstdint>
#include <memory>
#include <optional>

namespace mdlrt {

/// What the process was started to do: the command's generated entry
/// point runs under it.
enum class RunMode { Train, Eval, Info };

struct QLearningRun;

struct RunState {
  RunState();
  ~RunState();

  /// The flags of the command (defaults when main() did not run).
  TrainOptions options;
  RunMode mode = RunMode::Train;

  /// The environment and agent state of a q_learning run or of the eval
  /// of an agent (rl/QLearningRun.h); set by mdlrt_env_declare. A run has
  /// either this or a dataset.
  std::unique_ptr<QLearningRun> agent;

  /// The training set, declared before `mdlrt_train_begin`, and whether
  /// its epochs are shuffled (by the run seed). `cursor` is where the run's
  /// data order starts (past the resumed steps); the first batch hands it
  /// to `batches` (data/Prefetcher.h), which walks it from there, and which
  /// `mdlrt_train_end` stops.
  std::unique_ptr<Dataset> dataset;
  bool shuffle = false;
  BatchCursor cursor;
  std::unique_ptr<Prefetcher> batches;

  /// The evaluation set (never shuffled); `evalBatch` is 0 until
  /// `mdlrt_eval_batches` fixes the batch size of a pass and makes
  /// `evalBatches`, which hands out that pass's batches until
  /// `mdlrt_eval_end`.
  std::unique_ptr<Dataset> evalDataset;
  int64_t evalBatch = 0;
  std::unique_ptr<Prefetcher> evalBatches;
  /// What `mdlrt_eval_record` accumulated since the last `mdlrt_eval_end`.
  struct EvalTally {
    int64_t correct = 0;
    int64_t count = 0;
    double lossSum = 0.0;
  } evalTally;

  /// Set by `mdlrt_train_begin` or `mdlrt_rl_begin` (begun) and
  /// `mdlrt_train_end` (ended); `mdlrt_eval_begin` and
  /// `mdlrt_rl_eval_begin` set `begun` too.
  bool begun = false;
  bool ended = false;
  int64_t batch = 0;
  double lr = 0.0;
  uint64_t seed = 0;
  Schedule schedule;

  ParamRegistry params;
  /// Parameters read from a file (--init) instead of drawn: `param_init`
  /// copies each from `tensors` and records what the model expects in
  /// `expected`; `params_ready` compares the two.
  struct LoadedParams {
    std::string path;
    std::vector<F32Tensor> tensors;
    std::vector<F32Tensor> expected;
  };
  std::optional<LoadedParams> loaded;
  /// --resume: the optimizer state `optim_state_init` copies (checked by
  /// `params_ready` like the parameters), and the step the run continues
  /// after (0 for a fresh run).
  std::optional<LoadedParams> loadedState;
  int64_t firstStep = 0;
  /// Latched by `mdlrt_should_stop` once a stop signal arrived.
  bool stopped = false;
  /// Set by `mdlrt_params_ready`.
  bool paramsReady = false;
  /// The optimizer state as last reported (`optim_state_final`); empty for
  /// an optimizer without state.
  ParamRegistry optimizerState;
  Progress progress;

  /// The `checkpoint = "PATH" every N epochs` option: PATH as written
  /// (relative to the working folder) and N; empty and 0 without it.
  std::string checkpointPath;
  int64_t checkpointEvery = 0;

  /// What main() returns once `mdl_train` is done.
  int exitStatus = 0;
};

/// The state of this process's run.
RunState &runState();

/// Installs the parsed flags; main() calls it before the command's entry
/// point.
void configureRun(const TrainOptions &options, RunMode mode = RunMode::Train);

/// The exit status the run asks for (0, or 1 after a failed --save).
int runExitStatus();

/// Reads the parameters of `path` into `state.loaded` (--init); a file
/// that cannot be read is a user error (one line, exit 1).
void loadParameters(RunState &state, const std::string &path);

/// The checkpoint `path` for --resume, with its optimizer state; a file
/// that cannot be read or holds no run position is a user error.
Checkpoint readResumableCheckpoint(const std::string &path);

/// A user error when --seed differs from the resumed run's seed.
void checkResumedSeed(const RunState &state, const std::string &path,
                      const RunPosition &position);

/// The run's batch: --batch when the program takes a run-time batch
/// (`dynamicBatch`), else the compiled `batch`, which --batch may only
/// repeat (another value is a user error).
int64_t chooseRunBatch(const TrainOptions &options, int64_t batch,
                       bool dynamicBatch);

/// The batch a run resumed from `path` (saved at batch `saved`) continues
/// with: without --batch a run-time batch is the checkpoint's; a batch
/// other than the checkpoint's is a user error (the data order and replay
/// draws depend on it).
int64_t resumedRunBatch(const TrainOptions &options, const std::string &path,
                        int64_t batch, int64_t saved, bool dynamicBatch);

/// Hands a resumed checkpoint's parameters and optimizer state to the run
/// (state.loaded, state.loadedState); `checkpoint`'s tensors are moved.
void adoptResumedTensors(RunState &state, const std::string &path,
                         Checkpoint &checkpoint);

/// --resume: reads the checkpoint (parameters, optimizer state, position)
/// and fixes the seed and learning rate from it; called by
/// `mdlrt_train_begin` before the schedule is known.
RunPosition loadResumeCheckpoint(RunState &state, const std::string &path);

/// Writes the checkpoint of an interrupted run and prints how to resume;
/// sets the exit status to 130.
void saveInterruptedRun(RunState &state);

/// The parameters and optimizer state last reported, with the run's
/// position (core/Checkpoints.cpp).
Checkpoint currentCheckpoint(const RunState &state);

namespace detail {
/// Discards the run state (closing any log) and makes errors throw
/// `FatalError`, so that each unit test starts from a clean process.
void resetForTesting();
} // namespace detail

} // namespace mdlrt

#endif // MDLRT_CORE_RUN_H
