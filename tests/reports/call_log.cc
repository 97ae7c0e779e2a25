#include "reports/call_log.h"

#include <algorithm>
#include <boost/json/serialize.hpp>

#include "codec/call_events_json.h"
#include "codec/chat_events_json.h"
#include "codec/routing_json.h"
#include "core/routing/helsinki_time.h"

namespace luukku::reports::testing {
namespace {

namespace routing = core::routing;

routing::Contact inboundContact(const std::string& id, const std::string& line,
                                const std::string& number, Timestamp arrive) {
  routing::Contact c;
  c.id = id;
  c.routing.line_id = line;
  c.routing.channel = core::Channel::kPhone;
  c.routing.queue_time = arrive;
  c.routing.created_at = arrive;
  c.from_number = number;
  c.version = 1;
  return c;
}

routing::Contact outgoingContact(const std::string& id, const std::string& line,
                                 const std::string& number, const std::string& agent, Timestamp at,
                                 const std::string& task_id) {
  routing::Contact c = inboundContact(id, line, "", at);
  c.direction = routing::ContactDirection::kOutgoing;
  c.to_number = number;
  c.callback_task_id = task_id;
  c.routing.state = routing::WorkState::kActive;
  c.routing.agent_id = agent;
  c.routing.accepted_at = at;
  return c;
}

routing::ItemRef contactRef(const std::string& id) {
  return {routing::ItemKind::kContact, id};
}

}  // namespace

Timestamp helsinki(int year, unsigned month, unsigned day, int hour, int minute, int second) {
  return routing::fromHelsinki(
             std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day},
             std::chrono::hours{hour} + std::chrono::minutes{minute}) +
         std::chrono::seconds{second};
}

void CallLog::routing(const routing::RoutingEvent& event, Timestamp at) {
  pending_.push_back({at, pending_.size(), routing::streamOf(event),
                      std::string(routing::eventType(event)),
                      boost::json::serialize(codec::encodePayload(event))});
}

void CallLog::call(const std::string& id, const core::CallEvent& event, Timestamp at) {
  pending_.push_back({at, pending_.size(), core::callStream(id),
                      std::string(core::callEventType(event)),
                      boost::json::serialize(codec::encodePayload(event))});
}

void CallLog::chat(const std::string& id, const core::ChatEvent& event, Timestamp at) {
  pending_.push_back({at, pending_.size(), core::chatStream(id),
                      std::string(core::chatEventType(event)),
                      boost::json::serialize(codec::encodePayload(event))});
}

void CallLog::chatAnswered(const std::string& id, const std::string& line, Timestamp start,
                           seconds wait, seconds duration, const std::string& agent, int rating) {
  chat(id, core::ChatStarted{line, "fi", "", "hash", {}}, start);
  routing::Contact c = inboundContact(id, line, "", start);
  c.routing.channel = core::Channel::kChat;
  routing(routing::ContactQueued{c}, start);
  const Timestamp accept = start + wait;
  routing(routing::OfferMade{contactRef(id), agent, accept, accept + seconds{20}}, accept);
  routing(routing::OfferAccepted{contactRef(id), agent, accept}, accept);
  const Timestamp end = accept + duration;
  chat(id, core::ChatEnded{"professional", "ended"}, end);
  c.routing.state = routing::WorkState::kActive;
  c.routing.agent_id = agent;
  c.routing.accepted_at = accept;
  c.end = routing::ContactEnd::kCompleted;
  c.ended_at = end;
  c.version = 4;
  routing(routing::ContactCompleted{c, seconds{30}}, end);
  if (rating > 0) {
    chat(id, core::ChatFeedback{rating, "Kiitos", line, start}, end + std::chrono::minutes{1});
  }
}

void CallLog::transferred(const std::string& id, const Transfer& t) {
  const bool chat_channel = t.channel == core::Channel::kChat;
  if (chat_channel) {
    chat(id, core::ChatStarted{t.line, "fi", "", "hash", {}}, t.start);
  } else {
    call(id, core::CallArrived{"116117", "trunk", "fi", false}, t.start);
  }
  routing::Contact c = inboundContact(id, t.line, chat_channel ? "" : t.number, t.start);
  c.routing.channel = t.channel;
  routing(routing::ContactQueued{c}, t.start);
  const Timestamp accept = t.start + t.wait;
  routing(routing::OfferMade{contactRef(id), t.agent, accept, accept + seconds{20}}, accept);
  routing(routing::OfferAccepted{contactRef(id), t.agent, accept}, accept);
  if (!chat_channel) call(id, core::CallAnswered{t.agent}, accept);
  const Timestamp transfer = accept + t.held;
  routing(routing::ContactTransferred{contactRef(id), t.agent, t.to_line, transfer}, transfer);
  const Timestamp accept_again = transfer + t.wait_again;
  routing(routing::OfferMade{contactRef(id), t.colleague, accept_again, accept_again + seconds{20}},
          accept_again);
  routing(routing::OfferAccepted{contactRef(id), t.colleague, accept_again}, accept_again);
  const Timestamp end = accept_again + t.talk;
  if (chat_channel) chat(id, core::ChatEnded{"professional", "ended"}, end);
  c.arrival_line_id = t.line;
  c.routing.line_id = t.to_line;
  c.routing.state = routing::WorkState::kActive;
  c.routing.agent_id = t.colleague;
  c.routing.accepted_at = accept_again;
  c.routing.declined_by = {t.agent};
  c.answered_at = accept;
  c.end = routing::ContactEnd::kCompleted;
  c.ended_at = end;
  c.version = 7;
  routing(routing::ContactCompleted{c, seconds{30}}, end);
}

void CallLog::chatAbandoned(const std::string& id, const std::string& line, Timestamp start,
                            seconds wait) {
  chat(id, core::ChatStarted{line, "fi", "", "hash", {}}, start);
  routing::Contact c = inboundContact(id, line, "", start);
  c.routing.channel = core::Channel::kChat;
  routing(routing::ContactQueued{c}, start);
  c.end = routing::ContactEnd::kAbandoned;
  c.ended_at = start + wait;
  c.version = 2;
  routing(routing::ContactAbandoned{c}, start + wait);
  chat(id, core::ChatEnded{"visitor", "left"}, start + wait);
}

void CallLog::answered(const std::string& id, const std::string& line, const std::string& number,
                       Timestamp arrive, seconds wait, seconds talk, const std::string& agent,
                       seconds wrap_up) {
  call(id, core::CallArrived{"116117", "trunk", "fi", false}, arrive);
  routing::Contact c = inboundContact(id, line, number, arrive);
  routing(routing::ContactQueued{c}, arrive);
  const Timestamp answer = arrive + wait;
  routing(routing::OfferMade{contactRef(id), agent, answer, answer + seconds{20}}, answer);
  routing(routing::OfferAccepted{contactRef(id), agent, answer}, answer);
  call(id, core::CallAnswered{agent}, answer);
  const Timestamp end = answer + talk;
  c.routing.state = routing::WorkState::kActive;
  c.routing.agent_id = agent;
  c.routing.accepted_at = answer;
  c.end = routing::ContactEnd::kCompleted;
  c.ended_at = end;
  c.version = 4;
  routing(routing::ContactCompleted{c, wrap_up}, end);
  call(id, core::CallEnded{"caller", "hang_up"}, end);
}

void CallLog::abandoned(const std::string& id, const std::string& line, const std::string& number,
                        Timestamp arrive, seconds wait, const std::string& task_id,
                        seconds due_in) {
  call(id, core::CallArrived{"116117", "trunk", "fi", false}, arrive);
  routing::Contact c = inboundContact(id, line, number, arrive);
  routing(routing::ContactQueued{c}, arrive);
  const Timestamp end = arrive + wait;
  c.end = routing::ContactEnd::kAbandoned;
  c.ended_at = end;
  c.task_id = task_id;
  c.version = 2;
  routing(routing::ContactAbandoned{c}, end);
  if (!task_id.empty()) {
    routing::Task t;
    t.id = task_id;
    t.routing.line_id = line;
    t.routing.channel = core::Channel::kCallback;
    t.routing.band = 1;
    t.routing.queue_time = end;
    t.routing.created_at = end;
    t.number = number;
    t.reason = routing::TaskReason::kAbandoned;
    t.first_contact_id = id;
    t.last_contact_at = end;
    t.due_at = end + due_in;
    t.escalate_at = t.due_at - std::chrono::hours{1};
    t.version = 1;
    tasks_[task_id] = t;
    routing(routing::TaskCreated{t}, end);
    call(id, core::CallCallbackTask{task_id, "abandoned"}, end);
  }
  call(id, core::CallEnded{"caller", "hang_up"}, end);
}

void CallLog::endedInMenu(const std::string& id, Timestamp arrive, seconds after) {
  call(id, core::CallArrived{"116117", "trunk", "fi", false}, arrive);
  call(id, core::CallEnded{"caller", "hang_up"}, arrive + after);
}

void CallLog::callbackAttempt(const std::string& call_id, const std::string& task_id,
                              const std::string& line, const std::string& number,
                              const std::string& agent, Timestamp at,
                              routing::AttemptOutcome outcome, seconds talk) {
  routing::Contact c = outgoingContact(call_id, line, number, agent, at, task_id);
  routing(routing::ContactDialled{c}, at);
  call(call_id, core::CallDialled{line, number, agent, task_id, "+358100"}, at);
  const Timestamp answer = at + seconds{15};
  const bool reached = outcome == routing::AttemptOutcome::kReached;
  routing(
      routing::TaskAttemptRecorded{
          task_id, routing::Attempt{reached ? answer : at + seconds{30}, agent, outcome},
          std::nullopt},
      reached ? answer : at + seconds{30});
  Timestamp end = at + seconds{30};
  if (reached) {
    call(call_id, core::CallAnswered{agent}, answer);
    end = answer + talk;
  } else {
    call(call_id, core::CallDialFailed{"no_answer", 480}, end);
  }
  c.end = routing::ContactEnd::kCompleted;
  c.ended_at = end;
  c.version = 2;
  routing(routing::ContactCompleted{c, seconds{30}}, end);
  call(call_id, core::CallEnded{"agent", "hang_up"}, end);
  if (reached) {
    routing::Task t = tasks_[task_id];
    t.end = routing::TaskEnd::kCompleted;
    t.outcome = "resolved";
    t.ended_by = agent;
    t.ended_at = end;
    t.version += 3;
    routing(routing::TaskCompleted{t, seconds{30}}, end);
  }
}

void CallLog::outgoing(const std::string& id, const std::string& line, const std::string& number,
                       const std::string& agent, Timestamp at, seconds talk) {
  routing::Contact c = outgoingContact(id, line, number, agent, at, "");
  routing(routing::ContactDialled{c}, at);
  call(id, core::CallDialled{line, number, agent, "", "+358100"}, at);
  const Timestamp answer = at + seconds{10};
  call(id, core::CallAnswered{agent}, answer);
  c.end = routing::ContactEnd::kCompleted;
  c.ended_at = answer + talk;
  c.version = 2;
  routing(routing::ContactCompleted{c, seconds{30}}, answer + talk);
  call(id, core::CallEnded{"agent", "hang_up"}, answer + talk);
}

std::vector<store::StoredEvent> CallLog::log() const {
  std::vector<Pending> sorted = pending_;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Pending& a, const Pending& b) { return a.at < b.at; });
  std::map<std::string, std::int64_t> stream_seqs;
  std::vector<store::StoredEvent> out;
  out.reserve(sorted.size());
  for (const Pending& p : sorted) {
    out.push_back({static_cast<std::int64_t>(out.size()) + 1, p.stream, ++stream_seqs[p.stream],
                   p.at, p.type, p.payload});
  }
  return out;
}

}  // namespace luukku::reports::testing
