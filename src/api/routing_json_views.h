// JSON views of routing results for the API: tasks, contacts, presence, queues, arrivals.
#pragma once

#include <boost/json/value.hpp>

#include "engine/routing_commands.h"

namespace luukku::api {

boost::json::value taskView(const core::routing::Task& task);
boost::json::value contactView(const core::routing::Contact& contact);
boost::json::value presenceView(const core::routing::AgentPresence& presence);
boost::json::value queueView(const core::routing::QueueSnapshot& queue);
boost::json::value waitingView(const core::routing::WaitingItem& item);
boost::json::value arrivalView(const engine::ArrivalOutcome& outcome);
boost::json::value contactOutcomeView(const engine::ContactOutcome& outcome);
boost::json::value workItemView(const engine::WorkItem& item);

}  // namespace luukku::api
