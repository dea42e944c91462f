//===- StepCost.cpp - FLOPs and peak memory of one train step ---*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Implements the counts of StepCost.h and the `mdl-step-cost` pass that
// writes them into `mdlrt.info_step_cost`.
//
//===----------------------------------------------------------------------===//

#include "compiler/Analysis/StepCost.h"

#include "dialects/mdl/IR/MDLDialect.h"
#include "dialects/mdl/IR/MDLOps.h"
#include "dialects/mdlrt/IR/MDLRTDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;

namespace {

/// The size a dynamic dimension counts as: the batch of the
/// `mdlrt.info_step_cost` being filled (a program compiled with a
/// run-time batch is measured at its `.mdl` batch), else 0.
thread_local int64_t assumedBatch = 0;

/// `size`, or assumedBatch for a dynamic one.
int64_t dimSize(int64_t size) {
  return ShapedType::isDynamic(size) ? assumedBatch : size;
}

int64_t numElements(Type type) {
  auto shaped = dyn_cast<RankedTensorType>(type);
  if (!shaped)
    return 0;
  int64_t total = 1;
  for (int64_t size : shaped.getShape())
    total *= dimSize(size);
  return total;
}

int64_t numElements(Value value) { return numElements(value.getType()); }

/// Bytes of a tensor (i1 as one byte; a dynamic dimension as assumedBatch);
/// 0 for non-tensors.
int64_t numBytes(Type type) {
  auto shaped = dyn_cast<RankedTensorType>(type);
  if (!shaped)
    return 0;
  int64_t bits = shaped.getElementType().getIntOrFloatBitWidth();
  return numElements(type) * std::max<int64_t>(1, (bits + 7) / 8);
}

int64_t resultElements(Operation *op) {
  int64_t total = 0;
  for (Value result : op->getResults())
    total += numElements(result);
  return total;
}

/// Per-element cost of an optimizer update with weight decay or not.
int64_t withDecay(int64_t base, const llvm::APFloat &decay) {
  return base + (decay.isZero() ? 0 : 2);
}

} // namespace

int64_t mdlc::countFlops(Operation *op) {
  using namespace mlir::mdl;
  return llvm::TypeSwitch<Operation *, int64_t>(op)
      // Contractions: 2 per multiply-add, 1 per output element for a bias.
      .Case([](LinearOp op) {
        int64_t out = numElements(op.getResult());
        int64_t k = cast<RankedTensorType>(op.getWeight().getType())
                        .getShape()
                        .back();
        return 2 * out * k + (op.getBias() ? out : 0);
      })
      .Case([](MatmulOp op) {
        int64_t k = dimSize(
            cast<RankedTensorType>(op.getLhs().getType()).getShape().back());
        return 2 * numElements(op.getResult()) * k;
      })
      .Case([](Conv2DOp op) {
        // Per output element: Cin/groups * kh * kw products (the weight's
        // elements per output channel).
        auto weight = cast<RankedTensorType>(op.getWeight().getType());
        int64_t perOutput = weight.getNumElements() / weight.getDimSize(0);
        int64_t out = numElements(op.getResult());
        return 2 * out * perOutput + (op.getBias() ? out : 0);
      })
      .Case([](Conv2DInputGradOp op) {
        auto weight = cast<RankedTensorType>(op.getWeight().getType());
        return 2 * numElements(op.getOutputGrad()) *
               (weight.getNumElements() / weight.getDimSize(0));
      })
      .Case([](Conv2DWeightGradOp op) {
        auto weight = cast<RankedTensorType>(op.getResult().getType());
        return 2 * numElements(op.getOutputGrad()) *
               (weight.getNumElements() / weight.getDimSize(0));
      })
      // Windows: one compare or add per window element.
      .Case([](MaxPool2DOp op) {
        return numElements(op.getResult()) * op.getKernel()[0] *
               op.getKernel()[1];
      })
      .Case([](AvgPool2DOp op) {
        return numElements(op.getResult()) * op.getKernel()[0] *
               op.getKernel()[1];
      })
      .Case([](MaxPool2DGradOp op) {
        return numElements(op.getOutputGrad()) * op.getKernel()[0] *
               op.getKernel()[1];
      })
      .Case([](AvgPool2DGradOp op) {
        return numElements(op.getOutputGrad()) * op.getKernel()[0] *
               op.getKernel()[1];
      })
      // Batch norm: mean 1 + variance 2 + normalize and affine 4 per
      // element in training; normalize and affine 4 in eval.
      .Case([](BatchNormTrainOp op) { return 7 * numElements(op.getInput()); })
      .Case([](BatchNormEvalOp op) { return 4 * numElements(op.getInput()); })
      // Reductions: 1 per input element.
      .Case<SumOp, MeanOp, MaxOp, ArgmaxOp>(
          [](Operation *op) { return numElements(op->getOperand(0)); })
      // Composites: max, subtract, exp, sum, divide (or subtract the log).
      .Case<SoftmaxOp, LogSoftmaxOp>(
          [](Operation *op) { return 5 * numElements(op->getOperand(0)); })
      // log_softmax, then one pick and the mean per row.
      .Case([](CrossEntropyOp op) {
        return 5 * numElements(op.getLogits()) +
               2 * numElements(op.getLabels());
      })
      // Subtract, square, sum.
      .Case([](MSEOp op) { return 3 * numElements(op->getOperand(0)); })
      // max(x, 0) - x*y + log1p(exp(-|x|)), then the mean.
      .Case(
          [](BCEWithLogitsOp op) { return 8 * numElements(op->getOperand(0)); })
      // Square, sum, and the scale of every gradient.
      .Case([](ClipGradNormOp op) {
        int64_t total = 0;
        for (Value grad : op.getGrads())
          total += 3 * numElements(grad);
        return total;
      })
      // Optimizers, per parameter element (torch.optim's arithmetic):
      // sgd p - lr*g; momentum b = mu*b + g, p - lr*b; adam m (3), v (4),
      // sqrt(v)/c2 + eps (3), p - lr/c1 * m/denominator (3).
      .Case([](SGDOp op) {
        return withDecay(2, op.getWeightDecay()) * numElements(op.getParam());
      })
      .Case([](SGDMomentumOp op) {
        return withDecay(4, op.getWeightDecay()) * numElements(op.getParam());
      })
      .Case([](AdamOp op) {
        return withDecay(13, op.getWeightDecay()) * numElements(op.getParam());
      })
      // Data movement and constants compute nothing.
      .Case<ReshapeOp, TransposeOp, BroadcastOp, GatherOp, OneHotOp,
            StopGradientOp>([](Operation *) { return int64_t(0); })
      .Case([](ScatterAddOp op) { return numElements(op.getSource()); })
      .Default([](Operation *op) -> int64_t {
        if (op->getNumRegions()) {
          int64_t nested = 0;
          for (Region &region : op->getRegions())
            for (Block &block : region)
              for (Operation &inner : block)
                nested += mdlc::countFlops(&inner);
          return nested;
        }
        // Any other mdl op is elementwise: 1 per output element (exp, tanh,
        // erf and gelu too, as the PyTorch profiler counts them).
        if (isa<mdl::MDLDialect>(op->getDialect()))
          return resultElements(op);
        return int64_t(0);
      });
}

mdlc::StepCost mdlc::analyzeStepCost(func::FuncOp step) {
  StepCost cost;
  Block &body = step.getBody().front();
  SymbolTableCollection symbols;
  auto module = step->getParentOfType<ModuleOp>();

  // Program order of the block's ops, and each value's last user there.
  llvm::DenseMap<Operation *, int64_t> order;
  int64_t index = 0;
  for (Operation &op : body)
    order[&op] = index++;
  int64_t end = index;
  auto lastUse = [&](Value value) {
    int64_t last = -1;
    for (Operation *user : value.getUsers()) {
      Operation *top = body.findAncestorOpInBlock(*user);
      if (!top)
        continue;
      last = std::max(last, isa<func::ReturnOp>(top) ? end : order[top]);
    }
    return last;
  };

  // freed[i]: bytes whose last use is op i, released after it.
  std::vector<int64_t> freed(end + 1, 0);
  int64_t live = 0;
  for (BlockArgument arg : body.getArguments())
    live += numBytes(arg.getType());
  cost.peakBytes = live;
  for (Operation &op : body) {
    if (auto call = dyn_cast<func::CallOp>(op)) {
      auto callee =
          symbols.lookupSymbolIn<func::FuncOp>(module, call.getCalleeAttr());
      if (callee && !callee.isExternal())
        cost.flops += analyzeStepCost(callee).flops;
    } else {
      cost.flops += countFlops(&op);
    }
    // An optimizer writes into the parameter and state it replaces.
    bool inPlace = isa<mdl::SGDOp, mdl::SGDMomentumOp, mdl::AdamOp>(op);
    for (Value result : op.getResults()) {
      int64_t bytes = inPlace ? 0 : numBytes(result.getType());
      live += bytes;
      int64_t last = lastUse(result);
      freed[last < 0 ? order[&op] : last] += bytes;
    }
    cost.peakBytes = std::max(cost.peakBytes, live);
    live -= freed[order[&op]];
  }
  return cost;
}

namespace {

/// The pipeline that turns a copy of the train step into what training
/// runs: MDLGrad's passes plus the inlining of the gradient functions.
constexpr const char *kDifferentiate =
    "inline,mdl-autodiff,inline,symbol-dce,canonicalize,cse";

struct StepCostPass
    : public PassWrapper<StepCostPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(StepCostPass)

  StringRef getArgument() const override { return "mdl-step-cost"; }
  StringRef getDescription() const override {
    return "fill mdlrt.info_step_cost with the FLOPs and peak memory of the "
           "differentiated train step";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<arith::ArithDialect, math::MathDialect, mdl::MDLDialect,
                    scf::SCFDialect, tensor::TensorDialect>();
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<mdlrt::InfoStepCostOp> requests;
    module.walk([&](mdlrt::InfoStepCostOp op) {
      if (op.getStepAttr())
        requests.push_back(op);
    });
    for (mdlrt::InfoStepCostOp request : requests)
      if (failed(fill(request)))
        return signalPassFailure();
  }

  LogicalResult fill(mdlrt::InfoStepCostOp request) {
    ModuleOp module = getOperation();
    StringRef name = request.getStepAttr().getValue();
    if (!module.lookupSymbol<func::FuncOp>(name))
      return request.emitOpError("names no function '") << name << "'";

    // A copy in which the step is the only entry point.
    OwningOpRef<ModuleOp> copy = cast<ModuleOp>(module->clone());
    for (auto func : llvm::make_early_inc_range(copy->getOps<func::FuncOp>())) {
      if (func.getSymName() == name)
        func.setPublic();
      else if (func.isPublic())
        func.erase();
    }
    PassManager pm(module.getContext());
    if (failed(parsePassPipeline(kDifferentiate, pm)) ||
        failed(pm.run(*copy)))
      return request.emitOpError("could not differentiate '")
             << name << "' to measure it";
    // A dynamic batch counts as the request's (the .mdl's default) batch.
    int64_t savedBatch = assumedBatch;
    assumedBatch = request.getBatch();
    mdlc::StepCost cost = mdlc::analyzeStepCost(copy->lookupSymbol<func::FuncOp>(name));
    assumedBatch = savedBatch;

    OpBuilder b(request);
    request.removeStepAttr();
    request.setFlopsAttr(b.getI64IntegerAttr(cost.flops));
    request.setPeakBytesAttr(b.getI64IntegerAttr(cost.peakBytes));
    return success();
  }
};

} // namespace

std::unique_ptr<Pass> mdlc::createStepCostPass() {
  return std::make_unique<StepCostPass>();
}

void mdlc::registerStepCostPass() { PassRegistration<StepCostPass>(); }
