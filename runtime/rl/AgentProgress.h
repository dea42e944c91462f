//===- AgentProgress.h - Episodes, progress and --log of an agent ---------===//
// SPDX-License-Identifier: Apache-2.0
//
// What a q_learning run shows and logs, on top of core/Progress (which owns
// the --log file, the clock and the progress bar):
//  * a line every tenth of the run on stderr (unless --quiet):
//      step 5000/50000  episode 231  mean return 21.6  epsilon 0.525
//      loss 0.0123  2.1e+04 steps/s
//    (one line; "mean return" is the mean of the last 20 episodes' returns,
//    "loss" the mean of the gradient steps since the previous line, "-"
//    while there are none), and on a terminal a bar redrawn in place
//    (formatAgentStatusLine);
//  * JSON records, one a line (--log FILE.jsonl):
//      {"event":"episode","episode":N,"step":T,"return":R,"length":L,
//       "epsilon":E}
//        when episode N (from 1) ends after T environment steps in all; R
//        its summed reward, L its steps, E the epsilon of its last step;
//      {"event":"step","step":T,"episodes":N,"mean_return":R,"epsilon":E,
//       "loss":L,"steps_per_s":X,"wall_s":W}
//        every kAgentStepRecordInterval environment steps (L the mean loss
//        of the gradient steps since the previous record, X the rate since
//        then);
//      {"event":"end","steps":T,"episodes":N,"mean_return":R,
//       "final_loss":L,"steps_per_s":X,"wall_s":W}
//        when the run ends (L the mean of the last 1000 gradient steps' loss,
//        X over the whole run).
// A value that does not exist yet (no episode ended, no gradient step) is
// null. Summary on stdout: formatAgentSummary.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_RL_AGENTPROGRESS_H
#define MDLRT_RL_AGENTPROGRESS_H

#include "core/Plot.h"
#include "core/Progress.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mdlrt {

/// Environment steps between two {"event":"step"} records.
constexpr int64_t kAgentStepRecordInterval = 1000;
/// Episodes the reported mean return covers.
constexpr int64_t kRecentEpisodes = 20;
/// Gradient steps the final loss covers.
constexpr int64_t kFinalLossSteps = 1000;

/// What a line or the bar shows. NaN marks a value that does not exist yet.
struct AgentStatus {
  int64_t step; ///< environment steps taken
  int64_t totalSteps;
  int64_t episodes;  ///< episodes ended
  double meanReturn; ///< of the last kRecentEpisodes episodes
  double epsilon;
  double loss;
  double stepsPerSecond;
  double etaSeconds; ///< negative when not known yet
};

/// "step 5000/50000  episode 231  mean return 21.6  epsilon 0.525  loss
/// 0.0123  2.1e+04 steps/s" (no newline).
std::string formatAgentLine(const AgentStatus &status);

/// "step [#####---------------] 5000/50000  episode 231  return 21.6  eps
/// 0.525  loss 0.0123  2.1e+04 steps/s  ETA 0:02" (no newline).
std::string formatAgentStatusLine(const AgentStatus &status, int barWidth = 20);

class AgentProgress {
public:
  explicit AgentProgress(Progress &progress) : progress(progress) {}

  /// Starts the clock: `totalSteps` environment steps are to come.
  void start(int64_t totalSteps, double lr, bool quiet);

  /// Accounts a gradient step's loss (at the current environment step).
  void recordLoss(float loss);

  /// Accounts the end of an episode of `length` steps and summed reward
  /// `episodeReturn`, after `step` environment steps in all.
  void recordEpisode(int64_t step, double episodeReturn, int64_t length,
                     double epsilon);

  /// Accounts environment step number `step` (1-based: steps taken),
  /// acted with `epsilon`: lines, records and the bar fall due here.
  void recordEnvStep(int64_t step, double epsilon);

  struct Summary {
    double meanReturn; ///< last kRecentEpisodes episodes; NaN without any
    double finalLoss;  ///< last kFinalLossSteps gradient steps; NaN without
    int64_t steps;
    int64_t episodes;
    int64_t gradientSteps;
    double stepsPerSecond;
    double wallSeconds;
  };

  /// Writes the end record, closes the log and returns the summary.
  Summary finish();

  /// What a checkpoint keeps so that a resumed run counts, averages and
  /// logs as the uninterrupted one would: episodes ended, the recent
  /// returns (the ring as it is), the last kFinalLossSteps losses, the
  /// gradient steps taken and the loss sum of the open record interval
  /// (records fall every kAgentStepRecordInterval steps in any run; the
  /// stderr lines, which depend on --steps and --quiet, start afresh).
  struct Saved {
    int64_t episodes = 0;
    std::vector<double> recentReturns;
    std::vector<float> recentLosses;
    int64_t gradientSteps = 0;
    double recordLossSum = 0.0;
    int64_t recordLossCount = 0;
  };
  Saved save() const;
  /// Continues from `saved` after `step` environment steps; call after
  /// `start`. Rates count from here.
  void resume(int64_t step, const Saved &saved);

  int64_t episodes() const { return episodeCount; }
  /// The mean return of the last kRecentEpisodes episodes (NaN: none yet).
  double meanRecentReturn() const;

  /// What --plot draws: the gradient steps' losses, placed at the
  /// environment steps they were taken after.
  PlotData plotData(const std::string &title) const;

private:
  AgentStatus status(int64_t step, double epsilon, double loss,
                     double stepsPerSecond) const;

  Progress &progress;
  int64_t totalSteps = 0;
  bool quiet = false;
  /// Environment steps between two stderr lines (a tenth of the run).
  int64_t lineInterval = 1;

  int64_t stepsTaken = 0;
  int64_t episodeCount = 0;
  /// The last kRecentEpisodes returns, as a ring.
  std::vector<double> recentReturns;

  std::vector<float> losses;
  /// The last losses and the gradient steps of the run this one resumed
  /// (empty and 0 for a fresh run); `losses` holds this process's only.
  std::vector<float> priorLosses;
  int64_t priorGradientSteps = 0;
  /// Environment steps taken when this process started (rates).
  int64_t startStep = 0;
  /// The environment step the first gradient step followed (for --plot).
  int64_t firstLossStep = -1;
  /// Loss sums and counts since the last line and the last record.
  double lineLossSum = 0.0;
  int64_t lineLossCount = 0;
  double recordLossSum = 0.0;
  int64_t recordLossCount = 0;
  /// Clock and step of the last line and the last record (for rates).
  double lineSeconds = 0.0;
  int64_t lineStep = 0;
  double recordSeconds = 0.0;
  int64_t recordStep = 0;
};

/// "mean return 187.3 (last 20 episodes), 50000 steps, 312 episodes,
/// 1.12e+04 steps/s, 4.45 s" (no newline); "mean return -" before any
/// episode ended.
std::string formatAgentSummary(const AgentProgress::Summary &summary);

} // namespace mdlrt

#endif // MDLRT_RL_AGENTPROGRESS_H
