//===- DataPath.cpp - Where a dataset's files are found ---------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The search of DataPath.h; "exists" is stat() succeeding, so a folder that
// holds an unreadable file of the right name still wins and the reader
// reports the permission problem with the full path.
//
//===----------------------------------------------------------------------===//

#include "data/DataPath.h"

#include "core/Run.h"

#include <cstdlib>
#include <sys/stat.h>
#include <vector>

namespace mdlrt {

namespace {
std::string join(const std::string &dir, const std::string &path) {
  if (!dir.empty() && dir.back() == '/')
    return dir + path;
  return dir + "/" + path;
}

bool exists(const std::string &path) {
  struct stat info;
  return ::stat(path.c_str(), &info) == 0;
}
} // namespace

std::string resolveDataPath(const std::string &path, const std::string &flagDir,
                            const char *envDir, const std::string &defaultDir,
                            std::string &error) {
  if (path.empty()) {
    error = "a data file path is empty";
    return "";
  }
  if (path[0] == '/')
    return path;

  struct Place {
    std::string dir;
    std::string description;
  };
  std::vector<Place> places;
  if (!flagDir.empty())
    places.push_back({flagDir, "--data-dir '" + flagDir + "'"});
  if (envDir && *envDir)
    places.push_back(
        {envDir, std::string(kDataDirVariable) + " '" + envDir + "'"});
  if (!defaultDir.empty())
    places.push_back({defaultDir, "'" + defaultDir + "'"});

  for (const Place &place : places) {
    std::string candidate = join(place.dir, path);
    if (exists(candidate))
      return candidate;
  }

  if (places.empty()) {
    error = "cannot find data file '" + path + "': no folder to look in";
    return "";
  }
  error = "cannot find data file '" + path + "' in ";
  for (size_t i = 0; i < places.size(); ++i) {
    if (i)
      error += i + 1 == places.size() ? " or " : ", ";
    error += places[i].description;
  }
  error += " (set --data-dir or " + std::string(kDataDirVariable) + ")";
  return "";
}

std::string resolveDataPath(const std::string &path, std::string &error) {
  return resolveDataPath(path, runState().options.dataDir,
                         std::getenv(kDataDirVariable), kDefaultDataDir, error);
}

} // namespace mdlrt
