//===- AgentProgress.cpp - Episodes, progress and --log of an agent -------===//
// SPDX-License-Identifier: Apache-2.0
//
// Episode and loss accounting of a q_learning run, its stderr lines, bar,
// JSONL records and summary (AgentProgress.h). Sums are in double.
//
//===----------------------------------------------------------------------===//

#include "rl/AgentProgress.h"

#include "core/Error.h"
#include "core/Json.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mdlrt {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// `value` with %.6g, or "-" for NaN.
std::string orDash(double value) {
  return std::isnan(value) ? std::string("-") : formatString("%.6g", value);
}

std::string progressBar(int64_t step, int64_t total, int width) {
  double fraction =
      total > 0 ? static_cast<double>(step) / static_cast<double>(total) : 0.0;
  fraction = std::min(std::max(fraction, 0.0), 1.0);
  int done = static_cast<int>(fraction * width);
  return std::string(done, '#') + std::string(width - done, '-');
}
} // namespace

std::string formatAgentLine(const AgentStatus &status) {
  return formatString("step %lld/%lld  episode %lld  mean return %s  epsilon "
                      "%.3g  loss %s  %.3g steps/s",
                      static_cast<long long>(status.step),
                      static_cast<long long>(status.totalSteps),
                      static_cast<long long>(status.episodes),
                      orDash(status.meanReturn).c_str(), status.epsilon,
                      orDash(status.loss).c_str(), status.stepsPerSecond);
}

std::string formatAgentStatusLine(const AgentStatus &status, int barWidth) {
  std::string line = formatString(
      "step [%s] %lld/%lld  episode %lld  return %s  eps %.3g  loss %s  "
      "%.3g steps/s",
      progressBar(status.step, status.totalSteps, barWidth).c_str(),
      static_cast<long long>(status.step),
      static_cast<long long>(status.totalSteps),
      static_cast<long long>(status.episodes),
      orDash(status.meanReturn).c_str(), status.epsilon,
      orDash(status.loss).c_str(), status.stepsPerSecond);
  return line + "  ETA " +
         (status.etaSeconds >= 0 ? formatDuration(status.etaSeconds)
                                 : std::string("?"));
}

std::string formatAgentSummary(const AgentProgress::Summary &summary) {
  return formatString(
      "mean return %s (last %lld episodes), %lld %s, %lld %s, %.3g steps/s, "
      "%.2f s",
      orDash(summary.meanReturn).c_str(),
      static_cast<long long>(
          std::min<int64_t>(summary.episodes, kRecentEpisodes)),
      static_cast<long long>(summary.steps),
      summary.steps == 1 ? "step" : "steps",
      static_cast<long long>(summary.episodes),
      summary.episodes == 1 ? "episode" : "episodes", summary.stepsPerSecond,
      summary.wallSeconds);
}

void AgentProgress::start(int64_t total, double lr, bool beQuiet) {
  totalSteps = total;
  quiet = beQuiet;
  lineInterval = std::max<int64_t>(1, total / 10);
  progress.start(/*epochs=*/0, total, /*batch=*/1, lr, beQuiet);
}

double AgentProgress::meanRecentReturn() const {
  if (recentReturns.empty())
    return kNaN;
  double sum = 0.0;
  for (double value : recentReturns)
    sum += value;
  return sum / static_cast<double>(recentReturns.size());
}

void AgentProgress::recordLoss(float loss) {
  if (losses.empty())
    firstLossStep = stepsTaken;
  losses.push_back(loss);
  lineLossSum += loss;
  ++lineLossCount;
  recordLossSum += loss;
  ++recordLossCount;
}

void AgentProgress::recordEpisode(int64_t step, double episodeReturn,
                                  int64_t length, double epsilon) {
  if (static_cast<int64_t>(recentReturns.size()) < kRecentEpisodes)
    recentReturns.push_back(episodeReturn);
  else
    recentReturns[episodeCount % kRecentEpisodes] = episodeReturn;
  ++episodeCount;
  progress.writeRecord(JsonObjectWriter()
                           .add("event", "episode")
                           .add("episode", episodeCount)
                           .add("step", step)
                           .add("return", episodeReturn)
                           .add("length", length)
                           .add("epsilon", epsilon)
                           .str());
}

AgentStatus AgentProgress::status(int64_t step, double epsilon, double loss,
                                  double stepsPerSecond) const {
  AgentStatus result;
  result.step = step;
  result.totalSteps = totalSteps;
  result.episodes = episodeCount;
  result.meanReturn = meanRecentReturn();
  result.epsilon = epsilon;
  result.loss = loss;
  result.stepsPerSecond = stepsPerSecond;
  result.etaSeconds =
      stepsPerSecond > 0
          ? static_cast<double>(totalSteps - step) / stepsPerSecond
          : -1.0;
  return result;
}

void AgentProgress::recordEnvStep(int64_t step, double epsilon) {
  stepsTaken = step;
  bool lineDue = !quiet && (step % lineInterval == 0 || step == totalSteps);
  bool recordDue = step % kAgentStepRecordInterval == 0;
  bool barDue = progress.statusDue();
  if (!lineDue && !recordDue && !barDue)
    return;
  double now = progress.wallSeconds();
  // A clock too coarse to see the interval must not divide by zero.
  auto rate = [&](int64_t fromStep, double fromSeconds) {
    return static_cast<double>(step - fromStep) /
           std::max(now - fromSeconds, 1e-9);
  };
  if (recordDue) {
    double loss = recordLossCount ? recordLossSum / recordLossCount : kNaN;
    progress.writeRecord(
        JsonObjectWriter()
            .add("event", "step")
            .add("step", step)
            .add("episodes", episodeCount)
            .add("mean_return", meanRecentReturn())
            .add("epsilon", epsilon)
            .add("loss", loss)
            .add("steps_per_s", rate(recordStep, recordSeconds))
            .add("wall_s", now)
            .str());
    recordLossSum = 0.0;
    recordLossCount = 0;
    recordStep = step;
    recordSeconds = now;
  }
  if (lineDue) {
    double loss = lineLossCount ? lineLossSum / lineLossCount : kNaN;
    progress.printLine(formatAgentLine(
        status(step, epsilon, loss, rate(lineStep, lineSeconds))));
    lineLossSum = 0.0;
    lineLossCount = 0;
    lineStep = step;
    lineSeconds = now;
  } else if (barDue) {
    double loss = lineLossCount ? lineLossSum / lineLossCount : kNaN;
    progress.drawStatus(formatAgentStatusLine(
        status(step, epsilon, loss, rate(startStep, 0.0))));
  }
}

AgentProgress::Summary AgentProgress::finish() {
  Summary summary;
  summary.meanReturn = meanRecentReturn();
  std::vector<float> recent = save().recentLosses;
  double sum = 0.0;
  for (float loss : recent)
    sum += loss;
  summary.finalLoss =
      recent.empty() ? kNaN : sum / static_cast<double>(recent.size());
  summary.steps = stepsTaken;
  summary.episodes = episodeCount;
  summary.gradientSteps =
      priorGradientSteps + static_cast<int64_t>(losses.size());
  summary.wallSeconds = progress.wallSeconds();
  summary.stepsPerSecond = static_cast<double>(stepsTaken - startStep) /
                           std::max(summary.wallSeconds, 1e-9);
  progress.finishLog(JsonObjectWriter()
                         .add("event", "end")
                         .add("steps", summary.steps)
                         .add("episodes", summary.episodes)
                         .add("mean_return", summary.meanReturn)
                         .add("final_loss", summary.finalLoss)
                         .add("steps_per_s", summary.stepsPerSecond)
                         .add("wall_s", summary.wallSeconds)
                         .str());
  return summary;
}

AgentProgress::Saved AgentProgress::save() const {
  Saved saved;
  saved.episodes = episodeCount;
  saved.recentReturns = recentReturns;
  // The last kFinalLossSteps of the prior run's losses and this one's.
  size_t keep = static_cast<size_t>(kFinalLossSteps);
  size_t own = std::min(losses.size(), keep);
  size_t prior = std::min(priorLosses.size(), keep - own);
  saved.recentLosses.assign(priorLosses.end() - prior, priorLosses.end());
  saved.recentLosses.insert(saved.recentLosses.end(), losses.end() - own,
                            losses.end());
  saved.gradientSteps =
      priorGradientSteps + static_cast<int64_t>(losses.size());
  saved.recordLossSum = recordLossSum;
  saved.recordLossCount = recordLossCount;
  return saved;
}

void AgentProgress::resume(int64_t step, const Saved &saved) {
  stepsTaken = startStep = step;
  episodeCount = saved.episodes;
  recentReturns = saved.recentReturns;
  priorLosses = saved.recentLosses;
  priorGradientSteps = saved.gradientSteps;
  recordLossSum = saved.recordLossSum;
  recordLossCount = saved.recordLossCount;
  lineStep = recordStep = step;
}

PlotData AgentProgress::plotData(const std::string &title) const {
  PlotData data;
  data.title = title;
  data.firstStep = std::max<int64_t>(firstLossStep - 1, 0);
  data.losses = losses;
  return data;
}

} // namespace mdlrt
