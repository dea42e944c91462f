//===- Signals.cpp - Stopping a run cleanly on SIGINT/SIGTERM ---*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The handler does only async-signal-safe things: it sets lock-free
// atomics, reads the monotonic clock and write(2)s a constant message; a
// second SIGINT restores the default action and raises the signal again.
// One Ctrl-C can arrive twice: `timeout -s INT`, and launchers like it,
// signal the child and then its whole process group. So a SIGINT within
// kRepeatWindowNs of the first is taken for the same one, not a second.
//
//===----------------------------------------------------------------------===//

#include "core/Signals.h"

#include <atomic>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <unistd.h>

namespace mdlrt {

namespace {
std::atomic<bool> stopFlag{false};
static_assert(std::atomic<bool>::is_always_lock_free,
              "the stop flag is set from a signal handler");
/// When the first stop signal arrived (CLOCK_MONOTONIC, ns).
std::atomic<int64_t> firstSignalNs{0};
static_assert(std::atomic<int64_t>::is_always_lock_free,
              "the signal time is set from a signal handler");

/// A second SIGINT sooner than this after the first is the same Ctrl-C
/// delivered twice: far quicker than a person presses a key twice.
constexpr int64_t kRepeatWindowNs = 250'000'000;

/// clock_gettime is async-signal-safe (POSIX.1-2008).
int64_t monotonicNs() {
  timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return int64_t(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

void onStopSignal(int signal) {
  int64_t now = monotonicNs();
  if (stopFlag.load(std::memory_order_relaxed)) {
    int64_t first = firstSignalNs.load(std::memory_order_relaxed);
    if (signal == SIGINT && now - first >= kRepeatWindowNs) {
      std::signal(SIGINT, SIG_DFL);
      std::raise(SIGINT);
    }
    return;
  }
  firstSignalNs.store(now, std::memory_order_relaxed);
  stopFlag.store(true, std::memory_order_relaxed);
  static const char kMessage[] =
      "\nstopping after this step (Ctrl-C again to quit at once)\n";
  ssize_t ignored = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
  (void)ignored;
}
} // namespace

void installStopHandlers() {
  static bool installed = false;
  if (installed)
    return;
  installed = true;
  struct sigaction action;
  std::memset(&action, 0, sizeof action);
  action.sa_handler = onStopSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

bool stopRequested() { return stopFlag.load(std::memory_order_relaxed); }

namespace detail {
void setStopRequestedForTesting(bool requested) { stopFlag.store(requested); }
} // namespace detail

} // namespace mdlrt
