//===- MDLDialect.cpp - mdl dialect registration ----------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Registers the mdl ops and makes them inlinable, so model and loss
// functions can be inlined into the train step before differentiation.
//
//===----------------------------------------------------------------------===//

#include "dialects/mdl/IR/MDLDialect.h"
#include "dialects/mdl/IR/MDLOps.h"
#include "mlir/Transforms/InliningUtils.h"

using namespace mlir;
using namespace mlir::mdl;

#include "dialects/mdl/IR/MDLOpsDialect.cpp.inc"

namespace {
/// Every mdl op is pure or a call-like request with no region, so inlining
/// it anywhere is legal.
struct MDLInlinerInterface : public DialectInlinerInterface {
  using DialectInlinerInterface::DialectInlinerInterface;
  bool isLegalToInline(Operation *, Region *, bool, IRMapping &) const final {
    return true;
  }
};
} // namespace

void MDLDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/mdl/IR/MDLOps.cpp.inc"
      >();
  addInterfaces<MDLInlinerInterface>();
}
