//===- MemRefCopyToLinalg.cpp - strided copies as linalg.copy ---*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Implements mdl-memref-copy-to-linalg (Passes.td): a copy whose source or
// target is not an identity-layout buffer becomes a linalg.copy, so that it
// is lowered to loops instead of a call into MLIR's runner utilities.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

namespace mdlc {
#define GEN_PASS_DEF_MEMREFCOPYTOLINALGPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace mdlc

using namespace mlir;

static bool hasIdentityLayout(Value value) {
  auto type = dyn_cast<MemRefType>(value.getType());
  return type && type.getLayout().isIdentity();
}

namespace {
struct MemRefCopyToLinalgPass
    : public mdlc::impl::MemRefCopyToLinalgPassBase<MemRefCopyToLinalgPass> {
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    getOperation().walk([&](memref::CopyOp copy) {
      if (hasIdentityLayout(copy.getSource()) &&
          hasIdentityLayout(copy.getTarget()))
        return;
      // linalg.copy needs ranked operands; unranked copies stay as they are.
      if (!isa<MemRefType>(copy.getSource().getType()) ||
          !isa<MemRefType>(copy.getTarget().getType()))
        return;
      rewriter.setInsertionPoint(copy);
      rewriter.replaceOpWithNewOp<linalg::CopyOp>(copy, copy.getSource(),
                                                  copy.getTarget());
    });
  }
};
} // namespace
