//===- Diagnostics.h - clang-style printing of MDL diagnostics --*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Frontend diagnostics go through MLIR's DiagnosticEngine like every other
// diagnostic of mdlc; this header adds what MLIR's SourceMgrDiagnosticHandler
// does not print:
//
//   * ranges: a diagnostic at rangeLoc(range) is an mlir::FileLineColRange,
//     printed clang-style with `^~~~` under the whole expression;
//   * more ranges: a diagnostic at rangeLoc(range, {others}) also
//     underlines the other ranges (the operands of a binary operator);
//   * fix-its: a note at fixItLoc(range, text) prints the replacement text
//     under the range (clang's fix-it line);
//   * an error limit: after `errorLimit` errors the printer says so once and
//     drops every later diagnostic.
//
// The locations stay ordinary MLIR locations, so the
// SourceMgrDiagnosticVerifierHandler of `--verify-diagnostics` (and any other
// handler) reads them as usual: a range is checked at its start line, a
// fix-it note at the line of its range.
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_FRONTEND_DIAGNOSTICS_H
#define COMPILER_FRONTEND_DIAGNOSTICS_H

#include "compiler/Frontend/AST.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

namespace mdlc::frontend {

/// The default of `mdlc --error-limit`.
constexpr unsigned kDefaultErrorLimit = 20;

/// The location of a diagnostic about the node at `range`: an
/// mlir::FileLineColRange covering it when it spans more than one character
/// of one line (printed as `^~~~`), otherwise its start (a caret).
mlir::Location rangeLoc(const SourceRange &range);

/// The same, also underlining `highlights` (on the line of `range`): an
/// mlir::FusedLoc of rangeLoc(range) and the highlights, with the metadata
/// "mdl.ranges". Other handlers show its first location, rangeLoc(range).
mlir::Location rangeLoc(const SourceRange &range,
                        llvm::ArrayRef<SourceRange> highlights);

/// The location of a fix-it note: `range` should be replaced by
/// `replacement`. An mlir::NameLoc named "fix-it:<replacement>" around
/// rangeLoc(range); printers other than DiagnosticPrinter show the range.
mlir::Location fixItLoc(const SourceRange &range, llvm::StringRef replacement);

/// Prints diagnostics like SourceMgrDiagnosticHandler (clang style: file,
/// line and column, the source line, a caret), plus ranges and fix-its (see
/// above), and stops after `errorLimit` errors (0: no limit). Diagnostics
/// without a range or fix-it print exactly as SourceMgrDiagnosticHandler
/// prints them.
class DiagnosticPrinter : public mlir::SourceMgrDiagnosticHandler {
public:
  DiagnosticPrinter(llvm::SourceMgr &mgr, mlir::MLIRContext *ctx,
                    llvm::raw_ostream &os,
                    unsigned errorLimit = kDefaultErrorLimit);
  DiagnosticPrinter(llvm::SourceMgr &mgr, mlir::MLIRContext *ctx,
                    unsigned errorLimit = kDefaultErrorLimit);

  /// Errors seen so far, printed or not.
  unsigned getNumErrors() const { return numErrors; }

private:
  void print(mlir::Diagnostic &diag);
  /// Prints one message at `loc` with its range and fix-it; false when
  /// `loc` is not a file location of a buffer of the SourceMgr.
  bool printWithRange(mlir::Location loc, const llvm::Twine &message,
                      mlir::DiagnosticSeverity severity);

  unsigned errorLimit;
  unsigned numErrors = 0;
  bool limitReached = false;
};

} // namespace mdlc::frontend

#endif // COMPILER_FRONTEND_DIAGNOSTICS_H
