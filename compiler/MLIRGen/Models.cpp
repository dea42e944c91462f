//===- Models.cpp - model forward functions ---------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// A model's forward becomes `@<Model>.forward`, taking the model's parameter
// tensors (state_dict order) followed by the forward's own inputs. Keeping
// parameters explicit makes the function pure, so autodiff can
// differentiate with respect to them and the train loop can carry them.
//
// A model with batch norm or dropout also gets `@<Model>.forward_train`,
// PyTorch's train() mode: it takes the step's dropout seed after the
// inputs and returns each batch-norm call's batch mean and variance after
// the prediction, from which the train step updates the running
// statistics (buffers are parameters the optimizer does not touch).
//
//===----------------------------------------------------------------------===//

#include "compiler/MLIRGen/MLIRGenInternals.h"

using namespace mlir;
using namespace mdlc::frontend;
using namespace mdlc::mlirgen;

FailureOr<func::FuncOp> Generator::emitForward(const ModelDecl &model,
                                               bool training) {
  const FuncDecl *forward = model.getForward();
  const ModelInfo &info = model.getInfo();
  SmallVector<Type> inputs;
  for (const ParamTensor *param : info.parameters)
    inputs.push_back(getParamType(*param));
  for (const std::unique_ptr<ParamDecl> &param : forward->getParams()) {
    FailureOr<RankedTensorType> type =
        getTensorType(param->getType(), param->getLoc());
    if (failed(type))
      return failure();
    inputs.push_back(*type);
  }
  bool hasSeed = training && info.hasDropout;
  if (hasSeed)
    inputs.push_back(builder.getI64Type());
  FailureOr<RankedTensorType> resultType =
      getTensorType(forward->getReturnType(), forward->getLoc());
  if (failed(resultType))
    return failure();

  OpBuilder::InsertionGuard guard(builder);
  auto func = func::FuncOp::create(
      builder, forward->getLoc(),
      (model.getName() + (training ? ".forward_train" : ".forward")).str(),
      builder.getFunctionType(inputs, *resultType));
  func.setPrivate();
  Block *entry = func.addEntryBlock();
  builder.setInsertionPointToStart(entry);

  Scope scope;
  unsigned index = 0;
  for (const ParamTensor *param : info.parameters)
    scope.weights[param] = entry->getArgument(index++);
  for (const std::unique_ptr<ParamDecl> &param : forward->getParams())
    scope.params[param.get()] = entry->getArgument(index++);
  scope.training = training;
  if (hasSeed)
    scope.dropoutSeed = entry->getArgument(index++);
  if (training)
    batchNormCalls.clear();

  FailureOr<Value> result = emitBody(*forward, scope);
  if (failed(result))
    return failure();
  SmallVector<Value> results = {*result};
  results.append(scope.batchStats.begin(), scope.batchStats.end());
  func::ReturnOp::create(builder, forward->getLoc(), results);
  func.setFunctionType(builder.getFunctionType(
      inputs, ValueRange(results).getTypes()));
  return func;
}
