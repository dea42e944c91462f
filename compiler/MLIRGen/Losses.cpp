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
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

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

  // A train-mode forward's trailing i64 seed stays last: (parameters...,
  // inputs, targets, seed).
  bool training = forward.getSymName().ends_with(".forward_train");
  TypeRange forwardInputs = forward.getFunctionType().getInputs();
  bool hasSeed = !forwardInputs.empty() && forwardInputs.back().isInteger(64);
  SmallVector<Type> inputs(forwardInputs.drop_back(hasSeed ? 1 : 0));
  inputs.push_back(*targetType);
  if (hasSeed)
    inputs.push_back(forwardInputs.back());
  auto lossType = RankedTensorType::get({}, predictionType.getElementType());

  OpBuilder::InsertionGuard guard(builder);
  auto func = func::FuncOp::create(
      builder, loc,
      (config.model->getName() + (training ? ".loss_train" : ".loss")).str(),
      builder.getFunctionType(inputs, lossType));
  func.setPrivate();
  Block *entry = func.addEntryBlock();
  builder.setInsertionPointToStart(entry);
  ValueRange args = entry->getArguments();
  size_t targetIndex = forwardInputs.size() - (hasSeed ? 1 : 0);
  SmallVector<Value> forwardArgs(args.take_front(targetIndex));
  if (hasSeed)
    forwardArgs.push_back(args.back());
  auto call = func::CallOp::create(builder, loc, forward, forwardArgs);
  Value prediction = call.getResult(0);
  Value target = args[targetIndex];

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

/// n / (n - 1) for the n = perEntry · N elements per channel of a batch
/// `input` [N, ...] (1 when n is 1): Bessel's correction, a constant for
/// a static batch, else a rank-0 tensor computed from the run-time batch.
static Value emitBesselFactor(OpBuilder &b, Location loc, Value input,
                              int64_t perEntry, FloatType type) {
  auto scalarType = RankedTensorType::get({}, type);
  auto inputType = cast<RankedTensorType>(input.getType());
  if (!inputType.isDynamicDim(0)) {
    double n = static_cast<double>(perEntry * inputType.getDimSize(0));
    return mdl::createSplatConstant(b, loc, scalarType,
                                    n > 1 ? n / (n - 1) : 1.0);
  }
  auto constant = [&](double value) -> Value {
    return arith::ConstantOp::create(b, loc, type, b.getFloatAttr(type, value));
  };
  Value n = mdl::buildElementCount(b, loc, input, {0}, type);
  if (perEntry != 1)
    n = arith::MulFOp::create(b, loc, n,
                              constant(static_cast<double>(perEntry)));
  Value one = constant(1.0);
  Value ratio = arith::DivFOp::create(
      b, loc, n, arith::SubFOp::create(b, loc, n, one));
  Value several =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, n, one);
  Value factor = arith::SelectOp::create(b, loc, several, ratio, one);
  return tensor::FromElementsOp::create(b, loc, scalarType, factor);
}

/// The running statistics after one train-mode step on `input`, as
/// nn.BatchNorm updates them: `running = (1 - m) · running + m · batch`,
/// with the unbiased variance (`var · n / (n - 1)`), and
/// num_batches_tracked + 1.
static SmallVector<Value>
emitRunningStatsUpdate(OpBuilder &b, Location loc, const BatchNormCall &call,
                       ValueRange buffers, Value mean, Value var,
                       Value input) {
  double m = call.layer->getFloat("momentum");
  auto scaled = [&](Value x, double factor) -> Value {
    auto type = cast<RankedTensorType>(x.getType());
    return mdl::MulOp::create(b, loc, type, x,
                              mdl::createSplatConstant(b, loc, type, factor));
  };
  auto blend = [&](Value running, Value batch) -> Value {
    return mdl::AddOp::create(b, loc, running.getType(),
                              scaled(running, 1.0 - m), scaled(batch, m));
  };
  auto statsType = cast<RankedTensorType>(var.getType());
  Value bessel =
      emitBesselFactor(b, loc, input, call.perEntry,
                       cast<FloatType>(statsType.getElementType()));
  Value unbiased = mdl::MulOp::create(b, loc, statsType, var, bessel);
  Value tracked = buffers[2];
  auto trackedType = cast<RankedTensorType>(tracked.getType());
  return {blend(buffers[0], mean), blend(buffers[1], unbiased),
          mdl::AddOp::create(b, loc, trackedType, tracked,
                             mdl::createSplatConstant(b, loc, trackedType,
                                                      1.0))};
}

FailureOr<func::FuncOp> Generator::emitTrainStep(const TrainDecl &train,
                                                 func::FuncOp loss) {
  const TrainConfig &config = *train.getConfig();
  Location loc = getOptionLoc(train, "optimizer");
  const std::vector<const ParamTensor *> &parameters =
      config.model->getInfo().parameters;
  size_t numParams = parameters.size();
  // The optimizer sees the trainable parameters only; buffers (batch
  // norm's running statistics) are updated from the batch statistics.
  SmallVector<int64_t> wrt;
  for (size_t i = 0; i < numParams; ++i)
    if (parameters[i]->trainable)
      wrt.push_back(i);
  size_t numStates = getOptimizerStateCount(config.optimizer) * wrt.size();
  FunctionType lossType = loss.getFunctionType();
  Type elementType =
      cast<RankedTensorType>(lossType.getResult(0)).getElementType();
  TypeRange paramTypes = lossType.getInputs().take_front(numParams);
  TypeRange batchTypes = lossType.getInputs().drop_front(numParams);

  // (params, optimizer state, inputs, targets[, seed], lr, step) ->
  // (params', optimizer state', loss)
  SmallVector<Type> inputs(paramTypes);
  for (size_t i = 0; i < numStates; ++i)
    inputs.push_back(paramTypes[wrt[i % wrt.size()]]);
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
  ValueRange batch = args.slice(numParams + numStates, batchTypes.size());
  SmallVector<Value> lossArgs(params);
  lossArgs.append(batch.begin(), batch.end());
  Value lr = args[args.size() - 2];
  Value step = args.back();

  SmallVector<Type> gradTypes = {lossType.getResult(0)};
  SmallVector<Value> trainable;
  for (int64_t i : wrt) {
    gradTypes.push_back(paramTypes[i]);
    trainable.push_back(params[i]);
  }
  auto valueAndGrad = mdl::ValueAndGradOp::create(
      builder, loc, gradTypes, loss.getSymName(), lossArgs,
      builder.getDenseI64ArrayAttr(wrt));
  ValueRange grads = valueAndGrad.getResults().drop_front();

  Value stepLr = emitScheduledLR(builder, loc, config.lrSchedule, lr, step);
  SmallVector<Value> updated = emitOptimizerUpdate(
      builder, loc, config, trainable, grads, states, stepLr, step);

  // Every parameter's new value: the optimizer's, or for a buffer the
  // running statistics of the train-mode forward's batch statistics (the
  // same forward the gradient takes; CSE merges the two after inlining).
  SmallVector<Value> newParams(params);
  for (auto [k, i] : llvm::enumerate(wrt))
    newParams[i] = updated[k];
  if (!batchNormCalls.empty()) {
    auto forward = module.lookupSymbol<func::FuncOp>(
        (config.model->getName() + ".forward_train").str());
    SmallVector<Value> forwardArgs(params);
    // The loss takes (inputs, targets[, seed]); the forward no targets.
    forwardArgs.push_back(batch[0]);
    if (batch.size() > 2)
      forwardArgs.push_back(batch.back());
    auto call = func::CallOp::create(builder, loc, forward, forwardArgs);
    ValueRange stats = call.getResults().drop_front();
    for (auto [k, bn] : llvm::enumerate(batchNormCalls)) {
      // A batch-norm layer's tensors are weight, bias, running_mean,
      // running_var, num_batches_tracked, consecutive in the state_dict.
      size_t first = llvm::find(parameters, &bn.layer->params[2]) -
                     parameters.begin();
      SmallVector<Value> buffers(ArrayRef<Value>(newParams).slice(first, 3));
      SmallVector<Value> next = emitRunningStatsUpdate(
          builder, loc, bn, buffers, stats[2 * k], stats[2 * k + 1],
          batch[0]);
      llvm::copy(next, newParams.begin() + first);
    }
  }
  newParams.append(updated.begin() + wrt.size(), updated.end());
  newParams.push_back(valueAndGrad.getResult(0));
  func::ReturnOp::create(builder, loc, newParams);
  return func;
}
