//===- ProgressTest.cpp - Tests of progress lines and --log ----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Every --log line is a JSON object with the documented keys in order and
// the right values; epoch lines and the summary have the documented format;
// --quiet silences progress; a log that cannot be written is reported and
// fails the run.
//
//===----------------------------------------------------------------------===//

#include "core/Progress.h"
#include "core/Json.h"

#include "TestSupport.h"

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

class ProgressTest : public RunFixture {
protected:
  /// Two epochs of 150 steps whose losses are 1, 2, ..., 300.
  std::vector<JsonValue> runAndReadLog(bool quiet) {
    TempDir dir;
    std::string path = dir.file("run.jsonl");
    std::string error;
    {
      Progress progress;
      EXPECT_TRUE(progress.openLog(path, error)) << error;
      progress.start(2, 300, 4, 0.1, quiet);
      for (int step = 1; step <= 300; ++step) {
        progress.recordStep(static_cast<float>(step));
        if (step % 150 == 0)
          progress.endEpoch(step / 150 - 1);
      }
      Progress::Summary summary = progress.finish();
      EXPECT_EQ(summary.steps, 300);
      EXPECT_EQ(summary.epochs, 2);
      EXPECT_EQ(summary.finalLoss, 225.5);
      EXPECT_FALSE(progress.logFailed());
    }
    std::vector<JsonValue> records;
    for (const std::string &line : splitLines(readWholeFile(path))) {
      JsonValue record;
      EXPECT_TRUE(parseJson(line, record, error)) << line << ": " << error;
      EXPECT_TRUE(record.isObject()) << line;
      records.push_back(record);
    }
    return records;
  }
};

TEST_F(ProgressTest, LogRecordsHaveTheDocumentedKeysAndValues) {
  std::vector<JsonValue> records = runAndReadLog(false);
  ASSERT_EQ(records.size(), 6u);
  const std::vector<std::string> stepKeys = {"event", "epoch", "step", "loss",
                                             "wall_s"};
  const std::vector<std::string> epochKeys = {
      "event", "epoch", "step", "loss", "samples_per_s", "wall_s", "lr"};
  const std::vector<std::string> endKeys = {"event", "steps", "epochs",
                                            "final_loss", "wall_s"};
  const char *events[] = {"step", "epoch", "step", "step", "epoch", "end"};
  for (size_t i = 0; i < records.size(); ++i) {
    const JsonValue &record = records[i];
    ASSERT_TRUE(record.find("event") && record.find("event")->isString());
    EXPECT_EQ(record.find("event")->asString(), events[i]) << "record " << i;
    const std::vector<std::string> &keys =
        std::string(events[i]) == "step"    ? stepKeys
        : std::string(events[i]) == "epoch" ? epochKeys
                                            : endKeys;
    EXPECT_EQ(keysOf(record), keys) << "record " << i;
    EXPECT_TRUE(record.find("wall_s")->isNumber());
    EXPECT_GE(record.find("wall_s")->asDouble(), 0.0);
  }
  // Step records: every 100 steps, with that step's loss.
  EXPECT_EQ(records[0].find("step")->asInt(), 100);
  EXPECT_EQ(records[0].find("epoch")->asInt(), 1);
  EXPECT_EQ(records[0].find("loss")->asDouble(), 100.0);
  EXPECT_EQ(records[2].find("step")->asInt(), 200);
  EXPECT_EQ(records[2].find("epoch")->asInt(), 2);
  // Epoch records: 1-based epoch, steps so far, the epoch's mean loss.
  EXPECT_EQ(records[1].find("epoch")->asInt(), 1);
  EXPECT_EQ(records[1].find("step")->asInt(), 150);
  EXPECT_EQ(records[1].find("loss")->asDouble(), 75.5);
  EXPECT_EQ(records[1].find("lr")->asDouble(), 0.1);
  EXPECT_GT(records[1].find("samples_per_s")->asDouble(), 0.0);
  EXPECT_EQ(records[4].find("epoch")->asInt(), 2);
  EXPECT_EQ(records[4].find("loss")->asDouble(), 225.5);
  // End record.
  EXPECT_EQ(records[5].find("steps")->asInt(), 300);
  EXPECT_EQ(records[5].find("epochs")->asInt(), 2);
  EXPECT_EQ(records[5].find("final_loss")->asDouble(), 225.5);
}

TEST_F(ProgressTest, EpochLinesOnStderr) {
  runAndReadLog(false);
  std::vector<std::string> lines = splitLines(stderrText());
  ASSERT_EQ(lines.size(), 2u) << stderrText();
  std::regex format("epoch 1/2  step 150/300  loss 75\\.5  "
                    "[0-9.]+(e[+-][0-9]+)? samples/s");
  EXPECT_TRUE(std::regex_match(lines[0], format)) << lines[0];
  EXPECT_EQ(lines[1].rfind("epoch 2/2  step 300/300  loss 225.5  ", 0), 0u)
      << lines[1];
}

TEST_F(ProgressTest, QuietPrintsNoProgressButStillLogs) {
  std::vector<JsonValue> records = runAndReadLog(true);
  EXPECT_EQ(records.size(), 6u);
  EXPECT_EQ(stderrText(), "");
}

TEST_F(ProgressTest, NonFiniteLossIsNullInTheLog) {
  TempDir dir;
  std::string path = dir.file("nan.jsonl");
  std::string error;
  Progress progress;
  ASSERT_TRUE(progress.openLog(path, error)) << error;
  progress.start(1, 1, 1, 0.1, false);
  progress.recordStep(NAN);
  progress.endEpoch(0);
  Progress::Summary summary = progress.finish();
  EXPECT_TRUE(std::isnan(summary.finalLoss));
  std::vector<std::string> lines = splitLines(readWholeFile(path));
  ASSERT_EQ(lines.size(), 2u);
  JsonValue epoch;
  ASSERT_TRUE(parseJson(lines[0], epoch, error)) << lines[0];
  EXPECT_TRUE(epoch.find("loss")->isNull());
  EXPECT_NE(stderrText().find("loss nan"), std::string::npos) << stderrText();
}

TEST_F(ProgressTest, FinalLossOfAPartialLastEpoch) {
  Progress progress;
  progress.start(2, 3, 1, 0.1, true);
  progress.recordStep(1.0f);
  progress.recordStep(3.0f);
  progress.endEpoch(0);
  progress.recordStep(10.0f);
  EXPECT_EQ(progress.finish().finalLoss, 10.0);

  Progress empty;
  empty.start(1, 1, 1, 0.1, true);
  EXPECT_TRUE(std::isnan(empty.finish().finalLoss));
}

TEST_F(ProgressTest, UnwritableLogFailsTheRun) {
  // /dev/full opens, and every write to it fails with ENOSPC.
  TrainOptions options;
  options.logPath = "/dev/full";
  options.quiet = true;
  configureRun(options);
  mdlrt_dataset_synthetic_linear(64, 2, 0.0, 1);
  mdlrt_train_begin(64, 1, 0.01, 0);
  mdlrt_log_step(1.0f);
  mdlrt_epoch_end(0);
  mdlrt_train_end();
  EXPECT_EQ(runExitStatus(), 1);
  std::vector<std::string> lines = splitLines(stderrText());
  ASSERT_EQ(lines.size(), 1u) << stderrText(); // reported once
  EXPECT_EQ(lines[0],
            "mdlrt: error: cannot write log file '/dev/full': No space left "
            "on device");
}

//===----------------------------------------------------------------------===//
// Summary
//===----------------------------------------------------------------------===//

TEST(SummaryTest, SummaryLine) {
  EXPECT_EQ(formatSummaryLine({0.000101, 2560, 10, 1.234}),
            "final loss 0.000101 (mean of the last epoch), 2560 steps, 10 "
            "epochs, 1.23 s");
  EXPECT_EQ(formatSummaryLine({2.5, 1, 1, 0.004}),
            "final loss 2.5 (mean of the last epoch), 1 step, 1 epoch, 0.00 s");
}

TEST(SummaryTest, TensorLines) {
  EXPECT_EQ(formatTensorLine({"linear.bias", {1}, {0.500123f}}),
            "  linear.bias = [0.500123]");
  EXPECT_EQ(formatTensorLine({"w", {2, 2}, {1, 2, 3, -4.5f}}),
            "  w = [[1, 2], [3, -4.5]]");
  EXPECT_EQ(formatTensorLine({"s", {}, {3}}), "  s = 3");
  EXPECT_EQ(formatTensorLine({"e", {0}, {}}), "  e = []");
}

} // namespace

namespace {

TEST(ProgressBarTest, StatusLineShowsBarStepsLossRateAndEta) {
  StatusLine status{2, 10, 512, 2560, 0.0123, 123456.0, 12.7};
  EXPECT_EQ(formatStatusLine(status),
            "epoch 2/10 [####----------------] 512/2560  loss 0.0123  "
            "1.23e+05 samples/s  ETA 0:12");
  EXPECT_EQ(formatStatusLine(status, 10),
            "epoch 2/10 [##--------] 512/2560  loss 0.0123  1.23e+05 "
            "samples/s  ETA 0:12");
  status.step = 2560;
  status.etaSeconds = 0;
  EXPECT_NE(formatStatusLine(status).find("[####################] 2560/2560"),
            std::string::npos);
  status.etaSeconds = -1; // no rate yet
  EXPECT_NE(formatStatusLine(status).find("ETA ?"), std::string::npos);
  status.step = 5000; // beyond the total: the bar stays full
  EXPECT_NE(formatStatusLine(status).find("[####################]"),
            std::string::npos);
}

TEST(ProgressBarTest, Durations) {
  EXPECT_EQ(formatDuration(0), "0:00");
  EXPECT_EQ(formatDuration(75.9), "1:15");
  EXPECT_EQ(formatDuration(3725), "1:02:05");
  EXPECT_EQ(formatDuration(-3), "0:00");
}

} // namespace
