//===- Autodiff.cpp - reverse-mode differentiation pass ---------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Implements mdl-autodiff: each mdl.value_and_grad request becomes a call to
// a generated function holding the forward sweep (a clone of the callee)
// and the reverse sweep. The pass only drives the sweep: activity analysis,
// adjoint bookkeeping and accumulation. Each op's derivative comes from its
// DifferentiableOpInterface implementation (dialects/mdl/IR/
// MDLDerivatives.cpp).
//
//===----------------------------------------------------------------------===//

#include "dialects/mdl/IR/MDLOps.h"
#include "dialects/mdl/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/DenseSet.h"

namespace mlir::mdl {
#define GEN_PASS_DEF_MDLAUTODIFFPASS
#include "dialects/mdl/Transforms/Passes.h.inc"
} // namespace mlir::mdl

using namespace mlir;
using namespace mlir::mdl;

namespace {

/// Builds `@callee.value_and_grad` for one callee and one `wrt` list.
class GradientBuilder {
public:
  GradientBuilder(func::FuncOp callee, ArrayRef<int64_t> wrt)
      : callee(callee), wrt(wrt) {}

  FailureOr<func::FuncOp> build(SymbolTable &symbols);

private:
  LogicalResult checkDifferentiable();
  void markActive(Block &body);
  LogicalResult reverseSweep(OpBuilder &builder, Block &body,
                             func::ReturnOp terminator);
  void accumulate(OpBuilder &builder, Location loc, Value value, Value adjoint);

  func::FuncOp callee;
  ArrayRef<int64_t> wrt;
  llvm::DenseSet<Value> active;
  DenseMap<Value, Value> adjoints;
};

} // namespace

LogicalResult GradientBuilder::checkDifferentiable() {
  if (!llvm::hasSingleElement(callee.getBody()))
    return callee.emitOpError(
        "cannot be differentiated: expected a single-block body");
  WalkResult result = callee.walk([&](Operation *op) {
    if (isa<CallOpInterface>(op)) {
      op->emitOpError("must be inlined before mdl-autodiff runs");
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}

/// Forward activity: a value is active when it depends on a `wrt` argument.
void GradientBuilder::markActive(Block &body) {
  for (int64_t index : wrt)
    active.insert(body.getArgument(index));
  for (Operation &op : body) {
    if (llvm::any_of(op.getOperands(),
                     [&](Value v) { return active.contains(v); }))
      active.insert(op.getResults().begin(), op.getResults().end());
  }
}

void GradientBuilder::accumulate(OpBuilder &builder, Location loc, Value value,
                                 Value adjoint) {
  auto [it, inserted] = adjoints.try_emplace(value, adjoint);
  if (!inserted)
    it->second = AddOp::create(builder, loc, value.getType(), it->second,
                               adjoint);
}

LogicalResult GradientBuilder::reverseSweep(OpBuilder &builder, Block &body,
                                            func::ReturnOp terminator) {
  Value output = terminator.getOperand(0);
  if (!active.contains(output))
    return success(); // The value does not depend on wrt: gradients are 0.
  adjoints[output] = createSplatConstant(
      builder, terminator.getLoc(), cast<RankedTensorType>(output.getType()),
      1.0);

  SmallVector<Operation *> forwardOps;
  for (Operation &op : body.without_terminator())
    forwardOps.push_back(&op);
  for (Operation *op : llvm::reverse(forwardOps)) {
    if (!llvm::any_of(op->getResults(),
                      [&](Value v) { return adjoints.count(v); }))
      continue;
    auto differentiable = dyn_cast<DifferentiableOpInterface>(op);
    if (!differentiable) {
      InFlightDiagnostic diag =
          op->emitOpError("is not differentiable, but the gradient of @")
          << callee.getSymName() << " depends on it";
      return diag;
    }
    SmallVector<Value> resultAdjoints;
    for (Value result : op->getResults())
      resultAdjoints.push_back(adjoints.lookup(result));
    SmallVector<Value> operandAdjoints;
    if (failed(differentiable.buildVJP(builder, resultAdjoints,
                                       operandAdjoints)))
      return op->emitOpError("failed to build its vector-Jacobian product");
    for (auto [operand, adjoint] :
         llvm::zip(op->getOperands(), operandAdjoints))
      if (adjoint && active.contains(operand))
        accumulate(builder, op->getLoc(), operand, adjoint);
  }
  return success();
}

FailureOr<func::FuncOp> GradientBuilder::build(SymbolTable &symbols) {
  if (failed(checkDifferentiable()))
    return failure();
  FunctionType calleeType = callee.getFunctionType();
  SmallVector<Type> resultTypes(calleeType.getResults());
  for (int64_t index : wrt)
    resultTypes.push_back(calleeType.getInput(index));

  OpBuilder builder(callee);
  builder.setInsertionPointAfter(callee);
  auto gradient = func::FuncOp::create(
      builder, callee.getLoc(), (callee.getSymName() + ".value_and_grad").str(),
      builder.getFunctionType(calleeType.getInputs(), resultTypes));
  gradient.setPrivate();
  symbols.insert(gradient);

  // Forward sweep: a clone of the callee's body.
  IRMapping mapping;
  callee.getBody().cloneInto(&gradient.getBody(), mapping);
  Block &body = gradient.getBody().front();
  auto terminator = cast<func::ReturnOp>(body.getTerminator());

  markActive(body);
  builder.setInsertionPoint(terminator);
  if (failed(reverseSweep(builder, body, terminator))) {
    gradient.erase();
    return failure();
  }

  SmallVector<Value> results(terminator.getOperands());
  for (int64_t index : wrt) {
    Value argument = body.getArgument(index);
    Value adjoint = adjoints.lookup(argument);
    if (!adjoint)
      adjoint = createSplatLike(builder, terminator.getLoc(), argument, 0.0);
    results.push_back(adjoint);
  }
  func::ReturnOp::create(builder, terminator.getLoc(), results);
  terminator.erase();
  return gradient;
}

namespace {
struct MDLAutodiffPass
    : public mdl::impl::MDLAutodiffPassBase<MDLAutodiffPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    // One generated function per (callee, wrt) pair.
    std::map<std::pair<std::string, SmallVector<int64_t>>, func::FuncOp> cache;

    SmallVector<ValueAndGradOp> requests;
    module.walk([&](ValueAndGradOp op) { requests.push_back(op); });
    for (ValueAndGradOp request : requests) {
      auto callee = symbols.lookup<func::FuncOp>(request.getCallee());
      if (!callee) {
        request.emitOpError("callee @") << request.getCallee() << " not found";
        return signalPassFailure();
      }
      auto key = std::make_pair(request.getCallee().str(),
                                SmallVector<int64_t>(request.getWrt()));
      func::FuncOp &gradient = cache[key];
      if (!gradient) {
        FailureOr<func::FuncOp> built =
            GradientBuilder(callee, request.getWrt()).build(symbols);
        if (failed(built))
          return signalPassFailure();
        gradient = *built;
      }
      OpBuilder builder(request);
      auto call = func::CallOp::create(builder, request.getLoc(), gradient,
                                       request.getOperands());
      request.replaceAllUsesWith(call.getResults());
      request.erase();
    }
  }
};
} // namespace
