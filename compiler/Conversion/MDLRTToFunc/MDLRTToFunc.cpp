//===- MDLRTToFunc.cpp - mdlrt ops to runtime calls -------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The pass that lowers each mdlrt op to a call of its C function in
// runtime/include/mdlrt/mdlrt.h (patterns: TrainingCalls.cpp, RLCalls.cpp;
// call building: RuntimeCalls.h), then scopes the calls that pass
// descriptors.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/MDLRTToFunc/MDLRTToFunc.h"
#include "compiler/Conversion/MDLRTToFunc/RuntimeCalls.h"
#include "compiler/Conversion/Passes.h"
#include "dialects/mdlrt/IR/MDLRTDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir {
#define GEN_PASS_DEF_CONVERTMDLRTTOFUNCPASS
#include "compiler/Conversion/Passes.h.inc"
} // namespace mlir

using namespace mlir;
using namespace mlir::mdlrt;

void mlir::populateMDLRTToFuncConversionPatterns(TypeConverter &typeConverter,
                                                 RewritePatternSet &patterns) {
  mdlrt_to_func::populateTrainingCallPatterns(typeConverter, patterns);
  mdlrt_to_func::populateRLCallPatterns(typeConverter, patterns);
}

/// Puts every call that passes unranked memrefs, together with the casts
/// that make them, in a memref.alloca_scope. The LLVM lowering of a cast to
/// an unranked memref stack-allocates the ranked descriptor where the cast
/// is; in a loop (a replay batch per step) the stack would grow every
/// iteration and overflow after some 25,000 q_learning steps. The scope
/// restores the stack pointer after the call.
static void scopeDescriptorCasts(Operation *root) {
  SmallVector<func::CallOp> calls;
  root->walk([&](func::CallOp call) {
    if (llvm::any_of(call.getOperandTypes(), llvm::IsaPred<UnrankedMemRefType>))
      calls.push_back(call);
  });
  for (func::CallOp call : calls) {
    OpBuilder b(call);
    Location loc = call.getLoc();
    auto scope = memref::AllocaScopeOp::create(b, loc, call.getResultTypes());
    b.createBlock(&scope.getBodyRegion());
    auto ret = memref::AllocaScopeReturnOp::create(b, loc, call.getResults());
    for (auto [result, scoped] :
         llvm::zip(call.getResults(), scope.getResults()))
      result.replaceAllUsesExcept(scoped, ret);
    call->moveBefore(ret);
    for (Value operand : call.getOperands()) {
      auto cast = operand.getDefiningOp<memref::CastOp>();
      if (cast && cast->hasOneUse() && isa<UnrankedMemRefType>(cast.getType()))
        cast->moveBefore(call);
    }
  }
}

namespace {
struct ConvertMDLRTToFuncPass
    : public impl::ConvertMDLRTToFuncPassBase<ConvertMDLRTToFuncPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    TypeConverter typeConverter;
    typeConverter.addConversion([](Type type) { return type; });
    ConversionTarget target(*ctx);
    target.addIllegalDialect<MDLRTDialect>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    RewritePatternSet patterns(ctx);
    populateMDLRTToFuncConversionPatterns(typeConverter, patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns)))) {
      signalPassFailure();
      return;
    }
    scopeDescriptorCasts(getOperation());
  }
};
} // namespace
