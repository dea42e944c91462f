//===- ReplayBuffer.cpp - Experience replay of a q_learning run -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The ring and its seeded uniform sampling (ReplayBuffer.h).
//
//===----------------------------------------------------------------------===//

#include "rl/ReplayBuffer.h"

#include "core/Error.h"
#include "core/Random.h"

#include <cstring>
#include <new>

namespace mdlrt {

namespace {
/// `new T[n]` without initialisation (pages are touched as the ring fills),
/// or a one-line user error.
template <typename T>
std::unique_ptr<T[]> allocate(int64_t count, int64_t capacity) {
  T *data = new (std::nothrow) T[static_cast<size_t>(count)];
  if (!data)
    fatal(formatString("the replay buffer of %lld transitions does not fit "
                       "in memory",
                       static_cast<long long>(capacity)));
  return std::unique_ptr<T[]>(data);
}
} // namespace

ReplayBuffer::ReplayBuffer(int64_t capacity, int64_t observationSize)
    : ringCapacity(capacity), obsSize(observationSize) {
  if (capacity <= 0 || observationSize <= 0)
    internalError(formatString("replay buffer of %lld transitions of %lld "
                               "floats",
                               static_cast<long long>(capacity),
                               static_cast<long long>(observationSize)));
  // Two observations and three scalars a transition; refuse sizes whose
  // byte count would overflow before asking for them.
  if (capacity > (INT64_MAX / 16) / observationSize)
    fatal(formatString("the replay buffer of %lld transitions does not fit "
                       "in memory",
                       static_cast<long long>(capacity)));
  states = allocate<float>(capacity * observationSize, capacity);
  nextStates = allocate<float>(capacity * observationSize, capacity);
  actions = allocate<int32_t>(capacity, capacity);
  rewards = allocate<float>(capacity, capacity);
  dones = allocate<float>(capacity, capacity);
}

void ReplayBuffer::add(const float *s, int32_t a, float r, const float *s2,
                       bool done) {
  int64_t slot = count % ringCapacity;
  size_t bytes = static_cast<size_t>(obsSize) * sizeof(float);
  std::memcpy(states.get() + slot * obsSize, s, bytes);
  std::memcpy(nextStates.get() + slot * obsSize, s2, bytes);
  actions[slot] = a;
  rewards[slot] = r;
  dones[slot] = done ? 1.0f : 0.0f;
  ++count;
}

void ReplayBuffer::sample(uint64_t seed, uint32_t draw, int64_t batch, float *s,
                          int32_t *a, float *r, float *s2, float *done) const {
  if (count == 0)
    internalError("replay batch sampled from an empty buffer");
  PhiloxStream stream(seed, StreamDomain::ReplaySample, draw);
  uint64_t held = static_cast<uint64_t>(size());
  size_t bytes = static_cast<size_t>(obsSize) * sizeof(float);
  for (int64_t i = 0; i < batch; ++i) {
    int64_t slot = boundedFromWord(stream.nextU32(), held);
    std::memcpy(s + i * obsSize, state(slot), bytes);
    std::memcpy(s2 + i * obsSize, nextState(slot), bytes);
    a[i] = actions[slot];
    r[i] = rewards[slot];
    done[i] = dones[slot];
  }
}

} // namespace mdlrt
