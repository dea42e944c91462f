//===- SyntaxErrorListener.h - syntax errors as MLIR diagnostics -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The ANTLR-independent half of syntax error reporting. ASTBuilder.cpp (the
// only file that sees ANTLR) installs an error strategy that describes each
// error as "what was found" and "what was expected" and hands it to this
// listener, which words the message and emits it through MLIR's
// DiagnosticEngine. Only the first syntax error of a parse attempt is
// reported: the parser stops there, so no cascade of follow-on errors is
// printed (ASTBuilder.cpp resumes at the next declaration with a new
// attempt).
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_FRONTEND_SYNTAXERRORLISTENER_H
#define COMPILER_FRONTEND_SYNTAXERRORLISTENER_H

#include "mlir/IR/Location.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"

#include <string>

namespace mdlc::frontend {

class SyntaxErrorListener {
public:
  /// Reports "expected <expected...>, but found <found>" (or
  /// "unexpected <found>" when nothing useful is expected) at `loc`.
  /// `found` is already quoted ("'foo'", "end of file"); each expected item
  /// is a phrase ("')'", "an expression", "a declaration").
  void syntaxError(mlir::Location loc, llvm::StringRef found,
                   llvm::ArrayRef<std::string> expected);

  /// Reports a lexical or structural error with a ready message.
  void error(mlir::Location loc, const llvm::Twine &message);

  /// Starts a parse attempt: hadError() then tells about this attempt only.
  void startParse() { errorsThisParse = 0; }
  bool hadError() const { return errorsThisParse != 0; }
  /// Errors emitted over all attempts.
  unsigned getNumErrors() const { return errors; }

  /// Joins phrases as "a", "a or b", "a, b or c".
  static std::string joinAlternatives(llvm::ArrayRef<std::string> items);

private:
  unsigned errors = 0;
  unsigned errorsThisParse = 0;
};

} // namespace mdlc::frontend

#endif // COMPILER_FRONTEND_SYNTAXERRORLISTENER_H
