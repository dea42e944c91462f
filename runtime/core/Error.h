//===- Error.h - Diagnostics and output streams of the runtime --*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Every message the runtime prints to the user is one line that starts with
// the program's name: `PROG: error: <reason>` for errors the user can fix
// (bad flags, unreadable files), `PROG: internal error: <reason>` for calls
// that break the ABI contract (a compiler bug). User errors exit with a
// status (1 unless stated); internal errors abort.
//
// Unit tests cannot let the process exit, so they switch errors to throwing
// `FatalError` instead (`detail::setErrorsThrow`), and they can point the
// runtime's stdout/stderr at other streams (`detail::setOutputStreams`).
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_CORE_ERROR_H
#define MDLRT_CORE_ERROR_H

#include <cstdio>
#include <stdexcept>
#include <string>

namespace mdlrt {

/// What `fatal` and `internalError` throw once errors are set to throw.
class FatalError : public std::runtime_error {
public:
  enum class Kind { User, Internal };

  FatalError(Kind kind, int exitStatus, const std::string &message)
      : std::runtime_error(message), errorKind(kind), status(exitStatus) {}

  Kind kind() const { return errorKind; }
  /// The status the process would have exited with (134 for an abort).
  int exitStatus() const { return status; }

private:
  Kind errorKind;
  int status;
};

/// Sets the name messages start with to the basename of `argv0`.
void setProgramName(const char *argv0);
/// The name messages start with ("mdlrt" until `setProgramName`).
const std::string &programName();

/// Prints `PROG: error: <message>` and exits with `exitStatus`.
[[noreturn]] void fatal(const std::string &message, int exitStatus = 1);

/// Prints `PROG: internal error: <message>` and aborts: the caller broke
/// the ABI contract, which is a bug in the compiler, not in the user's input.
[[noreturn]] void internalError(const std::string &message);

/// Prints `PROG: error: <message>` and returns.
void reportError(const std::string &message);

/// While one lives, `fatal` and `internalError` on the thread that made it
/// throw `FatalError` instead of ending the process: a background thread
/// (data/Prefetcher.h) hands the error to the main thread, which reports it
/// there, so the process never exits from under a running step.
class ThrowErrorsOnThisThread {
public:
  ThrowErrorsOnThisThread();
  ~ThrowErrorsOnThisThread();
  ThrowErrorsOnThisThread(const ThrowErrorsOnThisThread &) = delete;
  ThrowErrorsOnThisThread &operator=(const ThrowErrorsOnThisThread &) = delete;
};

/// `text` made safe to quote inside a one-line message: control and
/// non-ASCII bytes become \xNN, and text beyond `maxLength` bytes is cut
/// and ends in "...".
std::string printableText(const std::string &text, size_t maxLength = 40);

/// printf into a std::string.
std::string formatString(const char *format, ...)
    __attribute__((format(printf, 1, 2)));

/// The streams the runtime prints its summary (out) and progress and
/// diagnostics (err) to: stdout and stderr unless a test redirects them.
FILE *outStream();
FILE *errStream();

namespace detail {
/// Makes `fatal` and `internalError` throw `FatalError` instead of ending
/// the process (unit tests only).
void setErrorsThrow(bool shouldThrow);
/// Redirects `outStream()`/`errStream()`; nullptr restores stdout/stderr.
void setOutputStreams(FILE *out, FILE *err);
} // namespace detail

} // namespace mdlrt

#endif // MDLRT_CORE_ERROR_H
