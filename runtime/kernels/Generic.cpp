//===- Generic.cpp - Portable SGEMM microkernel and packing -----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The fallback for CPUs without AVX2/FMA, and the reference the faster
// kernels are tested against. The microkernel's tile lives in a local array
// the compiler keeps in vector registers of the baseline ISA (SSE2 on
// x86-64). Each packing routine has a path for the unit stride an operand
// usually has and a general one for any strides.
//
//===----------------------------------------------------------------------===//

#include "kernels/Microkernel.h"

#include <algorithm>
#include <cstring>

namespace mdlrt::kernels {

void microkernelGeneric(int64_t kc, const float *a, const float *b, float *c,
                        int64_t ldc, bool accumulate) {
  float acc[kMR][kNR] = {};
  for (int64_t k = 0; k < kc; ++k) {
    const float *ak = a + k * kMR;
    const float *bk = b + k * kNR;
    for (int64_t i = 0; i < kMR; ++i)
      for (int64_t j = 0; j < kNR; ++j)
        acc[i][j] += ak[i] * bk[j];
  }
  for (int64_t i = 0; i < kMR; ++i)
    for (int64_t j = 0; j < kNR; ++j)
      c[i * ldc + j] = accumulate ? c[i * ldc + j] + acc[i][j] : acc[i][j];
}

void packAGeneric(const float *a, int64_t rs, int64_t cs, int64_t mc,
                  int64_t kc, float *ap) {
  for (int64_t ir = 0; ir < mc; ir += kMR, ap += kMR * kc) {
    int64_t mr = std::min(kMR, mc - ir);
    const float *src = a + ir * rs;
    if (mr == kMR && cs == 1) {
      const float *r0 = src, *r1 = src + rs, *r2 = src + 2 * rs,
                  *r3 = src + 3 * rs, *r4 = src + 4 * rs, *r5 = src + 5 * rs;
      for (int64_t k = 0; k < kc; ++k) {
        float *dst = ap + k * kMR;
        dst[0] = r0[k];
        dst[1] = r1[k];
        dst[2] = r2[k];
        dst[3] = r3[k];
        dst[4] = r4[k];
        dst[5] = r5[k];
      }
    } else if (mr == kMR && rs == 1) {
      for (int64_t k = 0; k < kc; ++k)
        std::memcpy(ap + k * kMR, src + k * cs, kMR * sizeof(float));
    } else {
      for (int64_t k = 0; k < kc; ++k) {
        float *dst = ap + k * kMR;
        for (int64_t i = 0; i < mr; ++i)
          dst[i] = src[i * rs + k * cs];
        for (int64_t i = mr; i < kMR; ++i)
          dst[i] = 0.0f;
      }
    }
  }
}

/// Packs `slivers` full slivers of a row-major B (unit column stride) in
/// blocks of kRows rows: each block is copied sliver by sliver, so the reads
/// run along kRows rows at once. Walking one sliver down all kc rows instead
/// reads 64 bytes per row, rows `rs` floats apart, and missed the cache on
/// nearly every row when B is wide (a weight gradient's activations).
static void packRowMajorSlivers(const float *b, int64_t rs, int64_t kc,
                                int64_t slivers, float *bp) {
  constexpr int64_t kRows = 8;
  for (int64_t k0 = 0; k0 < kc; k0 += kRows) {
    const int64_t rows = std::min(kRows, kc - k0);
    for (int64_t sliver = 0; sliver < slivers; ++sliver) {
      float *dst = bp + sliver * kNR * kc + k0 * kNR;
      const float *src = b + k0 * rs + sliver * kNR;
      for (int64_t r = 0; r < rows; ++r)
        std::memcpy(dst + r * kNR, src + r * rs, kNR * sizeof(float));
    }
  }
}

void packBGeneric(const float *b, int64_t rs, int64_t cs, int64_t kc,
                  int64_t nc, float *bp) {
  int64_t jr = 0;
  if (cs == 1) {
    const int64_t slivers = nc / kNR;
    packRowMajorSlivers(b, rs, kc, slivers, bp);
    jr = slivers * kNR;
    bp += slivers * kNR * kc;
  }
  for (; jr < nc; jr += kNR, bp += kNR * kc) {
    int64_t nr = std::min(kNR, nc - jr);
    const float *src = b + jr * cs;
    if (nr == kNR && rs == 1) {
      // Bᵀ stored row-major (a Linear weight): read each column in order.
      for (int64_t j = 0; j < kNR; ++j) {
        const float *col = src + j * cs;
        for (int64_t k = 0; k < kc; ++k)
          bp[k * kNR + j] = col[k];
      }
    } else {
      for (int64_t k = 0; k < kc; ++k) {
        float *dst = bp + k * kNR;
        for (int64_t j = 0; j < nr; ++j)
          dst[j] = src[k * rs + j * cs];
        for (int64_t j = nr; j < kNR; ++j)
          dst[j] = 0.0f;
      }
    }
  }
}

KernelSet genericKernels() {
  return {microkernelGeneric, packAGeneric, packBGeneric};
}

} // namespace mdlrt::kernels
