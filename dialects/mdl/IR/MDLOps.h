//===- MDLOps.h - mdl dialect operations ------------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Declares the ops of the mdl dialect (generated from MDLOps.td), the
// DifferentiableOpInterface, the dynamic-batch traits, and the shape
// helpers ops and rules share.
//
//===----------------------------------------------------------------------===//

#ifndef DIALECTS_MDL_IR_MDLOPS_H
#define DIALECTS_MDL_IR_MDLOPS_H

#include "dialects/mdl/IR/MDLDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include <optional>

#include "dialects/mdl/IR/MDLInterfaces.h.inc"

namespace mlir::mdl::detail {
/// dynamic_c1: only dimension 0 of a tensor operand or result is dynamic.
LogicalResult verifyBatchDynamic(Operation *op);

/// The result shape of an elementwise op whose operands NumPy-broadcast to
/// it: a dynamic result dimension is the size of an operand's dynamic one.
LogicalResult reifyBroadcastShape(OpBuilder &builder, Operation *op,
                                  ReifiedRankedShapedTypeDims &shapes);
/// The result shape of a reduction of `input` over `dims`.
LogicalResult reifyReducedShape(OpBuilder &builder, Operation *op, Value input,
                                ArrayRef<int64_t> dims,
                                ReifiedRankedShapedTypeDims &shapes);
} // namespace mlir::mdl::detail

namespace mlir::mdl::OpTrait {
/// MDL_BatchDynamic: verifies dynamic_c1.
template <typename ConcreteType>
class BatchDynamic
    : public mlir::OpTrait::TraitBase<ConcreteType, BatchDynamic> {
public:
  static LogicalResult verifyTrait(Operation *op) {
    return detail::verifyBatchDynamic(op);
  }
};
} // namespace mlir::mdl::OpTrait

#define GET_OP_CLASSES
#include "dialects/mdl/IR/MDLOps.h.inc"

namespace mlir::mdl {

/// The NumPy broadcast of two shapes, or failure when a pair of aligned
/// dimensions differs and neither is 1. A dynamic dimension (the batch)
/// pairs with itself or with 1, never with a static size.
FailureOr<SmallVector<int64_t>> broadcastShapes(ArrayRef<int64_t> lhs,
                                                ArrayRef<int64_t> rhs);

/// Reduces `grad` (shaped like a broadcast result) back to `type` by summing
/// over the broadcast dimensions: the adjoint of an implicit broadcast.
Value sumToType(OpBuilder &builder, Location loc, Value grad,
                RankedTensorType type);

/// A rank-0 or shaped constant tensor of `type` filled with `value`.
Value createSplatConstant(OpBuilder &builder, Location loc,
                          RankedTensorType type, double value);

/// A tensor of `like`'s type filled with `value`: a constant when the type
/// is static, else a rank-0 constant broadcast to `like`'s run-time sizes.
Value createSplatLike(OpBuilder &builder, Location loc, Value like,
                      double value);

/// `tensor.dim` of each dynamic dimension of `tensor`, in order: the
/// `dynamic_sizes` of a result shaped like it.
SmallVector<Value> getDynamicSizes(OpBuilder &builder, Location loc,
                                   Value tensor);

/// Whether a dimension of `tensor` in `dims` is dynamic.
bool hasDynamicDim(Value tensor, ArrayRef<int64_t> dims);

/// The number of elements of `tensor` along `dims` as a scalar of `type`,
/// computed at run time from `tensor.dim` (index_cast, sitofp): the divisor
/// of a mean over a dynamic batch.
Value buildElementCount(OpBuilder &builder, Location loc, Value tensor,
                        ArrayRef<int64_t> dims, FloatType type);

/// A rank-0 tensor holding `numerator / (number of elements of `tensor`
/// along `dims`)`: a constant when those sizes are static, else computed
/// from the run-time sizes (the scale of a mean's adjoint).
Value createCountScale(OpBuilder &builder, Location loc, Value tensor,
                       ArrayRef<int64_t> dims, double numerator);

/// The output size of a sliding window along one dimension of `size`
/// elements: (size + 2·padding - dilation·(kernel - 1) - 1) / stride + 1, or
/// nullopt when the window does not fit the padded input.
std::optional<int64_t> getWindowOutputSize(int64_t size, int64_t kernel,
                                           int64_t stride, int64_t padding,
                                           int64_t dilation = 1);

} // namespace mlir::mdl

#endif // DIALECTS_MDL_IR_MDLOPS_H
