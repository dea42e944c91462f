//===- SyntaxErrorListener.cpp - syntax errors as MLIR diagnostics --------===//
// SPDX-License-Identifier: Apache-2.0
//
// Words syntax errors found by the generated parser ("expected ')', but found
// '->'") and emits them with mlir::emitError at the offending token's
// FileLineColLoc. Only the first error of each parse attempt is emitted (the
// parse stops there; ASTBuilder.cpp starts a new attempt at the next
// declaration).
//
//===----------------------------------------------------------------------===//

#include "compiler/Frontend/SyntaxErrorListener.h"

#include "mlir/IR/Diagnostics.h"

using namespace mdlc::frontend;

std::string
SyntaxErrorListener::joinAlternatives(llvm::ArrayRef<std::string> items) {
  std::string result;
  for (size_t i = 0, e = items.size(); i != e; ++i) {
    if (i != 0)
      result += (i + 1 == e) ? " or " : ", ";
    result += items[i];
  }
  return result;
}

void SyntaxErrorListener::syntaxError(mlir::Location loc,
                                      llvm::StringRef found,
                                      llvm::ArrayRef<std::string> expected) {
  if (expected.empty())
    return error(loc, "unexpected " + found);
  error(loc, "expected " + joinAlternatives(expected) + ", but found " + found);
}

void SyntaxErrorListener::error(mlir::Location loc,
                                const llvm::Twine &message) {
  // The parser stops at the first error; anything after it would be noise.
  if (errorsThisParse++ != 0)
    return;
  ++errors;
  mlir::emitError(loc) << message;
}
