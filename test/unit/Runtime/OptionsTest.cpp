//===- OptionsTest.cpp - Tests of the compiled program's CLI ----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// parseCommandLine on good command lines (both value spellings, defaults,
// repeated flags, help) and on every class of bad one: no or unknown
// command, unknown flag, missing value, value on a switch, malformed or
// out-of-range numbers.
//
//===----------------------------------------------------------------------===//

#include "core/Options.h"

#include "gtest/gtest.h"

#include <cmath>
#include <string>
#include <vector>

using namespace mdlrt;

namespace {

ParsedCommandLine parse(std::vector<std::string> args) {
  return parseCommandLine(args);
}

//===----------------------------------------------------------------------===//
// Good command lines
//===----------------------------------------------------------------------===//

TEST(OptionsTest, TrainWithoutFlagsKeepsDefaults) {
  ParsedCommandLine parsed = parse({"train"});
  ASSERT_TRUE(parsed.ok()) << parsed.error;
  EXPECT_EQ(parsed.commandLine.command, Command::Train);
  const TrainOptions &options = parsed.commandLine.train;
  EXPECT_FALSE(options.epochs);
  EXPECT_FALSE(options.steps);
  EXPECT_FALSE(options.batch);
  EXPECT_FALSE(options.lr);
  EXPECT_FALSE(options.seed);
  EXPECT_TRUE(options.logPath.empty());
  EXPECT_TRUE(options.savePath.empty());
  EXPECT_TRUE(options.dataDir.empty());
  EXPECT_FALSE(options.quiet);
}

TEST(OptionsTest, EveryFlagWithSeparateValues) {
  ParsedCommandLine parsed = parse(
      {"train", "--epochs", "3", "--steps", "1000", "--batch", "32", "--lr",
       "0.05", "--seed", "18446744073709551615", "--data-dir", "/data", "--log",
       "run.jsonl", "--save", "w.safetensors", "--quiet"});
  ASSERT_TRUE(parsed.ok()) << parsed.error;
  const TrainOptions &options = parsed.commandLine.train;
  EXPECT_EQ(options.epochs, 3);
  EXPECT_EQ(options.steps, 1000);
  EXPECT_EQ(options.batch, 32);
  EXPECT_EQ(options.lr, 0.05);
  EXPECT_EQ(options.seed, UINT64_MAX);
  EXPECT_EQ(options.dataDir, "/data");
  EXPECT_EQ(options.logPath, "run.jsonl");
  EXPECT_EQ(options.savePath, "w.safetensors");
  EXPECT_TRUE(options.quiet);
}

TEST(OptionsTest, EveryFlagWithEqualsValues) {
  ParsedCommandLine parsed = parse(
      {"train", "--epochs=4", "--steps=7", "--lr=1e-3", "--seed=0",
       "--data-dir=../data", "--log=a=b.jsonl", "--save=out.safetensors"});
  ASSERT_TRUE(parsed.ok()) << parsed.error;
  const TrainOptions &options = parsed.commandLine.train;
  EXPECT_EQ(options.epochs, 4);
  EXPECT_EQ(options.steps, 7);
  EXPECT_EQ(options.lr, 1e-3);
  EXPECT_EQ(options.seed, 0u);
  EXPECT_EQ(options.dataDir, "../data");
  EXPECT_EQ(options.logPath, "a=b.jsonl"); // split at the first '='
  EXPECT_EQ(options.savePath, "out.safetensors");
}

TEST(OptionsTest, RepeatedFlagKeepsTheLastValue) {
  ParsedCommandLine parsed = parse({"train", "--epochs", "3", "--epochs=9"});
  ASSERT_TRUE(parsed.ok()) << parsed.error;
  EXPECT_EQ(parsed.commandLine.train.epochs, 9);
}

TEST(OptionsTest, NegativeLookingValueIsAValue) {
  // "-0.5" is read as the value of --lr, and rejected as not positive.
  ParsedCommandLine parsed = parse({"train", "--lr", "-0.5"});
  EXPECT_EQ(parsed.error,
            "invalid value '-0.5' for '--lr': expected a positive finite "
            "number");
}

TEST(OptionsTest, Help) {
  EXPECT_EQ(parse({"--help"}).commandLine.command, Command::Help);
  EXPECT_EQ(parse({"-h"}).commandLine.command, Command::Help);
  ParsedCommandLine train = parse({"train", "--epochs", "2", "--help"});
  ASSERT_TRUE(train.ok()) << train.error;
  EXPECT_EQ(train.commandLine.command, Command::TrainHelp);
  EXPECT_EQ(parse({"train", "-h"}).commandLine.command, Command::TrainHelp);
}

TEST(OptionsTest, EvalAndInfo) {
  ParsedCommandLine eval =
      parse({"eval", "--weights", "w.safetensors", "--data-dir=/d", "--quiet"});
  ASSERT_TRUE(eval.ok()) << eval.error;
  EXPECT_EQ(eval.commandLine.command, Command::Eval);
  EXPECT_EQ(eval.commandLine.train.weightsPath, "w.safetensors");
  EXPECT_EQ(eval.commandLine.train.dataDir, "/d");
  EXPECT_TRUE(eval.commandLine.train.quiet);
  // --help needs no --weights.
  EXPECT_EQ(parse({"eval", "--help"}).commandLine.command, Command::EvalHelp);
  EXPECT_EQ(parse({"info"}).commandLine.command, Command::Info);
  EXPECT_EQ(parse({"info", "-h"}).commandLine.command, Command::InfoHelp);
  ParsedCommandLine init = parse({"train", "--init", "a.safetensors"});
  ASSERT_TRUE(init.ok()) << init.error;
  EXPECT_EQ(init.commandLine.train.initPath, "a.safetensors");
  EXPECT_NE(evalUsage("p").find("--weights FILE.safetensors"),
            std::string::npos);
  EXPECT_NE(infoUsage("p").find("usage: p info"), std::string::npos);
}

TEST(OptionsTest, DeviceCpuIsAcceptedAndCudaRefusedByName) {
  ParsedCommandLine cpu = parse({"train", "--device", "cpu"});
  ASSERT_TRUE(cpu.ok()) << cpu.error;
  EXPECT_EQ(cpu.commandLine.command, Command::Train);
  ParsedCommandLine eval =
      parse({"eval", "--weights", "w.safetensors", "--device=cpu"});
  ASSERT_TRUE(eval.ok()) << eval.error;
  ParsedCommandLine cuda = parse({"train", "--device", "cuda"});
  ASSERT_FALSE(cuda.ok());
  EXPECT_NE(cuda.error.find("no GPU code"), std::string::npos) << cuda.error;
  ParsedCommandLine bad = parse({"train", "--device", "tpu"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error,
            "invalid value 'tpu' for '--device': expected 'cpu' or 'cuda'");
  EXPECT_FALSE(parse({"info", "--device", "cpu"}).ok());
  EXPECT_NE(trainUsage("p").find("--device cpu|cuda"), std::string::npos);
  EXPECT_NE(usage("p").find("[--device cpu|cuda]"), std::string::npos);
}

TEST(OptionsTest, AgentFlagsOfEval) {
  // The parser takes them for any program; the run refuses them where they
  // do not apply (rl/QLearningRun.cpp, mdlrt_eval_begin).
  ParsedCommandLine eval = parse(
      {"eval", "--weights", "w.safetensors", "--episodes", "5", "--seed=3"});
  ASSERT_TRUE(eval.ok()) << eval.error;
  EXPECT_EQ(eval.commandLine.train.episodes, 5);
  EXPECT_EQ(eval.commandLine.train.seed, 3u);
  EXPECT_FALSE(parse({"eval", "--weights", "w"}).commandLine.train.episodes);
  std::string help = evalUsage("dqn");
  for (const char *text : {"--episodes N", "--seed N", "mean_return"})
    EXPECT_NE(help.find(text), std::string::npos) << text;
  std::string train = trainUsage("dqn");
  for (const char *text : {"q_learning", "environment steps", "episodes"})
    EXPECT_NE(train.find(text), std::string::npos) << text;
  EXPECT_NE(usage("dqn").find("[--episodes N] [--seed N]"), std::string::npos);
}

TEST(OptionsTest, UsageNamesTheProgramAndEveryFlag) {
  std::string text = usage("linreg");
  EXPECT_EQ(text.rfind("usage: linreg train", 0), 0u) << text;
  std::string train = trainUsage("linreg");
  for (const char *flag :
       {"--epochs N", "--steps N", "--batch N", "--lr X", "--seed N",
        "--data-dir DIR", "--log FILE.jsonl", "--save FILE.safetensors",
        "--init FILE.safetensors", "--quiet", "--help"})
    EXPECT_NE(train.find(flag), std::string::npos) << flag;
  EXPECT_NE(text.find("[--data-dir DIR]"), std::string::npos) << text;
  EXPECT_NE(train.find("MDL_DATA_DIR"), std::string::npos) << train;
}

//===----------------------------------------------------------------------===//
// Bad command lines
//===----------------------------------------------------------------------===//

struct BadCase {
  std::vector<std::string> args;
  const char *error;
};

class BadCommandLineTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadCommandLineTest, IsRejectedWithOneLineReason) {
  ParsedCommandLine parsed = parse(GetParam().args);
  EXPECT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error, GetParam().error);
  EXPECT_EQ(parsed.error.find('\n'), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Options, BadCommandLineTest,
    ::testing::Values(
        BadCase{{}, "no command given (expected 'train', 'eval' or 'info')"},
        BadCase{{"fit"},
                "unknown command 'fit' (expected 'train', 'eval' or 'info')"},
        BadCase{{"eval"}, "'eval' needs '--weights FILE.safetensors'"},
        BadCase{{"eval", "--data-dir", "d"},
                "'eval' needs '--weights FILE.safetensors'"},
        BadCase{{"eval", "--weights="}, "option '--weights' needs a file name"},
        BadCase{{"eval", "--weights", "w", "--epochs", "2"},
                "option '--epochs' does not apply to 'eval'"},
        BadCase{{"train", "--weights", "w"},
                "option '--weights' does not apply to 'train'"},
        BadCase{{"info", "--quiet"},
                "option '--quiet' does not apply to 'info'"},
        BadCase{{"info", "extra"}, "unexpected argument 'extra'"},
        BadCase{{"train", "--init"}, "option '--init' needs a value"},
        BadCase{{"--epochs", "3"}, "expected a command before '--epochs'"},
        BadCase{{"train", "--bogus"}, "unknown option '--bogus'"},
        BadCase{{"train", "--bogus=1"}, "unknown option '--bogus'"},
        BadCase{{"train", "-e", "3"}, "unknown option '-e'"},
        BadCase{{"train", "extra"}, "unexpected argument 'extra'"},
        BadCase{{"train", "--epochs"}, "option '--epochs' needs a value"},
        BadCase{{"train", "--log", "--quiet"}, "option '--log' needs a value"},
        BadCase{{"train", "--save="}, "option '--save' needs a file name"},
        BadCase{{"train", "--data-dir="},
                "option '--data-dir' needs a folder name"},
        BadCase{{"train", "--data-dir"}, "option '--data-dir' needs a value"},
        BadCase{{"train", "--quiet=yes"}, "option '--quiet' takes no value"},
        BadCase{{"train", "--episodes", "3"},
                "option '--episodes' does not apply to 'train'"},
        BadCase{{"eval", "--weights", "w", "--episodes", "0"},
                "invalid value '0' for '--episodes': expected a positive "
                "integer"},
        BadCase{{"train", "--epochs=0"},
                "invalid value '0' for '--epochs': expected a positive "
                "integer"},
        BadCase{{"train", "--epochs", "-3"},
                "invalid value '-3' for '--epochs': expected a positive "
                "integer"},
        BadCase{{"train", "--epochs", "three"},
                "invalid value 'three' for '--epochs': expected a positive "
                "integer"},
        BadCase{{"train", "--epochs", "2.5"},
                "invalid value '2.5' for '--epochs': expected a positive "
                "integer"},
        BadCase{{"train", "--epochs", "10x"},
                "invalid value '10x' for '--epochs': expected a positive "
                "integer"},
        BadCase{{"train", "--epochs", "9223372036854775808"},
                "invalid value '9223372036854775808' for '--epochs': "
                "expected a positive integer"},
        BadCase{{"train", "--batch", "0"},
                "invalid value '0' for '--batch': expected a positive "
                "integer"},
        BadCase{{"train", "--batch", "x"},
                "invalid value 'x' for '--batch': expected a positive "
                "integer"},
        BadCase{{"eval", "--weights", "w", "--batch", "8"},
                "option '--batch' does not apply to 'eval'"},
        BadCase{{"train", "--steps", "0"},
                "invalid value '0' for '--steps': expected a positive "
                "integer"},
        BadCase{{"train", "--steps= 5"},
                "invalid value ' 5' for '--steps': expected a positive "
                "integer"},
        BadCase{{"train", "--lr", "nan"},
                "invalid value 'nan' for '--lr': expected a positive finite "
                "number"},
        BadCase{{"train", "--lr", "inf"},
                "invalid value 'inf' for '--lr': expected a positive finite "
                "number"},
        BadCase{{"train", "--lr", "1e999"},
                "invalid value '1e999' for '--lr': expected a positive "
                "finite number"},
        BadCase{{"train", "--lr", "0"},
                "invalid value '0' for '--lr': expected a positive finite "
                "number"},
        BadCase{{"train", "--lr", "0x1p-3"},
                "invalid value '0x1p-3' for '--lr': expected a positive "
                "finite number"},
        BadCase{{"train", "--lr", "1e-3x"},
                "invalid value '1e-3x' for '--lr': expected a positive "
                "finite number"},
        BadCase{{"train", "--seed", "-1"},
                "invalid value '-1' for '--seed': expected an integer "
                "between 0 and 18446744073709551615"},
        BadCase{{"train", "--seed", "18446744073709551616"},
                "invalid value '18446744073709551616' for '--seed': "
                "expected an integer between 0 and 18446744073709551615"}));

//===----------------------------------------------------------------------===//
// Number parsers
//===----------------------------------------------------------------------===//

TEST(NumberParseTest, PositiveInt) {
  EXPECT_EQ(parsePositiveInt("1"), 1);
  EXPECT_EQ(parsePositiveInt("9223372036854775807"), INT64_MAX);
  EXPECT_FALSE(parsePositiveInt(""));
  EXPECT_FALSE(parsePositiveInt("+1"));
  EXPECT_FALSE(parsePositiveInt("0"));
}

TEST(NumberParseTest, PositiveReal) {
  EXPECT_EQ(parsePositiveReal("0.01"), 0.01);
  EXPECT_EQ(parsePositiveReal(".5"), 0.5);
  EXPECT_EQ(parsePositiveReal("2E-2"), 0.02);
  EXPECT_FALSE(parsePositiveReal(""));
  EXPECT_FALSE(parsePositiveReal("."));
  EXPECT_FALSE(parsePositiveReal(" 1"));
  EXPECT_FALSE(parsePositiveReal("-inf"));
}

} // namespace
