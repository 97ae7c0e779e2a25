// FileRetention: how long files sent in conversations are kept. A file is removed once it was
// stored longer ago than the retention, and never while the conversation it was sent in can
// still be read.
//
// A file's age is its modification time, which FileStore::put() writes when it stores the
// file and nothing changes afterwards, so no database is asked. Whether its conversation can
// still be read is not in the directory: the caller names when the earliest conversation
// still readable started (`readable_since`). A file is sent after its conversation started,
// so a file stored before then belongs to none that can be read; files stored since are kept
// whatever their age, and go in a later sweep.
//
// Only entries named as put() names files (isFileId) are looked at, and only regular files
// (never followed through a link) are removed: temporary files being written, and anything
// else someone put in the directory, stay. A directory that does not exist has nothing to
// remove.
//
// Thread-safety: sweep() is const and may run beside the store's own calls on any thread.
// Blocking: it reads the directory and removes files; call it off I/O threads.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>

#include "attachments/file_store.h"
#include "core/status.h"
#include "core/time.h"

namespace luukku::attachments {

struct Swept {
  std::size_t removed = 0;
  std::size_t failed = 0;  // older than the retention but not removable (left for a later sweep)
};

class FileRetention {
 public:
  FileRetention(const FileStore& store, const Clock& clock, std::chrono::seconds keep)
      : store_(store), clock_(clock), keep_(keep) {}

  // Removes the files stored before both the clock's now less the retention and
  // `readable_since` (none: no conversation can be read). Fails only when the directory cannot
  // be opened; an error reading on ends the sweep with what it removed so far.
  Result<Swept> sweep(std::optional<Timestamp> readable_since) const;

  std::chrono::seconds keep() const { return keep_; }

 private:
  const FileStore& store_;
  const Clock& clock_;
  const std::chrono::seconds keep_;
};

}  // namespace luukku::attachments
