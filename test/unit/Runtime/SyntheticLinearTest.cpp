//===- SyntheticLinearTest.cpp - Tests of synthetic_linear ------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The generated set is a function of its seed, follows the documented
// streams, has N(0, 1) inputs, and is a linear problem whose least-squares
// fit recovers the true weights and the bias 0.5. Bad arguments are user
// errors that exit 1.
//
//===----------------------------------------------------------------------===//

#include "data/SyntheticLinear.h"

#include "core/Random.h"

#include "TestSupport.h"

#include <cmath>

using namespace mdlrt;
using namespace mdlrt::test;

namespace {

/// Solves the normal equations of y ~ [x, 1] by Gaussian elimination with
/// partial pivoting; returns the weights followed by the intercept.
std::vector<double> leastSquares(const SyntheticLinear &data) {
  size_t f = static_cast<size_t>(data.sampleShape()[0]);
  size_t n = f + 1;
  std::vector<std::vector<double>> a(n, std::vector<double>(n + 1, 0.0));
  for (int64_t i = 0; i < data.numSamples(); ++i) {
    std::vector<double> row(n, 1.0);
    for (size_t j = 0; j < f; ++j)
      row[j] = data.inputs()[i * f + j];
    for (size_t r = 0; r < n; ++r) {
      for (size_t c = 0; c < n; ++c)
        a[r][c] += row[r] * row[c];
      a[r][n] += row[r] * data.targets()[i];
    }
  }
  for (size_t col = 0; col < n; ++col) {
    size_t pivot = col;
    for (size_t r = col + 1; r < n; ++r)
      if (std::fabs(a[r][col]) > std::fabs(a[pivot][col]))
        pivot = r;
    std::swap(a[col], a[pivot]);
    for (size_t r = 0; r < n; ++r) {
      if (r == col)
        continue;
      double factor = a[r][col] / a[col][col];
      for (size_t c = col; c <= n; ++c)
        a[r][c] -= factor * a[col][c];
    }
  }
  std::vector<double> solution(n);
  for (size_t r = 0; r < n; ++r)
    solution[r] = a[r][n] / a[r][r];
  return solution;
}

TEST(SyntheticLinearTest, SameSeedSameData) {
  SyntheticLinear a(500, 8, 0.01, 7), b(500, 8, 0.01, 7);
  EXPECT_EQ(a.trueWeights(), b.trueWeights());
  EXPECT_EQ(a.inputs(), b.inputs());
  EXPECT_EQ(a.targets(), b.targets());
}

TEST(SyntheticLinearTest, DifferentSeedDifferentData) {
  SyntheticLinear a(500, 8, 0.01, 7), b(500, 8, 0.01, 8);
  EXPECT_NE(a.trueWeights(), b.trueWeights());
  EXPECT_NE(a.inputs(), b.inputs());
  EXPECT_NE(a.targets(), b.targets());
}

TEST(SyntheticLinearTest, FollowsTheDocumentedStreams) {
  SyntheticLinear data(3, 2, 0.0, 99);
  PhiloxStream w(99, StreamDomain::SyntheticWeights, 0);
  PhiloxStream x(99, StreamDomain::SyntheticInputs, 0);
  for (float value : data.trueWeights())
    EXPECT_EQ(value, static_cast<float>(w.nextNormal()));
  for (float value : data.inputs())
    EXPECT_EQ(value, static_cast<float>(x.nextNormal()));
  // Without noise, y = x . w + 0.5 exactly (dot product in double).
  for (int i = 0; i < 3; ++i) {
    double dot = 0.5;
    for (int j = 0; j < 2; ++j)
      dot +=
          static_cast<double>(data.inputs()[i * 2 + j]) * data.trueWeights()[j];
    EXPECT_EQ(data.targets()[i], static_cast<float>(dot));
  }
}

TEST(SyntheticLinearTest, MoreSamplesExtendTheSameSet) {
  SyntheticLinear small(100, 4, 0.01, 3), large(300, 4, 0.01, 3);
  EXPECT_EQ(small.inputs(), std::vector<float>(large.inputs().begin(),
                                               large.inputs().begin() + 400));
  EXPECT_EQ(small.targets(), std::vector<float>(large.targets().begin(),
                                                large.targets().begin() + 100));
}

TEST(SyntheticLinearTest, InputsAreStandardNormal) {
  SyntheticLinear data(20000, 16, 0.0, 1);
  double sum = 0, sum2 = 0;
  for (float v : data.inputs()) {
    sum += v;
    sum2 += static_cast<double>(v) * v;
  }
  double n = static_cast<double>(data.inputs().size());
  EXPECT_NEAR(sum / n, 0.0, 0.005);
  EXPECT_NEAR(sum2 / n, 1.0, 0.01);
}

TEST(SyntheticLinearTest, LeastSquaresRecoversWeightsAndBias) {
  SyntheticLinear data(8192, 8, 0.01, 7);
  std::vector<double> fit = leastSquares(data);
  for (size_t j = 0; j < 8; ++j)
    EXPECT_NEAR(fit[j], data.trueWeights()[j], 1e-3) << "weight " << j;
  EXPECT_NEAR(fit[8], 0.5, 1e-3);

  // The residual variance is the noise variance, 1e-4.
  double sse = 0;
  for (int64_t i = 0; i < data.numSamples(); ++i) {
    double r = fit[8] - data.targets()[i];
    for (size_t j = 0; j < 8; ++j)
      r += fit[j] * data.inputs()[i * 8 + j];
    sse += r * r;
  }
  EXPECT_NEAR(sse / data.numSamples(), 1e-4, 1e-5);
}

TEST(SyntheticLinearTest, Validation) {
  EXPECT_EQ(SyntheticLinear::validate(10, 2, 0.0), "");
  EXPECT_EQ(SyntheticLinear::validate(0, 2, 0.0),
            "samples must be positive, but is 0");
  EXPECT_EQ(SyntheticLinear::validate(10, -1, 0.0),
            "features must be positive, but is -1");
  EXPECT_EQ(SyntheticLinear::validate(10, 2, -0.5),
            "noise must be finite and non-negative, but is -0.5");
  EXPECT_EQ(SyntheticLinear::validate(10, 2, NAN),
            "noise must be finite and non-negative, but is nan");
  EXPECT_EQ(SyntheticLinear::validate(10, 2, INFINITY),
            "noise must be finite and non-negative, but is inf");
  EXPECT_EQ(SyntheticLinear::validate(INT64_MAX, 2, 0.0),
            "9223372036854775807 samples of 2 features are too many to hold "
            "in memory");
}

class SyntheticLinearAbiTest : public RunFixture {};

TEST_F(SyntheticLinearAbiTest, BadArgumentsExit1) {
  FatalError error =
      catchFatal([] { mdlrt_dataset_synthetic_linear(100, 4, NAN, 1); });
  EXPECT_EQ(error.kind(), FatalError::Kind::User);
  EXPECT_EQ(error.exitStatus(), 1);
  EXPECT_EQ(std::string(error.what()),
            "synthetic_linear: noise must be finite and non-negative, but is "
            "nan");
  EXPECT_EQ(runState().dataset, nullptr);
}

TEST_F(SyntheticLinearAbiTest, DeclaresTheTrainingSet) {
  mdlrt_dataset_synthetic_linear(100, 4, 0.01, -1);
  ASSERT_NE(runState().dataset, nullptr);
  EXPECT_STREQ(runState().dataset->kind(), "synthetic_linear");
  EXPECT_EQ(runState().dataset->numSamples(), 100);
  EXPECT_EQ(runState().dataset->sampleShape(), (std::vector<int64_t>{4}));
  EXPECT_EQ(runState().dataset->targetShape(), (std::vector<int64_t>{1}));
  // A negative seed is its two's-complement bit pattern.
  SyntheticLinear same(100, 4, 0.01, UINT64_MAX);
  EXPECT_EQ(static_cast<const SyntheticLinear &>(*runState().dataset).inputs(),
            same.inputs());
}

} // namespace
