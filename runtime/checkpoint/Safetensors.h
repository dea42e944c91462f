//===- Safetensors.h - Reading and writing safetensors files ----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The checkpoint format (https://github.com/huggingface/safetensors):
//   8 bytes   N, the header length, unsigned little-endian
//   N bytes   a JSON object, padded with spaces so that 8 + N is a multiple
//             of 8: {"__metadata__": {string: string},
//                    NAME: {"dtype": D, "shape": [..], "data_offsets": [b, e]}}
//   the rest  the tensors' bytes, little-endian; offsets are relative to the
//             start of this buffer, which they cover exactly, without holes
//             or overlaps.
// The writer emits F32 tensors in name order with the metadata
// {"format": "pt", "producer": "mdlc"} plus any entries the caller adds
// (checkpoint/Checkpoint.h stores the run state there). The reader is strict: it rejects a
// header length beyond kMaxSafetensorsHeader or the file, invalid JSON, an
// unknown dtype or key, a shape that does not match the byte count, and
// offsets that leave the buffer, overlap or leave holes.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_CHECKPOINT_SAFETENSORS_H
#define MDLRT_CHECKPOINT_SAFETENSORS_H

#include "core/Tensor.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace mdlrt {

/// The largest header the reader accepts (the reference implementation's
/// limit).
constexpr uint64_t kMaxSafetensorsHeader = 100000000;

//===----------------------------------------------------------------------===//
// Writing
//===----------------------------------------------------------------------===//

/// The bytes of a safetensors file holding `tensors`; false with a reason
/// if a name is empty, repeated or "__metadata__", or a tensor's data does
/// not match its shape.
/// Metadata entries beyond "format" and "producer" (which they may not
/// replace).
using SafetensorsMetadata = std::map<std::string, std::string>;

bool serializeSafetensors(const std::vector<F32Tensor> &tensors,
                          std::string &bytes, std::string &error,
                          const SafetensorsMetadata &metadata = {});

/// Serialises `tensors` and writes them to `path` atomically
/// (checkpoint/AtomicFile.h). The reason names the path.
bool writeSafetensorsFile(const std::string &path,
                          const std::vector<F32Tensor> &tensors,
                          std::string &error,
                          const SafetensorsMetadata &metadata = {});

//===----------------------------------------------------------------------===//
// Reading
//===----------------------------------------------------------------------===//

/// One tensor of a parsed file: its bytes are [begin, end) of the data
/// buffer.
struct SafetensorsEntry {
  std::string name;
  std::string dtype;
  std::vector<int64_t> shape;
  uint64_t begin = 0;
  uint64_t end = 0;
};

class SafetensorsFile {
public:
  /// Parses a whole file held in memory.
  static bool parse(std::string bytes, SafetensorsFile &file,
                    std::string &error);
  /// Reads and parses `path`; the reason names the path.
  static bool read(const std::string &path, SafetensorsFile &file,
                   std::string &error);

  /// The tensors, in name order.
  const std::vector<SafetensorsEntry> &tensors() const { return entries; }
  const std::map<std::string, std::string> &metadata() const { return meta; }
  /// The tensor named `name`, or nullptr.
  const SafetensorsEntry *find(std::string_view name) const;

  /// The raw bytes of `entry`.
  std::string_view bytes(const SafetensorsEntry &entry) const;
  /// The values of an F32 tensor; false with a reason for another dtype.
  bool readF32(const SafetensorsEntry &entry, std::vector<float> &values,
               std::string &error) const;
  /// The values of an F32, F64, F16, BF16 or I64 tensor (what
  /// `safetensors.torch.save_file` writes for a state_dict, batch norm's
  /// num_batches_tracked included) converted to f32; false with a reason
  /// for another integer, boolean or 8-bit dtype.
  bool readAsF32(const SafetensorsEntry &entry, std::vector<float> &values,
                 std::string &error) const;

  /// Size in bytes of one element of `dtype`, or 0 for an unknown dtype.
  static uint64_t dtypeSize(std::string_view dtype);

private:
  std::string buffer;
  size_t dataStart = 0;
  std::vector<SafetensorsEntry> entries;
  std::map<std::string, std::string> meta;
};

} // namespace mdlrt

#endif // MDLRT_CHECKPOINT_SAFETENSORS_H
