//===- Reductions.cpp - mdl reductions and losses to linalg -----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Lowers mdl.sum, mdl.mean, mdl.max and mdl.mse to reduction linalg.generics
// into a zero- (or -inf-) filled accumulator, followed by a scaling map where
// a mean is taken. Long f32 sums (batch norm's statistics over N·H·W, bias
// gradients) accumulate in f64: a running f32 sum of 50,000 terms loses
// about four digits, which batch norm then spreads into every activation.
// With a dynamic batch, results are sized from `tensor.dim` of the input
// and a mean divides by the run-time count.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/MDLToLinalg/GenericBuilder.h"
#include "compiler/Conversion/MDLToLinalg/MDLToLinalg.h"
#include "dialects/mdl/IR/MDLOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

using namespace mlir;
using namespace mlir::mdl_to_linalg;

/// How a reduction folds a term into its accumulator.
enum class Fold { Add, Max };

/// Sums of more terms than this per result accumulate in f64.
static constexpr int64_t kWideSumThreshold = 256;

/// The sizes of the dynamic dimensions of `input` not in `dims`: those of
/// a reduction's result, or of the reduction along `dims`.
static SmallVector<Value> keptDynamicSizes(OpBuilder &b, Location loc,
                                           Value input,
                                           ArrayRef<int64_t> dims) {
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<Value> sizes;
  for (int64_t i = 0; i < type.getRank(); ++i)
    if (type.isDynamicDim(i) && !llvm::is_contained(dims, i))
      sizes.push_back(tensor::DimOp::create(b, loc, input, i));
  return sizes;
}

/// Folds `inputs` combined by `combine` over `dims` into `resultType`:
/// a sum from 0, or a maximum from -inf. A sum of more than
/// kWideSumThreshold f32 (or narrower) terms per result runs in f64 and is
/// rounded once at the end; so does one over a dynamic batch, whose size
/// only the run knows.
static Value buildReduction(OpBuilder &b, Location loc, ValueRange inputs,
                            RankedTensorType resultType,
                            ArrayRef<int64_t> dims, BodyBuilder combine,
                            Fold fold = Fold::Add) {
  MLIRContext *ctx = b.getContext();
  auto inputType = cast<RankedTensorType>(inputs[0].getType());
  int64_t rank = inputType.getRank();
  int64_t terms = 1;
  for (int64_t dim : dims)
    terms *= inputType.isDynamicDim(dim) ? kWideSumThreshold + 1
                                         : inputType.getDimSize(dim);
  auto elementType = cast<FloatType>(resultType.getElementType());
  SmallVector<Value> resultSizes = keptDynamicSizes(b, loc, inputs[0], dims);
  if (fold == Fold::Add && elementType.getWidth() < 64 &&
      terms > kWideSumThreshold) {
    Type f64 = b.getF64Type();
    Value wide = buildReduction(
        b, loc, inputs, RankedTensorType::get(resultType.getShape(), f64),
        dims,
        [&](OpBuilder &nb, Location nloc, ValueRange s) -> Value {
          return arith::ExtFOp::create(nb, nloc, f64, combine(nb, nloc, s));
        });
    return buildElementwise(
        b, loc, resultType, resultSizes, {wide},
        [&](OpBuilder &nb, Location nloc, ValueRange s) -> Value {
          return arith::TruncFOp::create(nb, nloc, elementType, s[0]);
        });
  }
  SmallVector<AffineExpr> kept;
  SmallVector<utils::IteratorType> iterators;
  for (int64_t i = 0; i < rank; ++i) {
    bool reduced = llvm::is_contained(dims, i);
    iterators.push_back(reduced ? utils::IteratorType::reduction
                                : utils::IteratorType::parallel);
    if (!reduced)
      kept.push_back(getAffineDimExpr(i, ctx));
  }
  SmallVector<AffineMap> maps(inputs.size(), b.getMultiDimIdentityMap(rank));
  maps.push_back(AffineMap::get(rank, 0, kept, ctx));
  Value init = createFilled(
      b, loc, resultType, resultSizes,
      fold == Fold::Add ? 0.0 : -std::numeric_limits<double>::infinity());
  return buildGeneric(
      b, loc, inputs, init, maps, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange s) -> Value {
        Value term = combine(nb, nloc, s.drop_back());
        if (fold == Fold::Max)
          return arith::MaximumFOp::create(nb, nloc, s.back(), term);
        return arith::AddFOp::create(nb, nloc, s.back(), term);
      });
}

/// `value * numerator / count` elementwise, where `count` is the number
/// of elements of `of` along `dims`: a constant factor when those sizes are
/// static, else one computed from the run-time count.
static Value scaleByCount(OpBuilder &b, Location loc, Value value, Value of,
                          ArrayRef<int64_t> dims, double numerator) {
  auto type = cast<RankedTensorType>(value.getType());
  auto elementType = cast<FloatType>(type.getElementType());
  Value dynamicFactor;
  double factor = numerator;
  if (mdl::hasDynamicDim(of, dims)) {
    Value count = mdl::buildElementCount(b, loc, of, dims, elementType);
    Value num = arith::ConstantOp::create(
        b, loc, elementType, b.getFloatAttr(elementType, numerator));
    dynamicFactor = arith::DivFOp::create(b, loc, num, count);
  } else {
    auto ofType = cast<RankedTensorType>(of.getType());
    int64_t count = 1;
    for (int64_t dim : dims)
      count *= ofType.getDimSize(dim);
    factor = numerator / count;
  }
  return buildElementwise(
      b, loc, type, mdl::getDynamicSizes(b, loc, value), {value},
      [&](OpBuilder &nb, Location nloc, ValueRange s) -> Value {
        Value c = dynamicFactor;
        if (!c)
          c = arith::ConstantOp::create(nb, nloc, elementType,
                                        nb.getFloatAttr(elementType, factor));
        return arith::MulFOp::create(nb, nloc, s[0], c);
      });
}

/// All dimensions of `value`.
static SmallVector<int64_t> allDims(Value value) {
  return llvm::to_vector(
      llvm::seq<int64_t>(0, cast<RankedTensorType>(value.getType()).getRank()));
}

static Value identity(OpBuilder &, Location, ValueRange s) { return s[0]; }

namespace {

struct SumLowering : public OpConversionPattern<mdl::SumOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::SumOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, buildReduction(rewriter, op.getLoc(),
                                          {adaptor.getInput()},
                                          op.getResult().getType(),
                                          op.getDims(), identity));
    return success();
  }
};

struct MeanLowering : public OpConversionPattern<mdl::MeanOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::MeanOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value sum =
        buildReduction(rewriter, op.getLoc(), {adaptor.getInput()},
                       op.getResult().getType(), op.getDims(), identity);
    rewriter.replaceOp(op, scaleByCount(rewriter, op.getLoc(), sum,
                                        adaptor.getInput(), op.getDims(), 1.0));
    return success();
  }
};

struct MaxLowering : public OpConversionPattern<mdl::MaxOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::MaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, buildReduction(rewriter, op.getLoc(),
                                          {adaptor.getInput()},
                                          op.getResult().getType(),
                                          op.getDims(), identity, Fold::Max));
    return success();
  }
};

struct MSELowering : public OpConversionPattern<mdl::MSEOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::MSEOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value prediction = adaptor.getPrediction();
    Value sum =
        buildReduction(rewriter, op.getLoc(), {prediction, adaptor.getTarget()},
                       op.getResult().getType(), allDims(prediction),
                       [](OpBuilder &b, Location loc, ValueRange s) -> Value {
                         Value diff = arith::SubFOp::create(b, loc, s[0], s[1]);
                         return arith::MulFOp::create(b, loc, diff, diff);
                       });
    rewriter.replaceOp(op, scaleByCount(rewriter, op.getLoc(), sum, prediction,
                                        allDims(prediction), 1.0));
    return success();
  }
};

struct BCEWithLogitsLowering : public OpConversionPattern<mdl::BCEWithLogitsOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::BCEWithLogitsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value logits = adaptor.getLogits();
    Value sum = buildReduction(
        rewriter, op.getLoc(), {logits, adaptor.getTarget()},
        op.getResult().getType(), allDims(logits),
        [](OpBuilder &b, Location loc, ValueRange s) -> Value {
          // max(z, 0) - z·t + log1p(exp(-|z|)): exp never overflows.
          Value z = s[0];
          auto type = cast<FloatType>(z.getType());
          Value zero = arith::ConstantOp::create(b, loc, type,
                                                 b.getFloatAttr(type, 0.0));
          Value positive = arith::MaximumFOp::create(b, loc, z, zero);
          Value zt = arith::MulFOp::create(b, loc, z, s[1]);
          Value negAbs = arith::NegFOp::create(b, loc,
                                               math::AbsFOp::create(b, loc, z));
          Value softplus = math::Log1pOp::create(
              b, loc, math::ExpOp::create(b, loc, negAbs));
          return arith::AddFOp::create(
              b, loc, arith::SubFOp::create(b, loc, positive, zt), softplus);
        });
    rewriter.replaceOp(op, scaleByCount(rewriter, op.getLoc(), sum, logits,
                                        allDims(logits), 1.0));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Softmax family
//===----------------------------------------------------------------------===//

/// The map from `type`'s iteration space to the same space without `axis`.
static AffineMap dropAxisMap(MLIRContext *ctx, int64_t rank, int64_t axis) {
  SmallVector<AffineExpr> exprs;
  for (int64_t i = 0; i < rank; ++i)
    if (i != axis)
      exprs.push_back(getAffineDimExpr(i, ctx));
  return AffineMap::get(rank, 0, exprs, ctx);
}

static RankedTensorType dropAxis(RankedTensorType type, int64_t axis) {
  SmallVector<int64_t> shape(type.getShape());
  shape.erase(shape.begin() + axis);
  return RankedTensorType::get(shape, type.getElementType());
}

static SmallVector<utils::IteratorType> iteratorsReducing(int64_t rank,
                                                          int64_t axis) {
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  iterators[axis] = utils::IteratorType::reduction;
  return iterators;
}

/// A filled tensor holding -inf.
static Value createNegInfinity(OpBuilder &b, Location loc,
                               RankedTensorType type, ValueRange dynamicSizes) {
  auto elementType = cast<FloatType>(type.getElementType());
  Value scalar = arith::ConstantOp::create(
      b, loc, elementType,
      b.getFloatAttr(elementType,
                     APFloat::getInf(elementType.getFloatSemantics(),
                                     /*Negative=*/true)));
  return linalg::FillOp::create(b, loc, scalar,
                                createEmpty(b, loc, type, dynamicSizes))
      .getResult(0);
}

/// max(x) and Σ exp(x - max(x)) along `axis`: the two reductions of a
/// stable softmax.
static std::pair<Value, Value> buildSoftmaxStatistics(OpBuilder &b,
                                                      Location loc, Value x,
                                                      int64_t axis) {
  MLIRContext *ctx = b.getContext();
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  RankedTensorType reduced = dropAxis(type, axis);
  SmallVector<Value> reducedSizes = keptDynamicSizes(b, loc, x, {axis});
  AffineMap identity = b.getMultiDimIdentityMap(rank);
  AffineMap dropped = dropAxisMap(ctx, rank, axis);
  Value max =
      buildGeneric(b, loc, x, createNegInfinity(b, loc, reduced, reducedSizes),
                   {identity, dropped}, iteratorsReducing(rank, axis),
                   [](OpBuilder &nb, Location nloc, ValueRange s) -> Value {
                     return arith::MaximumFOp::create(nb, nloc, s[0], s[1]);
                   });
  Value sum = buildGeneric(
      b, loc, {x, max}, createFilled(b, loc, reduced, reducedSizes, 0.0),
      {identity, dropped, dropped}, iteratorsReducing(rank, axis),
      [](OpBuilder &nb, Location nloc, ValueRange s) -> Value {
        Value shifted = arith::SubFOp::create(nb, nloc, s[0], s[1]);
        Value e = math::ExpOp::create(nb, nloc, shifted);
        return arith::AddFOp::create(nb, nloc, s[2], e);
      });
  return {max, sum};
}

/// log_softmax(x) = x - max - log(Σ exp(x - max)) along `axis`.
static Value buildLogSoftmax(OpBuilder &b, Location loc, Value x,
                             int64_t axis) {
  auto [max, sum] = buildSoftmaxStatistics(b, loc, x, axis);
  auto type = cast<RankedTensorType>(x.getType());
  AffineMap identity = b.getMultiDimIdentityMap(type.getRank());
  AffineMap dropped = dropAxisMap(b.getContext(), type.getRank(), axis);
  SmallVector<utils::IteratorType> parallel(type.getRank(),
                                            utils::IteratorType::parallel);
  return buildGeneric(
      b, loc, {x, max, sum},
      createEmpty(b, loc, type, mdl::getDynamicSizes(b, loc, x)),
      {identity, dropped, dropped, identity}, parallel,
      [](OpBuilder &nb, Location nloc, ValueRange s) -> Value {
        Value shifted = arith::SubFOp::create(nb, nloc, s[0], s[1]);
        Value logSum = math::LogOp::create(nb, nloc, s[2]);
        return arith::SubFOp::create(nb, nloc, shifted, logSum);
      });
}

struct LogSoftmaxLowering : public OpConversionPattern<mdl::LogSoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::LogSoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, buildLogSoftmax(rewriter, op.getLoc(),
                                           adaptor.getInput(), op.getAxis()));
    return success();
  }
};

struct SoftmaxLowering : public OpConversionPattern<mdl::SoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::SoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    int64_t axis = op.getAxis();
    Value x = adaptor.getInput();
    auto [max, sum] = buildSoftmaxStatistics(rewriter, loc, x, axis);
    RankedTensorType type = op.getType();
    AffineMap identity = rewriter.getMultiDimIdentityMap(type.getRank());
    AffineMap dropped =
        dropAxisMap(rewriter.getContext(), type.getRank(), axis);
    SmallVector<utils::IteratorType> parallel(type.getRank(),
                                              utils::IteratorType::parallel);
    Value result =
        buildGeneric(rewriter, loc, {x, max, sum},
                     createEmpty(rewriter, loc, type,
                                 mdl::getDynamicSizes(rewriter, loc, x)),
                     {identity, dropped, dropped, identity}, parallel,
                     [](OpBuilder &nb, Location nloc, ValueRange s) -> Value {
                       Value shifted =
                           arith::SubFOp::create(nb, nloc, s[0], s[1]);
                       Value e = math::ExpOp::create(nb, nloc, shifted);
                       return arith::DivFOp::create(nb, nloc, e, s[2]);
                     });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Whether the index along dimension `dim` of the current iteration equals
/// `label` (an integer of any width).
static Value indexEquals(OpBuilder &b, Location loc, int64_t dim,
                         Value label) {
  Value index = linalg::IndexOp::create(b, loc, dim);
  Value cast = arith::IndexCastOp::create(b, loc, label.getType(), index);
  return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, cast, label);
}

struct CrossEntropyLowering : public OpConversionPattern<mdl::CrossEntropyOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::CrossEntropyOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value logits = adaptor.getLogits();
    Value logProbs = buildLogSoftmax(rewriter, loc, logits, 1);
    // Σ_n Σ_c [c == label_n] log_softmax[n, c]: the gather as a masked
    // reduction, so it stays one linalg op.
    AffineExpr n, c;
    bindDims(ctx, n, c);
    SmallVector<AffineMap> maps = {AffineMap::get(2, 0, {n, c}, ctx),
                                   AffineMap::get(2, 0, {n}, ctx),
                                   AffineMap::get(2, 0, {}, ctx)};
    SmallVector<utils::IteratorType> iterators(2,
                                               utils::IteratorType::reduction);
    Value picked = buildGeneric(
        rewriter, loc, {logProbs, adaptor.getLabels()},
        createFilled(rewriter, loc, op.getType(), {}, 0.0), maps, iterators,
        [](OpBuilder &nb, Location nloc, ValueRange s) -> Value {
          Value zero = arith::ConstantOp::create(
              nb, nloc, s[0].getType(), nb.getFloatAttr(s[0].getType(), 0.0));
          Value hit = indexEquals(nb, nloc, 1, s[1]);
          Value term = arith::SelectOp::create(nb, nloc, hit, s[0], zero);
          return arith::AddFOp::create(nb, nloc, s[2], term);
        });
    rewriter.replaceOp(op,
                       scaleByCount(rewriter, loc, picked, logits, {0}, -1.0));
    return success();
  }
};

struct OneHotLowering : public OpConversionPattern<mdl::OneHotOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::OneHotOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    int64_t rank = type.getRank();
    FailureOr<SmallVector<Value>> sizes = reifyDynamicSizes(rewriter, op);
    if (failed(sizes))
      return rewriter.notifyMatchFailure(op, "cannot reify its result shape");
    SmallVector<AffineMap> maps = {
        dropAxisMap(rewriter.getContext(), rank, rank - 1),
        rewriter.getMultiDimIdentityMap(rank)};
    SmallVector<utils::IteratorType> parallel(rank,
                                              utils::IteratorType::parallel);
    Value result = buildGeneric(
        rewriter, op.getLoc(), adaptor.getLabels(),
        createEmpty(rewriter, op.getLoc(), type, *sizes), maps, parallel,
        [&](OpBuilder &nb, Location nloc, ValueRange s) -> Value {
          Type elementType = type.getElementType();
          Value one = arith::ConstantOp::create(
              nb, nloc, elementType, nb.getFloatAttr(elementType, 1.0));
          Value zero = arith::ConstantOp::create(
              nb, nloc, elementType, nb.getFloatAttr(elementType, 0.0));
          return arith::SelectOp::create(
              nb, nloc, indexEquals(nb, nloc, rank - 1, s[0]), one, zero);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ArgmaxLowering : public OpConversionPattern<mdl::ArgmaxOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(mdl::ArgmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    int64_t axis = op.getAxis();
    RankedTensorType input = op.getInput().getType();
    RankedTensorType result = op.getType();
    int64_t rank = input.getRank();
    SmallVector<Value> sizes =
        keptDynamicSizes(rewriter, loc, adaptor.getInput(), {axis});
    Value maxInit =
        createNegInfinity(rewriter, loc, dropAxis(input, axis), sizes);
    Type indexType = result.getElementType();
    Value zero = arith::ConstantOp::create(
        rewriter, loc, indexType, rewriter.getIntegerAttr(indexType, 0));
    Value indexInit =
        linalg::FillOp::create(rewriter, loc, zero,
                               createEmpty(rewriter, loc, result, sizes))
            .getResult(0);
    AffineMap dropped = dropAxisMap(rewriter.getContext(), rank, axis);
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(rank),
                                   dropped, dropped};
    // Running (max, index) pair; a strictly larger value moves the index,
    // so ties keep the first.
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{maxInit.getType(), result},
        adaptor.getInput(), ValueRange{maxInit, indexInit}, maps,
        iteratorsReducing(rank, axis),
        [&](OpBuilder &nb, Location nloc, ValueRange s) {
          Value index = linalg::IndexOp::create(nb, nloc, axis);
          Value cast = arith::IndexCastOp::create(nb, nloc, indexType, index);
          Value larger = arith::CmpFOp::create(
              nb, nloc, arith::CmpFPredicate::OGT, s[0], s[1]);
          Value max = arith::SelectOp::create(nb, nloc, larger, s[0], s[1]);
          Value at = arith::SelectOp::create(nb, nloc, larger, cast, s[2]);
          linalg::YieldOp::create(nb, nloc, ValueRange{max, at});
        });
    rewriter.replaceOp(op, generic.getResult(1));
    return success();
  }
};

} // namespace

void mlir::detail::populateMDLReductionPatterns(TypeConverter &typeConverter,
                                                RewritePatternSet &patterns) {
  patterns.add<SumLowering, MeanLowering, MaxLowering, MSELowering,
               BCEWithLogitsLowering, LogSoftmaxLowering,
               SoftmaxLowering, CrossEntropyLowering, OneHotLowering,
               ArgmaxLowering>(typeConverter, patterns.getContext());
}
