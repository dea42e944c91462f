//===- RLCalls.cpp - mdlrt q_learning ops to runtime calls ------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Lowers the mdlrt ops of a q_learning agent (environment, acting, replay
// sampling, target network, agent checkpoints and greedy evaluation) to
// calls of runtime/include/mdlrt/mdlrt.h.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/MDLRTToFunc/RuntimeCalls.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;
using namespace mlir::mdlrt;
using namespace mlir::mdlrt_to_func;

namespace {

struct EnvDeclareLowering : public OpConversionPattern<EnvDeclareOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(EnvDeclareOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    callRuntime(rewriter, op, "mdlrt_env_declare",
                {stringConstant(rewriter, op, op.getName()),
                 constantI64(rewriter, loc, op.getMaxSteps()),
                 constantI64(rewriter, loc, op.getObservationSize()),
                 constantI64(rewriter, loc, op.getActionCount())},
                {}, /*takesBuffers=*/true);
    rewriter.eraseOp(op);
    return success();
  }
};

struct RLBeginLowering : public OpConversionPattern<RLBeginOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RLBeginOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    callRuntime(
        rewriter, op,
        op.getDynamicBatch() ? "mdlrt_rl_begin_dynamic" : "mdlrt_rl_begin",
        {constantI64(rewriter, loc, op.getSteps()),
         constantF64(rewriter, loc, op.getLr().convertToDouble()),
         constantI64(rewriter, loc, op.getSeed()),
         constantI64(rewriter, loc, op.getReplay()),
         constantI64(rewriter, loc, op.getBatch()),
         constantI64(rewriter, loc, op.getWarmup()),
         constantF64(rewriter, loc, op.getEpsilonFrom().convertToDouble()),
         constantF64(rewriter, loc, op.getEpsilonTo().convertToDouble()),
         constantI64(rewriter, loc, op.getEpsilonSteps())});
    rewriter.eraseOp(op);
    return success();
  }
};

struct RLObserveLowering : public OpConversionPattern<RLObserveOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RLObserveOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getState().getType();
    Value buffer = allocFor(rewriter, loc, type);
    callRuntime(rewriter, op, "mdlrt_rl_observe",
                {toUnranked(rewriter, loc, buffer)}, {},
                /*takesBuffers=*/true);
    rewriter.replaceOp(op, asTensor(rewriter, loc, type, buffer));
    return success();
  }
};

struct RLExploreLowering : public OpConversionPattern<RLExploreOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RLExploreOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto call = callRuntime(rewriter, op, "mdlrt_rl_explore",
                            {toI64(rewriter, op.getLoc(), adaptor.getStep())},
                            rewriter.getI64Type());
    rewriter.replaceOp(op, call.getResult(0));
    return success();
  }
};

struct RLActLowering : public OpConversionPattern<RLActOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RLActOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    callRuntime(rewriter, op, "mdlrt_rl_act", {adaptor.getAction()});
    rewriter.eraseOp(op);
    return success();
  }
};

/// The runtime's int64_t 0/1 answer of `call` as an i1.
static Value isNonZero(OpBuilder &b, Location loc, func::CallOp call) {
  return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne,
                               call.getResult(0), constantI64(b, loc, 0));
}

struct RLReadyLowering : public OpConversionPattern<RLReadyOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RLReadyOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto call =
        callRuntime(rewriter, op, "mdlrt_rl_ready", {}, rewriter.getI64Type());
    rewriter.replaceOp(op, isNonZero(rewriter, op.getLoc(), call));
    return success();
  }
};

struct RLSampleLowering : public OpConversionPattern<RLSampleOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RLSampleOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SmallVector<Value> buffers, args, tensors;
    for (Value result : op->getResults()) {
      auto type = cast<RankedTensorType>(result.getType());
      buffers.push_back(allocFor(rewriter, loc, type, adaptor.getSize()));
      args.push_back(toUnranked(rewriter, loc, buffers.back()));
    }
    callRuntime(rewriter, op, "mdlrt_rl_sample", args, {},
                /*takesBuffers=*/true);
    for (auto [result, buffer] : llvm::zip(op->getResults(), buffers))
      tensors.push_back(asTensor(
          rewriter, loc, cast<RankedTensorType>(result.getType()), buffer));
    rewriter.replaceOp(op, tensors);
    return success();
  }
};

struct RLTargetInitLowering : public OpConversionPattern<RLTargetInitOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RLTargetInitOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getTarget().getType();
    auto bufferType = MemRefType::get(type.getShape(), type.getElementType());
    Value online = bufferization::ToBufferOp::create(
        rewriter, loc, bufferType, adaptor.getOnline(), /*read_only=*/true);
    Value buffer = allocFor(rewriter, loc, type);
    callRuntime(rewriter, op, "mdlrt_rl_target_init_f32",
                {stringConstant(rewriter, op, op.getName()),
                 toUnranked(rewriter, loc, online),
                 toUnranked(rewriter, loc, buffer)},
                {}, /*takesBuffers=*/true);
    rewriter.replaceOp(op, asTensor(rewriter, loc, type, buffer));
    return success();
  }
};

struct RLEvalActLowering : public OpConversionPattern<RLEvalActOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RLEvalActOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto call = callRuntime(rewriter, op, "mdlrt_rl_eval_act",
                            {adaptor.getAction()}, rewriter.getI64Type());
    rewriter.replaceOp(op, isNonZero(rewriter, op.getLoc(), call));
    return success();
  }
};

} // namespace

void mlir::mdlrt_to_func::populateRLCallPatterns(TypeConverter &typeConverter,
                                                 RewritePatternSet &patterns) {
  patterns.add<EnvDeclareLowering, RLBeginLowering, RLObserveLowering,
               RLExploreLowering, RLActLowering, RLReadyLowering,
               RLSampleLowering, RLEvalActLowering, RLTargetInitLowering>(
      typeConverter, patterns.getContext());
  patterns.add<ReportTensorLowering<RLTargetFinalOp>>(
      typeConverter, patterns.getContext(), "mdlrt_rl_target_final_f32");
  patterns.add<IndexQueryLowering<RLGradientStepsOp>>(
      typeConverter, patterns.getContext(), "mdlrt_rl_gradient_steps");
  patterns.add<PlainCallLowering<RLCheckpointSaveOp>>(
      typeConverter, patterns.getContext(), "mdlrt_rl_checkpoint_save");
  patterns.add<IndexQueryLowering<RLTotalStepsOp>>(
      typeConverter, patterns.getContext(), "mdlrt_rl_total_steps");
  patterns.add<PlainCallLowering<RLEvalBeginOp>>(
      typeConverter, patterns.getContext(), "mdlrt_rl_eval_begin");
  patterns.add<PlainCallLowering<RLEvalEndOp>>(
      typeConverter, patterns.getContext(), "mdlrt_rl_eval_end");
}
