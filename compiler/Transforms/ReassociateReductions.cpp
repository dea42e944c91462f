//===- ReassociateReductions.cpp - fast-math flags on reductions -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Implements mdl-reassociate-reductions (Passes.td): the float arithmetic
// inside a linalg op that reduces gets `reassoc` and `contract`, the two
// fast-math flags LLVM needs to vectorise a reduction loop and to form FMAs.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"

namespace mdlc {
#define GEN_PASS_DEF_REASSOCIATEREDUCTIONSPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace mdlc

using namespace mlir;

namespace {
struct ReassociateReductionsPass
    : public mdlc::impl::ReassociateReductionsPassBase<
          ReassociateReductionsPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    getOperation().walk([&](linalg::LinalgOp op) {
      if (op.getNumReductionLoops() == 0)
        return;
      op->walk([&](Operation *inner) {
        if (!isa<arith::AddFOp, arith::SubFOp, arith::MulFOp>(inner))
          return;
        auto fastMath = cast<arith::ArithFastMathInterface>(inner);
        arith::FastMathFlags flags =
            fastMath.getFastMathFlagsAttr().getValue() |
            arith::FastMathFlags::reassoc | arith::FastMathFlags::contract;
        inner->setAttr(fastMath.getFastMathAttrName(),
                       arith::FastMathFlagsAttr::get(ctx, flags));
      });
    });
  }
};
} // namespace
