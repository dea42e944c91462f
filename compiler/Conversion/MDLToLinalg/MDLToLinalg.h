//===- MDLToLinalg.h - lowering of mdl to linalg ----------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Public entry points of the mdl -> linalg/tensor/arith conversion.
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_CONVERSION_MDLTOLINALG_MDLTOLINALG_H
#define COMPILER_CONVERSION_MDLTOLINALG_MDLTOLINALG_H

#include "mlir/Transforms/DialectConversion.h"

namespace mlir {

/// Adds the patterns lowering every mdl op (but mdl.value_and_grad, which
/// mdl-autodiff removes) to linalg, tensor and arith.
void populateMDLToLinalgConversionPatterns(TypeConverter &typeConverter,
                                           RewritePatternSet &patterns);

namespace detail {
void populateMDLContractionPatterns(TypeConverter &typeConverter,
                                    RewritePatternSet &patterns);
void populateMDLElementwisePatterns(TypeConverter &typeConverter,
                                    RewritePatternSet &patterns);
void populateMDLReductionPatterns(TypeConverter &typeConverter,
                                  RewritePatternSet &patterns);
void populateMDLShapePatterns(TypeConverter &typeConverter,
                              RewritePatternSet &patterns);
void populateMDLConvolutionPatterns(TypeConverter &typeConverter,
                                    RewritePatternSet &patterns);
void populateMDLPoolingPatterns(TypeConverter &typeConverter,
                                RewritePatternSet &patterns);
void populateMDLIndexingPatterns(TypeConverter &typeConverter,
                                 RewritePatternSet &patterns);
void populateMDLNormalizationPatterns(TypeConverter &typeConverter,
                                      RewritePatternSet &patterns);
void populateMDLOptimizerPatterns(TypeConverter &typeConverter,
                                  RewritePatternSet &patterns);
} // namespace detail

} // namespace mlir

#endif // COMPILER_CONVERSION_MDLTOLINALG_MDLTOLINALG_H
