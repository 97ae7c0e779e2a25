// The JSON of chats on the wire (the contract in docs/chat.md): a chat as GET
// /api/v1/chats/{id} answers, its messages, and the updates the visitor's socket and the
// professional's chat feed send.
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "chat/chat_service.h"

namespace luukku::api {

// {"type": "message"?, "seq", "from", "name"?, "text", "time", "client_id"?,
//  "attachment"?: {"id", "name", "type", "size"}}
boost::json::object chatMessageJson(const chat::Message& m);
// {"chat_id", "line", "state", "agent", "visitor": {"name", "connected"}, "language",
//  "started_at", "messages": [...]}
boost::json::object chatJson(const chat::ChatView& chat);

// The visitor socket's first message: {"type": "welcome", "chat_id", "state", "professional",
// identification and acting on behalf}. `on_behalf_offered`: this server has the registers
// (identity/on_behalf.h), so an identified visitor may act for someone else.
std::string visitorWelcome(const chat::ChatView& chat, bool on_behalf_offered);
// What the visitor's socket sends for an update; empty for updates that are not theirs.
std::string visitorUpdate(const chat::ChatUpdate& update);
// What the professional's chat feed sends for an update (each names its chat_id).
std::string desktopUpdate(const chat::ChatUpdate& update);
// {"type": "error", "client_id"?, "code", "message"}
std::string chatSocketError(const std::string& client_id, std::string_view code,
                            std::string_view message);

}  // namespace luukku::api
