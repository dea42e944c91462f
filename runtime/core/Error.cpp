//===- Error.cpp - Runtime diagnostics and output streams -------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Implements the one-line diagnostics of Error.h. Messages are written with a
// single fputs of the whole line so that they stay one line even when other
// output is interleaved.
//
//===----------------------------------------------------------------------===//

#include "core/Error.h"

#include <cstdarg>
#include <cstdlib>

namespace mdlrt {

namespace {
std::string &programNameStorage() {
  static std::string name = "mdlrt";
  return name;
}

bool errorsThrow = false;
thread_local int threadThrows = 0;
FILE *outOverride = nullptr;
FILE *errOverride = nullptr;

void printLine(const char *kind, const std::string &message) {
  std::string line = programName() + ": " + kind + ": " + message + "\n";
  std::fflush(outStream());
  std::fputs(line.c_str(), errStream());
  std::fflush(errStream());
}
} // namespace

void setProgramName(const char *argv0) {
  std::string name = argv0 ? argv0 : "";
  std::string::size_type slash = name.find_last_of('/');
  if (slash != std::string::npos)
    name.erase(0, slash + 1);
  programNameStorage() = name.empty() ? "mdlrt" : name;
}

const std::string &programName() { return programNameStorage(); }

void fatal(const std::string &message, int exitStatus) {
  if (errorsThrow || threadThrows)
    throw FatalError(FatalError::Kind::User, exitStatus, message);
  printLine("error", message);
  std::exit(exitStatus);
}

void internalError(const std::string &message) {
  if (errorsThrow || threadThrows)
    throw FatalError(FatalError::Kind::Internal, 134, message);
  printLine("internal error", message);
  std::abort();
}

void reportError(const std::string &message) { printLine("error", message); }

ThrowErrorsOnThisThread::ThrowErrorsOnThisThread() { ++threadThrows; }
ThrowErrorsOnThisThread::~ThrowErrorsOnThisThread() { --threadThrows; }

std::string printableText(const std::string &text, size_t maxLength) {
  std::string out;
  for (size_t i = 0; i < text.size() && i < maxLength; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c >= 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
      out += escaped;
    } else {
      out += static_cast<char>(c);
    }
  }
  if (text.size() > maxLength)
    out += "...";
  return out;
}

std::string formatString(const char *format, ...) {
  va_list args;
  va_start(args, format);
  va_list copy;
  va_copy(copy, args);
  int length = std::vsnprintf(nullptr, 0, format, copy);
  va_end(copy);
  std::string result;
  if (length > 0) {
    result.resize(static_cast<size_t>(length) + 1);
    std::vsnprintf(&result[0], result.size(), format, args);
    result.resize(static_cast<size_t>(length));
  }
  va_end(args);
  return result;
}

FILE *outStream() { return outOverride ? outOverride : stdout; }
FILE *errStream() { return errOverride ? errOverride : stderr; }

namespace detail {
void setErrorsThrow(bool shouldThrow) { errorsThrow = shouldThrow; }

void setOutputStreams(FILE *out, FILE *err) {
  outOverride = out;
  errOverride = err;
}
} // namespace detail

} // namespace mdlrt
