//===- Array.h - Arrays read from data files --------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// What the readers (data/Idx.h, data/Npy.h) return: a dense row-major array
// of one element type, its bytes already in host byte order, plus the two
// conversions datasets need: any element type to f32 (`toF32`, multiplied by
// a scale, e.g. 1/255 for image bytes) and integer class labels to i32
// (`toClassLabels`).
//
// Every reader bounds what a file may declare before allocating anything:
// shapes are multiplied with overflow checks, capped at kMaxArrayElements,
// and compared with the size of the file, so a forged header cannot make
// the runtime allocate gigabytes.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_DATA_ARRAY_H
#define MDLRT_DATA_ARRAY_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mdlrt {

/// The element types data files hold.
enum class DType { U8, I8, Bool, I16, I32, I64, F32, F64 };

/// "u8", "i8", "bool", "i16", "i32", "i64", "f32", "f64".
const char *dtypeName(DType type);
/// Bytes per element.
size_t dtypeSize(DType type);
/// True for U8, I8, Bool, I16, I32 and I64.
bool isIntegerType(DType type);

/// The most elements a reader accepts in one array: 2^31, i.e. 8 GiB once
/// converted to f32, far beyond any dataset a single process trains on, and
/// small enough that byte counts and sample indices stay within int64/uint32.
constexpr int64_t kMaxArrayElements = int64_t(1) << 31;

/// The most dimensions a reader accepts.
constexpr size_t kMaxArrayRank = 16;

struct HostArray {
  DType dtype = DType::U8;
  std::vector<int64_t> shape;
  /// numElements() * dtypeSize(dtype) bytes, host byte order, row-major.
  std::vector<unsigned char> bytes;

  int64_t numElements() const;
};

/// The number of elements of `shape`, or -1 when a size is negative, the
/// product overflows or it exceeds `limit`.
int64_t checkedElementCount(const std::vector<int64_t> &shape,
                            int64_t limit = kMaxArrayElements);

/// "60000 x 28 x 28" for diagnostics ("scalar" for rank 0).
std::string formatDims(const std::vector<int64_t> &shape);

/// Every element as float(double(value) * scale).
std::vector<float> toF32(const HostArray &array, double scale);

/// Every element as an i32 class label. Fails, naming the first offending
/// element, unless the array holds integers (or bools) in [0, INT32_MAX].
bool toClassLabels(const HostArray &array, std::vector<int32_t> &labels,
                   std::string &error);

/// Reverses the bytes of every element (big- or little-endian file data to
/// host order). `bytes` must hold whole elements of `elementSize` bytes.
void swapElementBytes(std::vector<unsigned char> &bytes, size_t elementSize);

/// Whether the host is little-endian (file formats say their own order).
constexpr bool kHostIsLittleEndian = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;

} // namespace mdlrt

#endif // MDLRT_DATA_ARRAY_H
