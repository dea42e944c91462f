//===- Matmul.h - Packed, blocked, threaded SGEMM ---------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The f32 matrix product behind mdlrt_matmul_f32 (mdlrt.h), which generated
// code calls for every f32 contraction. Operands are strided views, so a
// transposed operand (x^T·dy, dy·W^T) is the same data with its strides
// swapped and needs no copy.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_KERNELS_MATMUL_H
#define MDLRT_KERNELS_MATMUL_H

#include "kernels/Microkernel.h"

#include <cstdint>

namespace mdlrt::kernels {

/// rows x cols f32 values; element (i, j) at data[i * rowStride + j *
/// colStride].
struct MatrixF32 {
  float *data;
  int64_t rows, cols;
  int64_t rowStride, colStride;
};

/// C = A·B, or C += A·B when `accumulate`; A is M x K, B K x N, C M x N.
/// C must not overlap A or B. Sums are reassociated (blocked over K and
/// vectorised), as any BLAS does. Uses the thread pool when the product is
/// large enough to pay for it.
void matmulF32(const MatrixF32 &a, const MatrixF32 &b, const MatrixF32 &c,
               bool accumulate);

/// The same with given kernels instead of the CPU's best (tests).
void matmulF32(const MatrixF32 &a, const MatrixF32 &b, const MatrixF32 &c,
               bool accumulate, const KernelSet &kernels);

} // namespace mdlrt::kernels

#endif // MDLRT_KERNELS_MATMUL_H
