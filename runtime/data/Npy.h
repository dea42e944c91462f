//===- Npy.h - Reading NumPy .npy files -------------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The .npy format (numpy.lib.format), versions 1.0, 2.0 and 3.0:
//   6 bytes   "\x93NUMPY"
//   2 bytes   major, minor version: 1 0, 2 0 or 3 0
//   2 or 4    the header length H, unsigned little-endian (2 bytes in 1.0)
//   H bytes   a Python dict literal, padded with spaces and ended by '\n':
//             {'descr': '<f4', 'fortran_order': False, 'shape': (60000, 784), }
//   the rest  the elements, row-major
// Accepted element types: '<f4' '<f8' '<i4' '<i8' '|u1' '|b1' (bools must
// be 0 or 1). The reader is strict: the dict must have exactly these three
// keys, the shape must be a tuple of positive integers (a 1-tuple with its
// comma), fortran_order must be False (Fortran order is refused, not
// transposed), and the data must be exactly as long as the shape says. The
// size check happens before the data is allocated.
//
// Errors are one line: `npy file 'PATH': what is wrong`.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_DATA_NPY_H
#define MDLRT_DATA_NPY_H

#include "data/Array.h"

#include <string>
#include <string_view>

namespace mdlrt {

/// The longest header the reader accepts (numpy's own default limit for
/// safe loading is 10000 bytes).
constexpr uint32_t kMaxNpyHeader = 1u << 20;

/// The dict of a .npy header.
struct NpyHeader {
  std::string descr;
  bool fortranOrder = false;
  std::vector<int64_t> shape;
};

/// Parses the dict literal of a header (without the padding rules); false
/// with a reason.
bool parseNpyHeaderDict(std::string_view text, NpyHeader &header,
                        std::string &error);

/// Reads the .npy file at `path`; false with a reason.
bool readNpyFile(const std::string &path, HostArray &array, std::string &error);

} // namespace mdlrt

#endif // MDLRT_DATA_NPY_H
