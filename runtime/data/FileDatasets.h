//===- FileDatasets.h - The csv(...) and npy(...) datasets ------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Loads a dataset declared with `csv` (a table with a header: the feature
// columns named by the program, a label or target column) or `npy` (an
// inputs array and a labels or targets array) into memory, checking it
// against the shapes the program was compiled for. Every failure is a
// one-line reason naming the file.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_DATA_FILEDATASETS_H
#define MDLRT_DATA_FILEDATASETS_H

#include "data/Dataset.h"

#include <memory>
#include <string>
#include <vector>

namespace mdlrt {

/// `csv(path, features: "a, b", label: "y")` (i32 class labels) or
/// `target: "y"` (f32 targets [1]). `features` lists the columns in the
/// order of the input vector. Null with `error` on failure.
std::unique_ptr<TensorDataset>
loadCsvDataset(const std::string &path,
               const std::vector<std::string> &features,
               const std::string &labelColumn, bool classLabels,
               std::string &error);

/// `npy(inputs: X, labels: Y)` or `targets: Y`: X holds [N, ...] numbers
/// whose trailing dimensions have as many elements as `sampleShape` (they
/// are read row-major into that shape); Y holds N class labels, or N
/// targets of `targetShape` (a file of shape [N] fits a target shape [1]).
std::unique_ptr<TensorDataset>
loadNpyDataset(const std::string &inputsPath, const std::string &targetsPath,
               const std::vector<int64_t> &sampleShape,
               const std::vector<int64_t> &targetShape, bool classLabels,
               std::string &error);

/// "a, b,c" -> {"a", "b", "c"} (surrounding spaces dropped).
std::vector<std::string> splitColumnList(const std::string &list);

} // namespace mdlrt

#endif // MDLRT_DATA_FILEDATASETS_H
