//===- Idx.h - Reading IDX files (MNIST's format) ---------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The IDX format (http://yann.lecun.com/exdb/mnist/), as Fashion-MNIST ships
// it, raw or gzip-compressed (told apart by the first two bytes, 1f 8b):
//   bytes 0-1   zero
//   byte  2     element type: 08 u8, 09 i8, 0B i16, 0C i32, 0D f32, 0E f64
//   byte  3     rank R
//   R x 4 bytes the sizes, unsigned big-endian
//   the rest    the elements, big-endian, row-major
// The reader is strict. It rejects an unknown type, a rank of 0 or above
// kMaxArrayRank, a size of 0 or above 2^31 - 1, more than kMaxArrayElements
// elements, and any file whose length does not match the header: a raw file
// must hold exactly the declared bytes; a gzip file must decompress to
// exactly them, with a valid CRC. Both checks happen before the data is
// allocated: a raw file is compared with its size on disk, a gzip file with
// the most its compressed size can expand to (deflate's limit is 1032:1).
//
// Errors are one line: `idx file 'PATH': what is wrong`.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_DATA_IDX_H
#define MDLRT_DATA_IDX_H

#include "data/Array.h"

#include <string>

namespace mdlrt {

/// The most bytes one byte of a deflate stream can expand to.
constexpr int64_t kMaxDeflateRatio = 1032;

/// Reads the IDX file at `path` (raw or gzip); false with a reason.
bool readIdxFile(const std::string &path, HostArray &array, std::string &error);

} // namespace mdlrt

#endif // MDLRT_DATA_IDX_H
