//===- Progress.h - Loss accounting, progress lines and --log ---*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Tracks the losses `mdlrt_log_step` reports and turns them into
//  * one line per epoch on stderr (unless --quiet):
//      epoch 3/10  step 768/2560  loss 0.000123  1.23e+06 samples/s
//    plus, when stderr is a terminal, a progress bar redrawn in place with
//    '\r' at most every 0.1 s (formatStatusLine);
//  * JSON records, one a line, flushed as written (--log FILE.jsonl):
//      {"event":"step","epoch":E,"step":S,"loss":L,"wall_s":T}
//        every 100 steps (S = 100, 200, ...; L = that step's loss)
//      {"event":"epoch","epoch":E,"step":S,"loss":L,"samples_per_s":R,
//       "wall_s":T,"lr":X}
//        at each epoch end (L = the epoch's mean loss)
//      {"event":"eval","epoch":E,"accuracy":A,"loss":L}
//        after each pass over the evaluation set (L = its mean loss), with
//        the stderr line `eval epoch E: accuracy A, loss L` (A with %.4f);
//        without accuracy for a set whose targets are not class labels;
//      {"event":"checkpoint","epoch":E,"step":S,"path":P}
//        after each checkpoint written during the run (E = epochs done);
//      {"event":"end","steps":S,"epochs":E,"final_loss":L,"wall_s":T}
//        when the run ends.
// Epochs are counted from 1 in everything printed, steps are the number of
// steps taken so far, wall_s is seconds since the run began. Numbers use
// %.9g; a NaN or infinite value is written as null.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_CORE_PROGRESS_H
#define MDLRT_CORE_PROGRESS_H

#include "core/Plot.h"
#include "core/Tensor.h"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

namespace mdlrt {

/// Steps between two {"event":"step"} records.
constexpr int64_t kStepRecordInterval = 100;

class Progress {
public:
  Progress() = default;
  Progress(const Progress &) = delete;
  Progress &operator=(const Progress &) = delete;
  ~Progress();

  /// Opens the --log file, truncated, or with `append` (a resumed run)
  /// continued after its last complete line; false with a one-line reason
  /// on failure. An empty path means no log.
  bool openLog(const std::string &path, std::string &error,
               bool append = false);

  /// Starts the clock of the run.
  void start(int64_t epochs, int64_t totalSteps, int64_t batch, double lr,
             bool quiet);

  /// Accounts the loss of the step just taken.
  void recordStep(float loss);

  /// Ends epoch `epoch` (0-based): prints its line and writes its record.
  void endEpoch(int64_t epoch);

  /// Reports a pass over the evaluation set after epoch `epoch` (0-based):
  /// prints its line (when `print`) and writes its record. `accuracy` is
  /// absent for a set whose targets are not class labels.
  void recordEval(int64_t epoch, std::optional<double> accuracy, double loss,
                  bool print);

  struct Summary {
    /// Mean loss of the last epoch (of the steps since the last epoch end,
    /// if there are any), NaN when no step was taken.
    double finalLoss;
    int64_t steps;
    int64_t epochs;
    double wallSeconds;
  };

  /// Writes the end record, closes the log and returns the summary. Sets
  /// `logFailed()` if a log record could not be written.
  Summary finish();

  /// Whether writing a --log record failed (reported once, on stderr).
  bool logFailed() const { return logWriteFailed; }

  /// Seconds since `start`.
  double wallSeconds() const;

  /// Where the run stands (for checkpoints).
  struct Position {
    int64_t steps;
    int64_t epochsEnded;
    int64_t epochSteps;
    double epochLossSum;
  };
  Position position() const {
    return {steps, epochsEnded, epochSteps, epochLossSum};
  }
  /// What --plot draws: every step's loss and every evaluation so far.
  PlotData plotData(const std::string &title) const;

  /// Continues the counts of a resumed run (after `start`).
  void resume(const Position &at) {
    steps = startSteps = at.steps;
    epochsEnded = at.epochsEnded;
    epochSteps = at.epochSteps;
    epochLossSum = at.epochLossSum;
  }

  /// Reports a checkpoint written after `steps` steps: prints
  /// `saved checkpoint PATH (epoch E, step S)` (when `print`) and writes
  /// {"event":"checkpoint","epoch":E,"step":S,"path":PATH}.
  void recordCheckpoint(const std::string &path, bool print);

  // The pieces a run with its own accounting (a q_learning run,
  // rl/AgentProgress.h) builds on: the log, stderr lines and the bar.

  /// Writes one JSON record to --log (nothing without one).
  void writeRecord(const std::string &json);
  /// Prints `line` and a newline on stderr, clearing the bar first.
  void printLine(const std::string &line);
  /// Whether the bar is due for a redraw: stderr is a terminal, not
  /// --quiet, and the last draw is kStatusRedrawSeconds old.
  bool statusDue();
  /// Draws `line` in place as the bar (no newline).
  void drawStatus(const std::string &line);
  /// Clears the bar, writes `endRecord` and closes the log; finish() for a
  /// run that makes its own summary.
  void finishLog(const std::string &endRecord);

private:
  void clearStatusLine();
  void drawStatusLine();

  std::FILE *log = nullptr;
  std::string logPath;
  bool logWriteFailed = false;

  int64_t epochs = 0;
  int64_t totalSteps = 0;
  int64_t batch = 0;
  double lr = 0.0;
  bool quiet = false;
  bool statusLine = false;
  bool statusShown = false;

  using Clock = std::chrono::steady_clock;
  Clock::time_point startTime;
  Clock::time_point epochStartTime;
  Clock::time_point lastDraw;
  /// Steps already taken when the clock started (a resumed run).
  int64_t startSteps = 0;
  /// The loss of each step of this process, and the evaluations (--plot).
  std::vector<float> stepLosses;
  std::vector<PlotData::Eval> evals;

  int64_t steps = 0;
  int64_t epochsEnded = 0;
  int64_t epochSteps = 0;
  double epochLossSum = 0.0;
  double lastEpochLoss = 0.0;
  bool haveLastEpochLoss = false;
};

/// What the progress bar shows.
struct StatusLine {
  int64_t epoch;      ///< 1-based
  int64_t epochs;
  int64_t step;       ///< steps taken
  int64_t totalSteps;
  double loss;        ///< mean loss of the epoch so far
  double samplesPerSecond;
  double etaSeconds;  ///< negative when not known yet
};

/// "epoch 2/10 [######----------]  512/2560  loss 0.0123  1.2e+05 samples/s
/// ETA 0:12" (no newline); the bar is `barWidth` characters of '#' (done)
/// and '-' (to do).
std::string formatStatusLine(const StatusLine &status, int barWidth = 20);

/// 75 -> "1:15", 3725 -> "1:02:05" (seconds, rounded down).
std::string formatDuration(double seconds);

/// Parameters with at most this many elements are shown in the summary.
constexpr int64_t kSummaryMaxElements = 8;

/// "final loss 0.000101 (mean of the last epoch), 2560 steps, 10 epochs,
/// 1.23 s" (no newline): loss %.6g, wall time %.2f.
std::string formatSummaryLine(const Progress::Summary &summary);

/// "  linear.bias = [0.500123]" (no newline): the values with %.6g, nested
/// by the tensor's shape; a rank-0 tensor shows its value alone.
std::string formatTensorLine(const F32Tensor &tensor);

} // namespace mdlrt

#endif // MDLRT_CORE_PROGRESS_H
