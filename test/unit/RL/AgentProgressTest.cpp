//===- AgentProgressTest.cpp - Lines, records and summary of an agent -----===//
// SPDX-License-Identifier: Apache-2.0
//
// AgentProgress on its own: the episode, step and end records with their
// documented keys and values, the mean over the last 20 episodes, a line
// every tenth of the run, --quiet, and the formats of the line, the bar and
// the summary.
//
//===----------------------------------------------------------------------===//

#include "rl/AgentProgress.h"

#include "core/Json.h"

#include "../Runtime/TestSupport.h"

#include <cmath>
#include <regex>

using namespace mdlrt;
using namespace mdlrt::test;

namespace {

std::vector<std::string> keysOf(const JsonValue &object) {
  std::vector<std::string> keys;
  for (const JsonValue::Member &member : object.members())
    keys.push_back(member.first);
  return keys;
}

std::vector<JsonValue> readRecords(const std::string &path) {
  std::vector<JsonValue> records;
  std::string error;
  for (const std::string &line : splitLines(readWholeFile(path))) {
    JsonValue record;
    EXPECT_TRUE(parseJson(line, record, error)) << line << ": " << error;
    records.push_back(record);
  }
  return records;
}

using AgentProgressTest = RunFixture;

/// 3000 environment steps; episode k (from 1) ends at step 100 k with
/// return k; a gradient step with loss = step after every step from 1000.
AgentProgress::Summary simulate(Progress &base, bool quiet) {
  AgentProgress progress(base);
  progress.start(3000, 1e-3, quiet);
  for (int64_t step = 1; step <= 3000; ++step) {
    double epsilon = 1.0 - step / 3000.0;
    if (step % 100 == 0)
      progress.recordEpisode(step, static_cast<double>(step / 100), 100,
                             epsilon);
    progress.recordEnvStep(step, epsilon);
    if (step >= 1000)
      progress.recordLoss(static_cast<float>(step));
  }
  return progress.finish();
}

TEST_F(AgentProgressTest, RecordsHaveTheDocumentedKeysAndValues) {
  TempDir dir;
  std::string path = dir.file("agent.jsonl");
  Progress base;
  std::string error;
  ASSERT_TRUE(base.openLog(path, error)) << error;
  AgentProgress::Summary summary = simulate(base, /*quiet=*/true);
  EXPECT_EQ(summary.steps, 3000);
  EXPECT_EQ(summary.episodes, 30);
  EXPECT_EQ(summary.gradientSteps, 2001);
  EXPECT_EQ(summary.meanReturn, 20.5); // episodes 11 .. 30
  // Losses 2000 .. 3000, the last 1000 gradient steps: 2001 .. 3000.
  EXPECT_EQ(summary.finalLoss, 2500.5);
  EXPECT_GT(summary.stepsPerSecond, 0.0);

  std::vector<JsonValue> records = readRecords(path);
  ASSERT_EQ(records.size(), 30u + 3u + 1u);
  const JsonValue &first = records[0];
  EXPECT_EQ(keysOf(first),
            (std::vector<std::string>{"event", "episode", "step", "return",
                                      "length", "epsilon"}));
  EXPECT_EQ(first.find("event")->asString(), "episode");
  EXPECT_EQ(first.find("episode")->asInt(), 1);
  EXPECT_EQ(first.find("step")->asInt(), 100);
  EXPECT_EQ(first.find("return")->asDouble(), 1.0);
  EXPECT_EQ(first.find("length")->asInt(), 100);
  EXPECT_NEAR(first.find("epsilon")->asDouble(), 1.0 - 100 / 3000.0, 1e-8);

  // Step records at 1000, 2000, 3000 (after the episode ending there).
  const JsonValue &step1000 = records[10];
  EXPECT_EQ(keysOf(step1000), (std::vector<std::string>{
                                  "event", "step", "episodes", "mean_return",
                                  "epsilon", "loss", "steps_per_s", "wall_s"}));
  EXPECT_EQ(step1000.find("event")->asString(), "step");
  EXPECT_EQ(step1000.find("step")->asInt(), 1000);
  EXPECT_EQ(step1000.find("episodes")->asInt(), 10);
  EXPECT_EQ(step1000.find("mean_return")->asDouble(), 5.5);
  // No gradient step before the record at step 1000.
  EXPECT_TRUE(step1000.find("loss")->isNull());
  const JsonValue &step2000 = records[21];
  EXPECT_EQ(step2000.find("step")->asInt(), 2000);
  EXPECT_EQ(step2000.find("mean_return")->asDouble(), 10.5); // episodes 1..20
  // The losses of the gradient steps after steps 1000 .. 1999.
  EXPECT_EQ(step2000.find("loss")->asDouble(), 1499.5);

  const JsonValue &end = records.back();
  EXPECT_EQ(keysOf(end), (std::vector<std::string>{"event", "steps", "episodes",
                                                   "mean_return", "final_loss",
                                                   "steps_per_s", "wall_s"}));
  EXPECT_EQ(end.find("steps")->asInt(), 3000);
  EXPECT_EQ(end.find("episodes")->asInt(), 30);
  EXPECT_EQ(end.find("mean_return")->asDouble(), 20.5);
  EXPECT_EQ(end.find("final_loss")->asDouble(), 2500.5);
  EXPECT_TRUE(stderrText().empty()) << stderrText(); // --quiet
}

TEST_F(AgentProgressTest, ALineEveryTenthOfTheRun) {
  Progress base;
  simulate(base, /*quiet=*/false);
  std::vector<std::string> lines = splitLines(stderrText());
  ASSERT_EQ(lines.size(), 10u) << stderrText();
  EXPECT_TRUE(std::regex_match(
      lines[0], std::regex("step 300/3000  episode 3  mean return 2  epsilon "
                           "0\\.9  loss -  [0-9.e+]+ steps/s")))
      << lines[0];
  // Gradient steps after steps 2700 .. 2999: the loss of the last line.
  EXPECT_TRUE(std::regex_match(
      lines[9], std::regex("step 3000/3000  episode 30  mean return 20\\.5  "
                           "epsilon 0  loss 2849\\.5  [0-9.e+]+ steps/s")))
      << lines[9];
}

TEST_F(AgentProgressTest, NoEpisodeYetIsNullAndDash) {
  TempDir dir;
  std::string path = dir.file("agent.jsonl");
  Progress base;
  std::string error;
  ASSERT_TRUE(base.openLog(path, error)) << error;
  AgentProgress progress(base);
  progress.start(10, 1e-3, false);
  EXPECT_TRUE(std::isnan(progress.meanRecentReturn()));
  for (int64_t step = 1; step <= 10; ++step)
    progress.recordEnvStep(step, 1.0);
  AgentProgress::Summary summary = progress.finish();
  EXPECT_TRUE(std::isnan(summary.meanReturn));
  EXPECT_TRUE(std::isnan(summary.finalLoss));
  std::vector<JsonValue> records = readRecords(path);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(records[0].find("mean_return")->isNull());
  EXPECT_TRUE(records[0].find("final_loss")->isNull());
  EXPECT_EQ(formatAgentSummary(summary).rfind(
                "mean return - (last 0 episodes), 10 steps, 0 episodes, ", 0),
            0u)
      << formatAgentSummary(summary);
}

TEST_F(AgentProgressTest, ResumedProgressEndsAsTheUninterruptedOne) {
  // simulate()'s run in one piece, and stopped at step 1500 then resumed.
  TempDir dir;
  auto drive = [](AgentProgress &progress, int64_t from, int64_t to) {
    for (int64_t step = from; step <= to; ++step) {
      double epsilon = 1.0 - step / 3000.0;
      if (step % 100 == 0)
        progress.recordEpisode(step, static_cast<double>(step / 100), 100,
                               epsilon);
      progress.recordEnvStep(step, epsilon);
      if (step >= 1000)
        progress.recordLoss(static_cast<float>(step));
    }
  };
  std::string error;
  Progress straightBase;
  ASSERT_TRUE(straightBase.openLog(dir.file("straight.jsonl"), error));
  AgentProgress straight(straightBase);
  straight.start(3000, 1e-3, true);
  drive(straight, 1, 3000);
  AgentProgress::Saved expected = straight.save();
  AgentProgress::Summary whole = straight.finish();

  AgentProgress::Saved saved;
  {
    Progress base;
    AgentProgress first(base);
    first.start(3000, 1e-3, true);
    drive(first, 1, 1500);
    saved = first.save();
  }
  EXPECT_EQ(saved.episodes, 15);
  EXPECT_EQ(saved.gradientSteps, 501);
  EXPECT_EQ(saved.recentLosses.size(), 501u);
  EXPECT_EQ(saved.recordLossCount, 501); // steps 1000..1500 since the record
  Progress resumedBase;
  ASSERT_TRUE(resumedBase.openLog(dir.file("resumed.jsonl"), error));
  AgentProgress resumed(resumedBase);
  resumed.start(3000, 1e-3, true);
  resumed.resume(1500, saved);
  drive(resumed, 1501, 3000);
  AgentProgress::Saved after = resumed.save();
  EXPECT_EQ(after.episodes, expected.episodes);
  EXPECT_EQ(after.recentReturns, expected.recentReturns);
  EXPECT_EQ(after.recentLosses, expected.recentLosses);
  EXPECT_EQ(after.gradientSteps, expected.gradientSteps);
  AgentProgress::Summary part = resumed.finish();
  EXPECT_EQ(part.steps, whole.steps);
  EXPECT_EQ(part.episodes, whole.episodes);
  EXPECT_EQ(part.meanReturn, whole.meanReturn);
  EXPECT_EQ(part.finalLoss, whole.finalLoss);
  EXPECT_EQ(part.gradientSteps, whole.gradientSteps);
  // The records after the resume are the uninterrupted run's (the rates
  // and times aside): the step-2000 record's loss covers steps 1000-1999.
  std::vector<JsonValue> all = readRecords(dir.file("straight.jsonl"));
  std::vector<JsonValue> tail = readRecords(dir.file("resumed.jsonl"));
  auto lossAt = [](const std::vector<JsonValue> &records, int64_t step) {
    for (const JsonValue &record : records)
      if (record.find("event")->asString() == "step" &&
          record.find("step")->asInt() == step)
        return record.find("loss")->asDouble();
    return -1.0;
  };
  EXPECT_EQ(lossAt(tail, 2000), lossAt(all, 2000));
  EXPECT_EQ(lossAt(tail, 2000), 1499.5);
  EXPECT_EQ(tail.back().find("episodes")->asInt(), 30);
}

TEST(AgentFormatTest, LineBarAndSummary) {
  AgentStatus status{5000, 50000, 231, 21.6, 0.525, 0.0123, 21000.0, 2.5};
  EXPECT_EQ(formatAgentLine(status),
            "step 5000/50000  episode 231  mean return 21.6  epsilon 0.525  "
            "loss 0.0123  2.1e+04 steps/s");
  EXPECT_EQ(formatAgentStatusLine(status, 10),
            "step [#---------] 5000/50000  episode 231  return 21.6  eps "
            "0.525  loss 0.0123  2.1e+04 steps/s  ETA 0:02");
  status.loss = std::nan("");
  status.etaSeconds = -1;
  EXPECT_EQ(formatAgentStatusLine(status, 4),
            "step [----] 5000/50000  episode 231  return 21.6  eps 0.525  "
            "loss -  2.1e+04 steps/s  ETA ?");
  AgentProgress::Summary summary{187.25, 0.01,    50000, 312,
                                 49001,  11234.0, 4.45};
  EXPECT_EQ(formatAgentSummary(summary),
            "mean return 187.25 (last 20 episodes), 50000 steps, 312 "
            "episodes, 1.12e+04 steps/s, 4.45 s");
}

} // namespace
