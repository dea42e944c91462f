//===- Idx.cpp - Reading IDX files (MNIST's format) -------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The file is read through a `ByteSource`: the raw file, or zlib inflating
// it as it is read (gzip members one after another, as gunzip does). The
// header is decoded and checked first; only then is the data allocated and
// read, and the file must end exactly where the header says.
//
// This is the runtime's only user of zlib. It is kept apart from the code
// every program links (batching, synthetic_linear), so that a program which
// never reads IDX files pulls none of it out of libmdlrt.a.
//
//===----------------------------------------------------------------------===//

#include "data/Idx.h"

#include "core/Error.h"
#include "data/InputFile.h"

#include <algorithm>
#include <climits>
#include <memory>
#include <new>
#include <zlib.h>

namespace mdlrt {

namespace {

/// The bytes of an IDX file, decompressed if need be.
class ByteSource {
public:
  virtual ~ByteSource() = default;
  /// Reads up to `count` bytes; fewer only at the end of the data or on an
  /// error, which sets `error`.
  virtual size_t read(void *buffer, size_t count, std::string &error) = 0;
};

class RawSource : public ByteSource {
public:
  explicit RawSource(InputFile &file) : file(file) {}
  size_t read(void *buffer, size_t count, std::string &error) override {
    return file.read(buffer, count, error);
  }

private:
  InputFile &file;
};

class GzipSource : public ByteSource {
public:
  explicit GzipSource(InputFile &file) : file(file) {}
  ~GzipSource() override {
    if (started)
      inflateEnd(&stream);
  }

  bool start(std::string &error) {
    // 16 + MAX_WBITS: a gzip wrapper (header, CRC-32 and length checked).
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) {
      error = file.describe("cannot start zlib's decompressor");
      return false;
    }
    started = true;
    return true;
  }

  size_t read(void *buffer, size_t count, std::string &error) override {
    size_t total = 0;
    auto *out = static_cast<unsigned char *>(buffer);
    while (total < count) {
      size_t chunk = std::min<size_t>(count - total, 1u << 30);
      size_t got = readChunk(out + total, chunk, error);
      total += got;
      if (got < chunk)
        break;
    }
    return total;
  }

private:
  /// Refills the input when it is used up; false once the file is at its
  /// end (or on a read error, which sets `error`) and no input is left.
  bool fill(std::string &error) {
    if (stream.avail_in > 0)
      return true;
    if (inputEnded)
      return false;
    size_t got = file.read(input, sizeof input, error);
    stream.next_in = input;
    stream.avail_in = static_cast<uInt>(got);
    if (got == 0)
      inputEnded = true;
    return got > 0;
  }

  size_t readChunk(unsigned char *out, size_t count, std::string &error) {
    stream.next_out = out;
    stream.avail_out = static_cast<uInt>(count);
    while (stream.avail_out > 0) {
      if (memberEnded) {
        // Another gzip member may follow (gzip files concatenate).
        if (!fill(error))
          break; // the end of the data, or a read error
        if (inflateReset(&stream) != Z_OK) {
          error = file.describe("cannot restart zlib's decompressor");
          break;
        }
        memberEnded = false;
        afterMember = true;
      }
      // With no input left, inflate may still flush output it holds.
      fill(error);
      if (!error.empty())
        break;
      uInt before = stream.avail_out;
      int status = inflate(&stream, Z_NO_FLUSH);
      if (stream.avail_out != before)
        afterMember = false;
      if (status == Z_STREAM_END) {
        memberEnded = true;
        continue;
      }
      if (status == Z_OK)
        continue;
      if (status == Z_BUF_ERROR) { // no progress possible
        if (stream.avail_in == 0 && inputEnded) {
          error = file.describe("truncated gzip data: the compressed stream "
                                "ends before its end marker");
          break;
        }
        continue;
      }
      std::string reason = stream.msg ? stream.msg : zError(status);
      if (afterMember)
        error = file.describe("unexpected bytes after the end of the gzip "
                              "stream (" +
                              reason + ")");
      else
        error = file.describe("corrupt gzip data (" + reason + ")");
      break;
    }
    return count - stream.avail_out;
  }

  InputFile &file;
  z_stream stream{};
  bool started = false;
  bool memberEnded = false;
  bool inputEnded = false;
  bool afterMember = false;
  unsigned char input[65536];
};

/// The element type of IDX type byte `code`.
bool idxType(unsigned code, DType &type) {
  switch (code) {
  case 0x08:
    type = DType::U8;
    return true;
  case 0x09:
    type = DType::I8;
    return true;
  case 0x0B:
    type = DType::I16;
    return true;
  case 0x0C:
    type = DType::I32;
    return true;
  case 0x0D:
    type = DType::F32;
    return true;
  case 0x0E:
    type = DType::F64;
    return true;
  }
  return false;
}

std::string plural(int64_t count, const char *one, const char *many) {
  return std::to_string(count) + " " + (count == 1 ? one : many);
}

} // namespace

bool readIdxFile(const std::string &path, HostArray &array,
                 std::string &error) {
  InputFile file("idx file", path);
  if (!file.open(error))
    return false;
  auto fail = [&](const std::string &reason) {
    error = file.describe(reason);
    return false;
  };

  unsigned char magic[2] = {0, 0};
  size_t got = file.read(magic, 2, error);
  if (!error.empty() || !file.rewind(error))
    return false;
  bool gzip = got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
  std::unique_ptr<ByteSource> source;
  if (gzip) {
    auto inflater = std::make_unique<GzipSource>(file);
    if (!inflater->start(error))
      return false;
    source = std::move(inflater);
  } else {
    source = std::make_unique<RawSource>(file);
  }
  const char *holder = gzip ? "the decompressed data holds" : "the file holds";

  // The magic number: 00 00 TYPE RANK.
  unsigned char header[4];
  got = source->read(header, sizeof header, error);
  if (!error.empty())
    return false;
  if (got == 0)
    return fail(gzip ? "the decompressed data is empty" : "the file is empty");
  if (got < sizeof header)
    return fail(std::string("truncated header: ") + holder + " only " +
                plural(static_cast<int64_t>(got), "byte", "bytes") +
                ", fewer than the 4 of the magic number");
  if (header[0] != 0 || header[1] != 0)
    return fail(formatString("not an IDX file: it starts with the bytes %02x "
                             "%02x %02x %02x, not 00 00 TYPE RANK",
                             header[0], header[1], header[2], header[3]));
  if (!idxType(header[2], array.dtype))
    return fail(formatString("unknown element type 0x%02X (expected 08 u8, "
                             "09 i8, 0B i16, 0C i32, 0D f32 or 0E f64)",
                             header[2]));
  unsigned rank = header[3];
  if (rank == 0 || rank > kMaxArrayRank)
    return fail(formatString("rank %u is out of range (1 to %zu)", rank,
                             kMaxArrayRank));

  // The sizes, unsigned big-endian.
  unsigned char sizes[4 * kMaxArrayRank];
  got = source->read(sizes, 4 * rank, error);
  if (!error.empty())
    return false;
  if (got < 4 * rank)
    return fail(formatString("truncated header: rank %u needs %u bytes of "
                             "sizes after the magic number, but only %zu "
                             "follow",
                             rank, 4 * rank, got));
  array.shape.assign(rank, 0);
  for (unsigned i = 0; i < rank; ++i) {
    const unsigned char *b = sizes + 4 * i;
    uint32_t size = (uint32_t(b[0]) << 24) | (uint32_t(b[1]) << 16) |
                    (uint32_t(b[2]) << 8) | uint32_t(b[3]);
    if (size == 0)
      return fail(formatString("dimension %u of the shape is 0", i));
    if (size > INT32_MAX)
      return fail(formatString("dimension %u of the shape is %u, negative as "
                               "a signed 32-bit size",
                               i, size));
    array.shape[i] = size;
  }
  int64_t elements = checkedElementCount(array.shape);
  if (elements < 0)
    return fail("the shape " + formatDims(array.shape) + " has more than " +
                std::to_string(kMaxArrayElements) +
                " elements, the most a data file may hold");

  // Check the declared size against the file before allocating it.
  int64_t headerBytes = 4 + 4 * static_cast<int64_t>(rank);
  int64_t dataBytes = elements * static_cast<int64_t>(dtypeSize(array.dtype));
  std::string declared = "the header declares " + formatDims(array.shape) +
                         " " + dtypeName(array.dtype) + " elements (" +
                         plural(dataBytes, "byte", "bytes") + ")";
  if (!gzip) {
    int64_t available = file.size() - headerBytes;
    if (available < dataBytes)
      return fail("truncated data: " + declared + ", but only " +
                  plural(available, "byte follows", "bytes follow"));
    if (available > dataBytes)
      return fail(declared + ", but " +
                  plural(available - dataBytes, "more byte follows",
                         "more bytes follow"));
  } else if (headerBytes + dataBytes > file.size() * kMaxDeflateRatio) {
    return fail(declared + ", more than a gzip file of " +
                plural(file.size(), "byte", "bytes") +
                " can hold: the file is truncated or corrupt");
  }

  try {
    array.bytes.assign(static_cast<size_t>(dataBytes), 0);
  } catch (const std::bad_alloc &) {
    return fail("out of memory: " + declared);
  }
  got = source->read(array.bytes.data(), array.bytes.size(), error);
  if (!error.empty())
    return false;
  if (got < array.bytes.size())
    return fail(
        "truncated data: " + declared + ", but only " +
        plural(static_cast<int64_t>(got), "byte follows", "bytes follow"));
  unsigned char extra;
  if (source->read(&extra, 1, error) > 0)
    return fail(declared + ", but more bytes follow");
  if (!error.empty())
    return false;

  if (kHostIsLittleEndian)
    swapElementBytes(array.bytes, dtypeSize(array.dtype));
  return true;
}

} // namespace mdlrt
