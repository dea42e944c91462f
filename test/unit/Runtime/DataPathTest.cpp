//===- DataPathTest.cpp - Tests of data path resolution ---------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// LANGUAGE.md's order for relative data paths (--data-dir, MDL_DATA_DIR,
// the default folder), with three temporary folders standing in for them;
// absolute paths; the error that lists where it looked; and the run-level
// wrapper reading the flag and the environment.
//
//===----------------------------------------------------------------------===//

#include "data/DataPath.h"

#include "TestSupport.h"

#include <cstdlib>

using namespace mdlrt;
using namespace mdlrt::test;

namespace {

class DataPathTest : public ::testing::Test {
protected:
  void SetUp() override {
    for (TempDir *folder : {&flag, &env, &fallback})
      ASSERT_FALSE(folder->path().empty());
  }

  std::string resolve(const std::string &path, std::string &error,
                      bool withEnv = true) {
    return resolveDataPath(path, flag.path(),
                           withEnv ? env.path().c_str() : nullptr,
                           fallback.path(), error);
  }

  TempDir flag, env, fallback;
};

TEST_F(DataPathTest, FlagFolderComesFirst) {
  for (TempDir *folder : {&flag, &env, &fallback})
    writeWholeFile(folder->file("data.gz"), "x");
  std::string error;
  EXPECT_EQ(resolve("data.gz", error), flag.file("data.gz"));
}

TEST_F(DataPathTest, EnvironmentFolderComesSecond) {
  writeWholeFile(env.file("data.gz"), "x");
  writeWholeFile(fallback.file("data.gz"), "x");
  std::string error;
  EXPECT_EQ(resolve("data.gz", error), env.file("data.gz"));
}

TEST_F(DataPathTest, DefaultFolderComesLast) {
  writeWholeFile(fallback.file("data.gz"), "x");
  std::string error;
  EXPECT_EQ(resolve("data.gz", error), fallback.file("data.gz"));
  EXPECT_EQ(resolve("data.gz", error, /*withEnv=*/false),
            fallback.file("data.gz"));
}

TEST_F(DataPathTest, SubfoldersAndTrailingSlashes) {
  ASSERT_EQ(::mkdir(env.file("sub").c_str(), 0700), 0);
  writeWholeFile(env.file("sub/data.gz"), "x");
  std::string error;
  EXPECT_EQ(resolveDataPath("sub/data.gz", "", (env.path() + "/").c_str(),
                            fallback.path(), error),
            env.path() + "/sub/data.gz");
}

TEST_F(DataPathTest, AbsolutePathsAreTakenAsTheyAre) {
  std::string error;
  EXPECT_EQ(resolve("/nowhere/data.gz", error), "/nowhere/data.gz");
  EXPECT_EQ(error, "");
}

TEST_F(DataPathTest, NotFoundListsThePlacesLookedIn) {
  std::string error;
  EXPECT_EQ(resolve("data.gz", error), "");
  EXPECT_EQ(error, "cannot find data file 'data.gz' in --data-dir '" +
                       flag.path() + "', MDL_DATA_DIR '" + env.path() +
                       "' or '" + fallback.path() +
                       "' (set --data-dir or MDL_DATA_DIR)");
  EXPECT_EQ(resolveDataPath("data.gz", "", "", fallback.path(), error), "");
  EXPECT_EQ(error, "cannot find data file 'data.gz' in '" + fallback.path() +
                       "' (set --data-dir or MDL_DATA_DIR)");
  EXPECT_EQ(resolveDataPath("", "", nullptr, fallback.path(), error), "");
  EXPECT_EQ(error, "a data file path is empty");
}

class DataPathRunTest : public RunFixture {
protected:
  void SetUp() override {
    RunFixture::SetUp();
    const char *saved = std::getenv(kDataDirVariable);
    hadVariable = saved != nullptr;
    if (saved)
      savedVariable = saved;
  }
  void TearDown() override {
    if (hadVariable)
      ::setenv(kDataDirVariable, savedVariable.c_str(), 1);
    else
      ::unsetenv(kDataDirVariable);
    RunFixture::TearDown();
  }

  bool hadVariable = false;
  std::string savedVariable;
};

TEST_F(DataPathRunTest, ReadsTheFlagAndTheVariable) {
  TempDir flag, env;
  writeWholeFile(flag.file("a.gz"), "x");
  writeWholeFile(env.file("a.gz"), "x");
  writeWholeFile(env.file("b.gz"), "x");
  ::setenv(kDataDirVariable, env.path().c_str(), 1);
  TrainOptions options;
  options.dataDir = flag.path();
  configureRun(options);
  std::string error;
  EXPECT_EQ(resolveDataPath("a.gz", error), flag.file("a.gz"));
  EXPECT_EQ(resolveDataPath("b.gz", error), env.file("b.gz"));
  EXPECT_EQ(resolveDataPath("c.gz", error), "");
  EXPECT_EQ(error, "cannot find data file 'c.gz' in --data-dir '" +
                       flag.path() + "', MDL_DATA_DIR '" + env.path() +
                       "' or '/usr/share/datasets/fashion-mnist' (set "
                       "--data-dir or MDL_DATA_DIR)");
  ::unsetenv(kDataDirVariable);
  EXPECT_EQ(resolveDataPath("b.gz", error), "");
  EXPECT_EQ(error, "cannot find data file 'b.gz' in --data-dir '" +
                       flag.path() +
                       "' or '/usr/share/datasets/fashion-mnist' (set "
                       "--data-dir or MDL_DATA_DIR)");
}

} // namespace
