//===- ThreadPool.cpp - Fork-join workers for the kernels -------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// One 64-bit word publishes a call and hands out its parts:
// generation (32 bits) | parts (16) | next unclaimed part (16). Claiming is
// a compare-and-swap on the whole word, so a worker that wakes late for an
// old call can never take a part of a newer one; and since the caller waits
// for every part to finish before it publishes the next call, `fn` and
// `ctx` stay those of the call a successful claim belongs to.
//
//===----------------------------------------------------------------------===//

#include "kernels/ThreadPool.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>

#if defined(__linux__)
#include <sched.h>
#endif
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace mdlrt::kernels {

namespace {
/// How long an idle worker polls for the next call before it sleeps. The
/// gaps between calls are bimodal (measured on the convnets and the MLP of
/// stdlib_models): the phases of one product and products issued back to
/// back follow each other within 128 us, mostly within 8 us; the generated
/// loops between products (batch norm, pooling, the optimizer) take 0.5 ms
/// and more, and a worker polling through them takes the second core from
/// whatever else runs on a 2-core machine: with a test suite running
/// alongside, polling 500 us made convnet_bn_fashion train 17 % slower than
/// polling 50 us (medians of 3 interleaved runs). 150 us covers the first
/// kind and sleeps through the second; on an idle machine 500, 150 and
/// 50 us were alike within the run-to-run noise.
constexpr auto kSpinTime = std::chrono::microseconds(150);
constexpr int kMaxThreads = 64;

inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#else
  std::this_thread::yield();
#endif
}

int defaultThreads() {
  if (const char *env = std::getenv("MDLRT_NUM_THREADS")) {
    char *end = nullptr;
    long n = std::strtol(env, &end, 10);
    if (end != env && *end == '\0' && n > 0)
      return n < kMaxThreads ? static_cast<int>(n) : kMaxThreads;
  }
  int n = 0;
#if defined(__linux__)
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0)
    n = CPU_COUNT(&set);
#endif
  if (n <= 0)
    n = static_cast<int>(std::thread::hardware_concurrency());
  if (n <= 0)
    n = 1;
  return n < kMaxThreads ? n : kMaxThreads;
}

constexpr uint32_t generationOf(uint64_t word) { return word >> 32; }
constexpr uint32_t partsOf(uint64_t word) { return (word >> 16) & 0xffff; }
constexpr uint32_t nextOf(uint64_t word) { return word & 0xffff; }
} // namespace

struct ThreadPool::State {
  std::mutex mutex;
  std::condition_variable wake;
  int sleepers = 0; // guarded by mutex
  std::atomic<uint64_t> work{0};
  std::atomic<uint32_t> done{0};
  void (*fn)(void *, int) = nullptr;
  void *ctx = nullptr;
};

ThreadPool &ThreadPool::get() {
  // Leaked on purpose: workers may still be parked when the process exits.
  static ThreadPool *pool = new ThreadPool(defaultThreads());
  return *pool;
}

ThreadPool::ThreadPool(int threads) : state(new State), threads(threads) {
  for (int i = 1; i < threads; ++i)
    std::thread([this] { workerLoop(); }).detach();
}

void ThreadPool::claimParts(uint32_t generation) {
  uint64_t word = state->work.load(std::memory_order_acquire);
  while (generationOf(word) == generation && nextOf(word) < partsOf(word)) {
    if (!state->work.compare_exchange_weak(word, word + 1,
                                           std::memory_order_acq_rel,
                                           std::memory_order_acquire))
      continue;
    state->fn(state->ctx, static_cast<int>(nextOf(word)));
    state->done.fetch_add(1, std::memory_order_release);
    word = state->work.load(std::memory_order_acquire);
  }
}

void ThreadPool::workerLoop() {
  uint32_t seen = 0;
  auto current = [&] {
    return generationOf(state->work.load(std::memory_order_acquire));
  };
  for (;;) {
    // Poll for a new call, then sleep until one comes.
    auto start = std::chrono::steady_clock::now();
    for (unsigned spins = 0; current() == seen; ++spins) {
      cpuRelax();
      if ((spins & 255) == 255 &&
          std::chrono::steady_clock::now() - start > kSpinTime) {
        std::unique_lock<std::mutex> lock(state->mutex);
        ++state->sleepers;
        state->wake.wait(lock, [&] { return current() != seen; });
        --state->sleepers;
      }
    }
    seen = current();
    claimParts(seen);
  }
}

void ThreadPool::run(int parts, void (*fn)(void *ctx, int part), void *ctx) {
  if (parts <= 0)
    return;
  if (parts == 1 || threads == 1 || parts > 0xffff) {
    for (int i = 0; i < parts; ++i)
      fn(ctx, i);
    return;
  }
  state->fn = fn;
  state->ctx = ctx;
  state->done.store(0, std::memory_order_relaxed);
  uint32_t generation =
      generationOf(state->work.load(std::memory_order_relaxed)) + 1;
  bool wakeSleepers;
  {
    std::lock_guard<std::mutex> lock(state->mutex);
    state->work.store(uint64_t(generation) << 32 | uint64_t(parts) << 16,
                      std::memory_order_release);
    wakeSleepers = state->sleepers > 0;
  }
  if (wakeSleepers)
    state->wake.notify_all();
  claimParts(generation);
  // Parts still running on workers.
  for (unsigned spins = 0;
       state->done.load(std::memory_order_acquire) != uint32_t(parts);
       ++spins) {
    if (spins < (1u << 14))
      cpuRelax();
    else
      std::this_thread::yield();
  }
}

} // namespace mdlrt::kernels
