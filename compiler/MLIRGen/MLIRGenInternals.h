//===- MLIRGenInternals.h - state shared by MLIRGen's parts -----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The Generator holds the builder, the module and the symbolic-dimension
// bindings; Models.cpp, Exprs.cpp, Losses.cpp and Training.cpp each add one
// kind of function to the module through it (Optimizers.cpp helps the train
// step); QLearning.cpp builds a q_learning agent from them.
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_MLIRGEN_MLIRGENINTERNALS_H
#define COMPILER_MLIRGEN_MLIRGENINTERNALS_H

#include "compiler/Frontend/AST.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

namespace mdlc::mlirgen {

/// Values visible while generating one function body.
struct Scope {
  llvm::DenseMap<const frontend::ParamDecl *, mlir::Value> params;
  llvm::DenseMap<const frontend::LetStmt *, mlir::Value> lets;
  /// The model's parameter tensors (weights and biases).
  llvm::DenseMap<const frontend::ParamTensor *, mlir::Value> weights;
  /// Model-typed parameters of a loss (q_learning's `q` and `target`): the
  /// parameter tensors a call `q(s)` passes to the model's forward.
  llvm::DenseMap<const frontend::ParamDecl *, llvm::SmallVector<mlir::Value>>
      models;
  /// Train mode (`<Model>.forward_train`): batch norm normalizes with the
  /// batch's statistics and appends them to `batchStats`; dropout masks
  /// with seeds derived from `dropoutSeed`.
  bool training = false;
  mlir::Value dropoutSeed;
  llvm::SmallVector<mlir::Value> batchStats;
  /// Dropout layers called so far (each gets its own mask seed).
  unsigned dropoutCalls = 0;
};

/// One batch-norm call of a train-mode forward, in call order: its layer
/// and the number of elements per channel its statistics average over.
struct BatchNormCall {
  const frontend::LayerInfo *layer;
  /// Elements per channel in one batch entry (H·W, or 1): the statistics
  /// count n is this times the batch.
  int64_t perEntry;
};

/// Tensors of optimizer state per parameter: 0 for SGD, 1 (the momentum
/// buffer) for SGD with momentum, 2 (m, v) for Adam and AdamW. The train
/// step and @mdl_train carry them after the parameters, kind by kind: all
/// parameters' first state tensor in parameter order, then the second.
unsigned getOptimizerStateCount(const frontend::OptimizerConfig &config);

/// The learning rate of the step numbered `step` (a float scalar, from 1)
/// under `schedule`, from the base rate `lr` (Optimizers.cpp).
mlir::Value emitScheduledLR(mlir::OpBuilder &b, mlir::Location loc,
                            const frontend::LRSchedule &schedule,
                            mlir::Value lr, mlir::Value step);

/// Clips `grads` if the train block asks and applies its optimizer to every
/// parameter; returns the new parameters then the new optimizer state, in
/// the layout of `states` (Optimizers.cpp).
llvm::SmallVector<mlir::Value>
emitOptimizerUpdate(mlir::OpBuilder &b, mlir::Location loc,
                    const frontend::TrainConfig &config,
                    mlir::ValueRange params, mlir::ValueRange grads,
                    mlir::ValueRange states, mlir::Value lr, mlir::Value step);

class Generator;

/// Initialises every parameter through the runtime and, with
/// `withOptimizerState`, the optimizer's state (zeros, or the state of
/// --resume), then marks them ready. Returns them in the loop's order
/// (Training.cpp).
llvm::SmallVector<mlir::Value>
emitParamInits(Generator &gen, const frontend::TrainConfig &config,
               mlir::Location loc, bool withOptimizerState);

/// Reports the current parameters and optimizer state (`carried`: the
/// parameters, then the optimizer's tensors) to the runtime (Training.cpp).
void emitReportState(mlir::OpBuilder &b, mlir::Location loc,
                     const frontend::TrainConfig &config,
                     mlir::ValueRange carried);

/// `@mdl_info()`, the info command (Training.cpp); with `trainStep`, also
/// the FLOPs and peak memory of one step (a q_learning program has none).
void emitInfoEntry(Generator &gen, const frontend::TrainConfig &config,
                   mlir::Location loc, mlir::func::FuncOp trainStep = {});

class Generator {
public:
  Generator(mlir::MLIRContext &context, const frontend::Program &program);

  mlir::OwningOpRef<mlir::ModuleOp> run();

  //===--------------------------------------------------------------------===//
  // Types (MLIRGen.cpp)
  //===--------------------------------------------------------------------===//

  /// The MLIR element type of `dtype`.
  mlir::Type getElementType(frontend::DType dtype);
  /// The static tensor type of a tensor SemaType, symbolic dims replaced by
  /// their bindings; fails with an error at `loc` for an unbound symbol or a
  /// dtype code generation does not support.
  mlir::FailureOr<mlir::RankedTensorType>
  getTensorType(const frontend::SemaType &type, mlir::Location loc);
  mlir::RankedTensorType getParamType(const frontend::ParamTensor &param);

  //===--------------------------------------------------------------------===//
  // Functions
  //===--------------------------------------------------------------------===//

  /// `@<Model>.forward(parameters..., inputs...)`, the eval-mode forward,
  /// or with `training` `@<Model>.forward_train(parameters..., inputs...[,
  /// seed: i64])` returning the prediction and then the batch mean and
  /// variance of every batch-norm call (`batchNormCalls`) (Models.cpp).
  mlir::FailureOr<mlir::func::FuncOp>
  emitForward(const frontend::ModelDecl &model, bool training = false);

  /// The value of `expr` in `scope` (Exprs.cpp).
  mlir::FailureOr<mlir::Value> emitExpr(const frontend::Expr &expr,
                                        Scope &scope);
  /// Emits `let`s and returns the value of the `return` (Exprs.cpp).
  mlir::FailureOr<mlir::Value> emitBody(const frontend::FuncDecl &func,
                                        Scope &scope);

  /// `@<Model>.loss(parameters..., inputs, targets)`, or for a
  /// train-mode `forward` `@<Model>.loss_train(parameters..., inputs,
  /// targets[, seed])` (Losses.cpp).
  mlir::FailureOr<mlir::func::FuncOp>
  emitLoss(const frontend::TrainDecl &train, mlir::func::FuncOp forward);
  /// `@<Model>.train_step(parameters..., optimizer state..., inputs,
  /// targets, lr, step)` returning the updated parameters and state and the
  /// loss (Losses.cpp).
  mlir::FailureOr<mlir::func::FuncOp>
  emitTrainStep(const frontend::TrainDecl &train, mlir::func::FuncOp loss);

  /// `@mdl_train()`: data, parameter initialisation, the epoch/step loop
  /// around the train step, final parameters (Training.cpp).
  mlir::LogicalResult emitTrainEntry(const frontend::TrainDecl &train,
                                     mlir::func::FuncOp forward,
                                     mlir::func::FuncOp loss,
                                     mlir::func::FuncOp trainStep);

  /// Every function of a `q_learning` train block: forwards, loss, train
  /// step, `@mdl_train`, `@mdl_eval`, `@mdl_info` (QLearning.cpp).
  mlir::LogicalResult emitQLearning(const frontend::TrainDecl &train);

  /// Where train option `name` is written (its value), or the train block.
  mlir::Location getOptionLoc(const frontend::TrainDecl &train,
                              llvm::StringRef name);

  /// Reports that code generation does not handle `what` yet.
  mlir::LogicalResult unsupported(mlir::Location loc, const llvm::Twine &what);

  mlir::MLIRContext &context;
  const frontend::Program &program;
  mlir::OpBuilder builder;
  mlir::ModuleOp module;
  /// Symbolic dimension bindings, e.g. B -> the train block's batch, or
  /// ShapedType::kDynamic when the batch is chosen at run time.
  llvm::StringMap<int64_t> symbols;
  /// B is dynamic (unless forceStaticBatch): batches and replay batches
  /// are fetched with the run's batch, `mdlrt.train_batch`.
  bool dynamicBatch = false;
  /// Keep B static (generateModule's staticBatch, for check-grads).
  bool forceStaticBatch = false;
  /// The forward a loss calls for a model-typed parameter (`q(s)`).
  llvm::DenseMap<const frontend::ModelDecl *, mlir::func::FuncOp> forwards;
  /// The batch-norm calls of the last train-mode forward emitted.
  std::vector<BatchNormCall> batchNormCalls;
};

} // namespace mdlc::mlirgen

#endif // COMPILER_MLIRGEN_MLIRGENINTERNALS_H
