//===- Passes.h - mdl dialect passes ----------------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Declares the passes of Passes.td and their registration.
//
//===----------------------------------------------------------------------===//

#ifndef DIALECTS_MDL_TRANSFORMS_PASSES_H
#define DIALECTS_MDL_TRANSFORMS_PASSES_H

#include "dialects/mdl/IR/MDLDialect.h"
#include "mlir/Pass/Pass.h"

namespace mlir::mdl {

#define GEN_PASS_DECL
#include "dialects/mdl/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dialects/mdl/Transforms/Passes.h.inc"

} // namespace mlir::mdl

#endif // DIALECTS_MDL_TRANSFORMS_PASSES_H
