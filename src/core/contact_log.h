// ContactLog: what a professional records about a contact on the customer card — the reason
// from the region's list, a free-text note and whether a service-need assessment
// (palvelutarpeen arviointi) was initiated — and the event that records it in the contact's
// own stream ("contact.logged"), after the routing events of the contact.
//
// A contact may be logged while it lasts and after it ended, more than once; the latest entry
// is the contact's log, the earlier ones stay in its stream.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/region.h"
#include "core/status.h"
#include "core/time.h"

namespace luukku::core {

// A note is a few sentences, not a patient record: the card's note has a ceiling in bytes of
// UTF-8 (Finnish letters take two).
inline constexpr std::size_t kMaxContactNoteBytes = 2000;

struct ContactLog {
  std::string reason;  // the id of one of the region's contact reasons
  std::string note;    // free text, may be empty
  bool service_need_assessment = false;
  friend bool operator==(const ContactLog&, const ContactLog&) = default;
};

// The reason is one of the region's; the note is valid UTF-8 within kMaxContactNoteBytes.
// Messages name the field ("reason: ...", "note: ...").
Status validateContactLog(const ContactLog& log, const RegionSettings& region);

// The event "contact.logged" in the stream "contact/<contact_id>". The number is the
// contact's citizen (the caller's or the dialled number; empty for an anonymous contact), so
// the event feed strips it and writes the access log like every other event that names one.
struct ContactLogged {
  std::string contact_id;
  std::string number;
  std::string agent_id;  // the professional who logged it; empty: a supervisor without one
  ContactLog log;
  friend bool operator==(const ContactLogged&, const ContactLogged&) = default;
};

inline constexpr std::string_view kContactLoggedType = "contact.logged";

// A logged entry as recorded: the event and where and when the log put it.
struct ContactLogEntry {
  ContactLogged logged;
  std::int64_t seq = 0;  // the event's global sequence
  Timestamp at;
  std::string actor_name;  // who logged it (the signed-in person's name)
  friend bool operator==(const ContactLogEntry&, const ContactLogEntry&) = default;
};

}  // namespace luukku::core
