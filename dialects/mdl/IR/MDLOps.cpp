//===- MDLOps.cpp - mdl op verifiers and shape helpers ----------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Verifiers of the mdl ops. Each check carries the label of the numbered
// constraint it enforces in dialects/mdl/README.md.
//
//===----------------------------------------------------------------------===//

#include "dialects/mdl/IR/MDLOps.h"
#include "dialects/mdl/IR/MDLVerifyUtils.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/STLExtras.h"

#include <cmath>

using namespace mlir;
using namespace mlir::mdl;
using namespace mlir::mdl::detail;

#include "dialects/mdl/IR/MDLInterfaces.cpp.inc"

#define GET_OP_CLASSES
#include "dialects/mdl/IR/MDLOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Shared helpers
//===----------------------------------------------------------------------===//

FailureOr<SmallVector<int64_t>> mlir::mdl::broadcastShapes(
    ArrayRef<int64_t> lhs, ArrayRef<int64_t> rhs) {
  size_t rank = std::max(lhs.size(), rhs.size());
  SmallVector<int64_t> result(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t l = i < lhs.size() ? lhs[lhs.size() - 1 - i] : 1;
    int64_t r = i < rhs.size() ? rhs[rhs.size() - 1 - i] : 1;
    if (l != r && l != 1 && r != 1)
      return failure();
    result[rank - 1 - i] = l == 1 ? r : l;
  }
  return result;
}

Value mlir::mdl::createSplatConstant(OpBuilder &builder, Location loc,
                                     RankedTensorType type, double value) {
  auto elementType = cast<FloatType>(type.getElementType());
  auto attr = DenseElementsAttr::get(
      type, builder.getFloatAttr(elementType, value).getValue());
  return arith::ConstantOp::create(builder, loc, type, attr);
}

Value mlir::mdl::sumToType(OpBuilder &builder, Location loc, Value grad,
                           RankedTensorType type) {
  auto gradType = cast<RankedTensorType>(grad.getType());
  if (gradType == type)
    return grad;
  ArrayRef<int64_t> from = gradType.getShape();
  ArrayRef<int64_t> to = type.getShape();
  size_t lead = from.size() - to.size();
  // Sum the leading dimensions the operand lacks, and those it stretched
  // from 1; then restore the operand's rank with a reshape.
  SmallVector<int64_t> dims, kept;
  for (size_t i = 0; i < from.size(); ++i) {
    if (i < lead || (to[i - lead] == 1 && from[i] != 1))
      dims.push_back(i);
    else
      kept.push_back(from[i]);
  }
  Value summed = grad;
  if (!dims.empty()) {
    auto sumType = RankedTensorType::get(kept, type.getElementType());
    summed = SumOp::create(builder, loc, sumType, grad,
                           builder.getDenseI64ArrayAttr(dims));
  }
  if (summed.getType() != type)
    summed = ReshapeOp::create(builder, loc, type, summed);
  return summed;
}

/// common_c1: all operands and the result share one element type.
LogicalResult mlir::mdl::detail::verifySameElementType(Operation *op) {
  Type elementType;
  for (Type type : llvm::concat<Type>(op->getOperandTypes(),
                                      op->getResultTypes())) {
    auto shaped = dyn_cast<ShapedType>(type);
    if (!shaped)
      continue;
    if (!elementType)
      elementType = shaped.getElementType();
    else if (shaped.getElementType() != elementType)
      return op->emitOpError() << "expected all element types to be "
                               << elementType << ", but got " << type;
  }
  return success();
}

/// common_c2: `dims` is strictly increasing and within [0, rank).
static LogicalResult verifyDimList(Operation *op, StringRef name,
                                   ArrayRef<int64_t> dims, int64_t rank) {
  for (auto [i, dim] : llvm::enumerate(dims)) {
    if (dim < 0 || dim >= rank)
      return op->emitOpError() << "expected " << name << " in [0, " << rank
                                << "), but got " << dim;
    if (i > 0 && dims[i - 1] >= dim)
      return op->emitOpError()
             << "expected " << name << " to be strictly increasing";
  }
  return success();
}

std::string mlir::mdl::detail::dimString(int64_t size) {
  return ShapedType::isDynamic(size) ? "?" : std::to_string(size);
}

std::string mlir::mdl::detail::shapeString(ArrayRef<int64_t> shape) {
  std::string s = "[";
  llvm::raw_string_ostream os(s);
  llvm::interleaveComma(shape, os,
                        [&](int64_t size) { os << dimString(size); });
  os << "]";
  return s;
}

//===----------------------------------------------------------------------===//
// Dynamic batch (README.md#dynamic-batch)
//===----------------------------------------------------------------------===//

/// The ranked tensor types among `op`'s operands and results.
static SmallVector<RankedTensorType> tensorTypesOf(Operation *op) {
  SmallVector<RankedTensorType> types;
  for (Type type :
       llvm::concat<Type>(op->getOperandTypes(), op->getResultTypes()))
    if (auto tensor = dyn_cast<RankedTensorType>(type))
      types.push_back(tensor);
  return types;
}

LogicalResult mlir::mdl::detail::verifyBatchDynamic(Operation *op) {
  // dynamic_c1
  for (RankedTensorType type : tensorTypesOf(op))
    for (int64_t i = 1; i < type.getRank(); ++i)
      if (type.isDynamicDim(i))
        return op->emitOpError("expected only dimension 0 (the batch) to be "
                               "dynamic, but got ")
               << type;
  return success();
}

//===----------------------------------------------------------------------===//
// LinearOp
//===----------------------------------------------------------------------===//

LogicalResult LinearOp::verify() {
  auto input = getInput().getType();
  auto weight = getWeight().getType();
  auto result = getResult().getType();
  if (failed(verifySameElementType(*this)))
    return failure();
  // linear_c1
  if (input.getRank() != 2 || weight.getRank() != 2 || result.getRank() != 2)
    return emitOpError("expected rank-2 input, weight and result, but got ")
           << input << ", " << weight << " and " << result;
  // linear_c2
  if (input.getDimSize(1) != weight.getDimSize(1))
    return emitOpError("expected input features to equal weight dimension "
                       "1 (")
           << weight.getDimSize(1) << "), but got " << input.getDimSize(1);
  // linear_c3
  if (getBias()) {
    auto bias = getBias().getType();
    if (bias.getRank() != 1 || bias.getDimSize(0) != weight.getDimSize(0))
      return emitOpError("expected bias of shape [")
             << weight.getDimSize(0) << "], but got "
             << shapeString(bias.getShape());
  }
  // linear_c4
  if (result.getDimSize(0) != input.getDimSize(0) ||
      result.getDimSize(1) != weight.getDimSize(0))
    return emitOpError("expected result of shape ")
           << shapeString({input.getDimSize(0), weight.getDimSize(0)})
           << ", but got " << shapeString(result.getShape());
  return success();
}

//===----------------------------------------------------------------------===//
// MatmulOp
//===----------------------------------------------------------------------===//

LogicalResult MatmulOp::verify() {
  auto lhs = getLhs().getType();
  auto rhs = getRhs().getType();
  auto result = getResult().getType();
  if (failed(verifySameElementType(*this)))
    return failure();
  // matmul_c1
  if (lhs.getRank() != 2 || rhs.getRank() != 2 || result.getRank() != 2)
    return emitOpError("expected rank-2 operands and result");
  // matmul_c2
  if (lhs.getDimSize(1) != rhs.getDimSize(0))
    return emitOpError("expected contracting dimensions to match, but got ")
           << dimString(lhs.getDimSize(1)) << " and "
           << dimString(rhs.getDimSize(0));
  // matmul_c3
  if (result.getDimSize(0) != lhs.getDimSize(0) ||
      result.getDimSize(1) != rhs.getDimSize(1))
    return emitOpError("expected result of shape ")
           << shapeString({lhs.getDimSize(0), rhs.getDimSize(1)})
           << ", but got " << shapeString(result.getShape());
  return success();
}

//===----------------------------------------------------------------------===//
// Broadcasting binary ops
//===----------------------------------------------------------------------===//

/// broadcast_c1: the result has the NumPy broadcast of the operand shapes.
static LogicalResult verifyBroadcastBinary(Operation *op) {
  if (failed(verifySameElementType(op)))
    return failure();
  auto lhs = cast<RankedTensorType>(op->getOperand(0).getType());
  auto rhs = cast<RankedTensorType>(op->getOperand(1).getType());
  auto result = cast<RankedTensorType>(op->getResult(0).getType());
  FailureOr<SmallVector<int64_t>> shape =
      broadcastShapes(lhs.getShape(), rhs.getShape());
  if (failed(shape))
    return op->emitOpError("expected broadcastable operand shapes, but got ")
           << shapeString(lhs.getShape()) << " and "
           << shapeString(rhs.getShape());
  if (ArrayRef<int64_t>(*shape) != result.getShape())
    return op->emitOpError("expected result of shape ")
           << shapeString(*shape) << ", but got "
           << shapeString(result.getShape());
  return success();
}

LogicalResult AddOp::verify() { return verifyBroadcastBinary(*this); }
LogicalResult SubOp::verify() { return verifyBroadcastBinary(*this); }
LogicalResult MulOp::verify() { return verifyBroadcastBinary(*this); }
LogicalResult DivOp::verify() { return verifyBroadcastBinary(*this); }

LogicalResult LeakyReluOp::verify() {
  // leaky_relu_c1
  double slope = getSlope().convertToDouble();
  if (!std::isfinite(slope))
    return emitOpError("expected a finite slope, but got ") << slope;
  return success();
}

LogicalResult PowOp::verify() {
  // pow_c1
  double exponent = getExponent().convertToDouble();
  if (!std::isfinite(exponent))
    return emitOpError("expected a finite exponent, but got ") << exponent;
  return success();
}

LogicalResult BCEWithLogitsOp::verify() {
  if (failed(verifySameElementType(*this)))
    return failure();
  // bce_c1
  if (getLogits().getType() != getTarget().getType())
    return emitOpError("expected logits and target of the same type, but got ")
           << getLogits().getType() << " and " << getTarget().getType();
  return success();
}

LogicalResult HuberOp::verify() {
  // huber_c1
  double delta = getDelta().convertToDouble();
  if (!(delta > 0.0) || !std::isfinite(delta))
    return emitOpError("expected a positive finite delta, but got ") << delta;
  return success();
}

//===----------------------------------------------------------------------===//
// Compare and select
//===----------------------------------------------------------------------===//

/// Whether `name` is a predicate of mdl.compare.
static bool isComparePredicate(StringRef name) {
  return llvm::is_contained({"lt", "le", "gt", "ge", "eq", "ne"}, name);
}

/// The NumPy broadcast of every operand's shape, or failure.
static FailureOr<SmallVector<int64_t>> broadcastOperands(Operation *op) {
  SmallVector<int64_t> shape;
  for (Type type : op->getOperandTypes()) {
    FailureOr<SmallVector<int64_t>> next =
        broadcastShapes(shape, cast<RankedTensorType>(type).getShape());
    if (failed(next))
      return failure();
    shape = *next;
  }
  return shape;
}

LogicalResult CompareOp::verify() {
  // compare_c1
  if (!isComparePredicate(getPredicate()))
    return emitOpError("expected predicate lt, le, gt, ge, eq or ne, but "
                       "got \"")
           << getPredicate() << "\"";
  // compare_c2
  if (getLhs().getType().getElementType() !=
      getRhs().getType().getElementType())
    return emitOpError("expected operands of one element type, but got ")
           << getLhs().getType() << " and " << getRhs().getType();
  // broadcast_c1
  FailureOr<SmallVector<int64_t>> shape = broadcastOperands(*this);
  if (failed(shape))
    return emitOpError("expected broadcastable operand shapes, but got ")
           << shapeString(getLhs().getType().getShape()) << " and "
           << shapeString(getRhs().getType().getShape());
  if (ArrayRef<int64_t>(*shape) != getResult().getType().getShape())
    return emitOpError("expected result of shape ")
           << shapeString(*shape) << ", but got "
           << shapeString(getResult().getType().getShape());
  return success();
}

LogicalResult SelectOp::verify() {
  // select_c1
  Type elementType = getOnTrue().getType().getElementType();
  if (getOnFalse().getType().getElementType() != elementType ||
      getResult().getType().getElementType() != elementType)
    return emitOpError("expected values and result of one element type, but "
                       "got ")
           << getOnTrue().getType() << ", " << getOnFalse().getType()
           << " and " << getResult().getType();
  // broadcast_c1
  FailureOr<SmallVector<int64_t>> shape = broadcastOperands(*this);
  if (failed(shape))
    return emitOpError("expected broadcastable operand shapes");
  if (ArrayRef<int64_t>(*shape) != getResult().getType().getShape())
    return emitOpError("expected result of shape ")
           << shapeString(*shape) << ", but got "
           << shapeString(getResult().getType().getShape());
  return success();
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

/// reduce_c1, reduce_c2: valid dims; the result keeps the other dimensions.
static LogicalResult verifyReduction(Operation *op, ArrayRef<int64_t> dims) {
  if (failed(verifySameElementType(op)))
    return failure();
  auto input = cast<RankedTensorType>(op->getOperand(0).getType());
  auto result = cast<RankedTensorType>(op->getResult(0).getType());
  if (failed(verifyDimList(op, "dims", dims, input.getRank())))
    return failure();
  SmallVector<int64_t> expected;
  for (int64_t i = 0; i < input.getRank(); ++i)
    if (!llvm::is_contained(dims, i))
      expected.push_back(input.getDimSize(i));
  if (ArrayRef<int64_t>(expected) != result.getShape())
    return op->emitOpError("expected result of shape ")
           << shapeString(expected) << ", but got "
           << shapeString(result.getShape());
  return success();
}

LogicalResult SumOp::verify() { return verifyReduction(*this, getDims()); }
LogicalResult MeanOp::verify() { return verifyReduction(*this, getDims()); }
LogicalResult MaxOp::verify() { return verifyReduction(*this, getDims()); }

/// gather_c1..c3: `axis` names a dimension of `full`, and `reduced` (the
/// index and the gathered values) is `full`'s shape without it.
static LogicalResult verifyGatherShapes(Operation *op, RankedTensorType full,
                                        RankedTensorType index,
                                        RankedTensorType reduced,
                                        int64_t axis) {
  // gather_c1
  if (axis < 0 || axis >= full.getRank())
    return op->emitOpError() << "expected axis in [0, " << full.getRank()
                             << "), but got " << axis;
  SmallVector<int64_t> expected(full.getShape());
  expected.erase(expected.begin() + axis);
  // gather_c2
  if (index.getShape() != ArrayRef<int64_t>(expected))
    return op->emitOpError() << "expected index of shape "
                             << shapeString(expected) << ", but got "
                             << shapeString(index.getShape());
  // gather_c3
  if (reduced.getShape() != ArrayRef<int64_t>(expected))
    return op->emitOpError() << "expected gathered values of shape "
                             << shapeString(expected) << ", but got "
                             << shapeString(reduced.getShape());
  return success();
}

LogicalResult GatherOp::verify() {
  // common_c1 (for the float operand and result; the index is an integer)
  if (getInput().getType().getElementType() !=
      getResult().getType().getElementType())
    return emitOpError("expected result element type ")
           << getInput().getType().getElementType() << ", but got "
           << getResult().getType().getElementType();
  return verifyGatherShapes(*this, getInput().getType(), getIndex().getType(),
                            getResult().getType(),
                            static_cast<int64_t>(getAxis()));
}

LogicalResult ScatterAddOp::verify() {
  // common_c1 (for the float operand and result; the index is an integer)
  if (getSource().getType().getElementType() !=
      getResult().getType().getElementType())
    return emitOpError("expected result element type ")
           << getSource().getType().getElementType() << ", but got "
           << getResult().getType().getElementType();
  return verifyGatherShapes(*this, getResult().getType(), getIndex().getType(),
                            getSource().getType(),
                            static_cast<int64_t>(getAxis()));
}

//===----------------------------------------------------------------------===//
// Shape ops
//===----------------------------------------------------------------------===//

LogicalResult BroadcastOp::verify() {
  if (failed(verifySameElementType(*this)))
    return failure();
  auto input = getInput().getType();
  auto result = getResult().getType();
  ArrayRef<int64_t> dims = getDims();
  // broadcast_c1
  if (static_cast<int64_t>(dims.size()) != input.getRank())
    return emitOpError("expected one entry in dims per input dimension (")
           << input.getRank() << "), but got " << dims.size();
  // broadcast_c2
  if (failed(verifyDimList(*this, "dims", dims, result.getRank())))
    return failure();
  // broadcast_c3
  for (auto [i, dim] : llvm::enumerate(dims)) {
    int64_t from = input.getDimSize(i), to = result.getDimSize(dim);
    if (from != 1 && from != to)
      return emitOpError("expected input dimension ")
             << i << " (" << dimString(from)
             << ") to be 1 or equal result dimension " << dim << " ("
             << dimString(to) << ")";
  }
  // broadcast_c4
  if (getDynamicSizes().size() != result.getNumDynamicDims())
    return emitOpError("expected ")
           << result.getNumDynamicDims()
           << " dynamic sizes (one per dynamic result dimension), but got "
           << getDynamicSizes().size();
  return success();
}

LogicalResult ReshapeOp::verify() {
  if (failed(verifySameElementType(*this)))
    return failure();
  RankedTensorType input = getInput().getType();
  RankedTensorType result = getResult().getType();
  // reshape_c1
  if (input.hasStaticShape() && result.hasStaticShape()) {
    if (input.getNumElements() != result.getNumElements())
      return emitOpError("expected the same number of elements, but got ")
             << input.getNumElements() << " and " << result.getNumElements();
    return success();
  }
  // reshape_c2: a dynamic batch stays dimension 0 of both (dynamic_c1 keeps
  // the rest static), and each batch entry keeps its number of elements.
  auto perEntry = [](RankedTensorType type) {
    int64_t count = 1;
    for (int64_t size : type.getShape().drop_front())
      count *= size;
    return count;
  };
  if (input.hasStaticShape() || result.hasStaticShape() ||
      perEntry(input) != perEntry(result))
    return emitOpError("expected a dynamic batch in dimension 0 of both input "
                       "and result and the same number of elements per "
                       "batch entry, but got ")
           << input << " and " << result;
  return success();
}

LogicalResult TransposeOp::verify() {
  if (failed(verifySameElementType(*this)))
    return failure();
  auto input = getInput().getType();
  auto result = getResult().getType();
  ArrayRef<int64_t> perm = getPermutation();
  // transpose_c1
  if (static_cast<int64_t>(perm.size()) != input.getRank() ||
      result.getRank() != input.getRank())
    return emitOpError("expected a permutation of rank ") << input.getRank();
  SmallVector<bool> seen(perm.size(), false);
  for (auto [i, p] : llvm::enumerate(perm)) {
    if (p < 0 || p >= input.getRank() || seen[p])
      return emitOpError("expected a permutation of [0, ")
             << input.getRank() << "), but got "
             << shapeString(perm);
    seen[p] = true;
    // transpose_c2
    if (result.getDimSize(i) != input.getDimSize(p))
      return emitOpError("expected result dimension ")
             << i << " to be " << dimString(input.getDimSize(p)) << ", but got "
             << dimString(result.getDimSize(i));
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Softmax, cross-entropy, one-hot and argmax
//===----------------------------------------------------------------------===//

/// softmax_c1: `axis` names a dimension of `type`.
static LogicalResult verifyAxis(Operation *op, int64_t axis,
                                RankedTensorType type) {
  if (axis < 0 || axis >= type.getRank())
    return op->emitOpError("expected axis in [0, ")
           << type.getRank() << "), but got " << axis;
  return success();
}

static int64_t signedAxis(IntegerAttr attr) {
  return attr.getValue().getSExtValue();
}

LogicalResult LogSoftmaxOp::verify() {
  return verifyAxis(*this, signedAxis(getAxisAttr()), getInput().getType());
}

LogicalResult SoftmaxOp::verify() {
  return verifyAxis(*this, signedAxis(getAxisAttr()), getInput().getType());
}

LogicalResult CrossEntropyOp::verify() {
  RankedTensorType logits = getLogits().getType();
  RankedTensorType labels = getLabels().getType();
  // cross_entropy_c1
  if (logits.getRank() != 2 || labels.getRank() != 1 ||
      logits.getDimSize(0) != labels.getDimSize(0))
    return emitOpError("expected logits [N, C] and labels [N], but got ")
           << logits << " and " << labels;
  // cross_entropy_c2
  if (getResult().getType().getElementType() != logits.getElementType())
    return emitOpError("expected a result of element type ")
           << logits.getElementType();
  return success();
}

LogicalResult OneHotOp::verify() {
  RankedTensorType labels = getLabels().getType();
  RankedTensorType result = getResult().getType();
  // one_hot_c1
  if (result.getRank() != labels.getRank() + 1 ||
      result.getShape().drop_back() != labels.getShape())
    return emitOpError("expected a result of shape ")
           << shapeString(labels.getShape()) << " plus one class dimension, "
           << "but got " << shapeString(result.getShape());
  return success();
}

LogicalResult ArgmaxOp::verify() {
  RankedTensorType input = getInput().getType();
  int64_t axis = signedAxis(getAxisAttr());
  if (failed(verifyAxis(*this, axis, input)))
    return failure();
  // argmax_c1
  SmallVector<int64_t> expected(input.getShape());
  expected.erase(expected.begin() + axis);
  if (ArrayRef<int64_t>(expected) != getResult().getType().getShape())
    return emitOpError("expected result of shape ")
           << shapeString(expected) << ", but got "
           << shapeString(getResult().getType().getShape());
  return success();
}

//===----------------------------------------------------------------------===//
// Losses and optimizers
//===----------------------------------------------------------------------===//

LogicalResult MSEOp::verify() {
  if (failed(verifySameElementType(*this)))
    return failure();
  // mse_c1
  if (getPrediction().getType() != getTarget().getType())
    return emitOpError("expected prediction and target of the same type, but "
                       "got ")
           << getPrediction().getType() << " and " << getTarget().getType();
  return success();
}

/// The scalar operands of an optimizer update (`lr`, `step`) have the
/// parameters' element type.
static LogicalResult verifyOptimizerScalars(Operation *op, Type scalar,
                                            RankedTensorType param,
                                            StringRef what) {
  // optimizer_c1: parameters (and so their gradients and state) are static.
  if (!param.hasStaticShape())
    return op->emitOpError("expected a statically shaped parameter, but got ")
           << param;
  if (scalar == param.getElementType())
    return success();
  return op->emitOpError("expected ")
         << what << " of the parameter element type "
         << param.getElementType() << ", but got " << scalar;
}

/// A hyper-parameter attribute lies in [0, 1) (or [0, 1] when `closed`).
static LogicalResult verifyUnitRange(Operation *op, StringRef name,
                                     double value, bool closed) {
  if (value >= 0.0 && (closed ? value <= 1.0 : value < 1.0))
    return success();
  return op->emitOpError("expected ")
         << name << " in [0, 1" << (closed ? "]" : ")") << ", but got "
         << value;
}

static LogicalResult verifyWeightDecay(Operation *op, double weightDecay) {
  if (weightDecay >= 0.0)
    return success();
  return op->emitOpError("expected a non-negative weight_decay, but got ")
         << weightDecay;
}

LogicalResult SGDOp::verify() {
  // sgd_c1
  if (failed(verifyOptimizerScalars(*this, getLr().getType(),
                                    getParam().getType(), "lr")))
    return failure();
  // sgd_c2
  return verifyWeightDecay(*this, getWeightDecay().convertToDouble());
}

LogicalResult SGDMomentumOp::verify() {
  // sgd_momentum_c1
  if (failed(verifyOptimizerScalars(*this, getLr().getType(),
                                    getParam().getType(), "lr and step")))
    return failure();
  // sgd_momentum_c2
  double momentum = getMomentum().convertToDouble();
  double dampening = getDampening().convertToDouble();
  if (failed(verifyUnitRange(*this, "momentum", momentum, false)) ||
      failed(verifyUnitRange(*this, "dampening", dampening, true)) ||
      failed(verifyWeightDecay(*this, getWeightDecay().convertToDouble())))
    return failure();
  // sgd_momentum_c3
  if (getNesterov() && (momentum <= 0.0 || dampening != 0.0))
    return emitOpError("expected a positive momentum and zero dampening with "
                       "nesterov, but got momentum ")
           << momentum << " and dampening " << dampening;
  return success();
}

LogicalResult AdamOp::verify() {
  // adam_c1
  if (failed(verifyOptimizerScalars(*this, getLr().getType(),
                                    getParam().getType(), "lr and step")))
    return failure();
  // adam_c2
  double beta1 = getBeta1().convertToDouble();
  double beta2 = getBeta2().convertToDouble();
  if (!(beta1 >= 0.0 && beta1 < 1.0) || !(beta2 >= 0.0 && beta2 < 1.0))
    return emitOpError("expected betas in [0, 1), but got ")
           << beta1 << " and " << beta2;
  if (!(getEps().convertToDouble() >= 0.0))
    return emitOpError("expected a non-negative eps, but got ")
           << getEps().convertToDouble();
  // adam_c3
  return verifyWeightDecay(*this, getWeightDecay().convertToDouble());
}

LogicalResult ClipGradNormOp::inferReturnTypes(
    MLIRContext *, std::optional<Location>, ValueRange operands,
    DictionaryAttr, OpaqueProperties, RegionRange,
    SmallVectorImpl<Type> &inferredReturnTypes) {
  llvm::append_range(inferredReturnTypes, operands.getTypes());
  return success();
}

LogicalResult ClipGradNormOp::verify() {
  // clip_grad_norm_c1
  if (getGrads().empty())
    return emitOpError("expected at least one gradient");
  if (failed(verifySameElementType(*this)))
    return failure();
  // optimizer_c1
  for (Type type : getGrads().getTypes())
    if (!cast<RankedTensorType>(type).hasStaticShape())
      return emitOpError("expected statically shaped gradients, but got ")
             << type;
  // clip_grad_norm_c2
  double maxNorm = getMaxNorm().convertToDouble();
  if (!(maxNorm > 0.0))
    return emitOpError("expected a positive max_norm, but got ") << maxNorm;
  return success();
}

//===----------------------------------------------------------------------===//
// ValueAndGradOp
//===----------------------------------------------------------------------===//

LogicalResult ValueAndGradOp::verify() {
  // value_and_grad_c1
  if (failed(verifyDimList(*this, "wrt", getWrt(), getOperands().size())))
    return failure();
  for (int64_t index : getWrt()) {
    auto type = dyn_cast<RankedTensorType>(getOperands()[index].getType());
    if (!type || !isa<FloatType>(type.getElementType()))
      return emitOpError("expected wrt operand ")
             << index << " to be a float tensor, but got "
             << getOperands()[index].getType();
  }
  // value_and_grad_c2
  if (getNumResults() != 1 + getWrt().size())
    return emitOpError("expected ")
           << 1 + getWrt().size() << " results (value and one gradient per "
           << "wrt operand), but got " << getNumResults();
  auto valueType = dyn_cast<RankedTensorType>(getResult(0).getType());
  if (!valueType || valueType.getRank() != 0 ||
      !isa<FloatType>(valueType.getElementType()))
    return emitOpError("expected a rank-0 float tensor value, but got ")
           << getResult(0).getType();
  // value_and_grad_c3
  for (auto [i, index] : llvm::enumerate(getWrt()))
    if (getResult(i + 1).getType() != getOperands()[index].getType())
      return emitOpError("expected gradient ")
             << i << " to have the type of operand " << index << " ("
             << getOperands()[index].getType() << "), but got "
             << getResult(i + 1).getType();
  return success();
}

LogicalResult
ValueAndGradOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  // value_and_grad_c4
  auto callee = symbolTable.lookupNearestSymbolFrom<func::FuncOp>(
      *this, getCalleeAttr());
  if (!callee)
    return emitOpError("expected '")
           << getCallee() << "' to name a func.func in scope";
  FunctionType type = callee.getFunctionType();
  if (TypeRange(type.getInputs()) != TypeRange(getOperands().getTypes()))
    return emitOpError("expected operand types to match the inputs of @")
           << getCallee() << " " << type;
  if (type.getNumResults() != 1 || type.getResult(0) != getResult(0).getType())
    return emitOpError("expected @")
           << getCallee() << " to return one " << getResult(0).getType()
           << ", but it returns " << type.getResults();
  return success();
}
