//===- Compare.h - analytic vs finite-difference gradients ------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The numeric half of `mdlc --check-grads`, free of MLIR: central
// differences of a scalar function on chosen elements of one parameter
// tensor, the relative error against the analytic gradient, the worst error
// per parameter over all seeds, and the table the driver prints. Kept apart
// from the JIT so unit tests can feed it a wrong gradient.
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_CHECKGRADS_COMPARE_H
#define COMPILER_CHECKGRADS_COMPARE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdint>
#include <string>

namespace mdlc::checkgrads {

/// How differences are taken and judged.
struct CompareOptions {
  /// Central-difference step, relative to max(1, |x|).
  double step = 1e-6;
  /// An element passes when its relative error is at most this.
  double tolerance = 1e-6;
  /// The denominator floor of the relative error, relative to max(1,
  /// |loss|): float64 central differences with step 1e-6 resolve a
  /// derivative only to about 1e-16 * |loss| / 1e-6 = 1e-10 * |loss|, so
  /// smaller gradient elements are judged by that absolute error instead.
  double floor = 1e-3;
  /// An element that fails is measured again with the step divided by this:
  /// a ReLU or max kink within the first step spoils that difference but
  /// rarely the smaller one, while a wrong gradient fails both.
  double retryDivisor = 5.0;
};

/// |analytic - numeric| / max(|analytic|, |numeric|, floor).
double relativeError(double analytic, double numeric, double floor);

/// The worst element seen so far for one parameter tensor.
struct ParamStats {
  std::string name;
  llvm::SmallVector<int64_t, 4> shape;
  int64_t checked = 0;
  /// Elements that passed only with the smaller step.
  int64_t retried = 0;
  double worst = 0.0;
  /// Where the worst error occurred (flat index, seed) and its two values.
  int64_t worstIndex = -1;
  unsigned worstSeed = 0;
  double worstAnalytic = 0.0, worstNumeric = 0.0;

  /// Records one element's comparison, judged with denominator floor
  /// `floor`.
  void add(double analytic, double numeric, double floor, int64_t index,
           unsigned seed);
  bool passes(const CompareOptions &options) const {
    return checked > 0 && worst <= options.tolerance;
  }
};

/// Compares `analytic` (the gradient of `value` with respect to `param`)
/// with central differences of `value` at the flat `indices` of `param`;
/// `loss` is the value at the unperturbed point. `value` is evaluated with
/// `param` perturbed in place; every element is restored afterwards.
void checkElements(llvm::function_ref<double()> value,
                   llvm::MutableArrayRef<double> param,
                   llvm::ArrayRef<double> analytic,
                   llvm::ArrayRef<int64_t> indices, double loss,
                   unsigned seed, const CompareOptions &options,
                   ParamStats &stats);

/// Prints one row per parameter (name, shape, elements checked, worst
/// relative error, PASS/FAIL) and, for failures, where the worst element
/// was. Returns whether every parameter passes.
bool printTable(llvm::ArrayRef<ParamStats> params,
                const CompareOptions &options, llvm::raw_ostream &os);

} // namespace mdlc::checkgrads

#endif // COMPILER_CHECKGRADS_COMPARE_H
