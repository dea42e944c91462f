//===- CPUTarget.cpp - LLVM IR, assembly, objects and linking ---*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Implements the host back end with LLVM's own TargetMachine, in-process;
// only the final link runs an external program (the C++ compiler driver,
// which knows the system's crt files and libstdc++).
//
//===----------------------------------------------------------------------===//

#include "compiler/Target/CPU/CPUTarget.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"

using namespace mlir;
using namespace mdlc;

static std::unique_ptr<llvm::TargetMachine>
createHostTargetMachine(std::string &error) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  llvm::InitializeNativeTargetAsmParser();
  llvm::Triple triple(llvm::sys::getProcessTriple());
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return nullptr;
  llvm::SubtargetFeatures features;
  for (const auto &[feature, enabled] : llvm::sys::getHostCPUFeatures())
    features.AddFeature(feature, enabled);
  llvm::TargetOptions options;
  // Position-independent code, so the object links into PIE executables.
  return std::unique_ptr<llvm::TargetMachine>(target->createTargetMachine(
      triple, llvm::sys::getHostCPUName(), features.getString(), options,
      llvm::Reloc::PIC_, std::nullopt, llvm::CodeGenOptLevel::Aggressive));
}

std::unique_ptr<llvm::Module>
cpu::translateAndOptimize(ModuleOp module, llvm::LLVMContext &context,
                          unsigned optLevel) {
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, context);
  if (!llvmModule) {
    emitError(module.getLoc(), "failed to translate the module to LLVM IR");
    return nullptr;
  }
  std::string error;
  std::unique_ptr<llvm::TargetMachine> machine =
      createHostTargetMachine(error);
  if (!machine) {
    emitError(module.getLoc(), "no target for the host: ") << error;
    return nullptr;
  }
  llvmModule->setDataLayout(machine->createDataLayout());
  llvmModule->setTargetTriple(machine->getTargetTriple());
  auto optimize = makeOptimizingTransformer(optLevel, /*sizeLevel=*/0,
                                            machine.get());
  if (llvm::Error err = optimize(llvmModule.get())) {
    emitError(module.getLoc(), "LLVM optimisation failed: ")
        << llvm::toString(std::move(err));
    return nullptr;
  }
  return llvmModule;
}

LogicalResult cpu::emitMachineCode(llvm::Module &module, bool asObject,
                                   llvm::raw_pwrite_stream &os,
                                   std::string &error) {
  std::unique_ptr<llvm::TargetMachine> machine =
      createHostTargetMachine(error);
  if (!machine)
    return failure();
  llvm::legacy::PassManager passes;
  auto fileType = asObject ? llvm::CodeGenFileType::ObjectFile
                           : llvm::CodeGenFileType::AssemblyFile;
  if (machine->addPassesToEmitFile(passes, os, nullptr, fileType)) {
    error = "the host target cannot emit this file type";
    return failure();
  }
  passes.run(module);
  return success();
}

LogicalResult cpu::linkExecutable(StringRef objectPath, StringRef outputPath,
                                  StringRef runtimeDir, std::string &error) {
  std::string dir = runtimeDir.str();
  if (dir.empty())
    if (const char *env = std::getenv("MDLC_RUNTIME_DIR"))
      dir = env;
  if (dir.empty())
    dir = MDLC_DEFAULT_RUNTIME_DIR;
  SmallString<256> mainLib(dir), runtimeLib(dir);
  llvm::sys::path::append(mainLib, "libmdlrt_main.a");
  llvm::sys::path::append(runtimeLib, "libmdlrt.a");
  for (StringRef lib : {StringRef(mainLib), StringRef(runtimeLib)})
    if (!llvm::sys::fs::exists(lib)) {
      error = ("runtime library '" + lib +
               "' not found (set --runtime-dir or MDLC_RUNTIME_DIR)")
                  .str();
      return failure();
    }

  const char *cxx = std::getenv("CXX");
  llvm::ErrorOr<std::string> linker =
      llvm::sys::findProgramByName(cxx && *cxx ? cxx : "c++");
  if (!linker) {
    error = "no C++ linker driver found (install g++ or set CXX)";
    return failure();
  }
  // zlib: the runtime's IDX reader inflates gzip files.
  SmallVector<StringRef> args = {*linker, objectPath, mainLib, runtimeLib,
                                 "-lz",   "-lm",      "-o",    outputPath};
  std::string message;
  int status = llvm::sys::ExecuteAndWait(*linker, args, std::nullopt, {}, 0,
                                         0, &message);
  if (status != 0) {
    error = "linking failed (" + *linker + " exited with " +
            std::to_string(status) + (message.empty() ? "" : ": ") + message +
            ")";
    return failure();
  }
  return success();
}
