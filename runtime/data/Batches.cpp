//===- Batches.cpp - Handing batches of the datasets out --------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Implements the batch calls of the ABI: `_mlir_ciface_mdlrt_next_batch_f32`
// and `_mlir_ciface_mdlrt_next_batch_f32_i32` for the training set,
// `mdlrt_eval_batches` and `_mlir_ciface_mdlrt_eval_next_batch_f32_i32` for
// the evaluation set. Each checks that the buffers generated code passes
// have the shapes [batch, ...sample] and [batch, ...target] and the element
// type of the dataset's targets (a mismatch is a compiler bug), then copies
// the set's next batch into them from the set's Prefetcher, which gathers it
// in the background while the previous step computes (data/Prefetcher.h;
// MDLRT_PREFETCH=0 gathers it here instead). The training set has one
// Prefetcher per run, made at the first batch and limited to the run's
// steps; the evaluation set one per pass.
//
//===----------------------------------------------------------------------===//

#include "core/Error.h"
#include "core/Memref.h"
#include "core/Run.h"
#include "data/Prefetcher.h"
#include "mdlrt/mdlrt.h"

using namespace mdlrt;

namespace {
std::vector<int64_t> batchShape(int64_t batch,
                                const std::vector<int64_t> &shape) {
  std::vector<int64_t> result{batch};
  result.insert(result.end(), shape.begin(), shape.end());
  return result;
}

const char *targetTypeName(TargetType type) {
  return type == TargetType::F32 ? "f32 targets" : "i32 labels";
}

/// Checks the descriptors against `dataset` and fills them with the next
/// batch of `batches`; `what` names the arguments in messages.
void fillBatch(const char *function, const std::string &what,
               const Dataset &dataset, Prefetcher &batches, int64_t batch,
               TargetType expected, mdlrt_unranked_memref *x,
               mdlrt_unranked_memref *y) {
  if (dataset.targetType() != expected)
    internalError(std::string(function) + " called for the " + dataset.kind() +
                  " dataset, which has " +
                  targetTypeName(dataset.targetType()));
  size_t targetSize =
      expected == TargetType::F32 ? sizeof(float) : sizeof(int32_t);
  MemrefView xView(x, sizeof(float), what + " input");
  MemrefView yView(y, targetSize, what + " target");
  xView.expectShape(batchShape(batch, dataset.sampleShape()));
  yView.expectShape(batchShape(batch, dataset.targetShape()));

  batches.next(static_cast<float *>(xView.data()), yView.data());
}

void nextTrainingBatch(const char *function, const char *what,
                       TargetType expected, mdlrt_unranked_memref *x,
                       mdlrt_unranked_memref *y) {
  RunState &state = runState();
  if (!state.begun || state.ended)
    internalError(std::string(function) + " called outside a training run");
  if (!state.batches)
    state.batches = std::make_unique<Prefetcher>(
        *state.dataset, state.cursor, state.batch,
        state.schedule.totalSteps - state.firstStep, prefetchEnabled());
  fillBatch(function, what, *state.dataset, *state.batches, state.batch,
            expected, x, y);
}
} // namespace

extern "C" void _mlir_ciface_mdlrt_next_batch_f32(mdlrt_unranked_memref *x,
                                                  mdlrt_unranked_memref *y) {
  nextTrainingBatch("mdlrt_next_batch_f32", "next_batch", TargetType::F32, x,
                    y);
}

extern "C" void
_mlir_ciface_mdlrt_next_batch_f32_i32(mdlrt_unranked_memref *x,
                                      mdlrt_unranked_memref *y) {
  nextTrainingBatch("mdlrt_next_batch_f32_i32", "next_batch_f32_i32",
                    TargetType::I32, x, y);
}

extern "C" int64_t mdlrt_eval_batches(int64_t batch) {
  RunState &state = runState();
  if (!state.evalDataset)
    internalError("mdlrt_eval_batches called before an evaluation set was "
                  "declared");
  if (batch <= 0)
    internalError(formatString("mdlrt_eval_batches: batch %lld is not "
                               "positive",
                               static_cast<long long>(batch)));
  int64_t samples = state.evalDataset->numSamples();
  if (samples < batch)
    fatal(formatString("%s: the evaluation set has %lld samples, fewer than "
                       "one batch of %lld",
                       state.evalDataset->kind(),
                       static_cast<long long>(samples),
                       static_cast<long long>(batch)));
  state.evalBatch = batch;
  // A pass takes samples / batch batches; the previous pass's worker, if
  // any, is stopped first.
  state.evalBatches.reset();
  state.evalBatches = std::make_unique<Prefetcher>(
      *state.evalDataset, BatchCursor(samples, batch), batch, samples / batch,
      prefetchEnabled());
  return samples / batch;
}

namespace {
void nextEvalBatch(const char *function, TargetType expected,
                   mdlrt_unranked_memref *x, mdlrt_unranked_memref *y) {
  RunState &state = runState();
  if (!state.evalDataset || !state.evalBatches)
    internalError(std::string(function) + " called before mdlrt_eval_batches");
  fillBatch(function, "eval_next_batch", *state.evalDataset,
            *state.evalBatches, state.evalBatch, expected, x, y);
}
} // namespace

extern "C" void
_mlir_ciface_mdlrt_eval_next_batch_f32_i32(mdlrt_unranked_memref *x,
                                           mdlrt_unranked_memref *y) {
  nextEvalBatch("mdlrt_eval_next_batch_f32_i32", TargetType::I32, x, y);
}

extern "C" void _mlir_ciface_mdlrt_eval_next_batch_f32(mdlrt_unranked_memref *x,
                                                       mdlrt_unranked_memref *y) {
  nextEvalBatch("mdlrt_eval_next_batch_f32", TargetType::F32, x, y);
}
