//===- TestSupport.h - Helpers shared by the runtime unit tests -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Hand-built memref descriptors laid out as MLIR's C interface passes them,
// a self-deleting temporary folder, and a fixture that gives every test a
// fresh run state with errors that throw and output captured in memory.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_TEST_UNIT_RUNTIME_TESTSUPPORT_H
#define MDLRT_TEST_UNIT_RUNTIME_TESTSUPPORT_H

#include "core/Error.h"
#include "core/Run.h"
#include "mdlrt/mdlrt.h"

#include "gtest/gtest.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <ftw.h>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <vector>

namespace mdlrt::test {

/// A ranked descriptor {allocated, aligned, offset, sizes, strides} that
/// owns its buffer, plus the unranked wrapper generated code passes.
template <int Rank, typename T = float> class Memref {
public:
  explicit Memref(std::vector<int64_t> shape) : data(count(shape)) {
    desc.allocated = desc.aligned = data.data();
    desc.offset = 0;
    int64_t stride = 1;
    for (int i = Rank - 1; i >= 0; --i) {
      desc.sizes[i] = shape[i];
      desc.strides[i] = stride;
      stride *= shape[i];
    }
    unranked.rank = Rank;
    unranked.descriptor = &desc;
  }
  Memref(const Memref &) = delete;
  Memref &operator=(const Memref &) = delete;

  mdlrt_unranked_memref *get() { return &unranked; }
  T *values() { return data.data(); }
  int64_t &stride(int i) { return desc.strides[i]; }
  int64_t &size(int i) { return desc.sizes[i]; }

  std::vector<T> data;

private:
  static size_t count(const std::vector<int64_t> &shape) {
    size_t n = 1;
    for (int64_t s : shape)
      n *= static_cast<size_t>(s);
    return n;
  }

  struct {
    T *allocated;
    T *aligned;
    int64_t offset;
    int64_t sizes[Rank];
    int64_t strides[Rank];
  } desc;
  mdlrt_unranked_memref unranked;
};

/// A string argument: a rank-1 i8 memref without a terminator.
class StringMemref {
public:
  explicit StringMemref(const std::string &text)
      : bytes(text.begin(), text.end()) {
    desc.allocated = desc.aligned = bytes.data();
    desc.offset = 0;
    desc.size = static_cast<int64_t>(bytes.size());
    desc.stride = 1;
    unranked.rank = 1;
    unranked.descriptor = &desc;
  }
  StringMemref(const StringMemref &) = delete;
  StringMemref &operator=(const StringMemref &) = delete;

  mdlrt_unranked_memref *get() { return &unranked; }

private:
  std::vector<char> bytes;
  struct {
    char *allocated;
    char *aligned;
    int64_t offset;
    int64_t size;
    int64_t stride;
  } desc;
  mdlrt_unranked_memref unranked;
};

/// A fresh folder under the test temporary directory, removed with all its
/// contents when the object dies.
class TempDir {
public:
  TempDir() {
    std::string pattern = ::testing::TempDir() + "mdlrt-test-XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    const char *made = ::mkdtemp(buffer.data());
    EXPECT_NE(made, nullptr) << "mkdtemp failed";
    dir = made ? made : "";
  }
  ~TempDir() {
    if (dir.empty())
      return;
    // Give back any permission a test took away, then delete bottom-up.
    ::nftw(
        dir.c_str(),
        [](const char *path, const struct stat *, int type, struct FTW *) {
          if (type == FTW_D || type == FTW_DNR)
            ::chmod(path, 0700);
          return 0;
        },
        16, FTW_PHYS);
    ::nftw(
        dir.c_str(),
        [](const char *path, const struct stat *, int, struct FTW *) {
          return std::remove(path);
        },
        16, FTW_DEPTH | FTW_PHYS);
  }
  const std::string &path() const { return dir; }
  std::string file(const std::string &name) const { return dir + "/" + name; }

private:
  std::string dir;
};

inline std::string readWholeFile(const std::string &path) {
  std::ifstream stream(path, std::ios::binary);
  std::stringstream text;
  text << stream.rdbuf();
  return text.str();
}

inline void writeWholeFile(const std::string &path, const std::string &bytes) {
  std::ofstream stream(path, std::ios::binary | std::ios::trunc);
  stream << bytes;
}

/// Everything written to `stream` so far.
inline std::string contentsOf(std::FILE *stream) {
  std::fflush(stream);
  long end = std::ftell(stream);
  std::string text(static_cast<size_t>(end > 0 ? end : 0), '\0');
  std::rewind(stream);
  if (!text.empty())
    text.resize(std::fread(&text[0], 1, text.size(), stream));
  std::fseek(stream, 0, SEEK_END);
  return text;
}

inline std::vector<std::string> splitLines(const std::string &text) {
  std::vector<std::string> lines;
  std::stringstream stream(text);
  std::string line;
  while (std::getline(stream, line))
    lines.push_back(line);
  return lines;
}

/// Runs `body`, which must end in `fatal` or `internalError` (set to
/// throw), and returns the error it raised.
template <typename Body> FatalError catchFatal(Body body) {
  try {
    body();
  } catch (const FatalError &error) {
    return error;
  }
  ADD_FAILURE() << "expected a fatal error";
  return FatalError(FatalError::Kind::User, -1, "");
}

/// Fresh run state, errors that throw, stdout/stderr captured in memory.
class RunFixture : public ::testing::Test {
protected:
  void SetUp() override {
    detail::resetForTesting();
    out = std::tmpfile();
    err = std::tmpfile();
    ASSERT_NE(out, nullptr);
    ASSERT_NE(err, nullptr);
    detail::setOutputStreams(out, err);
  }
  void TearDown() override {
    detail::resetForTesting();
    detail::setOutputStreams(nullptr, nullptr);
    std::fclose(out);
    std::fclose(err);
  }

  std::string stdoutText() { return contentsOf(out); }
  std::string stderrText() { return contentsOf(err); }

  std::FILE *out = nullptr;
  std::FILE *err = nullptr;
};

} // namespace mdlrt::test

#endif // MDLRT_TEST_UNIT_RUNTIME_TESTSUPPORT_H
