//===- Shapes.cpp - mdl shape ops to linalg and tensor ----------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Lowers mdl.broadcast and mdl.transpose to copying linalg.generics and
// mdl.reshape to tensor.collapse_shape / tensor.expand_shape. A dynamic
// batch sizes the copies from mdl.broadcast's explicit sizes or the
// transpose's input, and the expansion from the reshape's input.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/MDLToLinalg/GenericBuilder.h"
#include "compiler/Conversion/MDLToLinalg/MDLToLinalg.h"
#include "dialects/mdl/IR/MDLOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"

using namespace mlir;
using namespace mlir::mdl_to_linalg;

static Value yieldInput(OpBuilder &, Location, ValueRange s) { return s[0]; }

/// Copies `input` into a new tensor of `resultType` (with `dynamicSizes`),
/// reading it through `inputMap` (from the result's iteration space).
static Value buildCopy(OpBuilder &b, Location loc, Value input,
                       RankedTensorType resultType, ValueRange dynamicSizes,
                       AffineMap inputMap) {
  SmallVector<AffineMap> maps = {inputMap,
                                 b.getMultiDimIdentityMap(resultType.getRank())};
  SmallVector<utils::IteratorType> iterators(resultType.getRank(),
                                             utils::IteratorType::parallel);
  return buildGeneric(b, loc, input,
                      createEmpty(b, loc, resultType, dynamicSizes), maps,
                      iterators, yieldInput);
}

namespace {

struct BroadcastLowering : public OpConversionPattern<mdl::BroadcastOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::BroadcastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    MLIRContext *ctx = rewriter.getContext();
    RankedTensorType inputType = op.getInput().getType();
    RankedTensorType resultType = op.getResult().getType();
    SmallVector<AffineExpr> exprs;
    for (auto [i, dim] : llvm::enumerate(op.getDims())) {
      bool stretched =
          inputType.getDimSize(i) == 1 && resultType.getDimSize(dim) != 1;
      exprs.push_back(stretched ? getAffineConstantExpr(0, ctx)
                                : getAffineDimExpr(dim, ctx));
    }
    AffineMap map = AffineMap::get(resultType.getRank(), 0, exprs, ctx);
    rewriter.replaceOp(op,
                       buildCopy(rewriter, op.getLoc(), adaptor.getInput(),
                                 resultType, adaptor.getDynamicSizes(), map));
    return success();
  }
};

struct TransposeLowering : public OpConversionPattern<mdl::TransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    MLIRContext *ctx = rewriter.getContext();
    ArrayRef<int64_t> perm = op.getPermutation();
    // Result dim i reads input dim perm[i]: input dim j is indexed by the
    // result dim i with perm[i] == j.
    SmallVector<AffineExpr> exprs(perm.size());
    for (auto [i, p] : llvm::enumerate(perm))
      exprs[p] = getAffineDimExpr(i, ctx);
    AffineMap map = AffineMap::get(perm.size(), 0, exprs, ctx);
    FailureOr<SmallVector<Value>> sizes = reifyDynamicSizes(rewriter, op);
    if (failed(sizes))
      return rewriter.notifyMatchFailure(op, "cannot reify its result shape");
    rewriter.replaceOp(op, buildCopy(rewriter, op.getLoc(), adaptor.getInput(),
                                     op.getResult().getType(), *sizes, map));
    return success();
  }
};

struct ReshapeLowering : public OpConversionPattern<mdl::ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType from = op.getInput().getType();
    RankedTensorType to = op.getResult().getType();
    Value value = adaptor.getInput();
    if (from == to) {
      rewriter.replaceOp(op, value);
      return success();
    }
    // Collapse to rank 1 (or rank 0 when there is one element and the
    // target is rank 0), then expand to the target shape.
    auto all = [](int64_t rank) {
      ReassociationIndices group;
      for (int64_t i = 0; i < rank; ++i)
        group.push_back(i);
      return SmallVector<ReassociationIndices>{group};
    };
    if (to.getRank() == 0) {
      rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
          op, to, value, SmallVector<ReassociationIndices>{});
      return success();
    }
    if (from.getRank() == 0) {
      rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
          op, to, value, SmallVector<ReassociationIndices>{});
      return success();
    }
    if (to.hasStaticShape()) {
      if (from.getRank() != 1) {
        auto flat = RankedTensorType::get({from.getNumElements()},
                                          from.getElementType());
        value = tensor::CollapseShapeOp::create(rewriter, loc, flat, value,
                                                all(from.getRank()));
      }
      if (to.getRank() != 1)
        value = tensor::ExpandShapeOp::create(rewriter, loc, to, value,
                                              all(to.getRank()));
      rewriter.replaceOp(op, value);
      return success();
    }
    // A dynamic batch (reshape_c2): the same, through a dynamic rank-1
    // tensor, with the expansion's output sizes the result's reified ones.
    if (from.getRank() != 1) {
      auto flat =
          RankedTensorType::get({ShapedType::kDynamic}, from.getElementType());
      value = tensor::CollapseShapeOp::create(rewriter, loc, flat, value,
                                              all(from.getRank()));
    }
    if (to.getRank() != 1) {
      ReifiedRankedShapedTypeDims shapes;
      if (failed(reifyResultShapes(rewriter, op, shapes)))
        return rewriter.notifyMatchFailure(op, "cannot reify its result shape");
      value = tensor::ExpandShapeOp::create(rewriter, loc, to, value,
                                            all(to.getRank()), shapes[0]);
    }
    rewriter.replaceOp(op, value);
    return success();
  }
};

} // namespace

void mlir::detail::populateMDLShapePatterns(TypeConverter &typeConverter,
                                            RewritePatternSet &patterns) {
  patterns.add<BroadcastLowering, TransposeLowering, ReshapeLowering>(
      typeConverter, patterns.getContext());
}
