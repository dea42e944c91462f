//===- Dataset.h - Datasets, their batching and shuffling -------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// A dataset is a table of samples: each sample is an f32 input tensor of
// `sampleShape()` and a target of `targetShape()` whose element type is
// either f32 (regression targets, `synthetic_linear`) or i32 (class labels,
// `idx`). `TensorDataset` holds one in memory.
//
// Batching does not depend on the dataset: `BatchCursor` hands out the
// sample indices of consecutive batches. An epoch is the samples' order cut
// into full batches; the last partial batch is dropped, and the batch after
// the last full one starts the next epoch. Unshuffled, every epoch visits
// the samples in order. Shuffled, epoch e visits them in
// `shuffledOrder(samples, seed, e)`:
//
//   order = [0, 1, ..., n-1]
//   stream = PhiloxStream(seed, StreamDomain::Shuffle, e)   (core/Random.h)
//   for i = n-1 down to 1:                         (Fisher-Yates)
//     j = uniformBelow(stream, i + 1)
//     swap(order[i], order[j])
//
// where uniformBelow(stream, m) is Lemire's multiply-and-reject on 32-bit
// words: w = stream.nextU32(); p = w * m (64-bit); redraw while the low 32
// bits of p are below (2^32 - m) mod m; j = p >> 32. This is exact (no
// modulo bias), and it is spelled out so that other tools can reproduce an
// epoch's order from the seed.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_DATA_DATASET_H
#define MDLRT_DATA_DATASET_H

#include <cstdint>
#include <string>
#include <vector>

namespace mdlrt {

class PhiloxStream;

/// The element type of a dataset's targets.
enum class TargetType { F32, I32 };

class Dataset {
public:
  virtual ~Dataset() = default;

  /// The dataset's kind as the language spells it ("synthetic_linear").
  virtual const char *kind() const = 0;
  virtual int64_t numSamples() const = 0;
  /// Shape of one input sample (without the batch dimension).
  virtual const std::vector<int64_t> &sampleShape() const = 0;
  /// Shape of one target (without the batch dimension; [] for a label).
  virtual const std::vector<int64_t> &targetShape() const = 0;
  virtual TargetType targetType() const = 0;

  /// Copies the samples `indices[0..count)`, in that order, row-major into
  /// `x` (f32) and `y` (f32 or i32 as targetType() says). The indices must
  /// lie within the dataset.
  virtual void copySamples(const int64_t *indices, int64_t count, float *x,
                           void *y) const = 0;
};

/// A dataset held in memory.
class TensorDataset : public Dataset {
public:
  /// Samples with f32 targets: `inputs` holds samples x sampleShape values,
  /// `targets` samples x targetShape.
  TensorDataset(std::string kind, int64_t samples,
                std::vector<int64_t> sampleShape, std::vector<float> inputs,
                std::vector<int64_t> targetShape, std::vector<float> targets);
  /// Samples with one i32 class label each.
  TensorDataset(std::string kind, int64_t samples,
                std::vector<int64_t> sampleShape, std::vector<float> inputs,
                std::vector<int32_t> labels);

  const char *kind() const override { return kindName.c_str(); }
  int64_t numSamples() const override { return samples; }
  const std::vector<int64_t> &sampleShape() const override { return xShape; }
  const std::vector<int64_t> &targetShape() const override { return yShape; }
  TargetType targetType() const override { return yType; }
  void copySamples(const int64_t *indices, int64_t count, float *x,
                   void *y) const override;

  /// All inputs, [samples, ...sampleShape] row-major.
  const std::vector<float> &inputs() const { return inputData; }
  /// All f32 targets (empty for a labelled set).
  const std::vector<float> &targets() const { return targetData; }
  /// All i32 labels (empty for a set with f32 targets).
  const std::vector<int32_t> &labels() const { return labelData; }

protected:
  /// For subclasses that fill the data themselves.
  TensorDataset(std::string kind, int64_t samples,
                std::vector<int64_t> sampleShape,
                std::vector<int64_t> targetShape, TargetType targetType);

  std::vector<float> inputData;
  std::vector<float> targetData;
  std::vector<int32_t> labelData;

private:
  std::string kindName;
  int64_t samples;
  std::vector<int64_t> xShape;
  std::vector<int64_t> yShape;
  TargetType yType;
  int64_t xElements;
  int64_t yElements;
};

/// Uniform in [0, bound) for 0 < bound, by Lemire's method (see above).
uint32_t uniformBelow(PhiloxStream &stream, uint32_t bound);

/// The order epoch `epoch` visits `samples` samples in when shuffled by
/// `seed` (see above). Requires 0 < samples <= 2^32.
std::vector<int64_t> shuffledOrder(int64_t samples, uint64_t seed,
                                   int64_t epoch);

/// Hands out the sample indices of consecutive batches of `batch` samples.
class BatchCursor {
public:
  BatchCursor() = default;
  /// Requires 0 < batch <= samples. With `shuffle`, epoch e follows
  /// shuffledOrder(samples, seed, e); without, the samples' own order.
  BatchCursor(int64_t samples, int64_t batch, bool shuffle = false,
              uint64_t seed = 0);

  /// The indices of the next batch (`batch` of them, valid until the next
  /// call); moves to the next epoch after the last full batch.
  const std::vector<int64_t> &next();

  /// Moves to where the cursor stands after `batches` batches from the
  /// start (a resumed run): every epoch has samples / batch of them.
  void seek(int64_t batches);

  /// The epoch the next batch belongs to, and its first position in it.
  int64_t epoch() const { return currentEpoch; }
  int64_t position() const { return currentPosition; }

private:
  int64_t samples = 0;
  int64_t batch = 0;
  bool shuffle = false;
  uint64_t seed = 0;
  int64_t currentEpoch = 0;
  int64_t currentPosition = 0;
  /// The epoch's order when shuffled.
  std::vector<int64_t> order;
  std::vector<int64_t> indices;
};

} // namespace mdlrt

#endif // MDLRT_DATA_DATASET_H
