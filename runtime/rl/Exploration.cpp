//===- Exploration.cpp - Epsilon-greedy acting of a q_learning run --------===//
// SPDX-License-Identifier: Apache-2.0
//
// The epsilon schedule and the seeded coin (Exploration.h).
//
//===----------------------------------------------------------------------===//

#include "rl/Exploration.h"

#include "core/Random.h"

namespace mdlrt {

double EpsilonSchedule::at(int64_t step) const {
  // `to` exactly once the ramp is over (from + (to - from) is not).
  if (step >= steps)
    return to;
  return from +
         (to - from) * (static_cast<double>(step) / static_cast<double>(steps));
}

int64_t exploreAction(uint64_t seed, int64_t step, double epsilon,
                      int64_t actionCount) {
  PhiloxCounter words = philoxBlock(seed, StreamDomain::Exploration, 0,
                                    static_cast<uint64_t>(step));
  if (!(static_cast<double>(uniformFromWord(words[0])) < epsilon))
    return -1;
  return boundedFromWord(words[1], static_cast<uint64_t>(actionCount));
}

} // namespace mdlrt
