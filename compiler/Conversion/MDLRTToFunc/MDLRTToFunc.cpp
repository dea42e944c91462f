//===- MDLRTToFunc.cpp - mdlrt ops to runtime calls -------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Lowers each mdlrt op to a call of its C function in
// runtime/include/mdlrt/mdlrt.h. Functions that take buffers are declared
// with `llvm.emit_c_interface`, so they receive pointers to unranked memref
// descriptors (`_mlir_ciface_` symbols); the others take scalars only.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/MDLRTToFunc/MDLRTToFunc.h"
#include "compiler/Conversion/Passes.h"
#include "dialects/mdlrt/IR/MDLRTDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir {
#define GEN_PASS_DEF_CONVERTMDLRTTOFUNCPASS
#include "compiler/Conversion/Passes.h.inc"
} // namespace mlir

using namespace mlir;
using namespace mlir::mdlrt;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// Declares (once) the runtime function `name` in the enclosing module.
static func::FuncOp declareRuntimeFunction(OpBuilder &b, Operation *user,
                                           StringRef name, TypeRange inputs,
                                           TypeRange results,
                                           bool takesBuffers) {
  auto module = user->getParentOfType<ModuleOp>();
  if (auto existing = module.lookupSymbol<func::FuncOp>(name))
    return existing;
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(module.getBody());
  auto fn = func::FuncOp::create(b, module.getLoc(), name,
                                 b.getFunctionType(inputs, results));
  fn.setPrivate();
  if (takesBuffers)
    fn->setAttr("llvm.emit_c_interface", b.getUnitAttr());
  return fn;
}

static func::CallOp callRuntime(OpBuilder &b, Operation *user, StringRef name,
                                ValueRange args, TypeRange results = {},
                                bool takesBuffers = false) {
  func::FuncOp fn = declareRuntimeFunction(b, user, name, args.getTypes(),
                                           results, takesBuffers);
  return func::CallOp::create(b, user->getLoc(), fn, args);
}

static Value constantI64(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIntOp::create(b, loc, value, 64);
}

static Value constantF64(OpBuilder &b, Location loc, double value) {
  return arith::ConstantFloatOp::create(b, loc, b.getF64Type(),
                                        APFloat(value));
}

static Value toI64(OpBuilder &b, Location loc, Value index) {
  return arith::IndexCastOp::create(b, loc, b.getI64Type(), index);
}

static Value toIndex(OpBuilder &b, Location loc, Value i64) {
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), i64);
}

/// `memref` as the unranked memref the C interface passes.
static Value toUnranked(OpBuilder &b, Location loc, Value memref) {
  auto type = cast<MemRefType>(memref.getType());
  auto unranked = UnrankedMemRefType::get(type.getElementType(),
                                          type.getMemorySpace());
  return memref::CastOp::create(b, loc, unranked, memref);
}

/// A constant i8 buffer holding `text` (no terminator), as an unranked memref.
static Value stringConstant(OpBuilder &b, Operation *user, StringRef text) {
  auto module = user->getParentOfType<ModuleOp>();
  auto type = MemRefType::get({static_cast<int64_t>(text.size())},
                              b.getI8Type());
  std::string name = ("__mdlrt_str." + text).str();
  if (!module.lookupSymbol(name)) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(module.getBody());
    SmallVector<int8_t> bytes(text.begin(), text.end());
    auto tensorType =
        RankedTensorType::get({type.getDimSize(0)}, b.getI8Type());
    memref::GlobalOp::create(
        b, module.getLoc(), name, b.getStringAttr("private"), type,
        DenseElementsAttr::get(tensorType, ArrayRef<int8_t>(bytes)),
        /*constant=*/true, /*alignment=*/nullptr);
  }
  Value global = memref::GetGlobalOp::create(b, user->getLoc(), type, name);
  return toUnranked(b, user->getLoc(), global);
}

/// A constant i64 buffer holding `values`, as an unranked memref.
static Value i64ArrayConstant(OpBuilder &b, Operation *user,
                              ArrayRef<int64_t> values) {
  auto module = user->getParentOfType<ModuleOp>();
  auto type = MemRefType::get({static_cast<int64_t>(values.size())},
                              b.getI64Type());
  std::string name = "__mdlrt_i64";
  for (int64_t value : values)
    name += "." + std::to_string(value);
  if (!module.lookupSymbol(name)) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(module.getBody());
    auto tensorType = RankedTensorType::get(type.getShape(), b.getI64Type());
    memref::GlobalOp::create(b, module.getLoc(), name,
                             b.getStringAttr("private"), type,
                             DenseElementsAttr::get(tensorType, values),
                             /*constant=*/true, /*alignment=*/nullptr);
  }
  Value global = memref::GetGlobalOp::create(b, user->getLoc(), type, name);
  return toUnranked(b, user->getLoc(), global);
}

/// A fresh buffer for a tensor the runtime fills; `size` sizes a dynamic
/// leading (batch) dimension.
static Value allocFor(OpBuilder &b, Location loc, RankedTensorType type,
                      Value size = Value()) {
  SmallVector<Value> dynamicSizes;
  if (type.getRank() > 0 && type.isDynamicDim(0))
    dynamicSizes.push_back(size);
  return memref::AllocOp::create(
      b, loc, MemRefType::get(type.getShape(), type.getElementType()),
      dynamicSizes);
}

/// The tensor view of a buffer the runtime just filled: `restrict` because
/// nothing else aliases it, `writable` so bufferization may update it in
/// place (parameters are updated every step).
static Value asTensor(OpBuilder &b, Location loc, RankedTensorType type,
                      Value buffer) {
  return bufferization::ToTensorOp::create(b, loc, type, buffer,
                                           /*restrict=*/true,
                                           /*writable=*/true);
}

/// Calls the batch-filling runtime function `name` on fresh buffers for
/// inputs of `xType` and targets of `yType`; returns their tensor views.
static SmallVector<Value> fillBatch(OpBuilder &b, Operation *op, StringRef name,
                                    RankedTensorType xType,
                                    RankedTensorType yType, Value size) {
  Location loc = op->getLoc();
  Value x = allocFor(b, loc, xType, size);
  Value y = allocFor(b, loc, yType, size);
  callRuntime(b, op, name, {toUnranked(b, loc, x), toUnranked(b, loc, y)}, {},
              /*takesBuffers=*/true);
  return {asTensor(b, loc, xType, x), asTensor(b, loc, yType, y)};
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

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

struct TrainEpochStepsLowering
    : public OpConversionPattern<TrainEpochStepsOp> {
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
    auto call = callRuntime(
        rewriter, op, "mdlrt_step_seed",
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
    auto call = callRuntime(rewriter, op, "mdlrt_train_lr", {},
                            rewriter.getF64Type());
    Value lr = call.getResult(0);
    auto type = cast<FloatType>(op.getLr().getType());
    if (type.getWidth() < 64)
      lr = arith::TruncFOp::create(rewriter, op.getLoc(), type, lr);
    rewriter.replaceOp(op, lr);
    return success();
  }
};

/// An op whose only operand is an epoch index: a call of `name` with it as
/// an i64 (mdlrt.epoch_end, mdlrt.eval_end).
template <typename OpTy>
struct EpochCallLowering : public OpConversionPattern<OpTy> {
  EpochCallLowering(TypeConverter &typeConverter, MLIRContext *ctx,
                    StringRef name)
      : OpConversionPattern<OpTy>(typeConverter, ctx), name(name) {}
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    callRuntime(rewriter, op, name,
                {toI64(rewriter, op.getLoc(), adaptor.getEpoch())});
    rewriter.eraseOp(op);
    return success();
  }
  StringRef name;
};

/// An op without operands or results: a call of `name` (mdlrt.train_end,
/// mdlrt.params_ready).
template <typename OpTy>
struct PlainCallLowering : public OpConversionPattern<OpTy> {
  PlainCallLowering(TypeConverter &typeConverter, MLIRContext *ctx,
                    StringRef name)
      : OpConversionPattern<OpTy>(typeConverter, ctx), name(name) {}
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    callRuntime(rewriter, op, name, {});
    rewriter.eraseOp(op);
    return success();
  }
  StringRef name;
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
    callRuntime(rewriter, op, "mdlrt_eval_dataset_idx",
                {stringConstant(rewriter, op, op.getImages()),
                 stringConstant(rewriter, op, op.getLabels()),
                 constantF64(rewriter, op.getLoc(),
                             op.getScale().convertToDouble())},
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
    Value correct = tensor::ExtractOp::create(rewriter, loc,
                                              adaptor.getCorrect(), ValueRange{});
    Value loss = tensor::ExtractOp::create(rewriter, loc, adaptor.getLoss(),
                                           ValueRange{});
    // The runtime takes the count of correct predictions as an integer and
    // the summed loss over the batch.
    Value correctCount = arith::FPToSIOp::create(
        rewriter, loc, rewriter.getI64Type(),
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

/// An op reporting the current value of a named tensor (mdlrt.param_final,
/// mdlrt.optim_state_final): a call of `name` with the name and the
/// tensor's buffer.
template <typename OpTy>
struct ReportTensorLowering : public OpConversionPattern<OpTy> {
  ReportTensorLowering(TypeConverter &typeConverter, MLIRContext *ctx,
                       StringRef name)
      : OpConversionPattern<OpTy>(typeConverter, ctx), name(name) {}
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value tensor = adaptor.getOperands()[0];
    auto type = cast<RankedTensorType>(tensor.getType());
    Value buffer = bufferization::ToBufferOp::create(
        rewriter, loc, MemRefType::get(type.getShape(), type.getElementType()),
        tensor, /*read_only=*/true);
    callRuntime(rewriter, op, name,
                {stringConstant(rewriter, op, op.getName()),
                 toUnranked(rewriter, loc, buffer)},
                {}, /*takesBuffers=*/true);
    rewriter.eraseOp(op);
    return success();
  }
  StringRef name;
};

/// An op with one index result and no operands: a call of `name` returning
/// an i64 (mdlrt.train_first_epoch, mdlrt.train_first_step).
template <typename OpTy>
struct IndexQueryLowering : public OpConversionPattern<OpTy> {
  IndexQueryLowering(TypeConverter &typeConverter, MLIRContext *ctx,
                     StringRef name)
      : OpConversionPattern<OpTy>(typeConverter, ctx), name(name) {}
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto call = callRuntime(rewriter, op, name, {}, rewriter.getI64Type());
    rewriter.replaceOp(op, toIndex(rewriter, op.getLoc(), call.getResult(0)));
    return success();
  }
  StringRef name;
};

struct ShouldStopLowering : public OpConversionPattern<ShouldStopOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ShouldStopOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto call = callRuntime(rewriter, op, "mdlrt_should_stop", {},
                            rewriter.getI64Type());
    rewriter.replaceOp(op, arith::CmpIOp::create(
                               rewriter, loc, arith::CmpIPredicate::ne,
                               call.getResult(0), constantI64(rewriter, loc, 0)));
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

//===----------------------------------------------------------------------===//
// Reinforcement learning
//===----------------------------------------------------------------------===//

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
    auto call = callRuntime(rewriter, op, "mdlrt_rl_ready", {},
                            rewriter.getI64Type());
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

void mlir::populateMDLRTToFuncConversionPatterns(TypeConverter &typeConverter,
                                                 RewritePatternSet &patterns) {
  patterns.add<CheckpointConfigLowering, InfoParamLowering,
               OptimStateInitLowering, ShouldStopLowering, DatasetIdxLowering,
               EvalDatasetIdxLowering, EvalBatchesLowering,
               EvalNextBatchLowering, EvalRecordLowering, InfoStepCostLowering,
               DatasetSyntheticLinearLowering, LogStepLowering,
               NextBatchLowering, ParamInitLowering, StepSeedLowering,
               DatasetCsvLowering, DatasetNpyLowering,
               TrainBeginLowering,
               TrainEpochStepsLowering, TrainEpochsLowering, TrainLRLowering>(
      typeConverter, patterns.getContext());
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

/// Puts every call that passes unranked memrefs, together with the casts
/// that make them, in a memref.alloca_scope. The LLVM lowering of a cast to
/// an unranked memref stack-allocates the ranked descriptor where the cast
/// is; in a loop (a replay batch per step) the stack would grow every
/// iteration and overflow after some 25,000 q_learning steps. The scope
/// restores the stack pointer after the call.
static void scopeDescriptorCasts(Operation *root) {
  SmallVector<func::CallOp> calls;
  root->walk([&](func::CallOp call) {
    if (llvm::any_of(call.getOperandTypes(),
                     llvm::IsaPred<UnrankedMemRefType>))
      calls.push_back(call);
  });
  for (func::CallOp call : calls) {
    OpBuilder b(call);
    Location loc = call.getLoc();
    auto scope =
        memref::AllocaScopeOp::create(b, loc, call.getResultTypes());
    b.createBlock(&scope.getBodyRegion());
    auto ret = memref::AllocaScopeReturnOp::create(b, loc, call.getResults());
    for (auto [result, scoped] :
         llvm::zip(call.getResults(), scope.getResults()))
      result.replaceAllUsesExcept(scoped, ret);
    call->moveBefore(ret);
    for (Value operand : call.getOperands()) {
      auto cast = operand.getDefiningOp<memref::CastOp>();
      if (cast && cast->hasOneUse() &&
          isa<UnrankedMemRefType>(cast.getType()))
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
