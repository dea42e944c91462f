//===- RuntimeCalls.h - building calls of the mdlrt C ABI -------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// What every mdlrt lowering builds with: declarations and calls of the
// runtime's C functions, constants and casts at their types, buffers the
// runtime fills, and the patterns of ops that are one call. The patterns
// themselves live by room: TrainingCalls.cpp (datasets, the step loop,
// parameters, evaluation, info, checkpoints) and RLCalls.cpp (q_learning).
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_CONVERSION_MDLRTTOFUNC_RUNTIMECALLS_H
#define COMPILER_CONVERSION_MDLRTTOFUNC_RUNTIMECALLS_H

#include "dialects/mdlrt/IR/MDLRTDialect.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::mdlrt_to_func {

/// Declares (once) the runtime function `name` in the enclosing module.
func::FuncOp declareRuntimeFunction(OpBuilder &b, Operation *user,
                                    StringRef name, TypeRange inputs,
                                    TypeRange results, bool takesBuffers);

/// Calls the runtime function `name` (declared on first use) with `args`.
func::CallOp callRuntime(OpBuilder &b, Operation *user, StringRef name,
                         ValueRange args, TypeRange results = {},
                         bool takesBuffers = false);

/// Constants and casts at the C ABI's types.
Value constantI64(OpBuilder &b, Location loc, int64_t value);

Value constantF64(OpBuilder &b, Location loc, double value);

Value toI64(OpBuilder &b, Location loc, Value index);

Value toIndex(OpBuilder &b, Location loc, Value i64);

/// `memref` as the unranked memref the C interface passes.
Value toUnranked(OpBuilder &b, Location loc, Value memref);

/// A constant i8 buffer holding `text` (no terminator), as an unranked memref.
Value stringConstant(OpBuilder &b, Operation *user, StringRef text);

/// A constant i64 buffer holding `values`, as an unranked memref.
Value i64ArrayConstant(OpBuilder &b, Operation *user, ArrayRef<int64_t> values);

/// A fresh buffer for a tensor the runtime fills; `size` sizes a dynamic
/// leading (batch) dimension.
Value allocFor(OpBuilder &b, Location loc, RankedTensorType type,
               Value size = Value());

/// The tensor view of a buffer the runtime just filled: `restrict` because
/// nothing else aliases it, `writable` so bufferization may update it in
/// place (parameters are updated every step).
Value asTensor(OpBuilder &b, Location loc, RankedTensorType type, Value buffer);

/// Calls the batch-filling runtime function `name` on fresh buffers for
/// inputs of `xType` and targets of `yType`; returns their tensor views.
SmallVector<Value> fillBatch(OpBuilder &b, Operation *op, StringRef name,
                             RankedTensorType xType, RankedTensorType yType,
                             Value size);

//===----------------------------------------------------------------------===//
// Patterns of ops that are one call
//===----------------------------------------------------------------------===//

/// A pattern lowering `OpTy` to a call of the runtime function `name`.
template <typename OpTy>
struct RuntimeCallPattern : public OpConversionPattern<OpTy> {
  RuntimeCallPattern(TypeConverter &typeConverter, MLIRContext *ctx,
                     StringRef name)
      : OpConversionPattern<OpTy>(typeConverter, ctx), name(name) {}
  StringRef name;
};

/// An op whose only operand is an epoch index: a call of `name` with it as
/// an i64 (mdlrt.epoch_end, mdlrt.eval_end).
template <typename OpTy>
struct EpochCallLowering : public RuntimeCallPattern<OpTy> {
  using RuntimeCallPattern<OpTy>::RuntimeCallPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    callRuntime(rewriter, op, this->name,
                {toI64(rewriter, op.getLoc(), adaptor.getEpoch())});
    rewriter.eraseOp(op);
    return success();
  }
};

/// An op without operands or results: a call of `name` (mdlrt.train_end,
/// mdlrt.params_ready).
template <typename OpTy>
struct PlainCallLowering : public RuntimeCallPattern<OpTy> {
  using RuntimeCallPattern<OpTy>::RuntimeCallPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    callRuntime(rewriter, op, this->name, {});
    rewriter.eraseOp(op);
    return success();
  }
};

/// An op reporting the current value of a named tensor (mdlrt.param_final,
/// mdlrt.optim_state_final): a call of `name` with the name and the
/// tensor's buffer.
template <typename OpTy>
struct ReportTensorLowering : public RuntimeCallPattern<OpTy> {
  using RuntimeCallPattern<OpTy>::RuntimeCallPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value tensor = adaptor.getOperands()[0];
    auto type = cast<RankedTensorType>(tensor.getType());
    Value buffer = bufferization::ToBufferOp::create(
        rewriter, loc, MemRefType::get(type.getShape(), type.getElementType()),
        tensor, /*read_only=*/true);
    callRuntime(rewriter, op, this->name,
                {stringConstant(rewriter, op, op.getName()),
                 toUnranked(rewriter, loc, buffer)},
                {}, /*takesBuffers=*/true);
    rewriter.eraseOp(op);
    return success();
  }
};

/// An op with one index result and no operands: a call of `name` returning
/// an i64 (mdlrt.train_first_epoch, mdlrt.train_first_step).
template <typename OpTy>
struct IndexQueryLowering : public RuntimeCallPattern<OpTy> {
  using RuntimeCallPattern<OpTy>::RuntimeCallPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto call =
        callRuntime(rewriter, op, this->name, {}, rewriter.getI64Type());
    rewriter.replaceOp(op, toIndex(rewriter, op.getLoc(), call.getResult(0)));
    return success();
  }
};

/// The patterns of TrainingCalls.cpp and RLCalls.cpp.
void populateTrainingCallPatterns(TypeConverter &typeConverter,
                                  RewritePatternSet &patterns);
void populateRLCallPatterns(TypeConverter &typeConverter,
                            RewritePatternSet &patterns);

} // namespace mlir::mdlrt_to_func

#endif // COMPILER_CONVERSION_MDLRTTOFUNC_RUNTIMECALLS_H
