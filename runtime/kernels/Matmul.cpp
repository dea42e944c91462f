//===- Matmul.cpp - Packed, blocked, threaded SGEMM -------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The BLIS loop nest: for each NC-wide column block of B and KC-deep slice,
// pack B's block (kc x nc) into NR-wide slivers; for each MC-tall row block
// of A, pack it (mc x kc) into MR-tall slivers; then the microkernel sweeps
// the MR x NR tiles of C. Block sizes keep a packed B sliver in L1, the
// packed A block in L2 and the packed B block in L3 (Zen/Skylake-sized).
//
// Threads: C is cut into as many parts as there are threads, along N when
// M <= N (each part then packs all of A, the smaller operand) and along M
// otherwise; the parts run independently, each with its own buffers.
//
//===----------------------------------------------------------------------===//

#include "kernels/Matmul.h"
#include "kernels/Microkernel.h"
#include "kernels/ThreadPool.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

namespace mdlrt::kernels {

namespace {

constexpr int64_t kMC = 144; // multiple of kMR
constexpr int64_t kKC = 256;
constexpr int64_t kNC = 4080; // multiple of kNR
/// Below this many flops per thread, more threads cost more than they save.
constexpr int64_t kMinFlopsPerThread = int64_t(1) << 19;

/// A 64-byte aligned scratch buffer that only grows.
struct Scratch {
  float *data = nullptr;
  int64_t capacity = 0;
  float *get(int64_t floats) {
    if (floats > capacity) {
      std::free(data);
      size_t bytes = (static_cast<size_t>(floats) * sizeof(float) + 63) & ~63ul;
      data = static_cast<float *>(std::aligned_alloc(64, bytes));
      if (!data)
        throw std::bad_alloc();
      capacity = floats;
    }
    return data;
  }
  ~Scratch() { std::free(data); }
};

/// One thread's whole product, C (+)= A·B, with its own packing buffers.
void matmulSerial(const MatrixF32 &a, const MatrixF32 &b, const MatrixF32 &c,
                  bool accumulate, const KernelSet &kernels) {
  static thread_local Scratch packedA, packedB;
  const int64_t m = c.rows, n = c.cols, k = a.cols;
  const int64_t ncMax = std::min(kNC, (n + kNR - 1) / kNR * kNR);
  const int64_t mcMax = std::min(kMC, (m + kMR - 1) / kMR * kMR);
  const int64_t kcMax = std::min(kKC, k);
  float *bp = packedB.get(kcMax * ncMax + kPackSlack);
  float *ap = packedA.get(mcMax * kcMax + kPackSlack);
  const MicrokernelFn kernel = kernels.microkernel;
  alignas(64) float tile[kMR * kNR];

  for (int64_t jc = 0; jc < n; jc += kNC) {
    const int64_t nc = std::min(kNC, n - jc);
    for (int64_t pc = 0; pc < k; pc += kKC) {
      const int64_t kc = std::min(kKC, k - pc);
      const bool acc = accumulate || pc > 0;
      kernels.packB(b.data + pc * b.rowStride + jc * b.colStride, b.rowStride,
                    b.colStride, kc, nc, bp);
      for (int64_t ic = 0; ic < m; ic += kMC) {
        const int64_t mc = std::min(kMC, m - ic);
        kernels.packA(a.data + ic * a.rowStride + pc * a.colStride, a.rowStride,
                      a.colStride, mc, kc, ap);
        for (int64_t jr = 0; jr < nc; jr += kNR) {
          const int64_t nr = std::min(kNR, nc - jr);
          const float *bSliver = bp + jr * kc;
          for (int64_t ir = 0; ir < mc; ir += kMR) {
            const int64_t mr = std::min(kMR, mc - ir);
            const float *aSliver = ap + ir * kc;
            float *cTile =
                c.data + (ic + ir) * c.rowStride + (jc + jr) * c.colStride;
            if (mr == kMR && nr == kNR && c.colStride == 1) {
              kernel(kc, aSliver, bSliver, cTile, c.rowStride, acc);
              continue;
            }
            // An edge tile (or a strided C): compute the full tile aside.
            kernel(kc, aSliver, bSliver, tile, kNR, false);
            for (int64_t i = 0; i < mr; ++i)
              for (int64_t j = 0; j < nr; ++j) {
                float &out = cTile[i * c.rowStride + j * c.colStride];
                out = acc ? out + tile[i * kNR + j] : tile[i * kNR + j];
              }
          }
        }
      }
    }
  }
}

struct Parts {
  MatrixF32 a, b, c;
  bool accumulate;
  KernelSet kernels;
  bool splitN;
  int64_t chunk; // rows or columns of C per part
};

void runPart(void *ctx, int part) {
  const Parts &p = *static_cast<const Parts *>(ctx);
  MatrixF32 a = p.a, b = p.b, c = p.c;
  int64_t begin = part * p.chunk;
  if (p.splitN) {
    int64_t cols = std::min(p.chunk, c.cols - begin);
    if (cols <= 0)
      return;
    b.data += begin * b.colStride;
    b.cols = cols;
    c.data += begin * c.colStride;
    c.cols = cols;
  } else {
    int64_t rows = std::min(p.chunk, c.rows - begin);
    if (rows <= 0)
      return;
    a.data += begin * a.rowStride;
    a.rows = rows;
    c.data += begin * c.rowStride;
    c.rows = rows;
  }
  matmulSerial(a, b, c, p.accumulate, p.kernels);
}

} // namespace

void matmulF32(const MatrixF32 &a, const MatrixF32 &b, const MatrixF32 &c,
               bool accumulate) {
  static const KernelSet kernels = selectKernels();
  matmulF32(a, b, c, accumulate, kernels);
}

void matmulF32(const MatrixF32 &a, const MatrixF32 &b, const MatrixF32 &c,
               bool accumulate, const KernelSet &kernels) {
  const int64_t m = c.rows, n = c.cols, k = a.cols;
  if (m == 0 || n == 0)
    return;
  if (k == 0) {
    if (!accumulate)
      for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < n; ++j)
          c.data[i * c.rowStride + j * c.colStride] = 0.0f;
    return;
  }
  // Split along N when A is the smaller operand to pack twice.
  Parts parts{a, b, c, accumulate, kernels, m <= n, 0};
  const int64_t dim = parts.splitN ? n : m;
  const int64_t align = parts.splitN ? kNR : kMR;
  const int64_t flops = 2 * m * n * k;
  ThreadPool &pool = ThreadPool::get();
  int64_t count = std::min<int64_t>(pool.size(), flops / kMinFlopsPerThread);
  count = std::min(count, (dim + align - 1) / align);
  if (count <= 1) {
    matmulSerial(a, b, c, accumulate, kernels);
    return;
  }
  const int64_t tiles = (dim + align - 1) / align;
  parts.chunk = (tiles + count - 1) / count * align;
  pool.run(static_cast<int>(count), runPart, &parts);
}

} // namespace mdlrt::kernels
