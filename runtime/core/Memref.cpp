//===- Memref.cpp - Checked views of MLIR memref descriptors ----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Decodes the ranked descriptor layout {allocated, aligned, offset,
// sizes[rank], strides[rank]} and enforces the identity layout. A stride is
// only checked for dimensions of size > 1: MLIR may give size-1 dimensions
// any stride, and they never affect addressing.
//
//===----------------------------------------------------------------------===//

#include "core/Memref.h"

#include "core/Error.h"

#include <cstring>

namespace mdlrt {

std::string formatShape(const std::vector<int64_t> &shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      text += ", ";
    text += std::to_string(shape[i]);
  }
  return text + "]";
}

MemrefView::MemrefView(const mdlrt_unranked_memref *memref, size_t elementSize,
                       const std::string &what)
    : what(what) {
  if (!memref || !memref->descriptor)
    internalError(what + ": null memref descriptor");
  if (memref->rank < 0 || memref->rank > kMaxMemrefRank)
    internalError(formatString("%s: memref rank %lld is out of range",
                               what.c_str(),
                               static_cast<long long>(memref->rank)));
  const auto *header =
      static_cast<const mdlrt_memref_header *>(memref->descriptor);
  int64_t rank = memref->rank;
  const int64_t *sizes = header->sizes_and_strides;
  const int64_t *strides = header->sizes_and_strides + rank;

  dims.assign(sizes, sizes + rank);
  for (int64_t size : dims) {
    if (size < 0)
      internalError(what + ": negative size in memref shape " +
                    formatShape(dims));
    if (__builtin_mul_overflow(elements, size, &elements))
      internalError(what + ": memref shape " + formatShape(dims) +
                    " overflows");
  }

  // An empty memref addresses nothing, so any strides will do.
  int64_t expectedStride = 1;
  for (int64_t i = rank - 1; i >= 0 && elements > 0; --i) {
    if (dims[i] > 1 && strides[i] != expectedStride)
      internalError(what +
                    ": expected a contiguous row-major memref, but "
                    "got strides " +
                    formatShape(std::vector<int64_t>(strides, strides + rank)) +
                    " for shape " + formatShape(dims));
    expectedStride *= dims[i];
  }

  if (header->offset < 0)
    internalError(formatString("%s: negative memref offset %lld", what.c_str(),
                               static_cast<long long>(header->offset)));
  if (elements > 0 && !header->aligned)
    internalError(what + ": null memref data");
  first = static_cast<char *>(header->aligned) +
          static_cast<size_t>(header->offset) * elementSize;
}

void MemrefView::expectShape(const std::vector<int64_t> &expected) const {
  if (dims != expected)
    internalError(what + ": expected shape " + formatShape(expected) +
                  ", but got " + formatShape(dims));
}

std::string readStringMemref(const mdlrt_unranked_memref *memref,
                             const std::string &what) {
  if (memref && memref->rank != 1)
    internalError(formatString("%s: expected a rank-1 i8 memref, but got "
                               "rank %lld",
                               what.c_str(),
                               static_cast<long long>(memref->rank)));
  MemrefView view(memref, 1, what);
  const char *bytes = static_cast<const char *>(view.data());
  return std::string(bytes, bytes + view.numElements());
}

F32Tensor copyF32Tensor(const mdlrt_unranked_memref *memref, std::string name,
                        const std::string &what) {
  MemrefView view(memref, sizeof(float), what);
  F32Tensor tensor;
  tensor.name = std::move(name);
  tensor.shape = view.shape();
  tensor.data.resize(static_cast<size_t>(view.numElements()));
  if (!tensor.data.empty())
    std::memcpy(tensor.data.data(), view.data(),
                tensor.data.size() * sizeof(float));
  return tensor;
}

} // namespace mdlrt
