//===- Dataset.h - The interface of training sets ---------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// A dataset is an in-memory (or on-demand) table of samples: each sample is
// an f32 input tensor of `sampleShape()` and an f32 target of
// `targetShape()`. Batching is the dataset-independent `BatchCursor`: it
// hands out the first sample of each batch in order and wraps to the start
// after the last full batch, so the last partial batch of an epoch is
// dropped.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_DATA_DATASET_H
#define MDLRT_DATA_DATASET_H

#include <cstdint>
#include <vector>

namespace mdlrt {

class Dataset {
public:
  virtual ~Dataset() = default;

  /// The dataset's kind as the language spells it ("synthetic_linear").
  virtual const char *kind() const = 0;
  virtual int64_t numSamples() const = 0;
  /// Shape of one input sample (without the batch dimension).
  virtual const std::vector<int64_t> &sampleShape() const = 0;
  /// Shape of one target (without the batch dimension).
  virtual const std::vector<int64_t> &targetShape() const = 0;

  /// Copies samples [first, first + count) row-major into `x` and `y`;
  /// the range must lie within the dataset.
  virtual void copySamples(int64_t first, int64_t count, float *x,
                           float *y) const = 0;
};

/// Hands out consecutive batches of `batch` samples out of `samples`.
class BatchCursor {
public:
  BatchCursor() = default;
  /// Requires 0 < batch <= samples.
  BatchCursor(int64_t samples, int64_t batch)
      : samples(samples), batch(batch) {}

  /// The first sample of the next batch; advances past it, wrapping to 0
  /// when no full batch is left.
  int64_t next() {
    int64_t first = position;
    position += batch;
    if (position > samples - batch)
      position = 0;
    return first;
  }

private:
  int64_t samples = 0;
  int64_t batch = 0;
  int64_t position = 0;
};

} // namespace mdlrt

#endif // MDLRT_DATA_DATASET_H
