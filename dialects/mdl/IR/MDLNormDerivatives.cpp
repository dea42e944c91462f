//===- MDLNormDerivatives.cpp - VJPs of normalization, dropout --*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Vector-Jacobian products of batch normalization (both modes) and dropout,
// built from mdl ops. Per-channel tensors [C] meet the input along dim 1.
//
//===----------------------------------------------------------------------===//

#include "dialects/mdl/IR/MDLOps.h"
#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mlir::mdl;

namespace {

/// The mdl ops of per-channel arithmetic over an input [N, C, ...] (N may
/// be dynamic).
struct ChannelMath {
  OpBuilder &b;
  Location loc;
  Value input;
  RankedTensorType inputType = cast<RankedTensorType>(input.getType());

  RankedTensorType channelType() const {
    return RankedTensorType::get({inputType.getDimSize(1)},
                                 inputType.getElementType());
  }
  /// The dims a per-channel statistic reduces: all but 1.
  SmallVector<int64_t> reducedDims() const {
    SmallVector<int64_t> dims;
    for (int64_t i = 0; i < inputType.getRank(); ++i)
      if (i != 1)
        dims.push_back(i);
    return dims;
  }
  /// numerator / n, n the elements per channel (run time for a dynamic
  /// batch), as a rank-0 tensor.
  Value perElement(double numerator) {
    return createCountScale(b, loc, input, reducedDims(), numerator);
  }
  /// [C] -> the input's shape.
  Value spread(Value channel) {
    return BroadcastOp::create(b, loc, inputType, channel,
                               getDynamicSizes(b, loc, input),
                               b.getDenseI64ArrayAttr({1}));
  }
  /// Σ over all dims but 1 -> [C].
  Value sum(Value full) {
    return SumOp::create(b, loc, channelType(), full,
                         b.getDenseI64ArrayAttr(reducedDims()));
  }
  Value scalar(double value) {
    return createSplatConstant(
        b, loc, RankedTensorType::get({}, inputType.getElementType()), value);
  }
  template <typename OpTy>
  Value apply(Value lhs, Value rhs) {
    auto l = cast<RankedTensorType>(lhs.getType());
    auto r = cast<RankedTensorType>(rhs.getType());
    auto type = RankedTensorType::get(
        *broadcastShapes(l.getShape(), r.getShape()), l.getElementType());
    return OpTy::create(b, loc, type, lhs, rhs);
  }
  /// 1 / sqrt(var + eps), [C].
  Value inverseStd(Value var, double eps) {
    Value shifted = apply<AddOp>(var, scalar(eps));
    return apply<DivOp>(scalar(1.0),
                        SqrtOp::create(b, loc, channelType(), shifted));
  }
};

} // namespace

LogicalResult
BatchNormTrainOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                           SmallVectorImpl<Value> &operandAdjoints) {
  ChannelMath m{b, getLoc(), getInput()};
  Value inv = m.inverseStd(getVar(), getEps().convertToDouble());
  Value centered = m.apply<SubOp>(getInput(), m.spread(getMean()));
  Value normalized = m.apply<MulOp>(centered, m.spread(inv));
  Value dx, dWeight, dBias;
  if (Value dy = resultAdjoints[0]) {
    // dβ = Σ dy, dγ = Σ dy·x̂,
    // dx = γ·inv · (dy - Σdy/n - x̂·Σ(dy·x̂)/n).
    dBias = m.sum(dy);
    dWeight = m.sum(m.apply<MulOp>(dy, normalized));
    Value meanDy = m.spread(m.apply<MulOp>(dBias, m.perElement(1.0)));
    Value meanDyX = m.apply<MulOp>(
        normalized, m.spread(m.apply<MulOp>(dWeight, m.perElement(1.0))));
    Value inner = m.apply<SubOp>(m.apply<SubOp>(dy, meanDy), meanDyX);
    Value scale = m.spread(m.apply<MulOp>(getWeight(), inv));
    dx = m.apply<MulOp>(inner, scale);
  }
  // The batch statistics as results: d mean/dx = 1/n,
  // d var/dx = 2·(x - mean)/n (the mean's own dependence cancels).
  if (Value dMean = resultAdjoints[1]) {
    Value term = m.spread(m.apply<MulOp>(dMean, m.perElement(1.0)));
    dx = dx ? m.apply<AddOp>(dx, term) : term;
  }
  if (Value dVar = resultAdjoints[2]) {
    Value term = m.apply<MulOp>(
        centered, m.spread(m.apply<MulOp>(dVar, m.perElement(2.0))));
    dx = dx ? m.apply<AddOp>(dx, term) : term;
  }
  operandAdjoints.append({dx, dWeight, dBias});
  return success();
}

LogicalResult
BatchNormEvalOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                          SmallVectorImpl<Value> &operandAdjoints) {
  ChannelMath m{b, getLoc(), getInput()};
  Value dy = resultAdjoints[0];
  Value inv = m.inverseStd(getVar(), getEps().convertToDouble());
  Value centered = m.apply<SubOp>(getInput(), m.spread(getMean()));
  Value normalized = m.apply<MulOp>(centered, m.spread(inv));
  Value gain = m.apply<MulOp>(getWeight(), inv); // γ·inv, [C]
  Value dx = m.apply<MulOp>(dy, m.spread(gain));
  Value dWeight = m.sum(m.apply<MulOp>(dy, normalized));
  Value dBias = m.sum(dy);
  Value dMean = m.apply<MulOp>(m.sum(dy), m.apply<MulOp>(gain, m.scalar(-1.0)));
  // d/dv of (x - m)·(v + eps)^(-1/2)·γ = -(x - m)·γ·inv³/2.
  Value inv3 = m.apply<MulOp>(m.apply<MulOp>(inv, inv), inv);
  Value dVar = m.apply<MulOp>(
      m.sum(m.apply<MulOp>(dy, centered)),
      m.apply<MulOp>(m.apply<MulOp>(getWeight(), inv3), m.scalar(-0.5)));
  operandAdjoints.append({dx, dWeight, dBias, dMean, dVar});
  return success();
}

LogicalResult DropoutOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                                  SmallVectorImpl<Value> &operandAdjoints) {
  // Linear in the input with the mask the seed fixes: the same dropout.
  operandAdjoints.push_back(DropoutOp::create(b, getLoc(), getType(),
                                              resultAdjoints[0], getSeed(),
                                              getPAttr()));
  operandAdjoints.push_back(Value()); // the seed is an integer
  return success();
}
