//===- Run.cpp - The train calls of the ABI ---------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Implements `mdlrt_train_begin` (merge the program's defaults with the
// flags, fix the schedule, open --log, check --save), the schedule queries,
// and `mdlrt_train_end` (summary, --save). User mistakes found here (a
// dataset smaller than one batch, a log file that cannot be opened, a save
// path in a missing folder) end the process with status 1 before training
// starts; calls out of order are internal errors.
//
//===----------------------------------------------------------------------===//

#include "core/Run.h"

#include "checkpoint/AtomicFile.h"
#include "checkpoint/Safetensors.h"
#include "core/Error.h"
#include "core/Json.h"
#include "core/Plot.h"
#include "core/Random.h"
#include "core/Signals.h"
#include "mdlrt/mdlrt.h"
#include "rl/QLearningRun.h"

#include <algorithm>
#include <cmath>

namespace mdlrt {

namespace {
std::unique_ptr<RunState> &stateStorage() {
  static std::unique_ptr<RunState> state = std::make_unique<RunState>();
  return state;
}

void requireBegun(const char *function) {
  const RunState &state = runState();
  if (!state.begun)
    internalError(std::string(function) + " called before mdlrt_train_begin");
  if (state.ended)
    internalError(std::string(function) + " called after mdlrt_train_end");
}

void printSummary(const RunState &state, const std::string &line) {
  std::FILE *out = outStream();
  std::fprintf(out, "%s\n", line.c_str());
  for (const F32Tensor &tensor : state.params.finals())
    if (static_cast<int64_t>(tensor.data.size()) <= kSummaryMaxElements)
      std::fprintf(out, "%s\n", formatTensorLine(tensor).c_str());
  std::fflush(out);
}

void saveParameters(RunState &state) {
  const std::string &path = state.options.savePath;
  std::string error;
  if (!writeCheckpoint(path, currentCheckpoint(state), error)) {
    reportError(error);
    state.exitStatus = 1;
    return;
  }
  if (!state.options.quiet) {
    size_t count = state.params.finals().size();
    std::fprintf(errStream(), "saved %zu %s to %s\n", count,
                 count == 1 ? "parameter" : "parameters", path.c_str());
    std::fflush(errStream());
  }
}
void writePlot(RunState &state) {
  const std::string &path = state.options.plotPath;
  std::string title = programName() + ": training";
  std::string svg = renderPlotSvg(state.agent ? agentPlotData(state, title)
                                              : state.progress.plotData(title));
  std::string error;
  if (!writeFileAtomically(path, svg, error)) {
    reportError("cannot write plot '" + path + "': " + error);
    state.exitStatus = 1;
    return;
  }
  if (!state.options.quiet) {
    std::fprintf(errStream(), "wrote plot %s\n", path.c_str());
    std::fflush(errStream());
  }
}
} // namespace

RunState::RunState() = default;
RunState::~RunState() = default;

RunState &runState() { return *stateStorage(); }

void configureRun(const TrainOptions &options, RunMode mode) {
  runState().options = options;
  runState().mode = mode;
}

int runExitStatus() { return runState().exitStatus; }

namespace detail {
void resetForTesting() {
  stateStorage() = std::make_unique<RunState>();
  setErrorsThrow(true);
}
} // namespace detail

} // namespace mdlrt

using namespace mdlrt;

extern "C" int64_t mdlrt_abi_version(void) { return MDLRT_ABI_VERSION; }

/// mdlrt_train_begin and mdlrt_train_begin_dynamic: `dynamicBatch` lets
/// --batch replace the compiled `batch`; a fixed-batch program accepts only
/// its own.
static void beginTraining(int64_t batch, int64_t default_epochs,
                          double default_lr, int64_t default_seed,
                          bool dynamicBatch) {
  RunState &state = runState();
  if (state.begun)
    internalError("mdlrt_train_begin called twice");
  if (state.agent)
    internalError("mdlrt_train_begin called after mdlrt_env_declare (a "
                  "q_learning run begins with mdlrt_rl_begin)");
  if (!state.dataset)
    internalError("mdlrt_train_begin called before a dataset was declared");
  if (batch <= 0)
    internalError(formatString("mdlrt_train_begin: batch %lld is not positive",
                               static_cast<long long>(batch)));
  if (default_epochs <= 0)
    internalError(formatString("mdlrt_train_begin: default epochs %lld is not "
                               "positive",
                               static_cast<long long>(default_epochs)));
  if (!std::isfinite(default_lr) || !(default_lr > 0.0))
    internalError(formatString("mdlrt_train_begin: default lr %g is not a "
                               "positive finite number",
                               default_lr));

  const TrainOptions &options = state.options;
  batch = chooseRunBatch(options, batch, dynamicBatch);
  std::string error;
  std::optional<RunPosition> resumed;
  if (!options.resumePath.empty()) {
    resumed = loadResumeCheckpoint(state, options.resumePath);
    batch = resumedRunBatch(options, options.resumePath, batch,
                            resumed->batch, dynamicBatch);
  }
  std::optional<Schedule> schedule =
      computeSchedule(state.dataset->numSamples(), batch, default_epochs,
                      options.epochs, options.steps, error);
  if (!schedule)
    fatal(std::string(state.dataset->kind()) + ": " + error);
  for (const std::string &path :
       {options.savePath, state.checkpointPath, options.plotPath})
    if (!path.empty() && !checkFileCanBeReplaced(path, error))
      fatal("cannot save to '" + path + "': " + error);
  if (!options.initPath.empty())
    loadParameters(state, options.initPath);
  // A resumed run continues the log of the run it resumes.
  if (!state.progress.openLog(options.logPath, error,
                              /*append=*/resumed.has_value()))
    fatal(error);

  if (resumed && resumed->step > schedule->totalSteps)
    fatal(formatString("'%s' is at step %lld, beyond the %lld steps of this "
                       "run",
                       options.resumePath.c_str(),
                       static_cast<long long>(resumed->step),
                       static_cast<long long>(schedule->totalSteps)));

  state.batch = batch;
  state.lr = options.lr ? *options.lr : resumed ? resumed->lr : default_lr;
  state.seed = resumed        ? resumed->seed
               : options.seed ? *options.seed
                              : static_cast<uint64_t>(default_seed);
  state.schedule = *schedule;
  state.cursor = BatchCursor(state.dataset->numSamples(), batch, state.shuffle,
                             state.seed);
  state.progress.start(schedule->epochs, schedule->totalSteps, batch, state.lr,
                       options.quiet);
  if (resumed) {
    // Continue the data order, the step count and the epoch's loss sum.
    state.firstStep = resumed->step;
    state.cursor.seek(resumed->step);
    state.progress.resume({resumed->step, resumed->epoch,
                           resumed->epochLossSteps, resumed->epochLossSum});
    state.progress.writeRecord(JsonObjectWriter()
                                   .add("event", "resume")
                                   .add("epoch", resumed->epoch + 1)
                                   .add("step", resumed->step)
                                   .add("path", options.resumePath)
                                   .str());
  }
  installStopHandlers();
  state.begun = true;
}

extern "C" void mdlrt_train_begin(int64_t batch, int64_t default_epochs,
                                  double default_lr, int64_t default_seed) {
  beginTraining(batch, default_epochs, default_lr, default_seed,
                /*dynamicBatch=*/false);
}

extern "C" void mdlrt_train_begin_dynamic(int64_t batch, int64_t default_epochs,
                                          double default_lr,
                                          int64_t default_seed) {
  beginTraining(batch, default_epochs, default_lr, default_seed,
                /*dynamicBatch=*/true);
}

extern "C" int64_t mdlrt_train_batch(void) {
  requireBegun("mdlrt_train_batch");
  return runState().batch;
}

extern "C" int64_t mdlrt_train_epochs(void) {
  requireBegun("mdlrt_train_epochs");
  return runState().schedule.epochs;
}

extern "C" int64_t mdlrt_train_epoch_steps(int64_t epoch) {
  requireBegun("mdlrt_train_epoch_steps");
  const RunState &state = runState();
  const Schedule &schedule = state.schedule;
  if (epoch < 0 || epoch >= schedule.epochs)
    internalError(formatString("mdlrt_train_epoch_steps(%lld) outside [0, "
                               "%lld)",
                               static_cast<long long>(epoch),
                               static_cast<long long>(schedule.epochs)));
  // A resumed run takes only the rest of its first epoch.
  int64_t done = std::max<int64_t>(
      0, std::min(state.firstStep - epoch * schedule.stepsPerEpoch,
                  schedule.stepsInEpoch(epoch)));
  return schedule.stepsInEpoch(epoch) - done;
}

extern "C" int64_t mdlrt_step_seed(int64_t step) {
  requireBegun("mdlrt_step_seed");
  if (step < 0 || step > static_cast<int64_t>(UINT32_MAX))
    internalError(formatString("mdlrt_step_seed(%lld) outside [0, 2^32)",
                               static_cast<long long>(step)));
  // A pure function of (run seed, step): a resumed run draws the masks an
  // uninterrupted one would.
  PhiloxStream stream(runState().seed, StreamDomain::Dropout,
                      static_cast<uint32_t>(step));
  uint64_t high = stream.nextU32();
  return static_cast<int64_t>(high << 32 | stream.nextU32());
}

extern "C" double mdlrt_train_lr(void) {
  requireBegun("mdlrt_train_lr");
  return runState().lr;
}

extern "C" void mdlrt_train_end(void) {
  requireBegun("mdlrt_train_end");
  RunState &state = runState();
  // No batch is needed any more: stop the prefetch worker.
  state.batches.reset();
  // A q_learning run makes its own summary (rl/QLearningRun.h).
  if (state.agent)
    printSummary(state, finishAgentRun(state));
  else
    printSummary(state, formatSummaryLine(state.progress.finish()));
  if (state.stopped)
    saveInterruptedRun(state);
  else if (!state.options.savePath.empty())
    saveParameters(state);
  if (!state.options.plotPath.empty())
    writePlot(state);
  if (state.progress.logFailed())
    state.exitStatus = 1;
  state.ended = true;
}
