//===- SafetensorsTest.cpp - Tests of the safetensors format ----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Round trips through the writer and the reader, the exact layout of a
// written file (header length, padding, metadata, name order, offsets), a
// file built by hand from the specification, and the rejection of corrupt
// files.
//
//===----------------------------------------------------------------------===//

#include "checkpoint/Safetensors.h"

#include "core/Json.h"

#include "TestSupport.h"

#include <cstring>

using namespace mdlrt;
using namespace mdlrt::test;

namespace {

std::string littleEndian64(uint64_t value) {
  std::string bytes;
  for (int i = 0; i < 8; ++i)
    bytes += static_cast<char>((value >> (8 * i)) & 0xFF);
  return bytes;
}

/// A file with `header` (unpadded) followed by `data`.
std::string makeFile(const std::string &header, const std::string &data) {
  return littleEndian64(header.size()) + header + data;
}

std::string floats(std::vector<float> values) {
  return std::string(reinterpret_cast<const char *>(values.data()),
                     values.size() * sizeof(float));
}

std::vector<F32Tensor> sampleTensors() {
  return {
      {"linear.weight", {2, 3}, {1, 2, 3, 4, 5, 6}},
      {"linear.bias", {2}, {-0.5f, 0.25f}},
      {"scale", {}, {3.5f}},
      {"empty", {0, 4}, {}},
  };
}

//===----------------------------------------------------------------------===//
// Writing and reading back
//===----------------------------------------------------------------------===//

TEST(SafetensorsTest, RoundTrip) {
  std::string bytes, error;
  ASSERT_TRUE(serializeSafetensors(sampleTensors(), bytes, error)) << error;
  SafetensorsFile file;
  ASSERT_TRUE(SafetensorsFile::parse(bytes, file, error)) << error;
  EXPECT_EQ(file.metadata(), (std::map<std::string, std::string>{
                                 {"format", "pt"}, {"producer", "mdlc"}}));
  ASSERT_EQ(file.tensors().size(), 4u);
  for (const F32Tensor &tensor : sampleTensors()) {
    const SafetensorsEntry *entry = file.find(tensor.name);
    ASSERT_NE(entry, nullptr) << tensor.name;
    EXPECT_EQ(entry->dtype, "F32");
    EXPECT_EQ(entry->shape, tensor.shape);
    std::vector<float> values;
    ASSERT_TRUE(file.readF32(*entry, values, error)) << error;
    EXPECT_EQ(values, tensor.data) << tensor.name;
  }
  EXPECT_EQ(file.find("missing"), nullptr);
}

TEST(SafetensorsTest, LayoutOfAWrittenFile) {
  std::string bytes, error;
  ASSERT_TRUE(serializeSafetensors(sampleTensors(), bytes, error)) << error;
  uint64_t headerSize;
  std::memcpy(&headerSize, bytes.data(), 8);
  EXPECT_EQ((8 + headerSize) % 8, 0u) << "header not padded";
  ASSERT_LE(8 + headerSize, bytes.size());
  std::string header = bytes.substr(8, headerSize);
  EXPECT_EQ(header[0], '{');
  size_t close = header.find_last_not_of(' ');
  EXPECT_EQ(header[close], '}');
  EXPECT_LT(header.size() - close - 1, 8u) << "at most 7 padding spaces";

  JsonValue json;
  ASSERT_TRUE(parseJson(header, json, error)) << error;
  std::vector<std::string> keys;
  for (const JsonValue::Member &member : json.members())
    keys.push_back(member.first);
  EXPECT_EQ(keys,
            (std::vector<std::string>{"__metadata__", "empty", "linear.bias",
                                      "linear.weight", "scale"}));
  // Data in name order: empty (0 bytes), bias (8), weight (24), scale (4).
  auto offsets = [&](const char *name) {
    const JsonValue &o = *json.find(name)->find("data_offsets");
    return std::make_pair(o.elements()[0].asInt(), o.elements()[1].asInt());
  };
  EXPECT_EQ(offsets("empty"), std::make_pair(int64_t(0), int64_t(0)));
  EXPECT_EQ(offsets("linear.bias"), std::make_pair(int64_t(0), int64_t(8)));
  EXPECT_EQ(offsets("linear.weight"), std::make_pair(int64_t(8), int64_t(32)));
  EXPECT_EQ(offsets("scale"), std::make_pair(int64_t(32), int64_t(36)));
  EXPECT_EQ(bytes.size(), 8 + headerSize + 36);
  EXPECT_EQ(bytes.substr(8 + headerSize),
            floats({-0.5f, 0.25f, 1, 2, 3, 4, 5, 6, 3.5f}));
}

TEST(SafetensorsTest, EmptyFileHasOnlyMetadata) {
  std::string bytes, error;
  ASSERT_TRUE(serializeSafetensors({}, bytes, error)) << error;
  SafetensorsFile file;
  ASSERT_TRUE(SafetensorsFile::parse(bytes, file, error)) << error;
  EXPECT_TRUE(file.tensors().empty());
  EXPECT_EQ(bytes.size() % 8, 0u);
}

TEST(SafetensorsTest, WriterRejectsBadTensors) {
  std::string bytes, error;
  EXPECT_FALSE(serializeSafetensors({{"", {1}, {1}}}, bytes, error));
  EXPECT_FALSE(
      serializeSafetensors({{"__metadata__", {1}, {1}}}, bytes, error));
  EXPECT_FALSE(
      serializeSafetensors({{"a", {1}, {1}}, {"a", {1}, {2}}}, bytes, error));
  EXPECT_EQ(error, "duplicate tensor name 'a'");
  EXPECT_FALSE(serializeSafetensors({{"a", {2, 2}, {1, 2, 3}}}, bytes, error));
  EXPECT_EQ(error, "tensor 'a' has 3 values for shape [2,2]");
}

TEST(SafetensorsTest, ReadsAHandMadeFile) {
  // As the specification's example: unpadded header, other key order.
  std::string file = makeFile(
      "{\"b\":{\"shape\":[1],\"dtype\":\"F32\",\"data_offsets\":[8,12]},"
      "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}",
      floats({1.5f, -2.0f, 7.0f}));
  SafetensorsFile parsed;
  std::string error;
  ASSERT_TRUE(SafetensorsFile::parse(file, parsed, error)) << error;
  ASSERT_EQ(parsed.tensors().size(), 2u);
  EXPECT_EQ(parsed.tensors()[0].name, "a");
  std::vector<float> values;
  ASSERT_TRUE(parsed.readF32(*parsed.find("a"), values, error));
  EXPECT_EQ(values, (std::vector<float>{1.5f, -2.0f}));
  ASSERT_TRUE(parsed.readF32(*parsed.find("b"), values, error));
  EXPECT_EQ(values, (std::vector<float>{7.0f}));
  EXPECT_TRUE(parsed.metadata().empty());
}

TEST(SafetensorsTest, OtherDtypesAreReadButNotAsF32) {
  std::string file = makeFile(
      "{\"h\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}",
      std::string(4, '\0'));
  SafetensorsFile parsed;
  std::string error;
  ASSERT_TRUE(SafetensorsFile::parse(file, parsed, error)) << error;
  EXPECT_EQ(parsed.bytes(parsed.tensors()[0]).size(), 4u);
  std::vector<float> values;
  EXPECT_FALSE(parsed.readF32(parsed.tensors()[0], values, error));
  EXPECT_EQ(error, "tensor 'h' has dtype BF16, not F32");
}

TEST(SafetensorsTest, FileRoundTripThroughDisk) {
  TempDir dir;
  std::string path = dir.file("w.safetensors");
  std::string error;
  ASSERT_TRUE(writeSafetensorsFile(path, sampleTensors(), error)) << error;
  SafetensorsFile file;
  ASSERT_TRUE(SafetensorsFile::read(path, file, error)) << error;
  EXPECT_EQ(file.tensors().size(), 4u);
  EXPECT_FALSE(SafetensorsFile::read(dir.file("missing"), file, error));
  EXPECT_EQ(error, "cannot open '" + dir.file("missing") +
                       "': No such file or directory");
}

//===----------------------------------------------------------------------===//
// Corrupt files
//===----------------------------------------------------------------------===//

struct CorruptCase {
  const char *name;
  std::string bytes;
  const char *error; // a prefix of the reason
};

std::string validFile() {
  std::string bytes, error;
  serializeSafetensors(sampleTensors(), bytes, error);
  return bytes;
}

std::string entry(const std::string &name, const std::string &dtype,
                  const std::string &shape, const std::string &offsets) {
  return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape +
         ",\"data_offsets\":" + offsets + "}";
}

std::vector<CorruptCase> corruptCases() {
  std::string valid = validFile();
  std::string eight(8, 'x');
  return {
      {"Empty", "", "file of 0 bytes is too short"},
      {"ShorterThanLength", valid.substr(0, 5), "file of 5 bytes is too short"},
      {"TruncatedHeader", valid.substr(0, 40), "header length"},
      {"TruncatedData", valid.substr(0, valid.size() - 4),
       "tensor 'scale' has data_offsets [32, 36] outside the 32 data bytes"},
      {"TrailingBytes", valid + "xxxx", "data bytes [36, 40) belong to no"},
      {"HugeHeaderLength", littleEndian64(uint64_t(1) << 62) + "{}",
       "header length 4611686018427387904 is larger than the limit"},
      {"LengthBeyondFile", littleEndian64(100) + "{}",
       "header length 100 "
       "exceeds"},
      {"NotAnObject", makeFile("[1,2]", ""), "header does not start with"},
      {"BadJson", makeFile("{\"a\":", ""), "invalid header JSON"},
      {"TrailingComma",
       makeFile("{" + entry("a", "F32", "[1]", "[0,4]") + ",}",
                eight.substr(4)),
       "invalid header JSON"},
      {"DuplicateName",
       makeFile("{" + entry("a", "F32", "[1]", "[0,4]") + "," +
                    entry("a", "F32", "[1]", "[4,8]") + "}",
                eight),
       "invalid header JSON: at byte"},
      {"UnknownDtype",
       makeFile("{" + entry("a", "F33", "[1]", "[0,4]") + "}", eight.substr(4)),
       "tensor 'a' has an unknown dtype"},
      {"UnknownKey",
       makeFile("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":"
                "[0,4],\"stride\":[1]}}",
                eight.substr(4)),
       "tensor 'a' has unknown key 'stride'"},
      {"MissingOffsets",
       makeFile("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", eight.substr(4)),
       "tensor 'a' lacks data_offsets"},
      {"NegativeShape",
       makeFile("{" + entry("a", "F32", "[-1]", "[0,4]") + "}",
                eight.substr(4)),
       "tensor 'a' has a shape that is not non-negative integers"},
      {"FractionalShape",
       makeFile("{" + entry("a", "F32", "[1.0]", "[0,4]") + "}",
                eight.substr(4)),
       "tensor 'a' has a shape that is not non-negative integers"},
      {"ShapeOverflow",
       makeFile("{" +
                    entry("a", "F32", "[4294967296,4294967296,4294967296]",
                          "[0,4]") +
                    "}",
                eight.substr(4)),
       "tensor 'a' has a shape too large"},
      {"ShapeDoesNotMatchBytes",
       makeFile("{" + entry("a", "F32", "[3]", "[0,8]") + "}", eight),
       "tensor 'a' has 8 data bytes, but its shape and dtype need 12"},
      {"OffsetsOutOfRange",
       makeFile("{" + entry("a", "F32", "[4]", "[0,16]") + "}", eight),
       "tensor 'a' has data_offsets [0, 16] outside the 8 data bytes"},
      {"OffsetsReversed",
       makeFile("{" + entry("a", "F32", "[1]", "[8,4]") + "}", eight),
       "tensor 'a' has data_offsets [8, 4] outside"},
      {"OffsetsNotPair",
       makeFile("{" + entry("a", "F32", "[1]", "[0,4,8]") + "}", eight),
       "tensor 'a' has data_offsets that are not two"},
      {"Overlap",
       makeFile("{" + entry("a", "F32", "[2]", "[0,8]") + "," +
                    entry("b", "F32", "[1]", "[4,8]") + "}",
                eight),
       "tensor 'b' overlaps another tensor"},
      {"Hole", makeFile("{" + entry("a", "F32", "[1]", "[4,8]") + "}", eight),
       "data bytes [0, 4) belong to no tensor"},
      {"MetadataNotStrings", makeFile("{\"__metadata__\":{\"epoch\":3}}", ""),
       "__metadata__ value of 'epoch' is not a string"},
      {"EntryNotObject", makeFile("{\"a\":[1]}", ""),
       "tensor 'a' is not an "
       "object"},
  };
}

class CorruptSafetensorsTest : public ::testing::TestWithParam<CorruptCase> {};

TEST_P(CorruptSafetensorsTest, IsRejected) {
  SafetensorsFile file;
  std::string error;
  EXPECT_FALSE(SafetensorsFile::parse(GetParam().bytes, file, error));
  EXPECT_EQ(error.rfind(GetParam().error, 0), 0u) << error;
  EXPECT_TRUE(file.tensors().empty());
}

INSTANTIATE_TEST_SUITE_P(Safetensors, CorruptSafetensorsTest,
                         ::testing::ValuesIn(corruptCases()),
                         [](const auto &info) { return info.param.name; });

TEST(SafetensorsTest, ReadNamesTheFileOfACorruptCheckpoint) {
  TempDir dir;
  std::string path = dir.file("bad.safetensors");
  writeWholeFile(path, "abc");
  SafetensorsFile file;
  std::string error;
  EXPECT_FALSE(SafetensorsFile::read(path, file, error));
  EXPECT_EQ(error, "'" + path +
                       "' is not a valid safetensors file: file of 3 "
                       "bytes is too short for a safetensors header");
}

} // namespace
