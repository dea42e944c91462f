//===- Indexing.cpp - mdl gather and scatter_add to linalg ------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Lowers mdl.gather and mdl.scatter_add without data-dependent addressing:
// both compare the index with the position along the gathered axis
// (linalg.index), so every access stays in bounds whatever the index holds
// and both ops are plain linalg.generics with projected-permutation maps.
//   gather:       result[i] = Σ_c [index[i] == c] · input[i, c]  (c at axis)
//   scatter_add:  result[i, c] = [index[i] == c] · source[i]
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/MDLToLinalg/GenericBuilder.h"
#include "compiler/Conversion/MDLToLinalg/MDLToLinalg.h"
#include "dialects/mdl/IR/MDLOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace mlir::mdl_to_linalg;

/// The map from a rank-`rank` space to the same space without `axis`.
static AffineMap withoutAxis(MLIRContext *ctx, int64_t rank, int64_t axis) {
  SmallVector<AffineExpr> exprs;
  for (int64_t i = 0; i < rank; ++i)
    if (i != axis)
      exprs.push_back(getAffineDimExpr(i, ctx));
  return AffineMap::get(rank, 0, exprs, ctx);
}

/// `value` if the iteration's position along `axis` equals `index`, else 0.
static Value selectAtIndex(OpBuilder &b, Location loc, int64_t axis,
                           Value index, Value value) {
  Value position = arith::IndexCastOp::create(
      b, loc, index.getType(), linalg::IndexOp::create(b, loc, axis));
  Value hit = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, index,
                                    position);
  Value zero = arith::ConstantOp::create(
      b, loc, value.getType(), b.getFloatAttr(value.getType(), 0.0));
  return arith::SelectOp::create(b, loc, hit, value, zero);
}

namespace {

struct GatherLowering : public OpConversionPattern<mdl::GatherOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::GatherOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    MLIRContext *ctx = rewriter.getContext();
    int64_t rank = op.getInput().getType().getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    AffineMap reduced = withoutAxis(ctx, rank, axis);
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    iterators[axis] = utils::IteratorType::reduction;
    Location loc = op.getLoc();
    FailureOr<SmallVector<Value>> sizes = reifyDynamicSizes(rewriter, op);
    if (failed(sizes))
      return rewriter.notifyMatchFailure(op, "cannot reify its result shape");
    Value init = createFilled(rewriter, loc, op.getType(), *sizes, 0.0);
    Value result = buildGeneric(
        rewriter, loc, {adaptor.getInput(), adaptor.getIndex()}, init,
        {rewriter.getMultiDimIdentityMap(rank), reduced, reduced}, iterators,
        [&](OpBuilder &nb, Location nloc, ValueRange s) -> Value {
          Value picked = selectAtIndex(nb, nloc, axis, s[1], s[0]);
          return arith::AddFOp::create(nb, nloc, s[2], picked);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ScatterAddLowering : public OpConversionPattern<mdl::ScatterAddOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::ScatterAddOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    MLIRContext *ctx = rewriter.getContext();
    RankedTensorType type = op.getType();
    int64_t rank = type.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    AffineMap reduced = withoutAxis(ctx, rank, axis);
    Location loc = op.getLoc();
    FailureOr<SmallVector<Value>> sizes = reifyDynamicSizes(rewriter, op);
    if (failed(sizes))
      return rewriter.notifyMatchFailure(op, "cannot reify its result shape");
    Value result = buildGeneric(
        rewriter, loc, {adaptor.getSource(), adaptor.getIndex()},
        createEmpty(rewriter, loc, type, *sizes),
        {reduced, reduced, rewriter.getMultiDimIdentityMap(rank)},
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [&](OpBuilder &nb, Location nloc, ValueRange s) -> Value {
          return selectAtIndex(nb, nloc, axis, s[1], s[0]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::detail::populateMDLIndexingPatterns(TypeConverter &typeConverter,
                                               RewritePatternSet &patterns) {
  patterns.add<GatherLowering, ScatterAddLowering>(typeConverter,
                                                   patterns.getContext());
}
