#include "api/routing_json_views.h"

#include <boost/json.hpp>

#include "codec/routing_json.h"

namespace luukku::api {
namespace json = boost::json;
using namespace core::routing;

json::value taskView(const Task& task) {
  json::object o = codec::encode(task).as_object();
  o["version"] = task.version;
  return o;
}

json::value contactView(const Contact& contact) {
  json::object o = codec::encode(contact).as_object();
  o["direction"] = contactDirectionName(contact.direction);
  o["version"] = contact.version;
  return o;
}

json::value presenceView(const AgentPresence& presence) {
  json::object o = codec::encode(presence).as_object();
  o["version"] = presence.version;
  return o;
}

json::value waitingView(const WaitingItem& item) {
  json::object o{{"item", codec::encode(item.item)},
                 {"position", item.position},
                 {"escalated", item.escalated}};
  o["estimated_wait_s"] =
      item.estimated_wait ? json::value(item.estimated_wait->count()) : json::value(nullptr);
  codec::putTime(o, "created_at", item.created_at);
  return o;
}

json::value queueView(const QueueSnapshot& q) {
  json::array waiting;
  for (const auto& w : q.waiting) waiting.push_back(waitingView(w));
  return json::object{{"line", q.line_id},
                      {"waiting_total", q.waiting_total},
                      {"offered", q.offered},
                      {"parked", q.parked},
                      {"agents_signed_in", q.agents_signed_in},
                      {"agents_ready", q.agents_ready},
                      {"average_handle_time_s", q.average_handle_time.count()},
                      {"waiting", std::move(waiting)}};
}

json::value arrivalView(const engine::ArrivalOutcome& outcome) {
  json::object o{{"contact", contactView(outcome.contact)}};
  o["waiting"] = outcome.waiting ? waitingView(*outcome.waiting) : json::value(nullptr);
  o["task"] = outcome.task ? taskView(*outcome.task) : json::value(nullptr);
  return o;
}

json::value contactOutcomeView(const engine::ContactOutcome& outcome) {
  json::object o{{"contact", contactView(outcome.contact)}};
  o["task"] = outcome.task ? taskView(*outcome.task) : json::value(nullptr);
  return o;
}

json::value workItemView(const engine::WorkItem& item) {
  if (item.contact) return json::object{{"contact", contactView(*item.contact)}};
  if (item.task) return json::object{{"task", taskView(*item.task)}};
  return json::object{};
}

}  // namespace luukku::api
