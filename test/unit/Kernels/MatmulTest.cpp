//===- MatmulTest.cpp - Tests of the runtime's SGEMM ------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// matmulF32 and its ABI entry against a double-precision reference: every
// edge of the 6 x 16 tiles and the 144 / 256 blocks, transposed and strided
// operands, C views inside larger buffers, accumulate or overwrite, and
// products big enough to run on several threads. Errors are bounded by
// n·eps·Σ|a||b| per element, the textbook bound for a reassociated sum.
//
//===----------------------------------------------------------------------===//

#include "kernels/Matmul.h"
#include "core/Error.h"
#include "kernels/Microkernel.h"
#include "kernels/ThreadPool.h"
#include "mdlrt/mdlrt.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

using namespace mdlrt;
using namespace mdlrt::kernels;

namespace {

/// A matrix stored in its own buffer, row-major or column-major, possibly
/// with padding between rows (or columns) so strides differ from sizes.
struct Stored {
  std::vector<float> buffer;
  MatrixF32 view;
};

Stored makeMatrix(int64_t rows, int64_t cols, bool columnMajor, int64_t pad,
                  std::mt19937 &rng) {
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  int64_t lead = (columnMajor ? rows : cols) + pad;
  int64_t outer = columnMajor ? cols : rows;
  Stored s;
  s.buffer.resize(static_cast<size_t>(lead * outer + 1));
  for (float &v : s.buffer)
    v = dist(rng);
  s.view = {s.buffer.data(), rows, cols, columnMajor ? 1 : lead,
            columnMajor ? lead : 1};
  return s;
}

float at(const MatrixF32 &m, int64_t i, int64_t j) {
  return m.data[i * m.rowStride + j * m.colStride];
}

/// Checks c (after) == (accumulate ? c0 : 0) + a·b within the error bound.
void expectProduct(const MatrixF32 &a, const MatrixF32 &b, const MatrixF32 &c,
                   const std::vector<float> &c0, bool accumulate) {
  const int64_t k = a.cols;
  const double eps = 1.2e-7;
  for (int64_t i = 0; i < c.rows; ++i)
    for (int64_t j = 0; j < c.cols; ++j) {
      double sum = accumulate ? c0[i * c.cols + j] : 0.0;
      double magnitude = std::fabs(sum);
      for (int64_t p = 0; p < k; ++p) {
        double term = double(at(a, i, p)) * at(b, p, j);
        sum += term;
        magnitude += std::fabs(term);
      }
      double bound = (k + 2) * eps * magnitude + 1e-30;
      ASSERT_NEAR(at(c, i, j), sum, bound)
          << "at (" << i << ", " << j << ") of " << c.rows << "x" << c.cols
          << " with k = " << k;
    }
}

struct Shape {
  int64_t m, n, k;
};

void checkShape(Shape s, bool aT, bool bT, bool accumulate, int64_t pad,
                unsigned seed) {
  std::mt19937 rng(seed);
  Stored a = makeMatrix(s.m, s.k, aT, pad, rng);
  Stored b = makeMatrix(s.k, s.n, bT, pad, rng);
  Stored c = makeMatrix(s.m, s.n, false, pad, rng);
  std::vector<float> c0;
  for (int64_t i = 0; i < s.m; ++i)
    for (int64_t j = 0; j < s.n; ++j)
      c0.push_back(at(c.view, i, j));
  matmulF32(a.view, b.view, c.view, accumulate);
  expectProduct(a.view, b.view, c.view, c0, accumulate);
}

TEST(MatmulTest, EdgeShapesEveryLayout) {
  // Around MR = 6, NR = 16, MC = 144 and KC = 256.
  const Shape shapes[] = {{1, 1, 1},      {1, 16, 5},     {6, 16, 1},
                          {7, 17, 3},     {5, 15, 31},    {13, 33, 256},
                          {145, 20, 257}, {12, 100, 513}, {256, 1, 64},
                          {1, 64, 256}};
  unsigned seed = 1;
  for (Shape s : shapes)
    for (int layout = 0; layout < 4; ++layout)
      for (bool accumulate : {false, true})
        checkShape(s, layout & 1, layout & 2, accumulate, /*pad=*/0, seed++);
}

TEST(MatmulTest, PaddedStrides) {
  checkShape({37, 45, 70}, false, false, true, /*pad=*/3, 7);
  checkShape({37, 45, 70}, true, true, false, /*pad=*/5, 8);
}

TEST(MatmulTest, LayerSizedProductsOnThreads) {
  // The W2/W3 layer shapes, large enough to be split across the pool.
  checkShape({128, 256, 784}, false, true, true, 0, 11);   // x·Wᵀ + b
  checkShape({256, 784, 128}, true, false, false, 0, 12);  // dyᵀ·x
  checkShape({128, 784, 256}, false, false, false, 0, 13); // dy·W
  checkShape({300, 40, 300}, false, false, false, 0, 14);  // split along M
}

TEST(MatmulTest, StridedOutput) {
  // C with a column stride (a transposed view): the edge-tile path.
  std::mt19937 rng(3);
  Stored a = makeMatrix(20, 30, false, 0, rng);
  Stored b = makeMatrix(30, 40, false, 0, rng);
  Stored c = makeMatrix(20, 40, true, 2, rng);
  std::vector<float> c0(20 * 40, 0.0f);
  matmulF32(a.view, b.view, c.view, false);
  expectProduct(a.view, b.view, c.view, c0, false);
}

TEST(MatmulTest, EmptyReduction) {
  std::vector<float> c(6, 5.0f);
  MatrixF32 a{nullptr, 2, 0, 0, 1}, b{nullptr, 0, 3, 3, 1};
  MatrixF32 cv{c.data(), 2, 3, 3, 1};
  matmulF32(a, b, cv, true);
  EXPECT_EQ(c, std::vector<float>(6, 5.0f));
  matmulF32(a, b, cv, false);
  EXPECT_EQ(c, std::vector<float>(6, 0.0f));
}

TEST(MatmulTest, PortableKernelEdgeShapes) {
  // The fallback for CPUs without AVX2, through the whole blocked product.
  const Shape shapes[] = {{7, 17, 3}, {145, 20, 257}, {13, 33, 256}};
  unsigned seed = 100;
  for (Shape s : shapes)
    for (int layout = 0; layout < 4; ++layout) {
      std::mt19937 rng(seed++);
      Stored a = makeMatrix(s.m, s.k, layout & 1, 0, rng);
      Stored b = makeMatrix(s.k, s.n, layout & 2, 0, rng);
      Stored c = makeMatrix(s.m, s.n, false, 0, rng);
      std::vector<float> c0(c.buffer.begin(), c.buffer.begin() + s.m * s.n);
      matmulF32(a.view, b.view, c.view, true, genericKernels());
      expectProduct(a.view, b.view, c.view, c0, true);
    }
}

TEST(MatmulTest, PackedBLayoutIsTheDefinition) {
  // Packed B is sliver after sliver of kNR columns, each kc rows of kNR
  // floats, zero-padded past the last column; several slivers per call, as
  // the packing phase passes them, and a wide row stride (rows far apart).
  std::mt19937 rng(11);
  for (int64_t kc : {1, 7, 8, 9, 17})
    for (int64_t nc : {5, 16, 40, 48})
      for (int layout = 0; layout < 3; ++layout) {
        bool colMajor = layout == 1;
        int64_t pad = layout == 2 ? 1000 : 0;
        Stored b = makeMatrix(kc, nc, colMajor, pad, rng);
        int64_t slivers = (nc + kNR - 1) / kNR;
        std::vector<float> packed(slivers * kNR * kc + 16, -7.0f);
        packBGeneric(b.view.data, b.view.rowStride, b.view.colStride, kc, nc,
                     packed.data());
        for (int64_t s = 0; s < slivers; ++s)
          for (int64_t k = 0; k < kc; ++k)
            for (int64_t j = 0; j < kNR; ++j) {
              int64_t col = s * kNR + j;
              float want = col < nc ? at(b.view, k, col) : 0.0f;
              ASSERT_EQ(packed[(s * kc + k) * kNR + j], want)
                  << "kc " << kc << " nc " << nc << " layout " << layout
                  << " sliver " << s << " k " << k << " j " << j;
            }
        for (size_t i = slivers * kNR * kc; i < packed.size(); ++i)
          ASSERT_EQ(packed[i], -7.0f) << "wrote past the packed block";
      }
}

#if defined(__x86_64__)
bool hasAvx2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

TEST(MatmulTest, CpuDispatch) {
  const char *forced = std::getenv("MDLRT_KERNEL");
  bool generic = !hasAvx2() || (forced && std::string(forced) == "generic");
  EXPECT_EQ(selectKernels().microkernel,
            generic ? &microkernelGeneric : &microkernelAvx2);
}

TEST(MatmulTest, Avx2KernelMatchesPortableKernel) {
  if (!hasAvx2())
    return; // must not run here; CpuDispatch checks it is not chosen
  const int64_t kc = 37;
  alignas(64) float a[kMR * kc], b[kNR * kc];
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  for (float &v : a)
    v = dist(rng);
  for (float &v : b)
    v = dist(rng);
  for (bool accumulate : {false, true}) {
    float reference[kMR * 20], out[kMR * 20];
    for (int i = 0; i < kMR * 20; ++i)
      reference[i] = out[i] = float(i);
    microkernelGeneric(kc, a, b, reference, 20, accumulate);
    microkernelAvx2(kc, a, b, out, 20, accumulate);
    for (int i = 0; i < kMR; ++i)
      for (int j = 0; j < 20; ++j) {
        // Columns past NR are not touched.
        if (j >= kNR)
          EXPECT_EQ(out[i * 20 + j], float(i * 20 + j));
        else
          EXPECT_NEAR(out[i * 20 + j], reference[i * 20 + j], 1e-5f);
      }
  }
}

TEST(MatmulTest, Avx2PackingMatchesPortablePacking) {
  if (!hasAvx2())
    return;
  std::mt19937 rng(9);
  // Depths around the 8-wide transposes, sizes around the slivers, both
  // unit strides and a general one.
  for (int64_t kc : {1, 7, 8, 9, 23, 256})
    for (int64_t size : {5, 6, 16, 17, 40})
      for (int layout = 0; layout < 3; ++layout) {
        bool colMajor = layout == 1;
        int64_t pad = layout == 2 ? 3 : 0;
        // A: size x kc; B: kc x size.
        Stored a = makeMatrix(size, kc, colMajor, pad, rng);
        Stored b = makeMatrix(kc, size, !colMajor, pad, rng);
        // Packed sizes, plus a guard that must stay untouched.
        const int64_t guard = 16;
        int64_t aFloats = (size + kMR - 1) / kMR * kMR * kc;
        int64_t bFloats = (size + kNR - 1) / kNR * kNR * kc;
        std::vector<float> want(aFloats + guard, -7.0f),
            got(aFloats + guard, -7.0f);
        packAGeneric(a.view.data, a.view.rowStride, a.view.colStride, size, kc,
                     want.data());
        packAAvx2(a.view.data, a.view.rowStride, a.view.colStride, size, kc,
                  got.data());
        ASSERT_EQ(want, got)
            << "A " << size << "x" << kc << " layout " << layout;
        // 64-byte aligned, as the real buffers are.
        std::vector<float> wantB(bFloats + guard + 16, -7.0f),
            gotB(bFloats + guard + 16, -7.0f);
        float *wb =
            wantB.data() + (16 - (uintptr_t(wantB.data()) / 4) % 16) % 16;
        float *gb = gotB.data() + (16 - (uintptr_t(gotB.data()) / 4) % 16) % 16;
        packBGeneric(b.view.data, b.view.rowStride, b.view.colStride, kc, size,
                     wb);
        packBAvx2(b.view.data, b.view.rowStride, b.view.colStride, kc, size,
                  gb);
        ASSERT_TRUE(std::equal(wb, wb + bFloats + guard, gb))
            << "B " << kc << "x" << size << " layout " << layout;
      }
}
#endif

/// A 2-D descriptor over `data` with the given sizes and strides.
mdlrt_memref2d_f32 descriptor(float *data, int64_t offset, int64_t rows,
                              int64_t cols, int64_t rs, int64_t cs) {
  return {data, data, offset, {rows, cols}, {rs, cs}};
}

TEST(MatmulAbiTest, TransposedViewsAndOffsets) {
  // a = [[1, 2], [3, 4]] read transposed; b = I; c at offset 1.
  float a[] = {1, 2, 3, 4};
  float b[] = {1, 0, 0, 1};
  float c[] = {-1, 9, 9, 9, 9};
  mdlrt_memref2d_f32 ad = descriptor(a, 0, 2, 2, 1, 2);
  mdlrt_memref2d_f32 bd = descriptor(b, 0, 2, 2, 2, 1);
  mdlrt_memref2d_f32 cd = descriptor(c, 1, 2, 2, 2, 1);
  _mlir_ciface_mdlrt_matmul_f32(&ad, &bd, &cd, 0);
  EXPECT_EQ(c[0], -1);
  EXPECT_EQ(c[1], 1);
  EXPECT_EQ(c[2], 3);
  EXPECT_EQ(c[3], 2);
  EXPECT_EQ(c[4], 4);
  _mlir_ciface_mdlrt_matmul_f32(&ad, &bd, &cd, 1);
  EXPECT_EQ(c[1], 2);
  EXPECT_EQ(c[4], 8);
}

TEST(MatmulAbiTest, MismatchedSizesAreAnInternalError) {
  detail::setErrorsThrow(true);
  float data[16] = {};
  mdlrt_memref2d_f32 a = descriptor(data, 0, 2, 3, 3, 1);
  mdlrt_memref2d_f32 b = descriptor(data, 0, 4, 2, 2, 1);
  mdlrt_memref2d_f32 c = descriptor(data, 0, 2, 2, 2, 1);
  try {
    _mlir_ciface_mdlrt_matmul_f32(&a, &b, &c, 0);
    ADD_FAILURE() << "no error";
  } catch (const FatalError &error) {
    EXPECT_EQ(error.kind(), FatalError::Kind::Internal);
    EXPECT_NE(std::string(error.what()).find("[2, 3] x [4, 2] -> [2, 2]"),
              std::string::npos)
        << error.what();
  }
  detail::setErrorsThrow(false);
}

} // namespace
