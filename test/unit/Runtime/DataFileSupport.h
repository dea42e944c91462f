//===- DataFileSupport.h - Building data files in tests ---------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The bytes of small IDX and .npy files, written the way the real tools
// write them, and gzip compression with zlib, so that the reader tests build
// every input (good or forged) themselves.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_TEST_UNIT_RUNTIME_DATAFILESUPPORT_H
#define MDLRT_TEST_UNIT_RUNTIME_DATAFILESUPPORT_H

#include "gtest/gtest.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>
#include <zlib.h>

namespace mdlrt::test {

/// IDX type bytes.
constexpr uint8_t kIdxU8 = 0x08, kIdxI8 = 0x09, kIdxI16 = 0x0B, kIdxI32 = 0x0C,
                  kIdxF32 = 0x0D, kIdxF64 = 0x0E;

inline void appendBigEndian(std::string &out, uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i)
    out += static_cast<char>((value >> (8 * i)) & 0xff);
}

/// An IDX header (magic and sizes) followed by `payload` as it is.
inline std::string idxFile(uint8_t type, const std::vector<uint32_t> &dims,
                           const std::string &payload) {
  std::string bytes;
  bytes += '\0';
  bytes += '\0';
  bytes += static_cast<char>(type);
  bytes += static_cast<char>(dims.size());
  for (uint32_t size : dims)
    appendBigEndian(bytes, size, 4);
  return bytes + payload;
}

/// An IDX file of u8 values.
inline std::string idxU8(const std::vector<uint32_t> &dims,
                         const std::vector<uint8_t> &values) {
  return idxFile(kIdxU8, dims, std::string(values.begin(), values.end()));
}

/// Big-endian bytes of values of type T (integers or floats).
template <typename T>
std::string bigEndianPayload(const std::vector<T> &values) {
  std::string out;
  for (T value : values) {
    uint64_t bits = 0;
    std::memcpy(&bits, &value, sizeof(T));
    appendBigEndian(out, bits, sizeof(T));
  }
  return out;
}

/// `bytes` as one gzip member, compressed by zlib.
inline std::string gzipBytes(const std::string &bytes, int level = 6) {
  z_stream stream{};
  EXPECT_EQ(deflateInit2(&stream, level, Z_DEFLATED, 16 + MAX_WBITS, 8,
                         Z_DEFAULT_STRATEGY),
            Z_OK);
  std::string out(deflateBound(&stream, bytes.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef *>(&out[0]);
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

/// A .npy file: magic, version `major`.0, the header length, `dict`
/// padded with spaces and a newline to a multiple of 64 bytes, then `data`.
inline std::string npyFile(const std::string &dict, const std::string &data,
                           int major = 1) {
  size_t lengthBytes = major == 1 ? 2 : 4;
  size_t prefix = 8 + lengthBytes;
  std::string header = dict;
  while ((prefix + header.size() + 1) % 64 != 0)
    header += ' ';
  header += '\n';
  std::string bytes = "\x93NUMPY";
  bytes += static_cast<char>(major);
  bytes += '\0';
  for (size_t i = 0; i < lengthBytes; ++i)
    bytes += static_cast<char>((header.size() >> (8 * i)) & 0xff);
  return bytes + header + data;
}

/// The little-endian bytes of `values`, as .npy stores them.
template <typename T>
std::string littleEndianPayload(const std::vector<T> &values) {
  static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
                "the tests build .npy data by copying host bytes");
  std::string out(values.size() * sizeof(T), '\0');
  if (!values.empty())
    std::memcpy(&out[0], values.data(), out.size());
  return out;
}

} // namespace mdlrt::test

#endif // MDLRT_TEST_UNIT_RUNTIME_DATAFILESUPPORT_H
