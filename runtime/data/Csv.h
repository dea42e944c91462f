//===- Csv.h - Reading numeric CSV files ------------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// A table of numbers with a header row naming its columns (RFC 4180 syntax:
// fields separated by ',', optionally in double quotes with "" for a quote;
// lines end with "\n" or "\r\n"; a UTF-8 byte-order mark is skipped). The
// caller picks the feature columns and the label column by name; the other
// columns are ignored.
//
// The reader is strict. Every line must have as many fields as the header
// (an empty line is a line with one empty field); a feature must be a plain
// decimal number that fits f32 (`-1.5`, `2`, `3e-4`; no spaces, no `nan`,
// `inf` or hex); a class label must be a non-negative integer that fits i32.
// A selected column that is missing or named twice, and a file without data
// rows, are errors too.
//
// Errors are one line: `csv file 'PATH': line 7, column 'x': 'abc' is not a
// number`.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_DATA_CSV_H
#define MDLRT_DATA_CSV_H

#include <cstdint>
#include <string>
#include <vector>

namespace mdlrt {

struct CsvOptions {
  /// The feature columns, in the order they are stored; empty: every
  /// column but the label, in file order.
  std::vector<std::string> featureColumns;
  /// The label column; it must not also be a feature column.
  std::string labelColumn;
  /// Whether the label is an i32 class index (`labels`) or an f32
  /// regression target (`targets`).
  enum class LabelKind { ClassIndex, Target } labelKind = LabelKind::ClassIndex;
};

struct CsvTable {
  /// The feature columns, in the order of `features`' rows.
  std::vector<std::string> featureColumns;
  int64_t rows = 0;
  /// [rows, featureColumns.size()], row-major.
  std::vector<float> features;
  /// [rows], for LabelKind::ClassIndex.
  std::vector<int32_t> labels;
  /// [rows], for LabelKind::Target.
  std::vector<float> targets;
};

/// Reads the CSV file at `path`; false with a reason.
bool readCsvFile(const std::string &path, const CsvOptions &options,
                 CsvTable &table, std::string &error);

/// A strict f32 decimal: the whole of `text`, finite after rounding.
bool parseCsvFloat(const std::string &text, float &value);

} // namespace mdlrt

#endif // MDLRT_DATA_CSV_H
