//===- Signals.h - Stopping a run cleanly on SIGINT/SIGTERM -----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The first SIGINT (Ctrl-C) or SIGTERM during training only raises a flag:
// generated code asks `mdlrt_should_stop()` before each step, finishes the
// step in progress, and leaves its loops; `mdlrt_train_end` then saves a
// checkpoint (to --save, else to the `checkpoint` option's file) and the
// process exits with status 130 and a line saying how to resume. A second
// SIGINT ends the process at once, as it would without the handler, unless
// it comes within a quarter second of the first: then it is the same
// Ctrl-C delivered twice (to the process and to its process group).
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_CORE_SIGNALS_H
#define MDLRT_CORE_SIGNALS_H

namespace mdlrt {

/// Installs the handlers for SIGINT and SIGTERM (once per process).
void installStopHandlers();

/// Whether a stop was requested since the handlers were installed.
bool stopRequested();

namespace detail {
/// Sets or clears the flag as a signal would (unit tests).
void setStopRequestedForTesting(bool requested);
} // namespace detail

} // namespace mdlrt

#endif // MDLRT_CORE_SIGNALS_H
