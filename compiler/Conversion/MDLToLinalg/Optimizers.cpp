//===- Optimizers.cpp - mdl optimizer updates to linalg ---------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Lowers the optimizer updates (SGD, SGD with momentum, Adam/AdamW) to one
// all-parallel linalg.generic each that writes into the parameter and its
// state in destination-passing style, so that bufferization updates them in
// place; per-step scalars (bias corrections, first-step switches) are
// computed once outside the map. Gradient clipping is a sum-of-squares
// reduction per gradient followed by one scaling map per gradient.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/MDLToLinalg/GenericBuilder.h"
#include "compiler/Conversion/MDLToLinalg/MDLToLinalg.h"
#include "dialects/mdl/IR/MDLOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::mdl_to_linalg;

namespace {

/// A float constant of `type`.
Value floatConstant(OpBuilder &b, Location loc, Type type, double value) {
  return arith::ConstantOp::create(b, loc, type, b.getFloatAttr(type, value));
}

/// Identity maps and parallel iterators for an elementwise generic with
/// `numOperands` operands of `type`.
std::pair<SmallVector<AffineMap>, SmallVector<utils::IteratorType>>
getParallelMaps(OpBuilder &b, RankedTensorType type, unsigned numOperands) {
  AffineMap identity = b.getMultiDimIdentityMap(type.getRank());
  return {SmallVector<AffineMap>(numOperands, identity),
          SmallVector<utils::IteratorType>(type.getRank(),
                                           utils::IteratorType::parallel)};
}

/// `g + weightDecay * p` (PyTorch's L2 weight decay), or `g` when it is 0.
Value addWeightDecay(OpBuilder &b, Location loc, Value g, Value p,
                     double weightDecay) {
  if (weightDecay == 0.0)
    return g;
  Value decay = floatConstant(b, loc, g.getType(), weightDecay);
  Value decayed = arith::MulFOp::create(b, loc, decay, p);
  return arith::AddFOp::create(b, loc, g, decayed);
}

struct SGDLowering : public OpConversionPattern<mdl::SGDOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::SGDOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value lr = adaptor.getLr();
    double weightDecay = op.getWeightDecay().convertToDouble();
    auto [maps, iterators] = getParallelMaps(rewriter, op.getType(), 2);
    Value result = buildGeneric(
        rewriter, op.getLoc(), {adaptor.getGrad()}, adaptor.getParam(), maps,
        iterators, [&](OpBuilder &b, Location loc, ValueRange s) -> Value {
          Value g = addWeightDecay(b, loc, s[0], s[1], weightDecay);
          Value step = arith::MulFOp::create(b, loc, lr, g);
          return arith::SubFOp::create(b, loc, s[1], step);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SGDMomentumLowering : public OpConversionPattern<mdl::SGDMomentumOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::SGDMomentumOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type elementType = op.getLr().getType();
    double momentum = op.getMomentum().convertToDouble();
    double dampening = op.getDampening().convertToDouble();
    double weightDecay = op.getWeightDecay().convertToDouble();
    bool nesterov = op.getNesterov();
    // buf' = a·buf + c·g with (a, c) = (0, 1) on the first step, where
    // PyTorch initialises the buffer to the gradient, else (μ, 1-τ).
    Value first = arith::CmpFOp::create(
        rewriter, loc, arith::CmpFPredicate::OEQ, adaptor.getStep(),
        floatConstant(rewriter, loc, elementType, 1.0));
    Value keep = arith::SelectOp::create(
        rewriter, loc, first, floatConstant(rewriter, loc, elementType, 0.0),
        floatConstant(rewriter, loc, elementType, momentum));
    Value take = arith::SelectOp::create(
        rewriter, loc, first, floatConstant(rewriter, loc, elementType, 1.0),
        floatConstant(rewriter, loc, elementType, 1.0 - dampening));
    Value lr = adaptor.getLr();

    RankedTensorType type = op.getParam().getType();
    auto [maps, iterators] = getParallelMaps(rewriter, type, 3);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type, type}, adaptor.getGrad(),
        ValueRange{adaptor.getParam(), adaptor.getBuf()}, maps, iterators,
        [&](OpBuilder &b, Location nloc, ValueRange s) {
          Value p = s[1], buf = s[2];
          Value g = addWeightDecay(b, nloc, s[0], p, weightDecay);
          Value kept = arith::MulFOp::create(b, nloc, keep, buf);
          Value taken = arith::MulFOp::create(b, nloc, take, g);
          Value buf2 = arith::AddFOp::create(b, nloc, kept, taken);
          Value direction = buf2;
          if (nesterov) {
            Value ahead = arith::MulFOp::create(
                b, nloc, floatConstant(b, nloc, elementType, momentum), buf2);
            direction = arith::AddFOp::create(b, nloc, g, ahead);
          }
          Value update = arith::MulFOp::create(b, nloc, lr, direction);
          Value p2 = arith::SubFOp::create(b, nloc, p, update);
          linalg::YieldOp::create(b, nloc, ValueRange{p2, buf2});
        });
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }
};

struct AdamLowering : public OpConversionPattern<mdl::AdamOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::AdamOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto elementType = cast<FloatType>(op.getLr().getType());
    auto constant = [&](OpBuilder &b, double value) -> Value {
      return floatConstant(b, loc, elementType, value);
    };
    double beta1 = op.getBeta1().convertToDouble();
    double beta2 = op.getBeta2().convertToDouble();
    double eps = op.getEps().convertToDouble();
    double weightDecay = op.getWeightDecay().convertToDouble();
    bool decoupled = op.getDecoupledWeightDecay();
    // Bias corrections 1 - β^step, computed once per step outside the map.
    Value step = adaptor.getStep();
    Value one = constant(rewriter, 1.0);
    Value correction1 = arith::SubFOp::create(
        rewriter, loc, one,
        math::PowFOp::create(rewriter, loc, constant(rewriter, beta1), step));
    Value correction2 = arith::SubFOp::create(
        rewriter, loc, one,
        math::PowFOp::create(rewriter, loc, constant(rewriter, beta2), step));
    Value lr = adaptor.getLr();
    // AdamW's decay factor 1 - lr·λ, also once per step.
    Value decay;
    if (decoupled && weightDecay != 0.0)
      decay = arith::SubFOp::create(
          rewriter, loc, one,
          arith::MulFOp::create(rewriter, loc, lr,
                                constant(rewriter, weightDecay)));

    // In place into the parameter and both moments.
    RankedTensorType type = op.getParam().getType();
    auto [maps, iterators] = getParallelMaps(rewriter, type, 4);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type, type, type}, adaptor.getGrad(),
        ValueRange{adaptor.getParam(), adaptor.getM(), adaptor.getV()}, maps,
        iterators, [&](OpBuilder &b, Location nloc, ValueRange s) {
          Value g = s[0], p = s[1], m = s[2], v = s[3];
          if (decay)
            p = arith::MulFOp::create(b, nloc, p, decay);
          else if (!decoupled)
            g = addWeightDecay(b, nloc, g, p, weightDecay);
          Value m2 = arith::AddFOp::create(
              b, nloc, arith::MulFOp::create(b, nloc, constant(b, beta1), m),
              arith::MulFOp::create(b, nloc, constant(b, 1.0 - beta1), g));
          Value g2 = arith::MulFOp::create(b, nloc, g, g);
          Value v2 = arith::AddFOp::create(
              b, nloc, arith::MulFOp::create(b, nloc, constant(b, beta2), v),
              arith::MulFOp::create(b, nloc, constant(b, 1.0 - beta2), g2));
          Value mHat = arith::DivFOp::create(b, nloc, m2, correction1);
          Value vHat = arith::DivFOp::create(b, nloc, v2, correction2);
          Value denom = arith::AddFOp::create(
              b, nloc, math::SqrtOp::create(b, nloc, vHat), constant(b, eps));
          Value update = arith::MulFOp::create(
              b, nloc, lr, arith::DivFOp::create(b, nloc, mHat, denom));
          Value p2 = arith::SubFOp::create(b, nloc, p, update);
          linalg::YieldOp::create(b, nloc, ValueRange{p2, m2, v2});
        });
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }
};

struct ClipGradNormLowering : public OpConversionPattern<mdl::ClipGradNormOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::ClipGradNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type elementType = cast<RankedTensorType>(op.getGrads().front().getType())
                           .getElementType();
    auto scalarType = RankedTensorType::get({}, elementType);

    // Σ_i Σ g_i²: one full reduction per gradient into a rank-0 tensor.
    Value total;
    for (Value grad : adaptor.getGrads()) {
      auto type = cast<RankedTensorType>(grad.getType());
      SmallVector<AffineMap> maps = {
          rewriter.getMultiDimIdentityMap(type.getRank()),
          AffineMap::get(type.getRank(), 0, rewriter.getContext())};
      SmallVector<utils::IteratorType> iterators(
          type.getRank(), utils::IteratorType::reduction);
      Value squares = buildGeneric(
          rewriter, loc, {grad},
          createFilled(rewriter, loc, scalarType, {}, 0.0), maps, iterators,
          [](OpBuilder &b, Location nloc, ValueRange s) -> Value {
            Value square = arith::MulFOp::create(b, nloc, s[0], s[0]);
            return arith::AddFOp::create(b, nloc, s[1], square);
          });
      Value sum =
          tensor::ExtractOp::create(rewriter, loc, squares, ValueRange{});
      total = total ? arith::AddFOp::create(rewriter, loc, total, sum) : sum;
    }
    // scale = min(1, max_norm / (norm + 1e-6)); NaN norms propagate.
    Value maxNorm = floatConstant(rewriter, loc, elementType,
                                  op.getMaxNorm().convertToDouble());
    Value eps = floatConstant(rewriter, loc, elementType, 1e-6);
    Value one = floatConstant(rewriter, loc, elementType, 1.0);
    Value norm = math::SqrtOp::create(rewriter, loc, total);
    Value coefficient =
        arith::DivFOp::create(rewriter, loc, maxNorm,
                              arith::AddFOp::create(rewriter, loc, norm, eps));
    Value scale = arith::MinimumFOp::create(rewriter, loc, coefficient, one);

    SmallVector<Value> results;
    for (Value grad : adaptor.getGrads()) {
      auto type = cast<RankedTensorType>(grad.getType());
      auto [maps, iterators] = getParallelMaps(rewriter, type, 1);
      results.push_back(
          buildGeneric(rewriter, loc, {}, grad, maps, iterators,
                       [&](OpBuilder &b, Location nloc, ValueRange s) -> Value {
                         return arith::MulFOp::create(b, nloc, s[0], scale);
                       }));
    }
    rewriter.replaceOp(op, results);
    return success();
  }
};

} // namespace

void mlir::detail::populateMDLOptimizerPatterns(TypeConverter &typeConverter,
                                                RewritePatternSet &patterns) {
  patterns.add<SGDLowering, SGDMomentumLowering, AdamLowering,
               ClipGradNormLowering>(typeConverter, patterns.getContext());
}
