//===- MDLNormOps.cpp - verifiers of normalization and dropout --*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Verifiers of mdl.batch_norm_train, mdl.batch_norm_eval and mdl.dropout.
// Labels refer to dialects/mdl/README.md#batch_norm and #dropout.
//
//===----------------------------------------------------------------------===//

#include "dialects/mdl/IR/MDLOps.h"
#include "dialects/mdl/IR/MDLVerifyUtils.h"

#include <cmath>

using namespace mlir;
using namespace mlir::mdl;
using namespace mlir::mdl::detail;

/// batch_norm_c1: `input` is [N, C] or [N, C, H, W] and every per-channel
/// tensor (`channelTensors`) is [C]; `result` has the input's type.
static LogicalResult verifyBatchNorm(Operation *op, RankedTensorType input,
                                     Type result, ValueRange channelTensors,
                                     double eps) {
  if (failed(verifySameElementType(op)))
    return failure();
  if (input.getRank() != 2 && input.getRank() != 4)
    return op->emitOpError() << "expected input [N, C] or [N, C, H, W], but "
                                "got "
                             << input;
  if (result != input)
    return op->emitOpError() << "expected result type " << input
                             << ", but got " << result;
  int64_t channels = input.getDimSize(1);
  for (Value tensor : channelTensors) {
    auto type = cast<RankedTensorType>(tensor.getType());
    if (type.getRank() != 1 || type.getDimSize(0) != channels)
      return op->emitOpError() << "expected per-channel tensors of shape ["
                               << channels << "], but got "
                               << shapeString(type.getShape());
  }
  // batch_norm_c2
  if (!(eps > 0.0) || !std::isfinite(eps))
    return op->emitOpError() << "expected a positive finite eps, but got "
                             << eps;
  return success();
}

LogicalResult BatchNormTrainOp::verify() {
  return verifyBatchNorm(*this, getInput().getType(), getResult().getType(),
                         {getWeight(), getBias(), getMean(), getVar()},
                         getEps().convertToDouble());
}

LogicalResult BatchNormEvalOp::verify() {
  return verifyBatchNorm(*this, getInput().getType(), getResult().getType(),
                         {getWeight(), getBias(), getMean(), getVar()},
                         getEps().convertToDouble());
}

LogicalResult DropoutOp::verify() {
  // dropout_c1
  double p = getP().convertToDouble();
  if (!(p >= 0.0 && p < 1.0))
    return emitOpError("expected a drop probability in [0, 1), but got ") << p;
  return success();
}
