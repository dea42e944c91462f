//===- RunTest.cpp - Tests of the train calls of the ABI --------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Drives the C ABI the way generated code does: defaults merged with flags,
// the schedule seen through mdlrt_train_epochs/epoch_steps, user errors that
// exit 1 before training, calls out of order, and whole runs that print the
// summary and write --save.
//
//===----------------------------------------------------------------------===//

#include "core/Run.h"
#include "checkpoint/Safetensors.h"

#include "TestSupport.h"

#include <csignal>
#include <regex>
#include <unistd.h>

using namespace mdlrt;
using namespace mdlrt::test;

namespace {

class RunTest : public RunFixture {
protected:
  /// A small linear-regression program, written like generated code, fitted
  /// by plain SGD. Returns the number of steps taken.
  int64_t trainLinearModel(int64_t samples, int64_t features, int64_t batch,
                           int64_t defaultEpochs) {
    mdlrt_dataset_synthetic_linear(samples, features, 0.0, 3);
    mdlrt_train_begin(batch, defaultEpochs, 0.05, 11);
    double lr = mdlrt_train_lr();
    StringMemref weightName("linear.weight"), biasName("linear.bias");
    Memref<2> weight({1, features});
    Memref<1> bias({1});
    _mlir_ciface_mdlrt_param_init_f32(weightName.get(), weight.get(),
                                      MDLRT_INIT_UNIFORM_FAN_IN, features);
    _mlir_ciface_mdlrt_param_init_f32(biasName.get(), bias.get(),
                                      MDLRT_INIT_UNIFORM_FAN_IN, features);
    Memref<2> x({batch, features}), y({batch, 1});
    int64_t taken = 0;
    for (int64_t e = 0, epochs = mdlrt_train_epochs(); e < epochs; ++e) {
      for (int64_t s = 0, steps = mdlrt_train_epoch_steps(e); s < steps; ++s) {
        _mlir_ciface_mdlrt_next_batch_f32(x.get(), y.get());
        std::vector<double> grad(static_cast<size_t>(features) + 1, 0.0);
        double loss = 0;
        for (int64_t i = 0; i < batch; ++i) {
          double r = bias.values()[0] - y.values()[i];
          for (int64_t j = 0; j < features; ++j)
            r += weight.values()[j] * x.values()[i * features + j];
          loss += r * r / batch;
          for (int64_t j = 0; j < features; ++j)
            grad[j] += 2 * r * x.values()[i * features + j] / batch;
          grad[features] += 2 * r / batch;
        }
        for (int64_t j = 0; j < features; ++j)
          weight.values()[j] -= static_cast<float>(lr * grad[j]);
        bias.values()[0] -= static_cast<float>(lr * grad[features]);
        mdlrt_log_step(static_cast<float>(loss));
        ++taken;
      }
      mdlrt_epoch_end(e);
    }
    _mlir_ciface_mdlrt_param_final_f32(weightName.get(), weight.get());
    _mlir_ciface_mdlrt_param_final_f32(biasName.get(), bias.get());
    mdlrt_train_end();
    return taken;
  }
};

//===----------------------------------------------------------------------===//
// Defaults and flags
//===----------------------------------------------------------------------===//

TEST_F(RunTest, DefaultsApplyWithoutFlags) {
  mdlrt_dataset_synthetic_linear(1024, 4, 0.0, 1);
  mdlrt_train_begin(256, 10, 0.01, 7);
  EXPECT_EQ(mdlrt_train_epochs(), 10);
  EXPECT_EQ(mdlrt_train_epoch_steps(0), 4);
  EXPECT_EQ(mdlrt_train_epoch_steps(9), 4);
  EXPECT_EQ(mdlrt_train_lr(), 0.01);
  EXPECT_EQ(runState().seed, 7u);
}

TEST_F(RunTest, FlagsOverrideDefaults) {
  TrainOptions options;
  options.epochs = 3;
  options.lr = 0.5;
  options.seed = 9;
  configureRun(options);
  mdlrt_dataset_synthetic_linear(1024, 4, 0.0, 1);
  mdlrt_train_begin(256, 10, 0.01, 7);
  EXPECT_EQ(mdlrt_train_epochs(), 3);
  EXPECT_EQ(mdlrt_train_lr(), 0.5);
  EXPECT_EQ(runState().seed, 9u);
}

TEST_F(RunTest, StepsFlagClipsTheLastEpoch) {
  TrainOptions options;
  options.steps = 20;
  configureRun(options);
  mdlrt_dataset_synthetic_linear(1000, 2, 0.0, 1); // 15 batches of 64
  mdlrt_train_begin(64, 1, 0.01, 0);
  EXPECT_EQ(mdlrt_train_epochs(), 2);
  EXPECT_EQ(mdlrt_train_epoch_steps(0), 15);
  EXPECT_EQ(mdlrt_train_epoch_steps(1), 5);
}

TEST_F(RunTest, StepsAndEpochsTakeTheSmallerTotal) {
  TrainOptions options;
  options.steps = 100;
  options.epochs = 2;
  configureRun(options);
  mdlrt_dataset_synthetic_linear(1000, 2, 0.0, 1);
  mdlrt_train_begin(64, 1, 0.01, 0);
  EXPECT_EQ(mdlrt_train_epochs(), 2);
  EXPECT_EQ(mdlrt_train_epoch_steps(1), 15);
}

TEST_F(RunTest, BatchFlagSetsTheBatchOfADynamicProgram) {
  TrainOptions options;
  options.batch = 100;
  configureRun(options);
  mdlrt_dataset_synthetic_linear(1000, 2, 0.0, 1);
  mdlrt_train_begin_dynamic(64, 1, 0.01, 0);
  EXPECT_EQ(mdlrt_train_batch(), 100);
  EXPECT_EQ(mdlrt_train_epoch_steps(0), 10); // 1000 / 100, not / 64
  EXPECT_EQ(runState().batch, 100);
}

TEST_F(RunTest, DynamicProgramKeepsItsDefaultBatchWithoutTheFlag) {
  mdlrt_dataset_synthetic_linear(1000, 2, 0.0, 1);
  mdlrt_train_begin_dynamic(64, 1, 0.01, 0);
  EXPECT_EQ(mdlrt_train_batch(), 64);
  EXPECT_EQ(mdlrt_train_epoch_steps(0), 15);
}

TEST_F(RunTest, FixedBatchProgramAcceptsOnlyItsOwnBatch) {
  TrainOptions options;
  options.batch = 64;
  configureRun(options);
  mdlrt_dataset_synthetic_linear(1000, 2, 0.0, 1);
  mdlrt_train_begin(64, 1, 0.01, 0);
  EXPECT_EQ(mdlrt_train_batch(), 64);
}

TEST_F(RunTest, FixedBatchProgramRejectsAnotherBatch) {
  TrainOptions options;
  options.batch = 32;
  configureRun(options);
  mdlrt_dataset_synthetic_linear(1000, 2, 0.0, 1);
  FatalError error = catchFatal([] { mdlrt_train_begin(64, 1, 0.01, 0); });
  EXPECT_EQ(error.exitStatus(), 1);
  std::string message = error.what();
  EXPECT_NE(message.find("compiled with a fixed batch of 64"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("--batch is not supported"), std::string::npos)
      << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST_F(RunTest, BatchFlagLargerThanTheDatasetExits1) {
  TrainOptions options;
  options.batch = 2000;
  configureRun(options);
  mdlrt_dataset_synthetic_linear(1000, 2, 0.0, 1);
  FatalError error =
      catchFatal([] { mdlrt_train_begin_dynamic(64, 1, 0.01, 0); });
  EXPECT_EQ(error.exitStatus(), 1);
  EXPECT_NE(std::string(error.what()).find("fewer than one batch of 2000"),
            std::string::npos)
      << error.what();
}

TEST_F(RunTest, AbiVersion) {
  EXPECT_EQ(mdlrt_abi_version(), MDLRT_ABI_VERSION);
}

//===----------------------------------------------------------------------===//
// User errors before training
//===----------------------------------------------------------------------===//

TEST_F(RunTest, DatasetSmallerThanOneBatchExits1) {
  mdlrt_dataset_synthetic_linear(100, 4, 0.0, 1);
  FatalError error = catchFatal([] { mdlrt_train_begin(256, 1, 0.01, 0); });
  EXPECT_EQ(error.kind(), FatalError::Kind::User);
  EXPECT_EQ(error.exitStatus(), 1);
  EXPECT_EQ(std::string(error.what()),
            "synthetic_linear: the dataset has 100 samples, fewer than one "
            "batch of 256");
}

TEST_F(RunTest, UnopenableLogExits1BeforeTraining) {
  TempDir dir;
  TrainOptions options;
  options.logPath = dir.file("missing/run.jsonl");
  configureRun(options);
  mdlrt_dataset_synthetic_linear(256, 4, 0.0, 1);
  FatalError error = catchFatal([] { mdlrt_train_begin(64, 1, 0.01, 0); });
  EXPECT_EQ(error.exitStatus(), 1);
  EXPECT_EQ(std::string(error.what()), "cannot open log file '" +
                                           options.logPath +
                                           "': No such file or directory");
  EXPECT_FALSE(runState().begun);
}

TEST_F(RunTest, SaveIntoMissingFolderOrOntoFolderExits1BeforeTraining) {
  TempDir dir;
  for (const std::string &path :
       {dir.file("missing/w.safetensors"), dir.path()}) {
    detail::resetForTesting();
    TrainOptions options;
    options.savePath = path;
    configureRun(options);
    mdlrt_dataset_synthetic_linear(256, 4, 0.0, 1);
    FatalError error = catchFatal([] { mdlrt_train_begin(64, 1, 0.01, 0); });
    EXPECT_EQ(error.exitStatus(), 1);
    EXPECT_EQ(std::string(error.what()).rfind("cannot save to '" + path, 0), 0u)
        << error.what();
  }
}

TEST_F(RunTest, UserErrorExitsWithStatus1AndOneLine) {
  EXPECT_EXIT(
      {
        detail::setErrorsThrow(false);
        detail::setOutputStreams(nullptr, nullptr);
        mdlrt_dataset_synthetic_linear(0, 4, 0.0, 1);
      },
      ::testing::ExitedWithCode(1),
      "^mdlrt: error: synthetic_linear: samples must be positive, but is 0\n$");
}

TEST_F(RunTest, InternalErrorAborts) {
  EXPECT_EXIT(
      {
        detail::setErrorsThrow(false);
        detail::setOutputStreams(nullptr, nullptr);
        mdlrt_train_epochs();
      },
      ::testing::KilledBySignal(SIGABRT),
      "mdlrt: internal error: mdlrt_train_epochs called before "
      "mdlrt_train_begin");
}

//===----------------------------------------------------------------------===//
// Calls out of order (compiler bugs)
//===----------------------------------------------------------------------===//

TEST_F(RunTest, CallsOutOfOrderAreInternalErrors) {
  auto internal = [](auto body) {
    return catchFatal(body).kind() == FatalError::Kind::Internal;
  };
  EXPECT_TRUE(internal([] { mdlrt_train_begin(64, 1, 0.01, 0); }));
  EXPECT_TRUE(internal([] { mdlrt_train_epochs(); }));
  EXPECT_TRUE(internal([] { mdlrt_train_lr(); }));
  EXPECT_TRUE(internal([] { mdlrt_log_step(1.0f); }));
  EXPECT_TRUE(internal([] { mdlrt_epoch_end(0); }));
  EXPECT_TRUE(internal([] { mdlrt_train_end(); }));

  mdlrt_dataset_synthetic_linear(256, 4, 0.0, 1);
  EXPECT_TRUE(internal([] { mdlrt_dataset_synthetic_linear(256, 4, 0.0, 1); }));
  EXPECT_TRUE(internal([] { mdlrt_train_begin(0, 1, 0.01, 0); }));
  EXPECT_TRUE(internal([] { mdlrt_train_begin(64, 0, 0.01, 0); }));
  EXPECT_TRUE(internal([] { mdlrt_train_begin(64, 1, -1.0, 0); }));
  mdlrt_train_begin(64, 2, 0.01, 0);
  EXPECT_TRUE(internal([] { mdlrt_train_begin(64, 1, 0.01, 0); }));
  EXPECT_TRUE(internal([] { mdlrt_train_epoch_steps(2); }));
  EXPECT_TRUE(internal([] { mdlrt_train_epoch_steps(-1); }));
  EXPECT_TRUE(internal([] { mdlrt_epoch_end(2); }));
  mdlrt_train_end();
  EXPECT_TRUE(internal([] { mdlrt_train_end(); }));
  EXPECT_TRUE(internal([] { mdlrt_log_step(1.0f); }));
}

//===----------------------------------------------------------------------===//
// Whole runs
//===----------------------------------------------------------------------===//

TEST_F(RunTest, WholeRunPrintsSummaryAndSaves) {
  TempDir dir;
  TrainOptions options;
  options.savePath = dir.file("w.safetensors");
  configureRun(options);
  EXPECT_EQ(trainLinearModel(1024, 3, 32, 5), 160);
  EXPECT_EQ(runExitStatus(), 0);

  std::vector<std::string> lines = splitLines(stdoutText());
  ASSERT_EQ(lines.size(), 3u) << stdoutText();
  EXPECT_TRUE(std::regex_match(
      lines[0], std::regex("final loss [0-9.e+-]+ \\(mean of the last "
                           "epoch\\), 160 steps, 5 epochs, [0-9]+\\.[0-9]{2} "
                           "s")))
      << lines[0];
  // Noise-free data: SGD recovers the bias 0.5 of synthetic_linear.
  std::smatch match;
  ASSERT_TRUE(std::regex_match(
      lines[1], match, std::regex("  linear\\.weight = \\[\\[(.*)\\]\\]")))
      << lines[1];
  ASSERT_TRUE(std::regex_match(lines[2], match,
                               std::regex("  linear\\.bias = \\[(.*)\\]")))
      << lines[2];
  EXPECT_NEAR(std::stod(match[1].str()), 0.5, 1e-3);

  std::vector<std::string> progress = splitLines(stderrText());
  ASSERT_EQ(progress.size(), 6u) << stderrText();
  EXPECT_EQ(progress[0].rfind("epoch 1/5  step 32/160  loss ", 0), 0u);
  EXPECT_EQ(progress[5], "saved 2 parameters to " + options.savePath);

  SafetensorsFile file;
  std::string error;
  ASSERT_TRUE(SafetensorsFile::read(options.savePath, file, error)) << error;
  ASSERT_EQ(file.tensors().size(), 2u);
  EXPECT_EQ(file.tensors()[0].name, "linear.bias");
  EXPECT_EQ(file.tensors()[1].name, "linear.weight");
  EXPECT_EQ(file.tensors()[1].shape, (std::vector<int64_t>{1, 3}));
  std::vector<float> weight;
  ASSERT_TRUE(file.readF32(file.tensors()[1], weight, error));
  EXPECT_EQ(weight, runState().params.finals()[0].data);
}

TEST_F(RunTest, QuietPrintsOnlyTheSummary) {
  TrainOptions options;
  options.quiet = true;
  options.steps = 7;
  configureRun(options);
  EXPECT_EQ(trainLinearModel(256, 2, 64, 1), 7);
  EXPECT_EQ(stderrText(), "");
  EXPECT_EQ(stdoutText().rfind("final loss ", 0), 0u);
  EXPECT_NE(stdoutText().find(", 7 steps, 2 epochs, "), std::string::npos)
      << stdoutText();
}

TEST_F(RunTest, LargeParametersAreNotPrinted) {
  TrainOptions options;
  options.quiet = true;
  configureRun(options);
  trainLinearModel(256, 9, 64, 1); // the weight has 9 values
  std::vector<std::string> lines = splitLines(stdoutText());
  ASSERT_EQ(lines.size(), 2u) << stdoutText();
  EXPECT_EQ(lines[1].rfind("  linear.bias = [", 0), 0u);
}

TEST_F(RunTest, FailedSaveReportsAndSetsExitStatus1) {
  TempDir dir;
  std::string folder = dir.file("gone");
  ASSERT_EQ(::mkdir(folder.c_str(), 0700), 0);
  TrainOptions options;
  options.savePath = folder + "/w.safetensors";
  options.quiet = true;
  configureRun(options);
  mdlrt_dataset_synthetic_linear(256, 2, 0.0, 1);
  mdlrt_train_begin(64, 1, 0.01, 0);
  ASSERT_EQ(::rmdir(folder.c_str()), 0); // disappears during training
  mdlrt_train_end();
  EXPECT_EQ(runExitStatus(), 1);
  EXPECT_EQ(stderrText().rfind("mdlrt: error: cannot save to '" +
                                   options.savePath + "': cannot create",
                               0),
            0u)
      << stderrText();
  EXPECT_EQ(stdoutText().rfind("final loss ", 0), 0u);
}

} // namespace
