//===- NpyTest.cpp - Tests of the .npy reader -------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// readNpyFile on files the tests write as numpy does: every accepted dtype
// and header version, the header dict's syntax (good and bad), Fortran
// order, and files whose data does not match the header.
//
//===----------------------------------------------------------------------===//

#include "data/Npy.h"

#include "DataFileSupport.h"
#include "TestSupport.h"

using namespace mdlrt;
using namespace mdlrt::test;

namespace {

class NpyTest : public ::testing::Test {
protected:
  std::string write(const std::string &bytes) {
    std::string path = dir.file("a" + std::to_string(++files) + ".npy");
    writeWholeFile(path, bytes);
    return path;
  }

  HostArray read(const std::string &bytes) {
    HostArray array;
    std::string error;
    EXPECT_TRUE(readNpyFile(write(bytes), array, error)) << error;
    return array;
  }

  /// The reason a file is refused, without its "npy file 'PATH': " prefix.
  std::string reason(const std::string &bytes) {
    std::string path = write(bytes);
    HostArray array;
    std::string error;
    EXPECT_FALSE(readNpyFile(path, array, error));
    EXPECT_EQ(error.find('\n'), std::string::npos) << error;
    std::string prefix = "npy file '" + path + "': ";
    EXPECT_EQ(error.rfind(prefix, 0), 0u) << error;
    return error.rfind(prefix, 0) == 0 ? error.substr(prefix.size()) : error;
  }

  /// The reason a header dict is refused (with 12 bytes of u8 data).
  std::string dictReason(const std::string &dict) {
    return reason(npyFile(dict, std::string(12, '\1')));
  }

  TempDir dir;
  int files = 0;
};

std::string dict(const std::string &descr, const std::string &shape,
                 const char *order = "False") {
  return "{'descr': '" + descr + "', 'fortran_order': " + order +
         ", 'shape': " + shape + ", }";
}

//===----------------------------------------------------------------------===//
// Round trips
//===----------------------------------------------------------------------===//

TEST_F(NpyTest, ReadsEveryDtype) {
  {
    HostArray a =
        read(npyFile(dict("<f4", "(2, 3)"),
                     littleEndianPayload<float>({0.5f, -1, 2, 3, 4, 1e-3f})));
    EXPECT_EQ(a.dtype, DType::F32);
    EXPECT_EQ(a.shape, (std::vector<int64_t>{2, 3}));
    EXPECT_EQ(toF32(a, 2.0), (std::vector<float>{1, -2, 4, 6, 8, 2e-3f}));
  }
  {
    HostArray a = read(
        npyFile(dict("<f8", "(2,)"), littleEndianPayload<double>({0.25, -8})));
    EXPECT_EQ(a.dtype, DType::F64);
    EXPECT_EQ(toF32(a, 1.0), (std::vector<float>{0.25f, -8}));
  }
  {
    HostArray a = read(
        npyFile(dict("<i4", "(3,)"), littleEndianPayload<int32_t>({7, 0, 9})));
    EXPECT_EQ(a.dtype, DType::I32);
    std::vector<int32_t> labels;
    std::string error;
    ASSERT_TRUE(toClassLabels(a, labels, error)) << error;
    EXPECT_EQ(labels, (std::vector<int32_t>{7, 0, 9}));
  }
  {
    HostArray a = read(npyFile(dict("<i8", "(2,)"),
                               littleEndianPayload<int64_t>({1, 5000000000})));
    EXPECT_EQ(a.dtype, DType::I64);
    EXPECT_EQ(toF32(a, 1.0), (std::vector<float>{1, 5e9f}));
    std::vector<int32_t> labels;
    std::string error;
    EXPECT_FALSE(toClassLabels(a, labels, error));
    EXPECT_EQ(error, "label 5000000000 of sample 1 is not a class index (a "
                     "non-negative i32)");
  }
  {
    HostArray a = read(
        npyFile(dict("|u1", "(1, 2, 2)"), std::string("\x00\x01\xfe\xff", 4)));
    EXPECT_EQ(a.dtype, DType::U8);
    EXPECT_EQ(a.shape, (std::vector<int64_t>{1, 2, 2}));
    EXPECT_EQ(toF32(a, 1.0), (std::vector<float>{0, 1, 254, 255}));
  }
  {
    HostArray a = read(npyFile(dict("|b1", "(3,)"), std::string("\1\0\1", 3)));
    EXPECT_EQ(a.dtype, DType::Bool);
    EXPECT_EQ(toF32(a, 1.0), (std::vector<float>{1, 0, 1}));
  }
}

TEST_F(NpyTest, ReadsVersions2And3) {
  for (int major : {2, 3}) {
    HostArray a = read(npyFile(dict("<i4", "(2,)"),
                               littleEndianPayload<int32_t>({4, 2}), major));
    EXPECT_EQ(a.shape, (std::vector<int64_t>{2})) << major;
    EXPECT_EQ(a.bytes.size(), 8u);
  }
}

TEST_F(NpyTest, HeaderSpellings) {
  std::string data(6, '\2');
  // Double quotes, key order, no trailing comma, Python 2 longs, a rank-0
  // array.
  EXPECT_EQ(read(npyFile("{\"shape\": (2L, 3L), \"fortran_order\": False, "
                         "\"descr\": \"|u1\"}",
                         data))
                .shape,
            (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(read(npyFile(dict("|u1", "(2,3,)"), data)).shape,
            (std::vector<int64_t>{2, 3}));
  HostArray scalar = read(npyFile(dict("|u1", "()"), "\7"));
  EXPECT_TRUE(scalar.shape.empty());
  EXPECT_EQ(scalar.bytes, (std::vector<unsigned char>{7}));
}

//===----------------------------------------------------------------------===//
// Bad header dicts
//===----------------------------------------------------------------------===//

TEST_F(NpyTest, BadHeaderDicts) {
  EXPECT_EQ(dictReason("{'descr': '|u1', 'fortran_order': False}"),
            "bad header: the dict has no 'shape' key");
  EXPECT_EQ(dictReason("{'descr': '|u1', 'shape': (12,)}"),
            "bad header: the dict has no 'fortran_order' key");
  EXPECT_EQ(dictReason("{'descr': '|u1', 'fortran_order': False, "
                       "'shape': (12,), 'extra': 1}"),
            "bad header: unexpected key 'extra' (expected 'descr', "
            "'fortran_order' and 'shape')");
  EXPECT_EQ(dictReason("{'descr': '|u1', 'descr': '|u1', "
                       "'fortran_order': False, 'shape': (12,)}"),
            "bad header: 'descr' appears twice");
  EXPECT_EQ(dictReason("{'descr': [('a', '<f4')], 'fortran_order': False, "
                       "'shape': (12,)}"),
            "bad header: structured dtypes (a list for 'descr') are not "
            "supported");
  EXPECT_EQ(dictReason("{'descr': 5, 'fortran_order': False, 'shape': "
                       "(12,)}"),
            "bad header: expected a string for 'descr' at '5, 'fortran_'");
  EXPECT_EQ(dictReason(dict("|u1", "(12,)", "true")),
            "bad header: expected True or False for 'fortran_order' at "
            "'true, 'shape'");
  EXPECT_EQ(
      dictReason(dict("|u1", "(12)")),
      "bad header: 'shape' (N) is not a tuple; a 1-tuple is written (N,)");
  EXPECT_EQ(dictReason(dict("|u1", "[12]")),
            "bad header: expected a tuple for 'shape' at '[12], }'");
  EXPECT_EQ(dictReason(dict("|u1", "(-12,)")),
            "bad header: expected a non-negative integer in 'shape' at "
            "'-12,), }'");
  EXPECT_EQ(dictReason(dict("|u1", "(3 4)")),
            "bad header: expected ',' or ')' in 'shape' at '4), }'");
  EXPECT_EQ(dictReason(dict("|u1", "(3, 4")),
            "bad header: expected a non-negative integer in 'shape' at '}'");
  EXPECT_EQ(dictReason(dict("|u1", "(99999999999999999999,)")),
            "bad header: a size in 'shape' is too large");
  EXPECT_EQ(dictReason("['descr', '|u1']"),
            "bad header: the header must be a dict starting with '{'");
  EXPECT_EQ(dictReason("{'descr: '|u1'}"),
            "bad header: expected ':' after 'descr: '");
  EXPECT_EQ(dictReason("{'descr': '|u1"), "bad header: unterminated string");
  EXPECT_EQ(dictReason(dict("|u1", "(12,)") + " x"),
            "bad header: unexpected text after the dict at 'x'");
  EXPECT_EQ(dictReason("{'descr': '|u1' 'fortran_order': False}"),
            "bad header: expected ',' or '}' at ''fortran_ord'");
}

TEST_F(NpyTest, UnsupportedDtypesAndFortranOrder) {
  for (const char *descr : {">f4", "<f2", "<u4", "|i1", "<c8", "O"})
    EXPECT_EQ(dictReason(dict(descr, "(12,)")),
              "unsupported dtype '" + std::string(descr) +
                  "' (expected '<f4', '<f8', '<i4', '<i8', '|u1' or '|b1')");
  EXPECT_EQ(dictReason(dict("|u1", "(3, 4)", "True")),
            "fortran_order is True; only C order is supported (save "
            "numpy.ascontiguousarray(a))");
}

TEST_F(NpyTest, ZeroAndHugeShapes) {
  EXPECT_EQ(reason(npyFile(dict("|u1", "(0, 3)"), "")),
            "dimension 0 of the shape is 0: the array is empty");
  EXPECT_EQ(reason(npyFile(dict("<f8", "(4294967296, 4294967296)"), "")),
            "the shape 4294967296 x 4294967296 has more than 2147483648 "
            "elements, the most a data file may hold");
  // 1 GiB of f4 declared, none present: refused before allocating.
  EXPECT_EQ(reason(npyFile(dict("<f4", "(65536, 4096)"), "abcd")),
            "truncated data: the header declares 65536 x 4096 f32 elements "
            "(1073741824 bytes), but only 4 follow");
}

//===----------------------------------------------------------------------===//
// Framing
//===----------------------------------------------------------------------===//

TEST_F(NpyTest, BadMagicAndVersion) {
  EXPECT_EQ(reason(""), "the file is empty");
  EXPECT_EQ(reason("PK\x03\x04 a zip file"),
            "not a .npy file: it does not start with \\x93NUMPY");
  EXPECT_EQ(reason("\x93NUM"), "truncated header: the file ends inside the "
                               "magic string and version");
  std::string file = npyFile(dict("|u1", "(1,)"), "x");
  file[6] = 4;
  EXPECT_EQ(reason(file),
            "unsupported format version 4.0 (expected 1.0, 2.0 or 3.0)");
  file[6] = 1;
  file[7] = 1;
  EXPECT_EQ(reason(file),
            "unsupported format version 1.1 (expected 1.0, 2.0 or 3.0)");
}

TEST_F(NpyTest, TruncatedHeader) {
  std::string file = npyFile(dict("|u1", "(1,)"), "x");
  EXPECT_EQ(reason(file.substr(0, 9)),
            "truncated header: the file ends inside the header length");
  EXPECT_EQ(reason(file.substr(0, 40)),
            "truncated header: it declares 118 bytes, but only 30 follow");
  std::string v2 = npyFile(dict("|u1", "(1,)"), "x", 2);
  EXPECT_EQ(reason(v2.substr(0, 11)),
            "truncated header: the file ends inside the header length");
  // A header length beyond the limit.
  std::string huge = "\x93NUMPY\x02";
  huge += std::string("\0\xff\xff\xff\x7f", 5);
  EXPECT_EQ(reason(huge),
            "the header length 2147483647 is above the limit of 1048576");
}

TEST_F(NpyTest, HeaderWithoutNewlineOrWithNonAscii) {
  std::string file = npyFile(dict("|u1", "(1,)"), "x");
  size_t newline = file.find('\n');
  file[newline] = ' ';
  EXPECT_EQ(reason(file), "bad header: it does not end with a newline");
  EXPECT_EQ(reason(npyFile("{'descr': '|u1', 'fortran_order': False, "
                           "'shape': (1,), '\xc3\xa9': 1}",
                           "x")),
            "bad header: non-ASCII bytes in a version 1.0 header");
}

TEST_F(NpyTest, DataThatDoesNotMatchTheShape) {
  std::string data = littleEndianPayload<float>({1, 2, 3, 4});
  EXPECT_EQ(reason(npyFile(dict("<f4", "(2, 2)"), data.substr(0, 15))),
            "truncated data: the header declares 2 x 2 f32 elements (16 "
            "bytes), but only 15 follow");
  EXPECT_EQ(reason(npyFile(dict("<f4", "(2, 2)"), data + "zz")),
            "the header declares 2 x 2 f32 elements (16 bytes), but 2 more "
            "follow");
  EXPECT_EQ(reason(npyFile(dict("|b1", "(2,)"), "\1\2")),
            "bool element 1 is 2, not 0 or 1");
}

} // namespace
