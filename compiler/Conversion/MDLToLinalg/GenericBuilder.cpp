//===- GenericBuilder.cpp - helpers to build linalg.generic ops -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Implements the helpers of GenericBuilder.h.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/MDLToLinalg/GenericBuilder.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"

using namespace mlir;
using namespace mlir::mdl_to_linalg;

Value mlir::mdl_to_linalg::createEmpty(OpBuilder &b, Location loc,
                                       RankedTensorType type,
                                       ValueRange dynamicSizes) {
  return tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType(),
                                 dynamicSizes);
}

Value mlir::mdl_to_linalg::createFilled(OpBuilder &b, Location loc,
                                        RankedTensorType type,
                                        ValueRange dynamicSizes, double value) {
  auto elementType = cast<FloatType>(type.getElementType());
  Value scalar = arith::ConstantOp::create(
      b, loc, elementType, b.getFloatAttr(elementType, value));
  return linalg::FillOp::create(b, loc, scalar,
                                createEmpty(b, loc, type, dynamicSizes))
      .getResult(0);
}

FailureOr<SmallVector<Value>>
mlir::mdl_to_linalg::reifyDynamicSizes(OpBuilder &b, Operation *op,
                                       unsigned index) {
  auto type = cast<RankedTensorType>(op->getResult(index).getType());
  SmallVector<Value> sizes;
  if (type.hasStaticShape())
    return sizes;
  ReifiedRankedShapedTypeDims shapes;
  if (failed(reifyResultShapes(b, op, shapes)))
    return failure();
  for (auto [i, size] : llvm::enumerate(shapes[index]))
    if (type.isDynamicDim(i))
      sizes.push_back(getValueOrCreateConstantIndexOp(b, op->getLoc(), size));
  return sizes;
}

AffineMap mlir::mdl_to_linalg::getBroadcastMap(MLIRContext *ctx,
                                               ArrayRef<int64_t> shape,
                                               ArrayRef<int64_t> resultShape) {
  size_t lead = resultShape.size() - shape.size();
  SmallVector<AffineExpr> exprs;
  for (auto [i, size] : llvm::enumerate(shape)) {
    if (size == 1 && resultShape[lead + i] != 1)
      exprs.push_back(getAffineConstantExpr(0, ctx));
    else
      exprs.push_back(getAffineDimExpr(lead + i, ctx));
  }
  return AffineMap::get(resultShape.size(), 0, exprs, ctx);
}

Value mlir::mdl_to_linalg::buildGeneric(OpBuilder &b, Location loc,
                                        ValueRange inputs, Value init,
                                        ArrayRef<AffineMap> maps,
                                        ArrayRef<utils::IteratorType> iterators,
                                        BodyBuilder body) {
  auto generic = linalg::GenericOp::create(
      b, loc, init.getType(), inputs, init, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange scalars) {
        linalg::YieldOp::create(nested, nestedLoc,
                                body(nested, nestedLoc, scalars));
      });
  return generic.getResult(0);
}

Value mlir::mdl_to_linalg::buildElementwise(OpBuilder &b, Location loc,
                                            RankedTensorType resultType,
                                            ValueRange dynamicSizes,
                                            ValueRange inputs,
                                            BodyBuilder body) {
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> maps;
  for (Value input : inputs)
    maps.push_back(getBroadcastMap(
        ctx, cast<RankedTensorType>(input.getType()).getShape(),
        resultType.getShape()));
  maps.push_back(b.getMultiDimIdentityMap(resultType.getRank()));
  SmallVector<utils::IteratorType> iterators(resultType.getRank(),
                                             utils::IteratorType::parallel);
  return buildGeneric(b, loc, inputs,
                      createEmpty(b, loc, resultType, dynamicSizes), maps,
                      iterators, body);
}

LogicalResult
mlir::mdl_to_linalg::replaceWithElementwise(RewriterBase &rewriter,
                                            Operation *op, ValueRange inputs,
                                            BodyBuilder body) {
  FailureOr<SmallVector<Value>> sizes = reifyDynamicSizes(rewriter, op);
  if (failed(sizes))
    return rewriter.notifyMatchFailure(op, "cannot reify its result shape");
  rewriter.replaceOp(
      op, buildElementwise(rewriter, op->getLoc(),
                           cast<RankedTensorType>(op->getResult(0).getType()),
                           *sizes, inputs, body));
  return success();
}
