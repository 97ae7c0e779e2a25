// JSON forms of routing: the policies inside service lines and agents, the live documents
// (presence, contacts, tasks, line statistics) and the payloads of routing events.
//
//   line policy:  {"priority_head_start_s", "wrap_up_s", "offer_timeout_s",
//                  "max_offers_per_minute", "queue_limit",
//                  "max_estimated_wait_s", "continuity_wait_s", "area_wait_s",
//                  "required_skills", "assumed_handle_time_s", "service_level_target_s",
//                  "callback": {...}}
//   agent policy: {"memberships": [{"line", "tier"}], "capacity": {"calls", "chats",
//                  "mix_calls_and_chats"}}
//
// Policy fields are optional when decoding (defaults apply); a null queue_limit,
// max_estimated_wait_s or on_abandon_after_s means "none". Times are RFC 3339 strings with
// microseconds; durations inside events are whole microseconds ("_us"), so a document read
// back is bit-for-bit the value written.
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "core/routing/model.h"
#include "core/routing/policy.h"
#include "core/routing/routing_events.h"
#include "core/status.h"

namespace luukku::codec {

boost::json::value encode(const core::routing::LinePolicy& policy);
boost::json::value encode(const core::routing::AgentPolicy& policy);
Result<core::routing::LinePolicy> decodeLinePolicy(const boost::json::value& v,
                                                   const std::string& path);
Result<core::routing::AgentPolicy> decodeAgentPolicy(const boost::json::value& v,
                                                     const std::string& path);

boost::json::value encode(const core::routing::AgentPresence& presence);
boost::json::value encode(const core::routing::Contact& contact);
boost::json::value encode(const core::routing::Task& task);
boost::json::value encode(const core::routing::LineStats& stats);
boost::json::value encode(const core::routing::ItemRef& item);
Result<core::routing::AgentPresence> decodeAgentPresence(const boost::json::value& v,
                                                         const std::string& path = "");
Result<core::routing::Contact> decodeContact(const boost::json::value& v,
                                             const std::string& path = "");
Result<core::routing::Task> decodeTask(const boost::json::value& v, const std::string& path = "");
Result<core::routing::LineStats> decodeLineStats(const boost::json::value& v,
                                                 const std::string& path = "");
Result<core::routing::ItemRef> decodeItemRef(const boost::json::value& v, const std::string& path);

boost::json::value encodePayload(const core::routing::RoutingEvent& event);
Result<core::routing::RoutingEvent> decodeRoutingEvent(std::string_view type,
                                                       const boost::json::value& payload);
bool isRoutingEventType(std::string_view type);

// Helpers shared with other codecs.
void putTime(boost::json::object& o, std::string_view key, Timestamp t);
Result<Timestamp> decodeTime(const boost::json::value& v, const std::string& path);

}  // namespace luukku::codec
