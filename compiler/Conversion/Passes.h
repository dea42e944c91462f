//===- Passes.h - mdlc conversion passes ------------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Declares every conversion pass of Passes.td and their registration.
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_CONVERSION_PASSES_H
#define COMPILER_CONVERSION_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir {

#define GEN_PASS_DECL
#include "compiler/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compiler/Conversion/Passes.h.inc"

} // namespace mlir

#endif // COMPILER_CONVERSION_PASSES_H
