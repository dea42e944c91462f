//===- RandomTest.cpp - Tests of the Philox4x32-10 generator ----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Known-answer vectors of Random123's kat_vectors for philox4x32_10, the
// stream layout documented in core/Random.h, and the statistics of the
// uniform and normal helpers over many draws.
//
//===----------------------------------------------------------------------===//

#include "core/Random.h"

#include "gtest/gtest.h"

#include <cmath>
#include <vector>

using namespace mdlrt;

namespace {

//===----------------------------------------------------------------------===//
// Known answers
//===----------------------------------------------------------------------===//

TEST(PhiloxTest, KnownAnswerZero) {
  PhiloxCounter out = philox4x32_10({0, 0, 0, 0}, {0, 0});
  EXPECT_EQ(out,
            (PhiloxCounter{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}));
}

TEST(PhiloxTest, KnownAnswerAllOnes) {
  PhiloxCounter out =
      philox4x32_10({0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
                    {0xffffffff, 0xffffffff});
  EXPECT_EQ(out,
            (PhiloxCounter{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}));
}

TEST(PhiloxTest, KnownAnswerPi) {
  PhiloxCounter out =
      philox4x32_10({0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
                    {0xa4093822, 0x299f31d0});
  EXPECT_EQ(out,
            (PhiloxCounter{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}));
}

//===----------------------------------------------------------------------===//
// Streams
//===----------------------------------------------------------------------===//

TEST(PhiloxStreamTest, WordsFollowTheDocumentedCounterLayout) {
  uint64_t seed = 0x0123456789abcdefull;
  PhiloxStream stream(seed, StreamDomain::ParamInit, 7);
  PhiloxKey key = {0x89abcdef, 0x01234567};
  PhiloxCounter block0 = philox4x32_10({0, 0, 7, 1}, key);
  PhiloxCounter block1 = philox4x32_10({1, 0, 7, 1}, key);
  for (uint32_t word : block0)
    EXPECT_EQ(stream.nextU32(), word);
  for (uint32_t word : block1)
    EXPECT_EQ(stream.nextU32(), word);
}

TEST(PhiloxStreamTest, SameStreamSameNumbers) {
  PhiloxStream a(42, StreamDomain::SyntheticInputs, 3);
  PhiloxStream b(42, StreamDomain::SyntheticInputs, 3);
  for (int i = 0; i < 1000; ++i) {
    ASSERT_EQ(a.nextU32(), b.nextU32());
    ASSERT_EQ(a.nextNormal(), b.nextNormal());
    ASSERT_EQ(a.nextUniform(), b.nextUniform());
  }
}

TEST(PhiloxStreamTest, SeedDomainAndIndexSelectDifferentStreams) {
  auto first = [](uint64_t seed, StreamDomain domain, uint32_t index) {
    PhiloxStream stream(seed, domain, index);
    std::vector<uint32_t> words;
    for (int i = 0; i < 8; ++i)
      words.push_back(stream.nextU32());
    return words;
  };
  auto base = first(1, StreamDomain::ParamInit, 0);
  EXPECT_NE(base, first(2, StreamDomain::ParamInit, 0));
  EXPECT_NE(base, first(1ull << 32 | 1, StreamDomain::ParamInit, 0));
  EXPECT_NE(base, first(1, StreamDomain::SyntheticWeights, 0));
  EXPECT_NE(base, first(1, StreamDomain::ParamInit, 1));
}

//===----------------------------------------------------------------------===//
// Uniform
//===----------------------------------------------------------------------===//

TEST(UniformTest, WordMapsIntoHalfOpenUnitInterval) {
  EXPECT_EQ(uniformFromWord(0), 0.0f);
  EXPECT_LT(uniformFromWord(0xffffffffu), 1.0f);
  EXPECT_EQ(uniformFromWord(0xffffffffu), 1.0f - 0x1.0p-24f);
  EXPECT_EQ(uniformFromWord(0x80000000u), 0.5f);
}

TEST(UniformTest, MeanAndVarianceOfManyDraws) {
  PhiloxStream stream(123, StreamDomain::ParamInit, 0);
  const int n = 1000000;
  double sum = 0, sumSquares = 0;
  for (int i = 0; i < n; ++i) {
    float u = stream.nextUniform();
    ASSERT_GE(u, 0.0f);
    ASSERT_LT(u, 1.0f);
    sum += u;
    sumSquares += static_cast<double>(u) * u;
  }
  double mean = sum / n;
  double variance = sumSquares / n - mean * mean;
  // Standard error of the mean is 0.29 / 1000; allow about 7 of them.
  EXPECT_NEAR(mean, 0.5, 0.002);
  EXPECT_NEAR(variance, 1.0 / 12.0, 0.001);
}

TEST(UniformTest, RangeDrawsStayInRange) {
  PhiloxStream stream(5, StreamDomain::ParamInit, 0);
  const int n = 200000;
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    float u = stream.nextUniform(-0.125f, 0.375f);
    ASSERT_GE(u, -0.125f);
    ASSERT_LT(u, 0.375f);
    sum += u;
  }
  EXPECT_NEAR(sum / n, 0.125, 0.002);
}

TEST(UniformTest, IntervalOneUlpWideNeverReturnsTheUpperBound) {
  // [1, nextafter(1)) holds only 1.0f; rounding must not reach the bound.
  float hi = std::nextafter(1.0f, 2.0f);
  PhiloxStream stream(9, StreamDomain::ParamInit, 0);
  for (int i = 0; i < 10000; ++i)
    ASSERT_EQ(stream.nextUniform(1.0f, hi), 1.0f);
}

//===----------------------------------------------------------------------===//
// Normal
//===----------------------------------------------------------------------===//

TEST(NormalTest, FirstPairIsBoxMullerOfTheFirstTwoWords) {
  PhiloxStream words(77, StreamDomain::SyntheticNoise, 0);
  uint32_t w0 = words.nextU32(), w1 = words.nextU32();
  double u1 = (w0 + 1.0) * 0x1.0p-32, u2 = w1 * 0x1.0p-32;
  double r = std::sqrt(-2.0 * std::log(u1));

  PhiloxStream normals(77, StreamDomain::SyntheticNoise, 0);
  EXPECT_EQ(normals.nextNormal(), r * std::cos(2.0 * M_PI * u2));
  EXPECT_EQ(normals.nextNormal(), r * std::sin(2.0 * M_PI * u2));
}

TEST(NormalTest, MomentsOfManyDraws) {
  PhiloxStream stream(2024, StreamDomain::SyntheticInputs, 0);
  const int n = 1000000;
  double sum = 0, sum2 = 0, sum4 = 0;
  int withinOne = 0;
  for (int i = 0; i < n; ++i) {
    double z = stream.nextNormal();
    ASSERT_TRUE(std::isfinite(z));
    sum += z;
    sum2 += z * z;
    sum4 += z * z * z * z;
    withinOne += std::fabs(z) < 1.0;
  }
  double mean = sum / n;
  double variance = sum2 / n - mean * mean;
  EXPECT_NEAR(mean, 0.0, 0.005);
  EXPECT_NEAR(variance, 1.0, 0.01);
  EXPECT_NEAR(sum4 / n, 3.0, 0.05); // kurtosis of N(0, 1)
  EXPECT_NEAR(static_cast<double>(withinOne) / n, 0.682689, 0.003);
}

} // namespace
