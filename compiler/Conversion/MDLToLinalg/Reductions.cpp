//===- Reductions.cpp - mdl reductions and losses to linalg -----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Lowers mdl.sum, mdl.mean and mdl.mse to reduction linalg.generics into a
// zero-filled accumulator, followed by a scaling map where a mean is taken.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/MDLToLinalg/GenericBuilder.h"
#include "compiler/Conversion/MDLToLinalg/MDLToLinalg.h"
#include "dialects/mdl/IR/MDLOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace mlir::mdl_to_linalg;

/// Sums `inputs` combined by `combine` over `dims` into `resultType`.
static Value buildReduction(OpBuilder &b, Location loc, ValueRange inputs,
                            RankedTensorType resultType,
                            ArrayRef<int64_t> dims, BodyBuilder combine) {
  MLIRContext *ctx = b.getContext();
  int64_t rank = cast<RankedTensorType>(inputs[0].getType()).getRank();
  SmallVector<AffineExpr> kept;
  SmallVector<utils::IteratorType> iterators;
  for (int64_t i = 0; i < rank; ++i) {
    bool reduced = llvm::is_contained(dims, i);
    iterators.push_back(reduced ? utils::IteratorType::reduction
                                : utils::IteratorType::parallel);
    if (!reduced)
      kept.push_back(getAffineDimExpr(i, ctx));
  }
  SmallVector<AffineMap> maps(inputs.size(), b.getMultiDimIdentityMap(rank));
  maps.push_back(AffineMap::get(rank, 0, kept, ctx));
  Value init = createFilled(b, loc, resultType, 0.0);
  return buildGeneric(
      b, loc, inputs, init, maps, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange s) -> Value {
        Value term = combine(nb, nloc, s.drop_back());
        return arith::AddFOp::create(nb, nloc, s.back(), term);
      });
}

/// `value * factor` elementwise.
static Value scale(OpBuilder &b, Location loc, Value value, double factor) {
  auto type = cast<RankedTensorType>(value.getType());
  auto elementType = cast<FloatType>(type.getElementType());
  return buildElementwise(
      b, loc, type, {value},
      [&](OpBuilder &nb, Location nloc, ValueRange s) -> Value {
        Value c = arith::ConstantOp::create(
            nb, nloc, elementType, nb.getFloatAttr(elementType, factor));
        return arith::MulFOp::create(nb, nloc, s[0], c);
      });
}

static Value identity(OpBuilder &, Location, ValueRange s) { return s[0]; }

namespace {

struct SumLowering : public OpConversionPattern<mdl::SumOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::SumOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, buildReduction(rewriter, op.getLoc(),
                                          {adaptor.getInput()},
                                          op.getResult().getType(),
                                          op.getDims(), identity));
    return success();
  }
};

struct MeanLowering : public OpConversionPattern<mdl::MeanOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::MeanOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    int64_t count = 1;
    for (int64_t dim : op.getDims())
      count *= op.getInput().getType().getDimSize(dim);
    Value sum =
        buildReduction(rewriter, op.getLoc(), {adaptor.getInput()},
                       op.getResult().getType(), op.getDims(), identity);
    rewriter.replaceOp(op, scale(rewriter, op.getLoc(), sum, 1.0 / count));
    return success();
  }
};

struct MSELowering : public OpConversionPattern<mdl::MSEOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::MSEOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = op.getPrediction().getType();
    SmallVector<int64_t> allDims =
        llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()));
    Value sum = buildReduction(
        rewriter, op.getLoc(), {adaptor.getPrediction(), adaptor.getTarget()},
        op.getResult().getType(), allDims,
        [](OpBuilder &b, Location loc, ValueRange s) -> Value {
          Value diff = arith::SubFOp::create(b, loc, s[0], s[1]);
          return arith::MulFOp::create(b, loc, diff, diff);
        });
    rewriter.replaceOp(
        op, scale(rewriter, op.getLoc(), sum, 1.0 / type.getNumElements()));
    return success();
  }
};

} // namespace

void mlir::detail::populateMDLReductionPatterns(TypeConverter &typeConverter,
                                                RewritePatternSet &patterns) {
  patterns.add<SumLowering, MeanLowering, MSELowering>(typeConverter,
                                                       patterns.getContext());
}
