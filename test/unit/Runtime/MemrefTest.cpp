//===- MemrefTest.cpp - Tests of memref descriptor checking -----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// MemrefView accepts identity-layout descriptors (with any stride on size-1
// dimensions), applies the offset, and turns every malformed descriptor into
// an internal error.
//
//===----------------------------------------------------------------------===//

#include "core/Memref.h"

#include "TestSupport.h"

using namespace mdlrt;
using namespace mdlrt::test;

namespace {

class MemrefTest : public RunFixture {};

TEST_F(MemrefTest, ContiguousRowMajorIsAccepted) {
  Memref<2> m({3, 4});
  MemrefView view(m.get(), sizeof(float), "m");
  EXPECT_EQ(view.rank(), 2);
  EXPECT_EQ(view.shape(), (std::vector<int64_t>{3, 4}));
  EXPECT_EQ(view.numElements(), 12);
  EXPECT_EQ(view.data(), m.values());
}

TEST_F(MemrefTest, OffsetIsInElements) {
  Memref<1> m({8});
  auto *header = static_cast<mdlrt_memref_header *>(m.get()->descriptor);
  header->offset = 2;
  m.size(0) = 6;
  MemrefView view(m.get(), sizeof(float), "m");
  EXPECT_EQ(view.data(), m.values() + 2);
}

TEST_F(MemrefTest, SizeOneDimensionsMayHaveAnyStride) {
  Memref<2> m({1, 64});
  m.stride(0) = 1; // what some MLIR canonicalisations produce
  MemrefView view(m.get(), sizeof(float), "m");
  EXPECT_EQ(view.numElements(), 64);
}

TEST_F(MemrefTest, RankZeroHasOneElement) {
  float value = 2.0f;
  struct {
    float *allocated, *aligned;
    int64_t offset;
  } desc = {&value, &value, 0};
  mdlrt_unranked_memref m = {0, &desc};
  MemrefView view(&m, sizeof(float), "scalar");
  EXPECT_EQ(view.numElements(), 1);
  EXPECT_EQ(*static_cast<float *>(view.data()), 2.0f);
}

TEST_F(MemrefTest, TransposedStridesAreAnInternalError) {
  Memref<2> m({3, 4});
  m.stride(0) = 1;
  m.stride(1) = 3;
  FatalError error =
      catchFatal([&] { MemrefView view(m.get(), sizeof(float), "weight"); });
  EXPECT_EQ(error.kind(), FatalError::Kind::Internal);
  EXPECT_EQ(std::string(error.what()),
            "weight: expected a contiguous row-major memref, but got strides "
            "[1, 3] for shape [3, 4]");
}

TEST_F(MemrefTest, MalformedDescriptorsAreInternalErrors) {
  EXPECT_EQ(catchFatal([] { MemrefView v(nullptr, 4, "x"); }).kind(),
            FatalError::Kind::Internal);
  Memref<1> m({4});
  m.get()->rank = 99;
  EXPECT_EQ(catchFatal([&] { MemrefView v(m.get(), 4, "x"); }).kind(),
            FatalError::Kind::Internal);
  m.get()->rank = 1;
  m.size(0) = -1;
  EXPECT_EQ(catchFatal([&] { MemrefView v(m.get(), 4, "x"); }).kind(),
            FatalError::Kind::Internal);
}

TEST_F(MemrefTest, ExpectShape) {
  Memref<2> m({2, 3});
  MemrefView view(m.get(), sizeof(float), "x");
  view.expectShape({2, 3});
  FatalError error = catchFatal([&] { view.expectShape({2, 4}); });
  EXPECT_EQ(std::string(error.what()),
            "x: expected shape [2, 4], but got [2, 3]");
}

TEST_F(MemrefTest, StringMemrefs) {
  StringMemref name("linear.weight");
  EXPECT_EQ(readStringMemref(name.get(), "name"), "linear.weight");
  StringMemref empty("");
  EXPECT_EQ(readStringMemref(empty.get(), "name"), "");
  Memref<2, char> wrongRank({1, 3});
  EXPECT_EQ(
      catchFatal([&] { readStringMemref(wrongRank.get(), "name"); }).kind(),
      FatalError::Kind::Internal);
}

} // namespace
