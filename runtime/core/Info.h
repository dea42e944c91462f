//===- Info.h - The table `PROG info` prints --------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// `mdl_info` describes each parameter (`mdlrt_info_param`) and, for a
// supervised program, the cost of one training step that the compiler
// measured (`mdlrt_info_step_cost`); `mdlrt_info_end` prints them as a
// table, one row per state_dict tensor grouped by layer (buffers, such as
// batch norm's running statistics, marked and totalled apart, as PyTorch's
// parameters() and buffers()), the total, and the step's cost:
//
//   layer   kind    parameter   shape        count
//   fc1     Linear  fc1.weight  [256, 784]  200,704
//                   fc1.bias    [256]           256
//   total: 2 parameter tensors, 200,960 parameters (785.0 KiB as f32)
//   FLOPs per step: 77.2 MFLOP (forward + backward + optimizer, batch 64)
//   peak memory of one step: 1.6 MiB
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
  /// A buffer (not trainable), not a parameter.
  bool buffer = false;
};

/// What mdl-step-cost measured (compiler/Analysis/StepCost.h).
struct InfoStepCost {
  int64_t flops = 0;
  int64_t peakBytes = 0;
  int64_t batch = 0;
};

/// 1234567 -> "1,234,567".
std::string formatCount(int64_t count);

/// 1234567890 -> "1.23 GFLOP" (3 significant digits, SI prefixes).
std::string formatFlops(int64_t flops);

/// 12897484 -> "12.3 MiB" (binary prefixes).
std::string formatBytes(int64_t bytes);

/// The whole table, lines ending in '\n'; the cost lines with `cost`.
std::string formatInfoTable(const std::vector<InfoRow> &rows,
                            const InfoStepCost *cost = nullptr);

} // namespace mdlrt

#endif // MDLRT_CORE_INFO_H
