//===- RuntimeCalls.cpp - building calls of the mdlrt C ABI -----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Functions that take buffers are declared with `llvm.emit_c_interface`, so
// they receive pointers to unranked memref descriptors (`_mlir_ciface_`
// symbols); the others take scalars only. Strings and i64 arrays are
// private constant globals, one per distinct value.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/MDLRTToFunc/RuntimeCalls.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;

func::FuncOp mlir::mdlrt_to_func::declareRuntimeFunction(
    OpBuilder &b, Operation *user, StringRef name, TypeRange inputs,
    TypeRange results, bool takesBuffers) {
  auto module = user->getParentOfType<ModuleOp>();
  if (auto existing = module.lookupSymbol<func::FuncOp>(name))
    return existing;
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(module.getBody());
  auto fn = func::FuncOp::create(b, module.getLoc(), name,
                                 b.getFunctionType(inputs, results));
  fn.setPrivate();
  if (takesBuffers)
    fn->setAttr("llvm.emit_c_interface", b.getUnitAttr());
  return fn;
}

func::CallOp mlir::mdlrt_to_func::callRuntime(OpBuilder &b, Operation *user,
                                              StringRef name, ValueRange args,
                                              TypeRange results,
                                              bool takesBuffers) {
  func::FuncOp fn = declareRuntimeFunction(b, user, name, args.getTypes(),
                                           results, takesBuffers);
  return func::CallOp::create(b, user->getLoc(), fn, args);
}

Value mlir::mdlrt_to_func::constantI64(OpBuilder &b, Location loc,
                                       int64_t value) {
  return arith::ConstantIntOp::create(b, loc, value, 64);
}

Value mlir::mdlrt_to_func::constantF64(OpBuilder &b, Location loc,
                                       double value) {
  return arith::ConstantFloatOp::create(b, loc, b.getF64Type(), APFloat(value));
}

Value mlir::mdlrt_to_func::toI64(OpBuilder &b, Location loc, Value index) {
  return arith::IndexCastOp::create(b, loc, b.getI64Type(), index);
}

Value mlir::mdlrt_to_func::toIndex(OpBuilder &b, Location loc, Value i64) {
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), i64);
}

Value mlir::mdlrt_to_func::toUnranked(OpBuilder &b, Location loc,
                                      Value memref) {
  auto type = cast<MemRefType>(memref.getType());
  auto unranked =
      UnrankedMemRefType::get(type.getElementType(), type.getMemorySpace());
  return memref::CastOp::create(b, loc, unranked, memref);
}

Value mlir::mdlrt_to_func::stringConstant(OpBuilder &b, Operation *user,
                                          StringRef text) {
  auto module = user->getParentOfType<ModuleOp>();
  auto type =
      MemRefType::get({static_cast<int64_t>(text.size())}, b.getI8Type());
  std::string name = ("__mdlrt_str." + text).str();
  if (!module.lookupSymbol(name)) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(module.getBody());
    SmallVector<int8_t> bytes(text.begin(), text.end());
    auto tensorType =
        RankedTensorType::get({type.getDimSize(0)}, b.getI8Type());
    memref::GlobalOp::create(
        b, module.getLoc(), name, b.getStringAttr("private"), type,
        DenseElementsAttr::get(tensorType, ArrayRef<int8_t>(bytes)),
        /*constant=*/true, /*alignment=*/nullptr);
  }
  Value global = memref::GetGlobalOp::create(b, user->getLoc(), type, name);
  return toUnranked(b, user->getLoc(), global);
}

Value mlir::mdlrt_to_func::i64ArrayConstant(OpBuilder &b, Operation *user,
                                            ArrayRef<int64_t> values) {
  auto module = user->getParentOfType<ModuleOp>();
  auto type =
      MemRefType::get({static_cast<int64_t>(values.size())}, b.getI64Type());
  std::string name = "__mdlrt_i64";
  for (int64_t value : values)
    name += "." + std::to_string(value);
  if (!module.lookupSymbol(name)) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(module.getBody());
    auto tensorType = RankedTensorType::get(type.getShape(), b.getI64Type());
    memref::GlobalOp::create(b, module.getLoc(), name,
                             b.getStringAttr("private"), type,
                             DenseElementsAttr::get(tensorType, values),
                             /*constant=*/true, /*alignment=*/nullptr);
  }
  Value global = memref::GetGlobalOp::create(b, user->getLoc(), type, name);
  return toUnranked(b, user->getLoc(), global);
}

Value mlir::mdlrt_to_func::allocFor(OpBuilder &b, Location loc,
                                    RankedTensorType type, Value size) {
  SmallVector<Value> dynamicSizes;
  if (type.getRank() > 0 && type.isDynamicDim(0))
    dynamicSizes.push_back(size);
  return memref::AllocOp::create(
      b, loc, MemRefType::get(type.getShape(), type.getElementType()),
      dynamicSizes);
}

Value mlir::mdlrt_to_func::asTensor(OpBuilder &b, Location loc,
                                    RankedTensorType type, Value buffer) {
  return bufferization::ToTensorOp::create(b, loc, type, buffer,
                                           /*restrict=*/true,
                                           /*writable=*/true);
}

SmallVector<Value> mlir::mdlrt_to_func::fillBatch(OpBuilder &b, Operation *op,
                                                  StringRef name,
                                                  RankedTensorType xType,
                                                  RankedTensorType yType,
                                                  Value size) {
  Location loc = op->getLoc();
  Value x = allocFor(b, loc, xType, size);
  Value y = allocFor(b, loc, yType, size);
  callRuntime(b, op, name, {toUnranked(b, loc, x), toUnranked(b, loc, y)}, {},
              /*takesBuffers=*/true);
  return {asTensor(b, loc, xType, x), asTensor(b, loc, yType, y)};
}
