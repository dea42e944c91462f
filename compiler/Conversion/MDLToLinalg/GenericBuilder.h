//===- GenericBuilder.h - helpers to build linalg.generic ops ---*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Small helpers the MDLToLinalg pattern families share: destination
// tensors (sized at run time where the batch is dynamic), broadcasting
// indexing maps, and one-call generic construction.
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_CONVERSION_MDLTOLINALG_GENERICBUILDER_H
#define COMPILER_CONVERSION_MDLTOLINALG_GENERICBUILDER_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"

namespace mlir::mdl_to_linalg {

/// A `tensor.empty` of `type`; `dynamicSizes` holds one index per dynamic
/// dimension of `type`, in order (none for a static type).
Value createEmpty(OpBuilder &b, Location loc, RankedTensorType type,
                  ValueRange dynamicSizes);

/// A tensor of `type` filled with `value` (linalg.fill on tensor.empty).
Value createFilled(OpBuilder &b, Location loc, RankedTensorType type,
                   ValueRange dynamicSizes, double value);

/// The dynamic sizes of result `index` of `op` (none when its type is
/// static), from the op's ReifyRankedShapedTypeOpInterface: `tensor.dim` of
/// the operands the sizes come from, or mdl.broadcast's explicit sizes.
FailureOr<SmallVector<Value>> reifyDynamicSizes(OpBuilder &b, Operation *op,
                                                unsigned index = 0);

/// The map from a `resultRank` iteration space to an operand of `shape`
/// that NumPy-broadcasts to `resultShape`: operand dims align at the end,
/// and a size-1 dim facing a larger one reads index 0.
AffineMap getBroadcastMap(MLIRContext *ctx, ArrayRef<int64_t> shape,
                          ArrayRef<int64_t> resultShape);

using BodyBuilder =
    function_ref<Value(OpBuilder &, Location, ValueRange /*scalars*/)>;

/// Builds a linalg.generic over `inputs` into `init` with the given maps
/// and iterators; `body` gets the input scalars then the output scalar and
/// returns the value to yield. Returns the generic's result.
Value buildGeneric(OpBuilder &b, Location loc, ValueRange inputs, Value init,
                   ArrayRef<AffineMap> maps,
                   ArrayRef<utils::IteratorType> iterators, BodyBuilder body);

/// An elementwise (all-parallel) generic producing `resultType` (with
/// `dynamicSizes`, as createEmpty) from inputs that broadcast to it.
Value buildElementwise(OpBuilder &b, Location loc, RankedTensorType resultType,
                       ValueRange dynamicSizes, ValueRange inputs,
                       BodyBuilder body);

/// Replaces `op`'s single result with an elementwise generic over `inputs`,
/// sized by the op's reified result shape.
LogicalResult replaceWithElementwise(RewriterBase &rewriter, Operation *op,
                                     ValueRange inputs, BodyBuilder body);

} // namespace mlir::mdl_to_linalg

#endif // COMPILER_CONVERSION_MDLTOLINALG_GENERICBUILDER_H
