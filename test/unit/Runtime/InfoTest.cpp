//===- InfoTest.cpp - Tests of the `info` table -----------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The thousands separators, the column alignment, the layer grouping, the
// buffer marks, the total line and the step cost lines of `PROG info`, and
// the ABI calls that fill it.
//
//===----------------------------------------------------------------------===//

#include "core/Info.h"

#include "TestSupport.h"

using namespace mdlrt;
using namespace mdlrt::test;

namespace {

TEST(InfoTest, CountsHaveThousandsSeparators) {
  EXPECT_EQ(formatCount(0), "0");
  EXPECT_EQ(formatCount(999), "999");
  EXPECT_EQ(formatCount(1000), "1,000");
  EXPECT_EQ(formatCount(200704), "200,704");
  EXPECT_EQ(formatCount(1234567), "1,234,567");
  EXPECT_EQ(formatCount(-1234), "-1,234");
}

TEST(InfoTest, TableGroupsByLayerAndAligns) {
  std::vector<InfoRow> rows = {
      {"fc1", "Linear", "fc1.weight", {256, 784}},
      {"fc1", "Linear", "fc1.bias", {256}},
      {"conv", "Conv2d", "conv.weight", {32, 1, 3, 3}},
  };
  EXPECT_EQ(formatInfoTable(rows),
            "layer  kind    parameter    shape            count\n"
            "fc1    Linear  fc1.weight   [256, 784]     200,704\n"
            "               fc1.bias     [256]              256\n"
            "conv   Conv2d  conv.weight  [32, 1, 3, 3]      288\n"
            "total: 3 parameter tensors, 201,248 parameters (786.1 KiB as "
            "f32)\n");
}

TEST(InfoTest, EmptyModelAndLargeTotals) {
  EXPECT_EQ(formatInfoTable({}),
            "layer  kind  parameter  shape  count\n"
            "total: 0 parameter tensors, 0 parameters (0.0 KiB as f32)\n");
  std::string big = formatInfoTable({{"fc", "Linear", "fc.weight", {1024, 1024}}});
  EXPECT_NE(big.find("1 parameter tensor, 1,048,576 parameters (4.0 MiB as "
                     "f32)"),
            std::string::npos)
      << big;
}

TEST(InfoTest, BuffersAreMarkedAndCountedApart) {
  // PyTorch's split: parameters() 2 tensors of 16 + 16, buffers() 3.
  std::vector<InfoRow> rows = {
      {"bn", "BatchNorm1d", "bn.weight", {16}},
      {"bn", "BatchNorm1d", "bn.bias", {16}},
      {"bn", "BatchNorm1d", "bn.running_mean", {16}, /*buffer=*/true},
      {"bn", "BatchNorm1d", "bn.running_var", {16}, /*buffer=*/true},
      {"bn", "BatchNorm1d", "bn.num_batches_tracked", {}, /*buffer=*/true},
  };
  EXPECT_EQ(formatInfoTable(rows),
            "layer  kind         parameter               shape  count\n"
            "bn     BatchNorm1d  bn.weight               [16]      16\n"
            "                    bn.bias                 [16]      16\n"
            "                    bn.running_mean         [16]      16  buffer\n"
            "                    bn.running_var          [16]      16  buffer\n"
            "                    bn.num_batches_tracked  []         1  buffer\n"
            "total: 2 parameter tensors and 3 buffers, 32 parameters and 33 "
            "buffer elements (0.3 KiB as f32)\n");
}

TEST(InfoTest, FlopsAndBytesHaveUnits) {
  EXPECT_EQ(formatFlops(0), "0 FLOP");
  EXPECT_EQ(formatFlops(999), "999 FLOP");
  EXPECT_EQ(formatFlops(1000), "1 kFLOP");
  EXPECT_EQ(formatFlops(4572), "4.57 kFLOP");
  EXPECT_EQ(formatFlops(131968000), "132 MFLOP");
  EXPECT_EQ(formatFlops(999600000), "1 GFLOP");
  EXPECT_EQ(formatFlops(1234567890), "1.23 GFLOP");
  EXPECT_EQ(formatBytes(0), "0 bytes");
  EXPECT_EQ(formatBytes(1023), "1023 bytes");
  EXPECT_EQ(formatBytes(1536), "1.5 KiB");
  EXPECT_EQ(formatBytes(12897484), "12.3 MiB");
  EXPECT_EQ(formatBytes(int64_t(3) << 30), "3.0 GiB");
}

TEST(InfoTest, StepCostLinesFollowTheTotal) {
  InfoStepCost cost{1234567890, 12897484, 64};
  std::string text =
      formatInfoTable({{"fc", "Linear", "fc.weight", {2, 3}}}, &cost);
  EXPECT_NE(text.find("total: 1 parameter tensor, 6 parameters (0.0 KiB as "
                      "f32)\n"
                      "FLOPs per step: 1.23 GFLOP (forward + backward + "
                      "optimizer, batch 64)\n"
                      "peak memory of one step: 12.3 MiB\n"),
            std::string::npos)
      << text;
}

class InfoCallsTest : public RunFixture {};

TEST_F(InfoCallsTest, CallsPrintTheTableOnStdout) {
  StringMemref name("out.weight"), layer("out"), kind("Linear");
  Memref<1, int64_t> shape({2});
  shape.values()[0] = 2;
  shape.values()[1] = 64;
  _mlir_ciface_mdlrt_info_param(name.get(), layer.get(), kind.get(),
                                shape.get(), /*trainable=*/1);
  mdlrt_info_end();
  std::string text = contentsOf(out);
  EXPECT_NE(text.find("out    Linear  out.weight  [2, 64]    128"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("total: 1 parameter tensor, 128 parameters"),
            std::string::npos)
      << text;
  // Without mdlrt_info_step_cost (a q_learning program) no cost lines.
  EXPECT_EQ(text.find("FLOPs"), std::string::npos) << text;
}

TEST_F(InfoCallsTest, BufferAndStepCostCalls) {
  StringMemref name("bn.running_mean"), layer("bn"), kind("BatchNorm1d");
  Memref<1, int64_t> shape({1});
  shape.values()[0] = 4;
  _mlir_ciface_mdlrt_info_param(name.get(), layer.get(), kind.get(),
                                shape.get(), /*trainable=*/0);
  mdlrt_info_step_cost(2048, 4096, 8);
  mdlrt_info_end();
  std::string text = contentsOf(out);
  EXPECT_NE(text.find("[4]        4  buffer\n"), std::string::npos) << text;
  EXPECT_NE(text.find("0 parameters and 4 buffer elements"), std::string::npos)
      << text;
  EXPECT_NE(text.find("FLOPs per step: 2.05 kFLOP (forward + backward + "
                      "optimizer, batch 8)\npeak memory of one step: 4.0 "
                      "KiB\n"),
            std::string::npos)
      << text;
}

} // namespace
