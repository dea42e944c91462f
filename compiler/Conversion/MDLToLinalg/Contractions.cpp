//===- Contractions.cpp - mdl contractions to linalg ------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Lowers mdl.linear and mdl.matmul to `linalg.matmul` over an (m, n, k)
// iteration space, with indexing maps that read a transposed operand in
// place: Linear's [out, in] weight through (n, k), and an operand produced
// by a 2-D mdl.transpose (the weight and input gradients dyᵀ·x, dy·Wᵀ)
// straight from the transpose's input. A named op (not a generic) keeps the
// contraction recognisable for the kernels (convert-linalg-to-ukernels) and
// out of elementwise fusion, which would otherwise pull a ReLU into the
// reduction and recompute it for every output column. Linear starts its
// accumulator from the broadcast bias, so the bias add costs no extra pass
// over the output.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/MDLToLinalg/GenericBuilder.h"
#include "compiler/Conversion/MDLToLinalg/MDLToLinalg.h"
#include "dialects/mdl/IR/MDLOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace mlir::mdl_to_linalg;

namespace {

/// An operand of the contraction: the tensor to read and whether it is
/// read transposed.
struct Operand {
  Value value;
  bool transposed;
};

} // namespace

/// `original` (converted: `converted`) or, when it is a 2-D mdl.transpose,
/// that transpose's input read transposed.
static Operand lookThroughTranspose(ConversionPatternRewriter &rewriter,
                                    Value original, Value converted,
                                    bool transposed) {
  auto transpose = original.getDefiningOp<mdl::TransposeOp>();
  if (!transpose || transpose.getPermutation().size() != 2)
    return {converted, transposed};
  Value input = rewriter.getRemappedValue(transpose.getInput());
  if (!input)
    return {converted, transposed};
  return {input, !transposed};
}

/// out[m, n] += lhs[m, k] · rhs[k, n], each operand possibly stored
/// transposed.
static Value buildContraction(OpBuilder &b, Location loc, Operand lhs,
                              Operand rhs, Value init) {
  MLIRContext *ctx = b.getContext();
  AffineExpr m, n, k;
  bindDims(ctx, m, n, k);
  auto map = [&](AffineExpr d0, AffineExpr d1) {
    return AffineMapAttr::get(AffineMap::get(3, 0, {d0, d1}, ctx));
  };
  Attribute maps =
      b.getArrayAttr({lhs.transposed ? map(k, m) : map(m, k),
                      rhs.transposed ? map(n, k) : map(k, n), map(m, n)});
  auto matmul = linalg::MatmulOp::create(
      b, loc, TypeRange{init.getType()}, ValueRange{lhs.value, rhs.value},
      ValueRange{init}, {b.getNamedAttr("indexing_maps", maps)});
  return matmul.getResult(0);
}

namespace {

struct LinearLowering : public OpConversionPattern<mdl::LinearOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::LinearOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getResult().getType();
    // A dynamic batch sizes the accumulator from the input (the bias has
    // no batch to broadcast from).
    FailureOr<SmallVector<Value>> sizes = reifyDynamicSizes(rewriter, op);
    if (failed(sizes))
      return rewriter.notifyMatchFailure(op, "cannot reify its result shape");
    Value init;
    if (adaptor.getBias()) {
      init = buildElementwise(
          rewriter, loc, type, *sizes, {adaptor.getBias()},
          [](OpBuilder &, Location, ValueRange s) -> Value { return s[0]; });
    } else {
      init = createFilled(rewriter, loc, type, *sizes, 0.0);
    }
    // weight is [out, in] = [n, k]: y = x·Wᵀ reads it transposed.
    Value result =
        buildContraction(rewriter, loc,
                         lookThroughTranspose(rewriter, op.getInput(),
                                              adaptor.getInput(), false),
                         lookThroughTranspose(rewriter, op.getWeight(),
                                              adaptor.getWeight(), true),
                         init);
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct MatmulLowering : public OpConversionPattern<mdl::MatmulOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::MatmulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<SmallVector<Value>> sizes = reifyDynamicSizes(rewriter, op);
    if (failed(sizes))
      return rewriter.notifyMatchFailure(op, "cannot reify its result shape");
    Value init =
        createFilled(rewriter, loc, op.getResult().getType(), *sizes, 0.0);
    Value result = buildContraction(
        rewriter, loc,
        lookThroughTranspose(rewriter, op.getLhs(), adaptor.getLhs(), false),
        lookThroughTranspose(rewriter, op.getRhs(), adaptor.getRhs(), false),
        init);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::detail::populateMDLContractionPatterns(TypeConverter &typeConverter,
                                                  RewritePatternSet &patterns) {
  patterns.add<LinearLowering, MatmulLowering>(typeConverter,
                                               patterns.getContext());
}
