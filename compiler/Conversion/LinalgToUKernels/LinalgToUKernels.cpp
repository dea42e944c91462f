//===- LinalgToUKernels.cpp - f32 matmuls to libmdlrt's kernel --*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The convert-linalg-to-ukernels pass. The generated loops of a contraction
// are scalar, with the reduction innermost; the runtime's packed SGEMM is
// register-blocked, vectorised and threaded, tens of times faster at the
// sizes of real layers. So every bufferized f32 linalg.matmul becomes a call
// of mdlrt_matmul_f32 on strided views of its operands.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/Passes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir {
#define GEN_PASS_DEF_CONVERTLINALGTOUKERNELSPASS
#include "compiler/Conversion/Passes.h.inc"
} // namespace mlir

using namespace mlir;

static constexpr llvm::StringLiteral kMatmulF32 = "mdlrt_matmul_f32";

/// memref<?x?xf32, strided<[?, ?], offset: ?>>: what the kernel takes.
static MemRefType getKernelOperandType(MLIRContext *ctx) {
  int64_t dyn = ShapedType::kDynamic;
  return MemRefType::get({dyn, dyn}, Float32Type::get(ctx),
                         StridedLayoutAttr::get(ctx, dyn, {dyn, dyn}));
}

static func::FuncOp getOrDeclareKernel(ModuleOp module) {
  if (auto fn = module.lookupSymbol<func::FuncOp>(kMatmulF32))
    return fn;
  MLIRContext *ctx = module.getContext();
  OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
  Type operand = getKernelOperandType(ctx);
  auto type = FunctionType::get(
      ctx, {operand, operand, operand, IntegerType::get(ctx, 64)}, {});
  auto fn = func::FuncOp::create(b, module.getLoc(), kMatmulF32, type);
  fn.setPrivate();
  fn->setAttr("llvm.emit_c_interface", b.getUnitAttr());
  return fn;
}

namespace {

/// How a matmul reads its operands: each may be stored transposed.
struct Layout {
  bool lhsTransposed, rhsTransposed;
};

} // namespace

/// The layout of `op` when it is a plain f32 product the kernel computes:
/// buffer semantics, rank-2 f32 memrefs, maps (m, k) or (k, m) for the
/// lhs, (k, n) or (n, k) for the rhs and (m, n) for the output.
static std::optional<Layout> matchKernelMatmul(linalg::MatmulOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1)
    return std::nullopt;
  for (Value operand : op->getOperands()) {
    auto type = dyn_cast<MemRefType>(operand.getType());
    if (!type || type.getRank() != 2 || !type.getElementType().isF32())
      return std::nullopt;
  }
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  MLIRContext *ctx = op.getContext();
  AffineExpr m, n, k;
  bindDims(ctx, m, n, k);
  auto is = [&](AffineMap map, AffineExpr d0, AffineExpr d1) {
    return map == AffineMap::get(3, 0, {d0, d1}, ctx);
  };
  if (maps.size() != 3 || !is(maps[2], m, n))
    return std::nullopt;
  Layout layout;
  if (is(maps[0], m, k))
    layout.lhsTransposed = false;
  else if (is(maps[0], k, m))
    layout.lhsTransposed = true;
  else
    return std::nullopt;
  if (is(maps[1], k, n))
    layout.rhsTransposed = false;
  else if (is(maps[1], n, k))
    layout.rhsTransposed = true;
  else
    return std::nullopt;
  return layout;
}

/// The linalg.fill of +0.0 into `output` that `op` follows with nothing but
/// side-effect-free ops in between, if there is one.
static linalg::FillOp findZeroFill(Operation *op, Value output) {
  Operation *prev = op->getPrevNode();
  while (prev && !isa<linalg::FillOp>(prev) && isMemoryEffectFree(prev))
    prev = prev->getPrevNode();
  auto fill = dyn_cast_or_null<linalg::FillOp>(prev);
  if (!fill || !fill.hasPureBufferSemantics() ||
      fill.getDpsInits()[0] != output ||
      !matchPattern(fill.getDpsInputs()[0], m_PosZeroFloat()))
    return nullptr;
  return fill;
}

/// `value` as the kernel's operand type, transposed first if `transpose`.
static Value asKernelOperand(OpBuilder &b, Location loc, Value value,
                             bool transpose) {
  if (transpose) {
    AffineMap swap =
        AffineMap::getPermutationMap(ArrayRef<unsigned>{1, 0}, b.getContext());
    value =
        memref::TransposeOp::create(b, loc, value, AffineMapAttr::get(swap));
  }
  return memref::CastOp::create(b, loc, getKernelOperandType(b.getContext()),
                                value);
}

namespace {
struct ConvertLinalgToUKernelsPass
    : public impl::ConvertLinalgToUKernelsPassBase<
          ConvertLinalgToUKernelsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<std::pair<linalg::MatmulOp, Layout>> matches;
    module.walk([&](linalg::MatmulOp op) {
      if (std::optional<Layout> layout = matchKernelMatmul(op))
        matches.push_back({op, *layout});
    });
    if (matches.empty())
      return;
    func::FuncOp kernel = getOrDeclareKernel(module);
    for (auto [op, layout] : matches) {
      OpBuilder b(op);
      Location loc = op.getLoc();
      Value output = op.getDpsInits()[0];
      bool accumulate = true;
      if (linalg::FillOp fill = findZeroFill(op, output)) {
        fill.erase();
        accumulate = false;
      }
      Value lhs =
          asKernelOperand(b, loc, op.getDpsInputs()[0], layout.lhsTransposed);
      Value rhs =
          asKernelOperand(b, loc, op.getDpsInputs()[1], layout.rhsTransposed);
      Value out = asKernelOperand(b, loc, output, false);
      Value flag = arith::ConstantIntOp::create(b, loc, accumulate ? 1 : 0, 64);
      func::CallOp::create(b, loc, kernel, ValueRange{lhs, rhs, out, flag});
      op.erase();
    }
  }
};
} // namespace
