//===- Normalization.cpp - batch norm and dropout to linalg -----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Batch normalization is rewritten into mdl reductions and broadcasting
// arithmetic (mean, centered square mean, scale and shift), which the
// conversion then lowers like any other mdl op; linalg's elementwise fusion
// merges the per-element steps afterwards. Dropout becomes one elementwise
// generic that hashes (seed, linear element index) with SplitMix64, so the
// mask needs no state and no memory.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/MDLToLinalg/GenericBuilder.h"
#include "compiler/Conversion/MDLToLinalg/MDLToLinalg.h"
#include "dialects/mdl/IR/MDLOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"

#include <cmath>

using namespace mlir;
using namespace mlir::mdl_to_linalg;

namespace {

/// mdl ops over an input [N, C, ...] (N may be dynamic) and per-channel
/// tensors [C].
struct ChannelOps {
  OpBuilder &b;
  Location loc;
  Value input;
  RankedTensorType inputType = cast<RankedTensorType>(input.getType());

  RankedTensorType channelType() const {
    return RankedTensorType::get({inputType.getDimSize(1)},
                                 inputType.getElementType());
  }
  DenseI64ArrayAttr reducedDims() const {
    SmallVector<int64_t> dims;
    for (int64_t i = 0; i < inputType.getRank(); ++i)
      if (i != 1)
        dims.push_back(i);
    return b.getDenseI64ArrayAttr(dims);
  }
  Value spread(Value channel) {
    return mdl::BroadcastOp::create(b, loc, inputType, channel,
                                    mdl::getDynamicSizes(b, loc, input),
                                    b.getDenseI64ArrayAttr({1}));
  }
  Value mean(Value full) {
    return mdl::MeanOp::create(b, loc, channelType(), full, reducedDims());
  }
  /// (x - mean) / sqrt(var + eps) · weight + bias.
  Value normalize(Value x, Value weight, Value bias, Value mean, Value var,
                  double eps) {
    Value shifted = mdl::AddOp::create(
        b, loc, channelType(), var,
        mdl::createSplatConstant(
            b, loc, RankedTensorType::get({}, inputType.getElementType()),
            eps));
    Value std = mdl::SqrtOp::create(b, loc, channelType(), shifted);
    Value gain = mdl::DivOp::create(b, loc, channelType(), weight, std);
    Value centered = mdl::SubOp::create(b, loc, inputType, x, spread(mean));
    Value scaled =
        mdl::MulOp::create(b, loc, inputType, centered, spread(gain));
    return mdl::AddOp::create(b, loc, inputType, scaled, spread(bias));
  }
};

struct BatchNormTrainLowering
    : public OpConversionPattern<mdl::BatchNormTrainOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::BatchNormTrainOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value x = adaptor.getInput();
    ChannelOps c{rewriter, op.getLoc(), x};
    Value mean = c.mean(x);
    Value centered =
        mdl::SubOp::create(rewriter, op.getLoc(), c.inputType, x,
                           c.spread(mean));
    Value var = c.mean(mdl::MulOp::create(rewriter, op.getLoc(), c.inputType,
                                          centered, centered));
    Value result =
        c.normalize(x, adaptor.getWeight(), adaptor.getBias(), mean, var,
                    op.getEps().convertToDouble());
    rewriter.replaceOp(op, {result, mean, var});
    return success();
  }
};

struct BatchNormEvalLowering
    : public OpConversionPattern<mdl::BatchNormEvalOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::BatchNormEvalOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    ChannelOps c{rewriter, op.getLoc(), adaptor.getInput()};
    rewriter.replaceOp(op, c.normalize(adaptor.getInput(), adaptor.getWeight(),
                                       adaptor.getBias(), adaptor.getMean(),
                                       adaptor.getVar(),
                                       op.getEps().convertToDouble()));
    return success();
  }
};

Value constantI64(OpBuilder &b, Location loc, uint64_t value) {
  return arith::ConstantOp::create(
      b, loc, b.getI64Type(),
      b.getIntegerAttr(b.getI64Type(), static_cast<int64_t>(value)));
}

/// SplitMix64's finalizer of `x`.
Value splitMix64(OpBuilder &b, Location loc, Value x) {
  auto mix = [&](Value z, unsigned shift, uint64_t factor) {
    Value shifted = arith::ShRUIOp::create(b, loc, z, constantI64(b, loc, shift));
    Value xored = arith::XOrIOp::create(b, loc, z, shifted);
    return arith::MulIOp::create(b, loc, xored, constantI64(b, loc, factor));
  };
  Value z = arith::AddIOp::create(b, loc, x,
                                  constantI64(b, loc, 0x9E3779B97F4A7C15ULL));
  z = mix(z, 30, 0xBF58476D1CE4E5B9ULL);
  z = mix(z, 27, 0x94D049BB133111EBULL);
  return arith::XOrIOp::create(
      b, loc, z, arith::ShRUIOp::create(b, loc, z, constantI64(b, loc, 31)));
}

struct DropoutLowering : public OpConversionPattern<mdl::DropoutOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::DropoutOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    double p = op.getP().convertToDouble();
    Value seed = adaptor.getSeed();
    Value input = adaptor.getInput();
    Value result = buildElementwise(
        rewriter, op.getLoc(), type,
        mdl::getDynamicSizes(rewriter, op.getLoc(), input), {input},
        [&](OpBuilder &b, Location loc, ValueRange s) -> Value {
          // The row-major index of the element. The batch size never
          // scales it (only dimensions 1.. are strides), so a dynamic batch
          // gives each sample the mask a static one would.
          Value linear = linalg::IndexOp::create(b, loc, 0);
          for (int64_t dim = 1; dim < type.getRank(); ++dim) {
            Value size =
                arith::ConstantIndexOp::create(b, loc, type.getDimSize(dim));
            linear = arith::AddIOp::create(
                b, loc, arith::MulIOp::create(b, loc, linear, size),
                linalg::IndexOp::create(b, loc, dim));
          }
          Value index =
              arith::IndexCastOp::create(b, loc, b.getI64Type(), linear);
          Value hash = splitMix64(
              b, loc,
              arith::XOrIOp::create(b, loc, splitMix64(b, loc, seed), index));
          // The top 24 bits as u in [0, 1): kept when u >= p.
          Value top = arith::ShRUIOp::create(b, loc, hash,
                                             constantI64(b, loc, 40));
          Value threshold = constantI64(
              b, loc, static_cast<uint64_t>(std::ceil(p * (1 << 24))));
          Value keep = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::uge,
                                             top, threshold);
          auto element = cast<FloatType>(s[0].getType());
          Value scale = arith::ConstantOp::create(
              b, loc, element, b.getFloatAttr(element, 1.0 / (1.0 - p)));
          Value zero = arith::ConstantOp::create(
              b, loc, element, b.getFloatAttr(element, 0.0));
          Value scaled = arith::MulFOp::create(b, loc, s[0], scale);
          return arith::SelectOp::create(b, loc, keep, scaled, zero);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::detail::populateMDLNormalizationPatterns(
    TypeConverter &typeConverter, RewritePatternSet &patterns) {
  patterns.add<BatchNormTrainLowering, BatchNormEvalLowering, DropoutLowering>(
      typeConverter, patterns.getContext());
}
