//===- CPUTarget.h - LLVM IR, assembly, objects and linking -----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The host-CPU back end: translate llvm-dialect IR to LLVM IR, optimise it
// for the host CPU (its features, e.g. AVX-512, where present), emit
// assembly or an object file in-process, and link an executable against
// libmdlrt with the system linker.
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_TARGET_CPU_CPUTARGET_H
#define COMPILER_TARGET_CPU_CPUTARGET_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"
#include <memory>
#include <string>

namespace mdlc::cpu {

/// Translates `module` (llvm dialect only) to an LLVM module for the host,
/// optimised at -O`optLevel`. Reports errors at the module's location.
std::unique_ptr<llvm::Module> translateAndOptimize(mlir::ModuleOp module,
                                                   llvm::LLVMContext &context,
                                                   unsigned optLevel);

/// Writes host assembly (`asObject` false) or an ELF object of `module`.
llvm::LogicalResult emitMachineCode(llvm::Module &module, bool asObject,
                                    llvm::raw_pwrite_stream &os,
                                    std::string &error);

/// Links `objectPath` with libmdlrt_main.a and libmdlrt.a found in
/// `runtimeDir` (empty: $MDLC_RUNTIME_DIR, then the build tree's) into the
/// executable `outputPath`, using $CXX or `c++` as the linker driver.
llvm::LogicalResult linkExecutable(llvm::StringRef objectPath,
                                   llvm::StringRef outputPath,
                                   llvm::StringRef runtimeDir,
                                   std::string &error);

} // namespace mdlc::cpu

#endif // COMPILER_TARGET_CPU_CPUTARGET_H
