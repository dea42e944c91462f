//===- Schedule.h - How many epochs and steps a run takes -------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The arithmetic of a training run, apart from any state so that it can be
// tested alone:
//   steps per epoch = samples / batch      (the last partial batch dropped)
//   no flags        : epochs = default epochs, total = epochs * steps/epoch
//   --epochs E      : epochs = E,              total = E * steps/epoch
//   --steps N       : total = N,               epochs = ceil(N / steps/epoch)
//   --epochs E --steps N : the smaller total wins: total = min(N, E * s/e),
//                          epochs = ceil(total / steps/epoch)
// Epoch e then has min(steps/epoch, total - e * steps/epoch) steps, so only
// the last epoch can be short.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_CORE_SCHEDULE_H
#define MDLRT_CORE_SCHEDULE_H

#include <cstdint>
#include <optional>
#include <string>

namespace mdlrt {

struct Schedule {
  int64_t stepsPerEpoch = 0;
  int64_t epochs = 0;
  int64_t totalSteps = 0;

  /// Steps of epoch `epoch` (0-based); 0 outside [0, epochs).
  int64_t stepsInEpoch(int64_t epoch) const;
};

/// Computes the schedule, or returns a one-line reason in `error` when the
/// dataset holds fewer samples than one batch. All counts must be positive
/// (the caller checks); products saturate at INT64_MAX instead of wrapping.
std::optional<Schedule> computeSchedule(int64_t samples, int64_t batch,
                                        int64_t defaultEpochs,
                                        std::optional<int64_t> epochsFlag,
                                        std::optional<int64_t> stepsFlag,
                                        std::string &error);

} // namespace mdlrt

#endif // MDLRT_CORE_SCHEDULE_H
