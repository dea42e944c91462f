//===- CompareTest.cpp - check-grads comparison and report ------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The comparison half of `mdlc --check-grads` on functions with known
// gradients: right ones pass, wrong ones fail, a ReLU kink inside the
// first step is recovered by the smaller step, and the table says which.
//
//===----------------------------------------------------------------------===//

#include "compiler/CheckGrads/Compare.h"
#include "gtest/gtest.h"

#include <cmath>
#include <string>
#include <vector>

using namespace mdlc::checkgrads;

namespace {

/// f(x) = Σ c_i sin(x_i), smooth, with gradient c_i cos(x_i).
struct SineSum {
  std::vector<double> x = {0.3, -1.2, 2.0, 0.05, -0.7};
  std::vector<double> c = {1.5, -0.25, 0.8, 2.0, -1.0};
  double value() const {
    double sum = 0;
    for (size_t i = 0; i < x.size(); ++i)
      sum += c[i] * std::sin(x[i]);
    return sum;
  }
  std::vector<double> gradient() const {
    std::vector<double> g;
    for (size_t i = 0; i < x.size(); ++i)
      g.push_back(c[i] * std::cos(x[i]));
    return g;
  }
};

const std::vector<int64_t> kAll = {0, 1, 2, 3, 4};

TEST(CheckGradsCompare, RelativeError) {
  EXPECT_DOUBLE_EQ(relativeError(2.0, 1.0, 1e-3), 0.5);
  EXPECT_DOUBLE_EQ(relativeError(1.0, 2.0, 1e-3), 0.5);
  // Below the floor, the error is absolute error / floor.
  EXPECT_DOUBLE_EQ(relativeError(1e-6, 2e-6, 1e-3), 1e-3);
  EXPECT_EQ(relativeError(0.0, 0.0, 1e-3), 0.0);
  EXPECT_TRUE(std::isinf(relativeError(NAN, 1.0, 1e-3)));
  EXPECT_TRUE(std::isinf(relativeError(1.0, INFINITY, 1e-3)));
}

TEST(CheckGradsCompare, RightGradientPasses) {
  SineSum f;
  std::vector<double> g = f.gradient();
  std::vector<double> before = f.x;
  CompareOptions options;
  ParamStats stats;
  checkElements([&] { return f.value(); }, f.x, g, kAll, f.value(), 0,
                options, stats);
  EXPECT_EQ(stats.checked, 5);
  EXPECT_EQ(stats.retried, 0);
  EXPECT_LT(stats.worst, 1e-8);
  EXPECT_TRUE(stats.passes(options));
  EXPECT_EQ(f.x, before) << "every perturbed element is restored";
}

TEST(CheckGradsCompare, WrongGradientFails) {
  SineSum f;
  std::vector<double> g = f.gradient();
  g[2] *= 1.0001; // off by 1e-4 relative in one element
  CompareOptions options;
  ParamStats stats;
  checkElements([&] { return f.value(); }, f.x, g, kAll, f.value(), 7,
                options, stats);
  EXPECT_FALSE(stats.passes(options));
  EXPECT_EQ(stats.worstIndex, 2);
  EXPECT_EQ(stats.worstSeed, 7u);
  EXPECT_NEAR(stats.worst, 1e-4, 1e-6);
  EXPECT_EQ(stats.retried, 0) << "a wrong gradient fails both steps";
}

TEST(CheckGradsCompare, SignErrorFails) {
  SineSum f;
  std::vector<double> g = f.gradient();
  g[0] = -g[0];
  CompareOptions options;
  ParamStats stats;
  checkElements([&] { return f.value(); }, f.x, g, {0}, f.value(), 0,
                options, stats);
  EXPECT_NEAR(stats.worst, 2.0, 1e-6);
  EXPECT_FALSE(stats.passes(options));
}

TEST(CheckGradsCompare, KinkWithinTheStepIsRetried) {
  // relu(x) with x = 5e-7: the step 1e-6 crosses the kink at 0, the step
  // 2e-7 does not; the analytic derivative there is 1.
  std::vector<double> x = {5e-7};
  auto relu = [&] { return 3.0 * std::max(0.0, x[0]) + 1.0; };
  std::vector<double> g = {3.0};
  CompareOptions options;
  ParamStats stats;
  checkElements(relu, x, g, {0}, relu(), 0, options, stats);
  EXPECT_EQ(stats.retried, 1);
  EXPECT_TRUE(stats.passes(options));

  // A wrong derivative at the same point still fails.
  std::vector<double> wrong = {2.0};
  ParamStats bad;
  checkElements(relu, x, wrong, {0}, relu(), 0, options, bad);
  EXPECT_EQ(bad.retried, 0);
  EXPECT_FALSE(bad.passes(options));
}

TEST(CheckGradsCompare, TablePrintsEveryParameter) {
  CompareOptions options;
  ParamStats good, bad, none;
  good.name = "fc1.weight";
  good.shape = {128, 784};
  good.add(1.0, 1.0 + 1e-9, 1e-3, 5, 0);
  bad.name = "fc1.bias";
  bad.shape = {128};
  bad.add(0.5, 0.25, 1e-3, 3, 2);
  none.name = "empty";
  std::string text;
  llvm::raw_string_ostream os(text);
  EXPECT_FALSE(printTable({good, bad, none}, options, os));
  EXPECT_NE(text.find("fc1.weight  [128, 784]"), std::string::npos) << text;
  EXPECT_NE(text.find("1.00e-09  PASS"), std::string::npos) << text;
  EXPECT_NE(text.find("5.00e-01  FAIL"), std::string::npos) << text;
  // A parameter with no element checked never passes.
  EXPECT_NE(text.find("empty"), std::string::npos);
  EXPECT_FALSE(none.passes(options));
  EXPECT_NE(text.find("fc1.bias: worst at element 3 (seed 2): analytic 0.5, "
                      "numeric 0.25"),
            std::string::npos)
      << text;

  std::string passing;
  llvm::raw_string_ostream os2(passing);
  EXPECT_TRUE(printTable({good}, options, os2));
}

} // namespace
