//===- Convolutions.cpp - mdl convolutions to linalg ------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Lowers mdl.conv2d to linalg.conv_2d_nchw_fchw on a zero-padded input,
// accumulating onto the broadcast bias, and its two adjoints to
// contraction linalg.generics:
//   weight gradient  dw[o,c,i,j] = Σ_{n,y,x} xpad[n,c,y·s+i·d,x·s+j·d]·dy[n,o,y,x]
//   input gradient   the transposed convolution, computed as a stride-1
//                    correlation of dy spread `stride` apart (zeros between,
//                    WindowUtils.h) with the spatially flipped kernel, then
//                    cropped by the padding.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/MDLToLinalg/GenericBuilder.h"
#include "compiler/Conversion/MDLToLinalg/MDLToLinalg.h"
#include "compiler/Conversion/MDLToLinalg/WindowUtils.h"
#include "dialects/mdl/IR/MDLOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::mdl_to_linalg;

/// y = Σ lhs·rhs into `init` over an iteration space of `rank` loops whose
/// first four are parallel (the result's) and the rest reductions.
static Value buildConvContraction(OpBuilder &b, Location loc, Value lhs,
                                  AffineMap lhsMap, Value rhs, AffineMap rhsMap,
                                  Value init, AffineMap initMap) {
  SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
  iterators.append(initMap.getNumDims() - 4, utils::IteratorType::reduction);
  return buildGeneric(b, loc, {lhs, rhs}, init, {lhsMap, rhsMap, initMap},
                      iterators,
                      [](OpBuilder &nb, Location nloc, ValueRange s) -> Value {
                        Value product =
                            arith::MulFOp::create(nb, nloc, s[0], s[1]);
                        return arith::AddFOp::create(nb, nloc, s[2], product);
                      });
}

namespace {

struct Conv2DLowering : public OpConversionPattern<mdl::Conv2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::Conv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getResult().getType();
    Value init;
    if (adaptor.getBias()) {
      // The bias [O] broadcast over [N, O, OH, OW] starts the accumulator.
      MLIRContext *ctx = rewriter.getContext();
      AffineMap biasMap = AffineMap::get(4, 0, {getAffineDimExpr(1, ctx)}, ctx);
      init = buildGeneric(
          rewriter, loc, adaptor.getBias(), createEmpty(rewriter, loc, type),
          {biasMap, rewriter.getMultiDimIdentityMap(4)},
          SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
          [](OpBuilder &, Location, ValueRange s) -> Value { return s[0]; });
    } else {
      init = createFilled(rewriter, loc, type, 0.0);
    }
    Value input =
        padSpatial(rewriter, loc, adaptor.getInput(), op.getPadding(), 0.0);
    auto conv = linalg::Conv2DNchwFchwOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{input, adaptor.getWeight()},
        ValueRange{init}, rewriter.getI64TensorAttr(op.getStride()),
        rewriter.getI64TensorAttr(op.getDilation()));
    rewriter.replaceOp(op, conv.getResult(0));
    return success();
  }
};

struct Conv2DWeightGradLowering
    : public OpConversionPattern<mdl::Conv2DWeightGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::Conv2DWeightGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    ArrayRef<int64_t> s = op.getStride(), d = op.getDilation();
    Value input =
        padSpatial(rewriter, loc, adaptor.getInput(), op.getPadding(), 0.0);
    // Loops (o, c, i, j | n, y, x).
    AffineExpr o, c, i, j, n, y, x;
    bindDims(ctx, o, c, i, j, n, y, x);
    AffineMap inputMap = AffineMap::get(
        7, 0, {n, c, y * s[0] + i * d[0], x * s[1] + j * d[1]}, ctx);
    AffineMap gradMap = AffineMap::get(7, 0, {n, o, y, x}, ctx);
    AffineMap resultMap = AffineMap::get(7, 0, {o, c, i, j}, ctx);
    Value init = createFilled(rewriter, loc, op.getResult().getType(), 0.0);
    rewriter.replaceOp(op, buildConvContraction(rewriter, loc, input, inputMap,
                                                adaptor.getOutputGrad(),
                                                gradMap, init, resultMap));
    return success();
  }
};

struct Conv2DInputGradLowering
    : public OpConversionPattern<mdl::Conv2DInputGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::Conv2DInputGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    ArrayRef<int64_t> s = op.getStride(), p = op.getPadding(),
                      d = op.getDilation();
    RankedTensorType resultType = op.getResult().getType();
    RankedTensorType weightType = op.getWeight().getType();
    int64_t kernel[2] = {weightType.getDimSize(2), weightType.getDimSize(3)};

    // dx_pad[n,c,h,w] = Σ_{o,i,j} spread[n,o,h+(K-1-i)·d,..]·w[o,c,i,j]
    // (WindowUtils.h), then the padding is cropped away.
    SmallVector<int64_t> padded(resultType.getShape());
    for (int k = 0; k < 2; ++k)
      padded[2 + k] += 2 * p[k];
    Value spread = spreadOutputGrad(rewriter, loc, adaptor.getOutputGrad(),
                                    ArrayRef(padded).drop_front(2), kernel, s,
                                    d, 0.0);
    // Loops (n, c, h, w | o, i, j).
    AffineExpr n, c, h, w, o, i, j;
    bindDims(ctx, n, c, h, w, o, i, j);
    // Tap i of the kernel reads spread at h + (K-1-i)·d (the flip), so the
    // weight map stays a plain projection, from which linalg infers the
    // loop bounds of i and j.
    AffineMap spreadMap = AffineMap::get(
        7, 0,
        {n, o, h + (kernel[0] - 1 - i) * d[0], w + (kernel[1] - 1 - j) * d[1]},
        ctx);
    AffineMap weightMap = AffineMap::get(7, 0, {o, c, i, j}, ctx);
    AffineMap resultMap = AffineMap::get(7, 0, {n, c, h, w}, ctx);
    auto paddedType = RankedTensorType::get(padded, resultType.getElementType());
    Value result = buildConvContraction(
        rewriter, loc, spread, spreadMap, adaptor.getWeight(), weightMap,
        createFilled(rewriter, loc, paddedType, 0.0), resultMap);
    result = cropSpatial(rewriter, loc, result, p, resultType);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::detail::populateMDLConvolutionPatterns(
    TypeConverter &typeConverter, RewritePatternSet &patterns) {
  patterns.add<Conv2DLowering, Conv2DWeightGradLowering,
               Conv2DInputGradLowering>(typeConverter, patterns.getContext());
}
