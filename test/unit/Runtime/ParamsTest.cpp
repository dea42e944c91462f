//===- ParamsTest.cpp - Tests of parameter init and final values -*- C++
//-*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The initialisers' ranges and values, that a parameter's initial value
// depends only on the run seed and its call number, and the registry of final
// values behind the summary and --save.
//
//===----------------------------------------------------------------------===//

#include "core/Params.h"
#include "core/Random.h"

#include "TestSupport.h"

#include <cmath>

using namespace mdlrt;
using namespace mdlrt::test;

namespace {

class ParamsTest : public RunFixture {
protected:
  void beginRun(uint64_t seed) {
    TrainOptions options;
    options.seed = seed;
    configureRun(options);
    mdlrt_dataset_synthetic_linear(64, 2, 0.0, 1);
    mdlrt_train_begin(64, 1, 0.01, 0);
  }

  std::vector<float> initialise(const std::string &name,
                                std::vector<int64_t> shape, int64_t kind,
                                int64_t fanIn) {
    StringMemref nameRef(name);
    Memref<2> param(shape);
    _mlir_ciface_mdlrt_param_init_f32(nameRef.get(), param.get(), kind, fanIn);
    return param.data;
  }
};

//===----------------------------------------------------------------------===//
// Initialisers
//===----------------------------------------------------------------------===//

TEST_F(ParamsTest, UniformFanInStaysWithinTheBound) {
  std::vector<float> values(10000);
  initParameter(values.data(), 10000, MDLRT_INIT_UNIFORM_FAN_IN, 16, 5, 0);
  double sum = 0;
  float lo = 1, hi = -1;
  for (float v : values) {
    ASSERT_GE(v, -0.25f);
    ASSERT_LT(v, 0.25f);
    sum += v;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  EXPECT_NEAR(sum / values.size(), 0.0, 0.005);
  EXPECT_LT(lo, -0.24f); // the whole interval is used
  EXPECT_GT(hi, 0.24f);
}

TEST_F(ParamsTest, UniformFanInIsTheParamInitStream) {
  std::vector<float> values(6);
  initParameter(values.data(), 6, MDLRT_INIT_UNIFORM_FAN_IN, 4, 42, 3);
  PhiloxStream stream(42, StreamDomain::ParamInit, 3);
  for (float v : values)
    EXPECT_EQ(v, stream.nextUniform(-0.5f, 0.5f));
}

TEST_F(ParamsTest, ZerosAndOnes) {
  std::vector<float> values(5, 7.0f);
  initParameter(values.data(), 5, MDLRT_INIT_ZEROS, 0, 1, 0);
  EXPECT_EQ(values, std::vector<float>(5, 0.0f));
  initParameter(values.data(), 5, MDLRT_INIT_ONES, 0, 1, 0);
  EXPECT_EQ(values, std::vector<float>(5, 1.0f));
}

TEST_F(ParamsTest, BadKindOrFanInIsAnInternalError) {
  float value;
  EXPECT_EQ(catchFatal([&] { initParameter(&value, 1, 7, 1, 0, 0); }).kind(),
            FatalError::Kind::Internal);
  EXPECT_EQ(catchFatal([&] {
              initParameter(&value, 1, MDLRT_INIT_UNIFORM_FAN_IN, 0, 0, 0);
            }).kind(),
            FatalError::Kind::Internal);
}

//===----------------------------------------------------------------------===//
// Through the ABI
//===----------------------------------------------------------------------===//

TEST_F(ParamsTest, ValuesDependOnlyOnSeedAndCallNumber) {
  beginRun(7);
  std::vector<float> w1 = initialise("a.weight", {4, 8}, 0, 8);
  std::vector<float> b1 = initialise("a.bias", {1, 4}, 0, 8);

  // Same seed, a first parameter of another size: the second is unchanged.
  detail::resetForTesting();
  beginRun(7);
  std::vector<float> w2 = initialise("a.weight", {2, 3}, 0, 8);
  std::vector<float> b2 = initialise("a.bias", {1, 4}, 0, 8);
  EXPECT_EQ(b1, b2);
  EXPECT_EQ(std::vector<float>(w1.begin(), w1.begin() + 6), w2);

  // Another seed: other values.
  detail::resetForTesting();
  beginRun(8);
  std::vector<float> w3 = initialise("a.weight", {4, 8}, 0, 8);
  EXPECT_NE(w1, w3);
}

TEST_F(ParamsTest, ZerosAndOnesStillUseUpACallNumber) {
  beginRun(7);
  initialise("a", {1, 2}, MDLRT_INIT_UNIFORM_FAN_IN, 2);
  initialise("b", {1, 2}, MDLRT_INIT_ZEROS, 0);
  std::vector<float> c = initialise("c", {1, 2}, MDLRT_INIT_UNIFORM_FAN_IN, 2);
  std::vector<float> expected(2);
  initParameter(expected.data(), 2, MDLRT_INIT_UNIFORM_FAN_IN, 2, 7, 2);
  EXPECT_EQ(c, expected);
}

TEST_F(ParamsTest, InitBeforeBeginOrTwiceIsAnInternalError) {
  EXPECT_EQ(catchFatal([&] {
              initialise("a", {1, 1}, 1, 0);
            }).kind(),
            FatalError::Kind::Internal);
  StringMemref name("a");
  Memref<2> param({1, 1});
  EXPECT_EQ(catchFatal([&] {
              _mlir_ciface_mdlrt_param_final_f32(name.get(), param.get());
            }).kind(),
            FatalError::Kind::Internal);
  beginRun(0);
  initialise("a", {1, 1}, 1, 0);
  FatalError error = catchFatal([&] { initialise("a", {1, 1}, 1, 0); });
  EXPECT_EQ(std::string(error.what()), "parameter 'a' initialised twice");
}

TEST_F(ParamsTest, NonContiguousParameterIsAnInternalError) {
  beginRun(0);
  StringMemref name("w");
  Memref<2> param({2, 3});
  param.stride(1) = 2;
  FatalError error = catchFatal([&] {
    _mlir_ciface_mdlrt_param_init_f32(name.get(), param.get(), 1, 0);
  });
  EXPECT_EQ(error.kind(), FatalError::Kind::Internal);
  EXPECT_NE(std::string(error.what())
                .find("parameter 'w': expected a "
                      "contiguous row-major memref"),
            std::string::npos)
      << error.what();
}

TEST_F(ParamsTest, FinalValuesAreCopiedAndReplaced) {
  beginRun(0);
  StringMemref name("w");
  Memref<2> param({2, 2});
  _mlir_ciface_mdlrt_param_init_f32(name.get(), param.get(), MDLRT_INIT_ONES,
                                    0);
  _mlir_ciface_mdlrt_param_final_f32(name.get(), param.get());
  param.values()[0] = 5.0f; // the runtime holds its own copy
  ASSERT_EQ(runState().params.finals().size(), 1u);
  const F32Tensor &stored = runState().params.finals()[0];
  EXPECT_EQ(stored.name, "w");
  EXPECT_EQ(stored.shape, (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(stored.data, std::vector<float>(4, 1.0f));

  _mlir_ciface_mdlrt_param_final_f32(name.get(), param.get());
  ASSERT_EQ(runState().params.finals().size(), 1u);
  EXPECT_EQ(runState().params.finals()[0].data[0], 5.0f);
}

TEST_F(ParamsTest, FinalShapeMustMatchTheInitialShape) {
  beginRun(0);
  StringMemref name("w");
  Memref<2> param({2, 2});
  Memref<2> other({4, 1});
  _mlir_ciface_mdlrt_param_init_f32(name.get(), param.get(), MDLRT_INIT_ONES,
                                    0);
  FatalError error = catchFatal(
      [&] { _mlir_ciface_mdlrt_param_final_f32(name.get(), other.get()); });
  EXPECT_EQ(std::string(error.what()),
            "parameter 'w' was initialised with shape [2, 2], but reported "
            "with shape [4, 1]");
}

} // namespace
