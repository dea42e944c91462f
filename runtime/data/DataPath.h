//===- DataPath.h - Where a dataset's files are found -----------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// LANGUAGE.md: relative data paths resolve against `--data-dir`, then the
// `MDL_DATA_DIR` environment variable, then /usr/share/datasets/fashion-mnist
// (Debian's dataset-fashion-mnist package). The folders are searched in that
// order and the first that holds an entry of that name wins, so one program
// can read Fashion-MNIST from its default place and a file of its own from
// MDL_DATA_DIR. A folder not given (no flag, an unset or empty variable) is
// skipped. An absolute path is used as it is, found or not: the reader then
// says why it cannot be opened.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_DATA_DATAPATH_H
#define MDLRT_DATA_DATAPATH_H

#include <string>

namespace mdlrt {

/// The last folder searched.
constexpr const char *kDefaultDataDir = "/usr/share/datasets/fashion-mnist";

/// The environment variable naming the second folder searched.
constexpr const char *kDataDirVariable = "MDL_DATA_DIR";

/// Resolves `path` against the folders `flagDir` (--data-dir), `envDir`
/// (MDL_DATA_DIR, may be null) and `defaultDir`, in that order. Returns the
/// path to open, or an empty string and a one-line reason listing the
/// places looked in.
std::string resolveDataPath(const std::string &path, const std::string &flagDir,
                            const char *envDir, const std::string &defaultDir,
                            std::string &error);

/// resolveDataPath with the run's --data-dir, $MDL_DATA_DIR and
/// kDefaultDataDir.
std::string resolveDataPath(const std::string &path, std::string &error);

} // namespace mdlrt

#endif // MDLRT_DATA_DATAPATH_H
