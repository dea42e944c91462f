//===- MDLOps.h - mdl dialect operations ------------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Declares the ops of the mdl dialect (generated from MDLOps.td), the
// DifferentiableOpInterface, and the shape helpers ops and rules share.
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
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include <optional>

#include "dialects/mdl/IR/MDLInterfaces.h.inc"

#define GET_OP_CLASSES
#include "dialects/mdl/IR/MDLOps.h.inc"

namespace mlir::mdl {

/// The NumPy broadcast of two static shapes, or failure when a pair of
/// aligned dimensions differs and neither is 1.
FailureOr<SmallVector<int64_t>> broadcastShapes(ArrayRef<int64_t> lhs,
                                                ArrayRef<int64_t> rhs);

/// Reduces `grad` (shaped like a broadcast result) back to `type` by summing
/// over the broadcast dimensions: the adjoint of an implicit broadcast.
Value sumToType(OpBuilder &builder, Location loc, Value grad,
                RankedTensorType type);

/// A rank-0 or shaped constant tensor of `type` filled with `value`.
Value createSplatConstant(OpBuilder &builder, Location loc,
                          RankedTensorType type, double value);

/// The output size of a sliding window along one dimension of `size`
/// elements: (size + 2·padding - dilation·(kernel - 1) - 1) / stride + 1, or
/// nullopt when the window does not fit the padded input.
std::optional<int64_t> getWindowOutputSize(int64_t size, int64_t kernel,
                                           int64_t stride, int64_t padding,
                                           int64_t dilation = 1);

} // namespace mlir::mdl

#endif // DIALECTS_MDL_IR_MDLOPS_H
