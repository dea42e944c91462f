//===- Memref.h - Checked views of MLIR memref descriptors ------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Generated code passes tensors as unranked memref descriptors (mdlrt.h).
// `MemrefView` reads one, checks it and exposes its data, rank and sizes.
// The runtime only ever reads or writes whole tensors, so it requires the
// identity layout (contiguous row-major); anything else is a compiler bug
// and ends the process through `internalError`.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_CORE_MEMREF_H
#define MDLRT_CORE_MEMREF_H

#include "core/Tensor.h"
#include "mdlrt/mdlrt.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mdlrt {

/// The largest rank the runtime accepts (a sanity bound on the descriptor).
constexpr int64_t kMaxMemrefRank = 16;

/// A checked, contiguous row-major view of a memref.
class MemrefView {
public:
  /// Checks `memref` (non-null, rank in [0, kMaxMemrefRank], non-negative
  /// sizes, row-major contiguous strides, non-null data when not empty);
  /// `what` names the argument in the internal error on a mismatch.
  MemrefView(const mdlrt_unranked_memref *memref, size_t elementSize,
             const std::string &what);

  int64_t rank() const { return static_cast<int64_t>(dims.size()); }
  const std::vector<int64_t> &shape() const { return dims; }
  int64_t numElements() const { return elements; }
  /// The first element: aligned pointer + offset.
  void *data() const { return first; }

  /// Ends the process with an internal error unless the shape is `expected`.
  void expectShape(const std::vector<int64_t> &expected) const;

private:
  std::string what;
  std::vector<int64_t> dims;
  int64_t elements = 1;
  void *first = nullptr;
};

/// The bytes of a string argument: a rank-1 i8 memref.
std::string readStringMemref(const mdlrt_unranked_memref *memref,
                             const std::string &what);

/// A copy of the f32 tensor in `memref`, named `name`; `what` names the
/// argument in internal errors.
F32Tensor copyF32Tensor(const mdlrt_unranked_memref *memref, std::string name,
                        const std::string &what);

/// "[2, 3]" for diagnostics.
std::string formatShape(const std::vector<int64_t> &shape);

} // namespace mdlrt

#endif // MDLRT_CORE_MEMREF_H
