//===- Pooling.cpp - mdl pooling to linalg ----------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Lowers max/avg pooling and their adjoints to linalg.generics over
// (n, c, y, x | i, j). A `window` tensor [KH, KW] that the bodies ignore
// gives linalg the bounds of the tap loops i, j (as linalg's named pooling
// ops do). The adjoints read the output gradient in the spread layout of
// WindowUtils.h, so every generic writes each output element from its own
// iteration (no scatter). A dynamic batch sizes every destination from
// the operand's run-time batch (`tensor.dim`).
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/MDLToLinalg/GenericBuilder.h"
#include "compiler/Conversion/MDLToLinalg/MDLToLinalg.h"
#include "compiler/Conversion/MDLToLinalg/WindowUtils.h"
#include "dialects/mdl/IR/MDLOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <functional>
#include <limits>

using namespace mlir;
using namespace mlir::mdl_to_linalg;

namespace {

/// The shape of one pooling op: kernel, stride, padding.
struct Window {
  ArrayRef<int64_t> kernel, stride, padding;

  template <typename OpTy>
  static Window of(OpTy op) {
    return {op.getKernel(), op.getStride(), op.getPadding()};
  }
};

/// The iteration space (n, c, y, x | i, j) of a pooling generic: four
/// parallel loops then two reductions over the window.
SmallVector<utils::IteratorType> poolingIterators() {
  SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
  iterators.append(2, utils::IteratorType::reduction);
  return iterators;
}

/// Reads of the padded input by output position (y, x) and tap (i, j).
AffineMap windowReadMap(MLIRContext *ctx, const Window &w) {
  AffineExpr n, c, y, x, i, j;
  bindDims(ctx, n, c, y, x, i, j);
  return AffineMap::get(6, 0, {n, c, y * w.stride[0] + i, x * w.stride[1] + j},
                        ctx);
}

/// Reads of the spread layout by input position (h, w) and tap (i, j): the
/// window that covers (h, w) with tap (i, j), if any.
AffineMap spreadReadMap(MLIRContext *ctx, const Window &w) {
  AffineExpr n, c, h, x, i, j;
  bindDims(ctx, n, c, h, x, i, j);
  return AffineMap::get(
      6, 0, {n, c, h + (w.kernel[0] - 1) - i, x + (w.kernel[1] - 1) - j}, ctx);
}

AffineMap tapMap(MLIRContext *ctx) {
  AffineExpr n, c, y, x, i, j;
  bindDims(ctx, n, c, y, x, i, j);
  return AffineMap::get(6, 0, {i, j}, ctx);
}

/// The [KH, KW] tensor whose only use is to bound the tap loops.
Value windowShape(OpBuilder &b, Location loc, const Window &w, Type element) {
  return createEmpty(
      b, loc, RankedTensorType::get({w.kernel[0], w.kernel[1]}, element), {});
}

/// A generic over (n, c, y, x | i, j) reading `inputs` (maps given, the
/// window appended) into `init` at (n, c, y, x).
Value buildPooling(OpBuilder &b, Location loc, const Window &w,
                   SmallVector<Value> inputs, SmallVector<AffineMap> maps,
                   Value init, BodyBuilder body) {
  MLIRContext *ctx = b.getContext();
  auto initType = cast<RankedTensorType>(init.getType());
  inputs.push_back(windowShape(b, loc, w, initType.getElementType()));
  maps.push_back(tapMap(ctx));
  maps.push_back(AffineMap::getMultiDimIdentityMap(6, ctx).getMajorSubMap(4));
  return buildGeneric(b, loc, inputs, init, maps, poolingIterators(), body);
}

/// The padded input's spatial size.
SmallVector<int64_t> paddedSize(RankedTensorType input, const Window &w) {
  return {input.getDimSize(2) + 2 * w.padding[0],
          input.getDimSize(3) + 2 * w.padding[1]};
}

RankedTensorType withSpatial(RankedTensorType type, ArrayRef<int64_t> size) {
  return RankedTensorType::get(
      {type.getDimSize(0), type.getDimSize(1), size[0], size[1]},
      type.getElementType());
}

/// The body both average-pooling generics share: acc + v / (KH·KW), each
/// tap's share added as the window is read.
std::function<Value(OpBuilder &, Location, ValueRange)>
averageBody(const Window &w, Type element) {
  double scale = 1.0 / static_cast<double>(w.kernel[0] * w.kernel[1]);
  return [=](OpBuilder &b, Location loc, ValueRange s) -> Value {
    Value factor = arith::ConstantOp::create(b, loc, element,
                                             b.getFloatAttr(element, scale));
    Value scaled = arith::MulFOp::create(b, loc, s[0], factor);
    return arith::AddFOp::create(b, loc, s[2], scaled);
  };
}

constexpr double kNegInfinity = -std::numeric_limits<double>::infinity();

struct MaxPool2DLowering : public OpConversionPattern<mdl::MaxPool2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::MaxPool2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Window w = Window::of(op);
    Value input =
        padSpatial(rewriter, loc, adaptor.getInput(), w.padding, kNegInfinity);
    Value init = createFilled(
        rewriter, loc, op.getType(),
        batchSizes(rewriter, loc, op.getType(), adaptor.getInput()),
        kNegInfinity);
    Value result = buildPooling(
        rewriter, loc, w, {input}, {windowReadMap(rewriter.getContext(), w)},
        init, [](OpBuilder &nb, Location nloc, ValueRange s) -> Value {
          return arith::MaximumFOp::create(nb, nloc, s[0], s[2]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct AvgPool2DLowering : public OpConversionPattern<mdl::AvgPool2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::AvgPool2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Window w = Window::of(op);
    Value input = padSpatial(rewriter, loc, adaptor.getInput(), w.padding, 0.0);
    Value init = createFilled(
        rewriter, loc, op.getType(),
        batchSizes(rewriter, loc, op.getType(), adaptor.getInput()), 0.0);
    Type element = op.getType().getElementType();
    Value result = buildPooling(
        rewriter, loc, w, {input}, {windowReadMap(rewriter.getContext(), w)},
        init, averageBody(w, element));
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct AvgPool2DGradLowering
    : public OpConversionPattern<mdl::AvgPool2DGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::AvgPool2DGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Window w = Window::of(op);
    RankedTensorType type = op.getType();
    SmallVector<int64_t> padded = paddedSize(type, w);
    Value spread =
        spreadOutputGrad(rewriter, loc, adaptor.getOutputGrad(), padded,
                         w.kernel, w.stride, {1, 1}, 0.0,
                         adaptor.getOutputGrad());
    RankedTensorType paddedType = withSpatial(type, padded);
    Value init = createFilled(
        rewriter, loc, paddedType,
        batchSizes(rewriter, loc, paddedType, adaptor.getOutputGrad()), 0.0);
    Type element = type.getElementType();
    Value result = buildPooling(
        rewriter, loc, w, {spread}, {spreadReadMap(rewriter.getContext(), w)},
        init, averageBody(w, element));
    rewriter.replaceOp(op, cropSpatial(rewriter, loc, result, w.padding, type,
                                       adaptor.getOutputGrad()));
    return success();
  }
};

/// The tap number i·KW + j of the current iteration, as a float of `type`.
Value currentTap(OpBuilder &b, Location loc, const Window &w, Type type) {
  Value i = linalg::IndexOp::create(b, loc, 4);
  Value j = linalg::IndexOp::create(b, loc, 5);
  Value width = arith::ConstantIndexOp::create(b, loc, w.kernel[1]);
  Value tap = arith::AddIOp::create(
      b, loc, arith::MulIOp::create(b, loc, i, width), j);
  Value tapInt = arith::IndexCastOp::create(b, loc, b.getI64Type(), tap);
  return arith::SIToFPOp::create(b, loc, type, tapInt);
}

struct MaxPool2DGradLowering
    : public OpConversionPattern<mdl::MaxPool2DGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::MaxPool2DGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Window w = Window::of(op);
    RankedTensorType type = op.getType();
    RankedTensorType gradType = op.getOutputGrad().getType();
    Type element = type.getElementType();

    // 1. The tap (i·KW + j) of the first maximum of each window, kept as a
    //    float of the element type (exact: kernels are small).
    Value input =
        padSpatial(rewriter, loc, adaptor.getInput(), w.padding, kNegInfinity);
    SmallVector<Value> gradSizes =
        batchSizes(rewriter, loc, gradType, adaptor.getOutputGrad());
    Value maxInit =
        createFilled(rewriter, loc, gradType, gradSizes, kNegInfinity);
    Value tapInit = createFilled(rewriter, loc, gradType, gradSizes, 0.0);
    SmallVector<AffineMap> maps = {windowReadMap(ctx, w), tapMap(ctx),
                                   AffineMap::getMultiDimIdentityMap(6, ctx)
                                       .getMajorSubMap(4)};
    maps.push_back(maps.back());
    auto argmax = linalg::GenericOp::create(
        rewriter, loc, TypeRange{gradType, gradType},
        ValueRange{input, windowShape(rewriter, loc, w, element)},
        ValueRange{maxInit, tapInit}, maps, poolingIterators(),
        [&](OpBuilder &nb, Location nloc, ValueRange s) {
          // A larger value, or an equal one at an earlier tap, moves the
          // tap: ties keep the first whatever order the loops run in.
          Value here = currentTap(nb, nloc, w, element);
          Value larger = arith::CmpFOp::create(
              nb, nloc, arith::CmpFPredicate::OGT, s[0], s[2]);
          Value equal = arith::CmpFOp::create(
              nb, nloc, arith::CmpFPredicate::OEQ, s[0], s[2]);
          Value earlier = arith::CmpFOp::create(
              nb, nloc, arith::CmpFPredicate::OLT, here, s[3]);
          Value take = arith::OrIOp::create(
              nb, nloc, larger, arith::AndIOp::create(nb, nloc, equal, earlier));
          Value max = arith::SelectOp::create(nb, nloc, take, s[0], s[2]);
          Value tap = arith::SelectOp::create(nb, nloc, take, here, s[3]);
          linalg::YieldOp::create(nb, nloc, ValueRange{max, tap});
        });
    Value taps = argmax.getResult(1);

    // 2. Each input position sums the gradients of the windows whose first
    //    maximum it is. Spread taps are -1 where no window starts.
    SmallVector<int64_t> padded = paddedSize(type, w);
    Value spreadGrad =
        spreadOutputGrad(rewriter, loc, adaptor.getOutputGrad(), padded,
                         w.kernel, w.stride, {1, 1}, 0.0,
                         adaptor.getOutputGrad());
    Value spreadTaps = spreadOutputGrad(rewriter, loc, taps, padded, w.kernel,
                                        w.stride, {1, 1}, -1.0,
                                        adaptor.getOutputGrad());
    RankedTensorType paddedType = withSpatial(type, padded);
    Value init = createFilled(
        rewriter, loc, paddedType,
        batchSizes(rewriter, loc, paddedType, adaptor.getOutputGrad()), 0.0);
    AffineMap spreadMap = spreadReadMap(ctx, w);
    Value result = buildPooling(
        rewriter, loc, w, {spreadGrad, spreadTaps}, {spreadMap, spreadMap},
        init, [&](OpBuilder &nb, Location nloc, ValueRange s) -> Value {
          Value hit = arith::CmpFOp::create(nb, nloc, arith::CmpFPredicate::OEQ,
                                            s[1],
                                            currentTap(nb, nloc, w, element));
          Value zero = arith::ConstantOp::create(nb, nloc, element,
                                                 nb.getFloatAttr(element, 0.0));
          Value routed = arith::SelectOp::create(nb, nloc, hit, s[0], zero);
          return arith::AddFOp::create(nb, nloc, s[3], routed);
        });
    rewriter.replaceOp(op, cropSpatial(rewriter, loc, result, w.padding, type,
                                       adaptor.getOutputGrad()));
    return success();
  }
};

} // namespace

void mlir::detail::populateMDLPoolingPatterns(TypeConverter &typeConverter,
                                              RewritePatternSet &patterns) {
  patterns.add<MaxPool2DLowering, AvgPool2DLowering, AvgPool2DGradLowering,
               MaxPool2DGradLowering>(typeConverter, patterns.getContext());
}
