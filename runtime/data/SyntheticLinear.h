//===- SyntheticLinear.h - The synthetic_linear dataset ---------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// `synthetic_linear(samples, features, noise, seed)`: a regression problem
// with a known answer. All numbers come from Philox keyed by `seed`, with a
// fixed stream per quantity (core/Random.h):
//   w [features]          ~ N(0, 1)  stream (SyntheticWeights, 0), in order
//   x [samples, features] ~ N(0, 1)  stream (SyntheticInputs, 0), row-major
//   e [samples]           ~ N(0, 1)  stream (SyntheticNoise, 0), in order
//   y [samples, 1] = x . w + 0.5 + noise * e   (the dot product in double)
// Normals are Box-Muller pairs computed in double and rounded to f32. The
// whole set is materialised at declaration (65536 x 64 floats: 16 MiB).
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_DATA_SYNTHETICLINEAR_H
#define MDLRT_DATA_SYNTHETICLINEAR_H

#include "data/Dataset.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mdlrt {

class SyntheticLinear : public TensorDataset {
public:
  /// The bias every synthetic_linear target carries.
  static constexpr double kBias = 0.5;

  /// Returns a one-line reason why the arguments are invalid (counts must
  /// be positive, noise finite and non-negative, the set must fit in
  /// memory), or an empty string.
  static std::string validate(int64_t samples, int64_t features, double noise);

  /// Generates the set; the arguments must pass `validate`. Inputs are
  /// [samples, features], targets [samples, 1] (f32).
  SyntheticLinear(int64_t samples, int64_t features, double noise,
                  uint64_t seed);

  /// The true weight vector w.
  const std::vector<float> &trueWeights() const { return weights; }

private:
  std::vector<float> weights;
};

} // namespace mdlrt

#endif // MDLRT_DATA_SYNTHETICLINEAR_H
