//===- Array.cpp - Arrays read from data files ------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Element types, checked shape products and the conversions to f32 inputs
// and i32 class labels.
//
//===----------------------------------------------------------------------===//

#include "data/Array.h"

#include "core/Error.h"

#include <algorithm>
#include <cstring>

namespace mdlrt {

const char *dtypeName(DType type) {
  switch (type) {
  case DType::U8:
    return "u8";
  case DType::I8:
    return "i8";
  case DType::Bool:
    return "bool";
  case DType::I16:
    return "i16";
  case DType::I32:
    return "i32";
  case DType::I64:
    return "i64";
  case DType::F32:
    return "f32";
  case DType::F64:
    return "f64";
  }
  return "?";
}

size_t dtypeSize(DType type) {
  switch (type) {
  case DType::U8:
  case DType::I8:
  case DType::Bool:
    return 1;
  case DType::I16:
    return 2;
  case DType::I32:
  case DType::F32:
    return 4;
  case DType::I64:
  case DType::F64:
    return 8;
  }
  return 1;
}

bool isIntegerType(DType type) {
  return type != DType::F32 && type != DType::F64;
}

int64_t HostArray::numElements() const { return checkedElementCount(shape); }

int64_t checkedElementCount(const std::vector<int64_t> &shape, int64_t limit) {
  int64_t count = 1;
  for (int64_t size : shape)
    if (size < 0 || __builtin_mul_overflow(count, size, &count) ||
        count > limit)
      return -1;
  return count;
}

std::string formatDims(const std::vector<int64_t> &shape) {
  if (shape.empty())
    return "scalar";
  std::string text;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      text += " x ";
    text += std::to_string(shape[i]);
  }
  return text;
}

namespace {
template <typename T> T load(const unsigned char *bytes, size_t index) {
  T value;
  std::memcpy(&value, bytes + index * sizeof(T), sizeof(T));
  return value;
}

template <typename T>
void convert(const HostArray &array, double scale, std::vector<float> &out) {
  const unsigned char *bytes = array.bytes.data();
  for (size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<float>(static_cast<double>(load<T>(bytes, i)) * scale);
}

/// Reads element `index` as an integer; integer dtypes only.
int64_t integerAt(const HostArray &array, size_t index) {
  const unsigned char *bytes = array.bytes.data();
  switch (array.dtype) {
  case DType::U8:
  case DType::Bool:
    return bytes[index];
  case DType::I8:
    return load<int8_t>(bytes, index);
  case DType::I16:
    return load<int16_t>(bytes, index);
  case DType::I32:
    return load<int32_t>(bytes, index);
  case DType::I64:
    return load<int64_t>(bytes, index);
  case DType::F32:
  case DType::F64:
    break;
  }
  return 0;
}
} // namespace

std::vector<float> toF32(const HostArray &array, double scale) {
  std::vector<float> out(array.bytes.size() / dtypeSize(array.dtype));
  switch (array.dtype) {
  case DType::U8:
  case DType::Bool:
    convert<uint8_t>(array, scale, out);
    break;
  case DType::I8:
    convert<int8_t>(array, scale, out);
    break;
  case DType::I16:
    convert<int16_t>(array, scale, out);
    break;
  case DType::I32:
    convert<int32_t>(array, scale, out);
    break;
  case DType::I64:
    convert<int64_t>(array, scale, out);
    break;
  case DType::F32:
    convert<float>(array, scale, out);
    break;
  case DType::F64:
    convert<double>(array, scale, out);
    break;
  }
  return out;
}

bool toClassLabels(const HostArray &array, std::vector<int32_t> &labels,
                   std::string &error) {
  if (!isIntegerType(array.dtype)) {
    error = std::string("labels must be integers, but the file holds ") +
            dtypeName(array.dtype) + " values";
    return false;
  }
  size_t count = array.bytes.size() / dtypeSize(array.dtype);
  labels.resize(count);
  for (size_t i = 0; i < count; ++i) {
    int64_t value = integerAt(array, i);
    if (value < 0 || value > INT32_MAX) {
      error = formatString("label %lld of sample %zu is not a class index "
                           "(a non-negative i32)",
                           static_cast<long long>(value), i);
      return false;
    }
    labels[i] = static_cast<int32_t>(value);
  }
  return true;
}

void swapElementBytes(std::vector<unsigned char> &bytes, size_t elementSize) {
  if (elementSize < 2)
    return;
  for (size_t i = 0; i + elementSize <= bytes.size(); i += elementSize)
    std::reverse(bytes.begin() + i, bytes.begin() + i + elementSize);
}

} // namespace mdlrt
