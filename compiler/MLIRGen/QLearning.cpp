//===- QLearning.cpp - the compiled q_learning agent ------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// `train M on ENV with q_learning` (LANGUAGE.md §3) becomes:
// - `@<M>.forward` at the replay batch, which the loss calls for `q(s)`
//   and `target(s2)`, and `@<M>.forward_act`, the same forward on a batch
//   of one state, which picks the greedy action. The replay batch is `?`
//   (the run's, `--batch` or the block's: `mdlrt.train_batch` sizes
//   `mdlrt.rl_sample`) unless the batch is static (--check-grads);
// - `@<M>.loss(online..., target..., s, a, r, s2, done)`: the user's loss,
//   its first model-typed parameter bound to the online parameters, the
//   second to the target parameters, s/a/r/s2/done to the replay batch and
//   any other parameter to the train option of its name (a constant);
// - `@<M>.train_step` as for a supervised run (Losses.cpp): the target
//   parameters and the replay batch are its "batch" operands, so the
//   gradient is taken with respect to the online parameters only and the
//   target network is a constant of the step;
// - `@mdl_train`: one scf.for over environment steps carrying the online
//   parameters, the optimizer state, the target parameters and the number
//   of gradient steps taken; each step observes, acts (epsilon-greedy),
//   takes a gradient step on a replay batch once the runtime says so,
//   copies online to target every `target_sync` steps and, with
//   `checkpoint = "F" every N steps`, reports the state and saves it every
//   N steps. Under --resume the runtime hands out the checkpoint's online
//   and target networks and optimizer state, and the loop starts at the
//   saved environment step with the saved gradient-step count;
// - `@mdl_eval`: greedy episodes with the parameters of --weights;
// - `@mdl_info`: as for a supervised run.
// The runtime owns the environment, the episodes and the replay buffer
// (mdlrt.h "Reinforcement learning"); everything else is IR.
//
//===----------------------------------------------------------------------===//

#include "compiler/MLIRGen/MLIRGenInternals.h"
#include "dialects/mdl/IR/MDLOps.h"
#include "dialects/mdlrt/IR/MDLRTDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mdlc::frontend;
using namespace mdlc::mlirgen;

namespace {

/// The per-step tensors of a replay batch, in the loss's operand order
/// after the two parameter sets.
struct ReplayTypes {
  RankedTensorType state;  ///< s, s2: f32 [batch, observation]
  RankedTensorType action; ///< a: i32 [batch]
  RankedTensorType scalar; ///< r, done: f32 [batch]
};

/// Emits the functions of one q_learning train block.
class QLearningEmitter {
public:
  QLearningEmitter(Generator &gen, const TrainDecl &train)
      : gen(gen), b(gen.builder), train(train), config(*train.getConfig()),
        loc(train.getLoc()),
        numParams(config.model->getInfo().parameters.size()),
        numStates(getOptimizerStateCount(config.optimizer) * numParams) {}

  LogicalResult emit();

private:
  LogicalResult checkSupported();
  FailureOr<func::FuncOp> emitActForward();
  FailureOr<func::FuncOp> emitLoss(const ReplayTypes &replay);
  void emitTrainEntry(func::FuncOp actForward, func::FuncOp trainStep,
                      const ReplayTypes &replay);
  /// The replay batch `replay` sized by `size` (the run's batch, or null
  /// for a static batch).
  mdlrt::RLSampleOp emitSample(const ReplayTypes &replay, Value size);
  void emitEvalEntry(func::FuncOp actForward);

  void emitEnvDeclare();
  /// Reports the online network, the optimizer state and the target
  /// network (a checkpoint's tensors) from loop-carried values.
  void emitReportAgent(ValueRange carried);
  /// The current observation as a batch of one, f32 [1, observation].
  Value emitObserve();
  /// The greedy action for `state` (f32 [1, observation]) under `params`:
  /// argmax of the batch-1 forward, as an i64.
  Value emitGreedyAction(func::FuncOp actForward, ValueRange params,
                         Value state);
  /// `scf.if cond` yielding `thenValues()` or else `elseValues()`, each
  /// built in its branch.
  ValueRange buildIf(Value cond, TypeRange types,
                     function_ref<SmallVector<Value>()> thenValues,
                     function_ref<SmallVector<Value>()> elseValues);
  /// One environment step of the training loop on the loop-carried values
  /// (see emitTrainEntry); returns the values to carry on.
  SmallVector<Value> emitEnvStep(Value t, ValueRange carried, Value lr,
                                 func::FuncOp actForward,
                                 func::FuncOp trainStep,
                                 const ReplayTypes &replay, Value batch);

  Generator &gen;
  OpBuilder &b;
  const TrainDecl &train;
  const TrainConfig &config;
  Location loc;
  size_t numParams;
  size_t numStates;
};

} // namespace

LogicalResult QLearningEmitter::checkSupported() {
  assert(config.steps && "Sema requires `steps` with q_learning");
  // A q_learning run has environment steps, not epochs.
  if (config.checkpoint && config.checkpoint->period.unit != PeriodUnit::Step)
    return gen.unsupported(gen.getOptionLoc(train, "checkpoint"),
                           "checkpointing a q_learning run every N epochs "
                           "(use `every N steps`)");
  if (config.parallel != ParallelKind::None)
    return gen.unsupported(gen.getOptionLoc(train, "parallel"),
                           "the `parallel` option");
  // Acting and the TD targets would need eval-mode forwards next to the
  // train-mode one the gradient takes.
  if (config.model->getInfo().hasTrainMode)
    return gen.unsupported(config.model->getLoc(),
                           "a q_learning model with batch norm or dropout");
  const EnvInfo &env = *config.environment->getInfo();
  if (env.observation.getRank() != 1)
    return gen.unsupported(config.environment->getLoc(),
                           "an environment whose observation is not a vector");
  return success();
}

FailureOr<func::FuncOp> QLearningEmitter::emitActForward() {
  // The forward once more with B bound to 1, renamed: one state at a time.
  int64_t batch = gen.symbols["B"];
  gen.symbols["B"] = 1;
  FailureOr<func::FuncOp> forward = gen.emitForward(*config.model);
  gen.symbols["B"] = batch;
  if (failed(forward))
    return failure();
  forward->setSymName((config.model->getName() + ".forward_act").str());
  return forward;
}

FailureOr<func::FuncOp> QLearningEmitter::emitLoss(const ReplayTypes &replay) {
  const FuncDecl &userLoss = *config.userLoss;
  Location lossLoc = gen.getOptionLoc(train, "loss");
  SmallVector<Type> inputs;
  for (int set = 0; set < 2; ++set)
    for (const ParamTensor *param : config.model->getInfo().parameters)
      inputs.push_back(gen.getParamType(*param));
  inputs.append({replay.state, replay.action, replay.scalar, replay.state,
                 replay.scalar});
  auto lossType = RankedTensorType::get({}, b.getF32Type());

  OpBuilder::InsertionGuard guard(b);
  auto func = func::FuncOp::create(b, lossLoc,
                                   (config.model->getName() + ".loss").str(),
                                   b.getFunctionType(inputs, lossType));
  func.setPrivate();
  Block *entry = func.addEntryBlock();
  b.setInsertionPointToStart(entry);
  ValueRange args = entry->getArguments();
  ValueRange online = args.take_front(numParams);
  ValueRange target = args.slice(numParams, numParams);
  ValueRange batch = args.drop_front(2 * numParams);

  Scope scope;
  for (const LossParamBinding &binding : config.lossBindings) {
    const ParamDecl *param = binding.param;
    switch (binding.role) {
    case LossParamRole::OnlineModel:
      scope.models[param].assign(online.begin(), online.end());
      break;
    case LossParamRole::TargetModel:
      scope.models[param].assign(target.begin(), target.end());
      break;
    case LossParamRole::State:
      scope.params[param] = batch[0];
      break;
    case LossParamRole::Action:
      scope.params[param] = batch[1];
      break;
    case LossParamRole::Reward:
      scope.params[param] = batch[2];
      break;
    case LossParamRole::NextState:
      scope.params[param] = batch[3];
      break;
    case LossParamRole::Done:
      scope.params[param] = batch[4];
      break;
    case LossParamRole::Option: {
      // A train option (`gamma`) is a constant of the compiled program.
      FailureOr<RankedTensorType> type =
          gen.getTensorType(param->getType(), param->getLoc());
      if (failed(type))
        return failure();
      scope.params[param] = mdl::createSplatConstant(b, param->getLoc(), *type,
                                                     binding.optionValue);
      break;
    }
    default:
      return gen.unsupported(param->getLoc(),
                             "a loss parameter with the role `" +
                                 getLossParamRoleName(binding.role) +
                                 "` in a q_learning run");
    }
  }
  FailureOr<Value> value = gen.emitBody(userLoss, scope);
  if (failed(value))
    return failure();
  if (value->getType() != lossType)
    return emitError(userLoss.getLoc())
           << "expected the loss to return " << lossType << ", but it "
           << "returns " << value->getType();
  func::ReturnOp::create(b, lossLoc, *value);
  return func;
}

void QLearningEmitter::emitEnvDeclare() {
  const EnvironmentDecl &env = *config.environment;
  const EnvInfo &info = *env.getInfo();
  mdlrt::EnvDeclareOp::create(
      b, env.getLoc(), b.getStringAttr(getEnvKindName(info.kind)),
      b.getI64IntegerAttr(info.maxSteps),
      b.getI64IntegerAttr(info.observation.getDims()[0].getSize()),
      b.getI64IntegerAttr(info.numActions));
}

void QLearningEmitter::emitReportAgent(ValueRange carried) {
  emitReportState(b, loc, config, carried.take_front(numParams + numStates));
  for (auto [param, value] :
       llvm::zip(config.model->getInfo().parameters,
                 carried.slice(numParams + numStates, numParams)))
    mdlrt::RLTargetFinalOp::create(b, loc, param->name, value);
}

Value QLearningEmitter::emitObserve() {
  int64_t size =
      config.environment->getInfo()->observation.getDims()[0].getSize();
  return mdlrt::RLObserveOp::create(
      b, loc, RankedTensorType::get({1, size}, b.getF32Type()));
}

Value QLearningEmitter::emitGreedyAction(func::FuncOp actForward,
                                         ValueRange params, Value state) {
  SmallVector<Value> args(params);
  args.push_back(state);
  Value values = func::CallOp::create(b, loc, actForward, args).getResult(0);
  auto indexType = RankedTensorType::get({1}, b.getI32Type());
  Value best =
      mdl::ArgmaxOp::create(b, loc, indexType, values, b.getI64IntegerAttr(1));
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value action = tensor::ExtractOp::create(b, loc, best, ValueRange{zero});
  return arith::ExtSIOp::create(b, loc, b.getI64Type(), action);
}

ValueRange
QLearningEmitter::buildIf(Value cond, TypeRange types,
                          function_ref<SmallVector<Value>()> thenValues,
                          function_ref<SmallVector<Value>()> elseValues) {
  auto ifOp = scf::IfOp::create(b, loc, types, cond, /*withElseRegion=*/true);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(ifOp.thenBlock());
  scf::YieldOp::create(b, loc, thenValues());
  b.setInsertionPointToStart(ifOp.elseBlock());
  scf::YieldOp::create(b, loc, elseValues());
  return ifOp.getResults();
}

mdlrt::RLSampleOp QLearningEmitter::emitSample(const ReplayTypes &replay,
                                               Value size) {
  return mdlrt::RLSampleOp::create(b, loc, replay.state, replay.action,
                                   replay.scalar, replay.state, replay.scalar,
                                   size);
}

SmallVector<Value> QLearningEmitter::emitEnvStep(Value t, ValueRange carried,
                                                 Value lr,
                                                 func::FuncOp actForward,
                                                 func::FuncOp trainStep,
                                                 const ReplayTypes &replay,
                                                 Value batch) {
  size_t numTrained = numParams + numStates;
  ValueRange online = carried.take_front(numParams);
  ValueRange states = carried.slice(numParams, numStates);
  ValueRange target = carried.slice(numTrained, numParams);
  Value updates = carried.back();
  Type f32 = b.getF32Type();
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  auto keep = [](ValueRange values) {
    return [values] { return SmallVector<Value>(values); };
  };

  // Act: epsilon-greedy; a greedy step observes the state and takes the
  // online network's argmax.
  Value explore = mdlrt::RLExploreOp::create(b, loc, b.getI64Type(), t);
  Value greedy = arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::slt, explore,
      arith::ConstantIntOp::create(b, loc, b.getI64Type(), 0));
  Value action = buildIf(
      greedy, b.getI64Type(),
      [&] {
        return SmallVector<Value>{
            emitGreedyAction(actForward, online, emitObserve())};
      },
      keep(explore))[0];
  mdlrt::RLActOp::create(b, loc, action);

  // Learn: one gradient step on a replay batch once one is due.
  SmallVector<Value> untrained(carried.take_front(numTrained));
  untrained.push_back(updates);
  Value ready = mdlrt::RLReadyOp::create(b, loc, b.getI1Type());
  ValueRange trained = buildIf(
      ready, ValueRange(untrained).getTypes(),
      [&] {
        mdlrt::RLSampleOp sample = emitSample(replay, batch);
        // Adam's bias correction counts gradient steps, from 1.
        Value count = arith::AddIOp::create(b, loc, updates, one);
        Value stepNumber = arith::SIToFPOp::create(
            b, loc, f32,
            arith::IndexCastOp::create(b, loc, b.getI64Type(), count));
        SmallVector<Value> args(online);
        args.append(states.begin(), states.end());
        args.append(target.begin(), target.end());
        args.append(sample->getResults().begin(), sample->getResults().end());
        args.push_back(lr);
        args.push_back(stepNumber);
        auto call = func::CallOp::create(b, loc, trainStep, args);
        mdlrt::LogStepOp::create(b, loc, call.getResults().back());
        SmallVector<Value> values(call.getResults().drop_back());
        values.push_back(count);
        return values;
      },
      keep(untrained));

  // Sync: target = online after every `target_sync` environment steps.
  Value taken = arith::AddIOp::create(b, loc, t, one);
  Value period =
      arith::ConstantIndexOp::create(b, loc, config.qlearning.targetSync);
  Value due = arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::eq,
      arith::RemUIOp::create(b, loc, taken, period), zero);
  // The copy writes the target's own tensors (destination-passing style),
  // so after bufferization the two networks never share a buffer and the
  // loop carries both in place.
  ValueRange synced = buildIf(
      due, target.getTypes(),
      [&] {
        SmallVector<Value> copies;
        for (auto [from, to] : llvm::zip(trained.take_front(numParams), target))
          copies.push_back(
              linalg::CopyOp::create(b, loc, from, to).getResult(0));
        return copies;
      },
      keep(target));

  SmallVector<Value> next(trained.take_front(numTrained));
  next.append(synced.begin(), synced.end());
  next.push_back(trained.back());

  // Checkpoint: after every N-th environment step, the state as it now is.
  if (config.checkpoint) {
    Value every =
        arith::ConstantIndexOp::create(b, loc, config.checkpoint->period.every);
    Value save = arith::CmpIOp::create(
        b, loc, arith::CmpIPredicate::eq,
        arith::RemUIOp::create(b, loc, taken, every), zero);
    auto ifOp = scf::IfOp::create(b, loc, save, /*withElseRegion=*/false);
    OpBuilder::InsertionGuard saveGuard(b);
    b.setInsertionPointToStart(ifOp.thenBlock());
    emitReportAgent(next);
    mdlrt::RLCheckpointSaveOp::create(b, loc);
  }
  return next;
}

void QLearningEmitter::emitTrainEntry(func::FuncOp actForward,
                                      func::FuncOp trainStep,
                                      const ReplayTypes &replay) {
  const QLearningConfig &q = config.qlearning;
  const EpsilonSchedule &eps = q.epsilon;
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToEnd(gen.module.getBody());
  auto func =
      func::FuncOp::create(b, loc, "mdl_train", b.getFunctionType({}, {}));
  b.setInsertionPointToStart(func.addEntryBlock());

  emitEnvDeclare();
  if (config.checkpoint)
    mdlrt::CheckpointConfigOp::create(
        b, gen.getOptionLoc(train, "checkpoint"),
        b.getStringAttr(config.checkpoint->path),
        b.getI64IntegerAttr(config.checkpoint->period.every));
  // rl_begin stands in for train_begin: the seed is known before the
  // parameters are drawn. A constant epsilon has 0 schedule steps. With a
  // run-time replay batch, --batch may replace the block's; train_batch
  // says which the run uses.
  bool dynamicBatch = replay.state.isDynamicDim(0);
  mdlrt::RLBeginOp::create(
      b, loc, b.getI64IntegerAttr(*config.steps),
      b.getF64FloatAttr(config.optimizer.lr), b.getI64IntegerAttr(config.seed),
      b.getI64IntegerAttr(q.replay), b.getI64IntegerAttr(config.batch),
      b.getI64IntegerAttr(q.warmup), b.getF64FloatAttr(eps.from),
      b.getF64FloatAttr(eps.to),
      b.getI64IntegerAttr(eps.isLinear ? eps.steps : 0),
      dynamicBatch ? b.getUnitAttr() : UnitAttr());
  Value batch = dynamicBatch ? Value(mdlrt::TrainBatchOp::create(
                                   b, loc, b.getIndexType()))
                             : Value();
  Value lr = mdlrt::TrainLROp::create(b, loc, b.getF32Type());

  // Loop-carried: online parameters, optimizer state (as a supervised
  // run's), target parameters (a copy of the online ones at first), the
  // number of gradient steps taken (all from the checkpoint under
  // --resume).
  SmallVector<Value> initial =
      emitParamInits(gen, config, loc, /*withOptimizerState=*/true);
  assert(initial.size() == numParams + numStates && "one value per tensor");
  SmallVector<Value> online(initial.begin(), initial.begin() + numParams);
  for (auto [param, value] :
       llvm::zip(config.model->getInfo().parameters, online))
    initial.push_back(mdlrt::RLTargetInitOp::create(b, loc, value.getType(),
                                                    param->name, value));
  initial.push_back(mdlrt::RLGradientStepsOp::create(b, loc, b.getIndexType()));

  Value first = mdlrt::TrainFirstStepOp::create(b, loc, b.getIndexType());
  Value total = mdlrt::RLTotalStepsOp::create(b, loc, b.getIndexType());
  auto loop = scf::ForOp::create(
      b, loc, first, total, arith::ConstantIndexOp::create(b, loc, 1), initial,
      [&](OpBuilder &nested, Location, Value t, ValueRange carried) {
        OpBuilder::InsertionGuard bodyGuard(b);
        b.setInsertionPoint(nested.getInsertionBlock(),
                            nested.getInsertionPoint());
        // After a stop signal the remaining steps pass the values through;
        // mdlrt_train_end then saves them.
        Value stop = mdlrt::ShouldStopOp::create(b, loc, b.getI1Type());
        ValueRange next = buildIf(
            stop, carried.getTypes(),
            [&] { return SmallVector<Value>(carried); },
            [&] {
              return emitEnvStep(t, carried, lr, actForward, trainStep, replay,
                                 batch);
            });
        scf::YieldOp::create(b, loc, next);
      });

  emitReportAgent(loop.getResults());
  mdlrt::TrainEndOp::create(b, loc);
  func::ReturnOp::create(b, loc);
}

void QLearningEmitter::emitEvalEntry(func::FuncOp actForward) {
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToEnd(gen.module.getBody());
  auto func =
      func::FuncOp::create(b, loc, "mdl_eval", b.getFunctionType({}, {}));
  b.setInsertionPointToStart(func.addEntryBlock());
  emitEnvDeclare();
  mdlrt::RLEvalBeginOp::create(b, loc);
  SmallVector<Value> params =
      emitParamInits(gen, config, loc, /*withOptimizerState=*/false);
  // Greedy steps until the runtime says the last episode ended.
  auto loop = scf::WhileOp::create(b, loc, TypeRange{}, ValueRange{});
  {
    OpBuilder::InsertionGuard loopGuard(b);
    Block *before = b.createBlock(&loop.getBefore());
    b.setInsertionPointToStart(before);
    Value action = emitGreedyAction(actForward, params, emitObserve());
    Value running = mdlrt::RLEvalActOp::create(b, loc, b.getI1Type(), action);
    scf::ConditionOp::create(b, loc, running, ValueRange{});
    Block *after = b.createBlock(&loop.getAfter());
    b.setInsertionPointToStart(after);
    scf::YieldOp::create(b, loc, ValueRange{});
  }
  mdlrt::RLEvalEndOp::create(b, loc);
  func::ReturnOp::create(b, loc);
}

LogicalResult QLearningEmitter::emit() {
  if (failed(checkSupported()))
    return failure();
  FailureOr<func::FuncOp> forward = gen.emitForward(*config.model);
  if (failed(forward))
    return failure();
  gen.forwards[config.model] = *forward;
  FailureOr<func::FuncOp> actForward = emitActForward();
  if (failed(actForward))
    return failure();

  ReplayTypes replay;
  FailureOr<RankedTensorType> state = gen.getTensorType(config.inputType, loc);
  FailureOr<RankedTensorType> action =
      gen.getTensorType(config.targetType, loc);
  if (failed(state) || failed(action))
    return failure();
  replay.state = *state;
  replay.action = *action;
  // `B`: the block's batch, or `?` for a run-time one.
  replay.scalar =
      RankedTensorType::get({state->getDimSize(0)}, b.getF32Type());

  FailureOr<func::FuncOp> loss = emitLoss(replay);
  if (failed(loss))
    return failure();
  FailureOr<func::FuncOp> step = gen.emitTrainStep(train, *loss);
  if (failed(step))
    return failure();
  emitTrainEntry(*actForward, *step, replay);
  emitInfoEntry(gen, config, loc);
  emitEvalEntry(*actForward);
  return success();
}

LogicalResult Generator::emitQLearning(const TrainDecl &train) {
  return QLearningEmitter(*this, train).emit();
}
