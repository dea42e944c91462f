//===- Batches.cpp - Handing batches of the training set out ----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Implements `_mlir_ciface_mdlrt_next_batch_f32`: checks that the buffers
// generated code passes have the shapes [batch, ...sample] and
// [batch, ...target] (a mismatch is a compiler bug) and copies the next batch
// of the run's training set into them.
//
//===----------------------------------------------------------------------===//

#include "core/Error.h"
#include "core/Memref.h"
#include "core/Run.h"
#include "mdlrt/mdlrt.h"

using namespace mdlrt;

namespace {
std::vector<int64_t> batchShape(int64_t batch,
                                const std::vector<int64_t> &shape) {
  std::vector<int64_t> result{batch};
  result.insert(result.end(), shape.begin(), shape.end());
  return result;
}
} // namespace

extern "C" void _mlir_ciface_mdlrt_next_batch_f32(mdlrt_unranked_memref *x,
                                                  mdlrt_unranked_memref *y) {
  RunState &state = runState();
  if (!state.begun || state.ended)
    internalError("mdlrt_next_batch_f32 called outside a training run");
  const Dataset &dataset = *state.dataset;

  MemrefView xView(x, sizeof(float), "next_batch input");
  MemrefView yView(y, sizeof(float), "next_batch target");
  xView.expectShape(batchShape(state.batch, dataset.sampleShape()));
  yView.expectShape(batchShape(state.batch, dataset.targetShape()));

  int64_t first = state.cursor.next();
  dataset.copySamples(first, state.batch, static_cast<float *>(xView.data()),
                      static_cast<float *>(yView.data()));
}
