//===- MDLRTDialect.cpp - mdlrt dialect and op verifiers --------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Registers the mdlrt ops and verifies the few rules their types cannot say.
//
//===----------------------------------------------------------------------===//

#include "dialects/mdlrt/IR/MDLRTDialect.h"
#include "mlir/IR/Builders.h"

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

LogicalResult NextBatchOp::verify() {
  RankedTensorType inputs = getInputs().getType();
  RankedTensorType targets = getTargets().getType();
  if (inputs.getRank() < 1 || targets.getRank() < 1 ||
      inputs.getDimSize(0) != targets.getDimSize(0))
    return emitOpError("expected inputs and targets with the same leading "
                       "(batch) dimension, but got ")
           << inputs << " and " << targets;
  return success();
}

LogicalResult ParamInitOp::verify() {
  StringRef init = getInit();
  if (init != "uniform_fan_in" && init != "zeros" && init != "ones")
    return emitOpError("expected init to be \"uniform_fan_in\", \"zeros\" or "
                       "\"ones\", but got \"")
           << init << "\"";
  if (getFanIn() <= 0)
    return emitOpError("expected a positive fan_in, but got ") << getFanIn();
  return success();
}
