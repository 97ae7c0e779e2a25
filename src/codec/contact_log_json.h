// The JSON forms of a contact's log (core/contact_log.h): the payload of "contact.logged"
// and the "contact_log" document, the contact's latest entry, which the customer card reads.
//
//   payload:  {"contact_id", "number", "agent", "reason", "note", "service_need_assessment"}
//             (+ "actor", added by the engine)
//   document: the payload with "seq" and "time" of the event
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json/value.hpp>

#include "core/contact_log.h"
#include "core/status.h"

namespace luukku::codec {

boost::json::value encodePayload(const core::ContactLogged& event);
Result<core::ContactLogged> decodeContactLogged(const boost::json::value& payload);

// The document: the entry's event with its actor (`payload`, as recorded), seq and time.
boost::json::value encodeContactLogDocument(const boost::json::value& payload, std::int64_t seq,
                                            Timestamp at);
Result<core::ContactLogEntry> decodeContactLogDocument(const boost::json::value& document);

}  // namespace luukku::codec
