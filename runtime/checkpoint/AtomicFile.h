//===- AtomicFile.h - Replacing a file all at once --------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// A checkpoint must never be seen half written, even if the process dies or
// the disk fills up mid-write. `writeFileAtomically` writes the bytes to
// `PATH.tmp.<pid>` in the target's folder, fsyncs it, renames it over PATH
// (atomic on POSIX file systems) and fsyncs the folder. On any failure the
// temporary file is removed and an existing PATH is left as it was.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_CHECKPOINT_ATOMICFILE_H
#define MDLRT_CHECKPOINT_ATOMICFILE_H

#include <string>
#include <string_view>

namespace mdlrt {

/// Replaces `path` by `bytes`; false with a one-line reason on failure.
bool writeFileAtomically(const std::string &path, std::string_view bytes,
                         std::string &error);

/// The temporary name `writeFileAtomically` uses for `path` in this process.
std::string temporaryPathFor(const std::string &path);

/// A cheap early check that `path` can later be written: its folder exists
/// and is writable, and `path` is not a folder. False with a reason (which
/// does not repeat the path) otherwise.
bool checkFileCanBeReplaced(const std::string &path, std::string &error);

} // namespace mdlrt

#endif // MDLRT_CHECKPOINT_ATOMICFILE_H
