//===- FrontendFuzzer.cpp - libFuzzer target over the MDL frontend --------===//
// SPDX-License-Identifier: Apache-2.0
//
// Feeds each input to the whole frontend the way `mdlc` does: split at
// `// -----` when the input contains the marker (as `--split-input-file`
// does), then per chunk parse (imports resolved relative to the working
// directory), check, print the diagnostics clang-style (ranges, fix-its,
// error limit) into a string, and dump the checked AST as `--emit=ast` does.
// Any crash, sanitizer report, leak or hang is a bug in the frontend.
//
//===----------------------------------------------------------------------===//

#include "compiler/Frontend/Diagnostics.h"
#include "compiler/Frontend/Frontend.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/ToolUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>
#include <string>

using namespace mdlc::frontend;

namespace {

mlir::LogicalResult processChunk(std::unique_ptr<llvm::MemoryBuffer> chunk,
                                 const llvm::MemoryBufferRef &source,
                                 llvm::raw_ostream &os) {
  llvm::SourceMgr sourceMgr;
  if (chunk->getBufferStart() != source.getBufferStart() ||
      chunk->getBufferSize() != source.getBufferSize())
    sourceMgr.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBuffer(source,
                                         /*RequiresNullTerminator=*/false),
        llvm::SMLoc());
  unsigned bufferID =
      sourceMgr.AddNewSourceBuffer(std::move(chunk), llvm::SMLoc());
  mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
  std::string diagnostics;
  llvm::raw_string_ostream diagOS(diagnostics);
  DiagnosticPrinter printer(sourceMgr, &context, diagOS);
  std::unique_ptr<Program> program =
      parseProgram(sourceMgr, bufferID, context);
  if (!program || mlir::failed(checkProgram(*program, context)))
    return mlir::failure();
  dumpProgram(*program, os);
  return mlir::success();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  std::unique_ptr<llvm::MemoryBuffer> input =
      llvm::MemoryBuffer::getMemBufferCopy(text, "fuzz-input.mdl");
  bool split = text.contains(mlir::kDefaultSplitMarker);
  std::string out;
  llvm::raw_string_ostream os(out);
  (void)mlir::splitAndProcessBuffer(
      std::move(input), processChunk, os,
      split ? llvm::StringRef(mlir::kDefaultSplitMarker) : llvm::StringRef(),
      split ? llvm::StringRef(mlir::kDefaultSplitMarker) : llvm::StringRef());
  return 0;
}
