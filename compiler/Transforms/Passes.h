//===- Passes.h - mdlc's own transforms on upstream IR ----------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Declarations and registration of the passes in Passes.td.
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_TRANSFORMS_PASSES_H
#define COMPILER_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Pass/Pass.h"

namespace mdlc {

#define GEN_PASS_DECL
#include "compiler/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compiler/Transforms/Passes.h.inc"

} // namespace mdlc

#endif // COMPILER_TRANSFORMS_PASSES_H
