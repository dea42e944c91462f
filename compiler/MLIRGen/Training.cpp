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
#include "dialects/mdlrt/IR/MDLRTDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mdlc::frontend;
using namespace mdlc::mlirgen;

/// Declares the training set with the runtime.
static LogicalResult emitDataset(Generator &gen, const DatasetDecl &dataset) {
  const DatasetInfo &info = *dataset.getInfo();
  Location loc = dataset.getLoc();
  if (info.kind != DatasetKind::SyntheticLinear)
    return gen.unsupported(loc, "the `" + getDatasetKindName(info.kind) +
                                    "` dataset");
  OpBuilder &b = gen.builder;
  mdlrt::DatasetSyntheticLinearOp::create(
      b, loc, b.getI64IntegerAttr(info.get("samples").getInt()),
      b.getI64IntegerAttr(info.get("features").getInt()),
      b.getF64FloatAttr(info.get("noise").getFloat()),
      b.getI64IntegerAttr(info.get("seed").getInt()));
  return success();
}

/// Builds `scf.for %iv = 0 to %upper` carrying `initial`; `body` returns
/// the values to yield.
static scf::ForOp
buildCountedLoop(OpBuilder &b, Location loc, Value upper, ValueRange initial,
                 function_ref<SmallVector<Value>(Value, ValueRange)> body) {
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  return scf::ForOp::create(
      b, loc, zero, upper, one, initial,
      [&](OpBuilder &nested, Location nestedLoc, Value iv, ValueRange iter) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPoint(nested.getInsertionBlock(),
                            nested.getInsertionPoint());
        scf::YieldOp::create(nested, nestedLoc, body(iv, iter));
      });
}

LogicalResult Generator::emitTrainEntry(const TrainDecl &train,
                                        func::FuncOp trainStep) {
  const TrainConfig &config = *train.getConfig();
  Location loc = train.getLoc();
  if (!config.epochs)
    return unsupported(loc, "a train block without `epochs`");
  const std::vector<const ParamTensor *> &parameters =
      config.model->getInfo().parameters;
  FunctionType stepType = trainStep.getFunctionType();
  size_t numParams = parameters.size();
  auto inputType = cast<RankedTensorType>(stepType.getInput(numParams));
  auto targetType = cast<RankedTensorType>(stepType.getInput(numParams + 1));
  Type lrType = stepType.getInputs().back();

  OpBuilder::InsertionGuard guard(builder);
  auto func = func::FuncOp::create(builder, loc, "mdl_train",
                                   builder.getFunctionType({}, {}));
  builder.setInsertionPointToStart(func.addEntryBlock());

  if (failed(emitDataset(*this, *config.dataset)))
    return failure();
  mdlrt::TrainBeginOp::create(builder, loc,
                              builder.getI64IntegerAttr(config.batch),
                              builder.getI64IntegerAttr(*config.epochs),
                              builder.getF64FloatAttr(config.optimizer.lr),
                              builder.getI64IntegerAttr(config.seed));
  Value lr = mdlrt::TrainLROp::create(builder, loc, lrType);

  SmallVector<Value> initial;
  for (const ParamTensor *param : parameters) {
    StringRef init = param->init == InitKind::Zeros ? "zeros" : "uniform_fan_in";
    initial.push_back(mdlrt::ParamInitOp::create(
        builder, loc, getParamType(*param), param->name, init,
        std::max<int64_t>(param->fanIn, 1)));
  }

  Value epochs = mdlrt::TrainEpochsOp::create(builder, loc,
                                              builder.getIndexType());
  scf::ForOp epochLoop = buildCountedLoop(
      builder, loc, epochs, initial, [&](Value epoch, ValueRange params) {
        Value steps = mdlrt::TrainEpochStepsOp::create(
            builder, loc, builder.getIndexType(), epoch);
        scf::ForOp stepLoop = buildCountedLoop(
            builder, loc, steps, params, [&](Value, ValueRange stepParams) {
              auto batch = mdlrt::NextBatchOp::create(builder, loc, inputType,
                                                      targetType);
              SmallVector<Value> args(stepParams);
              args.push_back(batch.getInputs());
              args.push_back(batch.getTargets());
              args.push_back(lr);
              auto call = func::CallOp::create(builder, loc, trainStep, args);
              mdlrt::LogStepOp::create(builder, loc,
                                       call.getResults().back());
              return SmallVector<Value>(call.getResults().drop_back());
            });
        mdlrt::EpochEndOp::create(builder, loc, epoch);
        return SmallVector<Value>(stepLoop.getResults());
      });

  for (auto [param, value] : llvm::zip(parameters, epochLoop.getResults()))
    mdlrt::ParamFinalOp::create(builder, loc, param->name, value);
  mdlrt::TrainEndOp::create(builder, loc);
  func::ReturnOp::create(builder, loc);
  return success();
}
