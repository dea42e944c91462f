//===- IdxTest.cpp - Tests of the IDX reader --------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// readIdxFile on files the tests write: round trips of every element type,
// raw and gzip (one member or several), and adversarial files: wrong magic,
// unknown type, bad rank, truncated headers and data, trailing bytes, zero
// and "negative" sizes, shapes too large to hold or to fit in the file, and
// broken gzip streams. Every failure is one line naming the file; none of
// them allocates what a forged header declares.
//
//===----------------------------------------------------------------------===//

#include "data/Idx.h"

#include "DataFileSupport.h"
#include "TestSupport.h"

#include <sys/resource.h>
#include <unistd.h>

using namespace mdlrt;
using namespace mdlrt::test;

namespace {

class IdxTest : public ::testing::Test {
protected:
  /// Writes `bytes` to a file of the temporary folder and returns its path.
  std::string write(const std::string &name, const std::string &bytes) {
    std::string path = dir.file(name);
    writeWholeFile(path, bytes);
    return path;
  }

  /// Reads `path`, expecting failure; returns the reason after checking
  /// that it is one line naming the file.
  std::string failure(const std::string &path) {
    HostArray array;
    std::string error;
    EXPECT_FALSE(readIdxFile(path, array, error)) << path;
    EXPECT_EQ(error.find('\n'), std::string::npos) << error;
    EXPECT_NE(error.find("idx file '" + path + "'"), std::string::npos)
        << error;
    return error;
  }

  /// The reason with the "idx file 'PATH': " prefix taken off.
  std::string reason(const std::string &path) {
    std::string error = failure(path);
    std::string prefix = "idx file '" + path + "': ";
    return error.rfind(prefix, 0) == 0 ? error.substr(prefix.size()) : error;
  }

  HostArray read(const std::string &path) {
    HostArray array;
    std::string error;
    EXPECT_TRUE(readIdxFile(path, array, error)) << error;
    return array;
  }

  TempDir dir;
};

//===----------------------------------------------------------------------===//
// Round trips
//===----------------------------------------------------------------------===//

TEST_F(IdxTest, ReadsRawU8) {
  std::vector<uint8_t> values(24);
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = static_cast<uint8_t>(i * 10);
  HostArray array = read(write("images", idxU8({2, 3, 4}, values)));
  EXPECT_EQ(array.dtype, DType::U8);
  EXPECT_EQ(array.shape, (std::vector<int64_t>{2, 3, 4}));
  EXPECT_EQ(array.bytes,
            std::vector<unsigned char>(values.begin(), values.end()));
  std::vector<float> scaled = toF32(array, 1.0 / 255.0);
  EXPECT_EQ(scaled[0], 0.0f);
  EXPECT_EQ(scaled[23], static_cast<float>(230.0 / 255.0));
}

TEST_F(IdxTest, GzipReadsTheSameAsRaw) {
  std::vector<uint8_t> values(5000);
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = static_cast<uint8_t>((i * 7919) % 251);
  std::string raw = idxU8({50, 10, 10}, values);
  HostArray plain = read(write("raw", raw));
  for (int level : {0, 1, 9}) {
    HostArray packed = read(write("packed.gz", gzipBytes(raw, level)));
    EXPECT_EQ(packed.shape, plain.shape);
    EXPECT_EQ(packed.bytes, plain.bytes) << "level " << level;
  }
}

TEST_F(IdxTest, GzipMembersConcatenate) {
  std::string raw = idxU8({6}, {1, 2, 3, 4, 5, 6});
  std::string split = gzipBytes(raw.substr(0, 7)) + gzipBytes(raw.substr(7));
  HostArray array = read(write("split.gz", split));
  EXPECT_EQ(array.shape, (std::vector<int64_t>{6}));
  EXPECT_EQ(array.bytes, (std::vector<unsigned char>{1, 2, 3, 4, 5, 6}));
}

TEST_F(IdxTest, ReadsEveryElementTypeBigEndian) {
  {
    HostArray a = read(write(
        "i8", idxFile(kIdxI8, {3}, bigEndianPayload<int8_t>({-1, 5, -128}))));
    EXPECT_EQ(a.dtype, DType::I8);
    EXPECT_EQ(toF32(a, 1.0), (std::vector<float>{-1, 5, -128}));
  }
  {
    HostArray a =
        read(write("i16", idxFile(kIdxI16, {3},
                                  bigEndianPayload<int16_t>({-300, 1000, 7}))));
    EXPECT_EQ(a.dtype, DType::I16);
    EXPECT_EQ(toF32(a, 1.0), (std::vector<float>{-300, 1000, 7}));
  }
  {
    HostArray a = read(
        write("i32", idxFile(kIdxI32, {1, 2},
                             bigEndianPayload<int32_t>({-70000, 123456}))));
    EXPECT_EQ(a.dtype, DType::I32);
    EXPECT_EQ(a.shape, (std::vector<int64_t>{1, 2}));
    EXPECT_EQ(toF32(a, 2.0), (std::vector<float>{-140000, 246912}));
  }
  {
    HostArray a = read(write(
        "f32", idxFile(kIdxF32, {2}, bigEndianPayload<float>({1.5f, -2.25f}))));
    EXPECT_EQ(a.dtype, DType::F32);
    EXPECT_EQ(toF32(a, 1.0), (std::vector<float>{1.5f, -2.25f}));
  }
  {
    HostArray a = read(write(
        "f64", idxFile(kIdxF64, {2}, bigEndianPayload<double>({0.1, -3e5}))));
    EXPECT_EQ(a.dtype, DType::F64);
    EXPECT_EQ(toF32(a, 1.0), (std::vector<float>{0.1f, -3e5f}));
  }
}

TEST_F(IdxTest, LabelsConvertToI32) {
  HostArray a = read(write("labels", idxU8({4}, {0, 9, 3, 255})));
  std::vector<int32_t> labels;
  std::string error;
  ASSERT_TRUE(toClassLabels(a, labels, error)) << error;
  EXPECT_EQ(labels, (std::vector<int32_t>{0, 9, 3, 255}));

  HostArray negative = read(write(
      "negative", idxFile(kIdxI16, {2}, bigEndianPayload<int16_t>({1, -2}))));
  EXPECT_FALSE(toClassLabels(negative, labels, error));
  EXPECT_EQ(error, "label -2 of sample 1 is not a class index (a "
                   "non-negative i32)");

  HostArray floats = read(
      write("floats", idxFile(kIdxF32, {1}, bigEndianPayload<float>({1}))));
  EXPECT_FALSE(toClassLabels(floats, labels, error));
  EXPECT_EQ(error, "labels must be integers, but the file holds f32 values");
}

//===----------------------------------------------------------------------===//
// Bad headers
//===----------------------------------------------------------------------===//

TEST_F(IdxTest, MissingFileOrFolder) {
  std::string missing = dir.file("missing.gz");
  EXPECT_EQ(failure(missing), "cannot open idx file '" + missing +
                                  "': No such file or directory");
  EXPECT_EQ(failure(dir.path()),
            "idx file '" + dir.path() + "': is a folder, not a file");
}

TEST_F(IdxTest, EmptyAndTruncatedMagic) {
  EXPECT_EQ(reason(write("empty", "")), "the file is empty");
  EXPECT_EQ(reason(write("short", std::string("\0\0\x08", 3))),
            "truncated header: the file holds only 3 bytes, fewer than the 4 "
            "of the magic number");
  EXPECT_EQ(reason(write("empty.gz", gzipBytes(""))),
            "the decompressed data is empty");
}

TEST_F(IdxTest, WrongMagic) {
  EXPECT_EQ(reason(write("zip", "PK\x03\x04 not idx")),
            "not an IDX file: it starts with the bytes 50 4b 03 04, not 00 00 "
            "TYPE RANK");
  EXPECT_EQ(reason(write("wrong.gz", gzipBytes("\x01\x02\x03\x04more"))),
            "not an IDX file: it starts with the bytes 01 02 03 04, not 00 00 "
            "TYPE RANK");
}

TEST_F(IdxTest, UnknownTypeAndBadRank) {
  EXPECT_EQ(reason(write("type", idxFile(0x07, {1}, "x"))),
            "unknown element type 0x07 (expected 08 u8, 09 i8, 0B i16, 0C "
            "i32, 0D f32 or 0E f64)");
  EXPECT_EQ(reason(write("rank0", idxFile(kIdxU8, {}, "x"))),
            "rank 0 is out of range (1 to 16)");
  std::string rank17 = idxFile(kIdxU8, std::vector<uint32_t>(17, 1), "x");
  EXPECT_EQ(reason(write("rank17", rank17)),
            "rank 17 is out of range (1 to 16)");
}

TEST_F(IdxTest, TruncatedSizes) {
  // Rank 3 but only two sizes.
  std::string header = idxFile(kIdxU8, {10, 28, 28}, "").substr(0, 12);
  EXPECT_EQ(reason(write("sizes", header)),
            "truncated header: rank 3 needs 12 bytes of sizes after the magic "
            "number, but only 8 follow");
  EXPECT_EQ(reason(write("sizes.gz", gzipBytes(header))),
            "truncated header: rank 3 needs 12 bytes of sizes after the magic "
            "number, but only 8 follow");
}

TEST_F(IdxTest, ZeroAndNegativeSizes) {
  EXPECT_EQ(reason(write("zero", idxFile(kIdxU8, {3, 0, 2}, ""))),
            "dimension 1 of the shape is 0");
  EXPECT_EQ(reason(write("negative", idxFile(kIdxU8, {0xFFFFFFFFu}, ""))),
            "dimension 0 of the shape is 4294967295, negative as a signed "
            "32-bit size");
  EXPECT_EQ(reason(write("big", idxFile(kIdxU8, {0x80000000u, 1}, ""))),
            "dimension 0 of the shape is 2147483648, negative as a signed "
            "32-bit size");
}

TEST_F(IdxTest, ShapesBeyondTheElementLimit) {
  EXPECT_EQ(
      reason(write("overflow",
                   idxFile(kIdxU8, {0x7FFFFFFF, 0x7FFFFFFF, 0x7FFFFFFF}, ""))),
      "the shape 2147483647 x 2147483647 x 2147483647 has more than "
      "2147483648 elements, the most a data file may hold");
  EXPECT_EQ(reason(write("cap", idxFile(kIdxU8, {65536, 32769}, ""))),
            "the shape 65536 x 32769 has more than 2147483648 elements, the "
            "most a data file may hold");
}

//===----------------------------------------------------------------------===//
// Data that does not match the header
//===----------------------------------------------------------------------===//

TEST_F(IdxTest, TruncatedData) {
  std::string file = idxU8({2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
  std::string cut = file.substr(0, file.size() - 3);
  const char *expected = "truncated data: the header declares 2 x 2 x 2 u8 "
                         "elements (8 bytes), but only 5 bytes follow";
  EXPECT_EQ(reason(write("cut", cut)), expected);
  // The same content, compressed whole: the gzip stream is fine, the IDX
  // data inside it is short.
  EXPECT_EQ(reason(write("cut.gz", gzipBytes(cut))), expected);
  std::string wide = idxFile(kIdxI32, {2}, bigEndianPayload<int32_t>({1, 2}));
  EXPECT_EQ(reason(write("wide", wide.substr(0, wide.size() - 1))),
            "truncated data: the header declares 2 i32 elements (8 bytes), "
            "but only 7 bytes follow");
}

TEST_F(IdxTest, TrailingData) {
  std::string file = idxU8({2}, {1, 2}) + "xyz";
  EXPECT_EQ(reason(write("long", file)),
            "the header declares 2 u8 elements (2 bytes), but 3 more bytes "
            "follow");
  EXPECT_EQ(reason(write("long.gz", gzipBytes(file))),
            "the header declares 2 u8 elements (2 bytes), but more bytes "
            "follow");
}

TEST_F(IdxTest, HugeDeclaredDataIsRejectedBeforeAllocating) {
  // 1.5 GiB declared in a 20-byte file, raw and compressed.
  std::string header = idxFile(kIdxU8, {24576, 256, 256}, "");
  EXPECT_EQ(reason(write("huge", header)),
            "truncated data: the header declares 24576 x 256 x 256 u8 elements "
            "(1610612736 bytes), but only 0 bytes follow");
  std::string packed = gzipBytes(header + std::string(1000, '\0'));
  std::string expected =
      "the header declares 24576 x 256 x 256 u8 elements (1610612736 bytes), "
      "more than a gzip file of " +
      std::to_string(packed.size()) +
      " bytes can hold: the file is truncated or corrupt";
  EXPECT_EQ(reason(write("huge.gz", packed)), expected);
  // f64 multiplies the bytes: 2^31 elements of 8 bytes.
  EXPECT_EQ(reason(write("huge64", idxFile(kIdxF64, {32768, 65536}, ""))),
            "truncated data: the header declares 32768 x 65536 f64 elements "
            "(17179869184 bytes), but only 0 bytes follow");
}

/// In a child process: caps the address space at what it uses plus
/// 256 MiB, then exits 0 if every file in `paths` is refused for what its
/// header declares (not for running out of memory), else 1 (3 when the
/// limit cannot be set).
[[noreturn]] void readUnderMemoryLimit(const std::vector<std::string> &paths) {
  long pages = 0;
  long resident = 0;
  if (FILE *statm = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(statm, "%ld %ld", &pages, &resident) != 2)
      pages = 0;
    std::fclose(statm);
  }
  rlim_t used = static_cast<rlim_t>(pages) * ::sysconf(_SC_PAGESIZE);
  rlimit limit;
  limit.rlim_cur = limit.rlim_max = used + (rlim_t(256) << 20);
  if (pages == 0 || ::setrlimit(RLIMIT_AS, &limit) != 0)
    std::_Exit(3);
  for (const std::string &path : paths) {
    HostArray array;
    std::string error;
    if (readIdxFile(path, array, error) ||
        error.find("out of memory") != std::string::npos ||
        error.find("declares") == std::string::npos)
      std::_Exit(1);
  }
  std::_Exit(0);
}

TEST_F(IdxTest, HugeDeclaredDataFitsUnderATightMemoryLimit) {
  std::vector<std::string> paths = {
      write("huge", idxFile(kIdxF64, {32768, 65536}, "")),
      write("huge.gz", gzipBytes(idxFile(kIdxU8, {24576, 256, 256}, "") +
                                 std::string(100000, '\0')))};
  // Both files are refused for what they declare, not for lack of memory,
  // in a child whose address space may grow by 256 MiB only.
  EXPECT_EXIT(readUnderMemoryLimit(paths), ::testing::ExitedWithCode(0), "");
}

//===----------------------------------------------------------------------===//
// Broken gzip streams
//===----------------------------------------------------------------------===//

TEST_F(IdxTest, TruncatedGzipStream) {
  std::vector<uint8_t> values(4096);
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = static_cast<uint8_t>(i * 31 % 256);
  std::string packed = gzipBytes(idxU8({4096}, values));
  for (size_t keep : {packed.size() - 4, packed.size() / 2, size_t(12)})
    EXPECT_EQ(reason(write("cut.gz", packed.substr(0, keep))),
              "truncated gzip data: the compressed stream ends before its end "
              "marker")
        << "kept " << keep << " of " << packed.size() << " bytes";
}

TEST_F(IdxTest, CorruptGzipStream) {
  std::vector<uint8_t> values(4096);
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = static_cast<uint8_t>(i * 31 % 256);
  std::string packed = gzipBytes(idxU8({4096}, values), 0); // stored blocks
  // A flipped data byte: the CRC at the end catches it.
  std::string flipped = packed;
  flipped[packed.size() - 100] ^= 0x55;
  EXPECT_EQ(reason(write("crc.gz", flipped)),
            "corrupt gzip data (incorrect data check)");
  // A wrong length in the trailer.
  std::string length = packed;
  length[packed.size() - 1] ^= 0x01;
  EXPECT_EQ(reason(write("length.gz", length)),
            "corrupt gzip data (incorrect length check)");
  // A broken header: compression method 9 does not exist.
  std::string method = packed;
  method[2] = 9;
  EXPECT_EQ(reason(write("method.gz", method)),
            "corrupt gzip data (unknown compression method)");
}

TEST_F(IdxTest, GarbageAfterTheGzipStream) {
  std::string packed = gzipBytes(idxU8({2}, {7, 8})) + "garbage";
  EXPECT_EQ(reason(write("tail.gz", packed)),
            "unexpected bytes after the end of the gzip stream (incorrect "
            "header check)");
}

} // namespace
