#include "api/chat_json.h"

#include <boost/json.hpp>

namespace luukku::api {
namespace json = boost::json;
using chat::ChatUpdate;

json::object chatMessageJson(const chat::Message& m) {
  json::object o{{"type", "message"}, {"seq", m.seq}, {"from", m.from}};
  if (!m.name.empty()) o["name"] = m.name;
  o["text"] = m.text;
  o["time"] = formatTimestamp(m.time);
  if (!m.client_id.empty()) o["client_id"] = m.client_id;
  if (m.attachment) {
    o["attachment"] = json::object{{"id", m.attachment->id},
                                   {"name", m.attachment->file_name},
                                   {"type", m.attachment->media_type},
                                   {"size", m.attachment->size}};
  }
  return o;
}

namespace {

json::value orNull(const std::string& s) {
  return s.empty() ? json::value(nullptr) : json::value(s);
}

json::value professional(const std::string& name, bool present) {
  if (!present) return nullptr;
  return json::object{{"name", name}};
}

// {"name", "basis"} of the person an identified visitor acts for; null: themselves.
json::value onBehalf(const chat::ChatView& c) {
  if (c.on_behalf_name.empty()) return nullptr;
  return json::object{{"name", c.on_behalf_name}, {"basis", c.on_behalf_basis}};
}

// {"name"} of an identified visitor; null before they identify.
json::value identified(const chat::ChatView& c) {
  if (c.identified_name.empty()) return nullptr;
  return json::object{{"name", c.identified_name}};
}

// {"agent_id", "invite"} of a colleague asked and not yet answered; null when none.
json::value askedColleague(const chat::ChatView& c) {
  if (c.asked_colleague.empty()) return nullptr;
  return json::object{{"agent_id", c.asked_colleague}, {"invite", c.asked_to_join}};
}

json::object lineJson(const ChatUpdate& u) {
  return json::object{{"id", u.line_id}, {"name", u.line_name}};
}

}  // namespace

json::object chatJson(const chat::ChatView& c) {
  json::array messages;
  messages.reserve(c.messages.size());
  for (const auto& m : c.messages) {
    json::object o = chatMessageJson(m);
    o.erase("type");
    messages.push_back(std::move(o));
  }
  return json::object{{"chat_id", c.chat_id},
                      {"line", c.line_id},
                      {"state", chat::chatStateName(c.state)},
                      {"agent", orNull(c.agent_id)},
                      {"visitor", json::object{{"name", orNull(c.visitor_name)},
                                               {"connected", c.visitor_connected},
                                               {"identified", identified(c)},
                                               {"on_behalf", onBehalf(c)}}},
                      {"identification", c.identification},
                      {"identification_asked", c.identification_asked},
                      {"language", c.language},
                      {"path", c.path.empty() ? json::value(nullptr) : json::value_from(c.path)},
                      {"started_at", formatTimestamp(c.started_at)},
                      {"colleagues", json::value_from(c.colleagues)},
                      {"asked_colleague", askedColleague(c)},
                      {"messages", std::move(messages)}};
}

std::string visitorWelcome(const chat::ChatView& c, bool on_behalf_offered) {
  return json::serialize(
      json::object{{"type", "welcome"},
                   {"chat_id", c.chat_id},
                   {"state", chat::chatStateName(c.state)},
                   {"professional", professional(c.professional_name, !c.agent_id.empty())},
                   {"identification", c.identification},
                   {"identified", identified(c)},
                   {"on_behalf", onBehalf(c)},
                   {"on_behalf_offered", on_behalf_offered && c.identification != "anonymous"},
                   {"identification_asked", c.identification_asked}});
}

std::string visitorUpdate(const ChatUpdate& u) {
  switch (u.kind) {
    case ChatUpdate::Kind::kMessage:
      return json::serialize(chatMessageJson(u.message));
    case ChatUpdate::Kind::kQueue: {
      json::object o{{"type", "queue"}, {"position", u.queue.position}};
      if (u.queue.estimated_wait)
        o["estimated_wait_s"] = u.queue.estimated_wait->count();
      else
        o["estimated_wait_s"] = nullptr;
      return json::serialize(o);
    }
    case ChatUpdate::Kind::kJoined:
      return json::serialize(
          json::object{{"type", "joined"}, {"professional", json::object{{"name", u.name}}}});
    case ChatUpdate::Kind::kTyping:
      return json::serialize(json::object{{"type", "typing"}, {"from", u.from}});
    case ChatUpdate::Kind::kRead:
      return json::serialize(json::object{{"type", "read"}, {"by", u.from}, {"up_to", u.up_to}});
    case ChatUpdate::Kind::kEnded:
      return json::serialize(json::object{{"type", "ended"}, {"by", u.from}, {"reason", u.reason}});
    case ChatUpdate::Kind::kIdentificationAsked:
      return json::serialize(json::object{{"type", "identification_asked"}});
    case ChatUpdate::Kind::kIdentified:
      return json::serialize(json::object{{"type", "identified"}, {"name", u.name}});
    case ChatUpdate::Kind::kOnBehalf:
      return json::serialize(
          json::object{{"type", "on_behalf"}, {"name", u.name}, {"basis", u.basis}});
    case ChatUpdate::Kind::kTransferred:
      if (u.to == "line") {
        return json::serialize(
            json::object{{"type", "transferred"}, {"to", "line"}, {"line", lineJson(u)}});
      }
      return json::serialize(json::object{{"type", "transferred"},
                                          {"to", "professional"},
                                          {"professional", json::object{{"name", u.name}}}});
    case ChatUpdate::Kind::kColleague:
      return json::serialize(
          json::object{{"type", "colleague"}, {"name", u.name}, {"joined", u.connected}});
    case ChatUpdate::Kind::kVisitor:
    case ChatUpdate::Kind::kChat:
    case ChatUpdate::Kind::kColleagueAsked:
    case ChatUpdate::Kind::kColleagueAnswer:
      return {};
  }
  return {};
}

std::string desktopUpdate(const ChatUpdate& u) {
  json::object o;
  switch (u.kind) {
    case ChatUpdate::Kind::kChat:
      return json::serialize(json::object{{"type", "chat"}, {"chat", chatJson(*u.chat)}});
    case ChatUpdate::Kind::kMessage:
      o = chatMessageJson(u.message);
      break;
    case ChatUpdate::Kind::kTyping:
      o = json::object{{"type", "typing"}, {"from", u.from}};
      break;
    case ChatUpdate::Kind::kRead:
      o = json::object{{"type", "read"}, {"by", u.from}, {"up_to", u.up_to}};
      break;
    case ChatUpdate::Kind::kVisitor:
      o = json::object{{"type", "visitor"}, {"connected", u.connected}};
      break;
    case ChatUpdate::Kind::kEnded:
      o = json::object{{"type", "ended"}, {"by", u.from}, {"reason", u.reason}};
      break;
    case ChatUpdate::Kind::kIdentificationAsked:
      o = json::object{{"type", "identification_asked"}};
      break;
    case ChatUpdate::Kind::kIdentified:
      o = json::object{{"type", "identified"}, {"name", u.name}};
      break;
    case ChatUpdate::Kind::kOnBehalf:
      o = json::object{{"type", "on_behalf"}, {"name", u.name}, {"basis", u.basis}};
      break;
    case ChatUpdate::Kind::kTransferred:
      o = json::object{{"type", "transferred"}, {"to", u.to}};
      if (u.to == "line")
        o["line"] = lineJson(u);
      else
        o["agent"] = json::object{{"agent_id", u.agent_id}, {"name", u.name}};
      break;
    case ChatUpdate::Kind::kColleagueAsked:
      o = json::object{{"type", "colleague_asked"},
                       {"invite", u.invite},
                       {"from", json::object{{"agent_id", u.agent_id}, {"name", u.name}}},
                       {"line", lineJson(u)},
                       {"until", formatTimestamp(u.until)}};
      break;
    case ChatUpdate::Kind::kColleagueAnswer:
      o = json::object{{"type", "colleague_answer"},
                       {"agent_id", u.agent_id},
                       {"name", u.name},
                       {"invite", u.invite},
                       {"reason", u.reason}};
      break;
    case ChatUpdate::Kind::kColleague:
      o = json::object{{"type", "colleague"},
                       {"agent_id", u.agent_id},
                       {"name", u.name},
                       {"joined", u.connected}};
      break;
    case ChatUpdate::Kind::kQueue:
    case ChatUpdate::Kind::kJoined:
      return {};
  }
  // "chat_id" right after "type", as the contract lists them.
  json::object out{{"type", o.at("type")}, {"chat_id", u.chat_id}};
  for (const auto& field : o) {
    if (field.key() != "type") out[field.key()] = field.value();
  }
  return json::serialize(out);
}

std::string chatSocketError(const std::string& client_id, std::string_view code,
                            std::string_view message) {
  json::object o{{"type", "error"}};
  if (!client_id.empty()) o["client_id"] = client_id;
  o["code"] = code;
  o["message"] = message;
  return json::serialize(o);
}

}  // namespace luukku::api
