//===- MDLShapes.cpp - result shapes with a dynamic batch -------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// ReifyRankedShapedTypeOpInterface for the mdl ops whose results can carry
// the dynamic batch (each `?` of a result as `tensor.dim` of the operand it
// comes from, or mdl.broadcast's explicit sizes), and the helpers the VJP
// rules and the lowering use to size tensors at run time.
//
//===----------------------------------------------------------------------===//

#include "dialects/mdl/IR/MDLOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mlir::mdl;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

SmallVector<Value> mlir::mdl::getDynamicSizes(OpBuilder &builder, Location loc,
                                              Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  SmallVector<Value> sizes;
  for (int64_t i = 0; i < type.getRank(); ++i)
    if (type.isDynamicDim(i))
      sizes.push_back(tensor::DimOp::create(builder, loc, tensor, i));
  return sizes;
}

bool mlir::mdl::hasDynamicDim(Value tensor, ArrayRef<int64_t> dims) {
  auto type = cast<RankedTensorType>(tensor.getType());
  return llvm::any_of(dims, [&](int64_t d) { return type.isDynamicDim(d); });
}

Value mlir::mdl::createSplatLike(OpBuilder &builder, Location loc, Value like,
                                 double value) {
  auto type = cast<RankedTensorType>(like.getType());
  if (type.hasStaticShape())
    return createSplatConstant(builder, loc, type, value);
  Value scalar = createSplatConstant(
      builder, loc, RankedTensorType::get({}, type.getElementType()), value);
  return BroadcastOp::create(builder, loc, type, scalar,
                             getDynamicSizes(builder, loc, like),
                             builder.getDenseI64ArrayAttr({}));
}

Value mlir::mdl::buildElementCount(OpBuilder &builder, Location loc,
                                   Value tensor, ArrayRef<int64_t> dims,
                                   FloatType type) {
  auto tensorType = cast<RankedTensorType>(tensor.getType());
  int64_t staticCount = 1;
  Value count;
  for (int64_t dim : dims) {
    if (!tensorType.isDynamicDim(dim)) {
      staticCount *= tensorType.getDimSize(dim);
      continue;
    }
    Value size = tensor::DimOp::create(builder, loc, tensor, dim);
    count = count ? arith::MulIOp::create(builder, loc, count, size) : size;
  }
  if (staticCount != 1 || !count) {
    Value factor = arith::ConstantIndexOp::create(builder, loc, staticCount);
    count = count ? arith::MulIOp::create(builder, loc, count, factor) : factor;
  }
  Value wide =
      arith::IndexCastOp::create(builder, loc, builder.getI64Type(), count);
  return arith::SIToFPOp::create(builder, loc, type, wide);
}

Value mlir::mdl::createCountScale(OpBuilder &builder, Location loc,
                                 Value tensor, ArrayRef<int64_t> dims,
                                 double numerator) {
  auto type = cast<RankedTensorType>(tensor.getType());
  auto scalarType = RankedTensorType::get({}, type.getElementType());
  if (!hasDynamicDim(tensor, dims)) {
    double count = 1;
    for (int64_t dim : dims)
      count *= static_cast<double>(type.getDimSize(dim));
    return createSplatConstant(builder, loc, scalarType, numerator / count);
  }
  auto elementType = cast<FloatType>(type.getElementType());
  Value count = buildElementCount(builder, loc, tensor, dims, elementType);
  Value num = arith::ConstantOp::create(
      builder, loc, elementType, builder.getFloatAttr(elementType, numerator));
  Value scale = arith::DivFOp::create(builder, loc, num, count);
  return tensor::FromElementsOp::create(builder, loc, scalarType, scale);
}

/// The sizes of `result`: its static ones as attributes, and `dynamic(i)`
/// for each dynamic dimension `i`.
static SmallVector<OpFoldResult>
shapeOf(OpBuilder &b, Value result,
        function_ref<OpFoldResult(int64_t)> dynamic) {
  auto type = cast<RankedTensorType>(result.getType());
  SmallVector<OpFoldResult> sizes;
  for (int64_t i = 0; i < type.getRank(); ++i)
    sizes.push_back(type.isDynamicDim(i) ? dynamic(i)
                                         : b.getIndexAttr(type.getDimSize(i)));
  return sizes;
}

/// Dimension `dim` of `value`: `tensor.dim` when dynamic.
static OpFoldResult sizeOf(OpBuilder &b, Value value, int64_t dim) {
  return tensor::getMixedSize(b, value.getLoc(), value, dim);
}

/// The shape of an op's single result, each dynamic dimension `i` taken
/// from `source(i)` = (operand, its dimension).
static LogicalResult
reifyFrom(OpBuilder &b, Operation *op, ReifiedRankedShapedTypeDims &shapes,
          function_ref<std::pair<Value, int64_t>(int64_t)> source) {
  shapes.push_back(shapeOf(b, op->getResult(0), [&](int64_t i) {
    auto [value, dim] = source(i);
    return sizeOf(b, value, dim);
  }));
  return success();
}

//===----------------------------------------------------------------------===//
// Shared rules
//===----------------------------------------------------------------------===//

LogicalResult
mlir::mdl::detail::reifyBroadcastShape(OpBuilder &builder, Operation *op,
                                       ReifiedRankedShapedTypeDims &shapes) {
  auto result = cast<RankedTensorType>(op->getResult(0).getType());
  int64_t rank = result.getRank();
  bool found = true;
  // A dynamic result dimension pairs only with dynamic operand ones
  // (broadcast_c1), so the first such operand gives its size.
  shapes.push_back(shapeOf(builder, op->getResult(0), [&](int64_t i) {
    for (Value operand : op->getOperands()) {
      auto type = dyn_cast<RankedTensorType>(operand.getType());
      if (!type)
        continue;
      int64_t j = i - (rank - type.getRank());
      if (j >= 0 && type.isDynamicDim(j))
        return sizeOf(builder, operand, j);
    }
    found = false;
    return OpFoldResult(builder.getIndexAttr(0));
  }));
  return success(found);
}

LogicalResult
mlir::mdl::detail::reifyReducedShape(OpBuilder &builder, Operation *op,
                                     Value input, ArrayRef<int64_t> dims,
                                     ReifiedRankedShapedTypeDims &shapes) {
  SmallVector<int64_t> kept;
  for (int64_t i = 0; i < cast<RankedTensorType>(input.getType()).getRank();
       ++i)
    if (!llvm::is_contained(dims, i))
      kept.push_back(i);
  return reifyFrom(builder, op, shapes,
                   [&](int64_t i) { return std::make_pair(input, kept[i]); });
}

//===----------------------------------------------------------------------===//
// Per-op shapes
//===----------------------------------------------------------------------===//

LogicalResult LinearOp::reifyResultShapes(OpBuilder &b,
                                          ReifiedRankedShapedTypeDims &shapes) {
  // [N, out]: only N can be dynamic.
  return reifyFrom(b, *this, shapes, [&](int64_t) {
    return std::make_pair(getInput(), int64_t{0});
  });
}

LogicalResult MatmulOp::reifyResultShapes(OpBuilder &b,
                                          ReifiedRankedShapedTypeDims &shapes) {
  return reifyFrom(b, *this, shapes, [&](int64_t i) {
    return i == 0 ? std::make_pair(getLhs(), int64_t{0})
                  : std::make_pair(getRhs(), int64_t{1});
  });
}

#define MDL_REIFY_AS_BROADCAST(OP)                                             \
  LogicalResult OP::reifyResultShapes(OpBuilder &b,                            \
                                      ReifiedRankedShapedTypeDims &shapes) {   \
    return detail::reifyBroadcastShape(b, *this, shapes);                      \
  }
MDL_REIFY_AS_BROADCAST(NegOp)
MDL_REIFY_AS_BROADCAST(LeakyReluOp)
MDL_REIFY_AS_BROADCAST(PowOp)
MDL_REIFY_AS_BROADCAST(HuberOp)
MDL_REIFY_AS_BROADCAST(StopGradientOp)
MDL_REIFY_AS_BROADCAST(CompareOp)
MDL_REIFY_AS_BROADCAST(SelectOp)
MDL_REIFY_AS_BROADCAST(LogSoftmaxOp)
MDL_REIFY_AS_BROADCAST(SoftmaxOp)
#undef MDL_REIFY_AS_BROADCAST

LogicalResult GatherOp::reifyResultShapes(OpBuilder &b,
                                          ReifiedRankedShapedTypeDims &shapes) {
  // The result has the index's shape (gather_c2, gather_c3).
  return reifyFrom(b, *this, shapes,
                   [&](int64_t i) { return std::make_pair(getIndex(), i); });
}

LogicalResult
ScatterAddOp::reifyResultShapes(OpBuilder &b,
                                ReifiedRankedShapedTypeDims &shapes) {
  // The source has the result's shape without `axis`.
  auto axis = static_cast<int64_t>(getAxis());
  return reifyFrom(b, *this, shapes, [&](int64_t i) {
    return std::make_pair(getSource(), i < axis ? i : i - 1);
  });
}

LogicalResult
BroadcastOp::reifyResultShapes(OpBuilder &b,
                               ReifiedRankedShapedTypeDims &shapes) {
  ValueRange sizes = getDynamicSizes();
  unsigned next = 0;
  shapes.push_back(shapeOf(
      b, getResult(), [&](int64_t) { return OpFoldResult(sizes[next++]); }));
  return success();
}

LogicalResult
ReshapeOp::reifyResultShapes(OpBuilder &b,
                             ReifiedRankedShapedTypeDims &shapes) {
  // reshape_c2: the batch stays dimension 0.
  return reifyFrom(b, *this, shapes, [&](int64_t) {
    return std::make_pair(getInput(), int64_t{0});
  });
}

LogicalResult
TransposeOp::reifyResultShapes(OpBuilder &b,
                               ReifiedRankedShapedTypeDims &shapes) {
  ArrayRef<int64_t> perm = getPermutation();
  return reifyFrom(b, *this, shapes, [&](int64_t i) {
    return std::make_pair(getInput(), perm[i]);
  });
}

LogicalResult OneHotOp::reifyResultShapes(OpBuilder &b,
                                          ReifiedRankedShapedTypeDims &shapes) {
  // The labels' shape plus a static class dimension.
  return reifyFrom(b, *this, shapes,
                   [&](int64_t i) { return std::make_pair(getLabels(), i); });
}

LogicalResult ArgmaxOp::reifyResultShapes(OpBuilder &b,
                                          ReifiedRankedShapedTypeDims &shapes) {
  int64_t axis = getAxis();
  return detail::reifyReducedShape(b, *this, getInput(), {axis}, shapes);
}

//===----------------------------------------------------------------------===//
// Window and normalization ops: only the batch (dimension 0) is dynamic
//===----------------------------------------------------------------------===//

/// The shape of an op's results, each dynamic (batch) dimension that of
/// `batchOf`.
static LogicalResult reifyBatchFrom(OpBuilder &b, Operation *op, Value batchOf,
                                    ReifiedRankedShapedTypeDims &shapes) {
  for (Value result : op->getResults())
    shapes.push_back(
        shapeOf(b, result, [&](int64_t) { return sizeOf(b, batchOf, 0); }));
  return success();
}

#define MDL_REIFY_BATCH_FROM(OP, OPERAND)                                      \
  LogicalResult OP::reifyResultShapes(OpBuilder &b,                            \
                                      ReifiedRankedShapedTypeDims &shapes) {   \
    return reifyBatchFrom(b, *this, OPERAND, shapes);                          \
  }
MDL_REIFY_BATCH_FROM(Conv2DOp, getInput())
MDL_REIFY_BATCH_FROM(Conv2DInputGradOp, getOutputGrad())
// The weight gradient [O, C, KH, KW] is static: it sums over the batch.
MDL_REIFY_BATCH_FROM(Conv2DWeightGradOp, getInput())
MDL_REIFY_BATCH_FROM(MaxPool2DOp, getInput())
MDL_REIFY_BATCH_FROM(MaxPool2DGradOp, getInput())
MDL_REIFY_BATCH_FROM(AvgPool2DOp, getInput())
MDL_REIFY_BATCH_FROM(AvgPool2DGradOp, getOutputGrad())
// The batch statistics [C] are static.
MDL_REIFY_BATCH_FROM(BatchNormTrainOp, getInput())
MDL_REIFY_BATCH_FROM(BatchNormEvalOp, getInput())
MDL_REIFY_BATCH_FROM(DropoutOp, getInput())
#undef MDL_REIFY_BATCH_FROM
