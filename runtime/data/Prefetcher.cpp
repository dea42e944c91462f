//===- Prefetcher.cpp - The background gather of the next batch -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The worker and the handoff of Prefetcher.h. One staged batch is enough to
// overlap the gather with the step: the caller's buffers hold the batch in
// use, the staging buffer the next one.
//
//===----------------------------------------------------------------------===//

#include "data/Prefetcher.h"

#include "core/Error.h"
#include "core/Tensor.h"

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <pthread.h>
#include <system_error>

namespace mdlrt {

namespace {
/// Reports `error`, met by the worker, on the calling thread as the line
/// it would have printed there.
[[noreturn]] void raiseHere(const std::exception_ptr &error) {
  try {
    std::rethrow_exception(error);
  } catch (const FatalError &fatalError) {
    if (fatalError.kind() == FatalError::Kind::Internal)
      internalError(fatalError.what());
    fatal(fatalError.what(), fatalError.exitStatus());
  } catch (const std::exception &other) {
    fatal(std::string("cannot gather the next batch: ") + other.what());
  } catch (...) {
    fatal("cannot gather the next batch");
  }
}
} // namespace

bool prefetchEnabled() {
  const char *value = std::getenv("MDLRT_PREFETCH");
  return !(value && std::strcmp(value, "0") == 0);
}

Prefetcher::Prefetcher(const Dataset &dataset, BatchCursor cursor,
                       int64_t batch, int64_t limit, bool background)
    : dataset(dataset), cursor(std::move(cursor)), batch(batch), limit(limit),
      xBytes(static_cast<size_t>(batch * numElements(dataset.sampleShape())) *
             sizeof(float)),
      // f32 targets and i32 labels are both four bytes.
      yBytes(static_cast<size_t>(batch * numElements(dataset.targetShape())) *
             sizeof(float)),
      takenEpoch(this->cursor.epoch()), takenPosition(this->cursor.position()) {
  if (!background || limit == 0)
    return;
  staged.x.resize(xBytes / sizeof(float));
  staged.y.resize(yBytes);
  // The worker inherits a mask that blocks every signal, so SIGINT and
  // SIGTERM reach the main thread, which handles them between steps.
  sigset_t all, previous;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &previous);
  try {
    worker = std::thread([this] { work(); });
  } catch (const std::system_error &) {
    // No thread to be had: gather on the caller's thread instead.
  }
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

Prefetcher::~Prefetcher() {
  if (!worker.joinable())
    return;
  {
    std::lock_guard<std::mutex> lock(mutex);
    stopping = true;
  }
  emptied.notify_one();
  worker.join();
}

void Prefetcher::gather(float *x, void *y, int64_t &epoch, int64_t &position) {
  const std::vector<int64_t> &indices = cursor.next();
  dataset.copySamples(indices.data(), batch, x, y);
  epoch = cursor.epoch();
  position = cursor.position();
}

void Prefetcher::work() {
  // `fatal` here must not end the process under the running step.
  ThrowErrorsOnThisThread throwing;
  for (int64_t produced = 0; limit < 0 || produced < limit; ++produced) {
    {
      std::unique_lock<std::mutex> lock(mutex);
      emptied.wait(lock, [this] { return stopping || !full; });
      if (stopping)
        return;
    }
    // `next` leaves `staged` alone until `full` is set.
    try {
      gather(staged.x.data(), staged.y.data(), staged.epoch, staged.position);
    } catch (...) {
      staged.error = std::current_exception();
    }
    bool failed = static_cast<bool>(staged.error);
    {
      std::lock_guard<std::mutex> lock(mutex);
      full = true;
    }
    filled.notify_one();
    if (failed)
      return; // The batch `next` waits for carries the error.
  }
}

void Prefetcher::next(float *x, void *y) {
  // Past the limit the worker is done with the cursor (its last batch was
  // handed over under the mutex), so the caller walks it on.
  if (!background() || (limit >= 0 && takenCount >= limit)) {
    gather(x, y, takenEpoch, takenPosition);
    ++takenCount;
    return;
  }
  {
    std::unique_lock<std::mutex> lock(mutex);
    filled.wait(lock, [this] { return full; });
  }
  // The error stays staged: a later call raises it again. Raised without
  // the mutex, so that exiting (which destroys this object) cannot block.
  if (staged.error)
    raiseHere(staged.error);
  std::memcpy(x, staged.x.data(), xBytes);
  std::memcpy(y, staged.y.data(), yBytes);
  takenEpoch = staged.epoch;
  takenPosition = staged.position;
  ++takenCount;
  {
    std::lock_guard<std::mutex> lock(mutex);
    full = false;
  }
  emptied.notify_one();
}

} // namespace mdlrt
