//===- Compare.cpp - analytic vs finite-difference gradients ----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "compiler/CheckGrads/Compare.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include <algorithm>
#include <cmath>

using namespace mdlc::checkgrads;

double mdlc::checkgrads::relativeError(double analytic, double numeric,
                                       double floor) {
  double scale = std::max({std::abs(analytic), std::abs(numeric), floor});
  double error = std::abs(analytic - numeric) / scale;
  // NaN or infinity on either side is an error, never a pass.
  return std::isfinite(error) ? error : INFINITY;
}

void ParamStats::add(double analytic, double numeric, double floor,
                     int64_t index, unsigned seed) {
  double error = relativeError(analytic, numeric, floor);
  if (checked++ == 0 || error > worst) {
    worst = error;
    worstIndex = index;
    worstSeed = seed;
    worstAnalytic = analytic;
    worstNumeric = numeric;
  }
}

/// (f(x + h) - f(x - h)) / 2h at `param[index]`, which is restored.
static double centralDifference(llvm::function_ref<double()> value,
                                llvm::MutableArrayRef<double> param,
                                int64_t index, double step) {
  double saved = param[index];
  double h = step * std::max(1.0, std::abs(saved));
  param[index] = saved + h;
  double plus = value();
  param[index] = saved - h;
  double minus = value();
  param[index] = saved;
  // (x + h) - (x - h) is not exactly 2h in floating point; divide by the
  // step actually taken.
  return (plus - minus) / ((saved + h) - (saved - h));
}

void mdlc::checkgrads::checkElements(llvm::function_ref<double()> value,
                                     llvm::MutableArrayRef<double> param,
                                     llvm::ArrayRef<double> analytic,
                                     llvm::ArrayRef<int64_t> indices,
                                     double loss, unsigned seed,
                                     const CompareOptions &options,
                                     ParamStats &stats) {
  double floor = options.floor * std::max(1.0, std::abs(loss));
  for (int64_t index : indices) {
    double numeric = centralDifference(value, param, index, options.step);
    if (relativeError(analytic[index], numeric, floor) > options.tolerance) {
      double again = centralDifference(value, param, index,
                                       options.step / options.retryDivisor);
      if (relativeError(analytic[index], again, floor) <=
          options.tolerance) {
        numeric = again;
        ++stats.retried;
      }
    }
    stats.add(analytic[index], numeric, floor, index, seed);
  }
}

static std::string formatShape(llvm::ArrayRef<int64_t> shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

bool mdlc::checkgrads::printTable(llvm::ArrayRef<ParamStats> params,
                                  const CompareOptions &options,
                                  llvm::raw_ostream &os) {
  size_t nameWidth = 9, shapeWidth = 5;
  for (const ParamStats &p : params) {
    nameWidth = std::max(nameWidth, p.name.size());
    shapeWidth = std::max(shapeWidth, formatShape(p.shape).size());
  }
  os << llvm::left_justify("parameter", nameWidth) << "  "
     << llvm::left_justify("shape", shapeWidth)
     << "  checked  worst rel. error  result\n";
  bool allPass = true;
  for (const ParamStats &p : params) {
    bool pass = p.passes(options);
    allPass &= pass;
    os << llvm::left_justify(p.name, nameWidth) << "  "
       << llvm::left_justify(formatShape(p.shape), shapeWidth) << "  "
       << llvm::format_decimal(p.checked, 7) << "  "
       << llvm::format("%16.2e", p.worst) << "  " << (pass ? "PASS" : "FAIL")
       << "\n";
  }
  for (const ParamStats &p : params)
    if (p.retried > 0)
      os << llvm::formatv("  {0}: {1} element(s) passed only with the step "
                          "divided by {2} (a kink within the first step)\n",
                          p.name, p.retried,
                          llvm::format("%g", options.retryDivisor));
  for (const ParamStats &p : params)
    if (!p.passes(options) && p.checked > 0)
      os << llvm::formatv("  {0}: worst at element {1} (seed {2}): analytic "
                          "{3}, numeric {4}\n",
                          p.name, p.worstIndex, p.worstSeed,
                          llvm::format("%.9g", p.worstAnalytic),
                          llvm::format("%.9g", p.worstNumeric));
  return allPass;
}
