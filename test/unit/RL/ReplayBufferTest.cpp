//===- ReplayBufferTest.cpp - The replay ring and its sampling --*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The ring keeps the last `capacity` transitions in their slots; sampling
// is uniform with replacement over what is held, reproducible from (seed,
// draw) as ReplayBuffer.h spells it out, and copies whole transitions; a
// capacity that cannot be allocated is a user error.
//
//===----------------------------------------------------------------------===//

#include "rl/ReplayBuffer.h"

#include "core/Random.h"

#include "../Env/EnvTestSupport.h"

#include <cstdint>
#include <vector>

using namespace mdlrt;
using namespace mdlrt::test;

namespace {

using ReplayBufferTest = EnvFixture;

/// Adds transition number `n`: s = (n, -n), a = n % 3, r = 0.5 n,
/// s2 = (n + 1, -n - 1), done when n % 4 == 3.
void addNumbered(ReplayBuffer &buffer, int n) {
  float s[2] = {static_cast<float>(n), static_cast<float>(-n)};
  float s2[2] = {static_cast<float>(n + 1), static_cast<float>(-n - 1)};
  buffer.add(s, n % 3, 0.5f * n, s2, n % 4 == 3);
}

TEST_F(ReplayBufferTest, FillsThenWrapsOverTheOldest) {
  ReplayBuffer buffer(4, 2);
  EXPECT_EQ(buffer.capacity(), 4);
  EXPECT_EQ(buffer.size(), 0);
  for (int n = 0; n < 3; ++n)
    addNumbered(buffer, n);
  EXPECT_EQ(buffer.size(), 3);
  EXPECT_EQ(buffer.added(), 3);
  for (int n = 3; n < 10; ++n)
    addNumbered(buffer, n);
  EXPECT_EQ(buffer.size(), 4);
  EXPECT_EQ(buffer.added(), 10);
  // Slot i holds the latest transition n with n % 4 == i: 8, 9, 6, 7.
  const int expected[4] = {8, 9, 6, 7};
  for (int slot = 0; slot < 4; ++slot) {
    int n = expected[slot];
    EXPECT_EQ(buffer.state(slot)[0], static_cast<float>(n));
    EXPECT_EQ(buffer.state(slot)[1], static_cast<float>(-n));
    EXPECT_EQ(buffer.nextState(slot)[0], static_cast<float>(n + 1));
    EXPECT_EQ(buffer.action(slot), n % 3);
    EXPECT_EQ(buffer.reward(slot), 0.5f * n);
    EXPECT_EQ(buffer.done(slot), n % 4 == 3 ? 1.0f : 0.0f);
  }
}

TEST_F(ReplayBufferTest, SampleFollowsTheDocumentedStream) {
  ReplayBuffer buffer(8, 2);
  for (int n = 0; n < 5; ++n)
    addNumbered(buffer, n);
  const int64_t batch = 6;
  std::vector<float> s(batch * 2), s2(batch * 2), r(batch), done(batch);
  std::vector<int32_t> a(batch);
  buffer.sample(42, 3, batch, s.data(), a.data(), r.data(), s2.data(),
                done.data());
  PhiloxStream stream(42, StreamDomain::ReplaySample, 3);
  for (int64_t i = 0; i < batch; ++i) {
    int n =
        static_cast<int>((static_cast<uint64_t>(stream.nextU32()) * 5) >> 32);
    // Each row is one whole transition.
    EXPECT_EQ(s[i * 2], static_cast<float>(n)) << i;
    EXPECT_EQ(s[i * 2 + 1], static_cast<float>(-n));
    EXPECT_EQ(s2[i * 2], static_cast<float>(n + 1));
    EXPECT_EQ(s2[i * 2 + 1], static_cast<float>(-n - 1));
    EXPECT_EQ(a[i], n % 3);
    EXPECT_EQ(r[i], 0.5f * n);
    EXPECT_EQ(done[i], n % 4 == 3 ? 1.0f : 0.0f);
  }
}

TEST_F(ReplayBufferTest, SamplingIsDeterministicPerSeedAndDraw) {
  ReplayBuffer buffer(100, 2);
  for (int n = 0; n < 100; ++n)
    addNumbered(buffer, n);
  auto draw = [&](uint64_t seed, uint32_t index) {
    std::vector<float> s(64 * 2), s2(64 * 2), r(64), done(64);
    std::vector<int32_t> a(64);
    buffer.sample(seed, index, 64, s.data(), a.data(), r.data(), s2.data(),
                  done.data());
    return s;
  };
  EXPECT_EQ(draw(1, 0), draw(1, 0));
  EXPECT_NE(draw(1, 0), draw(1, 1));
  EXPECT_NE(draw(1, 0), draw(2, 0));
}

TEST_F(ReplayBufferTest, SamplingIsUniformWithReplacement) {
  const int held = 10;
  ReplayBuffer buffer(16, 2);
  for (int n = 0; n < held; ++n)
    addNumbered(buffer, n);
  std::vector<int> counts(held, 0);
  const int64_t batch = 50, draws = 400;
  bool repeatedWithinABatch = false;
  std::vector<float> s(batch * 2), s2(batch * 2), r(batch), done(batch);
  std::vector<int32_t> a(batch);
  for (uint32_t d = 0; d < draws; ++d) {
    buffer.sample(7, d, batch, s.data(), a.data(), r.data(), s2.data(),
                  done.data());
    std::vector<int> seen(held, 0);
    for (int64_t i = 0; i < batch; ++i) {
      int n = static_cast<int>(s[i * 2]);
      ASSERT_GE(n, 0);
      ASSERT_LT(n, held); // never an unfilled slot
      ++counts[n];
      repeatedWithinABatch |= ++seen[n] > 1;
    }
  }
  EXPECT_TRUE(repeatedWithinABatch);
  // 20,000 draws over 10 slots: 2,000 each, standard deviation ~42.
  for (int n = 0; n < held; ++n) {
    EXPECT_GT(counts[n], 1800) << n;
    EXPECT_LT(counts[n], 2200) << n;
  }
}

TEST_F(ReplayBufferTest, CapacityBeyondMemoryIsAUserError) {
  FatalError error = userError([] { ReplayBuffer buffer(INT64_MAX / 8, 4); });
  EXPECT_EQ(std::string(error.what()),
            "the replay buffer of 1152921504606846975 transitions does not "
            "fit in memory");
  // Too large for the machine, though its byte count fits in 64 bits.
  FatalError huge = userError([] { ReplayBuffer buffer(int64_t(1) << 50, 4); });
  EXPECT_NE(std::string(huge.what()).find("does not fit in memory"),
            std::string::npos);
}

TEST_F(ReplayBufferTest, RestoredRingEqualsTheOriginal) {
  // Wrapped (13 added to 5 slots) and not yet full (3 added).
  for (int added : {13, 3}) {
    ReplayBuffer original(5, 2);
    for (int n = 0; n < added; ++n)
      addNumbered(original, n);
    ReplayBuffer::Contents contents = original.contents();
    int held = added < 5 ? added : 5;
    ASSERT_EQ(contents.states.size(), static_cast<size_t>(held * 2));
    ReplayBuffer copy(5, 2);
    std::string error;
    ASSERT_TRUE(copy.restore(added, contents, error)) << error;
    EXPECT_EQ(copy.added(), added);
    EXPECT_EQ(copy.size(), held);
    // The same batches, and the same slot replaced next.
    for (ReplayBuffer *buffer : {&original, &copy})
      addNumbered(*buffer, 100);
    std::vector<float> s1(16), s2(16), r1(8), r2(8), n1(16), n2(16), d1(8),
        d2(8);
    std::vector<int32_t> a1(8), a2(8);
    original.sample(7, 3, 8, s1.data(), a1.data(), r1.data(), n1.data(),
                    d1.data());
    copy.sample(7, 3, 8, s2.data(), a2.data(), r2.data(), n2.data(), d2.data());
    EXPECT_EQ(s1, s2);
    EXPECT_EQ(a1, a2);
    EXPECT_EQ(r1, r2);
    EXPECT_EQ(n1, n2);
    EXPECT_EQ(d1, d2);
    EXPECT_EQ(copy.contents().states, original.contents().states);
  }
}

TEST_F(ReplayBufferTest, RestoreRefusesContentsThatDoNotFit) {
  ReplayBuffer original(5, 2);
  for (int n = 0; n < 7; ++n)
    addNumbered(original, n);
  ReplayBuffer::Contents contents = original.contents();
  ReplayBuffer copy(5, 2);
  std::string error;
  // 3 transitions held after 3 added, not 5.
  EXPECT_FALSE(copy.restore(3, contents, error));
  EXPECT_EQ(error, "the replay buffer does not hold 3 transitions of 2 "
                   "observations");
  EXPECT_FALSE(copy.restore(-1, contents, error));
  ReplayBuffer::Contents badFlag = contents;
  badFlag.dones[2] = 0.5f;
  EXPECT_FALSE(copy.restore(7, badFlag, error));
  EXPECT_EQ(error, "a replay done flag is neither 0 nor 1");
  ReplayBuffer wider(5, 3);
  EXPECT_FALSE(wider.restore(7, contents, error));
  EXPECT_EQ(copy.added(), 0); // untouched by the refusals
}

} // namespace
