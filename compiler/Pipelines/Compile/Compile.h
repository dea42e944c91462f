//===- Compile.h - one program from checked AST to machine code -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The library behind the `mdlc` driver: runs MLIRGen, the phase pipelines
// and the CPU back end on a checked program, handing each stage's output to
// a sink as it is produced (so `--emit=<phase>` and `--dump-dir` share one
// path), and links executables.
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_PIPELINES_COMPILE_COMPILE_H
#define COMPILER_PIPELINES_COMPILE_COMPILE_H

#include "compiler/Frontend/AST.h"
#include "compiler/Pipelines/Pipelines.h"
#include "mlir/IR/MLIRContext.h"
#include <functional>
#include <string>

namespace mdlc {

struct CompileOptions {
  PipelineOptions pipeline;
  /// LLVM optimisation level of the generated code.
  unsigned optLevel = 3;
  /// Where libmdlrt_main.a and libmdlrt.a are; empty: $MDLC_RUNTIME_DIR,
  /// then the build tree's runtime.
  std::string runtimeDir;
};

/// Receives stage outputs: `wants(phase)` says whether to produce the text
/// (or bytes, for objects) of `phase`; `write` receives them.
struct StageSink {
  std::function<bool(Phase)> wants;
  std::function<llvm::LogicalResult(Phase, llvm::StringRef)> write;
};

/// Compiles `program` through every phase from MDL up to `last` (at most
/// Object), offering each stage to `sink`. Errors are reported through the
/// context's diagnostic engine.
llvm::LogicalResult compileProgram(const frontend::Program &program,
                                   mlir::MLIRContext &context,
                                   const CompileOptions &options, Phase last,
                                   const StageSink &sink);

/// Links `object` (the bytes of an object file) with the runtime into the
/// executable `outputPath`. Writes to a temporary file next to it and
/// renames it into place, so a failure never leaves a half-written file.
/// On failure returns the reason in `error`.
llvm::LogicalResult linkProgram(llvm::StringRef object,
                                llvm::StringRef outputPath,
                                const CompileOptions &options,
                                std::string &error);

} // namespace mdlc

#endif // COMPILER_PIPELINES_COMPILE_COMPILE_H
