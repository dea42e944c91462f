//===- Elementwise.cpp - mdl elementwise ops to linalg ----------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Lowers broadcasting arithmetic, negation and elementwise functions to
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
    return replaceWithElementwise(
        rewriter, op, {adaptor.getLhs(), adaptor.getRhs()},
        [](OpBuilder &b, Location loc, ValueRange scalars) -> Value {
          return ArithOp::create(b, loc, scalars[0], scalars[1]);
        });
  }
};

struct NegLowering : public OpConversionPattern<mdl::NegOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::NegOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    return replaceWithElementwise(
        rewriter, op, {adaptor.getInput()},
        [](OpBuilder &b, Location loc, ValueRange scalars) -> Value {
          return arith::NegFOp::create(b, loc, scalars[0]);
        });
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
    return replaceWithElementwise(
        rewriter, op, {adaptor.getInput()},
        [](OpBuilder &b, Location loc, ValueRange scalars) -> Value {
          return Fn(b, loc, scalars[0]);
        });
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

Value erfScalar(OpBuilder &b, Location loc, Value x) {
  return math::ErfOp::create(b, loc, x);
}
Value geluScalar(OpBuilder &b, Location loc, Value x) {
  // 0.5·x·(1 + erf(x/√2)), PyTorch's exact GELU.
  Value scaled = arith::MulFOp::create(
      b, loc, x, floatConstant(b, loc, x, 0.70710678118654752440));
  Value onePlus = arith::AddFOp::create(b, loc, floatConstant(b, loc, x, 1.0),
                                        math::ErfOp::create(b, loc, scaled));
  Value half = arith::MulFOp::create(b, loc, x, floatConstant(b, loc, x, 0.5));
  return arith::MulFOp::create(b, loc, half, onePlus);
}

/// Lowers a one-operand mdl op with one f64 attribute, which `Fn` gets.
template <typename SourceOp, Value (*Fn)(OpBuilder &, Location, Value, double),
          double (*Attr)(SourceOp)>
struct UnaryWithAttrLowering : public OpConversionPattern<SourceOp> {
  using OpConversionPattern<SourceOp>::OpConversionPattern;
  using OpAdaptor = typename SourceOp::Adaptor;

  LogicalResult
  matchAndRewrite(SourceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    double attr = Attr(op);
    return replaceWithElementwise(
        rewriter, op, {adaptor.getInput()},
        [&](OpBuilder &b, Location loc, ValueRange scalars) -> Value {
          return Fn(b, loc, scalars[0], attr);
        });
  }
};

Value leakyReluScalar(OpBuilder &b, Location loc, Value x, double slope) {
  Value positive = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x,
                                         floatConstant(b, loc, x, 0.0));
  Value leaked =
      arith::MulFOp::create(b, loc, x, floatConstant(b, loc, x, slope));
  return arith::SelectOp::create(b, loc, positive, x, leaked);
}
double leakyReluSlope(mdl::LeakyReluOp op) {
  return op.getSlope().convertToDouble();
}

Value powScalar(OpBuilder &b, Location loc, Value x, double exponent) {
  // Small integer powers as products: exact, and no libm call.
  if (exponent == 1.0)
    return x;
  if (exponent == 2.0)
    return arith::MulFOp::create(b, loc, x, x);
  return math::PowFOp::create(b, loc, x, floatConstant(b, loc, x, exponent));
}
double powExponent(mdl::PowOp op) { return op.getExponent().convertToDouble(); }

struct HuberLowering : public OpConversionPattern<mdl::HuberOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::HuberOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    double delta = op.getDelta().convertToDouble();
    return replaceWithElementwise(
        rewriter, op, {adaptor.getInput()},
        [&](OpBuilder &b, Location loc, ValueRange s) -> Value {
          Value x = s[0];
          Value a = math::AbsFOp::create(b, loc, x);
          Value half = floatConstant(b, loc, x, 0.5);
          Value d = floatConstant(b, loc, x, delta);
          Value quadratic = arith::MulFOp::create(
              b, loc, half, arith::MulFOp::create(b, loc, x, x));
          Value linear = arith::MulFOp::create(
              b, loc, d,
              arith::SubFOp::create(b, loc, a,
                                    arith::MulFOp::create(b, loc, half, d)));
          Value inside =
              arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLE, a, d);
          return arith::SelectOp::create(b, loc, inside, quadratic, linear);
        });
  }
};

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
    return replaceWithElementwise(
        rewriter, op, {adaptor.getLhs(), adaptor.getRhs()},
        [&](OpBuilder &b, Location loc, ValueRange s) -> Value {
          if (isFloat)
            return arith::CmpFOp::create(b, loc, floatPredicate, s[0], s[1]);
          return arith::CmpIOp::create(b, loc, intPredicate, s[0], s[1]);
        });
  }
};

struct SelectLowering : public OpConversionPattern<mdl::SelectOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::SelectOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    return replaceWithElementwise(
        rewriter, op,
        {adaptor.getCondition(), adaptor.getOnTrue(), adaptor.getOnFalse()},
        [](OpBuilder &b, Location loc, ValueRange s) -> Value {
          return arith::SelectOp::create(b, loc, s[0], s[1], s[2]);
        });
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
               UnaryLowering<mdl::SqrtOp, sqrtScalar>,
               UnaryLowering<mdl::ErfOp, erfScalar>,
               UnaryLowering<mdl::GeluOp, geluScalar>,
               UnaryWithAttrLowering<mdl::LeakyReluOp, leakyReluScalar,
                                     leakyReluSlope>,
               UnaryWithAttrLowering<mdl::PowOp, powScalar, powExponent>,
               HuberLowering,
               StopGradientLowering,
               CompareLowering, SelectLowering>(
      typeConverter, patterns.getContext());
}
