//===- DynamicBatch.cpp - Which programs get a run-time batch ---*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// A supervised program whose model and loss use only ops that take a
// dynamic leading dimension is compiled with `B` as `?`, so `--batch N`
// picks the batch at run time. Convolutions, pooling, batch norm and
// dropout still want a static batch (their verifiers reject `?`), as do
// q_learning programs: those keep the train block's batch.
//
//===----------------------------------------------------------------------===//

#include "compiler/MLIRGen/MLIRGenInternals.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace mdlc::frontend;
using namespace mdlc::mlirgen;

namespace {

/// Finds the first call in a body that needs a static batch: a pooling
/// built-in, directly or through the user functions it calls.
class StaticOpFinder {
public:
  std::string inFunction(const FuncDecl &func) {
    if (!visited.insert(&func).second)
      return "";
    for (const auto &stmt : func.getBody()) {
      const Expr *value = nullptr;
      if (const auto *let = llvm::dyn_cast<LetStmt>(stmt.get()))
        value = let->getValue();
      else if (const auto *ret = llvm::dyn_cast<ReturnStmt>(stmt.get()))
        value = ret->getValue();
      if (std::string reason = inExpr(value); !reason.empty())
        return reason;
    }
    return "";
  }

private:
  std::string inExpr(const Expr *expr) {
    if (!expr)
      return "";
    if (const auto *unary = llvm::dyn_cast<UnaryExpr>(expr))
      return inExpr(unary->getOperand());
    if (const auto *binary = llvm::dyn_cast<BinaryExpr>(expr)) {
      std::string reason = inExpr(binary->getLHS());
      return reason.empty() ? inExpr(binary->getRHS()) : reason;
    }
    const auto *call = llvm::dyn_cast<CallExpr>(expr);
    if (!call)
      return "";
    for (const Arg &arg : call->getArgs())
      if (std::string reason = inExpr(arg.value.get()); !reason.empty())
        return reason;
    const CallResolution &callee = call->getResolution();
    switch (callee.kind) {
    case CallResolution::Kind::Builtin:
      switch (callee.builtin) {
      case BuiltinFn::MaxPool2d:
      case BuiltinFn::AvgPool2d:
      case BuiltinFn::AdaptiveAvgPool2d:
        return getBuiltinFnName(callee.builtin).str();
      default:
        return "";
      }
    case CallResolution::Kind::Function:
      return callee.function ? inFunction(*callee.function) : "";
    case CallResolution::Kind::Model:
      return "a model-typed parameter";
    case CallResolution::Kind::Layer:
    case CallResolution::Kind::Unresolved:
      return "";
    }
    return "";
  }

  llvm::SmallPtrSet<const FuncDecl *, 8> visited;
};

} // namespace

std::string mdlc::mlirgen::getStaticBatchReason(const TrainConfig &config) {
  if (config.driver == TrainDriver::QLearning)
    return "q_learning";
  for (const auto &layer : config.model->getLayers()) {
    if (!layer->getInfo())
      continue;
    LayerKind kind = layer->getInfo()->kind;
    if (kind != LayerKind::Linear)
      return getLayerKindName(kind).str();
  }
  StaticOpFinder finder;
  for (const auto &forward : config.model->getForwards())
    if (std::string reason = finder.inFunction(*forward); !reason.empty())
      return reason;
  if (config.userLoss)
    return finder.inFunction(*config.userLoss);
  return "";
}
