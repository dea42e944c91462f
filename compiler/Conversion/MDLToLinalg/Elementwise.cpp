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
#include "mlir/Dialect/Math/IR/Math.h"

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
// Elementwise functions
//===----------------------------------------------------------------------===//

/// Lowers a one-operand mdl op whose scalar body `Fn` computes from x.
template <typename SourceOp, Value (*Fn)(OpBuilder &, Location, Value)>
struct UnaryLowering : public OpConversionPattern<SourceOp> {
  using OpConversionPattern<SourceOp>::OpConversionPattern;
  using OpAdaptor = typename SourceOp::Adaptor;

  LogicalResult
  matchAndRewrite(SourceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value result = buildElementwise(
        rewriter, op.getLoc(), op.getResult().getType(), {adaptor.getInput()},
        [](OpBuilder &b, Location loc, ValueRange scalars) -> Value {
          return Fn(b, loc, scalars[0]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

Value floatConstant(OpBuilder &b, Location loc, Value like, double value) {
  auto type = cast<FloatType>(like.getType());
  return arith::ConstantOp::create(b, loc, type, b.getFloatAttr(type, value));
}

Value reluScalar(OpBuilder &b, Location loc, Value x) {
  return arith::MaximumFOp::create(b, loc, x, floatConstant(b, loc, x, 0.0));
}
Value expScalar(OpBuilder &b, Location loc, Value x) {
  return math::ExpOp::create(b, loc, x);
}
Value logScalar(OpBuilder &b, Location loc, Value x) {
  return math::LogOp::create(b, loc, x);
}
Value tanhScalar(OpBuilder &b, Location loc, Value x) {
  return math::TanhOp::create(b, loc, x);
}
Value sigmoidScalar(OpBuilder &b, Location loc, Value x) {
  // 1 / (1 + exp(-x)): exp overflows to +inf for very negative x, giving 0.
  Value e = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, x));
  Value one = floatConstant(b, loc, x, 1.0);
  return arith::DivFOp::create(b, loc, one, arith::AddFOp::create(b, loc, one, e));
}
Value absScalar(OpBuilder &b, Location loc, Value x) {
  return math::AbsFOp::create(b, loc, x);
}
Value sqrtScalar(OpBuilder &b, Location loc, Value x) {
  return math::SqrtOp::create(b, loc, x);
}

struct StopGradientLowering : public OpConversionPattern<mdl::StopGradientOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::StopGradientOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    // Only autodiff cares; the value passes through.
    rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Compare and select
//===----------------------------------------------------------------------===//

struct CompareLowering : public OpConversionPattern<mdl::CompareOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::CompareOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    StringRef name = op.getPredicate();
    bool isFloat = isa<FloatType>(op.getLhs().getType().getElementType());
    // Ordered float predicates (false on NaN), signed integer ones.
    auto floatPredicate = llvm::StringSwitch<arith::CmpFPredicate>(name)
                              .Case("lt", arith::CmpFPredicate::OLT)
                              .Case("le", arith::CmpFPredicate::OLE)
                              .Case("gt", arith::CmpFPredicate::OGT)
                              .Case("ge", arith::CmpFPredicate::OGE)
                              .Case("eq", arith::CmpFPredicate::OEQ)
                              .Default(arith::CmpFPredicate::UNE);
    auto intPredicate = llvm::StringSwitch<arith::CmpIPredicate>(name)
                            .Case("lt", arith::CmpIPredicate::slt)
                            .Case("le", arith::CmpIPredicate::sle)
                            .Case("gt", arith::CmpIPredicate::sgt)
                            .Case("ge", arith::CmpIPredicate::sge)
                            .Case("eq", arith::CmpIPredicate::eq)
                            .Default(arith::CmpIPredicate::ne);
    Value result = buildElementwise(
        rewriter, op.getLoc(), op.getResult().getType(),
        {adaptor.getLhs(), adaptor.getRhs()},
        [&](OpBuilder &b, Location loc, ValueRange s) -> Value {
          if (isFloat)
            return arith::CmpFOp::create(b, loc, floatPredicate, s[0], s[1]);
          return arith::CmpIOp::create(b, loc, intPredicate, s[0], s[1]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SelectLowering : public OpConversionPattern<mdl::SelectOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::SelectOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value result = buildElementwise(
        rewriter, op.getLoc(), op.getResult().getType(),
        {adaptor.getCondition(), adaptor.getOnTrue(), adaptor.getOnFalse()},
        [](OpBuilder &b, Location loc, ValueRange s) -> Value {
          return arith::SelectOp::create(b, loc, s[0], s[1], s[2]);
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
               UnaryLowering<mdl::ReluOp, reluScalar>,
               UnaryLowering<mdl::ExpOp, expScalar>,
               UnaryLowering<mdl::LogOp, logScalar>,
               UnaryLowering<mdl::TanhOp, tanhScalar>,
               UnaryLowering<mdl::SigmoidOp, sigmoidScalar>,
               UnaryLowering<mdl::AbsOp, absScalar>,
               UnaryLowering<mdl::SqrtOp, sqrtScalar>, StopGradientLowering,
               CompareLowering, SelectLowering, SGDLowering>(
      typeConverter, patterns.getContext());
}
