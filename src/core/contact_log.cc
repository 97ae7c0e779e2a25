#include "core/contact_log.h"

#include "core/text.h"

namespace luukku::core {

Status validateContactLog(const ContactLog& log, const RegionSettings& region) {
  if (log.reason.empty()) return invalidArgument("reason: required");
  if (!findContactReason(region, log.reason)) {
    return invalidArgument("reason: '" + printable(log.reason) +
                           "' is not one of the region's contact reasons");
  }
  if (!isValidUtf8(log.note)) return invalidArgument("note: not valid UTF-8");
  if (log.note.size() > kMaxContactNoteBytes) {
    return invalidArgument("note: longer than " + std::to_string(kMaxContactNoteBytes) + " bytes");
  }
  return Status::ok();
}

}  // namespace luukku::core
