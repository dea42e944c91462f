//===- ReplayBuffer.h - Experience replay of a q_learning run ---*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// A fixed-capacity ring of transitions (s, a, r, s2, done): once full, each
// new transition replaces the oldest. `sample` draws a batch uniformly with
// replacement from the transitions held, from one Philox stream per batch
// (StreamDomain::ReplaySample, index = the number of batches drawn before),
// so a run's batches are a pure function of its seed and its transitions.
// Each transition index is one 32-bit word mapped to [0, size) by a
// multiply-high (boundedFromWord), in batch order.
//
// Storage is structure-of-arrays, allocated once up front (untouched pages
// cost nothing until the ring reaches them); a capacity that cannot be
// allocated is a user error, not a crash.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_RL_REPLAYBUFFER_H
#define MDLRT_RL_REPLAYBUFFER_H

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mdlrt {

class ReplayBuffer {
public:
  /// A ring of `capacity` transitions of `observationSize` floats each; a
  /// fatal user error if that much memory cannot be had.
  ReplayBuffer(int64_t capacity, int64_t observationSize);

  int64_t capacity() const { return ringCapacity; }
  int64_t observationSize() const { return obsSize; }
  /// Transitions held: min(added(), capacity()).
  int64_t size() const {
    return added() < ringCapacity ? added() : ringCapacity;
  }
  /// Transitions added since the start.
  int64_t added() const { return count; }

  /// Appends a transition, replacing the oldest when full. `s` and `s2`
  /// hold observationSize() floats.
  void add(const float *s, int32_t a, float r, const float *s2, bool done);

  /// The transition in slot `slot` (0 <= slot < size()); slot i holds
  /// transition number i, i + capacity, ... (the latest of them).
  const float *state(int64_t slot) const {
    return states.get() + slot * obsSize;
  }
  const float *nextState(int64_t slot) const {
    return nextStates.get() + slot * obsSize;
  }
  int32_t action(int64_t slot) const { return actions[slot]; }
  float reward(int64_t slot) const { return rewards[slot]; }
  float done(int64_t slot) const { return dones[slot]; }

  /// Writes `batch` transitions drawn uniformly with replacement from
  /// stream (ReplaySample, `draw`) of `seed`: `s` and `s2` [batch,
  /// observation], `a`, `r` and `done` [batch] (done 1.0 or 0.0). The
  /// buffer must not be empty.
  void sample(uint64_t seed, uint32_t draw, int64_t batch, float *s, int32_t *a,
              float *r, float *s2, float *done) const;

  /// The slots in use as flat arrays, slot by slot (checkpoints): `s` and
  /// `s2` size() * observationSize() floats, the others size() values.
  struct Contents {
    std::vector<float> states, nextStates, rewards, dones;
    std::vector<int32_t> actions;
  };
  Contents contents() const;
  /// Makes the buffer the one `contents()` was taken of after `added`
  /// transitions: the same slots and the same next slot to replace (the
  /// ring cursor is added % capacity()). False with a reason when the
  /// arrays do not hold min(added, capacity()) transitions of this
  /// buffer's observation size, or a flag is neither 0 nor 1.
  bool restore(int64_t added, const Contents &contents, std::string &error);

private:
  int64_t ringCapacity;
  int64_t obsSize;
  int64_t count = 0;
  std::unique_ptr<float[]> states;
  std::unique_ptr<float[]> nextStates;
  std::unique_ptr<int32_t[]> actions;
  std::unique_ptr<float[]> rewards;
  std::unique_ptr<float[]> dones;
};

} // namespace mdlrt

#endif // MDLRT_RL_REPLAYBUFFER_H
