//===- Dataset.cpp - Datasets, their batching and shuffling -----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// TensorDataset's gather copy, the seeded Fisher-Yates shuffle and the
// batch cursor of Dataset.h.
//
//===----------------------------------------------------------------------===//

#include "data/Dataset.h"

#include "core/Random.h"
#include "core/Tensor.h"

#include <cstring>
#include <utility>

namespace mdlrt {

TensorDataset::TensorDataset(std::string kind, int64_t samples,
                             std::vector<int64_t> sampleShape,
                             std::vector<int64_t> targetShape,
                             TargetType targetType)
    : kindName(std::move(kind)), samples(samples),
      xShape(std::move(sampleShape)), yShape(std::move(targetShape)),
      yType(targetType), xElements(numElements(xShape)),
      yElements(numElements(yShape)) {}

TensorDataset::TensorDataset(std::string kind, int64_t samples,
                             std::vector<int64_t> sampleShape,
                             std::vector<float> inputs,
                             std::vector<int64_t> targetShape,
                             std::vector<float> targets)
    : TensorDataset(std::move(kind), samples, std::move(sampleShape),
                    std::move(targetShape), TargetType::F32) {
  inputData = std::move(inputs);
  targetData = std::move(targets);
}

TensorDataset::TensorDataset(std::string kind, int64_t samples,
                             std::vector<int64_t> sampleShape,
                             std::vector<float> inputs,
                             std::vector<int32_t> labels)
    : TensorDataset(std::move(kind), samples, std::move(sampleShape), {},
                    TargetType::I32) {
  inputData = std::move(inputs);
  labelData = std::move(labels);
}

void TensorDataset::copySamples(const int64_t *indices, int64_t count, float *x,
                                void *y) const {
  size_t xBytes = static_cast<size_t>(xElements) * sizeof(float);
  for (int64_t i = 0; i < count; ++i)
    std::memcpy(x + i * xElements, inputData.data() + indices[i] * xElements,
                xBytes);
  if (yType == TargetType::F32) {
    auto *out = static_cast<float *>(y);
    size_t yBytes = static_cast<size_t>(yElements) * sizeof(float);
    for (int64_t i = 0; i < count; ++i)
      std::memcpy(out + i * yElements,
                  targetData.data() + indices[i] * yElements, yBytes);
  } else {
    auto *out = static_cast<int32_t *>(y);
    for (int64_t i = 0; i < count; ++i)
      out[i] = labelData[static_cast<size_t>(indices[i])];
  }
}

uint32_t uniformBelow(PhiloxStream &stream, uint32_t bound) {
  uint64_t product = static_cast<uint64_t>(stream.nextU32()) * bound;
  uint32_t low = static_cast<uint32_t>(product);
  if (low < bound) {
    uint32_t threshold = static_cast<uint32_t>(-bound) % bound;
    while (low < threshold) {
      product = static_cast<uint64_t>(stream.nextU32()) * bound;
      low = static_cast<uint32_t>(product);
    }
  }
  return static_cast<uint32_t>(product >> 32);
}

std::vector<int64_t> shuffledOrder(int64_t samples, uint64_t seed,
                                   int64_t epoch) {
  std::vector<int64_t> order(static_cast<size_t>(samples));
  for (int64_t i = 0; i < samples; ++i)
    order[i] = i;
  PhiloxStream stream(seed, StreamDomain::Shuffle,
                      static_cast<uint32_t>(epoch));
  for (int64_t i = samples - 1; i > 0; --i) {
    uint32_t j = uniformBelow(stream, static_cast<uint32_t>(i + 1));
    std::swap(order[i], order[j]);
  }
  return order;
}

BatchCursor::BatchCursor(int64_t samples, int64_t batch, bool shuffle,
                         uint64_t seed)
    : samples(samples), batch(batch), shuffle(shuffle), seed(seed),
      indices(static_cast<size_t>(batch)) {
  if (shuffle)
    order = shuffledOrder(samples, seed, 0);
}

void BatchCursor::seek(int64_t batches) {
  int64_t perEpoch = samples / batch;
  currentEpoch = batches / perEpoch;
  currentPosition = (batches % perEpoch) * batch;
  if (shuffle)
    order = shuffledOrder(samples, seed, currentEpoch);
}

const std::vector<int64_t> &BatchCursor::next() {
  if (currentPosition + batch > samples) {
    ++currentEpoch;
    currentPosition = 0;
    if (shuffle)
      order = shuffledOrder(samples, seed, currentEpoch);
  }
  for (int64_t i = 0; i < batch; ++i)
    indices[i] = shuffle ? order[currentPosition + i] : currentPosition + i;
  currentPosition += batch;
  return indices;
}

} // namespace mdlrt
