//===- TrainingCalls.cpp - mdlrt training ops to runtime calls --*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Lowers the mdlrt ops of supervised training, evaluation and `info`
// (datasets, the step and epoch loops, batches, parameters and optimizer
// state, logging, checkpoints) to calls of runtime/include/mdlrt/mdlrt.h.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/MDLRTToFunc/RuntimeCalls.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::mdlrt;
using namespace mlir::mdlrt_to_func;

namespace {

struct TrainBeginLowering : public OpConversionPattern<TrainBeginOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TrainBeginOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    callRuntime(rewriter, op,
                op.getDynamicBatch() ? "mdlrt_train_begin_dynamic"
                                     : "mdlrt_train_begin",
                {constantI64(rewriter, loc, op.getBatch()),
                 constantI64(rewriter, loc, op.getEpochs()),
                 constantF64(rewriter, loc, op.getLr().convertToDouble()),
                 constantI64(rewriter, loc, op.getSeed())});
    rewriter.eraseOp(op);
    return success();
  }
};

struct TrainEpochsLowering : public OpConversionPattern<TrainEpochsOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TrainEpochsOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto call = callRuntime(rewriter, op, "mdlrt_train_epochs", {},
                            rewriter.getI64Type());
    rewriter.replaceOp(op, toIndex(rewriter, op.getLoc(), call.getResult(0)));
    return success();
  }
};

struct TrainEpochStepsLowering : public OpConversionPattern<TrainEpochStepsOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TrainEpochStepsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto call = callRuntime(rewriter, op, "mdlrt_train_epoch_steps",
                            {toI64(rewriter, loc, adaptor.getEpoch())},
                            rewriter.getI64Type());
    rewriter.replaceOp(op, toIndex(rewriter, loc, call.getResult(0)));
    return success();
  }
};

struct StepSeedLowering : public OpConversionPattern<StepSeedOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(StepSeedOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto call = callRuntime(rewriter, op, "mdlrt_step_seed",
                            {toI64(rewriter, op.getLoc(), adaptor.getStep())},
                            rewriter.getI64Type());
    rewriter.replaceOp(op, call.getResult(0));
    return success();
  }
};

struct TrainLRLowering : public OpConversionPattern<TrainLROp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TrainLROp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto call =
        callRuntime(rewriter, op, "mdlrt_train_lr", {}, rewriter.getF64Type());
    Value lr = call.getResult(0);
    auto type = cast<FloatType>(op.getLr().getType());
    if (type.getWidth() < 64)
      lr = arith::TruncFOp::create(rewriter, op.getLoc(), type, lr);
    rewriter.replaceOp(op, lr);
    return success();
  }
};

struct DatasetSyntheticLinearLowering
    : public OpConversionPattern<DatasetSyntheticLinearOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DatasetSyntheticLinearOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    callRuntime(rewriter, op, "mdlrt_dataset_synthetic_linear",
                {constantI64(rewriter, loc, op.getSamples()),
                 constantI64(rewriter, loc, op.getFeatures()),
                 constantF64(rewriter, loc, op.getNoise().convertToDouble()),
                 constantI64(rewriter, loc, op.getSeed())});
    rewriter.eraseOp(op);
    return success();
  }
};

struct NextBatchLowering : public OpConversionPattern<NextBatchOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(NextBatchOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType yType = op.getTargets().getType();
    StringRef name = isa<FloatType>(yType.getElementType())
                         ? "mdlrt_next_batch_f32"
                         : "mdlrt_next_batch_f32_i32";
    rewriter.replaceOp(op,
                       fillBatch(rewriter, op, name, op.getInputs().getType(),
                                 yType, adaptor.getSize()));
    return success();
  }
};

struct DatasetIdxLowering : public OpConversionPattern<DatasetIdxOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DatasetIdxOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    callRuntime(rewriter, op, "mdlrt_dataset_idx",
                {stringConstant(rewriter, op, op.getImages()),
                 stringConstant(rewriter, op, op.getLabels()),
                 constantF64(rewriter, loc, op.getScale().convertToDouble()),
                 constantI64(rewriter, loc, op.getShuffle() ? 1 : 0)},
                {}, /*takesBuffers=*/true);
    rewriter.eraseOp(op);
    return success();
  }
};

struct DatasetCsvLowering : public OpConversionPattern<DatasetCsvOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DatasetCsvOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    callRuntime(rewriter, op, "mdlrt_dataset_csv",
                {stringConstant(rewriter, op, op.getPath()),
                 stringConstant(rewriter, op, op.getFeatures()),
                 stringConstant(rewriter, op, op.getLabel()),
                 constantI64(rewriter, loc, op.getClassLabels()),
                 constantI64(rewriter, loc, op.getShuffle()),
                 constantI64(rewriter, loc, op.getEval())},
                {}, /*takesBuffers=*/true);
    rewriter.eraseOp(op);
    return success();
  }
};

struct DatasetNpyLowering : public OpConversionPattern<DatasetNpyOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DatasetNpyOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    callRuntime(rewriter, op, "mdlrt_dataset_npy",
                {stringConstant(rewriter, op, op.getInputs()),
                 stringConstant(rewriter, op, op.getTargets()),
                 i64ArrayConstant(rewriter, op, op.getSampleShape()),
                 i64ArrayConstant(rewriter, op, op.getTargetShape()),
                 constantI64(rewriter, loc, op.getClassLabels()),
                 constantI64(rewriter, loc, op.getShuffle()),
                 constantI64(rewriter, loc, op.getEval())},
                {}, /*takesBuffers=*/true);
    rewriter.eraseOp(op);
    return success();
  }
};

struct EvalDatasetIdxLowering : public OpConversionPattern<EvalDatasetIdxOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(EvalDatasetIdxOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    callRuntime(
        rewriter, op, "mdlrt_eval_dataset_idx",
        {stringConstant(rewriter, op, op.getImages()),
         stringConstant(rewriter, op, op.getLabels()),
         constantF64(rewriter, op.getLoc(), op.getScale().convertToDouble())},
        {}, /*takesBuffers=*/true);
    rewriter.eraseOp(op);
    return success();
  }
};

struct EvalBatchesLowering : public OpConversionPattern<EvalBatchesOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(EvalBatchesOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value batch = adaptor.getSize() ? toI64(rewriter, loc, adaptor.getSize())
                                    : constantI64(rewriter, loc, op.getBatch());
    auto call = callRuntime(rewriter, op, "mdlrt_eval_batches", {batch},
                            rewriter.getI64Type());
    rewriter.replaceOp(op, toIndex(rewriter, loc, call.getResult(0)));
    return success();
  }
};

struct EvalNextBatchLowering : public OpConversionPattern<EvalNextBatchOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(EvalNextBatchOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType yType = op.getLabels().getType();
    StringRef name = isa<FloatType>(yType.getElementType())
                         ? "mdlrt_eval_next_batch_f32"
                         : "mdlrt_eval_next_batch_f32_i32";
    rewriter.replaceOp(op,
                       fillBatch(rewriter, op, name, op.getInputs().getType(),
                                 yType, adaptor.getSize()));
    return success();
  }
};

struct EvalRecordLowering : public OpConversionPattern<EvalRecordOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(EvalRecordOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value correct = tensor::ExtractOp::create(
        rewriter, loc, adaptor.getCorrect(), ValueRange{});
    Value loss = tensor::ExtractOp::create(rewriter, loc, adaptor.getLoss(),
                                           ValueRange{});
    // The runtime takes the count of correct predictions as an integer and
    // the summed loss over the batch.
    Value correctCount =
        arith::FPToSIOp::create(rewriter, loc, rewriter.getI64Type(),
                                math::RoundOp::create(rewriter, loc, correct));
    // The run-time batch of a dynamic program, else the compiled one.
    Value count = adaptor.getSize() ? toI64(rewriter, loc, adaptor.getSize())
                                    : constantI64(rewriter, loc, op.getCount());
    Value lossSum = arith::MulFOp::create(
        rewriter, loc,
        arith::ExtFOp::create(rewriter, loc, rewriter.getF64Type(), loss),
        adaptor.getSize()
            ? Value(arith::SIToFPOp::create(rewriter, loc,
                                            rewriter.getF64Type(), count))
            : constantF64(rewriter, loc, static_cast<double>(op.getCount())));
    callRuntime(rewriter, op, "mdlrt_eval_record",
                {correctCount, count, lossSum});
    rewriter.eraseOp(op);
    return success();
  }
};

struct ParamInitLowering : public OpConversionPattern<ParamInitOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ParamInitOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    // Values of enum mdlrt_init_kind.
    int64_t kind = llvm::StringSwitch<int64_t>(op.getInit())
                       .Case("uniform_fan_in", 0)
                       .Case("zeros", 1)
                       .Case("ones", 2)
                       .Default(-1);
    if (kind < 0)
      return rewriter.notifyMatchFailure(op, "unknown init kind");
    RankedTensorType type = op.getParam().getType();
    Value buffer = allocFor(rewriter, loc, type);
    callRuntime(rewriter, op, "mdlrt_param_init_f32",
                {stringConstant(rewriter, op, op.getName()),
                 toUnranked(rewriter, loc, buffer),
                 constantI64(rewriter, loc, kind),
                 constantI64(rewriter, loc, op.getFanIn())},
                {}, /*takesBuffers=*/true);
    rewriter.replaceOp(op, asTensor(rewriter, loc, type, buffer));
    return success();
  }
};

struct ShouldStopLowering : public OpConversionPattern<ShouldStopOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ShouldStopOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto call = callRuntime(rewriter, op, "mdlrt_should_stop", {},
                            rewriter.getI64Type());
    rewriter.replaceOp(
        op, arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::ne,
                                  call.getResult(0),
                                  constantI64(rewriter, loc, 0)));
    return success();
  }
};

struct OptimStateInitLowering : public OpConversionPattern<OptimStateInitOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OptimStateInitOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getValue().getType();
    Value buffer = allocFor(rewriter, loc, type);
    callRuntime(rewriter, op, "mdlrt_optim_state_init_f32",
                {stringConstant(rewriter, op, op.getName()),
                 toUnranked(rewriter, loc, buffer)},
                {}, /*takesBuffers=*/true);
    rewriter.replaceOp(op, asTensor(rewriter, loc, type, buffer));
    return success();
  }
};

struct InfoParamLowering : public OpConversionPattern<InfoParamOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(InfoParamOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    callRuntime(rewriter, op, "mdlrt_info_param",
                {stringConstant(rewriter, op, op.getName()),
                 stringConstant(rewriter, op, op.getLayer()),
                 stringConstant(rewriter, op, op.getKind()),
                 i64ArrayConstant(rewriter, op, op.getShape()),
                 constantI64(rewriter, op.getLoc(), op.getBuffer() ? 0 : 1)},
                {}, /*takesBuffers=*/true);
    rewriter.eraseOp(op);
    return success();
  }
};

struct InfoStepCostLowering : public OpConversionPattern<InfoStepCostOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(InfoStepCostOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    // MLIRGen's `step` form needs mdl-step-cost (the mdl-grad phase).
    if (!op.getFlopsAttr() || !op.getPeakBytesAttr())
      return op.emitOpError("has no flops and peak_bytes yet; run "
                            "mdl-step-cost before lowering it");
    Location loc = op.getLoc();
    callRuntime(rewriter, op, "mdlrt_info_step_cost",
                {constantI64(rewriter, loc, op.getFlopsAttr().getInt()),
                 constantI64(rewriter, loc, op.getPeakBytesAttr().getInt()),
                 constantI64(rewriter, loc, op.getBatch())});
    rewriter.eraseOp(op);
    return success();
  }
};

struct CheckpointConfigLowering
    : public OpConversionPattern<CheckpointConfigOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(CheckpointConfigOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    callRuntime(rewriter, op, "mdlrt_checkpoint_config",
                {stringConstant(rewriter, op, op.getPath()),
                 constantI64(rewriter, op.getLoc(), op.getEvery())},
                {}, /*takesBuffers=*/true);
    rewriter.eraseOp(op);
    return success();
  }
};

struct LogStepLowering : public OpConversionPattern<LogStepOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(LogStepOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value loss = tensor::ExtractOp::create(rewriter, op.getLoc(),
                                           adaptor.getLoss(), ValueRange{});
    callRuntime(rewriter, op, "mdlrt_log_step", {loss});
    rewriter.eraseOp(op);
    return success();
  }
};

} // namespace

void mlir::mdlrt_to_func::populateTrainingCallPatterns(
    TypeConverter &typeConverter, RewritePatternSet &patterns) {
  patterns.add<PlainCallLowering<TrainEndOp>>(
      typeConverter, patterns.getContext(), "mdlrt_train_end");
  patterns.add<PlainCallLowering<ParamsReadyOp>>(
      typeConverter, patterns.getContext(), "mdlrt_params_ready");
  patterns.add<PlainCallLowering<EvalBeginOp>>(
      typeConverter, patterns.getContext(), "mdlrt_eval_begin");
  patterns.add<IndexQueryLowering<TrainFirstEpochOp>>(
      typeConverter, patterns.getContext(), "mdlrt_train_first_epoch");
  patterns.add<IndexQueryLowering<TrainFirstStepOp>>(
      typeConverter, patterns.getContext(), "mdlrt_train_first_step");
  patterns.add<IndexQueryLowering<TrainBatchOp>>(
      typeConverter, patterns.getContext(), "mdlrt_train_batch");
  patterns.add<PlainCallLowering<InfoEndOp>>(
      typeConverter, patterns.getContext(), "mdlrt_info_end");
  patterns.add<EpochCallLowering<EpochEndOp>>(
      typeConverter, patterns.getContext(), "mdlrt_epoch_end");
  patterns.add<EpochCallLowering<EvalEndOp>>(
      typeConverter, patterns.getContext(), "mdlrt_eval_end");
  patterns.add<EpochCallLowering<CheckpointSaveOp>>(
      typeConverter, patterns.getContext(), "mdlrt_checkpoint_save");
  patterns.add<ReportTensorLowering<ParamFinalOp>>(
      typeConverter, patterns.getContext(), "mdlrt_param_final_f32");
  patterns.add<ReportTensorLowering<OptimStateFinalOp>>(
      typeConverter, patterns.getContext(), "mdlrt_optim_state_final_f32");
  patterns.add<CheckpointConfigLowering, InfoParamLowering,
               OptimStateInitLowering, ShouldStopLowering, DatasetIdxLowering,
               EvalDatasetIdxLowering, EvalBatchesLowering,
               EvalNextBatchLowering, EvalRecordLowering, InfoStepCostLowering,
               DatasetSyntheticLinearLowering, LogStepLowering,
               NextBatchLowering, ParamInitLowering, StepSeedLowering,
               DatasetCsvLowering, DatasetNpyLowering, TrainBeginLowering,
               TrainEpochStepsLowering, TrainEpochsLowering, TrainLRLowering>(
      typeConverter, patterns.getContext());
}
