#include "attachments/intake.h"

#include "attachments/image_metadata.h"

namespace luukku::attachments {

Result<Attachment> AttachmentIntake::accept(std::string_view bytes, IntakeStep* refused_at) const {
  IntakeStep ignored{};
  IntakeStep& step = refused_at ? *refused_at : ignored;
  step = IntakeStep::kSize;
  if (bytes.size() > max_bytes_) {
    return Status(ErrorCode::kPayloadTooLarge, "the file is " + std::to_string(bytes.size()) +
                                                   " bytes; at most " + std::to_string(max_bytes_) +
                                                   " are accepted");
  }
  step = IntakeStep::kType;
  ASSIGN_OR_RETURN(FileType type, detectFileType(bytes));
  bool scanned = false;
  if (scanner_) {
    step = IntakeStep::kScan;
    ASSIGN_OR_RETURN(ScanVerdict verdict, scanner_->scan(bytes));
    if (!verdict.clean) {
      return invalidArgument("the file was refused: the virus scanner found " + verdict.signature +
                             " in it");
    }
    scanned = true;
  }
  std::string cleaned;
  std::string_view kept = bytes;
  if (type.image) {
    step = IntakeStep::kMetadata;
    ASSIGN_OR_RETURN(cleaned, withoutMetadata(type.kind, bytes));
    kept = cleaned;
  }
  step = IntakeStep::kStore;
  ASSIGN_OR_RETURN(std::string id, store_.put(kept));
  return Attachment{std::move(id), type, kept.size(), scanned};
}

}  // namespace luukku::attachments
