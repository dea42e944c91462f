//===- InputFile.cpp - A data file opened for reading -----------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// stdio with close-on-exec, fstat for the size; a folder or a device is
// refused at open time, before a read could fail with a less clear reason.
//
//===----------------------------------------------------------------------===//

#include "data/InputFile.h"

#include <cerrno>
#include <cstring>
#include <sys/stat.h>

namespace mdlrt {

InputFile::~InputFile() {
  if (stream)
    std::fclose(stream);
}

std::string InputFile::describe(const std::string &reason) const {
  return what + " '" + path + "': " + reason;
}

bool InputFile::open(std::string &error) {
  stream = std::fopen(path.c_str(), "rbe");
  if (!stream) {
    error = "cannot open " + describe(std::strerror(errno));
    return false;
  }
  struct stat info;
  if (::fstat(fileno(stream), &info) != 0) {
    error = "cannot open " + describe(std::strerror(errno));
    return false;
  }
  if (S_ISDIR(info.st_mode)) {
    error = describe("is a folder, not a file");
    return false;
  }
  if (!S_ISREG(info.st_mode)) {
    error = describe("is not a regular file");
    return false;
  }
  bytes = static_cast<int64_t>(info.st_size);
  return true;
}

size_t InputFile::read(void *buffer, size_t count, std::string &error) {
  size_t got = std::fread(buffer, 1, count, stream);
  if (got < count && std::ferror(stream))
    error = "cannot read " + describe(std::strerror(errno));
  return got;
}

bool InputFile::rewind(std::string &error) {
  if (std::fseek(stream, 0, SEEK_SET) != 0) {
    error = "cannot read " + describe(std::strerror(errno));
    return false;
  }
  return true;
}

bool InputFile::readAll(std::string &text, std::string &error) {
  text.clear();
  text.reserve(static_cast<size_t>(bytes));
  char chunk[65536];
  size_t got;
  while ((got = read(chunk, sizeof chunk, error)) > 0)
    text.append(chunk, got);
  return error.empty();
}

} // namespace mdlrt
