//===- Random.cpp - Philox4x32-10 counter-based random numbers --*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The Philox4x32 round function and key schedule follow Random123's
// philox.h: each round multiplies counter words 0 and 2 by fixed constants
// and mixes the 64-bit products with the other words and the key; the key is
// bumped by the Weyl constants before every round but the first.
//
//===----------------------------------------------------------------------===//

#include "core/Random.h"

#include <cmath>

namespace mdlrt {

namespace {
constexpr uint32_t kMultiplier0 = 0xD2511F53u;
constexpr uint32_t kMultiplier1 = 0xCD9E8D57u;
constexpr uint32_t kWeyl0 = 0x9E3779B9u; // golden ratio
constexpr uint32_t kWeyl1 = 0xBB67AE85u; // sqrt(3) - 1
constexpr int kRounds = 10;

inline void mulhilo(uint32_t a, uint32_t b, uint32_t &hi, uint32_t &lo) {
  uint64_t product = static_cast<uint64_t>(a) * b;
  hi = static_cast<uint32_t>(product >> 32);
  lo = static_cast<uint32_t>(product);
}

inline PhiloxCounter round(const PhiloxCounter &c, const PhiloxKey &k) {
  uint32_t hi0, lo0, hi1, lo1;
  mulhilo(kMultiplier0, c[0], hi0, lo0);
  mulhilo(kMultiplier1, c[2], hi1, lo1);
  return {hi1 ^ c[1] ^ k[0], lo1, hi0 ^ c[3] ^ k[1], lo0};
}
} // namespace

PhiloxCounter philox4x32_10(PhiloxCounter counter, PhiloxKey key) {
  for (int r = 0; r < kRounds; ++r) {
    if (r > 0) {
      key[0] += kWeyl0;
      key[1] += kWeyl1;
    }
    counter = round(counter, key);
  }
  return counter;
}

PhiloxStream::PhiloxStream(uint64_t seed, StreamDomain domain, uint32_t index)
    : key{static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32)},
      index(index), domain(static_cast<uint32_t>(domain)) {}

PhiloxCounter philoxBlock(uint64_t seed, StreamDomain domain, uint32_t index,
                          uint64_t block) {
  PhiloxCounter counter = {static_cast<uint32_t>(block),
                           static_cast<uint32_t>(block >> 32), index,
                           static_cast<uint32_t>(domain)};
  PhiloxKey key = {static_cast<uint32_t>(seed),
                   static_cast<uint32_t>(seed >> 32)};
  return philox4x32_10(counter, key);
}

void PhiloxStream::refill() {
  PhiloxCounter counter = {static_cast<uint32_t>(block),
                           static_cast<uint32_t>(block >> 32), index, domain};
  words = philox4x32_10(counter, key);
  ++block;
  used = 0;
}

uint32_t PhiloxStream::nextU32() {
  if (used == 4)
    refill();
  return words[used++];
}

float PhiloxStream::nextUniform() { return uniformFromWord(nextU32()); }

float PhiloxStream::nextUniform(float lo, float hi) {
  float u = nextUniform();
  float value = static_cast<float>(static_cast<double>(lo) +
                                   (static_cast<double>(hi) - lo) * u);
  // Rounding to float may land on `hi`; keep the interval half-open.
  if (value >= hi)
    value = std::nextafter(hi, lo);
  if (value < lo)
    value = lo;
  return value;
}

double PhiloxStream::nextNormal() {
  if (hasSpareNormal) {
    hasSpareNormal = false;
    return spareNormal;
  }
  // u1 in (0, 1] so that log(u1) is finite; u2 in [0, 1).
  double u1 = (static_cast<double>(nextU32()) + 1.0) * 0x1.0p-32;
  double u2 = static_cast<double>(nextU32()) * 0x1.0p-32;
  double radius = std::sqrt(-2.0 * std::log(u1));
  double angle = 2.0 * M_PI * u2;
  spareNormal = radius * std::sin(angle);
  hasSpareNormal = true;
  return radius * std::cos(angle);
}

} // namespace mdlrt
