//===- Tensor.h - A named f32 tensor held by the runtime --------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The runtime's own copy of a tensor: what `param_final` records and what
// checkpoints are written from. Data is dense row-major.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_CORE_TENSOR_H
#define MDLRT_CORE_TENSOR_H

#include <cstdint>
#include <string>
#include <vector>

namespace mdlrt {

struct F32Tensor {
  std::string name;
  std::vector<int64_t> shape;
  std::vector<float> data;
};

/// The number of elements of `shape` (1 for rank 0), or -1 if a size is
/// negative or the product overflows int64.
inline int64_t numElements(const std::vector<int64_t> &shape) {
  int64_t count = 1;
  for (int64_t size : shape)
    if (size < 0 || __builtin_mul_overflow(count, size, &count))
      return -1;
  return count;
}

} // namespace mdlrt

#endif // MDLRT_CORE_TENSOR_H
