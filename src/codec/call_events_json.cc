// Payloads of call events (see call_events_json.h).
#include "codec/call_events_json.h"

#include <boost/json.hpp>
#include <limits>

#include "codec/actor_json.h"
#include "codec/json_reader.h"
#include "core/text.h"

namespace luukku::codec {
namespace json = boost::json;
using namespace luukku::core;

namespace {

struct Encoder {
  json::value operator()(const CallArrived& e) const {
    return json::object{{"dialled", e.dialled},
                        {"source", e.source},
                        {"language", e.language},
                        {"withheld", e.withheld}};
  }
  json::value operator()(const CallAnnounced& e) const {
    json::object o{{"position", e.position}};
    if (e.wait)
      o["wait_s"] = e.wait->count();
    else
      o["wait_s"] = nullptr;
    return o;
  }
  json::value agent(const std::string& id) const { return json::object{{"agent_id", id}}; }
  json::value operator()(const CallAgentRinging& e) const { return agent(e.agent_id); }
  json::value operator()(const CallAgentNotAnswering& e) const { return agent(e.agent_id); }
  json::value operator()(const CallAnswered& e) const { return agent(e.agent_id); }
  json::value operator()(const CallAgentUnreachable& e) const {
    return json::object{{"agent_id", e.agent_id}, {"status", e.status}};
  }
  json::value operator()(const CallAgentRefused& e) const {
    return json::object{{"agent_id", e.agent_id}, {"status", e.status}};
  }
  json::value operator()(const CallCallbackPressed&) const { return json::object{{"digit", "1"}}; }
  json::value operator()(const CallNumberKeyed&) const { return json::object{{"confirmed", true}}; }
  json::value operator()(const CallVoiceMessage& e) const {
    return json::object{{"ref", e.ref},
                        {"seconds", e.seconds},
                        {"heard_voice", e.heard_voice},
                        {"ended_by", e.ended_by}};
  }
  json::value operator()(const CallCallbackTask& e) const {
    return json::object{{"task_id", e.task_id}, {"reason", e.reason}};
  }
  json::value operator()(const CallDialled& e) const {
    return json::object{{"line_id", e.line_id},
                        {"number", e.number},
                        {"agent_id", e.agent_id},
                        {"task_id", e.task_id},
                        {"caller_id", e.caller_id}};
  }
  json::value operator()(const CallRemoteRinging&) const { return json::object{}; }
  json::value operator()(const CallDialFailed& e) const {
    return json::object{{"result", e.result}, {"status", e.status}};
  }
  json::value operator()(const CallHeld& e) const {
    return json::object{{"agent_id", e.agent_id}, {"by", e.by}};
  }
  json::value operator()(const CallResumed& e) const {
    return json::object{{"agent_id", e.agent_id}, {"by", e.by}};
  }
  // A target: the line, agent or extension under "to", a number under "number" (the key the
  // event feed withholds from whoever may not see personal data).
  static void target(json::object& o, const std::string& kind, const std::string& to,
                     const std::string& number) {
    o["to_kind"] = kind;
    o["to"] = to;
    if (!number.empty()) o["number"] = number;
  }
  json::value operator()(const CallTransferred& e) const {
    json::object o{{"agent_id", e.agent_id}};
    target(o, e.to_kind, e.to, e.number);
    o["by"] = e.by;
    o["attended"] = e.attended;
    return o;
  }
  json::value operator()(const CallTransferFailed& e) const {
    return json::object{{"agent_id", e.agent_id}, {"result", e.result}, {"status", e.status}};
  }
  json::value operator()(const CallConsulting& e) const {
    json::object o{{"agent_id", e.agent_id}};
    target(o, e.to_kind, e.to, e.number);
    o["by"] = e.by;
    return o;
  }
  json::value operator()(const CallConsultAnswered& e) const { return agent(e.agent_id); }
  json::value operator()(const CallConsultEnded& e) const {
    return json::object{{"agent_id", e.agent_id}, {"result", e.result}, {"status", e.status}};
  }
  json::value operator()(const CallSwapped& e) const {
    return json::object{{"agent_id", e.agent_id}, {"to", e.to}, {"by", e.by}};
  }
  json::value operator()(const CallConferenced& e) const {
    return json::object{{"agent_id", e.agent_id}, {"by", e.by}};
  }
  json::value operator()(const CallEnded& e) const {
    return json::object{{"by", e.by}, {"reason", e.reason}};
  }
};

// A whole number that fits an int (a position, a SIP status).
void readInt(ObjectReader& r, std::string_view key, int& out) {
  std::int64_t n = 0;
  r.required(key, n);
  if (!r.ok()) return;
  if (n < 0 || n > std::numeric_limits<int>::max()) {
    r.fail(invalidArgument(r.pathOf(key) + ": out of range"));
    return;
  }
  out = static_cast<int>(n);
}

Result<CallEvent> arrived(ObjectReader& r) {
  CallArrived e;
  r.required("dialled", e.dialled);
  r.required("source", e.source);
  r.required("language", e.language);
  r.required("withheld", e.withheld);
  RETURN_IF_ERROR(r.finish());
  return CallEvent(e);
}

Result<CallEvent> announced(ObjectReader& r) {
  CallAnnounced e;
  readInt(r, "position", e.position);
  const json::value* wait = r.field("wait_s", true);
  if (r.ok() && wait && !wait->is_null()) {
    std::int64_t seconds = 0;
    r.required("wait_s", seconds);
    if (r.ok() && seconds < 0) r.fail(invalidArgument(r.pathOf("wait_s") + ": out of range"));
    e.wait = std::chrono::seconds(seconds);
  }
  RETURN_IF_ERROR(r.finish());
  return CallEvent(e);
}

// Events naming an agent and, for failed rings, the SIP status.
template <typename Event>
Result<CallEvent> agentEvent(ObjectReader& r) {
  Event e;
  r.required("agent_id", e.agent_id);
  if constexpr (requires { e.status; }) readInt(r, "status", e.status);
  RETURN_IF_ERROR(r.finish());
  return CallEvent(e);
}

Result<CallEvent> callbackPressed(ObjectReader& r) {
  std::string digit;
  r.required("digit", digit);
  if (r.ok() && digit != "1") r.fail(invalidArgument(r.pathOf("digit") + ": expected \"1\""));
  RETURN_IF_ERROR(r.finish());
  return CallEvent(CallCallbackPressed{});
}

Result<CallEvent> numberKeyed(ObjectReader& r) {
  bool confirmed = false;
  r.required("confirmed", confirmed);
  if (r.ok() && !confirmed) r.fail(invalidArgument(r.pathOf("confirmed") + ": expected true"));
  RETURN_IF_ERROR(r.finish());
  return CallEvent(CallNumberKeyed{});
}

Result<CallEvent> voiceMessage(ObjectReader& r) {
  CallVoiceMessage e;
  r.required("ref", e.ref);
  const json::value* seconds = r.field("seconds", true);
  if (r.ok() && seconds) r.optional("seconds", e.seconds);
  r.required("heard_voice", e.heard_voice);
  r.required("ended_by", e.ended_by);
  RETURN_IF_ERROR(r.finish());
  return CallEvent(e);
}

// Events of string fields only: reads them all and nothing else.
Status readStrings(ObjectReader& r,
                   std::initializer_list<std::pair<std::string_view, std::string*>> fields) {
  for (const auto& [key, out] : fields) r.required(key, *out);
  return r.finish();
}

Result<CallEvent> callbackTask(ObjectReader& r) {
  CallCallbackTask e;
  RETURN_IF_ERROR(readStrings(r, {{"task_id", &e.task_id}, {"reason", &e.reason}}));
  return CallEvent(e);
}

Result<CallEvent> dialled(ObjectReader& r) {
  CallDialled e;
  RETURN_IF_ERROR(readStrings(r, {{"line_id", &e.line_id},
                                  {"number", &e.number},
                                  {"agent_id", &e.agent_id},
                                  {"task_id", &e.task_id},
                                  {"caller_id", &e.caller_id}}));
  return CallEvent(e);
}

Result<CallEvent> remoteRinging(ObjectReader& r) {
  RETURN_IF_ERROR(r.finish());
  return CallEvent(CallRemoteRinging{});
}

Result<CallEvent> dialFailed(ObjectReader& r) {
  CallDialFailed e;
  r.required("result", e.result);
  readInt(r, "status", e.status);
  RETURN_IF_ERROR(r.finish());
  return CallEvent(e);
}

// Holding and resuming: the agent and how it was asked.
template <typename Event>
Result<CallEvent> holdEvent(ObjectReader& r) {
  Event e;
  RETURN_IF_ERROR(readStrings(r, {{"agent_id", &e.agent_id}, {"by", &e.by}}));
  return CallEvent(e);
}

// A target as the encoder writes it; "number" only for numbers.
template <typename Event>
void readTarget(ObjectReader& r, Event& e) {
  r.required("to_kind", e.to_kind);
  r.required("to", e.to);
  r.optional("number", e.number);
}

Result<CallEvent> transferred(ObjectReader& r) {
  CallTransferred e;
  r.required("agent_id", e.agent_id);
  r.required("by", e.by);
  readTarget(r, e);
  // (Written before attended transfers existed: every one was blind.)
  r.optional("attended", e.attended);
  RETURN_IF_ERROR(r.finish());
  return CallEvent(e);
}

// Events that say how something ended: the agent, a result and a SIP status.
template <typename Event>
Result<CallEvent> resultEvent(ObjectReader& r) {
  Event e;
  r.required("agent_id", e.agent_id);
  r.required("result", e.result);
  readInt(r, "status", e.status);
  RETURN_IF_ERROR(r.finish());
  return CallEvent(e);
}

Result<CallEvent> consulting(ObjectReader& r) {
  CallConsulting e;
  r.required("agent_id", e.agent_id);
  r.required("by", e.by);
  readTarget(r, e);
  RETURN_IF_ERROR(r.finish());
  return CallEvent(e);
}

Result<CallEvent> swapped(ObjectReader& r) {
  CallSwapped e;
  RETURN_IF_ERROR(readStrings(r, {{"agent_id", &e.agent_id}, {"to", &e.to}, {"by", &e.by}}));
  return CallEvent(e);
}

Result<CallEvent> ended(ObjectReader& r) {
  CallEnded e;
  RETURN_IF_ERROR(readStrings(r, {{"by", &e.by}, {"reason", &e.reason}}));
  return CallEvent(e);
}

using Decoder = Result<CallEvent> (*)(ObjectReader&);

struct Entry {
  std::string_view type;
  Decoder decode;
};

constexpr Entry kDecoders[] = {
    {CallArrived::kType, arrived},
    {CallAnnounced::kType, announced},
    {CallAgentRinging::kType, agentEvent<CallAgentRinging>},
    {CallAgentNotAnswering::kType, agentEvent<CallAgentNotAnswering>},
    {CallAgentUnreachable::kType, agentEvent<CallAgentUnreachable>},
    {CallAgentRefused::kType, agentEvent<CallAgentRefused>},
    {CallAnswered::kType, agentEvent<CallAnswered>},
    {CallCallbackPressed::kType, callbackPressed},
    {CallNumberKeyed::kType, numberKeyed},
    {CallVoiceMessage::kType, voiceMessage},
    {CallCallbackTask::kType, callbackTask},
    {CallDialled::kType, dialled},
    {CallRemoteRinging::kType, remoteRinging},
    {CallDialFailed::kType, dialFailed},
    {CallHeld::kType, holdEvent<CallHeld>},
    {CallResumed::kType, holdEvent<CallResumed>},
    {CallTransferred::kType, transferred},
    {CallTransferFailed::kType, resultEvent<CallTransferFailed>},
    {CallConsulting::kType, consulting},
    {CallConsultAnswered::kType, agentEvent<CallConsultAnswered>},
    {CallConsultEnded::kType, resultEvent<CallConsultEnded>},
    {CallSwapped::kType, swapped},
    {CallConferenced::kType, holdEvent<CallConferenced>},
    {CallEnded::kType, ended},
};
static_assert(std::size(kDecoders) == std::variant_size_v<CallEvent>,
              "every call event has a decoder");

}  // namespace

json::value encodePayload(const CallEvent& event) {
  return std::visit(Encoder{}, event);
}

bool isCallEventType(std::string_view type) {
  for (const Entry& e : kDecoders) {
    if (e.type == type) return true;
  }
  return false;
}

Result<CallEvent> decodeCallEvent(std::string_view type, const json::value& payload) {
  for (const Entry& e : kDecoders) {
    if (e.type != type) continue;
    // Recorded events carry no actor (the switchboard is the system), but a payload with one
    // is still the event.
    ASSIGN_OR_RETURN(PayloadAndActor split, splitActor(payload));
    ObjectReader r(split.payload, std::string(type));
    return e.decode(r);
  }
  return invalidArgument("unknown call event type '" + printable(type) + "'");
}

}  // namespace luukku::codec
