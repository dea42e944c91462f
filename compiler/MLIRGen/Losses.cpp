//===- Losses.cpp - loss functions and the train step -----------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The loss of a supervised train block becomes `@<Model>.loss`, a pure
// function of the parameters and one batch; the train step asks for its
// value and gradient (mdl.value_and_grad, expanded by mdl-autodiff) and
// applies the optimizer update to every parameter (Optimizers.cpp).
//
//===----------------------------------------------------------------------===//

#include "compiler/MLIRGen/MLIRGenInternals.h"
#include "dialects/mdl/IR/MDLOps.h"

using namespace mlir;
using namespace mdlc::frontend;
using namespace mdlc::mlirgen;

FailureOr<func::FuncOp> Generator::emitLoss(const TrainDecl &train,
                                            func::FuncOp forward) {
  const TrainConfig &config = *train.getConfig();
  Location loc = getOptionLoc(train, "loss");
  if (config.loss != LossKind::MSE && config.loss != LossKind::CrossEntropy &&
      config.loss != LossKind::Huber && config.loss != LossKind::BCE &&
      config.loss != LossKind::User)
    return unsupported(loc, "the loss `" + getLossKindName(config.loss) + "`");
  FailureOr<RankedTensorType> targetType = getTensorType(config.targetType, loc);
  if (failed(targetType))
    return failure();
  auto predictionType =
      cast<RankedTensorType>(forward.getFunctionType().getResult(0));
  if ((config.loss == LossKind::MSE || config.loss == LossKind::Huber ||
       config.loss == LossKind::BCE) &&
      predictionType != *targetType)
    return emitError(loc) << "the loss needs the model output "
                          << predictionType
                          << " and the target " << *targetType
                          << " to have the same shape";

  SmallVector<Type> inputs(forward.getFunctionType().getInputs());
  inputs.push_back(*targetType);
  auto lossType = RankedTensorType::get({}, predictionType.getElementType());

  OpBuilder::InsertionGuard guard(builder);
  auto func = func::FuncOp::create(
      builder, loc, (config.model->getName() + ".loss").str(),
      builder.getFunctionType(inputs, lossType));
  func.setPrivate();
  Block *entry = func.addEntryBlock();
  builder.setInsertionPointToStart(entry);
  auto call = func::CallOp::create(builder, loc, forward,
                                   entry->getArguments().drop_back());
  Value prediction = call.getResult(0);
  Value target = entry->getArguments().back();

  Value loss;
  if (config.loss == LossKind::MSE) {
    loss = mdl::MSEOp::create(builder, loc, lossType, prediction, target);
  } else if (config.loss == LossKind::BCE) {
    // `bce` takes logits (nn.BCEWithLogitsLoss): stable for any logit.
    loss = mdl::BCEWithLogitsOp::create(builder, loc, lossType, prediction,
                                        target);
  } else if (config.loss == LossKind::Huber) {
    // As a loss value, `huber` means mean(huber(pred - target)), delta 1.
    Value diff =
        mdl::SubOp::create(builder, loc, predictionType, prediction, target);
    Value terms = mdl::HuberOp::create(builder, loc, predictionType, diff,
                                       builder.getF64FloatAttr(1.0));
    SmallVector<int64_t> all =
        llvm::to_vector(llvm::seq<int64_t>(0, predictionType.getRank()));
    loss = mdl::MeanOp::create(builder, loc, lossType, terms,
                               builder.getDenseI64ArrayAttr(all));
  } else if (config.loss == LossKind::CrossEntropy) {
    if (predictionType.getRank() != 2 ||
        cast<RankedTensorType>(target.getType()).getRank() != 1)
      return unsupported(loc, "cross_entropy on targets other than class "
                              "indices");
    loss = mdl::CrossEntropyOp::create(builder, loc, lossType, prediction,
                                       target);
  } else {
    // A user `loss (pred, target) -> f32`: its body, with the prediction and
    // the target bound to the parameters the driver gives those roles.
    Scope scope;
    for (const LossParamBinding &binding : config.lossBindings) {
      if (binding.role == LossParamRole::Prediction)
        scope.params[binding.param] = prediction;
      else if (binding.role == LossParamRole::Target)
        scope.params[binding.param] = target;
      else
        return unsupported(binding.param->getLoc(),
                           "a loss parameter with the role `" +
                               getLossParamRoleName(binding.role) + "`");
    }
    FailureOr<Value> value = emitBody(*config.userLoss, scope);
    if (failed(value))
      return failure();
    if (value->getType() != lossType)
      return emitError(config.userLoss->getLoc())
             << "expected the loss to return " << lossType << ", but it "
             << "returns " << value->getType();
    loss = *value;
  }
  func::ReturnOp::create(builder, loc, loss);
  return func;
}

FailureOr<func::FuncOp> Generator::emitTrainStep(const TrainDecl &train,
                                                 func::FuncOp loss) {
  const TrainConfig &config = *train.getConfig();
  Location loc = getOptionLoc(train, "optimizer");
  const OptimizerConfig &optimizer = config.optimizer;
  size_t numParams = config.model->getInfo().parameters.size();
  size_t numStates = getOptimizerStateCount(optimizer) * numParams;
  FunctionType lossType = loss.getFunctionType();
  Type elementType =
      cast<RankedTensorType>(lossType.getResult(0)).getElementType();
  TypeRange paramTypes = lossType.getInputs().take_front(numParams);
  TypeRange batchTypes = lossType.getInputs().drop_front(numParams);

  // (params, optimizer state, inputs, targets, lr, step) ->
  // (params', optimizer state', loss)
  SmallVector<Type> inputs(paramTypes);
  for (size_t i = 0; i < numStates; ++i)
    inputs.push_back(paramTypes[i % numParams]);
  inputs.append(batchTypes.begin(), batchTypes.end());
  inputs.push_back(elementType); // learning rate
  inputs.push_back(elementType); // step number, from 1
  SmallVector<Type> results(inputs.begin(),
                            inputs.begin() + numParams + numStates);
  results.push_back(lossType.getResult(0));

  OpBuilder::InsertionGuard guard(builder);
  auto func = func::FuncOp::create(
      builder, loc, (config.model->getName() + ".train_step").str(),
      builder.getFunctionType(inputs, results));
  func.setPrivate();
  Block *entry = func.addEntryBlock();
  builder.setInsertionPointToStart(entry);

  ValueRange args = entry->getArguments();
  ValueRange params = args.take_front(numParams);
  ValueRange states = args.slice(numParams, numStates);
  SmallVector<Value> lossArgs(params);
  for (Value batch : args.slice(numParams + numStates, batchTypes.size()))
    lossArgs.push_back(batch);
  Value lr = args[args.size() - 2];
  Value step = args.back();

  SmallVector<int64_t> wrt;
  SmallVector<Type> gradTypes = {lossType.getResult(0)};
  for (size_t i = 0; i < numParams; ++i) {
    wrt.push_back(i);
    gradTypes.push_back(paramTypes[i]);
  }
  auto valueAndGrad = mdl::ValueAndGradOp::create(
      builder, loc, gradTypes, loss.getSymName(), lossArgs,
      builder.getDenseI64ArrayAttr(wrt));
  ValueRange grads = valueAndGrad.getResults().drop_front();

  Value stepLr = emitScheduledLR(builder, loc, config.lrSchedule, lr, step);
  SmallVector<Value> updated = emitOptimizerUpdate(
      builder, loc, config, params, grads, states, stepLr, step);
  updated.push_back(valueAndGrad.getResult(0));
  func::ReturnOp::create(builder, loc, updated);
  return func;
}
