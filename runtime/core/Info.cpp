//===- Info.cpp - The table `PROG info` prints ------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Implements `_mlir_ciface_mdlrt_info_param`, `mdlrt_info_step_cost` and
// `mdlrt_info_end`, and the formatting they use.
//
//===----------------------------------------------------------------------===//

#include "core/Info.h"

#include "core/Error.h"
#include "core/Memref.h"
#include "core/Run.h"
#include "core/Tensor.h"
#include "mdlrt/mdlrt.h"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <optional>

namespace mdlrt {

std::string formatCount(int64_t count) {
  std::string digits = std::to_string(count < 0 ? -count : count);
  std::string text;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0)
      text += ',';
    text += digits[i];
  }
  return count < 0 ? "-" + text : text;
}

std::string formatFlops(int64_t flops) {
  static const char *const units[] = {"FLOP", "kFLOP", "MFLOP", "GFLOP",
                                      "TFLOP", "PFLOP", "EFLOP"};
  if (flops < 1000)
    return std::to_string(flops) + " FLOP";
  double value = static_cast<double>(flops);
  size_t unit = 0;
  while (value >= 999.5 && unit + 1 < std::size(units)) {
    value /= 1000.0;
    ++unit;
  }
  return formatString("%.3g %s", value, units[unit]);
}

std::string formatBytes(int64_t bytes) {
  static const char *const units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
  if (bytes < 1024)
    return std::to_string(bytes) + " bytes";
  double value = static_cast<double>(bytes);
  size_t unit = 0;
  while (value >= 1024.0 && unit + 1 < std::size(units)) {
    value /= 1024.0;
    ++unit;
  }
  return formatString("%.1f %s", value, units[unit]);
}

std::string formatInfoTable(const std::vector<InfoRow> &rows,
                            const InfoStepCost *cost) {
  struct Cells {
    std::string layer, kind, name, shape, count, note;
  };
  std::vector<Cells> table = {
      {"layer", "kind", "parameter", "shape", "count", ""}};
  int64_t parameters = 0, bufferElements = 0;
  size_t buffers = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    const InfoRow &row = rows[i];
    int64_t count = numElements(row.shape);
    (row.buffer ? bufferElements : parameters) += count;
    buffers += row.buffer;
    bool sameLayer = i > 0 && rows[i - 1].layer == row.layer;
    table.push_back({sameLayer ? "" : row.layer, sameLayer ? "" : row.kind,
                     row.name, formatShape(row.shape), formatCount(count),
                     row.buffer ? "buffer" : ""});
  }
  size_t widths[5] = {0, 0, 0, 0, 0};
  for (const Cells &cells : table) {
    widths[0] = std::max(widths[0], cells.layer.size());
    widths[1] = std::max(widths[1], cells.kind.size());
    widths[2] = std::max(widths[2], cells.name.size());
    widths[3] = std::max(widths[3], cells.shape.size());
    widths[4] = std::max(widths[4], cells.count.size());
  }
  auto pad = [](const std::string &text, size_t width, bool right) {
    std::string fill(width - text.size(), ' ');
    return right ? fill + text : text + fill;
  };
  std::string text;
  for (const Cells &cells : table) {
    std::string line = pad(cells.layer, widths[0], false) + "  " +
                       pad(cells.kind, widths[1], false) + "  " +
                       pad(cells.name, widths[2], false) + "  " +
                       pad(cells.shape, widths[3], false) + "  " +
                       pad(cells.count, widths[4], true) + "  " + cells.note;
    while (!line.empty() && line.back() == ' ')
      line.pop_back();
    text += line + "\n";
  }
  size_t tensors = rows.size() - buffers;
  double kib = static_cast<double>(parameters + bufferElements) *
               sizeof(float) / 1024.0;
  // PyTorch's split: parameters() are trained, buffers() only saved.
  std::string counts =
      formatString("%zu parameter %s", tensors,
                   tensors == 1 ? "tensor" : "tensors");
  if (buffers)
    counts += formatString(" and %zu %s", buffers,
                           buffers == 1 ? "buffer" : "buffers");
  counts += ", " + formatCount(parameters) + " parameters";
  if (buffers)
    counts += " and " + formatCount(bufferElements) + " buffer elements";
  text += formatString("total: %s (%.1f %s as f32)\n", counts.c_str(),
                       kib >= 1024.0 ? kib / 1024.0 : kib,
                       kib >= 1024.0 ? "MiB" : "KiB");
  if (cost) {
    text += formatString("FLOPs per step: %s (forward + backward + "
                         "optimizer, batch %lld)\n",
                         formatFlops(cost->flops).c_str(),
                         static_cast<long long>(cost->batch));
    text += "peak memory of one step: " + formatBytes(cost->peakBytes) +
            "\n";
  }
  return text;
}

namespace {
std::vector<InfoRow> &infoRows() {
  static std::vector<InfoRow> rows;
  return rows;
}

/// Set by mdlrt_info_step_cost; a q_learning program never calls it.
std::optional<InfoStepCost> &infoStepCost() {
  static std::optional<InfoStepCost> cost;
  return cost;
}
} // namespace

} // namespace mdlrt

using namespace mdlrt;

extern "C" void _mlir_ciface_mdlrt_info_param(mdlrt_unranked_memref *name,
                                              mdlrt_unranked_memref *layer,
                                              mdlrt_unranked_memref *kind,
                                              mdlrt_unranked_memref *shape,
                                              int64_t trainable) {
  InfoRow row;
  row.buffer = trainable == 0;
  row.name = readStringMemref(name, "parameter name");
  row.layer = readStringMemref(layer, "layer name");
  row.kind = readStringMemref(kind, "layer kind");
  MemrefView dims(shape, sizeof(int64_t), "parameter shape");
  if (dims.rank() != 1)
    internalError("mdlrt_info_param: the shape is not a rank-1 memref");
  row.shape.resize(static_cast<size_t>(dims.numElements()));
  if (!row.shape.empty())
    std::memcpy(row.shape.data(), dims.data(),
                row.shape.size() * sizeof(int64_t));
  if (numElements(row.shape) < 0)
    internalError("mdlrt_info_param: parameter '" + row.name +
                  "' has a negative or overflowing shape");
  infoRows().push_back(std::move(row));
}

extern "C" void mdlrt_info_step_cost(int64_t flops, int64_t peak_bytes,
                                     int64_t batch) {
  if (flops < 0 || peak_bytes < 0 || batch <= 0)
    internalError("mdlrt_info_step_cost: a negative cost or batch");
  infoStepCost() = InfoStepCost{flops, peak_bytes, batch};
}

extern "C" void mdlrt_info_end(void) {
  const std::optional<InfoStepCost> &cost = infoStepCost();
  std::fputs(formatInfoTable(infoRows(), cost ? &*cost : nullptr).c_str(),
             outStream());
  std::fflush(outStream());
  infoRows().clear();
  infoStepCost().reset();
}
