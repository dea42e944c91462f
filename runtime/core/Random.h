//===- Random.h - Philox4x32-10 counter-based random numbers ----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The runtime's only source of randomness: Philox4x32-10 (Salmon, Moraes,
// Dror, Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC'11; the
// Random123 library). A counter-based generator is a pure function of a
// 128-bit counter and a 64-bit key, so any draw can be computed independently
// of the others and a run is reproducible bit for bit.
//
// Stream assignment. A `PhiloxStream` is keyed by a 64-bit seed (key word 0 =
// low half, word 1 = high half) and names one stream with two 32-bit words
// that fill the high half of the counter:
//   counter = { block (low 32 bits), block (high 32 bits), index, domain }
// `domain` says what the numbers are for (see `StreamDomain`) and `index`
// tells apart streams of the same purpose (e.g. the n-th parameter
// initialised). Each block yields four 32-bit words, consumed in order.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_CORE_RANDOM_H
#define MDLRT_CORE_RANDOM_H

#include <array>
#include <cstdint>

namespace mdlrt {

using PhiloxCounter = std::array<uint32_t, 4>;
using PhiloxKey = std::array<uint32_t, 2>;

/// One Philox4x32-10 block: the bijection of Random123's philox4x32_R(10).
PhiloxCounter philox4x32_10(PhiloxCounter counter, PhiloxKey key);

/// The purposes streams are drawn for; the value is the counter's word 3.
/// Never renumber: checkpoints and data sets depend on these values.
enum class StreamDomain : uint32_t {
  /// Parameter initialisation, keyed by the run seed; index = call number.
  ParamInit = 1,
  /// synthetic_linear's true weight vector w, keyed by the dataset seed.
  SyntheticWeights = 2,
  /// synthetic_linear's inputs x (row-major), keyed by the dataset seed.
  SyntheticInputs = 3,
  /// synthetic_linear's target noise, keyed by the dataset seed.
  SyntheticNoise = 4,
  /// Per-epoch shuffling of the training set, keyed by the run seed;
  /// index = epoch (data/Dataset.h spells out the algorithm).
  Shuffle = 5,
  /// Initial states of reinforcement-learning episodes, keyed by the run
  /// seed; index = episode number (env/Environment.h, `episodeStream`).
  EnvironmentReset = 6,
  /// Dropout masks, keyed by the run seed; index = train step (from 1).
  /// The step's mask seed is the stream's first two words
  /// (mdlrt_step_seed).
  Dropout = 7,
  /// Epsilon-greedy acting of a q_learning run, keyed by the run seed:
  /// block t of stream 0 decides environment step t (word 0 the coin,
  /// word 1 the random action; rl/AgentRun.h).
  Exploration = 8,
  /// Replay sampling of a q_learning run, keyed by the run seed; index =
  /// the number of batches sampled before (rl/ReplayBuffer.h).
  ReplaySample = 9,
  /// Initial states of `eval` episodes of an agent, keyed by the eval seed
  /// (`eval --seed`, default 0); index = episode number. Apart from
  /// EnvironmentReset, so that evaluation does not replay training's starts.
  EvalEpisode = 10,
};

/// A sequence of random numbers: the words of blocks 0, 1, 2, ... of one
/// (seed, domain, index) stream.
class PhiloxStream {
public:
  PhiloxStream(uint64_t seed, StreamDomain domain, uint32_t index);

  /// The next 32-bit word.
  uint32_t nextU32();

  /// Uniform in [0, 1), a multiple of 2^-24 (one word).
  float nextUniform();

  /// Uniform in [lo, hi) for lo < hi (one word).
  float nextUniform(float lo, float hi);

  /// Standard normal by Box-Muller on two words, computed in double. Values
  /// come in pairs: every second call returns the cached sine half.
  double nextNormal();

private:
  void refill();

  PhiloxKey key;
  uint32_t index;
  uint32_t domain;
  uint64_t block = 0;
  std::array<uint32_t, 4> words{};
  unsigned used = 4;
  bool hasSpareNormal = false;
  double spareNormal = 0.0;
};

/// Block `block` of the (seed, domain, index) stream: the four words a
/// PhiloxStream yields after 4 * block others, computed directly.
PhiloxCounter philoxBlock(uint64_t seed, StreamDomain domain, uint32_t index,
                          uint64_t block);

/// Maps a 32-bit word to [0, 1) with 24 bits of resolution.
inline float uniformFromWord(uint32_t word) {
  return static_cast<float>(word >> 8) * 0x1.0p-24f;
}

/// Maps a 32-bit word to an integer in [0, n) for 0 < n <= 2^32 by a
/// multiply-high (Lemire); the bias is below n / 2^32.
inline uint32_t boundedFromWord(uint32_t word, uint64_t n) {
  return static_cast<uint32_t>((static_cast<uint64_t>(word) * n) >> 32);
}

} // namespace mdlrt

#endif // MDLRT_CORE_RANDOM_H
