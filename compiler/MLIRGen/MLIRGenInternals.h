//===- MLIRGenInternals.h - state shared by MLIRGen's parts -----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The Generator holds the builder, the module and the symbolic-dimension
// bindings; Models.cpp, Exprs.cpp, Losses.cpp and Training.cpp each add one
// kind of function to the module through it (Optimizers.cpp helps the train
// step).
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

  /// `@<Model>.forward(parameters..., inputs...)` (Models.cpp).
  mlir::FailureOr<mlir::func::FuncOp>
  emitForward(const frontend::ModelDecl &model);

  /// The value of `expr` in `scope` (Exprs.cpp).
  mlir::FailureOr<mlir::Value> emitExpr(const frontend::Expr &expr,
                                        Scope &scope);
  /// Emits `let`s and returns the value of the `return` (Exprs.cpp).
  mlir::FailureOr<mlir::Value> emitBody(const frontend::FuncDecl &func,
                                        Scope &scope);

  /// `@<Model>.loss(parameters..., inputs, targets)` (Losses.cpp).
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

  /// Where train option `name` is written (its value), or the train block.
  mlir::Location getOptionLoc(const frontend::TrainDecl &train,
                              llvm::StringRef name);

  /// Reports that code generation does not handle `what` yet.
  mlir::LogicalResult unsupported(mlir::Location loc, const llvm::Twine &what);

  mlir::MLIRContext &context;
  const frontend::Program &program;
  mlir::OpBuilder builder;
  mlir::ModuleOp module;
  /// Symbolic dimension bindings, e.g. B -> the train block's batch.
  llvm::StringMap<int64_t> symbols;
};

} // namespace mdlc::mlirgen

#endif // COMPILER_MLIRGEN_MLIRGENINTERNALS_H
