//===- Avx2.cpp - AVX2/FMA SGEMM microkernel and packing --------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The 6 x 16 kernel for x86-64 with AVX2 and FMA (Haswell, Zen and later),
// and packing that transposes 8 x 8 blocks in registers for the two layouts
// that need a transpose (a row-major A, a Bᵀ stored row-major such as a
// Linear weight); other layouts use the portable packing. Compiled for those
// features by function attribute, not by flags, so the rest of the runtime
// keeps the baseline ISA and runs on any x86-64; only selectKernels, after
// checking the CPU, hands these out.
//
//===----------------------------------------------------------------------===//

#include "kernels/Microkernel.h"

#include <algorithm>

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>

namespace mdlrt::kernels {

#define MDLRT_AVX2 __attribute__((target("avx2,fma")))

/// row[0:16] = lo|hi, or row + lo|hi when accumulating.
MDLRT_AVX2 __attribute__((always_inline)) static inline void
storeRow(float *row, __m256 lo, __m256 hi, bool accumulate) {
  if (accumulate) {
    lo = _mm256_add_ps(lo, _mm256_loadu_ps(row));
    hi = _mm256_add_ps(hi, _mm256_loadu_ps(row + 8));
  }
  _mm256_storeu_ps(row, lo);
  _mm256_storeu_ps(row + 8, hi);
}

MDLRT_AVX2 void microkernelAvx2(int64_t kc, const float *a, const float *b,
                                float *c, int64_t ldc, bool accumulate) {
  // Start fetching the C tile now: its rows are far apart (a row of C is
  // often larger than a page), and its loads and stores come after the loop.
  for (int i = 0; i < kMR; ++i) {
    _mm_prefetch(reinterpret_cast<const char *>(c + i * ldc), _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char *>(c + i * ldc + 15), _MM_HINT_T0);
  }
  // 12 accumulators: rows 0..5, columns 0..7 and 8..15.
  __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
  __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
  __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
  __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
  __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
  __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
  for (int64_t k = 0; k < kc; ++k) {
    __m256 b0 = _mm256_load_ps(b);
    __m256 b1 = _mm256_load_ps(b + 8);
    __m256 ai = _mm256_broadcast_ss(a + 0);
    c00 = _mm256_fmadd_ps(ai, b0, c00);
    c01 = _mm256_fmadd_ps(ai, b1, c01);
    ai = _mm256_broadcast_ss(a + 1);
    c10 = _mm256_fmadd_ps(ai, b0, c10);
    c11 = _mm256_fmadd_ps(ai, b1, c11);
    ai = _mm256_broadcast_ss(a + 2);
    c20 = _mm256_fmadd_ps(ai, b0, c20);
    c21 = _mm256_fmadd_ps(ai, b1, c21);
    ai = _mm256_broadcast_ss(a + 3);
    c30 = _mm256_fmadd_ps(ai, b0, c30);
    c31 = _mm256_fmadd_ps(ai, b1, c31);
    ai = _mm256_broadcast_ss(a + 4);
    c40 = _mm256_fmadd_ps(ai, b0, c40);
    c41 = _mm256_fmadd_ps(ai, b1, c41);
    ai = _mm256_broadcast_ss(a + 5);
    c50 = _mm256_fmadd_ps(ai, b0, c50);
    c51 = _mm256_fmadd_ps(ai, b1, c51);
    a += kMR;
    b += kNR;
  }
  storeRow(c + 0 * ldc, c00, c01, accumulate);
  storeRow(c + 1 * ldc, c10, c11, accumulate);
  storeRow(c + 2 * ldc, c20, c21, accumulate);
  storeRow(c + 3 * ldc, c30, c31, accumulate);
  storeRow(c + 4 * ldc, c40, c41, accumulate);
  storeRow(c + 5 * ldc, c50, c51, accumulate);
}

/// Transposes the 8 x 8 block held by r[0..7] (rows) in place.
MDLRT_AVX2 __attribute__((always_inline)) static inline void
transpose8x8(__m256 r[8]) {
  __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]);
  __m256 t1 = _mm256_unpackhi_ps(r[0], r[1]);
  __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]);
  __m256 t3 = _mm256_unpackhi_ps(r[2], r[3]);
  __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]);
  __m256 t5 = _mm256_unpackhi_ps(r[4], r[5]);
  __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]);
  __m256 t7 = _mm256_unpackhi_ps(r[6], r[7]);
  __m256 s0 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(1, 0, 1, 0));
  __m256 s1 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(3, 2, 3, 2));
  __m256 s2 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(1, 0, 1, 0));
  __m256 s3 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(3, 2, 3, 2));
  __m256 s4 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(1, 0, 1, 0));
  __m256 s5 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(3, 2, 3, 2));
  __m256 s6 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(1, 0, 1, 0));
  __m256 s7 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(3, 2, 3, 2));
  r[0] = _mm256_permute2f128_ps(s0, s4, 0x20);
  r[1] = _mm256_permute2f128_ps(s1, s5, 0x20);
  r[2] = _mm256_permute2f128_ps(s2, s6, 0x20);
  r[3] = _mm256_permute2f128_ps(s3, s7, 0x20);
  r[4] = _mm256_permute2f128_ps(s0, s4, 0x31);
  r[5] = _mm256_permute2f128_ps(s1, s5, 0x31);
  r[6] = _mm256_permute2f128_ps(s2, s6, 0x31);
  r[7] = _mm256_permute2f128_ps(s3, s7, 0x31);
}

MDLRT_AVX2 void packAAvx2(const float *a, int64_t rs, int64_t cs, int64_t mc,
                          int64_t kc, float *ap) {
  if (cs != 1) {
    packAGeneric(a, rs, cs, mc, kc, ap);
    return;
  }
  for (int64_t ir = 0; ir < mc; ir += kMR, ap += kMR * kc) {
    const int64_t mr = std::min(kMR, mc - ir);
    const float *src = a + ir * rs;
    if (mr < kMR) {
      packAGeneric(src, rs, cs, mr, kc, ap);
      continue;
    }
    // Six rows and two zero rows, 8 k at a time: after the transpose r[t]
    // holds A[0..5, k + t] then two zeros. Each 8-float store spills two
    // floats into the next k, which the next store rewrites; the sliver's
    // very last k is stored as exactly 4 + 2 floats, so nothing past the
    // sliver is touched.
    int64_t k = 0;
    for (; k + 8 <= kc; k += 8) {
      __m256 r[8];
      for (int i = 0; i < 6; ++i)
        r[i] = _mm256_loadu_ps(src + i * rs + k);
      r[6] = r[7] = _mm256_setzero_ps();
      transpose8x8(r);
      for (int t = 0; t < 7; ++t)
        _mm256_storeu_ps(ap + (k + t) * kMR, r[t]);
      float *last = ap + (k + 7) * kMR;
      if (k + 8 < kc) {
        _mm256_storeu_ps(last, r[7]);
      } else {
        __m128 low = _mm256_castps256_ps128(r[7]);
        _mm_storeu_ps(last, low);
        _mm_storel_pi(reinterpret_cast<__m64 *>(last + 4),
                      _mm256_extractf128_ps(r[7], 1));
      }
    }
    for (; k < kc; ++k)
      for (int i = 0; i < kMR; ++i)
        ap[k * kMR + i] = src[i * rs + k];
  }
}

MDLRT_AVX2 void packBAvx2(const float *b, int64_t rs, int64_t cs, int64_t kc,
                          int64_t nc, float *bp) {
  if (rs != 1) {
    packBGeneric(b, rs, cs, kc, nc, bp);
    return;
  }
  for (int64_t jr = 0; jr < nc; jr += kNR, bp += kNR * kc) {
    const int64_t nr = std::min(kNR, nc - jr);
    const float *src = b + jr * cs;
    if (nr < kNR) {
      packBGeneric(src, rs, cs, kc, nr, bp);
      continue;
    }
    // Column j of B is contiguous in k: transpose 8 columns x 8 k at a time.
    int64_t k = 0;
    for (; k + 8 <= kc; k += 8)
      for (int half = 0; half < 2; ++half) {
        __m256 r[8];
        for (int j = 0; j < 8; ++j)
          r[j] = _mm256_loadu_ps(src + (half * 8 + j) * cs + k);
        transpose8x8(r);
        for (int t = 0; t < 8; ++t)
          _mm256_store_ps(bp + (k + t) * kNR + half * 8, r[t]);
      }
    for (; k < kc; ++k)
      for (int j = 0; j < kNR; ++j)
        bp[k * kNR + j] = src[j * cs + k];
  }
}

KernelSet avx2Kernels() { return {microkernelAvx2, packAAvx2, packBAvx2}; }

} // namespace mdlrt::kernels
#endif
