//===- Npy.cpp - Reading NumPy .npy files -----------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// A strict parser for the small subset of Python literals numpy writes in a
// header (strings, True/False, tuples of integers, one dict), then the size
// checks and the data.
//
//===----------------------------------------------------------------------===//

#include "data/Npy.h"

#include "core/Error.h"
#include "data/InputFile.h"

#include <cstring>
#include <new>

namespace mdlrt {

namespace {

class DictParser {
public:
  explicit DictParser(std::string_view text) : text(text) {}

  bool parse(NpyHeader &header, std::string &error) {
    bool haveDescr = false, haveOrder = false, haveShape = false;
    skipSpace();
    if (!expect('{', "the header must be a dict starting with '{'", error))
      return false;
    skipSpace();
    while (!at('}')) {
      std::string key;
      if (!parseString(key, "a dict key", error))
        return false;
      skipSpace();
      if (!expect(':', "expected ':' after '" + printableText(key) + "'",
                  error))
        return false;
      skipSpace();
      if (key == "descr") {
        if (haveDescr)
          return fail("'descr' appears twice", error);
        haveDescr = true;
        if (at('['))
          return fail("structured dtypes (a list for 'descr') are not "
                      "supported",
                      error);
        if (!parseString(header.descr, "a string for 'descr'", error))
          return false;
      } else if (key == "fortran_order") {
        if (haveOrder)
          return fail("'fortran_order' appears twice", error);
        haveOrder = true;
        if (!parseBool(header.fortranOrder, error))
          return false;
      } else if (key == "shape") {
        if (haveShape)
          return fail("'shape' appears twice", error);
        haveShape = true;
        if (!parseShape(header.shape, error))
          return false;
      } else {
        return fail("unexpected key '" + printableText(key) +
                        "' (expected 'descr', 'fortran_order' and 'shape')",
                    error);
      }
      skipSpace();
      if (at(',')) {
        ++pos;
        skipSpace();
      } else if (!at('}')) {
        return fail(describeHere("expected ',' or '}'"), error);
      }
    }
    ++pos; // '}'
    skipSpace();
    if (pos != text.size())
      return fail(describeHere("unexpected text after the dict"), error);
    for (auto [present, name] :
         {std::pair{haveDescr, "descr"}, std::pair{haveOrder, "fortran_order"},
          std::pair{haveShape, "shape"}})
      if (!present)
        return fail(std::string("the dict has no '") + name + "' key", error);
    return true;
  }

private:
  bool at(char c) const { return pos < text.size() && text[pos] == c; }

  void skipSpace() {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' ||
                                 text[pos] == '\n' || text[pos] == '\r'))
      ++pos;
  }

  static bool fail(const std::string &reason, std::string &error) {
    error = "bad header: " + reason;
    return false;
  }

  std::string describeHere(const std::string &what) const {
    if (pos >= text.size())
      return what + " at the end of the header";
    return what + " at '" + printableText(std::string(text.substr(pos, 12))) +
           "'";
  }

  bool expect(char c, const std::string &reason, std::string &error) {
    if (!at(c))
      return fail(reason, error);
    ++pos;
    return true;
  }

  bool parseString(std::string &out, const char *what, std::string &error) {
    if (!at('\'') && !at('"'))
      return fail(describeHere(std::string("expected ") + what), error);
    char quote = text[pos++];
    size_t end = text.find(quote, pos);
    if (end == std::string_view::npos)
      return fail("unterminated string", error);
    std::string_view body = text.substr(pos, end - pos);
    if (body.find('\\') != std::string_view::npos)
      return fail("escapes in strings are not supported", error);
    out.assign(body);
    pos = end + 1;
    return true;
  }

  bool parseBool(bool &out, std::string &error) {
    for (auto [word, value] : {std::pair{"True", true}, {"False", false}}) {
      size_t length = std::strlen(word);
      if (text.substr(pos, length) == word) {
        pos += length;
        out = value;
        return true;
      }
    }
    return fail(describeHere("expected True or False for 'fortran_order'"),
                error);
  }

  bool parseShape(std::vector<int64_t> &shape, std::string &error) {
    shape.clear();
    if (!expect('(', describeHere("expected a tuple for 'shape'"), error))
      return false;
    skipSpace();
    bool trailingComma = false;
    while (!at(')')) {
      if (pos >= text.size() || text[pos] < '0' || text[pos] > '9')
        return fail(describeHere("expected a non-negative integer in "
                                 "'shape'"),
                    error);
      int64_t value = 0;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        int digit = text[pos++] - '0';
        if (__builtin_mul_overflow(value, 10, &value) ||
            __builtin_add_overflow(value, digit, &value))
          return fail("a size in 'shape' is too large", error);
      }
      if (at('L')) // Python 2 longs, as old numpy wrote them
        ++pos;
      shape.push_back(value);
      if (shape.size() > kMaxArrayRank)
        return fail(
            formatString("'shape' has more than %zu dimensions", kMaxArrayRank),
            error);
      skipSpace();
      trailingComma = at(',');
      if (trailingComma) {
        ++pos;
        skipSpace();
      } else if (!at(')')) {
        return fail(describeHere("expected ',' or ')' in 'shape'"), error);
      }
    }
    ++pos; // ')'
    // (3) is the integer 3 in Python; a 1-tuple is (3,).
    if (shape.size() == 1 && !trailingComma)
      return fail("'shape' (N) is not a tuple; a 1-tuple is written (N,)",
                  error);
    return true;
  }

  std::string_view text;
  size_t pos = 0;
};

struct NpyType {
  const char *descr;
  DType dtype;
};

constexpr NpyType kNpyTypes[] = {
    {"<f4", DType::F32}, {"<f8", DType::F64}, {"<i4", DType::I32},
    {"<i8", DType::I64}, {"|u1", DType::U8},  {"|b1", DType::Bool},
};

uint32_t loadLittleEndian(const unsigned char *bytes, size_t count) {
  uint32_t value = 0;
  for (size_t i = count; i-- > 0;)
    value = (value << 8) | bytes[i];
  return value;
}

} // namespace

bool parseNpyHeaderDict(std::string_view text, NpyHeader &header,
                        std::string &error) {
  return DictParser(text).parse(header, error);
}

bool readNpyFile(const std::string &path, HostArray &array,
                 std::string &error) {
  InputFile file("npy file", path);
  if (!file.open(error))
    return false;
  auto fail = [&](const std::string &reason) {
    error = file.describe(reason);
    return false;
  };

  // Magic, version, header length.
  unsigned char prefix[12] = {};
  size_t got = file.read(prefix, 10, error);
  if (!error.empty())
    return false;
  if (got == 0)
    return fail("the file is empty");
  if (std::memcmp(prefix, "\x93NUMPY", got < 6 ? got : 6) != 0)
    return fail("not a .npy file: it does not start with \\x93NUMPY");
  if (got < 8)
    return fail("truncated header: the file ends inside the magic string "
                "and version");
  unsigned major = prefix[6], minor = prefix[7];
  if ((major != 1 && major != 2 && major != 3) || minor != 0)
    return fail(formatString("unsupported format version %u.%u (expected "
                             "1.0, 2.0 or 3.0)",
                             major, minor));
  size_t lengthBytes = major == 1 ? 2 : 4;
  if (got < 10 || (lengthBytes == 4 && file.read(prefix + 10, 2, error) != 2)) {
    if (!error.empty())
      return false;
    return fail("truncated header: the file ends inside the header length");
  }
  uint32_t headerLength = loadLittleEndian(prefix + 8, lengthBytes);
  int64_t prefixBytes = 8 + static_cast<int64_t>(lengthBytes);
  if (headerLength > kMaxNpyHeader)
    return fail(formatString("the header length %u is above the limit of %u",
                             headerLength, kMaxNpyHeader));
  if (prefixBytes + headerLength > file.size())
    return fail(formatString(
        "truncated header: it declares %u bytes, but "
        "only %lld follow",
        headerLength, static_cast<long long>(file.size() - prefixBytes)));

  std::string text(headerLength, '\0');
  if (file.read(&text[0], headerLength, error) != headerLength)
    return error.empty() ? fail("truncated header") : false;
  if (text.empty() || text.back() != '\n')
    return fail("bad header: it does not end with a newline");
  for (char c : text)
    if (static_cast<unsigned char>(c) >= 0x80 && major < 3)
      return fail(formatString("bad header: non-ASCII bytes in a version "
                               "%u.0 header",
                               major));

  // The padding is not part of the dict.
  size_t end = text.find_last_not_of(" \t\r\n");
  text.resize(end == std::string::npos ? 0 : end + 1);
  NpyHeader header;
  std::string reason;
  if (!parseNpyHeaderDict(text, header, reason))
    return fail(reason);
  const NpyType *type = nullptr;
  for (const NpyType &candidate : kNpyTypes)
    if (header.descr == candidate.descr)
      type = &candidate;
  if (!type)
    return fail("unsupported dtype '" + printableText(header.descr) +
                "' (expected '<f4', '<f8', '<i4', '<i8', '|u1' or '|b1')");
  if (header.fortranOrder)
    return fail("fortran_order is True; only C order is supported (save "
                "numpy.ascontiguousarray(a))");
  for (size_t i = 0; i < header.shape.size(); ++i)
    if (header.shape[i] == 0)
      return fail(formatString("dimension %zu of the shape is 0: the array "
                               "is empty",
                               i));
  int64_t elements = checkedElementCount(header.shape);
  if (elements < 0)
    return fail("the shape " + formatDims(header.shape) + " has more than " +
                std::to_string(kMaxArrayElements) +
                " elements, the most a data file may hold");

  array.dtype = type->dtype;
  array.shape = header.shape;
  int64_t dataBytes = elements * static_cast<int64_t>(dtypeSize(array.dtype));
  int64_t available = file.size() - prefixBytes - headerLength;
  std::string declared = "the header declares " + formatDims(array.shape) +
                         " " + dtypeName(array.dtype) + " elements (" +
                         std::to_string(dataBytes) + " bytes)";
  if (available < dataBytes)
    return fail("truncated data: " + declared + ", but only " +
                std::to_string(available) + " follow");
  if (available > dataBytes)
    return fail(declared + ", but " + std::to_string(available - dataBytes) +
                " more follow");

  try {
    array.bytes.assign(static_cast<size_t>(dataBytes), 0);
  } catch (const std::bad_alloc &) {
    return fail("out of memory: " + declared);
  }
  if (file.read(array.bytes.data(), array.bytes.size(), error) !=
      array.bytes.size())
    return error.empty() ? fail("truncated data: the file shrank while it "
                                "was read")
                         : false;

  if (array.dtype == DType::Bool)
    for (size_t i = 0; i < array.bytes.size(); ++i)
      if (array.bytes[i] > 1)
        return fail(formatString("bool element %zu is %u, not 0 or 1", i,
                                 array.bytes[i]));
  if (!kHostIsLittleEndian)
    swapElementBytes(array.bytes, dtypeSize(array.dtype));
  return true;
}

} // namespace mdlrt
