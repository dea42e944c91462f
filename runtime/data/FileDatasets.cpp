//===- FileDatasets.cpp - The csv(...) and npy(...) datasets ----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The loaders, and the C ABI that installs their sets as the run's training
// or evaluation set (as IdxDataset.cpp does for `idx`).
//
//===----------------------------------------------------------------------===//

#include "data/FileDatasets.h"

#include "core/Error.h"
#include "core/Memref.h"
#include "core/Run.h"
#include "data/Array.h"
#include "data/Csv.h"
#include "data/DataPath.h"
#include "data/Npy.h"
#include "mdlrt/mdlrt.h"

#include <new>

namespace mdlrt {

std::vector<std::string> splitColumnList(const std::string &list) {
  std::vector<std::string> names;
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = list.find(',', start);
    if (end == std::string::npos)
      end = list.size();
    std::string name = list.substr(start, end - start);
    size_t first = name.find_first_not_of(' ');
    size_t last = name.find_last_not_of(' ');
    names.push_back(first == std::string::npos
                        ? std::string()
                        : name.substr(first, last - first + 1));
    start = end + 1;
  }
  return names;
}

std::unique_ptr<TensorDataset>
loadCsvDataset(const std::string &path,
               const std::vector<std::string> &features,
               const std::string &labelColumn, bool classLabels,
               std::string &error) {
  CsvOptions options;
  options.featureColumns = features;
  options.labelColumn = labelColumn;
  options.labelKind = classLabels ? CsvOptions::LabelKind::ClassIndex
                                  : CsvOptions::LabelKind::Target;
  CsvTable table;
  error.clear();
  if (!readCsvFile(path, options, table, error))
    return nullptr;
  std::vector<int64_t> sampleShape = {
      static_cast<int64_t>(table.featureColumns.size())};
  if (classLabels)
    return std::make_unique<TensorDataset>(
        "csv", table.rows, std::move(sampleShape), std::move(table.features),
        std::move(table.labels));
  return std::make_unique<TensorDataset>(
      "csv", table.rows, std::move(sampleShape), std::move(table.features),
      std::vector<int64_t>{1}, std::move(table.targets));
}

/// The elements of `shape`'s dimensions after the first.
static int64_t trailingElements(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (size_t i = 1; i < shape.size(); ++i)
    n *= shape[i];
  return n;
}

std::unique_ptr<TensorDataset>
loadNpyDataset(const std::string &inputsPath, const std::string &targetsPath,
               const std::vector<int64_t> &sampleShape,
               const std::vector<int64_t> &targetShape, bool classLabels,
               std::string &error) {
  // The readers report through `error` and judge success by it.
  error.clear();
  HostArray inputs, targets;
  if (!readNpyFile(inputsPath, inputs, error) ||
      !readNpyFile(targetsPath, targets, error))
    return nullptr;
  int64_t sampleElements = checkedElementCount(sampleShape);
  if (inputs.shape.empty() ||
      trailingElements(inputs.shape) != sampleElements) {
    error = formatString("npy file '%s': the program reads samples of shape "
                         "%s (%lld numbers each), but the file holds %s",
                         inputsPath.c_str(), formatShape(sampleShape).c_str(),
                         static_cast<long long>(sampleElements),
                         formatDims(inputs.shape).c_str());
    return nullptr;
  }
  int64_t samples = inputs.shape[0];
  if (targets.shape.empty() || targets.shape[0] != samples) {
    error = formatString("npy: the inputs file '%s' holds %lld samples, but "
                         "the file '%s' holds %s",
                         inputsPath.c_str(), static_cast<long long>(samples),
                         targetsPath.c_str(), formatDims(targets.shape).c_str());
    return nullptr;
  }
  std::vector<float> x = toF32(inputs, 1.0);
  std::vector<unsigned char>().swap(inputs.bytes);
  if (classLabels) {
    std::vector<int32_t> labels;
    std::string reason;
    if (targets.shape.size() != 1) {
      error = formatString("npy file '%s': labels must have 1 dimension "
                           "(count), but the file holds %s",
                           targetsPath.c_str(),
                           formatDims(targets.shape).c_str());
      return nullptr;
    }
    if (!toClassLabels(targets, labels, reason)) {
      error = "npy file '" + targetsPath + "': " + reason;
      return nullptr;
    }
    return std::make_unique<TensorDataset>("npy", samples, sampleShape,
                                           std::move(x), std::move(labels));
  }
  int64_t targetElements = checkedElementCount(targetShape);
  if (trailingElements(targets.shape) != targetElements) {
    error = formatString("npy file '%s': the program reads targets of shape "
                         "%s, but the file holds %s",
                         targetsPath.c_str(), formatShape(targetShape).c_str(),
                         formatDims(targets.shape).c_str());
    return nullptr;
  }
  return std::make_unique<TensorDataset>("npy", samples, sampleShape,
                                         std::move(x), targetShape,
                                         toF32(targets, 1.0));
}

namespace {

/// A data file argument, resolved like every data path (LANGUAGE.md).
std::string resolvedPath(const mdlrt_unranked_memref *memref,
                         const std::string &what) {
  std::string error;
  std::string file = resolveDataPath(readStringMemref(memref, what), error);
  if (file.empty())
    fatal(error);
  return file;
}

std::vector<int64_t> readShape(const mdlrt_unranked_memref *memref,
                               const std::string &what) {
  MemrefView view(memref, sizeof(int64_t), what);
  if (view.rank() != 1)
    internalError(what + " is not a rank-1 memref");
  const auto *first = static_cast<const int64_t *>(view.data());
  return std::vector<int64_t>(first, first + view.numElements());
}

/// Installs `dataset` as the training set (`role` 0, shuffled when
/// `shuffle`) or the evaluation set (`role` 1).
void install(std::unique_ptr<Dataset> dataset, int64_t shuffle, int64_t role,
             const char *function) {
  RunState &state = runState();
  if ((shuffle != 0 && shuffle != 1) || (role != 0 && role != 1) ||
      (role == 1 && shuffle == 1))
    internalError(formatString("%s: shuffle %lld, role %lld", function,
                               static_cast<long long>(shuffle),
                               static_cast<long long>(role)));
  if (role == 1) {
    if (state.evalDataset)
      internalError("an evaluation set was declared twice");
    if (state.begun)
      internalError(std::string(function) + " (evaluation set) called after "
                                            "mdlrt_train_begin");
    state.evalDataset = std::move(dataset);
    return;
  }
  if (state.dataset)
    internalError("a training set was declared twice");
  state.dataset = std::move(dataset);
  state.shuffle = shuffle == 1;
}

} // namespace
} // namespace mdlrt

using namespace mdlrt;

extern "C" void _mlir_ciface_mdlrt_dataset_csv(mdlrt_unranked_memref *path,
                                               mdlrt_unranked_memref *features,
                                               mdlrt_unranked_memref *label,
                                               int64_t class_labels,
                                               int64_t shuffle, int64_t role) {
  std::string file = resolvedPath(path, "mdlrt_dataset_csv path");
  std::vector<std::string> columns =
      splitColumnList(readStringMemref(features, "mdlrt_dataset_csv features"));
  std::string labelColumn = readStringMemref(label, "mdlrt_dataset_csv label");
  std::string error;
  std::unique_ptr<TensorDataset> dataset;
  try {
    dataset = loadCsvDataset(file, columns, labelColumn, class_labels != 0,
                             error);
  } catch (const std::bad_alloc &) {
    fatal("csv: out of memory reading '" + file + "'");
  }
  if (!dataset)
    fatal(error);
  install(std::move(dataset), shuffle, role, "mdlrt_dataset_csv");
}

extern "C" void _mlir_ciface_mdlrt_dataset_npy(
    mdlrt_unranked_memref *inputs, mdlrt_unranked_memref *targets,
    mdlrt_unranked_memref *sample_shape, mdlrt_unranked_memref *target_shape,
    int64_t class_labels, int64_t shuffle, int64_t role) {
  std::string inputsFile = resolvedPath(inputs, "mdlrt_dataset_npy inputs");
  std::string targetsFile = resolvedPath(targets, "mdlrt_dataset_npy targets");
  std::vector<int64_t> sampleShape =
      readShape(sample_shape, "mdlrt_dataset_npy sample shape");
  std::vector<int64_t> targetShape =
      readShape(target_shape, "mdlrt_dataset_npy target shape");
  std::string error;
  std::unique_ptr<TensorDataset> dataset;
  try {
    dataset = loadNpyDataset(inputsFile, targetsFile, sampleShape, targetShape,
                             class_labels != 0, error);
  } catch (const std::bad_alloc &) {
    fatal("npy: out of memory reading '" + inputsFile + "' and '" +
          targetsFile + "'");
  }
  if (!dataset)
    fatal(error);
  install(std::move(dataset), shuffle, role, "mdlrt_dataset_npy");
}
