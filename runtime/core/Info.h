//===- Info.h - The table `PROG info` prints --------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// `mdl_info` describes each parameter (`mdlrt_info_param`); `mdlrt_info_end`
// prints them as a table, one row per parameter grouped by layer, and the
// total:
//
//   layer   kind    parameter   shape        count
//   fc1     Linear  fc1.weight  [256, 784]  200,704
//                   fc1.bias    [256]           256
//   total: 2 parameter tensors, 200,960 parameters (785 KiB as f32)
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_CORE_INFO_H
#define MDLRT_CORE_INFO_H

#include <cstdint>
#include <string>
#include <vector>

namespace mdlrt {

struct InfoRow {
  std::string layer;
  std::string kind;
  std::string name;
  std::vector<int64_t> shape;
};

/// 1234567 -> "1,234,567".
std::string formatCount(int64_t count);

/// The whole table, lines ending in '\n'.
std::string formatInfoTable(const std::vector<InfoRow> &rows);

} // namespace mdlrt

#endif // MDLRT_CORE_INFO_H
