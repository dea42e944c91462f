//===- Contractions.cpp - mdl contractions to linalg ------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Lowers mdl.linear and mdl.matmul to contraction linalg.generics over an
// (m, n, k) iteration space. Linear starts its accumulator from the
// broadcast bias, so the bias add costs no extra pass over the output.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/MDLToLinalg/GenericBuilder.h"
#include "compiler/Conversion/MDLToLinalg/MDLToLinalg.h"
#include "dialects/mdl/IR/MDLOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace mlir::mdl_to_linalg;

/// out[m, n] += lhs[m, k] * rhs[...] where `rhsMap` picks rhs's indices.
static Value buildContraction(OpBuilder &b, Location loc, Value lhs, Value rhs,
                              Value init, AffineMap rhsMap) {
  MLIRContext *ctx = b.getContext();
  AffineExpr m, n, k;
  bindDims(ctx, m, n, k);
  SmallVector<AffineMap> maps = {AffineMap::get(3, 0, {m, k}, ctx), rhsMap,
                                 AffineMap::get(3, 0, {m, n}, ctx)};
  SmallVector<utils::IteratorType> iterators = {utils::IteratorType::parallel,
                                                utils::IteratorType::parallel,
                                                utils::IteratorType::reduction};
  return buildGeneric(
      b, loc, {lhs, rhs}, init, maps, iterators,
      [](OpBuilder &nb, Location nloc, ValueRange s) -> Value {
        Value product = arith::MulFOp::create(nb, nloc, s[0], s[1]);
        return arith::AddFOp::create(nb, nloc, s[2], product);
      });
}

namespace {

struct LinearLowering : public OpConversionPattern<mdl::LinearOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::LinearOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getResult().getType();
    Value init;
    if (adaptor.getBias()) {
      init = buildElementwise(rewriter, loc, type, {adaptor.getBias()},
                              [](OpBuilder &, Location, ValueRange s) -> Value {
                                return s[0];
                              });
    } else {
      init = createFilled(rewriter, loc, type, 0.0);
    }
    MLIRContext *ctx = rewriter.getContext();
    AffineExpr m, n, k;
    bindDims(ctx, m, n, k);
    // weight is [out, in] = [n, k]: y = x·Wᵀ without a transpose.
    Value result = buildContraction(rewriter, loc, adaptor.getInput(),
                                    adaptor.getWeight(), init,
                                    AffineMap::get(3, 0, {n, k}, ctx));
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
    MLIRContext *ctx = rewriter.getContext();
    AffineExpr m, n, k;
    bindDims(ctx, m, n, k);
    Value init = createFilled(rewriter, loc, op.getResult().getType(), 0.0);
    Value result =
        buildContraction(rewriter, loc, adaptor.getLhs(), adaptor.getRhs(),
                         init, AffineMap::get(3, 0, {k, n}, ctx));
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::detail::populateMDLContractionPatterns(
    TypeConverter &typeConverter, RewritePatternSet &patterns) {
  patterns.add<LinearLowering, MatmulLowering>(typeConverter,
                                               patterns.getContext());
}
