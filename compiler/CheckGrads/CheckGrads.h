//===- CheckGrads.h - whole-model gradient check ----------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// `mdlc --check-grads FILE.mdl`: compiles a float64 copy of the train
// block's loss and its gradient (the same mdl-autodiff and CPU pipeline as
// training), JIT-runs them on random parameters, inputs and targets for a
// few seeds, and compares each parameter's gradient with central finite
// differences of the loss; prints the worst relative error per parameter.
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_CHECKGRADS_CHECKGRADS_H
#define COMPILER_CHECKGRADS_CHECKGRADS_H

#include "compiler/CheckGrads/Compare.h"
#include "compiler/Frontend/AST.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/LLVM.h"

namespace mdlc {

struct CheckGradsOptions {
  /// Independent draws of parameters, inputs and targets.
  unsigned seeds = 3;
  /// Elements compared per parameter tensor and seed (all of a smaller
  /// tensor).
  unsigned samples = 20;
  /// The batch the loss is compiled for; 0 keeps the train block's.
  int64_t batch = 4;
  checkgrads::CompareOptions compare;
};

/// Checks the gradient of the train block's loss in a checked `program` and
/// prints the table to `os`. Returns failure after reporting an error
/// through `context`; otherwise whether every parameter passed.
mlir::FailureOr<bool> checkGradients(frontend::Program &program,
                                     mlir::MLIRContext &context,
                                     const CheckGradsOptions &options,
                                     llvm::raw_ostream &os);

} // namespace mdlc

#endif // COMPILER_CHECKGRADS_CHECKGRADS_H
