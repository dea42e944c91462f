//===- AtomicFile.cpp - Replacing a file all at once ------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// POSIX implementation of the write-fsync-rename protocol. Short writes and
// EINTR are retried; every other failure unwinds through one cleanup path
// that closes and unlinks the temporary file.
//
//===----------------------------------------------------------------------===//

#include "checkpoint/AtomicFile.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mdlrt {

namespace {
std::string folderOf(const std::string &path) {
  std::string::size_type slash = path.find_last_of('/');
  if (slash == std::string::npos)
    return ".";
  if (slash == 0)
    return "/";
  return path.substr(0, slash);
}

bool writeAll(int fd, std::string_view bytes) {
  const char *next = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    ssize_t written = ::write(fd, next, left);
    if (written < 0) {
      if (errno == EINTR)
        continue;
      return false;
    }
    next += written;
    left -= static_cast<size_t>(written);
  }
  return true;
}

/// Makes the rename durable; file systems that cannot sync a folder
/// (EINVAL) are not an error.
void syncFolder(const std::string &folder) {
  int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return;
  ::fsync(fd);
  ::close(fd);
}
} // namespace

std::string temporaryPathFor(const std::string &path) {
  return path + ".tmp." + std::to_string(static_cast<long>(::getpid()));
}

bool writeFileAtomically(const std::string &path, std::string_view bytes,
                         std::string &error) {
  std::string temporary = temporaryPathFor(path);
  auto failWith = [&](const std::string &what, int fd) {
    int savedErrno = errno;
    if (fd >= 0)
      ::close(fd);
    ::unlink(temporary.c_str());
    error = "cannot " + what + ": " + std::strerror(savedErrno);
    return false;
  };

  int flags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC;
  int fd = ::open(temporary.c_str(), flags, 0644);
  if (fd < 0 && errno == EEXIST) {
    // Left by a process that had our pid and died; it is ours to replace.
    ::unlink(temporary.c_str());
    fd = ::open(temporary.c_str(), flags, 0644);
  }
  if (fd < 0) {
    error = "cannot create '" + temporary + "': " + std::strerror(errno);
    return false;
  }
  if (!writeAll(fd, bytes))
    return failWith("write '" + temporary + "'", fd);
  if (::fsync(fd) != 0)
    return failWith("sync '" + temporary + "'", fd);
  if (::close(fd) != 0)
    return failWith("close '" + temporary + "'", -1);
  if (::rename(temporary.c_str(), path.c_str()) != 0)
    return failWith("rename '" + temporary + "' to '" + path + "'", -1);
  syncFolder(folderOf(path));
  return true;
}

bool checkFileCanBeReplaced(const std::string &path, std::string &error) {
  struct stat info;
  if (::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
    error = "it is a folder";
    return false;
  }
  std::string folder = folderOf(path);
  if (::stat(folder.c_str(), &info) != 0) {
    error = "folder '" + folder + "': " + std::strerror(errno);
    return false;
  }
  if (!S_ISDIR(info.st_mode)) {
    error = "'" + folder + "' is not a folder";
    return false;
  }
  if (::access(folder.c_str(), W_OK | X_OK) != 0) {
    error = "folder '" + folder + "': " + std::strerror(errno);
    return false;
  }
  return true;
}

} // namespace mdlrt
