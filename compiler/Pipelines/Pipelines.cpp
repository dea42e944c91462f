//===- Pipelines.cpp - mdlc's lowering phases and pipelines -----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Each phase step is a textual pipeline of registered passes, so the same
// text runs in mdlc, in `mdlc-opt --<name>-pipeline`, and in lit tests, and
// docs/architecture.md can quote it.
//
//===----------------------------------------------------------------------===//

#include "compiler/Pipelines/Pipelines.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mdlc;

static const PhaseInfo kPhases[] = {
    {Phase::AST, "ast", "typed AST with inferred shapes"},
    {Phase::MDL, "mdl", "mdl dialect as generated from the AST"},
    {Phase::MDLGrad, "mdl-grad", "after autodiff: gradient functions"},
    {Phase::Linalg, "linalg", "linalg/tensor/arith and runtime calls"},
    {Phase::Bufferized, "bufferized", "memrefs, with deallocations"},
    {Phase::LLVMMLIR, "llvm-mlir", "the llvm dialect"},
    {Phase::LLVMIR, "llvm-ir", "LLVM IR"},
    {Phase::Asm, "asm", "host assembly"},
    {Phase::Object, "obj", "host object file"},
    {Phase::Executable, "exe", "linked executable (the default)"},
};

ArrayRef<PhaseInfo> mdlc::getPhases() { return kPhases; }

std::optional<Phase> mdlc::parsePhase(StringRef name) {
  for (const PhaseInfo &info : kPhases)
    if (info.name == name)
      return info.phase;
  return std::nullopt;
}

StringRef mdlc::getPhaseName(Phase phase) {
  return kPhases[static_cast<int>(phase)].name;
}

std::string mdlc::getPhasePipeline(Phase step, const PipelineOptions &) {
  switch (step) {
  case Phase::MDLGrad:
    // Measure the train step for `PROG info` (on a differentiated copy,
    // while the step is still a function of its own), inline forward passes
    // into losses and train steps, then differentiate every value_and_grad
    // request.
    return "mdl-step-cost,inline,mdl-autodiff,canonicalize,cse";
  case Phase::Linalg:
    // One function per program entry: inline the gradient functions, drop
    // the now-unused ones, lower math and runtime calls, fuse elementwise
    // producers into their consumers (but not into or out of a matmul, which
    // must stay whole for the SGEMM kernel).
    return "inline,symbol-dce,convert-mdl-to-linalg,convert-mdlrt-to-func,"
           "canonicalize,cse,func.func(mdl-fuse-elementwise),"
           "canonicalize,cse";
  case Phase::Bufferized:
    return "eliminate-empty-tensors,empty-tensor-to-alloc-tensor,"
           "one-shot-bufferize{bufferize-function-boundaries "
           "function-boundary-type-conversion=identity-layout-map "
           "allow-return-allocs-from-loops},"
           "canonicalize,func.func(buffer-hoisting,buffer-loop-hoisting),"
           // Hoist the casts of hoisted buffers too: each cast to an unranked
           // memref becomes a stack descriptor, which must not grow per step.
           "loop-invariant-code-motion,"
           // A run-time batch is a memref.dim of the batch buffer, which the
           // first round hoisted: now that it is out of the loop too, the
           // step's buffers sized by it can follow.
           "func.func(buffer-loop-hoisting),loop-invariant-code-motion,"
           "buffer-deallocation-pipeline,canonicalize,cse,"
           // Strided copies (padding, strided inserts) become loops.
           "func.func(mdl-memref-copy-to-linalg)";
  case Phase::LLVMMLIR:
    // f32 matrix products call the runtime's tuned kernel; every other
    // linalg op becomes loops.
    return "convert-linalg-to-ukernels,"
           "func.func(mdl-reassociate-reductions,convert-linalg-to-loops),"
           "lower-affine,"
           "convert-scf-to-cf,expand-strided-metadata,lower-affine,"
           "finalize-memref-to-llvm,convert-math-to-llvm,convert-math-to-libm,"
           "convert-arith-to-llvm,convert-index-to-llvm,convert-func-to-llvm,"
           "convert-cf-to-llvm,reconcile-unrealized-casts,canonicalize,cse";
  default:
    return "";
  }
}

LogicalResult mdlc::buildPipeline(OpPassManager &pm,
                                  const PipelineOptions &options, Phase from,
                                  Phase to) {
  for (int step = static_cast<int>(from) + 1; step <= static_cast<int>(to);
       ++step) {
    std::string text = getPhasePipeline(static_cast<Phase>(step), options);
    if (text.empty())
      continue;
    if (failed(parsePassPipeline(text, pm, llvm::errs())))
      return failure();
  }
  return success();
}

void mdlc::registerPipelines() {
  struct Named {
    const char *name;
    const char *description;
    Phase from, to;
  };
  static const Named kNamed[] = {
      {"mdl-grad-pipeline", "mdl: inline and differentiate", Phase::MDL,
       Phase::MDLGrad},
      {"mdl-to-linalg-pipeline", "mdl with gradients to linalg",
       Phase::MDLGrad, Phase::Linalg},
      {"mdl-bufferize-pipeline", "linalg on tensors to memrefs",
       Phase::Linalg, Phase::Bufferized},
      {"mdl-to-llvm-pipeline", "bufferized IR to the llvm dialect",
       Phase::Bufferized, Phase::LLVMMLIR},
      {"mdlc-cpu-pipeline", "mdl all the way to the llvm dialect", Phase::MDL,
       Phase::LLVMMLIR},
  };
  for (const Named &named : kNamed) {
    Phase from = named.from, to = named.to;
    PassPipelineRegistration<>(
        named.name, named.description, [from, to](OpPassManager &pm) {
          if (failed(buildPipeline(pm, PipelineOptions(), from, to)))
            llvm::report_fatal_error("malformed built-in pipeline");
        });
  }
}
