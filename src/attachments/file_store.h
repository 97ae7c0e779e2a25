// FileStore: the bytes of files sent in conversations, kept in a directory of their own and
// not in the database, which holds only their ids (the log stays small and a file's removal
// does not touch it).
//
// A file is named by a random 128-bit id (32 lowercase hex digits), never by anything a sender
// chose, so a name can neither collide nor climb out of the directory; an id of any other form
// is refused before the disk is asked. Files are written to a temporary name, flushed and then
// renamed, so a crash leaves either the whole file or none; they are readable by the server's
// user only and never executable.
//
// Thread-safety: every call may run on any thread at once (each is a few system calls on
// distinct paths). Blocking: call it off I/O threads.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/status.h"

namespace luukku::attachments {

class FileStore {
 public:
  // The directory is created (mode 0700) when missing.
  static Result<FileStore> open(std::filesystem::path directory);

  // Stores `bytes` durably; returns the new file's id.
  Result<std::string> put(std::string_view bytes) const;
  // kNotFound for an id never stored (or removed); kInvalidArgument for one of the wrong form.
  Result<std::string> read(std::string_view id) const;
  Status remove(std::string_view id) const;

  const std::filesystem::path& directory() const { return directory_; }

 private:
  explicit FileStore(std::filesystem::path directory) : directory_(std::move(directory)) {}

  std::filesystem::path directory_;
};

// Whether `id` has the form put() gives.
bool isFileId(std::string_view id);

}  // namespace luukku::attachments
