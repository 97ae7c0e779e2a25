// AttachmentIntake: what happens to a file someone sends before anyone else may see it, in
// this order:
//   1. its size is checked against the limit (kPayloadTooLarge);
//   2. its kind is read from its bytes; only pictures and PDFs pass (file_type.h);
//   3. when a virus scanner is configured, clamd scans the bytes as they were sent, metadata
//      included (clamd_scanner.h); a find refuses the file, and a scanner that cannot answer
//      refuses it too (kUnavailable), so nothing unscanned slips through while it is down;
//   4. a picture loses its metadata (image_metadata.h);
//   5. the result is stored (file_store.h) and described by an Attachment.
// A refused file leaves nothing behind.
//
// Serving a file (who may fetch it, the headers that keep a browser from running it) belongs to
// the conversation that owns it, not here.
//
// Thread-safety: accept() is const and may run on several threads at once; it blocks (disk,
// clamd), so call it off I/O threads.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "attachments/clamd_scanner.h"
#include "attachments/file_store.h"
#include "attachments/file_type.h"
#include "core/status.h"

namespace luukku::attachments {

struct Attachment {
  std::string id;        // the file store's id
  FileType type;         // by content
  std::size_t size = 0;  // bytes stored (after metadata was removed)
  bool scanned = false;  // clamd said it was clean
};

// The step at which accept() refused a file, for callers that answer each differently (a
// scanner's find and a damaged picture are both kInvalidArgument).
enum class IntakeStep { kSize, kType, kScan, kMetadata, kStore };

class AttachmentIntake {
 public:
  static constexpr std::size_t kDefaultMaxBytes = 10 * 1024 * 1024;

  // Borrows `store`, which must outlive the intake. No scanner: files are not scanned.
  AttachmentIntake(const FileStore& store, std::optional<ClamdScanner> scanner,
                   std::size_t max_bytes = kDefaultMaxBytes)
      : store_(store), scanner_(std::move(scanner)), max_bytes_(max_bytes) {}

  // On failure, `refused_at` (when given) says which step refused the file.
  Result<Attachment> accept(std::string_view bytes, IntakeStep* refused_at = nullptr) const;

  std::size_t maxBytes() const { return max_bytes_; }
  bool scans() const { return scanner_.has_value(); }
  const FileStore& store() const { return store_; }

 private:
  const FileStore& store_;
  std::optional<ClamdScanner> scanner_;
  std::size_t max_bytes_;
};

}  // namespace luukku::attachments
