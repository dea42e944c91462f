//===- ThreadPool.h - Fork-join workers for the kernels ---------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The kernels split one call into a few independent parts and run them on a
// fixed set of persistent threads. Parts are claimed, not assigned: the
// caller and every awake worker take the next unclaimed part until none is
// left, so a worker the OS has not scheduled yet (a busy shared machine)
// delays nothing: the caller runs its part too. Between calls a worker
// spins briefly (the phases of a product, and products issued back to back,
// come in bursts; waking a sleeping thread costs tens of microseconds on a
// VM) and then sleeps, leaving the CPU to the generated loops' neighbours
// (ThreadPool.cpp, kSpinTime).
//
// The size is MDLRT_NUM_THREADS when set to a positive number, else the
// number of CPUs this process may run on.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_KERNELS_THREADPOOL_H
#define MDLRT_KERNELS_THREADPOOL_H

#include <cstdint>

namespace mdlrt::kernels {

class ThreadPool {
public:
  /// The process's pool, started on first use and never stopped (its
  /// threads end with the process).
  static ThreadPool &get();

  /// Threads a call may use, the caller included (>= 1).
  int size() const { return threads; }

  /// Runs fn(ctx, i) for every i in [0, parts), 1 <= parts < 65536, on the
  /// calling thread and the workers, and returns when all are done. Not
  /// reentrant: one call at a time, from one thread at a time (generated
  /// code is single-threaded around it).
  void run(int parts, void (*fn)(void *ctx, int part), void *ctx);

private:
  explicit ThreadPool(int threads);
  void workerLoop();
  /// Runs unclaimed parts of call `generation` until none is left.
  void claimParts(uint32_t generation);

  struct State;
  State *state;
  int threads;
};

} // namespace mdlrt::kernels

#endif // MDLRT_KERNELS_THREADPOOL_H
