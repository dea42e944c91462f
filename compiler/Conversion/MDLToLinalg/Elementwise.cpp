//===- Elementwise.cpp - mdl elementwise ops to linalg ----------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Lowers broadcasting arithmetic, negation and the SGD update to
// all-parallel linalg.generic ops whose indexing maps do the broadcasting.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/MDLToLinalg/GenericBuilder.h"
#include "compiler/Conversion/MDLToLinalg/MDLToLinalg.h"
#include "dialects/mdl/IR/MDLOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace mlir::mdl_to_linalg;

namespace {

//===----------------------------------------------------------------------===//
// Broadcasting binary arithmetic
//===----------------------------------------------------------------------===//

template <typename SourceOp, typename ArithOp>
struct BroadcastBinaryLowering : public OpConversionPattern<SourceOp> {
  using OpConversionPattern<SourceOp>::OpConversionPattern;
  using OpAdaptor = typename SourceOp::Adaptor;

  LogicalResult
  matchAndRewrite(SourceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value result = buildElementwise(
        rewriter, op.getLoc(), op.getResult().getType(),
        {adaptor.getLhs(), adaptor.getRhs()},
        [](OpBuilder &b, Location loc, ValueRange scalars) -> Value {
          return ArithOp::create(b, loc, scalars[0], scalars[1]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct NegLowering : public OpConversionPattern<mdl::NegOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::NegOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value result = buildElementwise(
        rewriter, op.getLoc(), op.getResult().getType(), {adaptor.getInput()},
        [](OpBuilder &b, Location loc, ValueRange scalars) -> Value {
          return arith::NegFOp::create(b, loc, scalars[0]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Optimizer updates
//===----------------------------------------------------------------------===//

struct SGDLowering : public OpConversionPattern<mdl::SGDOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::SGDOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    // Destination-passing style into the parameter itself, so that
    // bufferization updates it in place when nothing reads it afterwards.
    Value lr = adaptor.getLr();
    RankedTensorType type = op.getResult().getType();
    AffineMap identity = rewriter.getMultiDimIdentityMap(type.getRank());
    SmallVector<utils::IteratorType> iterators(type.getRank(),
                                               utils::IteratorType::parallel);
    Value result = buildGeneric(
        rewriter, op.getLoc(), {adaptor.getGrad()}, adaptor.getParam(),
        {identity, identity}, iterators,
        [&](OpBuilder &b, Location loc, ValueRange scalars) -> Value {
          Value step = arith::MulFOp::create(b, loc, lr, scalars[0]);
          return arith::SubFOp::create(b, loc, scalars[1], step);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::detail::populateMDLElementwisePatterns(TypeConverter &typeConverter,
                                                  RewritePatternSet &patterns) {
  patterns.add<BroadcastBinaryLowering<mdl::AddOp, arith::AddFOp>,
               BroadcastBinaryLowering<mdl::SubOp, arith::SubFOp>,
               BroadcastBinaryLowering<mdl::MulOp, arith::MulFOp>,
               BroadcastBinaryLowering<mdl::DivOp, arith::DivFOp>, NegLowering,
               SGDLowering>(typeConverter, patterns.getContext());
}
