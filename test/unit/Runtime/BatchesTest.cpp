//===- BatchesTest.cpp - Tests of batching the training set -----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// BatchCursor's order and wrap-around (unshuffled; ShuffleTest.cpp has the
// shuffled order), and _mlir_ciface_mdlrt_next_batch_f32 copying the right
// samples into descriptors whose shapes it checks.
//
//===----------------------------------------------------------------------===//

#include "data/Dataset.h"
#include "data/SyntheticLinear.h"

#include "TestSupport.h"

using namespace mdlrt;
using namespace mdlrt::test;

namespace {

std::vector<int64_t> firstSamples(int64_t samples, int64_t batch, int calls) {
  BatchCursor cursor(samples, batch);
  std::vector<int64_t> firsts;
  for (int i = 0; i < calls; ++i)
    firsts.push_back(cursor.next()[0]);
  return firsts;
}

TEST(BatchCursorTest, HandsOutConsecutiveIndices) {
  BatchCursor cursor(7, 3);
  EXPECT_EQ(cursor.next(), (std::vector<int64_t>{0, 1, 2}));
  EXPECT_EQ(cursor.next(), (std::vector<int64_t>{3, 4, 5}));
  EXPECT_EQ(cursor.epoch(), 0);
  EXPECT_EQ(cursor.next(), (std::vector<int64_t>{0, 1, 2}));
  EXPECT_EQ(cursor.epoch(), 1);
  EXPECT_EQ(cursor.position(), 3);
}

TEST(BatchCursorTest, WrapsAfterTheLastFullBatch) {
  EXPECT_EQ(firstSamples(10, 3, 7),
            (std::vector<int64_t>{0, 3, 6, 0, 3, 6, 0}));
  EXPECT_EQ(firstSamples(9, 3, 4), (std::vector<int64_t>{0, 3, 6, 0}));
  EXPECT_EQ(firstSamples(3, 3, 3), (std::vector<int64_t>{0, 0, 0}));
  EXPECT_EQ(firstSamples(5, 1, 6), (std::vector<int64_t>{0, 1, 2, 3, 4, 0}));
}

class NextBatchTest : public RunFixture {
protected:
  const SyntheticLinear &begin(int64_t samples, int64_t features,
                               int64_t batch) {
    mdlrt_dataset_synthetic_linear(samples, features, 0.1, 4);
    mdlrt_train_begin(batch, 1, 0.01, 0);
    return static_cast<const SyntheticLinear &>(*runState().dataset);
  }
};

TEST_F(NextBatchTest, CopiesSamplesInOrderAndWraps) {
  const SyntheticLinear &data = begin(10, 2, 4); // two full batches
  Memref<2> x({4, 2}), y({4, 1});
  for (int64_t first : {0, 4, 0, 4}) {
    _mlir_ciface_mdlrt_next_batch_f32(x.get(), y.get());
    EXPECT_EQ(x.data, std::vector<float>(data.inputs().begin() + first * 2,
                                         data.inputs().begin() + first * 2 + 8))
        << "batch starting at " << first;
    EXPECT_EQ(y.data, std::vector<float>(data.targets().begin() + first,
                                         data.targets().begin() + first + 4));
  }
}

TEST_F(NextBatchTest, WrongShapesAreInternalErrors) {
  begin(16, 3, 4);
  Memref<2> x({4, 3}), y({4, 1});
  Memref<2> wrongBatch({2, 3}), wrongFeatures({4, 2}), wrongTarget({4, 2});
  Memref<1> flat({12});
  for (auto *bad : {wrongBatch.get(), wrongFeatures.get(), flat.get()}) {
    FatalError error =
        catchFatal([&] { _mlir_ciface_mdlrt_next_batch_f32(bad, y.get()); });
    EXPECT_EQ(error.kind(), FatalError::Kind::Internal);
    EXPECT_EQ(std::string(error.what())
                  .rfind("next_batch input: expected "
                         "shape [4, 3], but got",
                         0),
              0u)
        << error.what();
  }
  FatalError error = catchFatal(
      [&] { _mlir_ciface_mdlrt_next_batch_f32(x.get(), wrongTarget.get()); });
  EXPECT_EQ(std::string(error.what()),
            "next_batch target: expected shape [4, 1], but got [4, 2]");
}

TEST_F(NextBatchTest, BeforeBeginIsAnInternalError) {
  Memref<2> x({4, 3}), y({4, 1});
  EXPECT_EQ(catchFatal([&] {
              _mlir_ciface_mdlrt_next_batch_f32(x.get(), y.get());
            }).kind(),
            FatalError::Kind::Internal);
}

} // namespace
