//===- MatmulAbi.cpp - mdlrt_matmul_f32, the C ABI entry --------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

#include "core/Error.h"
#include "kernels/Matmul.h"
#include "mdlrt/mdlrt.h"

#include <string>

using namespace mdlrt;

static kernels::MatrixF32 view(const mdlrt_memref2d_f32 *m) {
  return {m->aligned + m->offset, m->sizes[0], m->sizes[1], m->strides[0],
          m->strides[1]};
}

extern "C" void _mlir_ciface_mdlrt_matmul_f32(const mdlrt_memref2d_f32 *a,
                                              const mdlrt_memref2d_f32 *b,
                                              const mdlrt_memref2d_f32 *c,
                                              int64_t accumulate) {
  if (!a || !b || !c)
    internalError("mdlrt_matmul_f32: null descriptor");
  kernels::MatrixF32 av = view(a), bv = view(b), cv = view(c);
  if (av.rows < 0 || av.cols < 0 || bv.cols < 0 || av.rows != cv.rows ||
      av.cols != bv.rows || bv.cols != cv.cols)
    internalError("mdlrt_matmul_f32: sizes [" + std::to_string(av.rows) + ", " +
                  std::to_string(av.cols) + "] x [" + std::to_string(bv.rows) +
                  ", " + std::to_string(bv.cols) + "] -> [" +
                  std::to_string(cv.rows) + ", " + std::to_string(cv.cols) +
                  "] do not match");
  kernels::matmulF32(av, bv, cv, accumulate != 0);
}
