//===- CsvTest.cpp - Tests of the CSV reader --------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// readCsvFile: column selection by name, RFC 4180 quoting and line ends,
// class labels and regression targets, and every way a file is refused:
// ragged and empty lines, malformed numbers and labels, missing or
// ambiguous columns, no data.
//
//===----------------------------------------------------------------------===//

#include "data/Csv.h"

#include "TestSupport.h"

using namespace mdlrt;
using namespace mdlrt::test;

namespace {

class CsvTest : public ::testing::Test {
protected:
  std::string write(const std::string &text) {
    std::string path = dir.file("t" + std::to_string(++files) + ".csv");
    writeWholeFile(path, text);
    return path;
  }

  CsvTable read(const std::string &text, CsvOptions options) {
    CsvTable table;
    std::string error;
    EXPECT_TRUE(readCsvFile(write(text), options, table, error)) << error;
    return table;
  }

  /// The reason `text` is refused, without the "csv file 'PATH': " prefix.
  std::string reason(const std::string &text, CsvOptions options) {
    std::string path = write(text);
    CsvTable table;
    std::string error;
    EXPECT_FALSE(readCsvFile(path, options, table, error));
    EXPECT_EQ(error.find('\n'), std::string::npos) << error;
    std::string prefix = "csv file '" + path + "': ";
    EXPECT_EQ(error.rfind(prefix, 0), 0u) << error;
    return error.rfind(prefix, 0) == 0 ? error.substr(prefix.size()) : error;
  }

  static CsvOptions label(const std::string &column,
                          std::vector<std::string> features = {}) {
    CsvOptions options;
    options.labelColumn = column;
    options.featureColumns = std::move(features);
    return options;
  }

  TempDir dir;
  int files = 0;
};

//===----------------------------------------------------------------------===//
// Good files
//===----------------------------------------------------------------------===//

TEST_F(CsvTest, SelectsColumnsByName) {
  std::string text = "id,b,label,a\n"
                     "10,1.5,3,-2\n"
                     "11,2e-3,0,+4.25\n"
                     "12,.5,7,6.\n";
  CsvTable table = read(text, label("label", {"a", "b"}));
  EXPECT_EQ(table.rows, 3);
  EXPECT_EQ(table.featureColumns, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(table.features,
            (std::vector<float>{-2, 1.5f, 4.25f, 2e-3f, 6, 0.5f}));
  EXPECT_EQ(table.labels, (std::vector<int32_t>{3, 0, 7}));
  EXPECT_TRUE(table.targets.empty());
}

TEST_F(CsvTest, DefaultFeaturesAreAllButTheLabel) {
  CsvTable table = read("x,y,class\n1,2,1\n3,4,0", label("class"));
  EXPECT_EQ(table.featureColumns, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(table.features, (std::vector<float>{1, 2, 3, 4}));
  EXPECT_EQ(table.labels, (std::vector<int32_t>{1, 0}));
}

TEST_F(CsvTest, QuotesCrLfAndByteOrderMark) {
  std::string text = "\xEF\xBB\xBF\"x, the first\",\"say \"\"y\"\"\",label\r\n"
                     "\"1\",2,5\r\n"
                     "3,\"4\",6\r\n";
  CsvTable table = read(text, label("label"));
  EXPECT_EQ(table.featureColumns,
            (std::vector<std::string>{"x, the first", "say \"y\""}));
  EXPECT_EQ(table.features, (std::vector<float>{1, 2, 3, 4}));
  EXPECT_EQ(table.labels, (std::vector<int32_t>{5, 6}));
}

TEST_F(CsvTest, RegressionTargets) {
  CsvOptions options = label("price", {"size"});
  options.labelKind = CsvOptions::LabelKind::Target;
  CsvTable table = read("size,price\n1,-0.5\n2,1e3\n", options);
  EXPECT_EQ(table.targets, (std::vector<float>{-0.5f, 1000}));
  EXPECT_TRUE(table.labels.empty());
}

TEST(CsvFloatTest, AcceptsOnlyPlainDecimals) {
  float value = 0;
  for (const char *good : {"0", "-1", "+2.5", ".5", "5.", "1e3", "1E-3", "-0.0",
                           "3.4028234e38", "1e-50"})
    EXPECT_TRUE(parseCsvFloat(good, value)) << good;
  EXPECT_TRUE(parseCsvFloat("1e-50", value));
  EXPECT_EQ(value, 0.0f); // underflow rounds to zero, which is a number
  for (const char *bad :
       {"", " 1", "1 ", "abc", "1.2.3", "1e", "e5", ".", "-", "+-1", "nan",
        "NaN", "inf", "-Infinity", "0x10", "1,5", "3.5e38", "1e39", "1_000"})
    EXPECT_FALSE(parseCsvFloat(bad, value)) << bad;
}

//===----------------------------------------------------------------------===//
// Bad files
//===----------------------------------------------------------------------===//

TEST_F(CsvTest, RaggedAndEmptyLines) {
  EXPECT_EQ(reason("a,b,label\n1,2,0\n3,0\n", label("label")),
            "line 3 has 2 fields, but the header has 3");
  EXPECT_EQ(reason("a,b,label\n1,2,0,9\n", label("label")),
            "line 2 has 4 fields, but the header has 3");
  EXPECT_EQ(reason("a,b,label\n1,2,0\n\n3,4,1\n", label("label")),
            "line 3 is empty");
  EXPECT_EQ(reason("a,b,label\n1,2,0\n\n", label("label")), "line 3 is empty");
}

TEST_F(CsvTest, BadNumbers) {
  for (const char *value : {"abc", "", " 1", "nan", "1e40", "0x1"})
    EXPECT_EQ(
        reason("a,label\n1,0\n" + std::string(value) + ",1\n", label("label")),
        "line 3, column 'a': '" + std::string(value) +
            "' is not a number that fits f32");
}

TEST_F(CsvTest, QuotedValuesStayOnOneLine) {
  // A quoted field may hold a newline; the message escapes it.
  EXPECT_EQ(reason("a,label\n\"1\n2\",0\n", label("label")),
            "line 2, column 'a': '1\\x0a2' is not a number that fits f32");
  EXPECT_EQ(reason("a,label\n" + std::string(50, '7') + "x,0\n",
                   label("label")),
            "line 2, column 'a': '" + std::string(40, '7') +
                "...' is not a number that fits f32");
}

TEST_F(CsvTest, BadLabels) {
  for (const char *value : {"-1", "1.0", "2147483648", "x", ""})
    EXPECT_EQ(reason("a,label\n1," + std::string(value) + "\n", label("label")),
              "line 2, column 'label': '" + std::string(value) +
                  "' is not a class index (a non-negative integer that fits "
                  "i32)");
  CsvOptions options = label("label");
  options.labelKind = CsvOptions::LabelKind::Target;
  EXPECT_EQ(reason("a,label\n1,inf\n", options),
            "line 2, column 'label': 'inf' is not a number that fits f32");
}

TEST_F(CsvTest, MissingOrAmbiguousColumns) {
  EXPECT_EQ(reason("a,b\n1,2\n", label("label")),
            "there is no column 'label' (the header names 'a', 'b')");
  EXPECT_EQ(reason("a,b,label\n1,2,3\n", label("label", {"a", "c"})),
            "there is no column 'c' (the header names 'a', 'b', 'label')");
  EXPECT_EQ(reason("a,a,label\n1,2,3\n", label("label", {"a"})),
            "column 'a' appears 2 times in the header");
  EXPECT_EQ(reason("a,b,label\n1,2,3\n", label("label", {"a", "label"})),
            "column 'label' is both a feature and the label");
  EXPECT_EQ(reason("a,b,label\n1,2,3\n", label("label", {"b", "b"})),
            "feature column 'b' is selected twice");
  EXPECT_EQ(reason("label\n1\n", label("label")),
            "there is no column besides the label 'label'");
  EXPECT_EQ(reason("a,label\n1,2\n", label("")), "no label column was named");
  std::string wide = "c0";
  for (int i = 1; i < 12; ++i)
    wide += ",c" + std::to_string(i);
  EXPECT_EQ(reason(wide + "\n", label("label")),
            "there is no column 'label' (the header names 'c0', 'c1', 'c2', "
            "'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', ... (12 in all))");
}

TEST_F(CsvTest, EmptyFilesAndBadQuotes) {
  EXPECT_EQ(reason("", label("label")), "the file is empty");
  EXPECT_EQ(reason("a,label\n", label("label")),
            "the file has a header but no data rows");
  EXPECT_EQ(reason("a,label\n\"1,0\n", label("label")),
            "line 2: a quoted field is not closed");
  EXPECT_EQ(reason("a,label\n\"1\"x,0\n", label("label")),
            "line 2: unexpected text after a closing quote");
  EXPECT_EQ(reason("a,label\n1\"2,0\n", label("label")),
            "line 2: a quote inside an unquoted field");
}

TEST_F(CsvTest, MissingFile) {
  CsvTable table;
  std::string error;
  std::string path = dir.file("none.csv");
  EXPECT_FALSE(readCsvFile(path, label("label"), table, error));
  EXPECT_EQ(error,
            "cannot open csv file '" + path + "': No such file or directory");
}

} // namespace
