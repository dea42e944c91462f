//===- MLIRGen.h - checked AST to mdl IR ------------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Public entry point of MLIRGen: turns a checked program (Frontend.h) into a
// module of mdl and mdlrt ops: one function per model forward, the loss,
// the train step (value_and_grad + optimizer update), and `@mdl_train`, the
// compiled training loop.
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_MLIRGEN_MLIRGEN_H
#define COMPILER_MLIRGEN_MLIRGEN_H

#include "compiler/Frontend/AST.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace mdlc {

/// Generates the module for `program`'s train block. Returns null after
/// reporting an error at the construct code generation cannot handle. The
/// batch dimension B is dynamic (the run's batch), unless `staticBatch`
/// (check-grads runs the loss at one fixed batch).
mlir::OwningOpRef<mlir::ModuleOp>
generateModule(const frontend::Program &program, mlir::MLIRContext &context,
               bool staticBatch = false);

} // namespace mdlc

#endif // COMPILER_MLIRGEN_MLIRGEN_H
