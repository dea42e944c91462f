//===- Schedule.cpp - How many epochs and steps a run takes -----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Implements the rules listed in Schedule.h with overflow-safe arithmetic:
// `--epochs 9223372036854775807` must not wrap to a negative step count.
//
//===----------------------------------------------------------------------===//

#include "core/Schedule.h"

#include "core/Error.h"

#include <algorithm>

namespace mdlrt {

namespace {
int64_t saturatingMultiply(int64_t a, int64_t b) {
  int64_t product;
  if (__builtin_mul_overflow(a, b, &product))
    return INT64_MAX;
  return product;
}

int64_t ceilDiv(int64_t a, int64_t b) { return a / b + (a % b != 0); }
} // namespace

int64_t Schedule::stepsInEpoch(int64_t epoch) const {
  if (epoch < 0 || epoch >= epochs)
    return 0;
  int64_t before = saturatingMultiply(epoch, stepsPerEpoch);
  return std::min(stepsPerEpoch, totalSteps - before);
}

std::optional<Schedule> computeSchedule(int64_t samples, int64_t batch,
                                        int64_t defaultEpochs,
                                        std::optional<int64_t> epochsFlag,
                                        std::optional<int64_t> stepsFlag,
                                        std::string &error) {
  if (samples < batch) {
    error = formatString("the dataset has %lld samples, fewer than one batch "
                         "of %lld",
                         static_cast<long long>(samples),
                         static_cast<long long>(batch));
    return std::nullopt;
  }
  Schedule schedule;
  schedule.stepsPerEpoch = samples / batch;
  int64_t epochs = epochsFlag ? *epochsFlag : defaultEpochs;
  int64_t byEpochs = saturatingMultiply(epochs, schedule.stepsPerEpoch);
  if (stepsFlag && !epochsFlag)
    schedule.totalSteps = *stepsFlag;
  else if (stepsFlag)
    schedule.totalSteps = std::min(*stepsFlag, byEpochs);
  else
    schedule.totalSteps = byEpochs;
  schedule.epochs = ceilDiv(schedule.totalSteps, schedule.stepsPerEpoch);
  return schedule;
}

} // namespace mdlrt
