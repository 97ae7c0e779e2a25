// JSON payloads of chat events (core/chat_events.h), as the "chat/<id>" streams record them:
//
//   chat.started   {"line_id", "language", "visitor_name"?, "token_hash"}
//   chat.message   {"seq", "from", "agent_id"?, "text", "client_id",
//                   "attachment"?: {"id", "file_name", "media_type", "size"}}
//   chat.read      {"by", "up_to"}
//   chat.ended     {"by", "reason"}
//   chat.feedback  {"rating", "text"?, "line_id", "started_at"}
//
// Optional fields are left out when empty. The event feed withholds "text", "file_name" and
// "visitor_name" from readers without personal data (engine/event_json.h); "token_hash"
// never leaves the server: the feed drops it from every reader (kSecretKeys there).
//
// Decoding is strict (no unknown fields) and errors name the field.
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json/value.hpp>
#include <string_view>

#include "core/chat_events.h"
#include "core/status.h"

namespace luukku::codec {

boost::json::value encodePayload(const core::ChatEvent& event);
Result<core::ChatEvent> decodeChatEvent(std::string_view type, const boost::json::value& payload);
bool isChatEventType(std::string_view type);

}  // namespace luukku::codec
