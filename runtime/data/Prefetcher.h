//===- Prefetcher.h - Gathering the next batch in the background *- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// A `Prefetcher` hands out a dataset's batches in the order of a
// `BatchCursor` it owns. In the background, one worker thread gathers the
// next batch into a staging buffer while the step that took the previous
// one computes; `next` waits only when the worker is late, then copies the
// staged batch into the caller's buffers and lets the worker go on. With
// the background off (`MDLRT_PREFETCH=0`), `next` gathers on the calling
// thread, exactly as the runtime did before prefetching.
//
// Prefetching changes when a batch is gathered, never which: the worker
// walks the same cursor, one batch ahead, so the batches, and everything
// computed from them, are bit-identical either way. What a step sees is the
// handoff, not the lookahead: `taken`, `epoch` and `position` describe the
// cursor after the batches `next` handed out, and a checkpoint's data
// position follows from the step count (core/Checkpoints.cpp), so a run
// resumed from it continues with the batch that step would have taken.
//
// The worker sleeps on a condition variable when the staged batch waits
// (it never spins: it shares the CPUs with the kernel thread pool), blocks
// signals (Ctrl-C is the main thread's), and stops after `limit` batches.
// An error while gathering (an exception, or `fatal` on the worker, which
// throws there) is kept and raised on the thread that calls `next` for
// that batch, as the same one-line error. The destructor stops and joins
// the worker, whatever it is doing; it never waits for a batch to be taken.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_DATA_PREFETCHER_H
#define MDLRT_DATA_PREFETCHER_H

#include "data/Dataset.h"

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace mdlrt {

/// False when the environment sets MDLRT_PREFETCH to "0": batches are then
/// gathered on the main thread.
bool prefetchEnabled();

class Prefetcher {
public:
  /// Hands out the batches of `batch` samples of `dataset` in `cursor`'s
  /// order, at most `limit` of them (negative: no limit); gathers them in
  /// the background when `background`. `dataset` must outlive this object.
  Prefetcher(const Dataset &dataset, BatchCursor cursor, int64_t batch,
             int64_t limit, bool background);
  ~Prefetcher();
  Prefetcher(const Prefetcher &) = delete;
  Prefetcher &operator=(const Prefetcher &) = delete;

  /// Copies the next batch into `x` (batch x sample f32 values) and `y`
  /// (batch x target values of the dataset's target type). Raises, on this
  /// thread, the error the worker met gathering it.
  void next(float *x, void *y);

  /// Whether a worker thread gathers the batches.
  bool background() const { return worker.joinable(); }
  /// The batches `next` handed out, and the epoch and position of the
  /// cursor after the last of them (as a cursor without lookahead stands).
  int64_t taken() const { return takenCount; }
  int64_t epoch() const { return takenEpoch; }
  int64_t position() const { return takenPosition; }

private:
  /// A gathered batch and the cursor's place after it.
  struct Staged {
    std::vector<float> x;
    std::vector<unsigned char> y;
    int64_t epoch = 0;
    int64_t position = 0;
    std::exception_ptr error;
  };

  void work();
  /// Takes the cursor's next batch into `x`/`y`; records where it stands.
  void gather(float *x, void *y, int64_t &epoch, int64_t &position);

  const Dataset &dataset;
  BatchCursor cursor;
  int64_t batch;
  int64_t limit;
  size_t xBytes;
  size_t yBytes;
  int64_t takenCount = 0;
  int64_t takenEpoch;
  int64_t takenPosition;

  std::mutex mutex;
  /// Signalled when `full` becomes true (worker to `next`) and when it
  /// becomes false or `stopping` is set (`next` or the destructor to the
  /// worker).
  std::condition_variable filled;
  std::condition_variable emptied;
  /// Guarded by `mutex`: the staged batch is ready (the worker does not
  /// touch `staged` while it is, `next` only while it is).
  bool full = false;
  bool stopping = false;
  Staged staged;
  std::thread worker;
};

} // namespace mdlrt

#endif // MDLRT_DATA_PREFETCHER_H
