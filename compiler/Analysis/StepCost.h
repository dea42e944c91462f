//===- StepCost.h - FLOPs and peak memory of one train step -----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// What `PROG info` says a training step costs, computed from the train step
// after autodiff (one function of mdl ops on tensors: forward, backward and
// optimizer). Both numbers are estimates with documented conventions
// (docs/program.md "info"):
//
// FLOPs, PyTorch-profiler-like: a contraction (mdl.matmul, mdl.linear,
// mdl.conv2d and its two gradient ops) counts 2 per multiply-add, plus one
// per output element for a bias; an elementwise op counts 1 per output
// element whatever it computes (exp, tanh, erf are 1, as the profiler
// does); a reduction 1 per input element; composite ops the elementwise
// steps they are made of (see countFlops); optimizer updates a fixed count
// per parameter element (sgd 2, sgd_momentum 4, adam 13, +2 with weight
// decay); data movement (reshape, transpose, broadcast, gather, one_hot)
// and scalar arith are free. A dynamic (batch) dimension counts as the
// `batch` of the mdlrt.info_step_cost being filled: the .mdl's default.
//
// Peak memory: a liveness walk over the step's tensor values in program
// order: the function's arguments (parameters, buffers, optimizer state,
// the batch) are live throughout, each op result from its definition to its
// last use (the returned ones to the end); the peak is the largest sum of
// live bytes. Optimizer results are counted as written in place into the
// parameter and state they replace (as bufferization does). It does not
// count what the lowering adds or removes (fused elementwise chains hold no
// intermediate; the matmul kernel's packing buffers; the dataset and the
// runtime), so it is the step's tensor working set, not the process RSS.
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_ANALYSIS_STEPCOST_H
#define COMPILER_ANALYSIS_STEPCOST_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

#include <cstdint>
#include <memory>

namespace mdlc {

struct StepCost {
  int64_t flops = 0;
  int64_t peakBytes = 0;
};

/// FLOPs of one op by the conventions above (0 for ops that compute
/// nothing). Ops with regions count what their regions hold once.
int64_t countFlops(mlir::Operation *op);

/// FLOPs and peak live bytes of `step`, a function whose body is one block
/// (calls are counted as the callee's FLOPs; their results as values).
StepCost analyzeStepCost(mlir::func::FuncOp step);

/// `mdl-step-cost`: for each `mdlrt.info_step_cost` that names its train
/// step (`step = @F`, from MLIRGen), differentiates a copy of the module
/// (inline, mdl-autodiff, inline, canonicalize, cse), analyses @F there and
/// replaces `step` by `flops` and `peak_bytes`. The module itself is not
/// changed otherwise.
std::unique_ptr<mlir::Pass> createStepCostPass();
void registerStepCostPass();

} // namespace mdlc

#endif // COMPILER_ANALYSIS_STEPCOST_H
