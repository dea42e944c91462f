//===- ReplayBuffer.cpp - Experience replay of a q_learning run -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The ring and its seeded uniform sampling (ReplayBuffer.h).
//
//===----------------------------------------------------------------------===//

#include "rl/ReplayBuffer.h"

#include "core/Error.h"
#include "core/Random.h"

#include <algorithm>
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

ReplayBuffer::Contents ReplayBuffer::contents() const {
  Contents result;
  int64_t held = size();
  result.states.assign(states.get(), states.get() + held * obsSize);
  result.nextStates.assign(nextStates.get(), nextStates.get() + held * obsSize);
  result.actions.assign(actions.get(), actions.get() + held);
  result.rewards.assign(rewards.get(), rewards.get() + held);
  result.dones.assign(dones.get(), dones.get() + held);
  return result;
}

bool ReplayBuffer::restore(int64_t added, const Contents &contents,
                           std::string &error) {
  if (added < 0) {
    error = "a negative number of transitions";
    return false;
  }
  size_t held =
      static_cast<size_t>(added < ringCapacity ? added : ringCapacity);
  size_t floats = held * static_cast<size_t>(obsSize);
  if (contents.states.size() != floats ||
      contents.nextStates.size() != floats || contents.actions.size() != held ||
      contents.rewards.size() != held || contents.dones.size() != held) {
    error = formatString("the replay buffer does not hold %zu transitions of "
                         "%lld observations",
                         held, static_cast<long long>(obsSize));
    return false;
  }
  for (float flag : contents.dones)
    if (flag != 0.0f && flag != 1.0f) {
      error = "a replay done flag is neither 0 nor 1";
      return false;
    }
  std::copy(contents.states.begin(), contents.states.end(), states.get());
  std::copy(contents.nextStates.begin(), contents.nextStates.end(),
            nextStates.get());
  std::copy(contents.actions.begin(), contents.actions.end(), actions.get());
  std::copy(contents.rewards.begin(), contents.rewards.end(), rewards.get());
  std::copy(contents.dones.begin(), contents.dones.end(), dones.get());
  count = added;
  return true;
}

} // namespace mdlrt
