//===- Training.cpp - the compiled training loop ----------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// `@mdl_train` is the whole training run as IR: declare the dataset and the
// run, initialise the parameters, then an epoch loop around a step loop
// that fetches a batch, calls the train step and logs the loss, carrying
// the parameters as loop values; finally report them. The runtime is called
// only for I/O (mdlrt ops).
//
//===----------------------------------------------------------------------===//

#include "compiler/MLIRGen/MLIRGenInternals.h"
#include "dialects/mdl/IR/MDLOps.h"
#include "dialects/mdlrt/IR/MDLRTDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mdlc::frontend;
using namespace mdlc::mlirgen;

/// Declares a csv or npy set with the runtime: the training set, or with
/// `eval` the evaluation set.
static void emitFileSet(OpBuilder &b, const DatasetDecl &dataset, bool shuffle,
                        bool eval) {
  const DatasetInfo &info = *dataset.getInfo();
  Location loc = dataset.getLoc();
  auto string = [&](StringRef key) -> StringRef {
    const Constant *value = lookupArg(info.args, key);
    return value ? StringRef(value->getString()) : StringRef();
  };
  bool classLabels = info.sampleTarget.getRank() == 0;
  if (info.kind == DatasetKind::Csv) {
    mdlrt::DatasetCsvOp::create(
        b, loc, b.getStringAttr(string("path")),
        b.getStringAttr(string("features")),
        b.getStringAttr(classLabels ? string("label") : string("target")),
        b.getBoolAttr(classLabels), b.getBoolAttr(shuffle),
        b.getBoolAttr(eval));
    return;
  }
  auto knownSizes = [](const SemaType &type) {
    SmallVector<int64_t> sizes;
    for (const Dim &dim : type.getDims())
      sizes.push_back(dim.getSize());
    return sizes;
  };
  mdlrt::DatasetNpyOp::create(
      b, loc, b.getStringAttr(string("inputs")),
      b.getStringAttr(classLabels ? string("labels") : string("targets")),
      b.getDenseI64ArrayAttr(knownSizes(info.sampleInput)),
      b.getDenseI64ArrayAttr(knownSizes(info.sampleTarget)),
      b.getBoolAttr(classLabels), b.getBoolAttr(shuffle), b.getBoolAttr(eval));
}

/// Declares the training set with the runtime.
static void emitTrainingSet(OpBuilder &b, const TrainConfig &config,
                            bool shuffle) {
  const DatasetDecl &dataset = *config.dataset;
  const DatasetInfo &info = *dataset.getInfo();
  Location loc = dataset.getLoc();
  switch (info.kind) {
  case DatasetKind::SyntheticLinear:
    mdlrt::DatasetSyntheticLinearOp::create(
        b, loc, b.getI64IntegerAttr(info.get("samples").getInt()),
        b.getI64IntegerAttr(info.get("features").getInt()),
        b.getF64FloatAttr(info.get("noise").getFloat()),
        b.getI64IntegerAttr(info.get("seed").getInt()));
    break;
  case DatasetKind::Idx:
    mdlrt::DatasetIdxOp::create(b, loc,
                                b.getStringAttr(info.get("images").getString()),
                                b.getStringAttr(info.get("labels").getString()),
                                b.getF64FloatAttr(info.get("scale").getFloat()),
                                b.getBoolAttr(shuffle));
    break;
  case DatasetKind::Csv:
  case DatasetKind::Npy:
    emitFileSet(b, dataset, shuffle, /*eval=*/false);
    break;
  }
}

/// Declares the set of the `eval` option with the runtime.
static LogicalResult emitEvalSet(Generator &gen, const TrainConfig &config) {
  OpBuilder &b = gen.builder;
  const DatasetDecl &evalSet = *config.eval->dataset;
  const DatasetInfo &evalInfo = *evalSet.getInfo();
  if (evalInfo.kind == DatasetKind::Csv || evalInfo.kind == DatasetKind::Npy) {
    emitFileSet(b, evalSet, /*shuffle=*/false, /*eval=*/true);
    return success();
  }
  if (evalInfo.kind != DatasetKind::Idx)
    return gen.unsupported(evalSet.getLoc(),
                           "evaluating on a `" +
                               getDatasetKindName(evalInfo.kind) + "` dataset");
  mdlrt::EvalDatasetIdxOp::create(
      b, evalSet.getLoc(), b.getStringAttr(evalInfo.get("images").getString()),
      b.getStringAttr(evalInfo.get("labels").getString()),
      b.getF64FloatAttr(evalInfo.get("scale").getFloat()));
  return success();
}

static std::string getOptimizerStateName(const OptimizerConfig &optimizer,
                                         unsigned index);

/// The parameters the optimizer updates (and keeps state for), in order.
static SmallVector<const ParamTensor *>
getTrainable(ArrayRef<const ParamTensor *> parameters) {
  return llvm::filter_to_vector(
      parameters, [](const ParamTensor *param) { return param->trainable; });
}

SmallVector<Value> mdlc::mlirgen::emitParamInits(Generator &gen,
                                                 const TrainConfig &config,
                                                 Location loc,
                                                 bool withOptimizerState) {
  SmallVector<Value> values;
  const std::vector<const ParamTensor *> &parameters =
      config.model->getInfo().parameters;
  for (const ParamTensor *param : parameters) {
    StringRef init = param->init == InitKind::Uniform ? "uniform_fan_in"
                                                      : getInitKindName(param->init);
    values.push_back(mdlrt::ParamInitOp::create(
        gen.builder, loc, gen.getParamType(*param), param->name, init,
        std::max<int64_t>(param->fanIn, 1)));
  }
  unsigned numKinds =
      withOptimizerState ? getOptimizerStateCount(config.optimizer) : 0;
  for (unsigned kind = 0; kind < numKinds; ++kind)
    for (const ParamTensor *param : getTrainable(parameters))
      values.push_back(mdlrt::OptimStateInitOp::create(
          gen.builder, loc, gen.getParamType(*param),
          param->name + "." + getOptimizerStateName(config.optimizer, kind)));
  mdlrt::ParamsReadyOp::create(gen.builder, loc);
  return values;
}

/// Builds `scf.for %iv = %lower (0 by default) to %upper` carrying
/// `initial`; `body` returns the values to yield.
static scf::ForOp
buildCountedLoop(OpBuilder &b, Location loc, Value upper, ValueRange initial,
                 function_ref<SmallVector<Value>(Value, ValueRange)> body,
                 Value lower = Value()) {
  if (!lower)
    lower = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  return scf::ForOp::create(
      b, loc, lower, upper, one, initial,
      [&](OpBuilder &nested, Location nestedLoc, Value iv, ValueRange iter) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPoint(nested.getInsertionBlock(),
                            nested.getInsertionPoint());
        scf::YieldOp::create(nested, nestedLoc, body(iv, iter));
      });
}

/// Builds the step loop of an epoch: an `scf.while` that runs `body` while
/// fewer than `steps` steps ran and no stop was requested
/// (mdlrt.should_stop), carrying `initial`; returns the carried values at
/// exit. The stop test lives in the loop condition, not in an `scf.if`
/// around the body, so the body's buffers sit at the top of a loop and
/// buffer-loop-hoisting allocates them once, not once per step.
static scf::WhileOp
buildStepLoop(OpBuilder &b, Location loc, Value steps, ValueRange initial,
              function_ref<SmallVector<Value>(ValueRange)> body) {
  SmallVector<Value> operands{arith::ConstantIndexOp::create(b, loc, 0)};
  llvm::append_range(operands, initial);
  TypeRange types = ValueRange(operands).getTypes();
  SmallVector<Location> locs(operands.size(), loc);
  auto loop = scf::WhileOp::create(b, loc, types, operands);
  OpBuilder::InsertionGuard guard(b);

  Block *before = b.createBlock(&loop.getBefore(), {}, types, locs);
  Value more = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                                     before->getArgument(0), steps);
  Value stop = mdlrt::ShouldStopOp::create(b, loc, b.getI1Type());
  Value notStopped = arith::XOrIOp::create(
      b, loc, stop, arith::ConstantIntOp::create(b, loc, 1, /*width=*/1));
  Value go = arith::AndIOp::create(b, loc, more, notStopped);
  scf::ConditionOp::create(b, loc, go, before->getArguments());

  Block *after = b.createBlock(&loop.getAfter(), {}, types, locs);
  Value next = arith::AddIOp::create(
      b, loc, after->getArgument(0),
      arith::ConstantIndexOp::create(b, loc, 1));
  SmallVector<Value> yielded{next};
  llvm::append_range(yielded, body(after->getArguments().drop_front()));
  scf::YieldOp::create(b, loc, yielded);
  return loop;
}

/// The name of optimizer-state tensor `index` (of
/// getOptimizerStateCount(optimizer)) of every parameter, PyTorch's key in
/// `optimizer.state_dict()["state"]`.
static std::string getOptimizerStateName(const OptimizerConfig &optimizer,
                                         unsigned index) {
  if (optimizer.kind == OptimizerKind::Adam)
    return index == 0 ? "exp_avg" : "exp_avg_sq";
  if (optimizer.kind == OptimizerKind::SGD && index == 0)
    return "momentum_buffer";
  return "state" + std::to_string(index);
}

void mdlc::mlirgen::emitReportState(OpBuilder &b, Location loc,
                                    const TrainConfig &config,
                                    ValueRange carried) {
  const std::vector<const ParamTensor *> &parameters =
      config.model->getInfo().parameters;
  size_t numParams = parameters.size();
  for (auto [param, value] : llvm::zip(parameters, carried))
    mdlrt::ParamFinalOp::create(b, loc, param->name, value);
  SmallVector<const ParamTensor *> trainable = getTrainable(parameters);
  unsigned numKinds = getOptimizerStateCount(config.optimizer);
  for (unsigned kind = 0; kind < numKinds; ++kind)
    for (size_t i = 0; i < trainable.size(); ++i)
      mdlrt::OptimStateFinalOp::create(
          b, loc,
          trainable[i]->name + "." +
              getOptimizerStateName(config.optimizer, kind),
          carried[numParams + kind * trainable.size() + i]);
}

/// `scf.if count % every == 0` with its then-block as the insertion point
/// of `b` (restored by the caller's guard): `count` is the number of steps
/// taken so far.
static void buildEveryNSteps(OpBuilder &b, Location loc, Value count,
                             int64_t every) {
  Value period = arith::ConstantIndexOp::create(b, loc, every);
  Value due = arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::eq,
      arith::RemUIOp::create(b, loc, count, period),
      arith::ConstantIndexOp::create(b, loc, 0));
  auto ifOp = scf::IfOp::create(b, loc, due, /*withElseRegion=*/false);
  b.setInsertionPointToStart(ifOp.thenBlock());
}

/// `scf.if (epoch + 1) % every == 0` with its then-block as the insertion
/// point of `b` (restored by the caller's guard).
static void buildEveryNEpochs(OpBuilder &b, Location loc, Value epoch,
                              int64_t every) {
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value period = arith::ConstantIndexOp::create(b, loc, every);
  Value done = arith::AddIOp::create(b, loc, epoch, one);
  Value due = arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::eq,
      arith::RemUIOp::create(b, loc, done, period),
      arith::ConstantIndexOp::create(b, loc, 0));
  auto ifOp = scf::IfOp::create(b, loc, due, /*withElseRegion=*/false);
  b.setInsertionPointToStart(ifOp.thenBlock());
}

/// One pass over the evaluation set with the current parameters: the loss
/// and, for class labels, the number of correct argmax predictions of each
/// batch go to the runtime, which prints and logs the pass's metrics.
/// `size` is the run's batch when the program's batch is dynamic, else
/// null (the compiled batch).
static void emitEvaluation(Generator &gen, const TrainConfig &config,
                           Location loc, Value epoch, ValueRange params,
                           func::FuncOp forward, func::FuncOp loss,
                           Value size) {
  OpBuilder &b = gen.builder;
  FunctionType lossType = loss.getFunctionType();
  auto inputType = cast<RankedTensorType>(lossType.getInput(params.size()));
  auto labelType =
      cast<RankedTensorType>(lossType.getInput(params.size() + 1));
  Value batches = mdlrt::EvalBatchesOp::create(
      b, loc, b.getIndexType(), size, b.getI64IntegerAttr(config.batch));
  buildCountedLoop(b, loc, batches, {}, [&](Value, ValueRange) {
    auto batch =
        mdlrt::EvalNextBatchOp::create(b, loc, inputType, labelType, size);
    SmallVector<Value> args(params);
    args.push_back(batch.getInputs());
    Value logits =
        func::CallOp::create(b, loc, forward, args).getResult(0);
    args.push_back(batch.getLabels());
    Value lossValue = func::CallOp::create(b, loc, loss, args).getResult(0);
    auto logitsType = cast<RankedTensorType>(logits.getType());
    Type floatType = logitsType.getElementType();
    auto scalarType = RankedTensorType::get({}, floatType);
    if (isa<FloatType>(labelType.getElementType())) {
      // Regression targets: the runtime reports the loss alone.
      Value none = mdl::createSplatConstant(b, loc, scalarType, 0.0);
      mdlrt::EvalRecordOp::create(b, loc, none, lossValue, size,
                                  b.getI64IntegerAttr(config.batch));
      return SmallVector<Value>();
    }
    // correct = Σ [argmax(logits) == label].
    Value predicted = mdl::ArgmaxOp::create(b, loc, labelType, logits,
                                            b.getI64IntegerAttr(1));
    Value hits = mdl::CompareOp::create(
        b, loc, RankedTensorType::get(labelType.getShape(), b.getI1Type()),
        b.getStringAttr("eq"), predicted, batch.getLabels());
    Value one = mdl::createSplatConstant(b, loc, scalarType, 1.0);
    Value zero = mdl::createSplatConstant(b, loc, scalarType, 0.0);
    Value hitValues = mdl::SelectOp::create(
        b, loc, RankedTensorType::get(labelType.getShape(), floatType), hits,
        one, zero);
    Value correct = mdl::SumOp::create(b, loc, scalarType, hitValues,
                                       b.getDenseI64ArrayAttr({0}));
    mdlrt::EvalRecordOp::create(b, loc, correct, lossValue, size,
                                b.getI64IntegerAttr(config.batch));
    return SmallVector<Value>();
  });
  mdlrt::EvalEndOp::create(b, loc, epoch);
}

/// `@mdl_eval()`, the `eval` command: one pass over the `eval` option's set
/// (the training set without one) with the parameters of --weights.
static LogicalResult emitEvalEntry(Generator &gen, const TrainConfig &config,
                                   Location loc, func::FuncOp forward,
                                   func::FuncOp loss) {
  OpBuilder &b = gen.builder;
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToEnd(gen.module.getBody());
  auto func = func::FuncOp::create(b, loc, "mdl_eval", b.getFunctionType({}, {}));
  b.setInsertionPointToStart(func.addEntryBlock());
  if (config.eval) {
    if (failed(emitEvalSet(gen, config)))
      return failure();
  } else {
    emitTrainingSet(b, config, /*shuffle=*/false);
  }
  mdlrt::EvalBeginOp::create(b, loc);
  SmallVector<Value> params =
      emitParamInits(gen, config, loc, /*withOptimizerState=*/false);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  // `eval` of a dynamic-batch program uses the train block's batch.
  Value size = gen.dynamicBatch
                   ? Value(arith::ConstantIndexOp::create(b, loc, config.batch))
                   : Value();
  emitEvaluation(gen, config, loc, zero, params, forward, loss, size);
  func::ReturnOp::create(b, loc);
  return success();
}

/// `@mdl_info()`: one description per parameter, layer by layer (buffers
/// marked), the train step to measure (mdl-step-cost fills in its FLOPs and
/// peak memory) when there is one, then the table.
void mdlc::mlirgen::emitInfoEntry(Generator &gen, const TrainConfig &config,
                                  Location loc, func::FuncOp trainStep) {
  OpBuilder &b = gen.builder;
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToEnd(gen.module.getBody());
  auto func = func::FuncOp::create(b, loc, "mdl_info", b.getFunctionType({}, {}));
  b.setInsertionPointToStart(func.addEntryBlock());
  for (const auto &layer : config.model->getLayers()) {
    if (!layer->getInfo())
      continue;
    for (const ParamTensor &param : layer->getInfo()->params)
      mdlrt::InfoParamOp::create(
          b, loc, b.getStringAttr(param.name), b.getStringAttr(layer->getName()),
          b.getStringAttr(getLayerKindName(layer->getInfo()->kind)),
          b.getDenseI64ArrayAttr(param.shape),
          param.trainable ? UnitAttr() : b.getUnitAttr());
  }
  if (trainStep)
    mdlrt::InfoStepCostOp::create(
        b, loc, b.getI64IntegerAttr(config.batch),
        SymbolRefAttr::get(trainStep.getSymNameAttr()), IntegerAttr(),
        IntegerAttr());
  mdlrt::InfoEndOp::create(b, loc);
  func::ReturnOp::create(b, loc);
}

LogicalResult Generator::emitTrainEntry(const TrainDecl &train,
                                        func::FuncOp forward,
                                        func::FuncOp loss,
                                        func::FuncOp trainStep) {
  const TrainConfig &config = *train.getConfig();
  Location loc = train.getLoc();
  if (!config.epochs)
    return unsupported(loc, "a train block without `epochs`");
  if (config.parallel != ParallelKind::None)
    return unsupported(getOptionLoc(train, "parallel"),
                       "the `parallel` option");
  if (config.eval) {
    auto labels = RankedTensorType();
    FailureOr<RankedTensorType> target =
        getTensorType(config.targetType, loc);
    if (failed(target))
      return failure();
    labels = *target;
    if (isa<IntegerType>(labels.getElementType()) && labels.getRank() != 1)
      return unsupported(getOptionLoc(train, "eval"),
                         "evaluating a model whose integer targets are not "
                         "one class index per sample");
  }
  auto everyEpochs = [](const auto &option) {
    return option && option->period.unit == PeriodUnit::Epoch;
  };
  auto everySteps = [](const auto &option) {
    return option && option->period.unit == PeriodUnit::Step;
  };

  const std::vector<const ParamTensor *> &parameters =
      config.model->getInfo().parameters;
  FunctionType stepType = trainStep.getFunctionType();
  size_t numParams = parameters.size();
  size_t numStates = getOptimizerStateCount(config.optimizer) *
                     getTrainable(parameters).size();
  size_t numCarried = numParams + numStates;
  auto inputType = cast<RankedTensorType>(stepType.getInput(numCarried));
  auto targetType = cast<RankedTensorType>(stepType.getInput(numCarried + 1));
  Type scalarType = stepType.getInputs().back();

  OpBuilder::InsertionGuard guard(builder);
  auto func = func::FuncOp::create(builder, loc, "mdl_train",
                                   builder.getFunctionType({}, {}));
  builder.setInsertionPointToStart(func.addEntryBlock());

  emitTrainingSet(builder, config, config.shuffle);
  if (config.eval && failed(emitEvalSet(*this, config)))
    return failure();
  if (config.checkpoint)
    mdlrt::CheckpointConfigOp::create(
        builder, getOptionLoc(train, "checkpoint"),
        builder.getStringAttr(config.checkpoint->path),
        builder.getI64IntegerAttr(config.checkpoint->period.every));
  mdlrt::TrainBeginOp::create(
      builder, loc, builder.getI64IntegerAttr(config.batch),
      builder.getI64IntegerAttr(*config.epochs),
      builder.getF64FloatAttr(config.optimizer.lr),
      builder.getI64IntegerAttr(config.seed),
      dynamicBatch ? builder.getUnitAttr() : UnitAttr());
  // The run's batch sizes the batches of a dynamic-batch program.
  Value size = dynamicBatch ? Value(mdlrt::TrainBatchOp::create(
                                  builder, loc, builder.getIndexType()))
                            : Value();
  Value lr = mdlrt::TrainLROp::create(builder, loc, scalarType);

  // Loop-carried: parameters, optimizer state, the step count (all from
  // the checkpoint under --resume).
  SmallVector<Value> initial =
      emitParamInits(*this, config, loc, /*withOptimizerState=*/true);
  assert(initial.size() == numCarried && "one value per carried tensor");
  initial.push_back(
      mdlrt::TrainFirstStepOp::create(builder, loc, builder.getIndexType()));

  Value firstEpoch =
      mdlrt::TrainFirstEpochOp::create(builder, loc, builder.getIndexType());
  Value epochs = mdlrt::TrainEpochsOp::create(builder, loc,
                                              builder.getIndexType());
  // After a stop signal (mdlrt.should_stop) the step loop exits and the
  // remaining epoch ends are skipped: the values pass through unchanged to
  // the end, where the runtime saves them.
  SmallVector<Type> carriedTypes;
  for (Value value : initial)
    carriedTypes.push_back(value.getType());
  auto buildUnlessStopped =
      [&](ValueRange passThrough,
          function_ref<SmallVector<Value>()> body) -> ValueRange {
    Value stop = mdlrt::ShouldStopOp::create(builder, loc, builder.getI1Type());
    auto ifOp = scf::IfOp::create(builder, loc, carriedTypes, stop,
                                  /*withElseRegion=*/true);
    OpBuilder::InsertionGuard ifGuard(builder);
    builder.setInsertionPointToStart(ifOp.thenBlock());
    scf::YieldOp::create(builder, loc, passThrough);
    builder.setInsertionPointToStart(ifOp.elseBlock());
    scf::YieldOp::create(builder, loc, body());
    return ifOp.getResults();
  };
  scf::ForOp epochLoop = buildCountedLoop(
      builder, loc, epochs, initial,
      [&](Value epoch, ValueRange carried) {
        Value steps = mdlrt::TrainEpochStepsOp::create(
            builder, loc, builder.getIndexType(), epoch);
        scf::WhileOp stepLoop =
            buildStepLoop(builder, loc, steps, carried, [&](ValueRange state) {
              auto batch = mdlrt::NextBatchOp::create(builder, loc, inputType,
                                                      targetType, size);
              Value count = arith::AddIOp::create(
                  builder, loc, state.back(),
                  arith::ConstantIndexOp::create(builder, loc, 1));
              Value stepNumber = arith::SIToFPOp::create(
                  builder, loc, scalarType,
                  arith::IndexCastOp::create(builder, loc, builder.getI64Type(),
                                             count));
              SmallVector<Value> args(state.drop_back());
              args.push_back(batch.getInputs());
              args.push_back(batch.getTargets());
              if (config.model->getInfo().hasDropout)
                args.push_back(mdlrt::StepSeedOp::create(
                    builder, loc, builder.getI64Type(), count));
              args.push_back(lr);
              args.push_back(stepNumber);
              auto call = func::CallOp::create(builder, loc, trainStep, args);
              mdlrt::LogStepOp::create(builder, loc, call.getResults().back());
              SmallVector<Value> next(call.getResults().drop_back());
              // `eval` / `checkpoint` every N steps: after the step whose
              // count is a multiple of N.
              ValueRange updated(next);
              if (everySteps(config.eval)) {
                OpBuilder::InsertionGuard evalGuard(builder);
                buildEveryNSteps(builder, loc, count,
                                 config.eval->period.every);
                emitEvaluation(*this, config, loc, epoch,
                               updated.take_front(numParams), forward, loss,
                               size);
              }
              if (everySteps(config.checkpoint)) {
                OpBuilder::InsertionGuard checkpointGuard(builder);
                buildEveryNSteps(builder, loc, count,
                                 config.checkpoint->period.every);
                emitReportState(builder, loc, config, updated);
                mdlrt::CheckpointSaveOp::create(builder, loc, epoch);
              }
              next.push_back(count);
              return next;
            });
        ValueRange done = stepLoop.getResults().drop_front();
        return SmallVector<Value>(buildUnlessStopped(done, [&] {
          mdlrt::EpochEndOp::create(builder, loc, epoch);
          if (everyEpochs(config.eval)) {
            OpBuilder::InsertionGuard evalGuard(builder);
            buildEveryNEpochs(builder, loc, epoch, config.eval->period.every);
            emitEvaluation(*this, config, loc, epoch,
                           done.take_front(numParams), forward, loss, size);
          }
          if (everyEpochs(config.checkpoint)) {
            OpBuilder::InsertionGuard checkpointGuard(builder);
            buildEveryNEpochs(builder, loc, epoch,
                              config.checkpoint->period.every);
            emitReportState(builder, loc, config, done.drop_back());
            mdlrt::CheckpointSaveOp::create(builder, loc, epoch);
          }
          return SmallVector<Value>(done);
        }));
      },
      firstEpoch);

  emitReportState(builder, loc, config, epochLoop.getResults().drop_back());
  mdlrt::TrainEndOp::create(builder, loc);
  func::ReturnOp::create(builder, loc);
  emitInfoEntry(*this, config, loc, trainStep);
  return emitEvalEntry(*this, config, loc, forward, loss);
}
