//===- AtomicFileTest.cpp - Tests of atomic file replacement ----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// writeFileAtomically creates and replaces files, never leaves its temporary
// file behind, and keeps an existing file intact whatever fails: a target
// that is a folder, a missing or read-only folder, a write that runs out of
// space mid-way (simulated with RLIMIT_FSIZE, which also works as root).
//
//===----------------------------------------------------------------------===//

#include "checkpoint/AtomicFile.h"

#include "TestSupport.h"

#include <algorithm>
#include <csignal>
#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

using namespace mdlrt;
using namespace mdlrt::test;

namespace {

std::vector<std::string> listFolder(const std::string &path) {
  std::vector<std::string> names;
  DIR *dir = ::opendir(path.c_str());
  if (!dir)
    return names;
  while (struct dirent *entry = ::readdir(dir)) {
    std::string name = entry->d_name;
    if (name != "." && name != "..")
      names.push_back(name);
  }
  ::closedir(dir);
  std::sort(names.begin(), names.end());
  return names;
}

TEST(AtomicFileTest, CreatesAndReplacesWithoutLeftovers) {
  TempDir dir;
  std::string path = dir.file("w.safetensors");
  std::string error;
  ASSERT_TRUE(writeFileAtomically(path, "first", error)) << error;
  EXPECT_EQ(readWholeFile(path), "first");
  ASSERT_TRUE(writeFileAtomically(path, std::string(100000, 'z'), error))
      << error;
  EXPECT_EQ(readWholeFile(path), std::string(100000, 'z'));
  EXPECT_EQ(listFolder(dir.path()), std::vector<std::string>{"w.safetensors"});
}

TEST(AtomicFileTest, StaleTemporaryFileIsReplaced) {
  TempDir dir;
  std::string path = dir.file("w");
  writeWholeFile(temporaryPathFor(path), "stale");
  std::string error;
  ASSERT_TRUE(writeFileAtomically(path, "fresh", error)) << error;
  EXPECT_EQ(readWholeFile(path), "fresh");
  EXPECT_EQ(listFolder(dir.path()), std::vector<std::string>{"w"});
}

TEST(AtomicFileTest, TargetThatIsAFolderIsLeftIntact) {
  TempDir dir;
  std::string target = dir.file("out");
  ASSERT_EQ(::mkdir(target.c_str(), 0700), 0);
  writeWholeFile(target + "/inside", "keep");
  std::string error;
  EXPECT_FALSE(writeFileAtomically(target, "data", error));
  EXPECT_EQ(error.rfind("cannot rename '" + temporaryPathFor(target) +
                            "' to '" + target + "'",
                        0),
            0u)
      << error;
  EXPECT_EQ(listFolder(dir.path()), std::vector<std::string>{"out"});
  EXPECT_EQ(readWholeFile(target + "/inside"), "keep");
}

TEST(AtomicFileTest, MissingFolderFails) {
  TempDir dir;
  std::string error;
  EXPECT_FALSE(writeFileAtomically(dir.file("no/such/w"), "data", error));
  EXPECT_NE(error.find("No such file or directory"), std::string::npos)
      << error;
}

TEST(AtomicFileTest, ReadOnlyFolderKeepsTheExistingFile) {
  TempDir dir;
  std::string path = dir.file("w");
  writeWholeFile(path, "old");
  ASSERT_EQ(::chmod(dir.path().c_str(), 0555), 0);
  // Root ignores folder permissions, so the write is attempted in a child
  // process that drops to an unprivileged user first.
  auto attempt = [&] {
    if (::geteuid() == 0 && ::setuid(65534) != 0)
      ::_exit(3);
    std::string error;
    bool written = writeFileAtomically(path, "new", error);
    ::_exit(!written && error.find("Permission denied") != std::string::npos
                ? 0
                : 1);
  };
  EXPECT_EXIT(attempt(), ::testing::ExitedWithCode(0), "");
  ::chmod(dir.path().c_str(), 0700);
  EXPECT_EQ(readWholeFile(path), "old");
  EXPECT_EQ(listFolder(dir.path()), std::vector<std::string>{"w"});
}

TEST(AtomicFileTest, FailedWriteKeepsTheExistingFileAndRemovesTheTemporary) {
  TempDir dir;
  std::string path = dir.file("w");
  writeWholeFile(path, "old contents");

  // Files may not grow beyond 4 KiB: the write fails with EFBIG half-way.
  struct rlimit saved;
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &saved), 0);
  struct rlimit small = saved;
  small.rlim_cur = 4096;
  auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  std::string error;
  bool written = writeFileAtomically(path, std::string(65536, 'n'), error);
  ::setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, oldHandler);

  EXPECT_FALSE(written);
  EXPECT_EQ(error,
            "cannot write '" + temporaryPathFor(path) + "': File too large");
  EXPECT_EQ(readWholeFile(path), "old contents");
  EXPECT_EQ(listFolder(dir.path()), std::vector<std::string>{"w"});
}

TEST(AtomicFileTest, EarlyCheck) {
  TempDir dir;
  std::string error;
  EXPECT_TRUE(checkFileCanBeReplaced(dir.file("new"), error)) << error;
  EXPECT_FALSE(checkFileCanBeReplaced(dir.path(), error));
  EXPECT_EQ(error, "it is a folder");
  EXPECT_FALSE(checkFileCanBeReplaced(dir.file("missing/w"), error));
  EXPECT_EQ(error,
            "folder '" + dir.file("missing") + "': No such file or directory");
  writeWholeFile(dir.file("plain"), "");
  EXPECT_FALSE(checkFileCanBeReplaced(dir.file("plain/w"), error));
  EXPECT_EQ(error, "'" + dir.file("plain") + "' is not a folder");
}

} // namespace
