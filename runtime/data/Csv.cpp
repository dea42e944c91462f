//===- Csv.cpp - Reading numeric CSV files ----------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The file is read whole, split into records (a quoted field may span
// lines, so a record knows the line it starts on), and each data record is
// checked and converted as it is split.
//
//===----------------------------------------------------------------------===//

#include "data/Csv.h"

#include "core/Error.h"
#include "data/Array.h"
#include "data/InputFile.h"

#include <cmath>
#include <cstdlib>
#include <new>

namespace mdlrt {

namespace {

/// Splits the text into records of fields.
class RecordReader {
public:
  explicit RecordReader(const std::string &text) : text(text) {
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0)
      pos = 3;
  }

  bool atEnd() const { return pos >= text.size(); }
  /// The line the last record started on (1-based).
  int64_t recordLine() const { return startLine; }

  /// Reads the next record; false with a reason on a malformed quote.
  bool next(std::vector<std::string> &fields, std::string &error) {
    fields.clear();
    startLine = line;
    std::string field;
    while (true) {
      field.clear();
      if (pos < text.size() && text[pos] == '"') {
        ++pos;
        while (true) {
          if (pos >= text.size()) {
            error = formatString("line %lld: a quoted field is not closed",
                                 static_cast<long long>(startLine));
            return false;
          }
          char c = text[pos++];
          if (c == '"') {
            if (pos < text.size() && text[pos] == '"') {
              field += '"';
              ++pos;
              continue;
            }
            break;
          }
          if (c == '\n')
            ++line;
          field += c;
        }
        if (pos < text.size() && text[pos] != ',' && text[pos] != '\n' &&
            !(text[pos] == '\r' && pos + 1 < text.size() &&
              text[pos + 1] == '\n')) {
          error = formatString("line %lld: unexpected text after a closing "
                               "quote",
                               static_cast<long long>(line));
          return false;
        }
      } else {
        while (pos < text.size() && text[pos] != ',' && text[pos] != '\n') {
          if (text[pos] == '"') {
            error = formatString("line %lld: a quote inside an unquoted "
                                 "field",
                                 static_cast<long long>(line));
            return false;
          }
          field += text[pos++];
        }
        if (!field.empty() && field.back() == '\r' &&
            (pos >= text.size() || text[pos] == '\n'))
          field.pop_back();
      }
      fields.push_back(field);
      if (pos + 1 < text.size() && text[pos] == '\r' && text[pos + 1] == '\n')
        ++pos; // after a quoted field
      if (pos < text.size() && text[pos] == ',') {
        ++pos;
        continue;
      }
      if (pos < text.size()) { // '\n'
        ++pos;
        ++line;
      }
      return true;
    }
  }

private:
  const std::string &text;
  size_t pos = 0;
  int64_t line = 1;
  int64_t startLine = 1;
};

/// A strict non-negative i32.
bool parseClassIndex(const std::string &text, int32_t &value) {
  if (text.empty() || text.size() > 10)
    return false;
  int64_t result = 0;
  for (char c : text) {
    if (c < '0' || c > '9')
      return false;
    result = result * 10 + (c - '0');
  }
  if (result > INT32_MAX)
    return false;
  value = static_cast<int32_t>(result);
  return true;
}

std::string listColumns(const std::vector<std::string> &header) {
  constexpr size_t kShown = 10;
  std::string text;
  for (size_t i = 0; i < header.size() && i < kShown; ++i)
    text += (i ? ", '" : "'") + printableText(header[i]) + "'";
  if (header.size() > kShown)
    text += formatString(", ... (%zu in all)", header.size());
  return text;
}

/// The index of column `name`, or -1 with a reason.
int64_t findColumn(const std::vector<std::string> &header,
                   const std::string &name, std::string &reason) {
  int64_t found = -1;
  int matches = 0;
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) {
      found = static_cast<int64_t>(i);
      ++matches;
    }
  if (matches == 0)
    reason = "there is no column '" + printableText(name) +
             "' (the header names " + listColumns(header) + ")";
  else if (matches > 1)
    reason = formatString("column '%s' appears %d times in the header",
                          printableText(name).c_str(), matches);
  return matches == 1 ? found : -1;
}

} // namespace

bool parseCsvFloat(const std::string &text, float &value) {
  // [+-]? (digits [. digits*] | . digits) ([eE] [+-]? digits)?
  size_t i = 0, n = text.size();
  if (i < n && (text[i] == '+' || text[i] == '-'))
    ++i;
  size_t digits = 0;
  while (i < n && text[i] >= '0' && text[i] <= '9')
    ++i, ++digits;
  if (i < n && text[i] == '.') {
    ++i;
    while (i < n && text[i] >= '0' && text[i] <= '9')
      ++i, ++digits;
  }
  if (digits == 0)
    return false;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < n && (text[i] == '+' || text[i] == '-'))
      ++i;
    size_t exponentDigits = 0;
    while (i < n && text[i] >= '0' && text[i] <= '9')
      ++i, ++exponentDigits;
    if (exponentDigits == 0)
      return false;
  }
  if (i != n)
    return false;
  // strtof rounds once, straight to float; it reports overflow as HUGE_VALF.
  float parsed = std::strtof(text.c_str(), nullptr);
  if (!std::isfinite(parsed))
    return false;
  value = parsed;
  return true;
}

bool readCsvFile(const std::string &path, const CsvOptions &options,
                 CsvTable &table, std::string &error) {
  InputFile file("csv file", path);
  if (!file.open(error))
    return false;
  auto fail = [&](const std::string &reason) {
    error = file.describe(reason);
    return false;
  };

  std::string text;
  try {
    if (!file.readAll(text, error))
      return false;
  } catch (const std::bad_alloc &) {
    return fail("out of memory reading the file");
  }
  RecordReader reader(text);
  if (reader.atEnd())
    return fail("the file is empty");

  std::vector<std::string> header, fields;
  std::string reason;
  if (!reader.next(header, reason))
    return fail(reason);

  // Select the columns.
  if (options.labelColumn.empty())
    return fail("no label column was named");
  int64_t labelIndex = findColumn(header, options.labelColumn, reason);
  if (labelIndex < 0)
    return fail(reason);
  std::vector<int64_t> featureIndices;
  table = CsvTable();
  if (options.featureColumns.empty()) {
    for (size_t i = 0; i < header.size(); ++i)
      if (static_cast<int64_t>(i) != labelIndex) {
        featureIndices.push_back(static_cast<int64_t>(i));
        table.featureColumns.push_back(header[i]);
      }
    if (featureIndices.empty())
      return fail("there is no column besides the label '" +
                  printableText(options.labelColumn) + "'");
  } else {
    for (const std::string &name : options.featureColumns) {
      int64_t index = findColumn(header, name, reason);
      if (index < 0)
        return fail(reason);
      if (index == labelIndex)
        return fail("column '" + printableText(name) +
                    "' is both a feature and the label");
      for (int64_t chosen : featureIndices)
        if (chosen == index)
          return fail("feature column '" + printableText(name) +
                      "' is selected twice");
      featureIndices.push_back(index);
      table.featureColumns.push_back(name);
    }
  }

  // The data rows.
  bool classIndex = options.labelKind == CsvOptions::LabelKind::ClassIndex;
  int64_t featureCount = static_cast<int64_t>(featureIndices.size());
  while (!reader.atEnd()) {
    if (!reader.next(fields, reason))
      return fail(reason);
    long long line = static_cast<long long>(reader.recordLine());
    if (fields.size() != header.size()) {
      if (fields.size() == 1 && fields[0].empty())
        return fail(formatString("line %lld is empty", line));
      return fail(formatString("line %lld has %zu fields, but the header has "
                               "%zu",
                               line, fields.size(), header.size()));
    }
    if ((table.rows + 1) * featureCount > kMaxArrayElements)
      return fail(formatString("more than %lld feature values, the most a "
                               "data file may hold",
                               static_cast<long long>(kMaxArrayElements)));
    for (size_t f = 0; f < featureIndices.size(); ++f) {
      const std::string &value = fields[featureIndices[f]];
      float number;
      if (!parseCsvFloat(value, number))
        return fail(formatString("line %lld, column '%s': '%s' is not a "
                                 "number that fits f32",
                                 line,
                                 printableText(table.featureColumns[f]).c_str(),
                                 printableText(value).c_str()));
      table.features.push_back(number);
    }
    const std::string &label = fields[labelIndex];
    if (classIndex) {
      int32_t index;
      if (!parseClassIndex(label, index))
        return fail(formatString("line %lld, column '%s': '%s' is not a "
                                 "class index (a non-negative integer that "
                                 "fits i32)",
                                 line,
                                 printableText(options.labelColumn).c_str(),
                                 printableText(label).c_str()));
      table.labels.push_back(index);
    } else {
      float target;
      if (!parseCsvFloat(label, target))
        return fail(formatString("line %lld, column '%s': '%s' is not a "
                                 "number that fits f32",
                                 line,
                                 printableText(options.labelColumn).c_str(),
                                 printableText(label).c_str()));
      table.targets.push_back(target);
    }
    ++table.rows;
  }
  if (table.rows == 0)
    return fail("the file has a header but no data rows");
  return true;
}

} // namespace mdlrt
