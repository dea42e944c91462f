//===- Microkernel.h - Register-blocked SGEMM inner kernels -----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The CPU-specific pieces of the packed SGEMM in Matmul.cpp (the BLIS
// design): the microkernel, which computes an MR x NR tile of C from a
// packed MR x kc sliver of A and a packed kc x NR sliver of B, and the two
// packing routines that build those slivers. Packed layouts:
//   A sliver: for each k, MR consecutive values A[i, k] (i = 0..MR-1);
//   B sliver: for each k, NR consecutive values B[k, j] (j = 0..NR-1).
// Every variant uses the same MR, NR and layouts; the CPU only decides which
// set runs (selectKernels).
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_KERNELS_MICROKERNEL_H
#define MDLRT_KERNELS_MICROKERNEL_H

#include <cstdint>

namespace mdlrt::kernels {

/// Rows and columns of the C tile one kernel call computes: 6 x 16 keeps 12
/// AVX accumulators, 2 B vectors and 1 broadcast A in the 16 ymm registers.
constexpr int64_t kMR = 6;
constexpr int64_t kNR = 16;

/// C[0:MR, 0:NR] (row stride `ldc`, unit column stride) = A·B when
/// `accumulate` is false, C + A·B when true. `a` and `b` are packed slivers
/// of depth `kc` >= 1, aligned to 32 bytes.
using MicrokernelFn = void (*)(int64_t kc, const float *a, const float *b,
                               float *c, int64_t ldc, bool accumulate);

/// Packs the mc x kc block at `a` (element (i, k) at a[i * rs + k * cs])
/// into ceil(mc / MR) slivers of MR x kc, zero-padding the last. Writes
/// nothing else, so threads may pack neighbouring slivers at once.
using PackAFn = void (*)(const float *a, int64_t rs, int64_t cs, int64_t mc,
                         int64_t kc, float *packed);
/// Packs the kc x nc block at `b` (element (k, j) at b[k * rs + j * cs])
/// into ceil(nc / NR) slivers of kc x NR, zero-padding the last.
using PackBFn = void (*)(const float *b, int64_t rs, int64_t cs, int64_t kc,
                         int64_t nc, float *packed);

struct KernelSet {
  MicrokernelFn microkernel;
  PackAFn packA;
  PackBFn packB;
};

/// Portable C++ (whatever vector width the runtime is compiled for).
void microkernelGeneric(int64_t kc, const float *a, const float *b, float *c,
                        int64_t ldc, bool accumulate);
void packAGeneric(const float *a, int64_t rs, int64_t cs, int64_t mc,
                  int64_t kc, float *packed);
void packBGeneric(const float *b, int64_t rs, int64_t cs, int64_t kc,
                  int64_t nc, float *packed);
KernelSet genericKernels();

#if defined(__x86_64__) || defined(_M_X64)
/// AVX2 + FMA; call only where the CPU has both.
void microkernelAvx2(int64_t kc, const float *a, const float *b, float *c,
                     int64_t ldc, bool accumulate);
void packAAvx2(const float *a, int64_t rs, int64_t cs, int64_t mc, int64_t kc,
               float *packed);
void packBAvx2(const float *b, int64_t rs, int64_t cs, int64_t kc, int64_t nc,
               float *packed);
KernelSet avx2Kernels();
#endif

/// The fastest set this CPU runs, chosen once (MDLRT_KERNEL=generic forces
/// the portable one, for testing it on any machine).
KernelSet selectKernels();

} // namespace mdlrt::kernels

#endif // MDLRT_KERNELS_MICROKERNEL_H
