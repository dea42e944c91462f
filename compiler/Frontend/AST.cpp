//===- AST.cpp - the MDL abstract syntax tree -----------------------------===//
// SPDX-License-Identifier: Apache-2.0
//
// Out-of-line anchors of the AST node classes, the loc() helper that turns a
// SourceRange into an mlir::FileLineColLoc, and Program look-ups.
//
//===----------------------------------------------------------------------===//

#include "compiler/Frontend/AST.h"

#include "mlir/IR/MLIRContext.h"

using namespace mdlc::frontend;

//===----------------------------------------------------------------------===//
// SourceRange
//===----------------------------------------------------------------------===//

mlir::Location mdlc::frontend::loc(const SourceRange &range) {
  return mlir::FileLineColLoc::get(range.file, range.line, range.col);
}

SourceRange mdlc::frontend::joinRanges(const SourceRange &begin,
                                       const SourceRange &end) {
  SourceRange r = begin;
  r.endLine = end.endLine;
  r.endCol = end.endCol;
  return r;
}

//===----------------------------------------------------------------------===//
// Nodes
//===----------------------------------------------------------------------===//

Expr::~Expr() = default;
Stmt::~Stmt() = default;
Decl::~Decl() = default;

llvm::StringRef BinaryExpr::getOpSpelling(Op op) {
  switch (op) {
  case Op::Add:
    return "+";
  case Op::Sub:
    return "-";
  case Op::Mul:
    return "*";
  case Op::Div:
    return "/";
  case Op::Rem:
    return "%";
  case Op::MatMul:
    return "@";
  case Op::Lt:
    return "<";
  case Op::Le:
    return "<=";
  case Op::Gt:
    return ">";
  case Op::Ge:
    return ">=";
  case Op::Eq:
    return "==";
  case Op::Ne:
    return "!=";
  }
  llvm_unreachable("unknown binary operator");
}

ReturnStmt *FuncDecl::getReturn() const {
  if (body.empty())
    return nullptr;
  return llvm::dyn_cast<ReturnStmt>(body.back().get());
}

LayerDecl *ModelDecl::lookupLayer(llvm::StringRef layerName) const {
  for (const auto &layer : layers)
    if (layer->getName() == layerName)
      return layer.get();
  return nullptr;
}

//===----------------------------------------------------------------------===//
// Program
//===----------------------------------------------------------------------===//

std::vector<ModelDecl *> Program::getModels() const {
  std::vector<ModelDecl *> result;
  for (const auto &decl : decls)
    if (auto *model = llvm::dyn_cast<ModelDecl>(decl.get()))
      result.push_back(model);
  return result;
}

std::vector<TrainDecl *> Program::getTrains() const {
  std::vector<TrainDecl *> result;
  for (const auto &decl : decls)
    if (auto *train = llvm::dyn_cast<TrainDecl>(decl.get()))
      result.push_back(train);
  return result;
}

Decl *Program::lookup(llvm::StringRef declName) const {
  if (declName.empty())
    return nullptr;
  for (const auto &decl : decls)
    if (decl->getName() == declName)
      return decl.get();
  return nullptr;
}
