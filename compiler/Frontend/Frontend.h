//===- Frontend.h - public entry points of the MDL frontend -----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Parse a `.mdl` buffer into an AST (imports resolved and merged), check it
// (names, dtypes, shapes, train configuration), and dump it for
// `mdlc --emit=ast`. All diagnostics go through the MLIRContext's
// DiagnosticEngine at FileLineColLocs, so a SourceMgrDiagnosticHandler prints
// them clang-style and a SourceMgrDiagnosticVerifierHandler can check them.
//
// Typical use (see compiler/tools/mdlc/mdlc.cpp):
//   auto program = parseProgram(sourceMgr, bufferID, context);
//   if (!program || failed(checkProgram(*program, context))) return failure();
//   // ... MLIRGen reads the checked AST (AST.h, Sema.h) ...
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_FRONTEND_FRONTEND_H
#define COMPILER_FRONTEND_FRONTEND_H

#include "compiler/Frontend/AST.h"

#include "mlir/Support/LogicalResult.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>

namespace mlir {
class MLIRContext;
} // namespace mlir

namespace mdlc::frontend {

/// Limits that keep hostile input from exhausting the stack.
/// Brackets ( [ { may nest at most this deep.
constexpr unsigned kMaxNestingDepth = 256;
/// Expression trees may be at most this deep (`1+1+...+1` chains included).
constexpr unsigned kMaxExpressionDepth = 1024;
/// At most this many lexical or syntax errors are reported per file.
constexpr unsigned kMaxSyntaxErrors = 20;

/// Parses buffer `bufferID` of `sourceMgr`. Imports are resolved relative to
/// the importing file, loaded into `sourceMgr` (so diagnostics can show their
/// lines), parsed once each, and their declarations merged in place. Returns
/// nullptr after reporting an error (invalid UTF-8 or NUL bytes, a syntax
/// error, excessive nesting, an out-of-range literal, an empty program, a
/// missing or cyclic import). When the buffer lies inside another buffer of
/// `sourceMgr` (a `--split-input-file` chunk), locations refer to the
/// enclosing buffer, as MLIR's own parser does.
std::unique_ptr<Program> parseProgram(llvm::SourceMgr &sourceMgr,
                                      unsigned bufferID,
                                      mlir::MLIRContext &context);

/// Semantic analysis: resolves names, instantiates models, evaluates layer,
/// dataset, environment and optimizer arguments, infers the type of every
/// expression, checks forward/loss/fn bodies against their signatures, and
/// resolves each train block into a TrainConfig (see Sema.h). Fails after
/// reporting at least one error.
mlir::LogicalResult checkProgram(Program &program, mlir::MLIRContext &context);

/// Prints the (checked) AST as an indented tree, one node per line with its
/// `file:line:col` and inferred types; the `--emit=ast` format.
void dumpProgram(const Program &program, llvm::raw_ostream &os);

} // namespace mdlc::frontend

#endif // COMPILER_FRONTEND_FRONTEND_H
