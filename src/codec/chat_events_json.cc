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
    if (e.clickbot) {
      o["clickbot"] = json::object{{"tree_id", e.clickbot->tree_id},
                                   {"version", e.clickbot->version},
                                   {"path", json::value_from(e.clickbot->path)},
                                   {"titles", json::value_from(e.clickbot->titles)}};
    }
    return o;
  }
  json::value operator()(const ChatMessage& e) const {
    json::object o{{"seq", e.seq}, {"from", e.from}};
    if (!e.agent_id.empty()) o["agent_id"] = e.agent_id;
    o["text"] = e.text;
    o["client_id"] = e.client_id;
    if (e.attachment) {
      o["attachment"] = json::object{{"id", e.attachment->id},
                                     {"file_name", e.attachment->file_name},
                                     {"media_type", e.attachment->media_type},
                                     {"size", e.attachment->size}};
    }
    return o;
  }
  json::value operator()(const ChatRead& e) const {
    return json::object{{"by", e.by}, {"up_to", e.up_to}};
  }
  json::value operator()(const ChatEnded& e) const {
    return json::object{{"by", e.by}, {"reason", e.reason}};
  }
  json::value operator()(const ChatIdentificationAsked& e) const {
    return json::object{{"agent_id", e.agent_id}};
  }
  json::value operator()(const ChatIdentified& e) const {
    return json::object{{"person_name", e.person_name},
                        {"identity_code_sealed", e.identity_code_sealed},
                        {"method", e.method},
                        {"issuer", e.issuer}};
  }
  json::value operator()(const ChatOnBehalf& e) const {
    return json::object{{"principal_name", e.principal_name},
                        {"principal_code_sealed", e.principal_code_sealed},
                        {"basis", e.basis}};
  }
  json::value operator()(const ChatTransferred& e) const {
    json::object o{{"from_agent_id", e.from_agent_id}, {"to", e.to}, {"line_id", e.line_id}};
    if (!e.agent_id.empty()) o["agent_id"] = e.agent_id;
    return o;
  }
  json::value operator()(const ChatTransferOffered& e) const {
    return json::object{{"from_agent_id", e.from_agent_id}, {"to_agent_id", e.to_agent_id}};
  }
  json::value operator()(const ChatTransferRefused& e) const {
    return json::object{
        {"from_agent_id", e.from_agent_id}, {"to_agent_id", e.to_agent_id}, {"reason", e.reason}};
  }
  json::value operator()(const ChatInvited& e) const {
    return json::object{{"agent_id", e.agent_id}, {"by_agent_id", e.by_agent_id}};
  }
  json::value operator()(const ChatJoined& e) const {
    return json::object{{"agent_id", e.agent_id}};
  }
  json::value operator()(const ChatLeft& e) const {
    return json::object{{"agent_id", e.agent_id}, {"reason", e.reason}};
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
  readNested(
      r, "clickbot", false, e.clickbot,
      [](const json::value& v, const std::string& path) -> Result<std::optional<ClickbotWalk>> {
        ClickbotWalk walk;
        ObjectReader w(v, path);
        w.required("tree_id", walk.tree_id);
        w.required("version", walk.version);
        w.required("path", walk.path);
        w.required("titles", walk.titles);
        RETURN_IF_ERROR(w.finish());
        return std::optional<ClickbotWalk>(std::move(walk));
      });
  RETURN_IF_ERROR(r.finish());
  return ChatEvent(e);
}

Result<std::optional<ChatAttachment>> attachment(const json::value& v, const std::string& path) {
  ObjectReader a(v, path);
  ChatAttachment file;
  a.required("id", file.id);
  a.required("file_name", file.file_name);
  a.required("media_type", file.media_type);
  a.required("size", file.size);
  if (a.ok() && file.size < 1) a.fail(invalidArgument(a.pathOf("size") + ": out of range"));
  RETURN_IF_ERROR(a.finish());
  return std::optional<ChatAttachment>(std::move(file));
}

Result<ChatEvent> message(ObjectReader& r) {
  ChatMessage e;
  r.required("seq", e.seq);
  r.required("from", e.from);
  r.optional("agent_id", e.agent_id);
  r.required("text", e.text);
  r.required("client_id", e.client_id);
  if (r.ok() && e.seq < 1) r.fail(invalidArgument(r.pathOf("seq") + ": out of range"));
  readNested(r, "attachment", false, e.attachment, attachment);
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

Result<ChatEvent> identificationAsked(ObjectReader& r) {
  ChatIdentificationAsked e;
  r.required("agent_id", e.agent_id);
  RETURN_IF_ERROR(r.finish());
  return ChatEvent(e);
}

Result<ChatEvent> identified(ObjectReader& r) {
  ChatIdentified e;
  r.required("person_name", e.person_name);
  r.required("identity_code_sealed", e.identity_code_sealed);
  r.required("method", e.method);
  r.required("issuer", e.issuer);
  RETURN_IF_ERROR(r.finish());
  return ChatEvent(e);
}

Result<ChatEvent> onBehalf(ObjectReader& r) {
  ChatOnBehalf e;
  r.required("principal_name", e.principal_name);
  r.required("principal_code_sealed", e.principal_code_sealed);
  r.required("basis", e.basis);
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

Result<ChatEvent> transferred(ObjectReader& r) {
  ChatTransferred e;
  r.required("from_agent_id", e.from_agent_id);
  r.required("to", e.to);
  r.required("line_id", e.line_id);
  r.optional("agent_id", e.agent_id);
  if (r.ok() && e.to != "line" && e.to != "agent") {
    r.fail(invalidArgument(r.pathOf("to") + ": is \"line\" or \"agent\""));
  }
  if (r.ok() && e.to == "agent" && e.agent_id.empty()) {
    r.fail(invalidArgument(r.pathOf("agent_id") + ": required when to is \"agent\""));
  }
  RETURN_IF_ERROR(r.finish());
  return ChatEvent(e);
}

Result<ChatEvent> transferOffered(ObjectReader& r) {
  ChatTransferOffered e;
  r.required("from_agent_id", e.from_agent_id);
  r.required("to_agent_id", e.to_agent_id);
  RETURN_IF_ERROR(r.finish());
  return ChatEvent(e);
}

Result<ChatEvent> transferRefused(ObjectReader& r) {
  ChatTransferRefused e;
  r.required("from_agent_id", e.from_agent_id);
  r.required("to_agent_id", e.to_agent_id);
  r.required("reason", e.reason);
  RETURN_IF_ERROR(r.finish());
  return ChatEvent(e);
}

Result<ChatEvent> invited(ObjectReader& r) {
  ChatInvited e;
  r.required("agent_id", e.agent_id);
  r.required("by_agent_id", e.by_agent_id);
  RETURN_IF_ERROR(r.finish());
  return ChatEvent(e);
}

Result<ChatEvent> joined(ObjectReader& r) {
  ChatJoined e;
  r.required("agent_id", e.agent_id);
  RETURN_IF_ERROR(r.finish());
  return ChatEvent(e);
}

Result<ChatEvent> left(ObjectReader& r) {
  ChatLeft e;
  r.required("agent_id", e.agent_id);
  r.required("reason", e.reason);
  RETURN_IF_ERROR(r.finish());
  return ChatEvent(e);
}

using Decoder = Result<ChatEvent> (*)(ObjectReader&);

struct Entry {
  std::string_view type;
  Decoder decode;
};

constexpr Entry kDecoders[] = {
    {ChatStarted::kType, started},
    {ChatMessage::kType, message},
    {ChatRead::kType, read},
    {ChatEnded::kType, ended},
    {ChatIdentificationAsked::kType, identificationAsked},
    {ChatIdentified::kType, identified},
    {ChatOnBehalf::kType, onBehalf},
    {ChatFeedback::kType, feedback},
    {ChatTransferred::kType, transferred},
    {ChatTransferOffered::kType, transferOffered},
    {ChatTransferRefused::kType, transferRefused},
    {ChatInvited::kType, invited},
    {ChatJoined::kType, joined},
    {ChatLeft::kType, left},
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
