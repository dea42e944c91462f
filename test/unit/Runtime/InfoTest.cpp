//===- InfoTest.cpp - Tests of the `info` table -----------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The thousands separators, the column alignment, the layer grouping and
// the total line of `PROG info`, and the ABI calls that fill it.
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

class InfoCallsTest : public RunFixture {};

TEST_F(InfoCallsTest, CallsPrintTheTableOnStdout) {
  StringMemref name("out.weight"), layer("out"), kind("Linear");
  Memref<1, int64_t> shape({2});
  shape.values()[0] = 2;
  shape.values()[1] = 64;
  _mlir_ciface_mdlrt_info_param(name.get(), layer.get(), kind.get(),
                                shape.get());
  mdlrt_info_end();
  std::string text = contentsOf(out);
  EXPECT_NE(text.find("out    Linear  out.weight  [2, 64]    128"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("total: 1 parameter tensor, 128 parameters"),
            std::string::npos)
      << text;
}

} // namespace
