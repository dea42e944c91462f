//===- MDLRTDialect.cpp - mdlrt dialect and op verifiers --------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Registers the mdlrt ops and verifies the few rules their types cannot say.
//
//===----------------------------------------------------------------------===//

#include "dialects/mdlrt/IR/MDLRTDialect.h"
#include "mlir/IR/Builders.h"

#include <cmath>

using namespace mlir;
using namespace mlir::mdlrt;

#include "dialects/mdlrt/IR/MDLRTOpsDialect.cpp.inc"

#define GET_OP_CLASSES
#include "dialects/mdlrt/IR/MDLRTOps.cpp.inc"

void MDLRTDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/mdlrt/IR/MDLRTOps.cpp.inc"
      >();
}

/// A size operand exactly when the batch (dimension 0 of `batched`) is
/// dynamic: it sizes the buffers the runtime fills.
static LogicalResult verifySizeOperand(Operation *op, RankedTensorType batched,
                                       Value size) {
  bool dynamic = batched.isDynamicDim(0);
  if (dynamic != static_cast<bool>(size))
    return op->emitOpError(dynamic ? "expected a size operand for the dynamic "
                                     "batch dimension"
                                   : "expected no size operand for a static "
                                     "batch dimension");
  return success();
}

/// A batch's inputs and targets share their leading (batch) dimension, the
/// only one that may be dynamic, and `size` is given exactly when it is.
static LogicalResult verifyBatchTypes(Operation *op, RankedTensorType inputs,
                                      RankedTensorType targets, Value size) {
  if (inputs.getRank() < 1 || targets.getRank() < 1 ||
      inputs.getDimSize(0) != targets.getDimSize(0))
    return op->emitOpError("expected inputs and targets with the same leading "
                           "(batch) dimension, but got ")
           << inputs << " and " << targets;
  for (RankedTensorType type : {inputs, targets})
    for (int64_t dim : type.getShape().drop_front())
      if (ShapedType::isDynamic(dim))
        return op->emitOpError("expected only the batch dimension to be "
                               "dynamic, but got ")
               << type;
  return verifySizeOperand(op, inputs, size);
}

LogicalResult NextBatchOp::verify() {
  return verifyBatchTypes(*this, getInputs().getType(), getTargets().getType(),
                          getSize());
}

LogicalResult EvalNextBatchOp::verify() {
  return verifyBatchTypes(*this, getInputs().getType(), getLabels().getType(),
                          getSize());
}

LogicalResult ParamInitOp::verify() {
  StringRef init = getInit();
  if (init != "uniform_fan_in" && init != "zeros" && init != "ones")
    return emitOpError("expected init to be \"uniform_fan_in\", \"zeros\" or "
                       "\"ones\", but got \"")
           << init << "\"";
  int64_t fanIn = getFanInAttr().getValue().getSExtValue();
  if (fanIn <= 0)
    return emitOpError("expected a positive fan_in, but got ") << fanIn;
  return success();
}

/// The signed value of an i64 attribute (ODS getters return it unsigned).
static int64_t signedValue(IntegerAttr attr) {
  return attr.getValue().getSExtValue();
}

LogicalResult TrainBeginOp::verify() {
  if (signedValue(getBatchAttr()) <= 0)
    return emitOpError("expected a positive batch, but got ")
           << signedValue(getBatchAttr());
  if (signedValue(getEpochsAttr()) <= 0)
    return emitOpError("expected a positive number of epochs, but got ")
           << signedValue(getEpochsAttr());
  double lr = getLr().convertToDouble();
  if (!(lr > 0.0) || !std::isfinite(lr))
    return emitOpError("expected a positive finite lr, but got ") << lr;
  return success();
}

LogicalResult DatasetSyntheticLinearOp::verify() {
  if (signedValue(getSamplesAttr()) <= 0 || signedValue(getFeaturesAttr()) <= 0)
    return emitOpError("expected positive samples and features, but got ")
           << signedValue(getSamplesAttr()) << " and "
           << signedValue(getFeaturesAttr());
  double noise = getNoise().convertToDouble();
  if (!(noise >= 0.0) || !std::isfinite(noise))
    return emitOpError("expected a finite non-negative noise, but got ")
           << noise;
  return success();
}

LogicalResult CheckpointConfigOp::verify() {
  if (getPath().empty())
    return emitOpError("expected a non-empty path");
  if (signedValue(getEveryAttr()) <= 0)
    return emitOpError("expected a positive period, but got ")
           << signedValue(getEveryAttr());
  return success();
}

LogicalResult EnvDeclareOp::verify() {
  if (getName().empty())
    return emitOpError("expected a non-empty environment name");
  if (signedValue(getMaxStepsAttr()) < 0)
    return emitOpError("expected max_steps >= 0 (0: the default), but got ")
           << signedValue(getMaxStepsAttr());
  if (signedValue(getObservationSizeAttr()) <= 0 ||
      signedValue(getActionCountAttr()) <= 0)
    return emitOpError("expected a positive observation size and action "
                       "count, but got ")
           << signedValue(getObservationSizeAttr()) << " and "
           << signedValue(getActionCountAttr());
  return success();
}

LogicalResult RLBeginOp::verify() {
  for (auto [name, attr] :
       {std::pair<StringRef, IntegerAttr>{"steps", getStepsAttr()},
        {"replay", getReplayAttr()},
        {"batch", getBatchAttr()}})
    if (signedValue(attr) <= 0)
      return emitOpError("expected a positive ")
             << name << ", but got " << signedValue(attr);
  for (auto [name, attr] :
       {std::pair<StringRef, IntegerAttr>{"warmup", getWarmupAttr()},
        {"epsilon_steps", getEpsilonStepsAttr()}})
    if (signedValue(attr) < 0)
      return emitOpError("expected ")
             << name << " >= 0, but got " << signedValue(attr);
  double lr = getLr().convertToDouble();
  if (!(lr > 0.0) || !std::isfinite(lr))
    return emitOpError("expected a positive finite lr, but got ") << lr;
  for (double eps : {getEpsilonFrom().convertToDouble(),
                     getEpsilonTo().convertToDouble()})
    if (!(eps >= 0.0 && eps <= 1.0))
      return emitOpError("expected epsilon values in [0, 1], but got ") << eps;
  return success();
}

LogicalResult RLTargetInitOp::verify() {
  if (getName().empty())
    return emitOpError("expected a non-empty parameter name");
  return success();
}

LogicalResult RLTargetFinalOp::verify() {
  if (getName().empty())
    return emitOpError("expected a non-empty parameter name");
  return success();
}

LogicalResult RLObserveOp::verify() {
  RankedTensorType type = getState().getType();
  if (type.getRank() != 2 || type.getDimSize(0) != 1)
    return emitOpError("expected a [1, observation] tensor, but got ") << type;
  return success();
}

LogicalResult RLSampleOp::verify() {
  RankedTensorType s = getS().getType();
  if (s.getRank() != 2)
    return emitOpError("expected states of rank 2 [batch, observation], but "
                       "got ")
           << s;
  if (getS2().getType() != s)
    return emitOpError("expected next states of the states' type ")
           << s << ", but got " << getS2().getType();
  if (s.isDynamicDim(1))
    return emitOpError("expected only the batch dimension to be dynamic, but "
                       "got ")
           << s;
  for (Value v : {getA(), getR(), getDone()}) {
    auto type = cast<RankedTensorType>(v.getType());
    if (type.getRank() != 1 || type.getDimSize(0) != s.getDimSize(0)) {
      InFlightDiagnostic diag = emitOpError(
          "expected actions, rewards and done flags of shape [");
      if (s.isDynamicDim(0))
        diag << "?";
      else
        diag << s.getDimSize(0);
      return diag << "], but got " << type;
    }
  }
  return verifySizeOperand(*this, s, getSize());
}

LogicalResult DatasetCsvOp::verify() {
  if (getPath().empty())
    return emitOpError("expects a non-empty path");
  if (getFeatures().empty() || getLabel().empty())
    return emitOpError("expects feature columns and a label column");
  if (getEval() && getShuffle())
    return emitOpError("expects an evaluation set not to be shuffled");
  return success();
}

LogicalResult DatasetNpyOp::verify() {
  if (getInputs().empty() || getTargets().empty())
    return emitOpError("expects non-empty paths");
  if (getSampleShape().empty() ||
      llvm::any_of(getSampleShape(), [](int64_t d) { return d <= 0; }))
    return emitOpError("expects a sample shape of positive sizes");
  if (llvm::any_of(getTargetShape(), [](int64_t d) { return d <= 0; }))
    return emitOpError("expects a target shape of positive sizes");
  if (getClassLabels() && !getTargetShape().empty())
    return emitOpError("expects class labels to be scalars");
  if (getEval() && getShuffle())
    return emitOpError("expects an evaluation set not to be shuffled");
  return success();
}
