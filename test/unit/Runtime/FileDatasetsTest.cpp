//===- FileDatasetsTest.cpp - csv(...) and npy(...) datasets ----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The loaders behind the language's `csv` and `npy` datasets: columns picked
// and ordered by the program, labels or targets, samples reshaped to the
// compiled shape, and one-line reasons for files that do not fit.
//
//===----------------------------------------------------------------------===//

#include "data/FileDatasets.h"

#include "DataFileSupport.h"
#include "TestSupport.h"

using namespace mdlrt;
using namespace mdlrt::test;

namespace {

TEST(FileDatasetsTest, SplitsColumnLists) {
  EXPECT_EQ(splitColumnList("a, b ,c"),
            (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(splitColumnList("x"), (std::vector<std::string>{"x"}));
}

TEST(FileDatasetsTest, CsvPicksFeaturesInTheProgramsOrder) {
  TempDir dir;
  std::string path = dir.file("t.csv");
  writeWholeFile(path, "id,b,a,species\n7,1.5,2,1\n8,-3,4e-1,0\n");
  std::string error;
  auto set = loadCsvDataset(path, {"a", "b"}, "species", true, error);
  ASSERT_TRUE(set) << error;
  EXPECT_EQ(set->numSamples(), 2);
  EXPECT_EQ(set->sampleShape(), std::vector<int64_t>{2});
  EXPECT_EQ(set->targetType(), TargetType::I32);
  EXPECT_EQ(set->inputs(), (std::vector<float>{2.0f, 1.5f, 0.4f, -3.0f}));
  EXPECT_EQ(set->labels(), (std::vector<int32_t>{1, 0}));

  auto regression = loadCsvDataset(path, {"b"}, "a", false, error);
  ASSERT_TRUE(regression) << error;
  EXPECT_EQ(regression->targetShape(), std::vector<int64_t>{1});
  EXPECT_EQ(regression->targets(), (std::vector<float>{2.0f, 0.4f}));
}

TEST(FileDatasetsTest, CsvMissingColumnIsNamed) {
  TempDir dir;
  std::string path = dir.file("t.csv");
  writeWholeFile(path, "a,y\n1,0\n");
  std::string error;
  EXPECT_FALSE(loadCsvDataset(path, {"a", "b"}, "y", true, error));
  EXPECT_NE(error.find("'b'"), std::string::npos) << error;
  EXPECT_NE(error.find(path), std::string::npos) << error;
  EXPECT_EQ(error.find('\n'), std::string::npos) << error;
}

TEST(FileDatasetsTest, NpyReshapesSamplesAndReadsLabels) {
  TempDir dir;
  std::string x = dir.file("x.npy"), y = dir.file("y.npy");
  // Two 2x2 images stored as [2, 2, 2] u8, read as samples [1, 2, 2].
  writeWholeFile(x, npyFile("{'descr': '|u1', 'fortran_order': False, "
                            "'shape': (2, 2, 2), }",
                            std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8)));
  writeWholeFile(y, npyFile("{'descr': '<i8', 'fortran_order': False, "
                            "'shape': (2,), }",
                            littleEndianPayload<int64_t>({3, 0})));
  std::string error;
  auto set = loadNpyDataset(x, y, {1, 2, 2}, {}, true, error);
  ASSERT_TRUE(set) << error;
  EXPECT_EQ(set->numSamples(), 2);
  EXPECT_EQ(set->sampleShape(), (std::vector<int64_t>{1, 2, 2}));
  EXPECT_EQ(set->inputs(),
            (std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8}));
  EXPECT_EQ(set->labels(), (std::vector<int32_t>{3, 0}));
}

TEST(FileDatasetsTest, NpyTargetsOfShapeNFitOneOutput) {
  TempDir dir;
  std::string x = dir.file("x.npy"), y = dir.file("y.npy");
  writeWholeFile(x, npyFile("{'descr': '<f4', 'fortran_order': False, "
                            "'shape': (3, 2), }",
                            littleEndianPayload<float>({1, 2, 3, 4, 5, 6})));
  writeWholeFile(y, npyFile("{'descr': '<f8', 'fortran_order': False, "
                            "'shape': (3,), }",
                            littleEndianPayload<double>({0.5, -1, 2})));
  std::string error;
  auto set = loadNpyDataset(x, y, {2}, {1}, false, error);
  ASSERT_TRUE(set) << error;
  EXPECT_EQ(set->targetShape(), std::vector<int64_t>{1});
  EXPECT_EQ(set->targets(), (std::vector<float>{0.5f, -1.0f, 2.0f}));
}

TEST(FileDatasetsTest, NpyMismatchesAreOneLineNamingTheFile) {
  TempDir dir;
  std::string x = dir.file("x.npy"), y = dir.file("y.npy");
  writeWholeFile(x, npyFile("{'descr': '<f4', 'fortran_order': False, "
                            "'shape': (3, 2), }",
                            littleEndianPayload<float>({1, 2, 3, 4, 5, 6})));
  writeWholeFile(y, npyFile("{'descr': '<i4', 'fortran_order': False, "
                            "'shape': (2,), }",
                            littleEndianPayload<int32_t>({0, 1})));
  std::string error;
  // The program was compiled for 4 features per sample.
  EXPECT_FALSE(loadNpyDataset(x, y, {4}, {}, true, error));
  EXPECT_NE(error.find(x), std::string::npos) << error;
  EXPECT_NE(error.find("3 x 2"), std::string::npos) << error;
  // Three samples, two labels.
  EXPECT_FALSE(loadNpyDataset(x, y, {2}, {}, true, error));
  EXPECT_NE(error.find("holds 3 samples"), std::string::npos) << error;
  EXPECT_EQ(error.find('\n'), std::string::npos) << error;
  // A negative label is not a class index.
  writeWholeFile(y, npyFile("{'descr': '<i4', 'fortran_order': False, "
                            "'shape': (3,), }",
                            littleEndianPayload<int32_t>({0, -1, 1})));
  EXPECT_FALSE(loadNpyDataset(x, y, {2}, {}, true, error));
  EXPECT_NE(error.find(y), std::string::npos) << error;
}

} // namespace
