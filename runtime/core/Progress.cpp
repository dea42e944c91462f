//===- Progress.cpp - Loss accounting, progress lines and --log -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Implements Progress and the two logging calls of the ABI,
// `mdlrt_log_step` and `mdlrt_epoch_end`. Losses are summed in double so
// that the mean of a long epoch does not drift.
//
//===----------------------------------------------------------------------===//

#include "core/Progress.h"

#include "core/Error.h"
#include "core/Json.h"
#include "core/Run.h"
#include "mdlrt/mdlrt.h"
#include "rl/QLearningRun.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <limits>
#include <unistd.h>

namespace mdlrt {

namespace {
constexpr double kStatusRedrawSeconds = 0.1;

double secondsBetween(std::chrono::steady_clock::time_point from,
                      std::chrono::steady_clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}
} // namespace

Progress::~Progress() {
  if (log)
    std::fclose(log);
}

bool Progress::openLog(const std::string &path, std::string &error,
                       bool append) {
  if (path.empty())
    return true;
  std::FILE *file = std::fopen(path.c_str(), append ? "a+e" : "we");
  if (!file) {
    error = "cannot open log file '" + path + "': " + std::strerror(errno);
    return false;
  }
  // A run killed in the middle of a record left a partial last line: end
  // it, so that every record appended is a line of its own.
  // (C asks for a seek between the read and the write.)
  if (append && std::fseek(file, -1, SEEK_END) == 0) {
    bool partial = std::fgetc(file) != '\n';
    if (std::fseek(file, 0, SEEK_END) != 0 ||
        (partial && std::fputc('\n', file) == EOF)) {
      error = "cannot write log file '" + path + "': " + std::strerror(errno);
      std::fclose(file);
      return false;
    }
  }
  if (log)
    std::fclose(log);
  log = file;
  logPath = path;
  return true;
}

void Progress::start(int64_t epochCount, int64_t stepCount, int64_t batchSize,
                     double learningRate, bool beQuiet) {
  epochs = epochCount;
  totalSteps = stepCount;
  batch = batchSize;
  lr = learningRate;
  quiet = beQuiet;
  statusLine = !quiet && isatty(fileno(errStream()));
  startTime = epochStartTime = lastDraw = Clock::now();
}

double Progress::wallSeconds() const {
  return secondsBetween(startTime, Clock::now());
}

void Progress::writeRecord(const std::string &json) {
  if (!log || logWriteFailed)
    return;
  std::string line = json + "\n";
  if (std::fputs(line.c_str(), log) == EOF || std::fflush(log) != 0) {
    logWriteFailed = true;
    reportError("cannot write log file '" + logPath +
                "': " + std::strerror(errno));
  }
}

void Progress::clearStatusLine() {
  if (!statusShown)
    return;
  std::fputs("\r\033[K", errStream());
  statusShown = false;
}

void Progress::drawStatusLine() {
  StatusLine status;
  status.epoch = epochsEnded + 1;
  status.epochs = epochs;
  status.step = steps;
  status.totalSteps = totalSteps;
  status.loss = epochSteps ? epochLossSum / epochSteps : 0.0;
  double seconds = wallSeconds();
  double stepsPerSecond =
      seconds > 0 ? static_cast<double>(steps - startSteps) / seconds : 0.0;
  status.samplesPerSecond = stepsPerSecond * static_cast<double>(batch);
  status.etaSeconds =
      stepsPerSecond > 0
          ? static_cast<double>(totalSteps - steps) / stepsPerSecond
          : -1.0;
  drawStatus(formatStatusLine(status));
}

void Progress::drawStatus(const std::string &line) {
  std::fprintf(errStream(), "\r\033[K%s", line.c_str());
  std::fflush(errStream());
  statusShown = true;
}

bool Progress::statusDue() {
  if (!statusLine)
    return false;
  Clock::time_point now = Clock::now();
  if (secondsBetween(lastDraw, now) < kStatusRedrawSeconds)
    return false;
  lastDraw = now;
  return true;
}

void Progress::printLine(const std::string &line) {
  clearStatusLine();
  std::fprintf(errStream(), "%s\n", line.c_str());
  std::fflush(errStream());
}

void Progress::recordStep(float loss) {
  ++steps;
  ++epochSteps;
  epochLossSum += static_cast<double>(loss);
  stepLosses.push_back(loss);
  if (log && steps % kStepRecordInterval == 0)
    writeRecord(JsonObjectWriter()
                    .add("event", "step")
                    .add("epoch", epochsEnded + 1)
                    .add("step", steps)
                    .add("loss", static_cast<double>(loss))
                    .add("wall_s", wallSeconds())
                    .str());
  if (statusDue())
    drawStatusLine();
}

void Progress::endEpoch(int64_t epoch) {
  Clock::time_point now = Clock::now();
  double mean = epochSteps ? epochLossSum / epochSteps
                           : std::numeric_limits<double>::quiet_NaN();
  // A clock too coarse to see the epoch must not divide by zero.
  double seconds = std::max(secondsBetween(epochStartTime, now), 1e-9);
  double samplesPerSecond = static_cast<double>(epochSteps * batch) / seconds;

  if (!quiet) {
    clearStatusLine();
    std::fprintf(errStream(),
                 "epoch %lld/%lld  step %lld/%lld  loss %.6g  %.3g samples/s\n",
                 static_cast<long long>(epoch + 1),
                 static_cast<long long>(epochs), static_cast<long long>(steps),
                 static_cast<long long>(totalSteps), mean, samplesPerSecond);
    std::fflush(errStream());
  }
  writeRecord(JsonObjectWriter()
                  .add("event", "epoch")
                  .add("epoch", epoch + 1)
                  .add("step", steps)
                  .add("loss", mean)
                  .add("samples_per_s", samplesPerSecond)
                  .add("wall_s", secondsBetween(startTime, now))
                  .add("lr", lr)
                  .str());

  lastEpochLoss = mean;
  haveLastEpochLoss = true;
  ++epochsEnded;
  epochSteps = 0;
  epochLossSum = 0.0;
  epochStartTime = lastDraw = now;
}

void Progress::recordEval(int64_t epoch, std::optional<double> accuracy,
                          double loss, bool print) {
  evals.push_back({steps, accuracy, loss});
  if (print) {
    clearStatusLine();
    if (accuracy)
      std::fprintf(errStream(), "eval epoch %lld: accuracy %.4f, loss %.6g\n",
                   static_cast<long long>(epoch + 1), *accuracy, loss);
    else
      std::fprintf(errStream(), "eval epoch %lld: loss %.6g\n",
                   static_cast<long long>(epoch + 1), loss);
    std::fflush(errStream());
  }
  JsonObjectWriter record;
  record.add("event", "eval").add("epoch", epoch + 1).add("step", steps);
  if (accuracy)
    record.add("accuracy", *accuracy);
  writeRecord(record.add("loss", loss).str());
}

void Progress::recordCheckpoint(const std::string &path, bool print) {
  if (print) {
    clearStatusLine();
    std::fprintf(errStream(), "saved checkpoint %s (epoch %lld, step %lld)\n",
                 path.c_str(), static_cast<long long>(epochsEnded),
                 static_cast<long long>(steps));
    std::fflush(errStream());
  }
  writeRecord(JsonObjectWriter()
                  .add("event", "checkpoint")
                  .add("epoch", epochsEnded)
                  .add("step", steps)
                  .add("path", path)
                  .str());
}

PlotData Progress::plotData(const std::string &title) const {
  PlotData data;
  data.title = title;
  data.firstStep = startSteps;
  data.losses = stepLosses;
  data.evals = evals;
  return data;
}

Progress::Summary Progress::finish() {
  Summary summary;
  if (epochSteps > 0)
    summary.finalLoss = epochLossSum / epochSteps;
  else if (haveLastEpochLoss)
    summary.finalLoss = lastEpochLoss;
  else
    summary.finalLoss = std::numeric_limits<double>::quiet_NaN();
  summary.steps = steps;
  summary.epochs = epochsEnded;
  summary.wallSeconds = wallSeconds();

  finishLog(JsonObjectWriter()
                .add("event", "end")
                .add("steps", summary.steps)
                .add("epochs", summary.epochs)
                .add("final_loss", summary.finalLoss)
                .add("wall_s", summary.wallSeconds)
                .str());
  return summary;
}

void Progress::finishLog(const std::string &endRecord) {
  clearStatusLine();
  writeRecord(endRecord);
  if (log) {
    if (std::fclose(log) != 0 && !logWriteFailed) {
      logWriteFailed = true;
      reportError("cannot write log file '" + logPath +
                  "': " + std::strerror(errno));
    }
    log = nullptr;
  }
}

//===----------------------------------------------------------------------===//
// Summary
//===----------------------------------------------------------------------===//

namespace {
const char *plural(int64_t count, const char *one, const char *many) {
  return count == 1 ? one : many;
}

void appendNested(std::string &out, const F32Tensor &tensor, size_t dim,
                  size_t &next) {
  if (dim == tensor.shape.size()) {
    out += formatString("%.6g", static_cast<double>(tensor.data[next++]));
    return;
  }
  out += '[';
  for (int64_t i = 0; i < tensor.shape[dim]; ++i) {
    if (i)
      out += ", ";
    appendNested(out, tensor, dim + 1, next);
  }
  out += ']';
}
} // namespace

std::string formatDuration(double seconds) {
  auto total = static_cast<long long>(seconds > 0 ? seconds : 0);
  long long hours = total / 3600, minutes = total / 60 % 60, secs = total % 60;
  if (hours)
    return formatString("%lld:%02lld:%02lld", hours, minutes, secs);
  return formatString("%lld:%02lld", minutes, secs);
}

std::string formatStatusLine(const StatusLine &status, int barWidth) {
  double fraction =
      status.totalSteps > 0
          ? static_cast<double>(status.step) / static_cast<double>(status.totalSteps)
          : 0.0;
  fraction = std::min(std::max(fraction, 0.0), 1.0);
  int done = static_cast<int>(fraction * barWidth);
  std::string bar = std::string(done, '#') + std::string(barWidth - done, '-');
  std::string line = formatString(
      "epoch %lld/%lld [%s] %lld/%lld  loss %.6g  %.3g samples/s",
      static_cast<long long>(status.epoch), static_cast<long long>(status.epochs),
      bar.c_str(), static_cast<long long>(status.step),
      static_cast<long long>(status.totalSteps), status.loss,
      status.samplesPerSecond);
  line += "  ETA " + (status.etaSeconds >= 0 ? formatDuration(status.etaSeconds)
                                             : std::string("?"));
  return line;
}

std::string formatSummaryLine(const Progress::Summary &summary) {
  return formatString("final loss %.6g (mean of the last epoch), %lld %s, "
                      "%lld %s, %.2f s",
                      summary.finalLoss, static_cast<long long>(summary.steps),
                      plural(summary.steps, "step", "steps"),
                      static_cast<long long>(summary.epochs),
                      plural(summary.epochs, "epoch", "epochs"),
                      summary.wallSeconds);
}

std::string formatTensorLine(const F32Tensor &tensor) {
  std::string line = "  " + tensor.name + " = ";
  size_t next = 0;
  if (numElements(tensor.shape) == static_cast<int64_t>(tensor.data.size()))
    appendNested(line, tensor, 0, next);
  else
    line += "<" + std::to_string(tensor.data.size()) + " values>";
  return line;
}

} // namespace mdlrt

using namespace mdlrt;

extern "C" void mdlrt_log_step(float loss) {
  RunState &state = runState();
  if (!state.begun || state.ended)
    internalError("mdlrt_log_step called outside a training run");
  if (state.agent) {
    // A q_learning run logs its gradient steps; it counts environment
    // steps itself (rl/QLearningRun.cpp).
    recordAgentLoss(state, loss);
    return;
  }
  state.progress.recordStep(loss);
}

extern "C" void mdlrt_epoch_end(int64_t epoch) {
  RunState &state = runState();
  if (!state.begun || state.ended)
    internalError("mdlrt_epoch_end called outside a training run");
  if (epoch < 0 || epoch >= state.schedule.epochs)
    internalError(formatString("mdlrt_epoch_end(%lld) outside [0, %lld)",
                               static_cast<long long>(epoch),
                               static_cast<long long>(state.schedule.epochs)));
  state.progress.endEpoch(epoch);
}

extern "C" void mdlrt_eval_record(int64_t correct, int64_t count,
                                  double loss_sum) {
  RunState &state = runState();
  if (!state.evalDataset || state.evalBatch == 0)
    internalError("mdlrt_eval_record called before mdlrt_eval_batches");
  if (count <= 0 || correct < 0 || correct > count)
    internalError(formatString("mdlrt_eval_record: %lld correct out of %lld "
                               "is not a tally of a batch",
                               static_cast<long long>(correct),
                               static_cast<long long>(count)));
  RunState::EvalTally &tally = state.evalTally;
  tally.correct += correct;
  tally.count += count;
  tally.lossSum += loss_sum;
}

extern "C" void mdlrt_eval_end(int64_t epoch) {
  RunState &state = runState();
  if (epoch < 0)
    internalError(formatString("mdlrt_eval_end(%lld): negative epoch",
                               static_cast<long long>(epoch)));
  RunState::EvalTally &tally = state.evalTally;
  if (tally.count == 0)
    internalError("mdlrt_eval_end called without any mdlrt_eval_record");
  double count = static_cast<double>(tally.count);
  std::optional<double> accuracy;
  if (state.evalDataset->targetType() == TargetType::I32)
    accuracy = static_cast<double>(tally.correct) / count;
  double loss = tally.lossSum / count;
  if (state.mode == RunMode::Eval) {
    // `PROG eval`: a human line on stderr, one JSON line on stdout.
    if (!state.options.quiet) {
      std::string line = formatString("eval on %lld samples: ",
                                      static_cast<long long>(tally.count));
      if (accuracy)
        line += formatString("accuracy %.4f, ", *accuracy);
      line += formatString("loss %.6g", loss);
      std::fprintf(errStream(), "%s\n", line.c_str());
      std::fflush(errStream());
    }
    JsonObjectWriter result;
    if (accuracy)
      result.add("accuracy", *accuracy);
    result.add("loss", loss);
    std::fprintf(outStream(), "%s\n", result.str().c_str());
    std::fflush(outStream());
    state.ended = true;
  } else {
    state.progress.recordEval(epoch, accuracy, loss, !state.options.quiet);
  }
  tally = RunState::EvalTally();
  // The pass is over: stop its prefetch worker. The next pass starts again
  // at the first sample (mdlrt_eval_batches).
  state.evalBatches.reset();
}

extern "C" void mdlrt_eval_begin(void) {
  RunState &state = runState();
  if (state.mode != RunMode::Eval)
    internalError("mdlrt_eval_begin called outside 'eval'");
  if (state.begun)
    internalError("mdlrt_eval_begin called twice");
  // The parser accepts an agent's flags for any program (Options.h).
  const TrainOptions &options = state.options;
  if (options.episodes || options.seed)
    fatal(std::string("option '") +
              (options.episodes ? "--episodes" : "--seed") +
              "' applies only to evaluating an agent (a train block 'with "
              "q_learning')",
          2);
  // Without an `eval` option, the training set is evaluated.
  if (!state.evalDataset)
    state.evalDataset = std::move(state.dataset);
  if (!state.evalDataset)
    internalError("mdlrt_eval_begin called before a dataset was declared");
  loadParameters(state, state.options.weightsPath);
  state.begun = true;
}
