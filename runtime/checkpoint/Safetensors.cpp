//===- Safetensors.cpp - Reading and writing safetensors files --*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The writer builds the whole file in memory and hands it to the atomic
// writer. The reader holds the whole file in memory and checks every number
// in the header against the buffer before anything uses it, with
// overflow-checked arithmetic, so that a corrupt or hostile file yields a
// one-line reason and never an out-of-bounds access.
//
//===----------------------------------------------------------------------===//

#include "checkpoint/Safetensors.h"

#include "checkpoint/AtomicFile.h"
#include "core/Error.h"
#include "core/Json.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace mdlrt {

namespace {
constexpr const char *kMetadataKey = "__metadata__";

void appendLittleEndian64(std::string &out, uint64_t value) {
  for (int i = 0; i < 8; ++i)
    out += static_cast<char>((value >> (8 * i)) & 0xFF);
}

uint64_t readLittleEndian64(const char *bytes) {
  uint64_t value = 0;
  for (int i = 7; i >= 0; --i)
    value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  return value;
}

void appendF32LittleEndian(std::string &out, const std::vector<float> &data) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  out.append(reinterpret_cast<const char *>(data.data()),
             data.size() * sizeof(float));
#else
  for (float value : data) {
    uint32_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    for (int i = 0; i < 4; ++i)
      out += static_cast<char>((bits >> (8 * i)) & 0xFF);
  }
#endif
}

std::string shapeJson(const std::vector<int64_t> &shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      text += ',';
    text += std::to_string(shape[i]);
  }
  return text + "]";
}
} // namespace

//===----------------------------------------------------------------------===//
// Writing
//===----------------------------------------------------------------------===//

bool serializeSafetensors(const std::vector<F32Tensor> &tensors,
                          std::string &bytes, std::string &error,
                          const SafetensorsMetadata &metadata) {
  std::vector<const F32Tensor *> sorted;
  for (const F32Tensor &tensor : tensors)
    sorted.push_back(&tensor);
  std::sort(
      sorted.begin(), sorted.end(),
      [](const F32Tensor *a, const F32Tensor *b) { return a->name < b->name; });

  JsonObjectWriter meta;
  meta.add("format", "pt").add("producer", "mdlc");
  for (const auto &[key, value] : metadata) {
    if (key == "format" || key == "producer") {
      error = "metadata key '" + key + "' is reserved";
      return false;
    }
    meta.add(key, value);
  }
  JsonObjectWriter header;
  header.addRaw(kMetadataKey, meta.str());
  uint64_t offset = 0;
  for (size_t i = 0; i < sorted.size(); ++i) {
    const F32Tensor &tensor = *sorted[i];
    if (tensor.name.empty() || tensor.name == kMetadataKey) {
      error = "invalid tensor name '" + tensor.name + "'";
      return false;
    }
    if (i > 0 && tensor.name == sorted[i - 1]->name) {
      error = "duplicate tensor name '" + tensor.name + "'";
      return false;
    }
    if (numElements(tensor.shape) != static_cast<int64_t>(tensor.data.size())) {
      error = formatString("tensor '%s' has %zu values for shape %s",
                           tensor.name.c_str(), tensor.data.size(),
                           shapeJson(tensor.shape).c_str());
      return false;
    }
    uint64_t size = tensor.data.size() * sizeof(float);
    JsonObjectWriter entry;
    entry.add("dtype", "F32")
        .addRaw("shape", shapeJson(tensor.shape))
        .addRaw("data_offsets", "[" + std::to_string(offset) + "," +
                                    std::to_string(offset + size) + "]");
    header.addRaw(tensor.name, entry.str());
    offset += size;
  }

  std::string headerText = header.str();
  while ((8 + headerText.size()) % 8 != 0)
    headerText += ' ';

  bytes.clear();
  bytes.reserve(8 + headerText.size() + offset);
  appendLittleEndian64(bytes, headerText.size());
  bytes += headerText;
  for (const F32Tensor *tensor : sorted)
    appendF32LittleEndian(bytes, tensor->data);
  return true;
}

bool writeSafetensorsFile(const std::string &path,
                          const std::vector<F32Tensor> &tensors,
                          std::string &error,
                          const SafetensorsMetadata &metadata) {
  std::string bytes;
  std::string reason;
  if (!serializeSafetensors(tensors, bytes, reason, metadata) ||
      !writeFileAtomically(path, bytes, reason)) {
    error = "cannot save to '" + path + "': " + reason;
    return false;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Reading
//===----------------------------------------------------------------------===//

uint64_t SafetensorsFile::dtypeSize(std::string_view dtype) {
  static const std::pair<const char *, uint64_t> kSizes[] = {
      {"BOOL", 1}, {"U8", 1},  {"I8", 1},  {"F8_E5M2", 1}, {"F8_E4M3", 1},
      {"I16", 2},  {"U16", 2}, {"F16", 2}, {"BF16", 2},    {"I32", 4},
      {"U32", 4},  {"F32", 4}, {"F64", 8}, {"I64", 8},     {"U64", 8},
  };
  for (const auto &entry : kSizes)
    if (dtype == entry.first)
      return entry.second;
  return 0;
}

namespace {
bool parseMetadata(const JsonValue &value,
                   std::map<std::string, std::string> &meta,
                   std::string &error) {
  if (!value.isObject()) {
    error = "__metadata__ is not an object";
    return false;
  }
  for (const JsonValue::Member &member : value.members()) {
    if (!member.second.isString()) {
      error = "__metadata__ value of '" + member.first + "' is not a string";
      return false;
    }
    meta[member.first] = member.second.asString();
  }
  return true;
}

bool parseEntry(const std::string &name, const JsonValue &value,
                uint64_t dataSize, SafetensorsEntry &entry,
                std::string &error) {
  std::string where = "tensor '" + name + "'";
  if (!value.isObject()) {
    error = where + " is not an object";
    return false;
  }
  for (const JsonValue::Member &member : value.members()) {
    if (member.first != "dtype" && member.first != "shape" &&
        member.first != "data_offsets") {
      error = where + " has unknown key '" + member.first + "'";
      return false;
    }
  }
  const JsonValue *dtype = value.find("dtype");
  const JsonValue *shape = value.find("shape");
  const JsonValue *offsets = value.find("data_offsets");
  if (!dtype || !shape || !offsets) {
    error = where + " lacks " +
            (!dtype   ? "dtype"
             : !shape ? "shape"
                      : "data_offsets");
    return false;
  }

  entry.name = name;
  if (!dtype->isString() ||
      SafetensorsFile::dtypeSize(dtype->asString()) == 0) {
    error = where + " has an unknown dtype";
    return false;
  }
  entry.dtype = dtype->asString();

  if (!shape->isArray()) {
    error = where + " has a shape that is not an array";
    return false;
  }
  uint64_t elements = 1;
  for (const JsonValue &size : shape->elements()) {
    if (!size.isInteger() || size.asInt() < 0) {
      error = where + " has a shape that is not non-negative integers";
      return false;
    }
    entry.shape.push_back(size.asInt());
    if (__builtin_mul_overflow(elements, static_cast<uint64_t>(size.asInt()),
                               &elements)) {
      error = where + " has a shape too large";
      return false;
    }
  }

  if (!offsets->isArray() || offsets->elements().size() != 2 ||
      !offsets->elements()[0].isInteger() ||
      !offsets->elements()[1].isInteger() ||
      offsets->elements()[0].asInt() < 0 ||
      offsets->elements()[1].asInt() < 0) {
    error = where + " has data_offsets that are not two non-negative integers";
    return false;
  }
  entry.begin = static_cast<uint64_t>(offsets->elements()[0].asInt());
  entry.end = static_cast<uint64_t>(offsets->elements()[1].asInt());
  if (entry.begin > entry.end || entry.end > dataSize) {
    error = formatString("%s has data_offsets [%llu, %llu] outside the %llu "
                         "data bytes",
                         where.c_str(),
                         static_cast<unsigned long long>(entry.begin),
                         static_cast<unsigned long long>(entry.end),
                         static_cast<unsigned long long>(dataSize));
    return false;
  }
  uint64_t expected;
  if (__builtin_mul_overflow(elements, SafetensorsFile::dtypeSize(entry.dtype),
                             &expected) ||
      expected != entry.end - entry.begin) {
    error = formatString(
        "%s has %llu data bytes, but its shape and dtype "
        "need %llu",
        where.c_str(), static_cast<unsigned long long>(entry.end - entry.begin),
        static_cast<unsigned long long>(expected));
    return false;
  }
  return true;
}

/// The tensors must tile the data buffer exactly.
bool checkCoverage(std::vector<SafetensorsEntry> entries, uint64_t dataSize,
                   std::string &error) {
  std::sort(entries.begin(), entries.end(),
            [](const SafetensorsEntry &a, const SafetensorsEntry &b) {
              return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
            });
  uint64_t covered = 0;
  for (const SafetensorsEntry &entry : entries) {
    if (entry.begin < covered) {
      error = "tensor '" + entry.name + "' overlaps another tensor";
      return false;
    }
    if (entry.begin > covered) {
      error = formatString("data bytes [%llu, %llu) belong to no tensor",
                           static_cast<unsigned long long>(covered),
                           static_cast<unsigned long long>(entry.begin));
      return false;
    }
    covered = entry.end;
  }
  if (covered != dataSize) {
    error = formatString("data bytes [%llu, %llu) belong to no tensor",
                         static_cast<unsigned long long>(covered),
                         static_cast<unsigned long long>(dataSize));
    return false;
  }
  return true;
}
} // namespace

bool SafetensorsFile::parse(std::string bytes, SafetensorsFile &file,
                            std::string &error) {
  file = SafetensorsFile();
  SafetensorsFile parsed;
  if (bytes.size() < 8) {
    error = formatString("file of %zu bytes is too short for a safetensors "
                         "header",
                         bytes.size());
    return false;
  }
  uint64_t headerSize = readLittleEndian64(bytes.data());
  if (headerSize > kMaxSafetensorsHeader) {
    error =
        formatString("header length %llu is larger than the limit %llu",
                     static_cast<unsigned long long>(headerSize),
                     static_cast<unsigned long long>(kMaxSafetensorsHeader));
    return false;
  }
  if (headerSize > bytes.size() - 8) {
    error = formatString("header length %llu exceeds the %zu bytes that follow",
                         static_cast<unsigned long long>(headerSize),
                         bytes.size() - 8);
    return false;
  }
  std::string_view header(bytes.data() + 8, static_cast<size_t>(headerSize));
  if (header.empty() || header[0] != '{') {
    error = "header does not start with '{'";
    return false;
  }
  JsonValue root;
  std::string reason;
  if (!parseJson(header, root, reason)) {
    error = "invalid header JSON: " + reason;
    return false;
  }
  if (!root.isObject()) {
    error = "header is not a JSON object";
    return false;
  }

  uint64_t dataSize = bytes.size() - 8 - headerSize;
  for (const JsonValue::Member &member : root.members()) {
    if (member.first == kMetadataKey) {
      if (!parseMetadata(member.second, parsed.meta, error))
        return false;
      continue;
    }
    SafetensorsEntry entry;
    if (!parseEntry(member.first, member.second, dataSize, entry, error))
      return false;
    parsed.entries.push_back(std::move(entry));
  }
  if (!checkCoverage(parsed.entries, dataSize, error))
    return false;

  std::sort(parsed.entries.begin(), parsed.entries.end(),
            [](const SafetensorsEntry &a, const SafetensorsEntry &b) {
              return a.name < b.name;
            });
  parsed.dataStart = static_cast<size_t>(8 + headerSize);
  parsed.buffer = std::move(bytes);
  file = std::move(parsed);
  return true;
}

bool SafetensorsFile::read(const std::string &path, SafetensorsFile &file,
                           std::string &error) {
  std::FILE *stream = std::fopen(path.c_str(), "rbe");
  if (!stream) {
    error = "cannot open '" + path + "': " + std::strerror(errno);
    return false;
  }
  std::string bytes;
  char chunk[1 << 16];
  size_t got;
  while ((got = std::fread(chunk, 1, sizeof chunk, stream)) > 0)
    bytes.append(chunk, got);
  bool failed = std::ferror(stream);
  int savedErrno = errno;
  std::fclose(stream);
  if (failed) {
    error = "cannot read '" + path + "': " + std::strerror(savedErrno);
    return false;
  }
  std::string reason;
  if (!parse(std::move(bytes), file, reason)) {
    error = "'" + path + "' is not a valid safetensors file: " + reason;
    return false;
  }
  return true;
}

const SafetensorsEntry *SafetensorsFile::find(std::string_view name) const {
  auto found =
      std::lower_bound(entries.begin(), entries.end(), name,
                       [](const SafetensorsEntry &entry, std::string_view key) {
                         return entry.name < key;
                       });
  if (found == entries.end() || found->name != name)
    return nullptr;
  return &*found;
}

std::string_view SafetensorsFile::bytes(const SafetensorsEntry &entry) const {
  return std::string_view(buffer).substr(
      dataStart + static_cast<size_t>(entry.begin),
      static_cast<size_t>(entry.end - entry.begin));
}

bool SafetensorsFile::readF32(const SafetensorsEntry &entry,
                              std::vector<float> &values,
                              std::string &error) const {
  if (entry.dtype != "F32") {
    error =
        "tensor '" + entry.name + "' has dtype " + entry.dtype + ", not F32";
    return false;
  }
  std::string_view raw = bytes(entry);
  values.resize(raw.size() / sizeof(float));
  for (size_t i = 0; i < values.size(); ++i) {
    uint32_t bits = 0;
    for (int b = 3; b >= 0; --b)
      bits = (bits << 8) | static_cast<unsigned char>(raw[4 * i + b]);
    std::memcpy(&values[i], &bits, sizeof bits);
  }
  return true;
}

namespace {
uint64_t readLittleEndian(const char *bytes, int size) {
  uint64_t value = 0;
  for (int b = size - 1; b >= 0; --b)
    value = (value << 8) | static_cast<unsigned char>(bytes[b]);
  return value;
}

float halfToFloat(uint16_t bits) {
  uint32_t sign = static_cast<uint32_t>(bits & 0x8000) << 16;
  uint32_t exponent = (bits >> 10) & 0x1F;
  uint32_t mantissa = bits & 0x3FF;
  uint32_t out;
  if (exponent == 0x1F) {
    out = sign | 0x7F800000 | (mantissa << 13); // inf or NaN
  } else if (exponent != 0) {
    out = sign | ((exponent + 112) << 23) | (mantissa << 13);
  } else if (mantissa == 0) {
    out = sign; // +-0
  } else {
    // Subnormal: normalise the mantissa.
    int shift = 0;
    while (!(mantissa & 0x400)) {
      mantissa <<= 1;
      ++shift;
    }
    out = sign | (static_cast<uint32_t>(113 - shift) << 23) |
          ((mantissa & 0x3FF) << 13);
  }
  float value;
  std::memcpy(&value, &out, sizeof value);
  return value;
}
} // namespace

bool SafetensorsFile::readAsF32(const SafetensorsEntry &entry,
                                std::vector<float> &values,
                                std::string &error) const {
  if (entry.dtype == "F32")
    return readF32(entry, values, error);
  std::string_view raw = bytes(entry);
  if (entry.dtype == "F64") {
    values.resize(raw.size() / 8);
    for (size_t i = 0; i < values.size(); ++i) {
      uint64_t bits = readLittleEndian(raw.data() + 8 * i, 8);
      double value;
      std::memcpy(&value, &bits, sizeof value);
      values[i] = static_cast<float>(value);
    }
    return true;
  }
  if (entry.dtype == "F16" || entry.dtype == "BF16") {
    bool brain = entry.dtype == "BF16";
    values.resize(raw.size() / 2);
    for (size_t i = 0; i < values.size(); ++i) {
      auto bits = static_cast<uint16_t>(readLittleEndian(raw.data() + 2 * i, 2));
      if (brain) {
        uint32_t wide = static_cast<uint32_t>(bits) << 16;
        std::memcpy(&values[i], &wide, sizeof wide);
      } else {
        values[i] = halfToFloat(bits);
      }
    }
    return true;
  }
  if (entry.dtype == "I64") {
    // PyTorch keeps batch norm's num_batches_tracked in int64; counts that
    // large are exact in float up to 2^24.
    values.resize(raw.size() / 8);
    for (size_t i = 0; i < values.size(); ++i)
      values[i] = static_cast<float>(
          static_cast<int64_t>(readLittleEndian(raw.data() + 8 * i, 8)));
    return true;
  }
  error = "tensor '" + entry.name + "' has dtype " + entry.dtype +
          ", not a number type mdlc reads (F32, F64, F16, BF16 or I64)";
  return false;
}

} // namespace mdlrt
