//===- Signals.cpp - Stopping a run cleanly on SIGINT/SIGTERM ---*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The handler does only async-signal-safe things: it sets a lock-free flag
// and write(2)s a constant message; the second SIGINT restores the default
// action and raises the signal again.
//
//===----------------------------------------------------------------------===//

#include "core/Signals.h"

#include <atomic>
#include <csignal>
#include <cstring>
#include <unistd.h>

namespace mdlrt {

namespace {
std::atomic<bool> stopFlag{false};
static_assert(std::atomic<bool>::is_always_lock_free,
              "the stop flag is set from a signal handler");

void onStopSignal(int signal) {
  if (stopFlag.load(std::memory_order_relaxed) && signal == SIGINT) {
    std::signal(SIGINT, SIG_DFL);
    std::raise(SIGINT);
    return;
  }
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
