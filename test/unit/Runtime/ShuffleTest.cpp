//===- ShuffleTest.cpp - Tests of seeded per-epoch shuffling ----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// shuffledOrder is a permutation, a pure function of (samples, seed, epoch)
// that changes with each, and pinned to golden values so that a change of
// algorithm cannot pass unnoticed (runs are reproducible across versions);
// uniformBelow is exact and in range; BatchCursor walks each epoch's order
// in disjoint batches.
//
//===----------------------------------------------------------------------===//

#include "data/Dataset.h"

#include "core/Random.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <numeric>
#include <set>

using namespace mdlrt;

namespace {

bool isPermutation(std::vector<int64_t> order) {
  std::sort(order.begin(), order.end());
  for (size_t i = 0; i < order.size(); ++i)
    if (order[i] != static_cast<int64_t>(i))
      return false;
  return true;
}

TEST(ShuffleTest, IsAPermutation) {
  for (int64_t n : {1, 2, 3, 10, 1000, 60000})
    EXPECT_TRUE(isPermutation(shuffledOrder(n, 42, 0))) << n;
}

TEST(ShuffleTest, SameSeedAndEpochSameOrder) {
  EXPECT_EQ(shuffledOrder(1000, 7, 3), shuffledOrder(1000, 7, 3));
}

TEST(ShuffleTest, EpochAndSeedChangeTheOrder) {
  std::vector<int64_t> base = shuffledOrder(1000, 7, 0);
  EXPECT_NE(base, shuffledOrder(1000, 7, 1));
  EXPECT_NE(base, shuffledOrder(1000, 8, 0));
  std::vector<int64_t> identity(1000);
  std::iota(identity.begin(), identity.end(), 0);
  EXPECT_NE(base, identity);
  // Ten epochs, ten different orders.
  std::set<std::vector<int64_t>> orders;
  for (int64_t epoch = 0; epoch < 10; ++epoch)
    orders.insert(shuffledOrder(100, 1, epoch));
  EXPECT_EQ(orders.size(), 10u);
}

TEST(ShuffleTest, GoldenOrders) {
  // Pinned: changing these breaks the reproducibility of every shuffled
  // run. The values were cross-checked with an independent Python
  // implementation of the algorithm data/Dataset.h spells out.
  using Order = std::vector<int64_t>;
  EXPECT_EQ(shuffledOrder(10, 0, 0), (Order{4, 3, 5, 0, 6, 9, 2, 7, 8, 1}));
  EXPECT_EQ(shuffledOrder(10, 0, 1), (Order{3, 9, 8, 0, 7, 1, 6, 2, 4, 5}));
  EXPECT_EQ(shuffledOrder(10, 12345, 0), (Order{7, 2, 4, 0, 9, 3, 8, 1, 5, 6}));
}

TEST(ShuffleTest, FollowsTheDocumentedStream) {
  // The first swap of an n-sample shuffle uses the first word of stream
  // (seed, Shuffle, epoch): j = (w * n) >> 32 unless rejected.
  const int64_t n = 1000;
  PhiloxStream stream(99, StreamDomain::Shuffle, 4);
  uint32_t word = stream.nextU32();
  uint64_t product = static_cast<uint64_t>(word) * n;
  ASSERT_GE(static_cast<uint32_t>(product), uint32_t(-n) % n); // no redraw
  int64_t j = static_cast<int64_t>(product >> 32);
  std::vector<int64_t> order = shuffledOrder(n, 99, 4);
  // The first swap put sample j last, and later swaps never touch the last
  // position again.
  EXPECT_EQ(order[n - 1], j);
}

TEST(ShuffleTest, UniformBelowIsInRangeAndUnbiased) {
  PhiloxStream stream(5, StreamDomain::Shuffle, 0);
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(uniformBelow(stream, 1), 0u);
  // Chi-square over 6 buckets, 60000 draws: the 99.9% quantile for 5
  // degrees of freedom is 20.5.
  std::vector<int> counts(6, 0);
  for (int i = 0; i < 60000; ++i) {
    uint32_t value = uniformBelow(stream, 6);
    ASSERT_LT(value, 6u);
    ++counts[value];
  }
  double chi = 0;
  for (int count : counts)
    chi += (count - 10000.0) * (count - 10000.0) / 10000.0;
  EXPECT_LT(chi, 20.5);
  // A bound near 2^32 still lands in range.
  for (int i = 0; i < 1000; ++i)
    EXPECT_LT(uniformBelow(stream, 0xFFFFFFFFu), 0xFFFFFFFFu);
}

//===----------------------------------------------------------------------===//
// BatchCursor
//===----------------------------------------------------------------------===//

TEST(ShuffledBatchCursorTest, WalksEachEpochsOrderInDisjointBatches) {
  const int64_t samples = 10, batch = 3; // three full batches per epoch
  BatchCursor cursor(samples, batch, /*shuffle=*/true, /*seed=*/17);
  for (int64_t epoch = 0; epoch < 4; ++epoch) {
    std::vector<int64_t> order = shuffledOrder(samples, 17, epoch);
    std::set<int64_t> seen;
    for (int64_t b = 0; b < samples / batch; ++b) {
      EXPECT_EQ(cursor.epoch(), b == 0 && epoch > 0 ? epoch - 1 : epoch);
      std::vector<int64_t> indices = cursor.next();
      EXPECT_EQ(cursor.epoch(), epoch);
      ASSERT_EQ(indices.size(), 3u);
      EXPECT_EQ(indices, std::vector<int64_t>(order.begin() + b * batch,
                                              order.begin() + (b + 1) * batch))
          << "epoch " << epoch << " batch " << b;
      seen.insert(indices.begin(), indices.end());
    }
    EXPECT_EQ(seen.size(), 9u); // the last sample of the order is dropped
  }
}

TEST(ShuffledBatchCursorTest, SameSeedSameBatches) {
  BatchCursor a(50, 8, true, 3), b(50, 8, true, 3), c(50, 8, true, 4);
  bool differs = false;
  for (int i = 0; i < 20; ++i) {
    std::vector<int64_t> fromA = a.next();
    EXPECT_EQ(fromA, b.next());
    differs |= fromA != c.next();
  }
  EXPECT_TRUE(differs);
}

} // namespace
