//===- Optimizers.cpp - optimizer updates inside the train step -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// What the train step does between the gradient and the new parameters:
// the learning rate of this step under the train block's `lr_schedule`
// (computed from the step number, so a resumed run continues its schedule),
// gradient clipping by global norm, and one mdl optimizer op per parameter.
//
//===----------------------------------------------------------------------===//

#include "compiler/MLIRGen/MLIRGenInternals.h"
#include "dialects/mdl/IR/MDLOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mdlc::frontend;
using namespace mdlc::mlirgen;

unsigned mdlc::mlirgen::getOptimizerStateCount(const OptimizerConfig &config) {
  if (config.kind == OptimizerKind::Adam)
    return 2;
  return config.momentum != 0.0 ? 1 : 0;
}

/// The rate of one schedule stage at `t` optimizer steps into the stage
/// (f64 scalars; `lr` is the base rate).
static Value emitStageRate(OpBuilder &b, Location loc, const LRStage &stage,
                           Value lr, Value t) {
  auto constant = [&](double value) -> Value {
    return arith::ConstantOp::create(b, loc, b.getF64FloatAttr(value));
  };
  Value length = constant(static_cast<double>(stage.steps));
  switch (stage.kind) {
  case LRStageKind::Step: {
    // lr · gamma^floor(t / every)
    Value decays =
        math::FloorOp::create(b, loc, arith::DivFOp::create(b, loc, t, length));
    return arith::MulFOp::create(
        b, loc, lr,
        math::PowFOp::create(b, loc, constant(stage.gamma), decays));
  }
  case LRStageKind::Cosine: {
    // min_lr + (lr - min_lr) · (1 + cos(π · min(t, T) / T)) / 2
    Value done = arith::DivFOp::create(
        b, loc, arith::MinimumFOp::create(b, loc, t, length), length);
    Value cosine = math::CosOp::create(
        b, loc,
        arith::MulFOp::create(b, loc, constant(llvm::numbers::pi), done));
    Value half = arith::MulFOp::create(
        b, loc, constant(0.5),
        arith::AddFOp::create(b, loc, constant(1.0), cosine));
    Value minLr = constant(stage.minLr);
    return arith::AddFOp::create(
        b, loc, minLr,
        arith::MulFOp::create(b, loc, arith::SubFOp::create(b, loc, lr, minLr),
                              half));
  }
  case LRStageKind::Warmup: {
    // lr · (s + (1 - s) · min(t, N) / N)
    Value done = arith::DivFOp::create(
        b, loc, arith::MinimumFOp::create(b, loc, t, length), length);
    Value factor = arith::AddFOp::create(
        b, loc, constant(stage.startFactor),
        arith::MulFOp::create(b, loc, constant(1.0 - stage.startFactor), done));
    return arith::MulFOp::create(b, loc, lr, factor);
  }
  }
  llvm_unreachable("unknown learning-rate stage kind");
}

Value mdlc::mlirgen::emitScheduledLR(OpBuilder &b, Location loc,
                                     const LRSchedule &schedule, Value lr,
                                     Value step) {
  if (schedule.stages.empty())
    return lr;
  // In f64 whatever the parameters' type, rounded once at the end.
  Type type = lr.getType();
  Type f64 = b.getF64Type();
  auto widen = [&](Value v) -> Value {
    return type == f64 ? v : arith::ExtFOp::create(b, loc, f64, v);
  };
  auto constant = [&](double value) -> Value {
    return arith::ConstantOp::create(b, loc, b.getF64FloatAttr(value));
  };
  Value base = widen(lr);
  // t: optimizer steps taken before this one (PyTorch's scheduler
  // last_epoch when scheduler.step() follows every optimizer.step()).
  Value t = arith::SubFOp::create(b, loc, widen(step), constant(1.0));

  // Stage k runs from offsets[k]; the last one runs on forever.
  SmallVector<double> offsets = {0.0};
  for (const LRStage &stage : schedule.stages)
    offsets.push_back(offsets.back() + static_cast<double>(stage.steps));
  size_t last = schedule.stages.size() - 1;
  Value rate =
      emitStageRate(b, loc, schedule.stages[last], base,
                    arith::SubFOp::create(b, loc, t, constant(offsets[last])));
  for (size_t k = last; k-- > 0;) {
    Value local = arith::SubFOp::create(b, loc, t, constant(offsets[k]));
    Value stageRate = emitStageRate(b, loc, schedule.stages[k], base, local);
    Value inStage = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, t,
                                          constant(offsets[k + 1]));
    rate = arith::SelectOp::create(b, loc, inStage, stageRate, rate);
  }
  return type == f64 ? rate : arith::TruncFOp::create(b, loc, type, rate);
}

SmallVector<Value> mdlc::mlirgen::emitOptimizerUpdate(
    OpBuilder &b, Location loc, const TrainConfig &config, ValueRange params,
    ValueRange grads, ValueRange states, Value lr, Value step) {
  const OptimizerConfig &optimizer = config.optimizer;
  size_t numParams = params.size();
  SmallVector<Value> clipped(grads);
  if (config.clipGradNorm)
    clipped = mdl::ClipGradNormOp::create(
                  b, loc, grads, b.getF64FloatAttr(*config.clipGradNorm))
                  .getResults();

  // Parameters, then each kind of state for all parameters in turn: the
  // loop-carried layout of @mdl_train (see getOptimizerStateCount).
  SmallVector<Value> updated, newStates(states.size());
  for (size_t i = 0; i < numParams; ++i) {
    Type type = params[i].getType();
    if (optimizer.kind == OptimizerKind::SGD && optimizer.momentum == 0.0) {
      updated.push_back(
          mdl::SGDOp::create(b, loc, type, params[i], clipped[i], lr,
                             b.getF64FloatAttr(optimizer.weightDecay)));
      continue;
    }
    if (optimizer.kind == OptimizerKind::SGD) {
      auto sgd = mdl::SGDMomentumOp::create(
          b, loc, type, type, params[i], clipped[i], states[i], step, lr,
          b.getF64FloatAttr(optimizer.momentum),
          b.getF64FloatAttr(optimizer.dampening),
          b.getF64FloatAttr(optimizer.weightDecay),
          optimizer.nesterov ? b.getUnitAttr() : UnitAttr());
      updated.push_back(sgd.getNewParam());
      newStates[i] = sgd.getNewBuf();
      continue;
    }
    auto adam = mdl::AdamOp::create(
        b, loc, type, type, type, params[i], clipped[i], states[i],
        states[numParams + i], step, lr, b.getF64FloatAttr(optimizer.beta1),
        b.getF64FloatAttr(optimizer.beta2), b.getF64FloatAttr(optimizer.eps),
        b.getF64FloatAttr(optimizer.weightDecay),
        optimizer.decoupledWeightDecay ? b.getUnitAttr() : UnitAttr());
    updated.push_back(adam.getNewParam());
    newStates[i] = adam.getNewM();
    newStates[numParams + i] = adam.getNewV();
  }
  updated.append(newStates.begin(), newStates.end());
  return updated;
}
