//===- InputFile.h - A data file opened for reading -------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The readers' common way into a file: opened once, its size known before
// any allocation (so declared sizes can be checked against it), and every
// failure turned into a one-line reason that names the file the way the
// reader calls it: `idx file 'PATH': truncated header …`.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_DATA_INPUTFILE_H
#define MDLRT_DATA_INPUTFILE_H

#include <cstdint>
#include <cstdio>
#include <string>

namespace mdlrt {

class InputFile {
public:
  /// `what` names the kind of file in messages ("idx file", "csv file").
  InputFile(std::string what, std::string path)
      : what(std::move(what)), path(std::move(path)) {}
  InputFile(const InputFile &) = delete;
  InputFile &operator=(const InputFile &) = delete;
  ~InputFile();

  /// Opens the file and reads its size; false with a reason when it cannot
  /// be opened or is not a regular file.
  bool open(std::string &error);

  /// The size in bytes at open time.
  int64_t size() const { return bytes; }

  /// Reads up to `count` bytes; returns how many were read (fewer only at
  /// the end of the file or on an error, which sets `error`).
  size_t read(void *buffer, size_t count, std::string &error);

  /// Goes back to the first byte.
  bool rewind(std::string &error);

  /// Reads the whole (rest of the) file into `text`.
  bool readAll(std::string &text, std::string &error);

  /// `WHAT 'PATH': reason`.
  std::string describe(const std::string &reason) const;

  const std::string &filePath() const { return path; }

private:
  std::string what;
  std::string path;
  std::FILE *stream = nullptr;
  int64_t bytes = 0;
};

} // namespace mdlrt

#endif // MDLRT_DATA_INPUTFILE_H
