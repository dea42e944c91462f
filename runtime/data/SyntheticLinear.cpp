//===- SyntheticLinear.cpp - The synthetic_linear dataset -------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Generates the data set described in SyntheticLinear.h and implements
// `mdlrt_dataset_synthetic_linear`, which installs it as the run's
// training set.
//
//===----------------------------------------------------------------------===//

#include "data/SyntheticLinear.h"

#include "core/Error.h"
#include "core/Random.h"
#include "core/Run.h"
#include "mdlrt/mdlrt.h"

#include <cmath>
#include <new>

namespace mdlrt {

namespace {
/// A bound on samples * features: 2^31 floats (8 GiB) is far beyond any
/// synthetic set worth generating and keeps every index within int64.
constexpr int64_t kMaxElements = int64_t(1) << 31;
} // namespace

std::string SyntheticLinear::validate(int64_t samples, int64_t features,
                                      double noise) {
  if (samples <= 0)
    return formatString("samples must be positive, but is %lld",
                        static_cast<long long>(samples));
  if (features <= 0)
    return formatString("features must be positive, but is %lld",
                        static_cast<long long>(features));
  if (!std::isfinite(noise) || noise < 0.0)
    return formatString("noise must be finite and non-negative, but is %g",
                        noise);
  int64_t elements;
  if (__builtin_mul_overflow(samples, features, &elements) ||
      elements > kMaxElements)
    return formatString("%lld samples of %lld features are too many to hold "
                        "in memory",
                        static_cast<long long>(samples),
                        static_cast<long long>(features));
  return "";
}

SyntheticLinear::SyntheticLinear(int64_t samples, int64_t features,
                                 double noise, uint64_t seed)
    : TensorDataset("synthetic_linear", samples, {features}, {1},
                    TargetType::F32) {
  PhiloxStream weightStream(seed, StreamDomain::SyntheticWeights, 0);
  weights.resize(static_cast<size_t>(features));
  for (float &w : weights)
    w = static_cast<float>(weightStream.nextNormal());

  PhiloxStream inputStream(seed, StreamDomain::SyntheticInputs, 0);
  std::vector<float> &x = inputData;
  x.resize(static_cast<size_t>(samples * features));
  for (float &value : x)
    value = static_cast<float>(inputStream.nextNormal());

  PhiloxStream noiseStream(seed, StreamDomain::SyntheticNoise, 0);
  std::vector<float> &y = targetData;
  y.resize(static_cast<size_t>(samples));
  for (int64_t i = 0; i < samples; ++i) {
    const float *row = x.data() + i * features;
    double dot = 0.0;
    for (int64_t j = 0; j < features; ++j)
      dot += static_cast<double>(row[j]) * static_cast<double>(weights[j]);
    double e = noiseStream.nextNormal();
    y[i] = static_cast<float>(dot + kBias + noise * e);
  }
}

} // namespace mdlrt

using namespace mdlrt;

extern "C" void mdlrt_dataset_synthetic_linear(int64_t samples,
                                               int64_t features, double noise,
                                               int64_t seed) {
  RunState &state = runState();
  if (state.dataset)
    internalError("a training set was declared twice");
  std::string error = SyntheticLinear::validate(samples, features, noise);
  if (!error.empty())
    fatal("synthetic_linear: " + error);
  try {
    state.dataset = std::make_unique<SyntheticLinear>(
        samples, features, noise, static_cast<uint64_t>(seed));
  } catch (const std::bad_alloc &) {
    fatal(formatString("synthetic_linear: out of memory generating %lld "
                       "samples of %lld features",
                       static_cast<long long>(samples),
                       static_cast<long long>(features)));
  }
}
