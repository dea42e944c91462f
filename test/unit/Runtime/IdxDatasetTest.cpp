//===- IdxDatasetTest.cpp - Tests of idx datasets through the ABI -*- C++ -*-=//
// SPDX-License-Identifier: Apache-2.0
//
// Drives mdlrt_dataset_idx, mdlrt_next_batch_f32_i32 and the evaluation
// calls the way generated code does, with hand-built descriptors and small
// IDX files the tests write: batch contents in order and shuffled, the
// schedule, descriptor checks, user errors (missing, corrupt, mismatched
// files) that exit 1 with one line, calls out of order, the bookkeeping of
// evaluation passes, and a whole run of a small classifier.
//
//===----------------------------------------------------------------------===//

#include "data/IdxDataset.h"

#include "core/Json.h"
#include "data/Dataset.h"

#include "DataFileSupport.h"
#include "TestSupport.h"

#include <cmath>
#include <functional>

using namespace mdlrt;
using namespace mdlrt::test;

namespace {

/// Pixel k of image i in the sets the tests write.
uint8_t pixel(int64_t i, int64_t k) {
  return static_cast<uint8_t>((i * 6 + k) % 251);
}

class IdxDatasetTest : public RunFixture {
protected:
  void SetUp() override {
    RunFixture::SetUp();
    options.dataDir = dir.path();
    configureRun(options);
  }

  /// Writes `count` images of 2 x 3 pixels and their labels (i % 3), gzip
  /// compressed, as NAME-images.gz and NAME-labels.gz.
  void writeSet(const std::string &name, uint32_t count,
                uint32_t labelCount = 0) {
    std::vector<uint8_t> pixels, labels;
    for (uint32_t i = 0; i < count; ++i)
      for (int k = 0; k < 6; ++k)
        pixels.push_back(pixel(i, k));
    for (uint32_t i = 0; i < (labelCount ? labelCount : count); ++i)
      labels.push_back(static_cast<uint8_t>(i % 3));
    writeWholeFile(dir.file(name + "-images.gz"),
                   gzipBytes(idxU8({count, 2, 3}, pixels)));
    writeWholeFile(dir.file(name + "-labels.gz"),
                   gzipBytes(idxU8({labelCount ? labelCount : count}, labels)));
  }

  void declare(const std::string &images, const std::string &labels,
               int64_t shuffle = 0, double scale = 1.0 / 255.0) {
    StringMemref imagesPath(images), labelsPath(labels);
    _mlir_ciface_mdlrt_dataset_idx(imagesPath.get(), labelsPath.get(), scale,
                                   shuffle);
  }

  void declareEval(const std::string &images, const std::string &labels) {
    StringMemref imagesPath(images), labelsPath(labels);
    _mlir_ciface_mdlrt_eval_dataset_idx(imagesPath.get(), labelsPath.get(),
                                        1.0 / 255.0);
  }

  /// Expects `x` and `y` to hold samples `indices` of a set writeSet made.
  static void expectSamples(Memref<4> &x, Memref<1, int32_t> &y,
                            const std::vector<int64_t> &indices) {
    for (size_t b = 0; b < indices.size(); ++b) {
      for (int k = 0; k < 6; ++k)
        ASSERT_EQ(x.data[b * 6 + k],
                  static_cast<float>(pixel(indices[b], k) * (1.0 / 255.0)))
            << "sample " << indices[b] << " pixel " << k;
      ASSERT_EQ(y.data[b], indices[b] % 3) << "sample " << indices[b];
    }
  }

  FatalError userError(const std::function<void()> &body) {
    FatalError error = catchFatal(body);
    EXPECT_EQ(error.kind(), FatalError::Kind::User) << error.what();
    EXPECT_EQ(error.exitStatus(), 1);
    EXPECT_EQ(std::string(error.what()).find('\n'), std::string::npos);
    return error;
  }

  static bool isInternal(const std::function<void()> &body) {
    return catchFatal(body).kind() == FatalError::Kind::Internal;
  }

  TempDir dir;
  TrainOptions options;
};

std::vector<int64_t> range(int64_t first, int64_t count) {
  std::vector<int64_t> indices;
  for (int64_t i = 0; i < count; ++i)
    indices.push_back(first + i);
  return indices;
}

//===----------------------------------------------------------------------===//
// Declaring and batching
//===----------------------------------------------------------------------===//

TEST_F(IdxDatasetTest, DeclaresTheSetWithItsShapes) {
  writeSet("train", 10);
  declare("train-images.gz", "train-labels.gz");
  const Dataset &dataset = *runState().dataset;
  EXPECT_STREQ(dataset.kind(), "idx");
  EXPECT_EQ(dataset.numSamples(), 10);
  EXPECT_EQ(dataset.sampleShape(), (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(dataset.targetShape(), (std::vector<int64_t>{}));
  EXPECT_EQ(dataset.targetType(), TargetType::I32);
  EXPECT_FALSE(runState().shuffle);
}

TEST_F(IdxDatasetTest, BatchesInOrderAndWrap) {
  writeSet("train", 10);
  declare("train-images.gz", "train-labels.gz");
  mdlrt_train_begin(4, 2, 0.1, 0);
  EXPECT_EQ(mdlrt_train_epochs(), 2);
  EXPECT_EQ(mdlrt_train_epoch_steps(0), 2); // 10 samples: 2 full batches
  EXPECT_EQ(mdlrt_train_epoch_steps(1), 2);
  Memref<4> x({4, 1, 2, 3});
  Memref<1, int32_t> y({4});
  for (int64_t first : {0, 4, 0, 4}) {
    _mlir_ciface_mdlrt_next_batch_f32_i32(x.get(), y.get());
    expectSamples(x, y, range(first, 4));
  }
}

TEST_F(IdxDatasetTest, ShuffledBatchesFollowTheRunSeed) {
  writeSet("train", 10);
  declare("train-images.gz", "train-labels.gz", /*shuffle=*/1);
  EXPECT_TRUE(runState().shuffle);
  mdlrt_train_begin(4, 3, 0.1, /*default_seed=*/21);
  Memref<4> x({4, 1, 2, 3});
  Memref<1, int32_t> y({4});
  for (int64_t epoch = 0; epoch < 3; ++epoch) {
    std::vector<int64_t> order = shuffledOrder(10, 21, epoch);
    for (int64_t b = 0; b < 2; ++b) {
      _mlir_ciface_mdlrt_next_batch_f32_i32(x.get(), y.get());
      expectSamples(x, y,
                    std::vector<int64_t>(order.begin() + 4 * b,
                                         order.begin() + 4 * b + 4));
    }
  }
}

TEST_F(IdxDatasetTest, SeedFlagChangesTheOrder) {
  writeSet("train", 10);
  options.seed = 8;
  configureRun(options);
  declare("train-images.gz", "train-labels.gz", 1);
  mdlrt_train_begin(5, 1, 0.1, 21);
  Memref<4> x({5, 1, 2, 3});
  Memref<1, int32_t> y({5});
  _mlir_ciface_mdlrt_next_batch_f32_i32(x.get(), y.get());
  std::vector<int64_t> order = shuffledOrder(10, 8, 0);
  expectSamples(x, y, std::vector<int64_t>(order.begin(), order.begin() + 5));
}

TEST_F(IdxDatasetTest, RawFilesScaleAndStepsFlag) {
  writeWholeFile(dir.file("raw-images"), idxU8({3, 1, 1}, {0, 128, 255}));
  writeWholeFile(dir.file("raw-labels"), idxU8({3}, {2, 0, 1}));
  options.steps = 5;
  configureRun(options);
  declare(dir.file("raw-images"), "raw-labels", 0, 0.5); // absolute, relative
  mdlrt_train_begin(1, 1, 0.1, 0);
  EXPECT_EQ(mdlrt_train_epochs(), 2);
  EXPECT_EQ(mdlrt_train_epoch_steps(1), 2);
  Memref<4> x({1, 1, 1, 1});
  Memref<1, int32_t> y({1});
  std::vector<std::pair<float, int32_t>> seen;
  for (int i = 0; i < 4; ++i) {
    _mlir_ciface_mdlrt_next_batch_f32_i32(x.get(), y.get());
    seen.push_back({x.data[0], y.data[0]});
  }
  EXPECT_EQ(seen, (std::vector<std::pair<float, int32_t>>{
                      {0.0f, 2}, {64.0f, 0}, {127.5f, 1}, {0.0f, 2}}));
}

//===----------------------------------------------------------------------===//
// Descriptors that do not fit (compiler bugs)
//===----------------------------------------------------------------------===//

TEST_F(IdxDatasetTest, WrongDescriptorsAreInternalErrors) {
  writeSet("train", 8);
  declare("train-images.gz", "train-labels.gz");
  mdlrt_train_begin(4, 1, 0.1, 0);
  Memref<4> x({4, 1, 2, 3});
  Memref<1, int32_t> y({4});
  Memref<3> flat({4, 2, 3});
  Memref<2, int32_t> wide({4, 1});
  Memref<2> floatTargets({4, 1});

  FatalError error = catchFatal(
      [&] { _mlir_ciface_mdlrt_next_batch_f32_i32(flat.get(), y.get()); });
  EXPECT_EQ(error.kind(), FatalError::Kind::Internal);
  EXPECT_EQ(std::string(error.what()),
            "next_batch_f32_i32 input: expected shape [4, 1, 2, 3], but got "
            "[4, 2, 3]");
  error = catchFatal(
      [&] { _mlir_ciface_mdlrt_next_batch_f32_i32(x.get(), wide.get()); });
  EXPECT_EQ(std::string(error.what()),
            "next_batch_f32_i32 target: expected shape [4], but got [4, 1]");
  error = catchFatal(
      [&] { _mlir_ciface_mdlrt_next_batch_f32(x.get(), floatTargets.get()); });
  EXPECT_EQ(error.kind(), FatalError::Kind::Internal);
  EXPECT_EQ(std::string(error.what()),
            "mdlrt_next_batch_f32 called for the idx dataset, which has i32 "
            "labels");
}

TEST_F(IdxDatasetTest, SyntheticSetTakesOnlyF32Batches) {
  mdlrt_dataset_synthetic_linear(16, 3, 0.0, 1);
  mdlrt_train_begin(4, 1, 0.1, 0);
  Memref<2> x({4, 3});
  Memref<1, int32_t> y({4});
  FatalError error = catchFatal(
      [&] { _mlir_ciface_mdlrt_next_batch_f32_i32(x.get(), y.get()); });
  EXPECT_EQ(error.kind(), FatalError::Kind::Internal);
  EXPECT_EQ(std::string(error.what()),
            "mdlrt_next_batch_f32_i32 called for the synthetic_linear "
            "dataset, which has f32 targets");
}

TEST_F(IdxDatasetTest, CallsOutOfOrderAreInternalErrors) {
  writeSet("train", 8);
  Memref<4> x({4, 1, 2, 3});
  Memref<1, int32_t> y({4});
  EXPECT_TRUE(isInternal(
      [&] { declare("train-images.gz", "train-labels.gz", /*shuffle=*/2); }));
  EXPECT_TRUE(isInternal(
      [&] { _mlir_ciface_mdlrt_next_batch_f32_i32(x.get(), y.get()); }));
  EXPECT_TRUE(isInternal([&] { mdlrt_eval_batches(4); }));
  EXPECT_TRUE(isInternal(
      [&] { _mlir_ciface_mdlrt_eval_next_batch_f32_i32(x.get(), y.get()); }));
  EXPECT_TRUE(isInternal([&] { mdlrt_eval_record(1, 4, 0.0); }));
  EXPECT_TRUE(isInternal([&] { mdlrt_eval_end(0); }));

  declare("train-images.gz", "train-labels.gz");
  EXPECT_TRUE(
      isInternal([&] { declare("train-images.gz", "train-labels.gz"); }));
  EXPECT_TRUE(isInternal([] { mdlrt_dataset_synthetic_linear(8, 2, 0, 1); }));
  declareEval("train-images.gz", "train-labels.gz");
  EXPECT_TRUE(
      isInternal([&] { declareEval("train-images.gz", "train-labels.gz"); }));
  EXPECT_TRUE(isInternal([&] {
    _mlir_ciface_mdlrt_eval_next_batch_f32_i32(x.get(), y.get());
  })); // before mdlrt_eval_batches
  EXPECT_TRUE(isInternal([&] { mdlrt_eval_batches(0); }));
  EXPECT_EQ(mdlrt_eval_batches(4), 2);
  EXPECT_TRUE(isInternal([&] { mdlrt_eval_record(5, 4, 0.0); }));
  EXPECT_TRUE(isInternal([&] { mdlrt_eval_record(-1, 4, 0.0); }));
  EXPECT_TRUE(isInternal([&] { mdlrt_eval_record(0, 0, 0.0); }));
  EXPECT_TRUE(isInternal([&] { mdlrt_eval_end(0); })); // nothing recorded
  mdlrt_eval_record(1, 4, 0.0);
  EXPECT_TRUE(isInternal([&] { mdlrt_eval_end(-1); }));

  mdlrt_train_begin(4, 1, 0.1, 0);
  EXPECT_TRUE(isInternal([&] { declareEval("a", "b"); }));
}

//===----------------------------------------------------------------------===//
// User errors: one line, exit status 1
//===----------------------------------------------------------------------===//

TEST_F(IdxDatasetTest, MissingFile) {
  writeSet("train", 8);
  FatalError error =
      userError([&] { declare("nope-images.gz", "train-labels.gz"); });
  EXPECT_EQ(std::string(error.what())
                .rfind("cannot find data file 'nope-images.gz' in --data-dir "
                       "'" +
                           dir.path() + "'",
                       0),
            0u)
      << error.what();
  error = userError([&] { declare(dir.file("nope"), "train-labels.gz"); });
  EXPECT_EQ(std::string(error.what()), "cannot open idx file '" +
                                           dir.file("nope") +
                                           "': No such file or directory");
  EXPECT_EQ(runState().dataset, nullptr);
}

TEST_F(IdxDatasetTest, MismatchedCounts) {
  writeSet("train", 10, /*labelCount=*/9);
  FatalError error =
      userError([&] { declare("train-images.gz", "train-labels.gz"); });
  EXPECT_EQ(std::string(error.what()),
            "idx: the images file '" + dir.file("train-images.gz") +
                "' holds 10 images, but the labels file '" +
                dir.file("train-labels.gz") + "' holds 9 labels");
}

TEST_F(IdxDatasetTest, WrongRanksAndLabels) {
  writeSet("train", 4);
  FatalError error =
      userError([&] { declare("train-labels.gz", "train-labels.gz"); });
  EXPECT_EQ(std::string(error.what()),
            "idx file '" + dir.file("train-labels.gz") +
                "': images must have 3 dimensions (count, rows, columns), but "
                "the file has 1 (4)");
  error = userError([&] { declare("train-images.gz", "train-images.gz"); });
  EXPECT_EQ(std::string(error.what()),
            "idx file '" + dir.file("train-images.gz") +
                "': labels must have 1 dimension (count), but the file has 3 "
                "(4 x 2 x 3)");
  writeWholeFile(dir.file("signed-labels"),
                 idxFile(kIdxI8, {4}, bigEndianPayload<int8_t>({0, 1, -1, 2})));
  error = userError([&] { declare("train-images.gz", "signed-labels"); });
  EXPECT_EQ(std::string(error.what()),
            "idx file '" + dir.file("signed-labels") +
                "': label -1 of sample 2 is not a class index (a non-negative "
                "i32)");
}

TEST_F(IdxDatasetTest, CorruptFileAndBadScale) {
  writeSet("train", 4);
  std::string packed = readWholeFile(dir.file("train-images.gz"));
  writeWholeFile(dir.file("cut-images.gz"),
                 packed.substr(0, packed.size() / 2));
  FatalError error =
      userError([&] { declare("cut-images.gz", "train-labels.gz"); });
  EXPECT_EQ(std::string(error.what()),
            "idx file '" + dir.file("cut-images.gz") +
                "': truncated gzip data: the compressed stream ends before its "
                "end marker");
  error = userError(
      [&] { declare("train-images.gz", "train-labels.gz", 0, std::nan("")); });
  EXPECT_EQ(std::string(error.what()),
            "idx: scale must be a finite number, but is nan");
}

TEST_F(IdxDatasetTest, UserErrorExitsWithStatus1AndOneLine) {
  writeSet("train", 10, 9);
  EXPECT_EXIT(
      {
        detail::setErrorsThrow(false);
        detail::setOutputStreams(nullptr, nullptr);
        declare("train-images.gz", "train-labels.gz");
      },
      ::testing::ExitedWithCode(1),
      "^mdlrt: error: idx: the images file '[^\n]*/train-images.gz' holds 10 "
      "images, but the labels file '[^\n]*/train-labels.gz' holds 9 "
      "labels\n$");
}

TEST_F(IdxDatasetTest, DatasetSmallerThanOneBatch) {
  writeSet("train", 3);
  declare("train-images.gz", "train-labels.gz");
  FatalError error = userError([] { mdlrt_train_begin(4, 1, 0.1, 0); });
  EXPECT_EQ(std::string(error.what()),
            "idx: the dataset has 3 samples, fewer than one batch of 4");
}

//===----------------------------------------------------------------------===//
// Evaluation
//===----------------------------------------------------------------------===//

TEST_F(IdxDatasetTest, EvalBatchesInOrderAndRestartEachPass) {
  writeSet("test", 10);
  declareEval("test-images.gz", "test-labels.gz");
  EXPECT_EQ(runState().evalDataset->numSamples(), 10);
  EXPECT_EQ(mdlrt_eval_batches(4), 2);
  Memref<4> x({4, 1, 2, 3});
  Memref<1, int32_t> y({4});
  for (int64_t first : {0, 4, 0}) { // wraps after the last full batch
    _mlir_ciface_mdlrt_eval_next_batch_f32_i32(x.get(), y.get());
    expectSamples(x, y, range(first, 4));
  }
  mdlrt_eval_record(4, 4, 1.0);
  mdlrt_eval_end(0);
  // A new pass starts at the first sample, with its own batch size.
  EXPECT_EQ(mdlrt_eval_batches(5), 2);
  Memref<4> x5({5, 1, 2, 3});
  Memref<1, int32_t> y5({5});
  _mlir_ciface_mdlrt_eval_next_batch_f32_i32(x5.get(), y5.get());
  for (int k = 0; k < 6; ++k)
    EXPECT_EQ(x5.data[k], static_cast<float>(pixel(0, k) * (1.0 / 255.0)));
  FatalError error = catchFatal(
      [&] { _mlir_ciface_mdlrt_eval_next_batch_f32_i32(x.get(), y.get()); });
  EXPECT_EQ(std::string(error.what()),
            "eval_next_batch input: expected shape [5, 1, 2, 3], but got "
            "[4, 1, 2, 3]");
}

TEST_F(IdxDatasetTest, EvalPassAccuracyAndLoss) {
  writeSet("test", 12);
  declareEval("test-images.gz", "test-labels.gz");
  EXPECT_EQ(mdlrt_eval_batches(4), 3);
  mdlrt_eval_record(3, 4, 2.0);
  mdlrt_eval_record(1, 4, 1.0);
  mdlrt_eval_record(2, 4, 0.5);
  mdlrt_eval_end(0);
  EXPECT_EQ(stderrText(), "eval epoch 1: accuracy 0.5000, loss 0.291667\n");
  // The tally starts afresh after each pass.
  mdlrt_eval_record(4, 4, 0.0);
  mdlrt_eval_end(1);
  EXPECT_EQ(splitLines(stderrText()).back(),
            "eval epoch 2: accuracy 1.0000, loss 0");
}

TEST_F(IdxDatasetTest, EvalIsLoggedAndQuietHidesTheLine) {
  writeSet("train", 8);
  writeSet("test", 8);
  options.logPath = dir.file("run.jsonl");
  options.quiet = true;
  configureRun(options);
  declare("train-images.gz", "train-labels.gz");
  declareEval("test-images.gz", "test-labels.gz");
  mdlrt_train_begin(4, 1, 0.1, 0);
  EXPECT_EQ(mdlrt_eval_batches(8), 1);
  mdlrt_eval_record(6, 8, 3.0);
  mdlrt_eval_end(0);
  mdlrt_train_end();
  EXPECT_EQ(stderrText(), "");
  std::vector<std::string> lines = splitLines(readWholeFile(options.logPath));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(
      lines[0],
      "{\"event\":\"eval\",\"epoch\":1,\"step\":0,\"accuracy\":0.75,\"loss\":0.375}");
  JsonValue record;
  std::string error;
  ASSERT_TRUE(parseJson(lines[0], record, error)) << error;
}

TEST_F(IdxDatasetTest, EvalSetSmallerThanOneBatch) {
  writeSet("test", 10);
  declareEval("test-images.gz", "test-labels.gz");
  FatalError error = userError([] { mdlrt_eval_batches(11); });
  EXPECT_EQ(std::string(error.what()),
            "idx: the evaluation set has 10 samples, fewer than one batch of "
            "11");
}

//===----------------------------------------------------------------------===//
// A whole run
//===----------------------------------------------------------------------===//

/// Writes `count` 2 x 2 images of class i % 4: the pixel of the class is
/// bright, the others dim and varied.
void writeClassSet(const TempDir &dir, const std::string &name,
                   uint32_t count) {
  std::vector<uint8_t> pixels, labels;
  for (uint32_t i = 0; i < count; ++i) {
    uint8_t label = static_cast<uint8_t>(i % 4);
    for (uint8_t k = 0; k < 4; ++k)
      pixels.push_back(k == label
                           ? static_cast<uint8_t>(180 + i % 70)
                           : static_cast<uint8_t>((i * 37 + k * 11) % 60));
    labels.push_back(label);
  }
  writeWholeFile(dir.file(name + "-images.gz"),
                 gzipBytes(idxU8({count, 2, 2}, pixels)));
  writeWholeFile(dir.file(name + "-labels.gz"),
                 gzipBytes(idxU8({count}, labels)));
}

TEST_F(IdxDatasetTest, SoftmaxClassifierLearnsTheSet) {
  writeClassSet(dir, "train", 256);
  writeClassSet(dir, "test", 64);
  options.logPath = dir.file("run.jsonl");
  configureRun(options);

  // What generated code for a 4-pixel linear softmax classifier does.
  declare("train-images.gz", "train-labels.gz", /*shuffle=*/1);
  declareEval("test-images.gz", "test-labels.gz");
  const int64_t batch = 16, classes = 4, features = 4;
  mdlrt_train_begin(batch, 5, 0.5, 3);
  StringMemref weightName("fc.weight"), biasName("fc.bias");
  Memref<2> weight({classes, features});
  Memref<1> bias({classes});
  _mlir_ciface_mdlrt_param_init_f32(weightName.get(), weight.get(),
                                    MDLRT_INIT_UNIFORM_FAN_IN, features);
  _mlir_ciface_mdlrt_param_init_f32(biasName.get(), bias.get(),
                                    MDLRT_INIT_ZEROS, features);
  Memref<4> x({batch, 1, 2, 2});
  Memref<1, int32_t> y({batch});

  // Logits, softmax cross-entropy and (optionally) its gradient step.
  auto forward = [&](bool step, int64_t &correct) {
    double lossSum = 0;
    std::vector<double> gradW(classes * features, 0), gradB(classes, 0);
    correct = 0;
    for (int64_t i = 0; i < batch; ++i) {
      double logits[4], maxLogit = -1e300, sum = 0;
      for (int64_t c = 0; c < classes; ++c) {
        logits[c] = bias.data[c];
        for (int64_t f = 0; f < features; ++f)
          logits[c] += weight.data[c * features + f] * x.data[i * features + f];
        maxLogit = std::max(maxLogit, logits[c]);
      }
      int64_t best = 0;
      for (int64_t c = 0; c < classes; ++c) {
        sum += std::exp(logits[c] - maxLogit);
        if (logits[c] > logits[best])
          best = c;
      }
      correct += best == y.data[i];
      lossSum += std::log(sum) + maxLogit - logits[y.data[i]];
      for (int64_t c = 0; c < classes; ++c) {
        double p = std::exp(logits[c] - maxLogit) / sum - (c == y.data[i]);
        gradB[c] += p / batch;
        for (int64_t f = 0; f < features; ++f)
          gradW[c * features + f] += p * x.data[i * features + f] / batch;
      }
    }
    if (step) {
      double lr = mdlrt_train_lr();
      for (int64_t k = 0; k < classes * features; ++k)
        weight.data[k] -= static_cast<float>(lr * gradW[k]);
      for (int64_t c = 0; c < classes; ++c)
        bias.data[c] -= static_cast<float>(lr * gradB[c]);
    }
    return lossSum;
  };

  for (int64_t e = 0, epochs = mdlrt_train_epochs(); e < epochs; ++e) {
    for (int64_t s = 0, steps = mdlrt_train_epoch_steps(e); s < steps; ++s) {
      _mlir_ciface_mdlrt_next_batch_f32_i32(x.get(), y.get());
      int64_t correct;
      mdlrt_log_step(static_cast<float>(forward(true, correct) / batch));
    }
    mdlrt_epoch_end(e);
    for (int64_t b = 0, batches = mdlrt_eval_batches(batch); b < batches; ++b) {
      _mlir_ciface_mdlrt_eval_next_batch_f32_i32(x.get(), y.get());
      int64_t correct;
      double lossSum = forward(false, correct);
      mdlrt_eval_record(correct, batch, lossSum);
    }
    mdlrt_eval_end(e);
  }
  _mlir_ciface_mdlrt_param_final_f32(weightName.get(), weight.get());
  _mlir_ciface_mdlrt_param_final_f32(biasName.get(), bias.get());
  mdlrt_train_end();
  EXPECT_EQ(runExitStatus(), 0);

  std::vector<std::string> progress = splitLines(stderrText());
  ASSERT_EQ(progress.size(), 10u) << stderrText();
  EXPECT_EQ(progress[1].rfind("eval epoch 1: accuracy ", 0), 0u);
  EXPECT_EQ(progress[9].rfind("eval epoch 5: accuracy 1.0000, loss ", 0), 0u)
      << progress[9];

  int evalRecords = 0;
  for (const std::string &line : splitLines(readWholeFile(options.logPath))) {
    JsonValue record;
    std::string error;
    ASSERT_TRUE(parseJson(line, record, error)) << error;
    if (line.find("\"event\":\"eval\"") != std::string::npos)
      ++evalRecords;
  }
  EXPECT_EQ(evalRecords, 5);
}

} // namespace
