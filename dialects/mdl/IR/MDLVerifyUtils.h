//===- MDLVerifyUtils.h - helpers the mdl verifiers share -------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Checks and message helpers used by the verifiers in MDLOps.cpp and
// MDLWindowOps.cpp. Internal to the dialect library.
//
//===----------------------------------------------------------------------===//

#ifndef DIALECTS_MDL_IR_MDLVERIFYUTILS_H
#define DIALECTS_MDL_IR_MDLVERIFYUTILS_H

#include "mlir/IR/Operation.h"

#include <string>

namespace mlir::mdl::detail {

/// common_c1: all shaped operands and results share one element type.
LogicalResult verifySameElementType(Operation *op);

/// `3`, or `?` for a dynamic size: a dimension in verifier messages.
std::string dimString(int64_t size);

/// `[2, 3, 4]` (`[?, 4]` with a dynamic batch), the form shapes take in
/// verifier messages.
std::string shapeString(ArrayRef<int64_t> shape);

} // namespace mlir::mdl::detail

#endif // DIALECTS_MDL_IR_MDLVERIFYUTILS_H
