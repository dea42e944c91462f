//===- GenericBuilder.cpp - helpers to build linalg.generic ops -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Implements the helpers of GenericBuilder.h.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/MDLToLinalg/GenericBuilder.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::mdl_to_linalg;

Value mlir::mdl_to_linalg::createEmpty(OpBuilder &b, Location loc,
                                       RankedTensorType type) {
  return tensor::EmptyOp::create(b, loc, type.getShape(),
                                 type.getElementType());
}

Value mlir::mdl_to_linalg::createFilled(OpBuilder &b, Location loc,
                                        RankedTensorType type, double value) {
  auto elementType = cast<FloatType>(type.getElementType());
  Value scalar = arith::ConstantOp::create(
      b, loc, elementType, b.getFloatAttr(elementType, value));
  return linalg::FillOp::create(b, loc, scalar, createEmpty(b, loc, type))
      .getResult(0);
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
  return buildGeneric(b, loc, inputs, createEmpty(b, loc, resultType), maps,
                      iterators, body);
}
