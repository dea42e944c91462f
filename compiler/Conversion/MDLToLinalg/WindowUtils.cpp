//===- WindowUtils.cpp - shared steps of window-op lowerings ----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Implements the helpers of WindowUtils.h with tensor.pad, extract_slice,
// a strided insert_slice and, for the window gather, a copying
// linalg.generic whose input map holds the window arithmetic.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/MDLToLinalg/WindowUtils.h"
#include "compiler/Conversion/MDLToLinalg/GenericBuilder.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::mdl_to_linalg;

static bool isZero(ArrayRef<int64_t> values) {
  return llvm::all_of(values, [](int64_t v) { return v == 0; });
}

static SmallVector<OpFoldResult> indexAttrs(OpBuilder &b,
                                            ArrayRef<int64_t> values) {
  SmallVector<OpFoldResult> attrs;
  for (int64_t v : values)
    attrs.push_back(b.getIndexAttr(v));
  return attrs;
}

SmallVector<Value> mlir::mdl_to_linalg::batchSizes(OpBuilder &b,
                                                   Location loc,
                                                   RankedTensorType type,
                                                   Value batchOf) {
  SmallVector<Value> sizes;
  for (int64_t d = 0, e = type.getRank(); d < e; ++d)
    if (type.isDynamicDim(d))
      sizes.push_back(tensor::DimOp::create(b, loc, batchOf, 0));
  return sizes;
}

/// The sizes of `type` [N, C, H, W], a dynamic N that of `batchOf`.
static SmallVector<OpFoldResult> sizesOf(OpBuilder &b, Location loc,
                                         RankedTensorType type,
                                         Value batchOf) {
  SmallVector<OpFoldResult> sizes;
  for (int64_t d = 0, e = type.getRank(); d < e; ++d)
    sizes.push_back(type.isDynamicDim(d)
                        ? tensor::getMixedSize(b, loc, batchOf, 0)
                        : OpFoldResult(b.getIndexAttr(type.getDimSize(d))));
  return sizes;
}

Value mlir::mdl_to_linalg::padSpatial(OpBuilder &b, Location loc, Value value,
                                      ArrayRef<int64_t> padding,
                                      double padValue) {
  if (isZero(padding))
    return value;
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape(type.getShape());
  SmallVector<int64_t> edges = {0, 0, padding[0], padding[1]};
  for (int k = 0; k < 2; ++k)
    shape[2 + k] += 2 * padding[k];
  auto elementType = cast<FloatType>(type.getElementType());
  Value pad = arith::ConstantOp::create(b, loc, elementType,
                                        b.getFloatAttr(elementType, padValue));
  return tensor::PadOp::create(b, loc,
                               RankedTensorType::get(shape, elementType), value,
                               indexAttrs(b, edges), indexAttrs(b, edges), pad);
}

Value mlir::mdl_to_linalg::cropSpatial(OpBuilder &b, Location loc, Value value,
                                       ArrayRef<int64_t> padding,
                                       RankedTensorType type, Value batchOf) {
  if (isZero(padding))
    return value;
  return tensor::ExtractSliceOp::create(
      b, loc, type, value, indexAttrs(b, {0, 0, padding[0], padding[1]}),
      sizesOf(b, loc, type, batchOf), indexAttrs(b, {1, 1, 1, 1}));
}

Value mlir::mdl_to_linalg::spreadOutputGrad(
    OpBuilder &b, Location loc, Value grad, ArrayRef<int64_t> paddedSize,
    ArrayRef<int64_t> kernel, ArrayRef<int64_t> stride,
    ArrayRef<int64_t> dilation, double fill, Value batchOf) {
  auto gradType = cast<RankedTensorType>(grad.getType());
  SmallVector<int64_t> shape = {gradType.getDimSize(0), gradType.getDimSize(1),
                                0, 0};
  SmallVector<int64_t> offsets = {0, 0, 0, 0}, strides = {1, 1, 1, 1};
  for (int k = 0; k < 2; ++k) {
    int64_t reach = (kernel[k] - 1) * dilation[k];
    shape[2 + k] = paddedSize[k] + reach;
    offsets[2 + k] = reach;
    strides[2 + k] = stride[k];
  }
  auto type = RankedTensorType::get(shape, gradType.getElementType());
  Value spread =
      createFilled(b, loc, type, batchSizes(b, loc, type, batchOf), fill);
  return tensor::InsertSliceOp::create(b, loc, grad, spread,
                                       indexAttrs(b, offsets),
                                       sizesOf(b, loc, gradType, batchOf),
                                       indexAttrs(b, strides));
}

Value mlir::mdl_to_linalg::gatherWindows(OpBuilder &b, Location loc,
                                         Value value, ArrayRef<int64_t> kernel,
                                         ArrayRef<int64_t> stride,
                                         ArrayRef<int64_t> dilation,
                                         ArrayRef<int64_t> outSize,
                                         Value batchOf) {
  auto type = cast<RankedTensorType>(value.getType());
  MLIRContext *ctx = b.getContext();
  // Loops (c, i, j, n, y, x), x innermost: a unit-stride window row is a
  // contiguous copy.
  AffineExpr c, i, j, n, y, x;
  bindDims(ctx, c, i, j, n, y, x);
  AffineMap inputMap = AffineMap::get(
      6, 0,
      {n, c, y * stride[0] + i * dilation[0], x * stride[1] + j * dilation[1]},
      ctx);
  auto windowsType = RankedTensorType::get(
      {type.getDimSize(1), kernel[0], kernel[1], type.getDimSize(0),
       outSize[0], outSize[1]},
      type.getElementType());
  Value windows = buildGeneric(
      b, loc, value,
      createEmpty(b, loc, windowsType,
                  batchSizes(b, loc, windowsType, batchOf)),
      {inputMap, b.getMultiDimIdentityMap(6)},
      SmallVector<utils::IteratorType>(6, utils::IteratorType::parallel),
      [](OpBuilder &, Location, ValueRange s) -> Value { return s[0]; });
  return tensor::CollapseShapeOp::create(
      b, loc, windows, ArrayRef<ReassociationIndices>{{0, 1, 2}, {3, 4, 5}});
}
