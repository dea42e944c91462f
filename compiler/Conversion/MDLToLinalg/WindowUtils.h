//===- WindowUtils.h - shared steps of window-op lowerings ------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Padding, cropping, the "spread" layout and the window gather (im2col)
// that convolution and pooling lowerings share. The adjoint of a strided
// window op is computed as a stride-1 gather: each output-gradient element
// is placed where its window starts, `stride` apart, with zeros (or `fill`)
// between; an input position then reads the windows covering it at fixed
// offsets.
//
// Only the batch (dimension 0 of NCHW values) may be dynamic
// (README.md#dynamic-batch): every helper sizes its tensors from the
// run-time batch of its operand (`tensor.dim`) and emits the same IR as
// before for static shapes.
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_CONVERSION_MDLTOLINALG_WINDOWUTILS_H
#define COMPILER_CONVERSION_MDLTOLINALG_WINDOWUTILS_H

#include "mlir/IR/Builders.h"

namespace mlir::mdl_to_linalg {

/// The dynamic sizes of a tensor of `type` whose dynamic dimension, if any,
/// holds the batch, dimension 0 of `batchOf`: a `tensor.dim` for it (none
/// for a static `type`), as createEmpty takes them.
SmallVector<Value> batchSizes(OpBuilder &b, Location loc,
                              RankedTensorType type, Value batchOf);

/// `value` [N, C, H, W] with `padding[k]` elements of `padValue` added on
/// both sides of spatial dimension k (the value itself when all are 0).
Value padSpatial(OpBuilder &b, Location loc, Value value,
                 ArrayRef<int64_t> padding, double padValue);

/// `value` [N, C, H + 2p, W + 2p] cropped to `type` [N, C, H, W] by
/// dropping `padding[k]` elements on both sides of spatial dimension k; a
/// dynamic batch is dimension 0 of `batchOf`.
Value cropSpatial(OpBuilder &b, Location loc, Value value,
                  ArrayRef<int64_t> padding, RankedTensorType type,
                  Value batchOf);

/// The spread layout of `grad` [N, C', OH, OW] for windows of `kernel`
/// elements, `stride` apart and `dilation` between taps over a padded input
/// of spatial size `paddedSize`: a tensor [N, C', P0 + r0, P1 + r1] with
/// r = (kernel - 1)·dilation, holding grad[.., y, x] at (r0 + y·s0,
/// r1 + x·s1) and `fill` elsewhere. Position h of the padded input is
/// covered by the window y with tap i exactly when spread[h + (K-1-i)·d]
/// holds dy[y]. A dynamic N is dimension 0 of `batchOf`.
Value spreadOutputGrad(OpBuilder &b, Location loc, Value grad,
                       ArrayRef<int64_t> paddedSize, ArrayRef<int64_t> kernel,
                       ArrayRef<int64_t> stride, ArrayRef<int64_t> dilation,
                       double fill, Value batchOf);

/// The windows of `value` [N, C, H, W] as columns (im2col): `outSize`
/// windows of `kernel` taps along each spatial dimension, `stride` apart,
/// `dilation` between taps, gathered into [C·K0·K1, N·OH·OW] with element
/// ((c, i, j), (n, y, x)) = value[n, c, y·s0 + i·d0, x·s1 + j·d1]. A
/// convolution over all the windows of the batch is then one matrix
/// product. A dynamic N is dimension 0 of `batchOf`.
Value gatherWindows(OpBuilder &b, Location loc, Value value,
                    ArrayRef<int64_t> kernel, ArrayRef<int64_t> stride,
                    ArrayRef<int64_t> dilation, ArrayRef<int64_t> outSize,
                    Value batchOf);

} // namespace mlir::mdl_to_linalg

#endif // COMPILER_CONVERSION_MDLTOLINALG_WINDOWUTILS_H
