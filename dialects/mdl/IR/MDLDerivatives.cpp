//===- MDLDerivatives.cpp - vector-Jacobian products of mdl ops -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// DifferentiableOpInterface implementations: for each op, the adjoints of
// its operands given the adjoint of its result, built from mdl ops so that
// gradients lower through the same patterns as the forward pass. With a
// dynamic batch, a broadcast back to a batched shape takes its sizes from
// `tensor.dim` of the primal value, and a mean divides by the run-time
// count.
//
//===----------------------------------------------------------------------===//

#include "dialects/mdl/IR/MDLOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

#include <cmath>

using namespace mlir;
using namespace mlir::mdl;

static RankedTensorType tensorTypeOf(Value value) {
  return cast<RankedTensorType>(value.getType());
}

static Value transpose2D(OpBuilder &b, Location loc, Value value) {
  RankedTensorType type = tensorTypeOf(value);
  auto transposed = RankedTensorType::get(
      {type.getDimSize(1), type.getDimSize(0)}, type.getElementType());
  return TransposeOp::create(b, loc, transposed, value,
                             b.getDenseI64ArrayAttr({1, 0}));
}

static Value matmul(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  RankedTensorType l = tensorTypeOf(lhs), r = tensorTypeOf(rhs);
  auto type = RankedTensorType::get({l.getDimSize(0), r.getDimSize(1)},
                                    l.getElementType());
  return MatmulOp::create(b, loc, type, lhs, rhs);
}

/// `op` applied to two operands with the type their broadcast has.
template <typename OpTy>
static Value broadcastBinary(OpBuilder &b, Location loc, Value lhs,
                             Value rhs) {
  RankedTensorType l = tensorTypeOf(lhs), r = tensorTypeOf(rhs);
  SmallVector<int64_t> shape = *broadcastShapes(l.getShape(), r.getShape());
  auto type = RankedTensorType::get(shape, l.getElementType());
  return OpTy::create(b, loc, type, lhs, rhs);
}

static Value negate(OpBuilder &b, Location loc, Value value) {
  return NegOp::create(b, loc, value.getType(), value);
}

/// All dimensions of `tensor`.
static SmallVector<int64_t> allDims(Value tensor) {
  return llvm::to_vector(llvm::seq<int64_t>(0, tensorTypeOf(tensor).getRank()));
}

//===----------------------------------------------------------------------===//
// Layers and contractions
//===----------------------------------------------------------------------===//

LogicalResult LinearOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                                 SmallVectorImpl<Value> &operandAdjoints) {
  Location loc = getLoc();
  Value dy = resultAdjoints[0];
  // y = x·Wᵀ + b  ⇒  dx = dy·W, dW = dyᵀ·x, db = Σ_rows dy.
  operandAdjoints.push_back(matmul(b, loc, dy, getWeight()));
  operandAdjoints.push_back(matmul(b, loc, transpose2D(b, loc, dy), getInput()));
  if (getBias())
    operandAdjoints.push_back(
        sumToType(b, loc, dy, tensorTypeOf(getBias())));
  return success();
}

LogicalResult MatmulOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                                 SmallVectorImpl<Value> &operandAdjoints) {
  Location loc = getLoc();
  Value dy = resultAdjoints[0];
  operandAdjoints.push_back(matmul(b, loc, dy, transpose2D(b, loc, getRhs())));
  operandAdjoints.push_back(matmul(b, loc, transpose2D(b, loc, getLhs()), dy));
  return success();
}

//===----------------------------------------------------------------------===//
// Elementwise arithmetic
//===----------------------------------------------------------------------===//

LogicalResult AddOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                              SmallVectorImpl<Value> &operandAdjoints) {
  Value dy = resultAdjoints[0];
  operandAdjoints.push_back(sumToType(b, getLoc(), dy, getLhs().getType()));
  operandAdjoints.push_back(sumToType(b, getLoc(), dy, getRhs().getType()));
  return success();
}

LogicalResult SubOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                              SmallVectorImpl<Value> &operandAdjoints) {
  Location loc = getLoc();
  Value dy = resultAdjoints[0];
  operandAdjoints.push_back(sumToType(b, loc, dy, getLhs().getType()));
  operandAdjoints.push_back(
      sumToType(b, loc, negate(b, loc, dy), getRhs().getType()));
  return success();
}

LogicalResult MulOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                              SmallVectorImpl<Value> &operandAdjoints) {
  Location loc = getLoc();
  Value dy = resultAdjoints[0];
  operandAdjoints.push_back(sumToType(
      b, loc, broadcastBinary<MulOp>(b, loc, dy, getRhs()), getLhs().getType()));
  operandAdjoints.push_back(sumToType(
      b, loc, broadcastBinary<MulOp>(b, loc, dy, getLhs()), getRhs().getType()));
  return success();
}

LogicalResult DivOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                              SmallVectorImpl<Value> &operandAdjoints) {
  Location loc = getLoc();
  Value dy = resultAdjoints[0];
  // d(l/r)/dl = 1/r;  d(l/r)/dr = -l/r² = -(l/r)/r.
  operandAdjoints.push_back(sumToType(
      b, loc, broadcastBinary<DivOp>(b, loc, dy, getRhs()), getLhs().getType()));
  Value quotientOverRhs = broadcastBinary<DivOp>(b, loc, getResult(), getRhs());
  Value dr = negate(b, loc, broadcastBinary<MulOp>(b, loc, dy, quotientOverRhs));
  operandAdjoints.push_back(sumToType(b, loc, dr, getRhs().getType()));
  return success();
}

LogicalResult NegOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                              SmallVectorImpl<Value> &operandAdjoints) {
  operandAdjoints.push_back(negate(b, getLoc(), resultAdjoints[0]));
  return success();
}

//===----------------------------------------------------------------------===//
// Elementwise functions
//===----------------------------------------------------------------------===//

/// A rank-0 constant of `value`'s element type.
static Value scalarLike(OpBuilder &b, Location loc, Value value, double c) {
  return createSplatConstant(
      b, loc,
      RankedTensorType::get({}, tensorTypeOf(value).getElementType()), c);
}

/// `predicate(lhs, rhs)` as an i1 tensor of the broadcast shape.
static Value compare(OpBuilder &b, Location loc, StringRef predicate,
                     Value lhs, Value rhs) {
  SmallVector<int64_t> shape = *broadcastShapes(
      tensorTypeOf(lhs).getShape(), tensorTypeOf(rhs).getShape());
  return CompareOp::create(b, loc,
                           RankedTensorType::get(shape, b.getI1Type()),
                           b.getStringAttr(predicate), lhs, rhs);
}

static Value select(OpBuilder &b, Location loc, Value condition, Value onTrue,
                    Value onFalse) {
  SmallVector<int64_t> shape = *broadcastShapes(
      tensorTypeOf(condition).getShape(), tensorTypeOf(onTrue).getShape());
  shape = *broadcastShapes(shape, tensorTypeOf(onFalse).getShape());
  auto type = RankedTensorType::get(shape, tensorTypeOf(onTrue).getElementType());
  return SelectOp::create(b, loc, type, condition, onTrue, onFalse);
}

LogicalResult ReluOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                               SmallVectorImpl<Value> &operandAdjoints) {
  Location loc = getLoc();
  Value zero = scalarLike(b, loc, getInput(), 0.0);
  // PyTorch's convention: the derivative at 0 is 0.
  Value positive = compare(b, loc, "gt", getInput(), zero);
  operandAdjoints.push_back(
      select(b, loc, positive, resultAdjoints[0], zero));
  return success();
}

LogicalResult ExpOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                              SmallVectorImpl<Value> &operandAdjoints) {
  operandAdjoints.push_back(MulOp::create(b, getLoc(), getType(),
                                          resultAdjoints[0], getResult()));
  return success();
}

LogicalResult LogOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                              SmallVectorImpl<Value> &operandAdjoints) {
  operandAdjoints.push_back(DivOp::create(b, getLoc(), getType(),
                                          resultAdjoints[0], getInput()));
  return success();
}

LogicalResult TanhOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                               SmallVectorImpl<Value> &operandAdjoints) {
  Location loc = getLoc();
  // d tanh = 1 - tanh².
  Value squared = MulOp::create(b, loc, getType(), getResult(), getResult());
  Value slope = SubOp::create(b, loc, getType(),
                              scalarLike(b, loc, getResult(), 1.0), squared);
  operandAdjoints.push_back(
      MulOp::create(b, loc, getType(), resultAdjoints[0], slope));
  return success();
}

LogicalResult SigmoidOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                                  SmallVectorImpl<Value> &operandAdjoints) {
  Location loc = getLoc();
  // d sigmoid = s (1 - s).
  Value complement = SubOp::create(
      b, loc, getType(), scalarLike(b, loc, getResult(), 1.0), getResult());
  Value slope = MulOp::create(b, loc, getType(), getResult(), complement);
  operandAdjoints.push_back(
      MulOp::create(b, loc, getType(), resultAdjoints[0], slope));
  return success();
}

LogicalResult AbsOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                              SmallVectorImpl<Value> &operandAdjoints) {
  Location loc = getLoc();
  // d|x| = sign(x), 0 at 0 (PyTorch's convention).
  Value zero = scalarLike(b, loc, getInput(), 0.0);
  Value dy = resultAdjoints[0];
  Value negative = select(b, loc, compare(b, loc, "lt", getInput(), zero),
                          negate(b, loc, dy), zero);
  operandAdjoints.push_back(
      select(b, loc, compare(b, loc, "gt", getInput(), zero), dy, negative));
  return success();
}

LogicalResult SqrtOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                               SmallVectorImpl<Value> &operandAdjoints) {
  Location loc = getLoc();
  // d sqrt = 1 / (2 sqrt(x)).
  Value twice = AddOp::create(b, loc, getType(), getResult(), getResult());
  operandAdjoints.push_back(
      DivOp::create(b, loc, getType(), resultAdjoints[0], twice));
  return success();
}

LogicalResult ErfOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                              SmallVectorImpl<Value> &operandAdjoints) {
  // d erf(x) = 2/√π · exp(-x²).
  Location loc = getLoc();
  Value x = getInput();
  Value square = MulOp::create(b, loc, getType(), x, x);
  Value density = ExpOp::create(b, loc, getType(), negate(b, loc, square));
  Value slope = MulOp::create(b, loc, getType(), density,
                              scalarLike(b, loc, x, 2.0 / std::sqrt(M_PI)));
  operandAdjoints.push_back(
      MulOp::create(b, loc, getType(), resultAdjoints[0], slope));
  return success();
}

LogicalResult GeluOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                               SmallVectorImpl<Value> &operandAdjoints) {
  // d/dx x·Φ(x) = Φ(x) + x·φ(x), Φ(x) = (1 + erf(x/√2))/2,
  // φ(x) = exp(-x²/2)/√(2π).
  Location loc = getLoc();
  Type type = getType();
  Value x = getInput();
  Value scaled = MulOp::create(b, loc, type, x,
                               scalarLike(b, loc, x, 1.0 / std::sqrt(2.0)));
  Value erf = ErfOp::create(b, loc, type, scaled);
  Value cdf = MulOp::create(
      b, loc, type,
      AddOp::create(b, loc, type, erf, scalarLike(b, loc, x, 1.0)),
      scalarLike(b, loc, x, 0.5));
  Value halfSquare =
      MulOp::create(b, loc, type, MulOp::create(b, loc, type, x, x),
                    scalarLike(b, loc, x, -0.5));
  Value pdf =
      MulOp::create(b, loc, type, ExpOp::create(b, loc, type, halfSquare),
                    scalarLike(b, loc, x, 1.0 / std::sqrt(2.0 * M_PI)));
  Value slope = AddOp::create(b, loc, type, cdf,
                              MulOp::create(b, loc, type, x, pdf));
  operandAdjoints.push_back(
      MulOp::create(b, loc, type, resultAdjoints[0], slope));
  return success();
}

LogicalResult LeakyReluOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                                    SmallVectorImpl<Value> &operandAdjoints) {
  Location loc = getLoc();
  Value x = getInput();
  Value dy = resultAdjoints[0];
  // PyTorch's convention: the slope at 0 is the negative side's.
  Value positive = compare(b, loc, "gt", x, scalarLike(b, loc, x, 0.0));
  Value leaked = MulOp::create(
      b, loc, getType(), dy,
      scalarLike(b, loc, x, getSlope().convertToDouble()));
  operandAdjoints.push_back(select(b, loc, positive, dy, leaked));
  return success();
}

LogicalResult PowOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                              SmallVectorImpl<Value> &operandAdjoints) {
  Location loc = getLoc();
  double p = getExponent().convertToDouble();
  Value x = getInput();
  if (p == 0.0) {
    // x⁰ is constant: a zero gradient, whatever dy holds (PyTorch's too).
    operandAdjoints.push_back(createSplatLike(b, loc, x, 0.0));
    return success();
  }
  // p·x^(p-1); x^0 is 1, so p = 1 needs no pow.
  Value slope = scalarLike(b, loc, x, p);
  if (p != 1.0)
    slope = MulOp::create(b, loc, getType(),
                          PowOp::create(b, loc, getType(), x,
                                        b.getF64FloatAttr(p - 1.0)),
                          slope);
  operandAdjoints.push_back(
      MulOp::create(b, loc, getType(), resultAdjoints[0], slope));
  return success();
}

LogicalResult HuberOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                                SmallVectorImpl<Value> &operandAdjoints) {
  Location loc = getLoc();
  // d huber = clamp(x, -delta, delta).
  double delta = getDelta().convertToDouble();
  Value x = getInput();
  Value hi = scalarLike(b, loc, x, delta);
  Value lo = scalarLike(b, loc, x, -delta);
  Value upper = select(b, loc, compare(b, loc, "gt", x, hi), hi, x);
  Value slope = select(b, loc, compare(b, loc, "lt", x, lo), lo, upper);
  operandAdjoints.push_back(
      MulOp::create(b, loc, getType(), resultAdjoints[0], slope));
  return success();
}

LogicalResult StopGradientOp::buildVJP(OpBuilder &, ValueRange,
                                       SmallVectorImpl<Value> &operandAdjoints) {
  operandAdjoints.push_back(Value());
  return success();
}

LogicalResult SelectOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                                 SmallVectorImpl<Value> &operandAdjoints) {
  Location loc = getLoc();
  Value dy = resultAdjoints[0];
  Value zero = scalarLike(b, loc, getOnTrue(), 0.0);
  operandAdjoints.push_back(Value()); // the condition is boolean
  operandAdjoints.push_back(sumToType(
      b, loc, select(b, loc, getCondition(), dy, zero), getOnTrue().getType()));
  operandAdjoints.push_back(sumToType(b, loc,
                                      select(b, loc, getCondition(), zero, dy),
                                      getOnFalse().getType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Reductions and shape ops
//===----------------------------------------------------------------------===//

/// Broadcasts the adjoint of a reduction of `input` back over the reduced
/// dimensions, to `input`'s (run-time) shape.
static Value unreduce(OpBuilder &b, Location loc, Value dy, Value input,
                      ArrayRef<int64_t> dims) {
  RankedTensorType inputType = tensorTypeOf(input);
  SmallVector<int64_t> kept;
  for (int64_t i = 0; i < inputType.getRank(); ++i)
    if (!llvm::is_contained(dims, i))
      kept.push_back(i);
  return BroadcastOp::create(b, loc, inputType, dy,
                             getDynamicSizes(b, loc, input),
                             b.getDenseI64ArrayAttr(kept));
}

LogicalResult SumOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                              SmallVectorImpl<Value> &operandAdjoints) {
  operandAdjoints.push_back(
      unreduce(b, getLoc(), resultAdjoints[0], getInput(), getDims()));
  return success();
}

LogicalResult MeanOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                               SmallVectorImpl<Value> &operandAdjoints) {
  Location loc = getLoc();
  Value spread = unreduce(b, loc, resultAdjoints[0], getInput(), getDims());
  Value scale = createCountScale(b, loc, getInput(), getDims(), 1.0);
  operandAdjoints.push_back(
      MulOp::create(b, loc, getInput().getType(), spread, scale));
  return success();
}

LogicalResult MaxOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                              SmallVectorImpl<Value> &operandAdjoints) {
  // dx = [x == max] · dy / (number of maxima in the slice).
  Location loc = getLoc();
  RankedTensorType inputType = getInput().getType();
  RankedTensorType resultType = getResult().getType();
  Type floatType = inputType.getElementType();
  Value max = unreduce(b, loc, getResult(), getInput(), getDims());
  Value isMax = CompareOp::create(
      b, loc, RankedTensorType::get(inputType.getShape(), b.getI1Type()),
      b.getStringAttr("eq"), getInput(), max);
  auto scalarType = RankedTensorType::get({}, floatType);
  Value mask = SelectOp::create(b, loc, inputType, isMax,
                                createSplatConstant(b, loc, scalarType, 1.0),
                                createSplatConstant(b, loc, scalarType, 0.0));
  Value count = SumOp::create(b, loc, resultType, mask, getDimsAttr());
  Value share = DivOp::create(b, loc, resultType, resultAdjoints[0], count);
  operandAdjoints.push_back(MulOp::create(
      b, loc, inputType, mask, unreduce(b, loc, share, getInput(), getDims())));
  return success();
}

LogicalResult GatherOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                                 SmallVectorImpl<Value> &operandAdjoints) {
  operandAdjoints.push_back(ScatterAddOp::create(
      b, getLoc(), getInput().getType(), resultAdjoints[0], getIndex(),
      getAxisAttr()));
  operandAdjoints.push_back(Value()); // the index is an integer
  return success();
}

LogicalResult ScatterAddOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                                     SmallVectorImpl<Value> &operandAdjoints) {
  operandAdjoints.push_back(GatherOp::create(b, getLoc(),
                                             getSource().getType(),
                                             resultAdjoints[0], getIndex(),
                                             getAxisAttr()));
  operandAdjoints.push_back(Value()); // the index is an integer
  return success();
}

LogicalResult BroadcastOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                                    SmallVectorImpl<Value> &operandAdjoints) {
  Location loc = getLoc();
  RankedTensorType inputType = getInput().getType();
  RankedTensorType resultType = getResult().getType();
  ArrayRef<int64_t> dims = getDims();
  // Sum the new dimensions and the ones stretched from 1.
  SmallVector<int64_t> summed, kept;
  for (int64_t i = 0; i < resultType.getRank(); ++i) {
    const int64_t *pos = llvm::find(dims, i);
    bool isNew = pos == dims.end();
    bool stretched =
        !isNew && inputType.getDimSize(pos - dims.begin()) != resultType.getDimSize(i);
    if (isNew || stretched)
      summed.push_back(i);
    else
      kept.push_back(resultType.getDimSize(i));
  }
  Value grad = resultAdjoints[0];
  if (!summed.empty())
    grad = SumOp::create(
        b, loc, RankedTensorType::get(kept, inputType.getElementType()), grad,
        b.getDenseI64ArrayAttr(summed));
  if (grad.getType() != inputType)
    grad = ReshapeOp::create(b, loc, inputType, grad);
  operandAdjoints.push_back(grad);
  return success();
}

LogicalResult ReshapeOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                                  SmallVectorImpl<Value> &operandAdjoints) {
  operandAdjoints.push_back(ReshapeOp::create(b, getLoc(), getInput().getType(),
                                              resultAdjoints[0]));
  return success();
}

LogicalResult TransposeOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                                    SmallVectorImpl<Value> &operandAdjoints) {
  ArrayRef<int64_t> perm = getPermutation();
  SmallVector<int64_t> inverse(perm.size());
  for (auto [i, p] : llvm::enumerate(perm))
    inverse[p] = i;
  operandAdjoints.push_back(
      TransposeOp::create(b, getLoc(), getInput().getType(), resultAdjoints[0],
                          b.getDenseI64ArrayAttr(inverse)));
  return success();
}

//===----------------------------------------------------------------------===//
// Softmax and cross-entropy
//===----------------------------------------------------------------------===//

/// Σ over `axis` of `value`, broadcast back to `value`'s shape.
static Value sumAlongAxis(OpBuilder &b, Location loc, Value value,
                          int64_t axis) {
  RankedTensorType type = tensorTypeOf(value);
  SmallVector<int64_t> reduced(type.getShape());
  reduced.erase(reduced.begin() + axis);
  Value sum = SumOp::create(
      b, loc, RankedTensorType::get(reduced, type.getElementType()), value,
      b.getDenseI64ArrayAttr({axis}));
  SmallVector<int64_t> kept;
  for (int64_t i = 0; i < type.getRank(); ++i)
    if (i != axis)
      kept.push_back(i);
  return BroadcastOp::create(b, loc, type, sum, getDynamicSizes(b, loc, value),
                             b.getDenseI64ArrayAttr(kept));
}

LogicalResult LogSoftmaxOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                                     SmallVectorImpl<Value> &operandAdjoints) {
  Location loc = getLoc();
  Value dy = resultAdjoints[0];
  // dx = dy - softmax(x) · Σ_axis dy, with softmax(x) = exp(y).
  Value softmax = ExpOp::create(b, loc, getType(), getResult());
  Value total = sumAlongAxis(b, loc, dy, getAxis());
  Value scaled = MulOp::create(b, loc, getType(), softmax, total);
  operandAdjoints.push_back(SubOp::create(b, loc, getType(), dy, scaled));
  return success();
}

LogicalResult SoftmaxOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                                  SmallVectorImpl<Value> &operandAdjoints) {
  Location loc = getLoc();
  Value dy = resultAdjoints[0];
  // dx = y · (dy - Σ_axis dy·y).
  Value weighted = MulOp::create(b, loc, getType(), dy, getResult());
  Value total = sumAlongAxis(b, loc, weighted, getAxis());
  Value centered = SubOp::create(b, loc, getType(), dy, total);
  operandAdjoints.push_back(
      MulOp::create(b, loc, getType(), getResult(), centered));
  return success();
}

LogicalResult CrossEntropyOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                                       SmallVectorImpl<Value> &operandAdjoints) {
  Location loc = getLoc();
  RankedTensorType type = getLogits().getType();
  // d/dz mean_n(-log_softmax(z)[n, y_n]) = (softmax(z) - onehot(y)) / N.
  Value softmax = SoftmaxOp::create(b, loc, type, getLogits(),
                                    b.getI64IntegerAttr(1));
  Value oneHot = OneHotOp::create(b, loc, type, getLabels());
  Value diff = SubOp::create(b, loc, type, softmax, oneHot);
  Value scale = createCountScale(b, loc, getLogits(), {0}, 1.0);
  Value scaledAdjoint = MulOp::create(b, loc, resultAdjoints[0].getType(),
                                      resultAdjoints[0], scale);
  operandAdjoints.push_back(
      MulOp::create(b, loc, type, diff, scaledAdjoint));
  operandAdjoints.push_back(Value()); // labels are integers
  return success();
}

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

LogicalResult BCEWithLogitsOp::buildVJP(
    OpBuilder &b, ValueRange resultAdjoints,
    SmallVectorImpl<Value> &operandAdjoints) {
  Location loc = getLoc();
  RankedTensorType type = getLogits().getType();
  // d/dz = (sigmoid(z) - t) / N, d/dt = -z / N.
  Value scale = createCountScale(b, loc, getLogits(), allDims(getLogits()), 1.0);
  Value scaledAdjoint = MulOp::create(b, loc, resultAdjoints[0].getType(),
                                      resultAdjoints[0], scale);
  Value probability = SigmoidOp::create(b, loc, type, getLogits());
  Value diff = SubOp::create(b, loc, type, probability, getTarget());
  operandAdjoints.push_back(MulOp::create(b, loc, type, diff, scaledAdjoint));
  operandAdjoints.push_back(MulOp::create(
      b, loc, type, negate(b, loc, getLogits()), scaledAdjoint));
  return success();
}

LogicalResult MSEOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                              SmallVectorImpl<Value> &operandAdjoints) {
  Location loc = getLoc();
  RankedTensorType type = getPrediction().getType();
  // d/dp mean((p - t)²) = 2 (p - t) / N.
  Value diff = SubOp::create(b, loc, type, getPrediction(), getTarget());
  Value scale =
      createCountScale(b, loc, getPrediction(), allDims(getPrediction()), 2.0);
  Value scaledAdjoint = MulOp::create(b, loc, resultAdjoints[0].getType(),
                                      resultAdjoints[0], scale);
  Value dp = MulOp::create(b, loc, type, diff, scaledAdjoint);
  operandAdjoints.push_back(dp);
  operandAdjoints.push_back(negate(b, loc, dp));
  return success();
}
