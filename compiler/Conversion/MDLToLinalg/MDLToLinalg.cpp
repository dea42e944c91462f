//===- MDLToLinalg.cpp - the convert-mdl-to-linalg pass ---------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Gathers the pattern families and runs them as a partial conversion in
// which the whole mdl dialect is illegal.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/MDLToLinalg/MDLToLinalg.h"
#include "compiler/Conversion/Passes.h"
#include "dialects/mdl/IR/MDLOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir {
#define GEN_PASS_DEF_CONVERTMDLTOLINALGPASS
#include "compiler/Conversion/Passes.h.inc"
} // namespace mlir

using namespace mlir;

void mlir::populateMDLToLinalgConversionPatterns(TypeConverter &typeConverter,
                                                 RewritePatternSet &patterns) {
  detail::populateMDLContractionPatterns(typeConverter, patterns);
  detail::populateMDLElementwisePatterns(typeConverter, patterns);
  detail::populateMDLReductionPatterns(typeConverter, patterns);
  detail::populateMDLShapePatterns(typeConverter, patterns);
  detail::populateMDLConvolutionPatterns(typeConverter, patterns);
  detail::populateMDLPoolingPatterns(typeConverter, patterns);
  detail::populateMDLIndexingPatterns(typeConverter, patterns);
  detail::populateMDLNormalizationPatterns(typeConverter, patterns);
  detail::populateMDLOptimizerPatterns(typeConverter, patterns);
}

namespace {
struct ConvertMDLToLinalgPass
    : public impl::ConvertMDLToLinalgPassBase<ConvertMDLToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    // Tensors keep their types: this conversion changes ops, not types.
    TypeConverter typeConverter;
    typeConverter.addConversion([](Type type) { return type; });

    ConversionTarget target(*ctx);
    target.addIllegalDialect<mdl::MDLDialect>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });

    RewritePatternSet patterns(ctx);
    populateMDLToLinalgConversionPatterns(typeConverter, patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
