//===- Harness.h - a float64 copy of a program's loss -----------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Builds the module `mdlc --check-grads` JIT-compiles: the loss that
// MLIRGen's train step differentiates, together with every function it
// calls, retyped from f32 to f64, plus two C-interface entry points on
// memrefs: `@check_value` (the loss) and `@check_grad` (the loss and its
// gradient with respect to the train step's `wrt` operands, through
// mdl.value_and_grad and so through mdl-autodiff like training itself).
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_CHECKGRADS_HARNESS_H
#define COMPILER_CHECKGRADS_HARNESS_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/SmallVector.h"

namespace mdlc::checkgrads {

struct Harness {
  /// At the MDL phase; entry points `check_value(args..., out)` and
  /// `check_grad(args..., out, grads...)`.
  mlir::OwningOpRef<mlir::ModuleOp> module;
  /// The loss's operand types, f64 where the program had f32.
  llvm::SmallVector<mlir::RankedTensorType> argTypes;
  /// The operands differentiated, in increasing order (the parameters).
  llvm::SmallVector<int64_t> wrt;
};

/// The C-interface entry points of the harness.
inline constexpr llvm::StringLiteral kValueEntry = "check_value";
inline constexpr llvm::StringLiteral kGradEntry = "check_grad";

/// Builds the harness from MLIRGen's module (which it leaves unchanged).
/// A train-mode loss's trailing i64 dropout seed is fixed to one value.
/// Fails, with an error at the module, when the module has no
/// mdl.value_and_grad of a loss or the loss has other operands that are not
/// ranked tensors.
mlir::FailureOr<Harness> buildHarness(mlir::ModuleOp generated);

} // namespace mdlc::checkgrads

#endif // COMPILER_CHECKGRADS_HARNESS_H
