//===- Exploration.h - Epsilon-greedy acting of a q_learning run ----------===//
// SPDX-License-Identifier: Apache-2.0
//
// The train option `epsilon = linear(from:, to:, steps:)` and the coin
// tossed at every environment step. The coin is a pure function of the run
// seed and the step: step t reads block t of stream (Exploration, 0), word
// 0 for the coin (explore when uniformFromWord(word) < eps(t)) and word 1
// for the random action (boundedFromWord(word, actions)). So whether and
// how a step explores never depends on what happened before it.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_RL_EXPLORATION_H
#define MDLRT_RL_EXPLORATION_H

#include <cstdint>

namespace mdlrt {

/// eps(t) = from + (to - from) * t / steps for t < steps, exactly `to`
/// from t = steps on (with steps = 0: a constant epsilon).
struct EpsilonSchedule {
  double from = 1.0;
  double to = 1.0;
  int64_t steps = 0;

  double at(int64_t step) const;
};

/// The action epsilon-greedy takes at environment step `step` (0-based):
/// a uniformly random one in [0, actionCount) with probability `epsilon`,
/// else -1 (act greedily).
int64_t exploreAction(uint64_t seed, int64_t step, double epsilon,
                      int64_t actionCount);

} // namespace mdlrt

#endif // MDLRT_RL_EXPLORATION_H
