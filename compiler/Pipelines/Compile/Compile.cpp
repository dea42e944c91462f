//===- Compile.cpp - one program from checked AST to machine code -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Walks the phases in order: MLIRGen, then one pass pipeline per MLIR phase
// (getPhasePipeline), then LLVM IR translation and machine-code emission.
//
//===----------------------------------------------------------------------===//

#include "compiler/Pipelines/Compile/Compile.h"
#include "compiler/MLIRGen/MLIRGen.h"
#include "compiler/Target/CPU/CPUTarget.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mdlc;

static std::string printModule(ModuleOp module) {
  std::string text;
  llvm::raw_string_ostream os(text);
  module.print(os);
  os << "\n";
  return text;
}

static LogicalResult offer(const StageSink &sink, Phase phase,
                           llvm::function_ref<std::string()> produce) {
  if (!sink.wants(phase))
    return success();
  return sink.write(phase, produce());
}

LogicalResult mdlc::compileProgram(const frontend::Program &program,
                                   MLIRContext &context,
                                   const CompileOptions &options, Phase last,
                                   const StageSink &sink) {
  OwningOpRef<ModuleOp> module = generateModule(program, context);
  if (!module)
    return failure();
  if (failed(offer(sink, Phase::MDL, [&] { return printModule(*module); })))
    return failure();

  for (Phase step : {Phase::MDLGrad, Phase::Linalg, Phase::Bufferized,
                     Phase::LLVMMLIR}) {
    if (last < step)
      return success();
    PassManager pm(&context);
    pm.enableVerifier(options.pipeline.verifyEach);
    if (failed(buildPipeline(pm, options.pipeline,
                             static_cast<Phase>(static_cast<int>(step) - 1),
                             step)) ||
        failed(pm.run(*module)))
      return emitError(module->getLoc())
             << "the " << getPhaseName(step) << " phase failed";
    if (failed(offer(sink, step, [&] { return printModule(*module); })))
      return failure();
  }
  if (last < Phase::LLVMIR)
    return success();

  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      cpu::translateAndOptimize(*module, llvmContext, options.optLevel);
  if (!llvmModule)
    return failure();
  if (failed(offer(sink, Phase::LLVMIR, [&] {
        std::string text;
        llvm::raw_string_ostream os(text);
        llvmModule->print(os, nullptr);
        return text;
      })))
    return failure();

  for (Phase phase : {Phase::Asm, Phase::Object}) {
    if (last < phase)
      return success();
    if (!sink.wants(phase))
      continue;
    llvm::SmallString<0> code;
    llvm::raw_svector_ostream os(code);
    std::string error;
    if (failed(cpu::emitMachineCode(*llvmModule, phase == Phase::Object, os,
                                    error)))
      return emitError(module->getLoc()) << error;
    if (failed(sink.write(phase, code)))
      return failure();
  }
  return success();
}

LogicalResult mdlc::linkProgram(StringRef object, StringRef outputPath,
                                const CompileOptions &options,
                                std::string &error) {
  // The object and the linker's output go to temporary files beside the
  // target; only a complete executable is renamed over it.
  SmallString<256> folder(outputPath);
  llvm::sys::path::remove_filename(folder);
  if (folder.empty())
    folder = ".";
  if (!llvm::sys::fs::is_directory(folder)) {
    error = ("cannot write '" + outputPath + "': no folder '" + folder + "'")
                .str();
    return failure();
  }
  SmallString<256> objectPath;
  int fd;
  if (std::error_code ec = llvm::sys::fs::createTemporaryFile(
          "mdlc", "o", fd, objectPath)) {
    error = "cannot create a temporary object file: " + ec.message();
    return failure();
  }
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << object;
    os.close();
    if (os.has_error()) {
      error = "cannot write the temporary object file " + objectPath.str().str();
      llvm::sys::fs::remove(objectPath);
      return failure();
    }
  }
  std::string tempOutput =
      (outputPath + ".tmp." + std::to_string(llvm::sys::Process::getProcessId()))
          .str();
  LogicalResult linked =
      cpu::linkExecutable(objectPath, tempOutput, options.runtimeDir, error);
  llvm::sys::fs::remove(objectPath);
  if (failed(linked)) {
    llvm::sys::fs::remove(tempOutput);
    return failure();
  }
  if (std::error_code ec = llvm::sys::fs::rename(tempOutput, outputPath)) {
    llvm::sys::fs::remove(tempOutput);
    error = "cannot write " + outputPath.str() + ": " + ec.message();
    return failure();
  }
  return success();
}
