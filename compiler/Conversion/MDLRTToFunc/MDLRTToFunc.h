//===- MDLRTToFunc.h - lowering of mdlrt to runtime calls -------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Public entry point of the mdlrt -> func.call conversion.
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_CONVERSION_MDLRTTOFUNC_MDLRTTOFUNC_H
#define COMPILER_CONVERSION_MDLRTTOFUNC_MDLRTTOFUNC_H

#include "mlir/Transforms/DialectConversion.h"

namespace mlir {

/// Adds the patterns lowering every mdlrt op to calls of the runtime ABI.
void populateMDLRTToFuncConversionPatterns(TypeConverter &typeConverter,
                                           RewritePatternSet &patterns);

} // namespace mlir

#endif // COMPILER_CONVERSION_MDLRTTOFUNC_MDLRTTOFUNC_H
