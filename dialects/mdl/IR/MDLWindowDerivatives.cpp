//===- MDLWindowDerivatives.cpp - VJPs of convolution and pooling -*- C++ -*-//
// SPDX-License-Identifier: Apache-2.0
//
// Vector-Jacobian products of the window ops. Convolution is bilinear in
// (input, weight), so conv2d and its two adjoint ops form a family closed
// under differentiation: each one's VJP is built from the other two. Average
// pooling and its adjoint are each other's transpose. Max pooling routes
// gradients through mdl.max_pool2d_grad, which is not differentiable.
//
//===----------------------------------------------------------------------===//

#include "dialects/mdl/IR/MDLOps.h"
#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mlir::mdl;

/// conv2d(input, weight) without bias, with `attrs`'s window attributes.
template <typename OpTy>
static Value convolve(OpBuilder &b, Location loc, OpTy attrs, Type type,
                      Value input, Value weight) {
  return Conv2DOp::create(b, loc, type, input, weight, /*bias=*/Value(),
                          attrs.getStrideAttr(), attrs.getPaddingAttr(),
                          attrs.getDilationAttr());
}

template <typename OpTy>
static Value inputGrad(OpBuilder &b, Location loc, OpTy attrs, Type type,
                       Value outputGrad, Value weight) {
  return Conv2DInputGradOp::create(b, loc, type, outputGrad, weight,
                                   attrs.getStrideAttr(),
                                   attrs.getPaddingAttr(),
                                   attrs.getDilationAttr());
}

template <typename OpTy>
static Value weightGrad(OpBuilder &b, Location loc, OpTy attrs, Type type,
                        Value input, Value outputGrad) {
  return Conv2DWeightGradOp::create(b, loc, type, input, outputGrad,
                                    attrs.getStrideAttr(),
                                    attrs.getPaddingAttr(),
                                    attrs.getDilationAttr());
}

LogicalResult Conv2DOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                                 SmallVectorImpl<Value> &operandAdjoints) {
  Location loc = getLoc();
  Value dy = resultAdjoints[0];
  operandAdjoints.push_back(
      inputGrad(b, loc, *this, getInput().getType(), dy, getWeight()));
  operandAdjoints.push_back(
      weightGrad(b, loc, *this, getWeight().getType(), getInput(), dy));
  if (getBias())
    operandAdjoints.push_back(
        SumOp::create(b, loc, getBias().getType(), dy,
                      b.getDenseI64ArrayAttr({0, 2, 3})));
  return success();
}

LogicalResult
Conv2DInputGradOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                            SmallVectorImpl<Value> &operandAdjoints) {
  // r = convᵀ(dy, w): <g, r> = <conv(g, w), dy> = <convW(g, dy), w>.
  Location loc = getLoc();
  Value g = resultAdjoints[0];
  operandAdjoints.push_back(
      convolve(b, loc, *this, getOutputGrad().getType(), g, getWeight()));
  operandAdjoints.push_back(
      weightGrad(b, loc, *this, getWeight().getType(), g, getOutputGrad()));
  return success();
}

LogicalResult
Conv2DWeightGradOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                             SmallVectorImpl<Value> &operandAdjoints) {
  // r = convW(x, dy): <g, r> = <conv(x, g), dy> = <convᵀ(dy, g), x>.
  Location loc = getLoc();
  Value g = resultAdjoints[0];
  operandAdjoints.push_back(
      inputGrad(b, loc, *this, getInput().getType(), getOutputGrad(), g));
  operandAdjoints.push_back(
      convolve(b, loc, *this, getOutputGrad().getType(), getInput(), g));
  return success();
}

LogicalResult MaxPool2DOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                                    SmallVectorImpl<Value> &operandAdjoints) {
  operandAdjoints.push_back(MaxPool2DGradOp::create(
      b, getLoc(), getInput().getType(), getInput(), resultAdjoints[0],
      getKernelAttr(), getStrideAttr(), getPaddingAttr()));
  return success();
}

LogicalResult AvgPool2DOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                                    SmallVectorImpl<Value> &operandAdjoints) {
  operandAdjoints.push_back(AvgPool2DGradOp::create(
      b, getLoc(), getInput().getType(), resultAdjoints[0], getKernelAttr(),
      getStrideAttr(), getPaddingAttr()));
  return success();
}

LogicalResult
AvgPool2DGradOp::buildVJP(OpBuilder &b, ValueRange resultAdjoints,
                          SmallVectorImpl<Value> &operandAdjoints) {
  operandAdjoints.push_back(AvgPool2DOp::create(
      b, getLoc(), getOutputGrad().getType(), resultAdjoints[0],
      getKernelAttr(), getStrideAttr(), getPaddingAttr()));
  return success();
}
