// Payloads of chat events (see chat_events_json.h).
#include "codec/chat_events_json.h"

#include <boost/json.hpp>

#include "codec/actor_json.h"
#include "codec/json_reader.h"
#include "codec/routing_json.h"
#include "core/text.h"

namespace luukku::codec {
namespace json = boost::json;
using namespace luukku::core;

namespace {

struct Encoder {
  json::value operator()(const ChatStarted& e) const {
    json::object o{{"line_id", e.line_id}, {"language", e.language}};
    if (!e.visitor_name.empty()) o["visitor_name"] = e.visitor_name;
    o["token_hash"] = e.token_hash;
    return o;
  }
  json::value operator()(const ChatMessage& e) const {
    json::object o{{"seq", e.seq}, {"from", e.from}};
    if (!e.agent_id.empty()) o["agent_id"] = e.agent_id;
    o["text"] = e.text;
    o["client_id"] = e.client_id;
    return o;
  }
  json::value operator()(const ChatRead& e) const {
    return json::object{{"by", e.by}, {"up_to", e.up_to}};
  }
  json::value operator()(const ChatEnded& e) const {
    return json::object{{"by", e.by}, {"reason", e.reason}};
  }
  json::value operator()(const ChatFeedback& e) const {
    json::object o{{"rating", e.rating}};
    if (!e.text.empty()) o["text"] = e.text;
    o["line_id"] = e.line_id;
    putTime(o, "started_at", e.started_at);
    return o;
  }
};

Result<ChatEvent> started(ObjectReader& r) {
  ChatStarted e;
  r.required("line_id", e.line_id);
  r.required("language", e.language);
  r.optional("visitor_name", e.visitor_name);
  r.required("token_hash", e.token_hash);
  RETURN_IF_ERROR(r.finish());
  return ChatEvent(e);
}

Result<ChatEvent> message(ObjectReader& r) {
  ChatMessage e;
  r.required("seq", e.seq);
  r.required("from", e.from);
  r.optional("agent_id", e.agent_id);
  r.required("text", e.text);
  r.required("client_id", e.client_id);
  if (r.ok() && e.seq < 1) r.fail(invalidArgument(r.pathOf("seq") + ": out of range"));
  RETURN_IF_ERROR(r.finish());
  return ChatEvent(e);
}

Result<ChatEvent> read(ObjectReader& r) {
  ChatRead e;
  r.required("by", e.by);
  r.required("up_to", e.up_to);
  if (r.ok() && e.up_to < 0) r.fail(invalidArgument(r.pathOf("up_to") + ": out of range"));
  RETURN_IF_ERROR(r.finish());
  return ChatEvent(e);
}

Result<ChatEvent> ended(ObjectReader& r) {
  ChatEnded e;
  r.required("by", e.by);
  r.required("reason", e.reason);
  RETURN_IF_ERROR(r.finish());
  return ChatEvent(e);
}

Result<ChatEvent> feedback(ObjectReader& r) {
  ChatFeedback e;
  std::int64_t rating = 0;
  std::string started_at;
  r.required("rating", rating);
  r.optional("text", e.text);
  r.required("line_id", e.line_id);
  r.required("started_at", started_at);
  if (r.ok() && (rating < 1 || rating > 5)) {
    r.fail(invalidArgument(r.pathOf("rating") + ": out of range"));
  }
  RETURN_IF_ERROR(r.finish());
  e.rating = static_cast<int>(rating);
  ASSIGN_OR_RETURN(e.started_at, decodeTime(json::value(started_at), "started_at"));
  return ChatEvent(e);
}

using Decoder = Result<ChatEvent> (*)(ObjectReader&);

struct Entry {
  std::string_view type;
  Decoder decode;
};

constexpr Entry kDecoders[] = {
    {ChatStarted::kType, started}, {ChatMessage::kType, message},   {ChatRead::kType, read},
    {ChatEnded::kType, ended},     {ChatFeedback::kType, feedback},
};
static_assert(std::size(kDecoders) == std::variant_size_v<ChatEvent>,
              "every chat event has a decoder");

}  // namespace

json::value encodePayload(const ChatEvent& event) {
  return std::visit(Encoder{}, event);
}

bool isChatEventType(std::string_view type) {
  for (const Entry& e : kDecoders) {
    if (e.type == type) return true;
  }
  return false;
}

Result<ChatEvent> decodeChatEvent(std::string_view type, const json::value& payload) {
  for (const Entry& e : kDecoders) {
    if (e.type != type) continue;
    // A professional's events carry their actor; the event is the rest.
    ASSIGN_OR_RETURN(PayloadAndActor split, splitActor(payload));
    ObjectReader r(split.payload, std::string(type));
    return e.decode(r);
  }
  return invalidArgument("unknown chat event type '" + printable(type) + "'");
}

}  // namespace luukku::codec
