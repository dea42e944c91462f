//===- Matmul.cpp - Packed, blocked, threaded SGEMM -------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The BLIS loop nest: for each NC-wide column block of B and KC-deep slice,
// pack B's block (kc x nc) into NR-wide slivers; for each MC-tall row block
// of A, pack it (mc x kc) into MR-tall slivers; then the microkernel sweeps
// the MR x NR tiles of C. Block sizes keep a packed B sliver in L1, the
// packed A block in L2 and the packed B block in L3 (Zen/Skylake-sized).
//
// Threads share the packed blocks (as in BLIS): each block is packed, then
// computed, in two fork-join phases on the pool, whose parts are slivers:
// B and A slivers to pack, then NR-wide column slivers of C to compute.
// Several parts per thread, claimed as threads come free, keep a thread the
// OS runs late from holding up the others on a busy machine.
//
//===----------------------------------------------------------------------===//

#include "kernels/Matmul.h"
#include "kernels/Microkernel.h"
#include "kernels/ThreadPool.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <utility>

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

/// What the parts of one phase share: the operands, the current block and
/// the packed buffers.
struct Blocked {
  const MatrixF32 *a, *b, *c;
  const KernelSet *kernels;
  bool accumulate;
  float *ap, *bp;
  int64_t jc, nc, pc, kc, ic, mc;
  int64_t bSlivers; // slivers of B to pack in this phase (0: B is packed)
  int64_t units, parts;
};

/// [begin, end) of the units of part `part`.
std::pair<int64_t, int64_t> unitsOf(const Blocked &s, int part) {
  return {part * s.units / s.parts, (part + 1) * s.units / s.parts};
}

/// Packing phase: units are the B slivers (when B is due) then the A
/// slivers of the block.
void packPart(void *ctx, int part) {
  const Blocked &s = *static_cast<const Blocked *>(ctx);
  const MatrixF32 &a = *s.a, &b = *s.b;
  auto [begin, end] = unitsOf(s, part);
  // This part's B slivers in one call, so that packing a row-major B can
  // read along its rows across all of them.
  const int64_t bEnd = std::min(end, s.bSlivers);
  if (begin < bEnd) {
    const int64_t j = begin * kNR;
    s.kernels->packB(b.data + s.pc * b.rowStride + (s.jc + j) * b.colStride,
                     b.rowStride, b.colStride, s.kc,
                     std::min(bEnd * kNR, s.nc) - j, s.bp + j * s.kc);
  }
  for (int64_t u = std::max(begin, s.bSlivers); u < end; ++u) {
    const int64_t i = (u - s.bSlivers) * kMR;
    s.kernels->packA(a.data + (s.ic + i) * a.rowStride + s.pc * a.colStride,
                     a.rowStride, a.colStride, std::min(kMR, s.mc - i), s.kc,
                     s.ap + i * s.kc);
  }
}

/// Compute phase: units are the NR-wide column slivers of the block, each
/// swept over all its MR-tall tiles.
void computePart(void *ctx, int part) {
  const Blocked &s = *static_cast<const Blocked *>(ctx);
  const MatrixF32 &c = *s.c;
  const MicrokernelFn kernel = s.kernels->microkernel;
  const bool acc = s.accumulate || s.pc > 0;
  alignas(64) float tile[kMR * kNR];
  auto [begin, end] = unitsOf(s, part);
  for (int64_t u = begin; u < end; ++u) {
    const int64_t jr = u * kNR;
    const int64_t nr = std::min(kNR, s.nc - jr);
    const float *bSliver = s.bp + jr * s.kc;
    for (int64_t ir = 0; ir < s.mc; ir += kMR) {
      const int64_t mr = std::min(kMR, s.mc - ir);
      const float *aSliver = s.ap + ir * s.kc;
      float *cTile =
          c.data + (s.ic + ir) * c.rowStride + (s.jc + jr) * c.colStride;
      if (mr == kMR && nr == kNR && c.colStride == 1) {
        kernel(s.kc, aSliver, bSliver, cTile, c.rowStride, acc);
        continue;
      }
      // An edge tile (or a strided C): compute the full tile aside.
      kernel(s.kc, aSliver, bSliver, tile, kNR, false);
      for (int64_t i = 0; i < mr; ++i)
        for (int64_t j = 0; j < nr; ++j) {
          float &out = cTile[i * c.rowStride + j * c.colStride];
          out = acc ? out + tile[i * kNR + j] : tile[i * kNR + j];
        }
    }
  }
}

/// A matrix-vector product, when one side is a single row or column read
/// with unit strides (Linear(…, 1) and its weight gradient): packing would
/// cost more than the product. Eight partial sums let the compiler
/// vectorise the dot products. Returns false for any other shape.
bool matvec(const MatrixF32 &a, const MatrixF32 &b, const MatrixF32 &c,
            bool accumulate) {
  const int64_t m = c.rows, n = c.cols, k = a.cols;
  if (n == 1 && a.colStride == 1 && b.rowStride == 1) {
    // c[i] (+)= A[i, :] · b
    for (int64_t i = 0; i < m; ++i) {
      const float *row = a.data + i * a.rowStride;
      float partial[8] = {};
      int64_t p = 0;
      for (; p + 8 <= k; p += 8)
        for (int l = 0; l < 8; ++l)
          partial[l] += row[p + l] * b.data[p + l];
      float sum = 0.0f;
      for (int l = 0; l < 8; ++l)
        sum += partial[l];
      for (; p < k; ++p)
        sum += row[p] * b.data[p];
      float &out = c.data[i * c.rowStride];
      out = accumulate ? out + sum : sum;
    }
    return true;
  }
  if (m == 1 && b.colStride == 1 && c.colStride == 1) {
    // c (+)= Σ_p a[p] B[p, :]
    // C does not overlap A or B (the ABI's contract).
    float *__restrict out = c.data;
    if (!accumulate)
      std::memset(out, 0, sizeof(float) * n);
    const int64_t as = a.colStride, bs = b.rowStride;
    int64_t p = 0;
    for (; p + 4 <= k; p += 4) { // four rows of B per pass over C
      const float s0 = a.data[p * as], s1 = a.data[(p + 1) * as],
                  s2 = a.data[(p + 2) * as], s3 = a.data[(p + 3) * as];
      const float *__restrict r0 = b.data + p * bs;
      const float *__restrict r1 = r0 + bs, *__restrict r2 = r1 + bs,
                              *__restrict r3 = r2 + bs;
      for (int64_t j = 0; j < n; ++j)
        out[j] += (s0 * r0[j] + s1 * r1[j]) + (s2 * r2[j] + s3 * r3[j]);
    }
    for (; p < k; ++p) {
      const float scale = a.data[p * as];
      const float *__restrict row = b.data + p * bs;
      for (int64_t j = 0; j < n; ++j)
        out[j] += scale * row[j];
    }
    return true;
  }
  return false;
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
  if (matvec(a, b, c, accumulate))
    return;
  // One product at a time: the packed buffers and the pool are shared.
  static std::mutex mutex;
  static Scratch packedA, packedB;
  std::lock_guard<std::mutex> lock(mutex);
  ThreadPool &pool = ThreadPool::get();
  const bool parallel =
      pool.size() > 1 && 2 * m * n * k >= kMinFlopsPerThread * 2;
  // Parts per phase: several per thread, so that a thread the OS runs late
  // (a busy machine) leaves its share to the others.
  const int64_t maxParts = parallel ? 4 * pool.size() : 1;

  const int64_t ncMax = std::min(kNC, (n + kNR - 1) / kNR * kNR);
  const int64_t mcMax = std::min(kMC, (m + kMR - 1) / kMR * kMR);
  const int64_t kcMax = std::min(kKC, k);
  Blocked s{&a,
            &b,
            &c,
            &kernels,
            accumulate,
            packedA.get(mcMax * kcMax),
            packedB.get(kcMax * ncMax)};
  auto run = [&](void (*fn)(void *, int)) {
    s.parts = std::min(s.units, maxParts);
    pool.run(static_cast<int>(s.parts), fn, &s);
  };
  for (s.jc = 0; s.jc < n; s.jc += kNC) {
    s.nc = std::min(kNC, n - s.jc);
    const int64_t slivers = (s.nc + kNR - 1) / kNR;
    for (s.pc = 0; s.pc < k; s.pc += kKC) {
      s.kc = std::min(kKC, k - s.pc);
      for (s.ic = 0; s.ic < m; s.ic += kMC) {
        s.mc = std::min(kMC, m - s.ic);
        // B's block is packed with the first A block that uses it.
        s.bSlivers = s.ic == 0 ? slivers : 0;
        s.units = s.bSlivers + (s.mc + kMR - 1) / kMR;
        run(packPart);
        s.units = slivers;
        run(computePart);
      }
    }
  }
}

} // namespace mdlrt::kernels
