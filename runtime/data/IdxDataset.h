//===- IdxDataset.h - The idx(images, labels, scale) dataset ----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// `idx(images: "...", labels: "...", scale: X)` (LANGUAGE.md §2): an IDX
// file of images [N, rows, cols] and one of class labels [N]. Images become
// f32 [N, 1, rows, cols], each element float(double(value) * scale); labels
// i32 [N]. Implements `mdlrt_dataset_idx` and `mdlrt_eval_dataset_idx`,
// which resolve the paths (data/DataPath.h) and end the process with one
// line on any error.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_DATA_IDXDATASET_H
#define MDLRT_DATA_IDXDATASET_H

#include "data/Dataset.h"

#include <memory>
#include <string>

namespace mdlrt {

/// Reads the pair of IDX files (paths as they are, already resolved); null
/// with a one-line reason naming the file at fault.
std::unique_ptr<TensorDataset> loadIdxDataset(const std::string &imagesPath,
                                              const std::string &labelsPath,
                                              double scale, std::string &error);

} // namespace mdlrt

#endif // MDLRT_DATA_IDXDATASET_H
