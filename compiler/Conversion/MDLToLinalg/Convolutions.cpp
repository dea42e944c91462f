//===- Convolutions.cpp - mdl convolutions to linalg ------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Lowers mdl.conv2d and its two adjoints to one linalg.matmul each over the
// gathered windows of the whole batch (im2col, WindowUtils.h), so that f32
// convolutions run in the runtime's SGEMM (convert-linalg-to-ukernels) in
// place of the scalar loops of a direct convolution. Columns are
// channel-major, [C·K², N·OH·OW], so that each product is one large matrix
// product, split over threads by its output columns:
//   forward          y'[O, N·OH·OW] = W[O, C·K²] · cols(xpad) + b
//   weight gradient  dW[O, C·K²]    = dy'[O, N·OH·OW] · cols(xpad)ᵀ
//   input gradient   the transposed convolution, a stride-1 convolution of
//                    dy spread `stride` apart (zeros between) with the
//                    flipped kernel, transposed to [C, O, K, K]:
//                    dx'[C, N·H·W]  = Wflip[C, O·K²] · cols(spread)
// where y' is y with N and O swapped: a transposing copy (a linalg.generic,
// which elementwise fusion merges into its producer or consumer when it is
// their only user) moves between the [C, N, H, W] of the products and the
// NCHW of the program. The forward and weight-gradient columns of the same
// input are the same op, which CSE merges.
//
// The rule: im2col when the column buffer holds at most kMaxColumnElements
// values; otherwise the direct lowering below, which needs no buffer
// (linalg.conv_2d_nchw_fchw on the padded input, and contraction generics
// for the adjoints) but runs as scalar loops. The column buffer repeats
// every input value K² times, for the whole batch at once. f64 (the
// gradient checks) takes the same path as f32 even though its products
// become loops, not kernel calls, so that the checks check the lowering
// training runs.
//
// A dynamic batch (README.md#dynamic-batch) takes the same products: the
// columns become [C·K², ?] and every destination is sized from the
// operand's run-time batch (`tensor.dim`). The rule above cannot know N
// then, so it counts kPlannedBatch samples, the largest batch we plan the
// column buffer for; a larger run-time batch makes a proportionally larger
// buffer, never the scalar-loop path.
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

/// The largest column buffer im2col builds: 2^26 values, 256 MiB of f32,
/// already far beyond the layers of the stdlib models (the largest, the
/// input gradient of convnet_bn_fashion's second convolution, needs 3.6
/// M). Past it, memory is the scarcer resource, and the direct lowering
/// takes over.
static constexpr int64_t kMaxColumnElements = int64_t(1) << 26;

/// The batch the column-buffer rule assumes for a dynamic (`?`) batch.
static constexpr int64_t kPlannedBatch = 256;

/// Whether a convolution takes the im2col path: its column buffer, `taps`
/// values (C·K² for the forward) for each of `tapsOf`'s leading-dimension
/// entries, times `windows` windows (one per element of `windowsOf` but its
/// second, channel dimension), within the limit. (The verifier guarantees
/// static shapes but for the batch of `windowsOf`, counted as
/// kPlannedBatch when dynamic.)
static bool useColumns(RankedTensorType tapsOf, RankedTensorType windowsOf) {
  int64_t taps = tapsOf.getNumElements() / tapsOf.getDimSize(0);
  int64_t batch = windowsOf.isDynamicDim(0) ? kPlannedBatch
                                            : windowsOf.getDimSize(0);
  int64_t windows = batch * windowsOf.getDimSize(2) * windowsOf.getDimSize(3);
  return taps * windows <= kMaxColumnElements;
}

/// The type [A, B·H·W] of a product whose result, expanded, is `type`
/// [B, A, H, W] with A and B swapped; B·H·W is `?` when B is.
static RankedTensorType flatSwappedType(RankedTensorType type) {
  int64_t columns = ShapedType::kDynamic;
  if (!type.isDynamicDim(0))
    columns = type.getNumElements() / type.getDimSize(1);
  return RankedTensorType::get({type.getDimSize(1), columns},
                               type.getElementType());
}

/// The dynamic size of flatSwappedType(`type`): none for a static batch,
/// else the batch (dimension 0 of `batchOf`) times H·W.
static SmallVector<Value> flatSizes(OpBuilder &b, Location loc,
                                    RankedTensorType type, Value batchOf) {
  if (!type.isDynamicDim(0))
    return {};
  Value batch = tensor::DimOp::create(b, loc, batchOf, 0);
  Value window = arith::ConstantIndexOp::create(
      b, loc, type.getDimSize(2) * type.getDimSize(3));
  return {arith::MulIOp::create(b, loc, batch, window)};
}

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

/// out (+)= lhs · rhs as a linalg.matmul over (m, n, k), the rhs read
/// transposed ([N, K]) when `rhsTransposed`.
static Value buildProduct(OpBuilder &b, Location loc, Value lhs, Value rhs,
                          Value init, bool rhsTransposed = false) {
  MLIRContext *ctx = b.getContext();
  AffineExpr m, n, k;
  bindDims(ctx, m, n, k);
  auto map = [&](AffineExpr d0, AffineExpr d1) -> Attribute {
    return AffineMapAttr::get(AffineMap::get(3, 0, {d0, d1}, ctx));
  };
  ArrayAttr maps = b.getArrayAttr(
      {map(m, k), rhsTransposed ? map(n, k) : map(k, n), map(m, n)});
  return linalg::MatmulOp::create(b, loc, TypeRange{init.getType()},
                                  ValueRange{lhs, rhs}, ValueRange{init},
                                  {b.getNamedAttr("indexing_maps", maps)})
      .getResult(0);
}

/// `value` [A, B, C, D] as a matrix [A, B·C·D]: [O, C, K0, K1] -> [O, C·K²],
/// [C, N, H, W] -> [C, N·H·W].
static Value collapseAfterFirst(OpBuilder &b, Location loc, Value value) {
  return tensor::CollapseShapeOp::create(
      b, loc, value, ArrayRef<ReassociationIndices>{{0}, {1, 2, 3}});
}

/// `value` [A, B·C·D] split into `type` [A, B, C, D]; a dynamic B (the
/// batch) is dimension 0 of `batchOf`.
static Value expandAfterFirst(OpBuilder &b, Location loc,
                              RankedTensorType type, Value value,
                              Value batchOf) {
  SmallVector<ReassociationIndices> groups = {{0}, {1, 2, 3}};
  if (type.hasStaticShape())
    return tensor::ExpandShapeOp::create(b, loc, type, value, groups);
  SmallVector<OpFoldResult> sizes;
  for (int64_t d = 0; d < 4; ++d)
    sizes.push_back(
        type.isDynamicDim(d)
            ? OpFoldResult(tensor::DimOp::create(b, loc, batchOf, 0))
            : OpFoldResult(b.getIndexAttr(type.getDimSize(d))));
  return tensor::ExpandShapeOp::create(b, loc, type, value, groups, sizes);
}

/// The type of `type` [A, B, H, W] with A and B swapped.
static RankedTensorType swappedType(RankedTensorType type) {
  SmallVector<int64_t> shape(type.getShape());
  std::swap(shape[0], shape[1]);
  return RankedTensorType::get(shape, type.getElementType());
}

/// `value` [A, B, H, W] copied to [B, A, H, W]: between the NCHW of the
/// program and the channel-major [C, N, H, W] of the products. A dynamic
/// batch is dimension 0 of `batchOf`.
static Value swapLeadingDims(OpBuilder &b, Location loc, Value value,
                             Value batchOf) {
  MLIRContext *ctx = b.getContext();
  AffineExpr d0, d1, d2, d3;
  bindDims(ctx, d0, d1, d2, d3);
  auto type = swappedType(cast<RankedTensorType>(value.getType()));
  Value init = createEmpty(b, loc, type, batchSizes(b, loc, type, batchOf));
  return buildGeneric(
      b, loc, value, init,
      {AffineMap::get(4, 0, {d1, d0, d2, d3}, ctx),
       b.getMultiDimIdentityMap(4)},
      SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
      [](OpBuilder &, Location, ValueRange v) -> Value { return v[0]; });
}

/// A tensor of `type` holding bias[c] at every element whose dimension
/// `channelDim` is c, or zeros without a bias: a convolution's accumulator
/// (`dynamicSizes` as createEmpty).
static Value initChannels(OpBuilder &b, Location loc, Value bias,
                          RankedTensorType type, ValueRange dynamicSizes,
                          unsigned channelDim) {
  if (!bias)
    return createFilled(b, loc, type, dynamicSizes, 0.0);
  MLIRContext *ctx = b.getContext();
  int64_t rank = type.getRank();
  AffineMap biasMap =
      AffineMap::get(rank, 0, {getAffineDimExpr(channelDim, ctx)}, ctx);
  return buildGeneric(
      b, loc, bias, createEmpty(b, loc, type, dynamicSizes),
      {biasMap, b.getMultiDimIdentityMap(rank)},
      SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
      [](OpBuilder &, Location, ValueRange s) -> Value { return s[0]; });
}

namespace {

struct Conv2DLowering : public OpConversionPattern<mdl::Conv2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::Conv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getResult().getType();
    RankedTensorType weightType = op.getWeight().getType();
    Value input =
        padSpatial(rewriter, loc, adaptor.getInput(), op.getPadding(), 0.0);
    // Windows: one per output position, N·OH·OW; taps: C·K² each.
    if (!useColumns(weightType, type)) {
      Value init = initChannels(
          rewriter, loc, adaptor.getBias(), type,
          batchSizes(rewriter, loc, type, adaptor.getInput()), 1);
      auto conv = linalg::Conv2DNchwFchwOp::create(
          rewriter, loc, TypeRange{type},
          ValueRange{input, adaptor.getWeight()}, ValueRange{init},
          rewriter.getI64TensorAttr(op.getStride()),
          rewriter.getI64TensorAttr(op.getDilation()));
      rewriter.replaceOp(op, conv.getResult(0));
      return success();
    }
    // y'[O, N·OH·OW] = W[O, C·K²] · cols, onto the bias.
    int64_t outSize[2] = {type.getDimSize(2), type.getDimSize(3)};
    RankedTensorType flatType = flatSwappedType(type);
    Value init = initChannels(
        rewriter, loc, adaptor.getBias(), flatType,
        flatSizes(rewriter, loc, type, adaptor.getInput()), 0);
    int64_t kernel[2] = {weightType.getDimSize(2), weightType.getDimSize(3)};
    Value cols = gatherWindows(rewriter, loc, input, kernel, op.getStride(),
                               op.getDilation(), outSize, adaptor.getInput());
    Value weight = collapseAfterFirst(rewriter, loc, adaptor.getWeight());
    Value result = buildProduct(rewriter, loc, weight, cols, init);
    result = expandAfterFirst(rewriter, loc, swappedType(type), result,
                              adaptor.getInput());
    rewriter.replaceOp(
        op, swapLeadingDims(rewriter, loc, result, adaptor.getInput()));
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
    RankedTensorType type = op.getResult().getType();
    RankedTensorType gradType = op.getOutputGrad().getType();
    Value input =
        padSpatial(rewriter, loc, adaptor.getInput(), op.getPadding(), 0.0);
    // Windows: one per output-gradient position; taps: C·K² each.
    if (useColumns(type, gradType)) {
      // dW[O, C·K²] = dy'[O, N·OH·OW] · cols[C·K², N·OH·OW]ᵀ.
      int64_t kernel[2] = {type.getDimSize(2), type.getDimSize(3)};
      int64_t taps = type.getNumElements() / type.getDimSize(0);
      int64_t outSize[2] = {gradType.getDimSize(2), gradType.getDimSize(3)};
      Value cols = gatherWindows(rewriter, loc, input, kernel, s, d, outSize,
                                 adaptor.getInput());
      Value grad = collapseAfterFirst(
          rewriter, loc,
          swapLeadingDims(rewriter, loc, adaptor.getOutputGrad(),
                          adaptor.getOutputGrad()));
      auto flatType = RankedTensorType::get({type.getDimSize(0), taps},
                                            type.getElementType());
      Value result =
          buildProduct(rewriter, loc, grad, cols,
                       createFilled(rewriter, loc, flatType, {}, 0.0),
                       /*rhsTransposed=*/true);
      rewriter.replaceOp(op,
                         expandAfterFirst(rewriter, loc, type, result, {}));
      return success();
    }
    // Loops (o, c, i, j | n, y, x):
    //   dw[o,c,i,j] = Σ_{n,y,x} xpad[n,c,y·s+i·d,x·s+j·d]·dy[n,o,y,x].
    AffineExpr o, c, i, j, n, y, x;
    bindDims(ctx, o, c, i, j, n, y, x);
    AffineMap inputMap = AffineMap::get(
        7, 0, {n, c, y * s[0] + i * d[0], x * s[1] + j * d[1]}, ctx);
    AffineMap gradMap = AffineMap::get(7, 0, {n, o, y, x}, ctx);
    AffineMap resultMap = AffineMap::get(7, 0, {o, c, i, j}, ctx);
    Value init = createFilled(rewriter, loc, type, {}, 0.0);
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
    Type elementType = resultType.getElementType();
    int64_t kernel[2] = {weightType.getDimSize(2), weightType.getDimSize(3)};
    Value outputGrad = adaptor.getOutputGrad();

    // The spread output gradient over the padded input (WindowUtils.h):
    // padded position h is covered by tap i of a window exactly when
    // spread[h + (K-1-i)·d] holds that window's dy.
    SmallVector<int64_t> padded(resultType.getShape());
    for (int k = 0; k < 2; ++k)
      padded[2 + k] += 2 * p[k];
    Value spread = spreadOutputGrad(rewriter, loc, adaptor.getOutputGrad(),
                                    ArrayRef(padded).drop_front(2), kernel, s,
                                    d, 0.0, outputGrad);
    // Windows: one per input position, N·H·W; taps: O·K² each (the
    // weight's elements per input channel).
    if (useColumns(swappedType(weightType), resultType)) {
      int64_t batch = resultType.getDimSize(0);
      int64_t inSize[2] = {resultType.getDimSize(2), resultType.getDimSize(3)};
      // Only unpadded positions are wanted: position h reads spread[h + p +
      // i'·d] for the flipped tap i' = K-1-i, a stride-1 window of the
      // spread without its first and last p rows and columns.
      SmallVector<int64_t> windowShape = {batch, weightType.getDimSize(0),
                                          inSize[0], inSize[1]};
      for (int k = 0; k < 2; ++k)
        windowShape[2 + k] += (kernel[k] - 1) * d[k];
      Value windows =
          cropSpatial(rewriter, loc, spread, p,
                      RankedTensorType::get(windowShape, elementType),
                      outputGrad);
      int64_t unit[2] = {1, 1};
      Value cols = gatherWindows(rewriter, loc, windows, kernel, unit, d,
                                 inSize, outputGrad);
      // wflip[c, o, i', j'] = w[o, c, K0-1-i', K1-1-j'], as [C, O·K²].
      AffineExpr c, o, i, j;
      bindDims(ctx, c, o, i, j);
      AffineMap flipMap = AffineMap::get(
          4, 0, {o, c, kernel[0] - 1 - i, kernel[1] - 1 - j}, ctx);
      Value flipped = buildGeneric(
          rewriter, loc, adaptor.getWeight(),
          createEmpty(rewriter, loc, swappedType(weightType), {}),
          {flipMap, rewriter.getMultiDimIdentityMap(4)},
          SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
          [](OpBuilder &, Location, ValueRange v) -> Value { return v[0]; });
      // dx'[C, N·H·W] = wflip[C, O·K²] · cols.
      RankedTensorType flatType = flatSwappedType(resultType);
      Value result = buildProduct(
          rewriter, loc, collapseAfterFirst(rewriter, loc, flipped), cols,
          createFilled(rewriter, loc, flatType,
                       flatSizes(rewriter, loc, resultType, outputGrad), 0.0));
      result = expandAfterFirst(rewriter, loc, swappedType(resultType), result,
                                outputGrad);
      rewriter.replaceOp(op,
                         swapLeadingDims(rewriter, loc, result, outputGrad));
      return success();
    }

    // dx_pad[n,c,h,w] = Σ_{o,i,j} spread[n,o,h+(K-1-i)·d,..]·w[o,c,i,j],
    // then the padding is cropped away. Loops (n, c, h, w | o, i, j).
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
    auto paddedType = RankedTensorType::get(padded, elementType);
    Value init =
        createFilled(rewriter, loc, paddedType,
                     batchSizes(rewriter, loc, paddedType, outputGrad), 0.0);
    Value result =
        buildConvContraction(rewriter, loc, spread, spreadMap,
                             adaptor.getWeight(), weightMap, init, resultMap);
    result = cropSpatial(rewriter, loc, result, p, resultType, outputGrad);
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
