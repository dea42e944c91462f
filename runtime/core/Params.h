//===- Params.h - Parameter initialisation and final values -----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Generated code owns its parameters; the runtime fills them at the start
// (`param_init`) and copies them at the end (`param_final`) for the summary
// and --save. Initialisation draws from Philox keyed by the run seed with
// one stream per call (StreamDomain::ParamInit, index = call number), so a
// parameter's initial value depends only on the seed and on its position in
// the program, never on the values drawn before it.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_CORE_PARAMS_H
#define MDLRT_CORE_PARAMS_H

#include "core/Tensor.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mdlrt {

/// Fills `data[0, count)` as `kind` (an mdlrt_init_kind) says, from stream
/// `index` of `seed`. An unknown kind or a non-positive fan_in for
/// MDLRT_INIT_UNIFORM_FAN_IN is an internal error.
void initParameter(float *data, int64_t count, int64_t kind, int64_t fanIn,
                   uint64_t seed, uint32_t index);

/// The parameters a run has initialised and reported.
class ParamRegistry {
public:
  /// Records that `name` was initialised with `shape`; returns the stream
  /// index of this call. A name initialised twice is an internal error.
  uint32_t recordInit(const std::string &name,
                      const std::vector<int64_t> &shape);

  /// Stores the final value of a parameter, replacing an earlier report of
  /// the same name. A shape that differs from the one it was initialised
  /// with is an internal error.
  void recordFinal(F32Tensor tensor);

  /// Final values in the order they were first reported.
  const std::vector<F32Tensor> &finals() const { return finalValues; }

private:
  std::map<std::string, std::vector<int64_t>> initShapes;
  std::map<std::string, size_t> finalIndex;
  std::vector<F32Tensor> finalValues;
  uint32_t initCalls = 0;
};

} // namespace mdlrt

#endif // MDLRT_CORE_PARAMS_H
