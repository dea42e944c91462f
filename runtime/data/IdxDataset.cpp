//===- IdxDataset.cpp - The idx(images, labels, scale) dataset --*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Reads and checks both files, then installs the set as the run's training
// or evaluation set.
//
//===----------------------------------------------------------------------===//

#include "data/IdxDataset.h"

#include "core/Error.h"
#include "core/Memref.h"
#include "core/Run.h"
#include "data/DataPath.h"
#include "data/Idx.h"
#include "mdlrt/mdlrt.h"

#include <cmath>
#include <new>

namespace mdlrt {

std::unique_ptr<TensorDataset> loadIdxDataset(const std::string &imagesPath,
                                              const std::string &labelsPath,
                                              double scale,
                                              std::string &error) {
  if (!std::isfinite(scale)) {
    error =
        formatString("idx: scale must be a finite number, but is %g", scale);
    return nullptr;
  }
  HostArray images, labels;
  if (!readIdxFile(imagesPath, images, error) ||
      !readIdxFile(labelsPath, labels, error))
    return nullptr;

  if (images.shape.size() != 3) {
    error = formatString("idx file '%s': images must have 3 dimensions "
                         "(count, rows, columns), but the file has %zu (%s)",
                         imagesPath.c_str(), images.shape.size(),
                         formatDims(images.shape).c_str());
    return nullptr;
  }
  if (labels.shape.size() != 1) {
    error = formatString("idx file '%s': labels must have 1 dimension "
                         "(count), but the file has %zu (%s)",
                         labelsPath.c_str(), labels.shape.size(),
                         formatDims(labels.shape).c_str());
    return nullptr;
  }
  int64_t samples = images.shape[0];
  if (labels.shape[0] != samples) {
    error = formatString("idx: the images file '%s' holds %lld images, but "
                         "the labels file '%s' holds %lld labels",
                         imagesPath.c_str(), static_cast<long long>(samples),
                         labelsPath.c_str(),
                         static_cast<long long>(labels.shape[0]));
    return nullptr;
  }
  std::vector<int32_t> classes;
  std::string reason;
  if (!toClassLabels(labels, classes, reason)) {
    error = "idx file '" + labelsPath + "': " + reason;
    return nullptr;
  }
  std::vector<unsigned char>().swap(labels.bytes);

  std::vector<float> inputs = toF32(images, scale);
  std::vector<int64_t> sampleShape = {1, images.shape[1], images.shape[2]};
  std::vector<unsigned char>().swap(images.bytes);
  return std::make_unique<TensorDataset>("idx", samples, std::move(sampleShape),
                                         std::move(inputs), std::move(classes));
}

namespace {
/// Resolves both paths and loads the set; ends the process on an error.
std::unique_ptr<Dataset> declareIdx(mdlrt_unranked_memref *images,
                                    mdlrt_unranked_memref *labels, double scale,
                                    const char *function) {
  std::string what = function;
  std::string imagesPath = readStringMemref(images, what + " images path");
  std::string labelsPath = readStringMemref(labels, what + " labels path");
  std::string error;
  std::string imagesFile = resolveDataPath(imagesPath, error);
  if (imagesFile.empty())
    fatal(error);
  std::string labelsFile = resolveDataPath(labelsPath, error);
  if (labelsFile.empty())
    fatal(error);
  std::unique_ptr<TensorDataset> dataset;
  try {
    dataset = loadIdxDataset(imagesFile, labelsFile, scale, error);
  } catch (const std::bad_alloc &) {
    fatal("idx: out of memory reading '" + imagesFile + "' and '" + labelsFile +
          "'");
  }
  if (!dataset)
    fatal(error);
  return dataset;
}
} // namespace

} // namespace mdlrt

using namespace mdlrt;

extern "C" void _mlir_ciface_mdlrt_dataset_idx(mdlrt_unranked_memref *images,
                                               mdlrt_unranked_memref *labels,
                                               double scale, int64_t shuffle) {
  RunState &state = runState();
  if (state.dataset)
    internalError("a training set was declared twice");
  if (shuffle != 0 && shuffle != 1)
    internalError(formatString("mdlrt_dataset_idx: shuffle is %lld, not 0 "
                               "or 1",
                               static_cast<long long>(shuffle)));
  state.dataset = declareIdx(images, labels, scale, "mdlrt_dataset_idx");
  state.shuffle = shuffle == 1;
}

extern "C" void
_mlir_ciface_mdlrt_eval_dataset_idx(mdlrt_unranked_memref *images,
                                    mdlrt_unranked_memref *labels,
                                    double scale) {
  RunState &state = runState();
  if (state.evalDataset)
    internalError("an evaluation set was declared twice");
  if (state.begun)
    internalError("mdlrt_eval_dataset_idx called after mdlrt_train_begin");
  state.evalDataset =
      declareIdx(images, labels, scale, "mdlrt_eval_dataset_idx");
}
