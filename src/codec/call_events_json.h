// JSON payloads of call events (core/call_events.h), as the "call/<id>" streams record them:
//
//   call.arrived                  {"dialled", "source", "language", "withheld"}
//   call.announced                {"position", "wait_s": number | null}
//   call.agent_ringing            {"agent_id"}
//   call.agent_not_answering      {"agent_id"}
//   call.agent_unreachable        {"agent_id", "status"}
//   call.agent_refused            {"agent_id", "status"}
//   call.answered                 {"agent_id"}
//   call.dtmf_callback            {"digit": "1"}
//   call.number_keyed             {"confirmed": true}
//   call.voice_message            {"ref", "seconds", "heard_voice", "ended_by"}
//   call.callback_task            {"task_id", "reason"}
//   call.ended                    {"by", "reason"}
//
// Decoding is strict (every field required, no unknown ones) and errors name the field:
// "call.announced.position: expected a whole number, got a string".
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json/value.hpp>
#include <string_view>

#include "core/call_events.h"
#include "core/status.h"

namespace luukku::codec {

boost::json::value encodePayload(const core::CallEvent& event);
Result<core::CallEvent> decodeCallEvent(std::string_view type, const boost::json::value& payload);
bool isCallEventType(std::string_view type);

}  // namespace luukku::codec
