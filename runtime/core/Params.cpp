//===- Params.cpp - Parameter initialisation and final values ---*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Implements `_mlir_ciface_mdlrt_param_init_f32` and
// `_mlir_ciface_mdlrt_param_final_f32` on top of the registry kept in the
// run state.
//
//===----------------------------------------------------------------------===//

#include "core/Params.h"

#include "checkpoint/Checkpoint.h"
#include "core/Error.h"
#include "core/Memref.h"
#include "core/Random.h"
#include "core/Run.h"
#include "mdlrt/mdlrt.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace mdlrt {

void initParameter(float *data, int64_t count, int64_t kind, int64_t fanIn,
                   uint64_t seed, uint32_t index) {
  switch (kind) {
  case MDLRT_INIT_UNIFORM_FAN_IN: {
    if (fanIn <= 0)
      internalError(formatString("uniform_fan_in initialiser with fan_in %lld",
                                 static_cast<long long>(fanIn)));
    float bound =
        static_cast<float>(1.0 / std::sqrt(static_cast<double>(fanIn)));
    PhiloxStream stream(seed, StreamDomain::ParamInit, index);
    for (int64_t i = 0; i < count; ++i)
      data[i] = stream.nextUniform(-bound, bound);
    return;
  }
  case MDLRT_INIT_ZEROS:
    std::fill(data, data + count, 0.0f);
    return;
  case MDLRT_INIT_ONES:
    std::fill(data, data + count, 1.0f);
    return;
  default:
    internalError(formatString("unknown parameter initialiser kind %lld",
                               static_cast<long long>(kind)));
  }
}

uint32_t ParamRegistry::recordInit(const std::string &name,
                                   const std::vector<int64_t> &shape) {
  if (!initShapes.emplace(name, shape).second)
    internalError("parameter '" + name + "' initialised twice");
  return initCalls++;
}

void ParamRegistry::recordFinal(F32Tensor tensor) {
  auto init = initShapes.find(tensor.name);
  if (init != initShapes.end() && init->second != tensor.shape)
    internalError("parameter '" + tensor.name +
                  "' was initialised with shape " + formatShape(init->second) +
                  ", but reported with shape " + formatShape(tensor.shape));
  auto found = finalIndex.find(tensor.name);
  if (found != finalIndex.end()) {
    finalValues[found->second] = std::move(tensor);
    return;
  }
  finalIndex.emplace(tensor.name, finalValues.size());
  finalValues.push_back(std::move(tensor));
}

} // namespace mdlrt

using namespace mdlrt;

extern "C" void _mlir_ciface_mdlrt_param_init_f32(mdlrt_unranked_memref *name,
                                                  mdlrt_unranked_memref *param,
                                                  int64_t kind,
                                                  int64_t fan_in) {
  RunState &state = runState();
  if (!state.begun)
    internalError("mdlrt_param_init_f32 called before mdlrt_train_begin");
  std::string paramName = readStringMemref(name, "parameter name");
  MemrefView view(param, sizeof(float), "parameter '" + paramName + "'");
  if (state.paramsReady)
    internalError("mdlrt_param_init_f32 called after mdlrt_params_ready");
  uint32_t index = state.params.recordInit(paramName, view.shape());
  if (state.loaded) {
    // Copied when the file has it with this shape; mdlrt_params_ready
    // reports every mismatch at once.
    state.loaded->expected.push_back({paramName, view.shape(), {}});
    for (const F32Tensor &tensor : state.loaded->tensors)
      if (tensor.name == paramName && tensor.shape == view.shape() &&
          !tensor.data.empty())
        std::memcpy(view.data(), tensor.data.data(),
                    tensor.data.size() * sizeof(float));
    return;
  }
  initParameter(static_cast<float *>(view.data()), view.numElements(), kind,
                fan_in, state.seed, index);
}

extern "C" void mdlrt_params_ready(void) {
  RunState &state = runState();
  if (!state.begun)
    internalError("mdlrt_params_ready called before mdlrt_train_begin");
  if (state.paramsReady)
    internalError("mdlrt_params_ready called twice");
  state.paramsReady = true;
  if (state.loadedState) {
    std::string mismatches = describeMismatches(state.loadedState->expected,
                                                state.loadedState->tensors);
    if (!mismatches.empty())
      fatal("the optimizer state of '" + state.loaded->path +
            "' does not fit the program's optimizer: " + mismatches);
    state.loadedState.reset();
  }
  if (!state.loaded)
    return;
  std::string mismatches =
      describeMismatches(state.loaded->expected, state.loaded->tensors);
  if (!mismatches.empty())
    fatal("'" + state.loaded->path + "' does not fit the model: " +
          mismatches);
  if (!state.options.quiet) {
    size_t count = state.loaded->expected.size();
    std::fprintf(errStream(), "loaded %zu %s from %s\n", count,
                 count == 1 ? "parameter" : "parameters",
                 state.loaded->path.c_str());
    std::fflush(errStream());
  }
  state.loaded.reset();
}

extern "C" void
_mlir_ciface_mdlrt_param_final_f32(mdlrt_unranked_memref *name,
                                   mdlrt_unranked_memref *param) {
  RunState &state = runState();
  if (!state.begun || state.ended)
    internalError("mdlrt_param_final_f32 called outside a training run");
  std::string paramName = readStringMemref(name, "parameter name");
  std::string what = "parameter '" + paramName + "'";
  state.params.recordFinal(copyF32Tensor(param, std::move(paramName), what));
}
