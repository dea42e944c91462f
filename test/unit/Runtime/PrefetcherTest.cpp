//===- PrefetcherTest.cpp - Tests of the background batch gather -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// A Prefetcher hands out the batches, and reports the cursor positions, of
// a plain BatchCursor over several shuffled epochs, with and without a
// limit; a checkpoint taken while its worker has looked ahead (across an
// epoch boundary too) resumes with the batch the step would have taken; an
// error while gathering reaches the caller at the batch that needed it, as
// the same one-line error and exit status 1; destroying it at any moment
// returns at once; MDLRT_PREFETCH=0 gathers on the caller's thread.
//
//===----------------------------------------------------------------------===//

#include "data/Prefetcher.h"

#include "checkpoint/Checkpoint.h"
#include "core/Tensor.h"

#include "TestSupport.h"

#include <chrono>
#include <cstdlib>
#include <thread>

using namespace mdlrt;
using namespace mdlrt::test;

namespace {

using Clock = std::chrono::steady_clock;

constexpr int64_t kFeatures = 3;

/// `samples` samples whose values name them: x[i] = {10i, 10i+1, 10i+2},
/// label i.
std::unique_ptr<TensorDataset> labelledSet(int64_t samples) {
  std::vector<float> inputs;
  std::vector<int32_t> labels;
  for (int64_t i = 0; i < samples; ++i) {
    for (int64_t k = 0; k < kFeatures; ++k)
      inputs.push_back(static_cast<float>(10 * i + k));
    labels.push_back(static_cast<int32_t>(i));
  }
  return std::make_unique<TensorDataset>("test", samples,
                                         std::vector<int64_t>{kFeatures},
                                         std::move(inputs), std::move(labels));
}

/// The same with two f32 targets per sample.
std::unique_ptr<TensorDataset> regressionSet(int64_t samples) {
  std::vector<float> inputs, targets;
  for (int64_t i = 0; i < samples; ++i) {
    for (int64_t k = 0; k < kFeatures; ++k)
      inputs.push_back(static_cast<float>(10 * i + k));
    targets.push_back(static_cast<float>(-i));
    targets.push_back(static_cast<float>(i) + 0.5f);
  }
  return std::make_unique<TensorDataset>(
      "test", samples, std::vector<int64_t>{kFeatures}, std::move(inputs),
      std::vector<int64_t>{2}, std::move(targets));
}

/// One batch as the caller's buffers receive it.
struct Batch {
  std::vector<float> x;
  std::vector<int32_t> y; // the raw target bytes, four at a time
  int64_t epoch = 0;
  int64_t position = 0;
  bool operator==(const Batch &other) const {
    return x == other.x && y == other.y && epoch == other.epoch &&
           position == other.position;
  }
};

Batch emptyBatch(const Dataset &data, int64_t batch) {
  Batch b;
  b.x.resize(static_cast<size_t>(batch * numElements(data.sampleShape())));
  b.y.resize(static_cast<size_t>(batch * numElements(data.targetShape())));
  return b;
}

/// The first `count` batches the runtime handed out before prefetching:
/// the cursor's indices gathered on the caller's thread.
std::vector<Batch> synchronousBatches(const Dataset &data, BatchCursor cursor,
                                      int64_t batch, int count) {
  std::vector<Batch> batches;
  for (int i = 0; i < count; ++i) {
    Batch b = emptyBatch(data, batch);
    const std::vector<int64_t> &indices = cursor.next();
    data.copySamples(indices.data(), batch, b.x.data(), b.y.data());
    b.epoch = cursor.epoch();
    b.position = cursor.position();
    batches.push_back(std::move(b));
  }
  return batches;
}

Batch takeBatch(Prefetcher &prefetcher, const Dataset &data, int64_t batch) {
  Batch b = emptyBatch(data, batch);
  prefetcher.next(b.x.data(), b.y.data());
  b.epoch = prefetcher.epoch();
  b.position = prefetcher.position();
  return b;
}

std::vector<Batch> prefetchedBatches(const Dataset &data, BatchCursor cursor,
                                     int64_t batch, int count, int64_t limit,
                                     bool background) {
  Prefetcher prefetcher(data, std::move(cursor), batch, limit, background);
  EXPECT_EQ(prefetcher.background(), background && limit != 0);
  std::vector<Batch> batches;
  for (int i = 0; i < count; ++i)
    batches.push_back(takeBatch(prefetcher, data, batch));
  EXPECT_EQ(prefetcher.taken(), count);
  return batches;
}

//===----------------------------------------------------------------------===//
// The same batches as without prefetch
//===----------------------------------------------------------------------===//

TEST(PrefetcherTest, ShuffledEpochsMatchTheSynchronousCursor) {
  // 23 samples in batches of 4: 5 per epoch, 3 samples dropped; 32 batches
  // cross six reshuffles.
  std::unique_ptr<TensorDataset> data = labelledSet(23);
  BatchCursor cursor(23, 4, /*shuffle=*/true, /*seed=*/9);
  std::vector<Batch> expected = synchronousBatches(*data, cursor, 4, 32);
  EXPECT_EQ(expected.back().epoch, 6);
  for (bool background : {true, false})
    EXPECT_EQ(prefetchedBatches(*data, cursor, 4, 32, /*limit=*/-1,
                                background),
              expected)
        << (background ? "background" : "on the caller's thread");
}

TEST(PrefetcherTest, FloatTargetsAndAResumedCursorMatch) {
  std::unique_ptr<TensorDataset> data = regressionSet(17);
  BatchCursor cursor(17, 5, /*shuffle=*/true, /*seed=*/3);
  cursor.seek(7); // a resumed run: epoch 2, second batch
  std::vector<Batch> expected = synchronousBatches(*data, cursor, 5, 12);
  EXPECT_EQ(prefetchedBatches(*data, cursor, 5, 12, -1, true), expected);
}

TEST(PrefetcherTest, PastTheLimitTheCallerGathersOn) {
  std::unique_ptr<TensorDataset> data = labelledSet(10);
  BatchCursor cursor(10, 3, true, 5);
  std::vector<Batch> expected = synchronousBatches(*data, cursor, 3, 9);
  for (int64_t limit : {0, 1, 4, 9})
    EXPECT_EQ(prefetchedBatches(*data, cursor, 3, 9, limit, true), expected)
        << "limit " << limit;
}

TEST(PrefetcherTest, PositionIsTheHandoffNotTheLookahead) {
  std::unique_ptr<TensorDataset> data = labelledSet(9);
  Prefetcher prefetcher(*data, BatchCursor(9, 3), 3, -1, true);
  EXPECT_EQ(prefetcher.taken(), 0);
  takeBatch(prefetcher, *data, 3);
  // Give the worker time to gather the next batch: what the caller sees
  // does not move.
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(prefetcher.taken(), 1);
  EXPECT_EQ(prefetcher.epoch(), 0);
  EXPECT_EQ(prefetcher.position(), 3);
}

//===----------------------------------------------------------------------===//
// Through the ABI: a checkpoint taken while the worker looks ahead
//===----------------------------------------------------------------------===//

class PrefetchRunTest : public RunFixture {
protected:
  static constexpr int64_t kSamples = 11, kBatch = 3, kEpochs = 4;

  void TearDown() override {
    unsetenv("MDLRT_PREFETCH");
    RunFixture::TearDown();
  }

  /// Begins a shuffled run of 4 epochs of 3 batches.
  void begin() {
    runState().dataset = labelledSet(kSamples);
    runState().shuffle = true;
    mdlrt_train_begin(kBatch, kEpochs, 0.1, /*default_seed=*/11);
  }

  /// The next training batch's labels (they name the samples).
  std::vector<int32_t> nextLabels() {
    Memref<2> x({kBatch, kFeatures});
    Memref<1, int32_t> y({kBatch});
    _mlir_ciface_mdlrt_next_batch_f32_i32(x.get(), y.get());
    return y.data;
  }

  /// Takes the batches of `steps` steps, as generated code would.
  std::vector<std::vector<int32_t>> run(int64_t steps) {
    std::vector<std::vector<int32_t>> labels;
    for (int64_t i = 0; i < steps; ++i) {
      labels.push_back(nextLabels());
      mdlrt_log_step(1.0f);
    }
    return labels;
  }
};

TEST_F(PrefetchRunTest, ResumeAfterACheckpointTakesTheNextBatch) {
  begin();
  std::vector<std::vector<int32_t>> whole = run(kEpochs * 3);
  ASSERT_TRUE(runState().batches);
  EXPECT_TRUE(runState().batches->background());

  // Stop after 3 steps (an epoch boundary: the worker has gathered the
  // first batch of the reshuffled epoch 1) and after 5 (mid-epoch).
  TempDir dir;
  for (int64_t stop : {3, 5}) {
    detail::resetForTesting();
    begin();
    std::vector<std::vector<int32_t>> first = run(stop);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    Checkpoint checkpoint = currentCheckpoint(runState());
    ASSERT_TRUE(checkpoint.position);
    EXPECT_EQ(checkpoint.position->step, stop);
    EXPECT_EQ(runState().batches->taken(), stop);
    checkpoint.params.push_back({"w", {1}, {0.5f}});
    std::string path = dir.file("stop.safetensors"), error;
    ASSERT_TRUE(writeCheckpoint(path, checkpoint, error)) << error;

    detail::resetForTesting();
    TrainOptions options;
    options.resumePath = path;
    configureRun(options);
    begin();
    std::vector<std::vector<int32_t>> rest = run(kEpochs * 3 - stop);
    first.insert(first.end(), rest.begin(), rest.end());
    EXPECT_EQ(first, whole) << "stopped after step " << stop;
  }
}

TEST_F(PrefetchRunTest, PrefetchZeroGathersOnTheMainThread) {
  unsetenv("MDLRT_PREFETCH");
  EXPECT_TRUE(prefetchEnabled());
  setenv("MDLRT_PREFETCH", "1", 1);
  EXPECT_TRUE(prefetchEnabled());
  setenv("MDLRT_PREFETCH", "0", 1);
  EXPECT_FALSE(prefetchEnabled());
  begin();
  std::vector<std::vector<int32_t>> labels = run(kEpochs * 3);
  EXPECT_FALSE(runState().batches->background());
  unsetenv("MDLRT_PREFETCH");
  detail::resetForTesting();
  begin();
  EXPECT_EQ(run(kEpochs * 3), labels);
  EXPECT_TRUE(runState().batches->background());
}

TEST_F(PrefetchRunTest, TrainEndAndEvalEndStopTheWorkers) {
  begin();
  run(2);
  runState().evalDataset = labelledSet(7);
  EXPECT_EQ(mdlrt_eval_batches(2), 3);
  ASSERT_TRUE(runState().evalBatches);
  EXPECT_TRUE(runState().evalBatches->background());
  Memref<2> x({2, kFeatures});
  Memref<1, int32_t> y({2});
  for (int32_t first : {0, 2, 4}) {
    _mlir_ciface_mdlrt_eval_next_batch_f32_i32(x.get(), y.get());
    EXPECT_EQ(y.data, (std::vector<int32_t>{first, first + 1}));
  }
  mdlrt_eval_record(1, 2, 0.5);
  mdlrt_eval_end(0);
  EXPECT_FALSE(runState().evalBatches);
  mdlrt_train_end();
  EXPECT_FALSE(runState().batches);
}

//===----------------------------------------------------------------------===//
// Errors and shutdown
//===----------------------------------------------------------------------===//

/// Fails, as a reader of a damaged file would, on gathering sample 5.
class FailingSet : public TensorDataset {
public:
  explicit FailingSet(bool asException)
      : TensorDataset("test", 12, {kFeatures},
                      std::vector<float>(12 * kFeatures, 1.0f),
                      std::vector<int32_t>(12, 0)),
        asException(asException) {}
  void copySamples(const int64_t *indices, int64_t count, float *x,
                   void *y) const override {
    for (int64_t i = 0; i < count; ++i)
      if (indices[i] == 5) {
        if (asException)
          throw std::runtime_error("no memory for sample 5");
        fatal("bad.idx: sample 5 is cut short");
      }
    TensorDataset::copySamples(indices, count, x, y);
  }

private:
  bool asException;
};

class PrefetcherErrorTest : public RunFixture {};

TEST_F(PrefetcherErrorTest, ReachesTheCallerAtTheBatchThatNeededIt) {
  FailingSet data(/*asException=*/false);
  Prefetcher prefetcher(data, BatchCursor(12, 2), 2, -1, true);
  takeBatch(prefetcher, data, 2); // samples 0, 1
  takeBatch(prefetcher, data, 2); // samples 2, 3
  // The worker has met the error gathering samples 4, 5 by now; it waits
  // for the batch that needs them.
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(prefetcher.taken(), 2);
  for (int attempt = 0; attempt < 2; ++attempt) {
    FatalError error = catchFatal([&] { takeBatch(prefetcher, data, 2); });
    EXPECT_EQ(error.kind(), FatalError::Kind::User);
    EXPECT_EQ(error.exitStatus(), 1);
    EXPECT_EQ(std::string(error.what()), "bad.idx: sample 5 is cut short");
  }
  EXPECT_EQ(prefetcher.taken(), 2);
}

TEST_F(PrefetcherErrorTest, OtherExceptionsBecomeOneLineErrors) {
  FailingSet data(/*asException=*/true);
  Prefetcher prefetcher(data, BatchCursor(12, 3), 3, -1, true);
  takeBatch(prefetcher, data, 3);
  FatalError error = catchFatal([&] { takeBatch(prefetcher, data, 3); });
  EXPECT_EQ(error.kind(), FatalError::Kind::User);
  EXPECT_EQ(std::string(error.what()),
            "cannot gather the next batch: no memory for sample 5");
}

TEST_F(PrefetcherErrorTest, ExitsWithStatus1AndOneLineFromTheMainThread) {
  EXPECT_EXIT(
      {
        detail::setErrorsThrow(false);
        detail::setOutputStreams(nullptr, nullptr);
        FailingSet data(/*asException=*/false);
        Prefetcher prefetcher(data, BatchCursor(12, 2), 2, -1, true);
        for (int i = 0; i < 6; ++i)
          takeBatch(prefetcher, data, 2);
      },
      ::testing::ExitedWithCode(1),
      "^mdlrt: error: bad.idx: sample 5 is cut short\n$");
}

/// Takes `delay` over each batch, like a slow disk.
class SlowSet : public TensorDataset {
public:
  explicit SlowSet(std::chrono::milliseconds delay)
      : TensorDataset("test", 8, {kFeatures},
                      std::vector<float>(8 * kFeatures, 2.0f),
                      std::vector<int32_t>(8, 1)),
        delay(delay) {}
  void copySamples(const int64_t *indices, int64_t count, float *x,
                   void *y) const override {
    std::this_thread::sleep_for(delay);
    TensorDataset::copySamples(indices, count, x, y);
  }

private:
  std::chrono::milliseconds delay;
};

TEST(PrefetcherShutdownTest, DestroyingItAtAnyMomentReturns) {
  SlowSet data(std::chrono::milliseconds(30));
  auto seconds = [](Clock::time_point since) {
    return std::chrono::duration<double>(Clock::now() - since).count();
  };
  // Before any batch was taken, while the first is being gathered.
  Clock::time_point start = Clock::now();
  { Prefetcher prefetcher(data, BatchCursor(8, 2), 2, -1, true); }
  EXPECT_LT(seconds(start), 2.0);
  // Mid-run, right after a handoff: the worker is gathering the next batch.
  start = Clock::now();
  {
    Prefetcher prefetcher(data, BatchCursor(8, 2), 2, -1, true);
    takeBatch(prefetcher, data, 2);
  }
  EXPECT_LT(seconds(start), 2.0);
  // With a gathered batch nobody takes: the worker sleeps until stopped.
  start = Clock::now();
  {
    Prefetcher prefetcher(data, BatchCursor(8, 2), 2, -1, true);
    takeBatch(prefetcher, data, 2);
    std::this_thread::sleep_for(std::chrono::milliseconds(80));
    EXPECT_EQ(prefetcher.taken(), 1);
  }
  EXPECT_LT(seconds(start), 2.0);
  // After the worker's limit: it has already ended.
  {
    Prefetcher prefetcher(data, BatchCursor(8, 2), 2, 1, true);
    takeBatch(prefetcher, data, 2);
    takeBatch(prefetcher, data, 2);
    EXPECT_EQ(prefetcher.taken(), 2);
  }
}

} // namespace
