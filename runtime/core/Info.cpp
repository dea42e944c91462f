//===- Info.cpp - The table `PROG info` prints ------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Implements `_mlir_ciface_mdlrt_info_param` and `mdlrt_info_end`, and the
// formatting they use.
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

std::string formatInfoTable(const std::vector<InfoRow> &rows) {
  struct Cells {
    std::string layer, kind, name, shape, count;
  };
  std::vector<Cells> table = {{"layer", "kind", "parameter", "shape", "count"}};
  int64_t total = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    const InfoRow &row = rows[i];
    int64_t count = numElements(row.shape);
    total += count;
    bool sameLayer = i > 0 && rows[i - 1].layer == row.layer;
    table.push_back({sameLayer ? "" : row.layer, sameLayer ? "" : row.kind,
                     row.name, formatShape(row.shape), formatCount(count)});
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
                       pad(cells.count, widths[4], true);
    while (!line.empty() && line.back() == ' ')
      line.pop_back();
    text += line + "\n";
  }
  double kib = static_cast<double>(total) * sizeof(float) / 1024.0;
  text += formatString("total: %zu parameter %s, %s parameters (%.1f %s as "
                       "f32)\n",
                       rows.size(), rows.size() == 1 ? "tensor" : "tensors",
                       formatCount(total).c_str(),
                       kib >= 1024.0 ? kib / 1024.0 : kib,
                       kib >= 1024.0 ? "MiB" : "KiB");
  return text;
}

namespace {
std::vector<InfoRow> &infoRows() {
  static std::vector<InfoRow> rows;
  return rows;
}
} // namespace

} // namespace mdlrt

using namespace mdlrt;

extern "C" void _mlir_ciface_mdlrt_info_param(mdlrt_unranked_memref *name,
                                              mdlrt_unranked_memref *layer,
                                              mdlrt_unranked_memref *kind,
                                              mdlrt_unranked_memref *shape) {
  InfoRow row;
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

extern "C" void mdlrt_info_end(void) {
  std::fputs(formatInfoTable(infoRows()).c_str(), outStream());
  std::fflush(outStream());
  infoRows().clear();
}
