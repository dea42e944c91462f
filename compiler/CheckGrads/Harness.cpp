//===- Harness.cpp - a float64 copy of a program's loss ---------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Every mdl op is generic in its float element type, so retyping is a
// walk that replaces f32 by f64 in every type and float constant; the
// VJP rules and lowerings then run unchanged in double precision.
//
//===----------------------------------------------------------------------===//

#include "compiler/CheckGrads/Harness.h"
#include "dialects/mdl/IR/MDLDialect.h"
#include "dialects/mdl/IR/MDLOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/AttrTypeSubElements.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/APFloat.h"

using namespace mlir;
using namespace mdlc::checkgrads;

/// The dropout seed of every evaluation of a train-mode loss.
static constexpr int64_t kDropoutSeed = 0x5eed;

/// Replaces f32 by f64 in every type, attribute and float constant of
/// `module`.
static void retypeToF64(ModuleOp module) {
  MLIRContext *context = module.getContext();
  Type f64 = Float64Type::get(context);
  AttrTypeReplacer replacer;
  replacer.addReplacement([&](FloatType type) -> std::optional<Type> {
    if (type.isF32())
      return f64;
    return std::nullopt;
  });
  replacer.addReplacement(
      [&](FloatAttr attr) -> AttrTypeReplacer::ReplaceFnResult<Attribute> {
        if (!attr.getType().isF32())
          return std::nullopt;
        return std::make_pair(FloatAttr::get(f64, attr.getValueAsDouble()),
                              WalkResult::skip());
      });
  // Dense constants hold raw f32 data; rebuild them element by element
  // rather than let the replacer reinterpret the bytes.
  replacer.addReplacement([&](DenseFPElementsAttr attr)
                              -> AttrTypeReplacer::ReplaceFnResult<Attribute> {
    if (!attr.getElementType().isF32())
      return std::nullopt;
    Attribute mapped = attr.mapValues(f64, [](const APFloat &value) {
      return APFloat(static_cast<double>(value.convertToFloat()))
          .bitcastToAPInt();
    });
    return std::make_pair(mapped, WalkResult::skip());
  });
  replacer.recursivelyReplaceElementsIn(module, /*replaceAttrs=*/true,
                                        /*replaceLocs=*/false,
                                        /*replaceTypes=*/true);
}

/// Copies `root` and every function it refers to (calls, value_and_grad
/// callees) from `source` into `target`.
static void copyWithCallees(func::FuncOp root, ModuleOp target) {
  SmallVector<func::FuncOp> worklist = {root};
  DenseSet<Operation *> seen = {root};
  while (!worklist.empty()) {
    func::FuncOp func = worklist.pop_back_val();
    target.push_back(func.clone());
    func.walk([&](Operation *op) {
      for (NamedAttribute attr : op->getAttrs()) {
        auto ref = dyn_cast<FlatSymbolRefAttr>(attr.getValue());
        if (!ref)
          continue;
        auto callee = SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(
            func, ref);
        if (callee && seen.insert(callee).second)
          worklist.push_back(callee);
      }
    });
  }
}

/// `bufferization.to_tensor` of each memref argument of `entry`.
static SmallVector<Value> argumentTensors(OpBuilder &b, Location loc,
                                          Block *entry,
                                          ArrayRef<RankedTensorType> types) {
  SmallVector<Value> tensors;
  for (auto [type, arg] : llvm::zip(types, entry->getArguments()))
    tensors.push_back(bufferization::ToTensorOp::create(
        b, loc, type, arg, /*restrict=*/true, /*writable=*/false));
  return tensors;
}

static MemRefType memrefOf(RankedTensorType type) {
  return MemRefType::get(type.getShape(), type.getElementType());
}

/// A public function with the C interface, its arguments the memrefs of
/// `argTypes` followed by `extra`.
static func::FuncOp createEntry(OpBuilder &b, Location loc, StringRef name,
                                ArrayRef<RankedTensorType> argTypes,
                                ArrayRef<Type> extra) {
  SmallVector<Type> inputs;
  for (RankedTensorType type : argTypes)
    inputs.push_back(memrefOf(type));
  inputs.append(extra.begin(), extra.end());
  auto func = func::FuncOp::create(b, loc, name, b.getFunctionType(inputs, {}));
  func->setAttr("llvm.emit_c_interface", b.getUnitAttr());
  func.addEntryBlock();
  return func;
}

static void storeInto(OpBuilder &b, Location loc, Value tensor, Value memref) {
  bufferization::MaterializeInDestinationOp::create(
      b, loc, TypeRange(), tensor, memref, /*restrict=*/true,
      /*writable=*/true);
}

FailureOr<Harness> mdlc::checkgrads::buildHarness(ModuleOp generated) {
  mdl::ValueAndGradOp request;
  generated.walk([&](mdl::ValueAndGradOp op) {
    request = op;
    return WalkResult::interrupt();
  });
  if (!request)
    return emitError(generated.getLoc())
           << "check-grads: the program differentiates no loss";
  auto loss = SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(
      request, request.getCalleeAttr());
  if (!loss)
    return emitError(request.getLoc())
           << "check-grads: the loss '" << request.getCallee()
           << "' is not a function";

  MLIRContext *context = generated.getContext();
  context->loadDialect<arith::ArithDialect, bufferization::BufferizationDialect,
                       func::FuncDialect,
                       memref::MemRefDialect, mdl::MDLDialect>();
  Harness harness;
  harness.module = ModuleOp::create(generated.getLoc());
  ModuleOp module = *harness.module;
  copyWithCallees(loss, module);
  retypeToF64(module);
  auto copied = module.lookupSymbol<func::FuncOp>(loss.getSymName());

  auto scalar = RankedTensorType::get({}, Float64Type::get(context));
  FunctionType lossType = copied.getFunctionType();
  if (lossType.getNumResults() != 1 || lossType.getResult(0) != scalar)
    return emitError(loss.getLoc())
           << "check-grads: expected the loss to return a float scalar, but "
              "it returns "
           << loss.getFunctionType().getResults();
  // A trailing integer scalar is the train-mode loss's dropout seed: fixed,
  // so that every evaluation of the loss draws the same masks.
  ArrayRef<Type> lossInputs = lossType.getInputs();
  while (!lossInputs.empty() && lossInputs.back().isInteger(64))
    lossInputs = lossInputs.drop_back();
  size_t numSeeds = lossType.getNumInputs() - lossInputs.size();
  for (Type type : lossInputs) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor || !tensor.hasStaticShape())
      return emitError(loss.getLoc())
             << "check-grads: a loss operand of type " << type
             << " is not a tensor of static shape";
    harness.argTypes.push_back(tensor);
  }
  harness.wrt.assign(request.getWrt().begin(), request.getWrt().end());

  OpBuilder b(context);
  b.setInsertionPointToEnd(module.getBody());
  Location loc = loss.getLoc();
  Type scalarMemref = memrefOf(scalar);
  size_t numArgs = harness.argTypes.size();

  // check_value(args..., out): out = loss(args...).
  func::FuncOp value =
      createEntry(b, loc, kValueEntry, harness.argTypes, {scalarMemref});
  {
    OpBuilder::InsertionGuard guard(b);
    Block *entry = &value.front();
    b.setInsertionPointToStart(entry);
    SmallVector<Value> args =
        argumentTensors(b, loc, entry, harness.argTypes);
    for (size_t i = 0; i < numSeeds; ++i)
      args.push_back(arith::ConstantIntOp::create(b, loc, b.getI64Type(),
                                                  kDropoutSeed + i));
    auto call = func::CallOp::create(b, loc, copied, args);
    storeInto(b, loc, call.getResult(0), entry->getArgument(numArgs));
    func::ReturnOp::create(b, loc);
  }

  // check_grad(args..., out, grads...): value_and_grad of the loss.
  SmallVector<Type> extra = {scalarMemref};
  SmallVector<Type> results = {scalar};
  for (int64_t index : harness.wrt) {
    extra.push_back(memrefOf(harness.argTypes[index]));
    results.push_back(harness.argTypes[index]);
  }
  func::FuncOp grad =
      createEntry(b, loc, kGradEntry, harness.argTypes, extra);
  {
    OpBuilder::InsertionGuard guard(b);
    Block *entry = &grad.front();
    b.setInsertionPointToStart(entry);
    SmallVector<Value> args =
        argumentTensors(b, loc, entry, harness.argTypes);
    for (size_t i = 0; i < numSeeds; ++i)
      args.push_back(arith::ConstantIntOp::create(b, loc, b.getI64Type(),
                                                  kDropoutSeed + i));
    auto vg = mdl::ValueAndGradOp::create(
        b, loc, results, copied.getSymName(), args,
        b.getDenseI64ArrayAttr(harness.wrt));
    for (auto [result, out] :
         llvm::zip(vg.getResults(), entry->getArguments().drop_front(numArgs)))
      storeInto(b, loc, result, out);
    func::ReturnOp::create(b, loc);
  }

  if (failed(verify(module)))
    return failure();
  return harness;
}
