// The engine's routing side: commands on presence, contacts, offers and tasks; the timer that
// runs what falls due; the documents routing events leave; restore and recovery at start.
#include <algorithm>
#include <boost/json.hpp>
#include <future>

#include "codec/call_events_json.h"
#include "codec/json_reader.h"
#include "codec/routing_json.h"
#include "core/text.h"
#include "engine/engine.h"
#include "engine/engine_internal.h"

namespace luukku::engine {
namespace asio = boost::asio;
namespace json = boost::json;
using namespace core::routing;

namespace {

store::Document doc(std::string kind, std::string id, std::int64_t version, bool live,
                    const json::value& body) {
  return {std::move(kind), std::move(id), version, live, json::serialize(body)};
}

// The current contact, or the final record an ending event carries.
std::optional<Contact> contactIn(const ContactCenter& center, std::string_view id,
                                 const Events& events) {
  if (const Contact* c = center.findContact(id)) return *c;
  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    const Contact* final = std::visit(
        [&](const auto& e) -> const Contact* {
          if constexpr (requires { e.contact; }) {
            if constexpr (std::is_same_v<std::decay_t<decltype(e.contact)>, Contact>) {
              return e.contact.id == id ? &e.contact : nullptr;
            }
          }
          return nullptr;
        },
        *it);
    if (final) return *final;
  }
  return std::nullopt;
}

std::optional<Task> taskIn(const ContactCenter& center, std::string_view id, const Events& events) {
  if (const Task* t = center.findTask(id)) return *t;
  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    const Task* final = std::visit(
        [&](const auto& e) -> const Task* {
          if constexpr (requires { e.task; }) {
            if constexpr (std::is_same_v<std::decay_t<decltype(e.task)>, Task>) {
              return e.task.id == id ? &e.task : nullptr;
            }
          }
          return nullptr;
        },
        *it);
    if (final) return *final;
  }
  return std::nullopt;
}

// The id of the first contact an arrival's events name.
std::string arrivedContactId(const Events& events) {
  for (const auto& e : events) {
    if (auto* q = std::get_if<ContactQueued>(&e)) return q->contact.id;
    if (auto* d = std::get_if<ContactDiverted>(&e)) return d->contact.id;
    if (auto* r = std::get_if<ContactRejected>(&e)) return r->contact.id;
  }
  return {};
}

}  // namespace

Result<ArrivalOutcome> arrivalOutcome(const ContactCenter& center, const RoutingConfig& config,
                                      const std::string& id, const Events& events) {
  auto contact = contactIn(center, id, events);
  if (!contact) return internalError("the arriving contact was not recorded");
  ArrivalOutcome outcome{*contact, center.waitingInfo(config, {ItemKind::kContact, id}),
                         std::nullopt};
  if (!contact->task_id.empty()) outcome.task = taskIn(center, contact->task_id, events);
  return outcome;
}

std::vector<store::Document> routingDocumentsAfter(const RoutingEvent& event,
                                                   const ContactCenter& center) {
  std::vector<store::Document> out;
  auto presence = [&](const std::string& agent_id) {
    if (const AgentPresence* p = center.findAgent(agent_id)) {
      out.push_back(doc("presence", agent_id, p->version, true, codec::encode(*p)));
    }
  };
  auto contact = [&](const std::string& id, const Contact* final) {
    if (const Contact* c = center.findContact(id)) {
      out.push_back(doc("contact", id, c->version, true, codec::encode(*c)));
    } else if (final) {
      out.push_back(doc("contact", id, center.streamVersion(event), false, codec::encode(*final)));
    }
  };
  auto task = [&](const std::string& id, const Task* final) {
    if (const Task* t = center.findTask(id)) {
      out.push_back(doc("task", id, t->version, true, codec::encode(*t)));
    } else if (final) {
      out.push_back(doc("task", id, center.streamVersion(event), false, codec::encode(*final)));
    }
  };
  auto stats = [&](const std::string& line_id) {
    if (const LineStats* s = center.lineStats(line_id)) {
      out.push_back(doc("line_stats", line_id, s->completed, true, codec::encode(*s)));
    }
  };
  auto item = [&](const ItemRef& ref) {
    if (ref.kind == ItemKind::kContact)
      contact(ref.id, nullptr);
    else
      task(ref.id, nullptr);
  };
  std::visit(
      [&](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, PresenceChanged> || std::is_same_v<E, ProfileChanged>) {
          presence(e.agent_id);
        } else if constexpr (requires { e.contact; }) {
          contact(e.contact.id, &e.contact);
          if constexpr (std::is_same_v<E, ContactCompleted>) stats(e.contact.routing.line_id);
        } else if constexpr (requires { e.task; }) {
          task(e.task.id, &e.task);
          if constexpr (std::is_same_v<E, TaskCompleted>) stats(e.task.routing.line_id);
        } else if constexpr (requires { e.task_id; }) {
          task(e.task_id, nullptr);
        } else {
          item(e.item);
        }
      },
      event);
  return out;
}

Timestamp Engine::now() const {
  return clock_.now();
}

const RoutingConfig& Engine::routingConfig() {
  if (!routing_config_) routing_config_.emplace(RoutingConfig::fromRegion(region_));
  return *routing_config_;
}

void Engine::routeWaitingWork(Transaction& tx) {
  // What routing decides is the system's doing, whoever gave the command that triggered it.
  const core::Actor* actor = tx.actAs(nullptr);
  const RoutingConfig& config = routingConfig();
  if (profiles_stale_) {
    profiles_stale_ = false;
    std::vector<std::string> online;
    center_.forEachAgent([&](const AgentPresence& a) {
      if (a.state.status != PresenceStatus::kOffline) online.push_back(a.agent_id);
      return true;
    });
    for (const auto& id : online) {
      auto events = center_.refreshProfile(config, id, now());
      if (events) tx.recordAll(std::move(*events));
    }
  }
  Events offers = center_.route(config, now(), offer_cap_.heldBack(config, center_, now()));
  offer_cap_.noteOffers(config, center_, offers);
  tx.recordAll(std::move(offers));
  tx.actAs(actor);
}

void Engine::scheduleDeadline() {
  std::optional<Timestamp> next = center_.nextDeadline();
  // An item the offer cap held back may be offered again then.
  std::optional<Timestamp> lifts = offer_cap_.liftsAt(routingConfig(), center_);
  if (lifts && (!next || *lifts < *next)) next = lifts;
  if (next == timer_due_) return;
  timer_due_ = next;
  if (!next) {
    deadline_timer_.cancel();
    return;
  }
  auto delay = std::max(std::chrono::microseconds(0), *next - now());
  deadline_timer_.expires_after(delay);
  deadline_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopping_ || failed_) return;
    timer_due_.reset();
    run(RunDueWork{}, asio::any_completion_handler<void(Result<int>)>([](Result<int>) {}));
  });
}

Status Engine::loadRoutingState() {
  RoutingSnapshot snapshot;
  auto load = [&](std::string_view kind, bool live_only, auto decode, auto& into) -> Status {
    ASSIGN_OR_RETURN(auto docs, store_->loadDocuments(kind, live_only));
    into.reserve(into.size() + docs.size());
    for (const auto& d : docs) {
      // Each document is parsed into an arena on the stack, dropped as a whole once decoded:
      // no allocation per JSON node, nothing freed node by node (100,000 tasks at a start).
      alignas(std::max_align_t) unsigned char buffer[8192];
      json::monotonic_resource arena(buffer, sizeof buffer);
      auto parsed = codec::parseJson(d.body, 64, &arena);
      auto decoded = parsed ? decode(*parsed, std::string(kind))
                            : decltype(decode(*parsed, ""))(parsed.status());
      if (!decoded) {
        return internalError("stored " + std::string(kind) + " '" + d.id +
                             "' is unreadable: " + decoded.status().message());
      }
      auto value = std::move(decoded).value();
      if constexpr (requires { value.version; }) value.version = d.version;
      into.push_back(std::move(value));
    }
    return Status::ok();
  };
  RETURN_IF_ERROR(load("presence", false, codec::decodeAgentPresence, snapshot.agents));
  RETURN_IF_ERROR(load("contact", true, codec::decodeContact, snapshot.contacts));
  RETURN_IF_ERROR(load("task", true, codec::decodeTask, snapshot.tasks));
  RETURN_IF_ERROR(load("line_stats", false, codec::decodeLineStats, snapshot.line_stats));
  ASSIGN_OR_RETURN(center_, ContactCenter::restore(std::move(snapshot)));
  // Calls the last run started and did not end; RecoverAfterRestart ends them.
  // (Before the writer exists, the store is this thread's to read.)
  ASSIGN_OR_RETURN(auto calls, store_->loadDocuments("call", true));
  for (const auto& d : calls) {
    ASSIGN_OR_RETURN(std::int64_t last, store_->lastStreamSeq(core::callStream(d.id)));
    calls_[d.id] = LiveCall{last, true};
  }
  // Chats likewise: RecoverAfterRestart ends them.
  ASSIGN_OR_RETURN(auto chats, store_->loadDocuments("chat", true));
  for (const auto& d : chats) {
    ASSIGN_OR_RETURN(std::int64_t last, store_->lastStreamSeq(core::chatStream(d.id)));
    chats_[d.id].last_seq = last;
  }
  return Status::ok();
}

ContactCenter Engine::routingStateForTest() {
  std::promise<ContactCenter> copy;
  asio::post(context_, [this, &copy] { copy.set_value(center_); });
  return copy.get_future().get();
}

Status Engine::recoverRouting() {
  std::promise<Result<int>> done;
  asio::post(context_, [this, &done] {
    run(RecoverAfterRestart{}, asio::any_completion_handler<void(Result<int>)>(
                                   [&done](Result<int> r) { done.set_value(std::move(r)); }));
  });
  return done.get_future().get().status();
}

// ---- commands ---------------------------------------------------------------------------------

template <>
void Engine::run(RecoverAfterRestart, asio::any_completion_handler<void(Result<int>)> h) {
  runCommand<int>(std::move(h), [&](Transaction& tx) -> Result<int> {
    // No call outlives the process that answered it: each started call's stream ends here.
    std::vector<std::string> cut_off;
    for (const auto& [id, call] : calls_) cut_off.push_back(id);
    for (const auto& id : cut_off) tx.record(id, core::CallEnded{"luukku", "server_restart"});
    // Nor does a chat: the visitor's socket and the professional's are gone.
    std::vector<std::string> chats;
    for (const auto& [id, chat] : chats_) chats.push_back(id);
    for (const auto& id : chats) tx.record(id, core::ChatEnded{"system", "server_restart"});
    LogIds ids(last_seq_);
    ASSIGN_OR_RETURN(Events events, center_.recoverAfterRestart(routingConfig(), now(), ids));
    int n = static_cast<int>(events.size() + cut_off.size() + chats.size());
    tx.recordAll(std::move(events));
    return n;
  });
}

template <>
void Engine::run(RunDueWork, asio::any_completion_handler<void(Result<int>)> h) {
  runCommand<int>(std::move(h), [&](Transaction& tx) -> Result<int> {
    int n = 0;
    Timestamp t = now();
    // onTime makes progress on every call; the bound only guards against a bug spinning here.
    for (int round = 0; round < 100'000; ++round) {
      std::optional<Timestamp> due = center_.nextDeadline();
      if (!due || *due > t) break;
      LogIds ids(last_seq_);
      Events events = center_.onTime(routingConfig(), t, ids);
      if (events.empty()) break;
      n += static_cast<int>(events.size());
      tx.recordAll(std::move(events));
    }
    std::optional<Timestamp> lifts = offer_cap_.liftsAt(routingConfig(), center_);
    if (lifts && *lifts <= t) routeWaitingWork(tx);
    return n;
  });
}

template <>
void Engine::run(SetPresence c, asio::any_completion_handler<void(Result<AgentPresence>)> h) {
  runCommand<AgentPresence>(std::move(h), [&](Transaction& tx) -> Result<AgentPresence> {
    ASSIGN_OR_RETURN(Events events, center_.setPresence(routingConfig(), c.agent_id, c.status,
                                                        std::move(c.reason), now()));
    tx.recordAll(std::move(events));
    const AgentPresence* p = center_.findAgent(c.agent_id);
    if (!p) return notFound("agent '" + c.agent_id + "' has no presence");
    return *p;
  });
}

namespace {

// Call events are small: the switchboard's own words and ids.
Status checkCallEvent(const core::CallEvent& event) {
  if (json::serialize(codec::encodePayload(event)).size() > 4096) {
    return invalidArgument("a call event's data is at most 4 KiB");
  }
  return Status::ok();
}

}  // namespace

template <>
void Engine::run(ArriveContact c, asio::any_completion_handler<void(Result<ArrivalOutcome>)> h) {
  runCommand<ArrivalOutcome>(std::move(h), [&](Transaction& tx) -> Result<ArrivalOutcome> {
    // A started call's contact arrives under the id the engine gave the call, once.
    auto call = calls_.find(c.arrival.contact_id);
    bool started_call = call != calls_.end() && !call->second.arrived;
    if (LogIds::isReserved(c.arrival.contact_id) && !started_call) {
      return invalidArgument(
          "contact ids starting with c- or t- are assigned by the engine (a started call's "
          "arrives once)");
    }
    LogIds ids(last_seq_);
    ASSIGN_OR_RETURN(Events events, center_.arrive(routingConfig(), c.arrival, now(), ids));
    if (started_call) call->second.arrived = true;
    std::string id = arrivedContactId(events);
    tx.recordAll(events);
    // Let routing offer it first, so the reply says whether it is already being offered.
    routeWaitingWork(tx);
    return arrivalOutcome(center_, routingConfig(), id, events);
  });
}

template <>
void Engine::run(StartCall c, asio::any_completion_handler<void(Result<CallStarted>)> h) {
  runCommand<CallStarted>(std::move(h), [&](Transaction& tx) -> Result<CallStarted> {
    if (c.arrival && !c.arrival->contact_id.empty()) {
      return invalidArgument("a started call's contact id is assigned by the engine");
    }
    RETURN_IF_ERROR(checkCallEvent(c.arrived));
    // The call's id is that of its first event, CallArrived; a task the arrival makes takes
    // the next (the contact's own event), so ids stay within the log.
    LogIds ids(last_seq_);
    CallStarted started{ids.newId(ItemKind::kContact), std::nullopt};
    Events events;
    if (c.arrival) {
      // Decided before anything is recorded: a refused arrival starts no call.
      c.arrival->contact_id = started.contact_id;
      ASSIGN_OR_RETURN(events, center_.arrive(routingConfig(), *c.arrival, now(), ids));
    }
    calls_[started.contact_id] = LiveCall{0, c.arrival.has_value()};
    tx.record(started.contact_id, std::move(c.arrived));
    if (!c.arrival) return started;
    tx.recordAll(events);
    routeWaitingWork(tx);
    ASSIGN_OR_RETURN(ArrivalOutcome outcome,
                     arrivalOutcome(center_, routingConfig(), started.contact_id, events));
    started.arrival = std::move(outcome);
    return started;
  });
}

template <>
void Engine::run(DialOut c, asio::any_completion_handler<void(Result<Contact>)> h) {
  runCommand<Contact>(std::move(h), [&](Transaction& tx) -> Result<Contact> {
    if (!c.call.contact_id.empty()) {
      return invalidArgument("an outgoing call's contact id is assigned by the engine");
    }
    LogIds ids(last_seq_);
    c.call.contact_id = ids.newId(ItemKind::kContact);
    ASSIGN_OR_RETURN(Events events, center_.dialOut(routingConfig(), c.call, now(), ids));
    auto* dialled = std::get_if<ContactDialled>(&events.front());
    if (!dialled) return internalError("an outgoing call was not recorded as dialled");
    Contact contact = dialled->contact;
    core::CallDialled first{contact.routing.line_id, contact.to_number, c.call.agent_id,
                            c.call.task_id, std::move(c.caller_id)};
    RETURN_IF_ERROR(checkCallEvent(first));
    calls_[contact.id] = LiveCall{0, true};
    tx.record(contact.id, first);
    tx.recordAll(std::move(events));
    return contact;
  });
}

namespace {

Result<ContactOutcome> endContact(const ContactCenter& center, const std::string& id,
                                  const Events& events) {
  auto contact = contactIn(center, id, events);
  if (!contact) return notFound("contact '" + id + "' does not exist");
  ContactOutcome outcome{*contact, std::nullopt};
  if (!contact->task_id.empty()) outcome.task = taskIn(center, contact->task_id, events);
  return outcome;
}

}  // namespace

template <>
void Engine::run(AbandonContact c, asio::any_completion_handler<void(Result<ContactOutcome>)> h) {
  runCommand<ContactOutcome>(std::move(h), [&](Transaction& tx) -> Result<ContactOutcome> {
    LogIds ids(last_seq_);
    ASSIGN_OR_RETURN(Events events, center_.abandon(routingConfig(), c.contact_id, now(), ids));
    tx.recordAll(events);
    return endContact(center_, c.contact_id, events);
  });
}

template <>
void Engine::run(RequestCallback c, asio::any_completion_handler<void(Result<ContactOutcome>)> h) {
  runCommand<ContactOutcome>(std::move(h), [&](Transaction& tx) -> Result<ContactOutcome> {
    LogIds ids(last_seq_);
    ASSIGN_OR_RETURN(Events events,
                     center_.requestCallback(routingConfig(), c.contact_id, now(), ids,
                                             std::move(c.number), std::move(c.voice_message_ref)));
    tx.recordAll(events);
    return endContact(center_, c.contact_id, events);
  });
}

namespace {

// A break telephony sets and takes back for a phone (see SetPhoneReachable, SetPhoneEngaged):
// `set` when the agent's presence allows it, `clear` only when it is still the break it set.
struct PhoneBreak {
  std::string_view reason;       // the break's
  std::string_view back_reason;  // the presence's once it is taken back
};

bool phoneBreakApplies(const AgentPresence& p, const PhoneBreak& b, bool set, bool any_online) {
  if (!set) return p.state.chosen == PresenceStatus::kBreak && p.state.reason == b.reason;
  return any_online ? p.state.chosen != PresenceStatus::kOffline
                    : p.state.chosen == PresenceStatus::kAvailable;
}

}  // namespace

Result<AgentPresence> Engine::setPhoneBreak(Transaction& tx, const std::string& agent_id,
                                            std::string_view reason, std::string_view back_reason,
                                            bool set, bool any_online) {
  const AgentPresence* p = center_.findAgent(agent_id);
  if (!p) return notFound("agent '" + agent_id + "' has no presence");
  if (phoneBreakApplies(*p, {reason, back_reason}, set, any_online)) {
    auto status = set ? PresenceStatus::kBreak : PresenceStatus::kAvailable;
    ASSIGN_OR_RETURN(Events events,
                     center_.setPresence(routingConfig(), agent_id, status,
                                         std::string(set ? reason : back_reason), now()));
    tx.recordAll(std::move(events));
  }
  return *center_.findAgent(agent_id);
}

template <>
void Engine::run(SetPhoneReachable c, asio::any_completion_handler<void(Result<AgentPresence>)> h) {
  runCommand<AgentPresence>(std::move(h), [&](Transaction& tx) -> Result<AgentPresence> {
    // Any online agent: a phone that cannot be reached cannot take what routing offers.
    return setPhoneBreak(tx, c.agent_id, "phone_unreachable", "phone_registered", !c.reachable,
                         true);
  });
}

template <>
void Engine::run(SetPhoneEngaged c, asio::any_completion_handler<void(Result<AgentPresence>)> h) {
  runCommand<AgentPresence>(std::move(h), [&](Transaction& tx) -> Result<AgentPresence> {
    return setPhoneBreak(tx, c.agent_id, "on_call", "call_ended", c.engaged, false);
  });
}

template <>
void Engine::run(RecordCallEvent c, asio::any_completion_handler<void(Result<std::int64_t>)> h) {
  runCommand<std::int64_t>(std::move(h), [&](Transaction& tx) -> Result<std::int64_t> {
    if (std::holds_alternative<core::CallArrived>(c.event) ||
        std::holds_alternative<core::CallDialled>(c.event)) {
      return invalidArgument(
          "a call's first event is recorded when it starts (StartCall, DialOut)");
    }
    if (!calls_.contains(c.contact_id)) {
      return notFound("call '" + printable(c.contact_id) + "' has not started or has ended");
    }
    RETURN_IF_ERROR(checkCallEvent(c.event));
    return tx.record(c.contact_id, c.event);
  });
}

template <>
void Engine::run(CompleteContact c, asio::any_completion_handler<void(Result<ContactOutcome>)> h) {
  runCommand<ContactOutcome>(std::move(h), [&](Transaction& tx) -> Result<ContactOutcome> {
    ASSIGN_OR_RETURN(Events events,
                     center_.completeContact(routingConfig(), c.agent_id, c.contact_id, now()));
    tx.recordAll(events);
    // A chat the professional completes without ending it first ends here.
    if (chats_.contains(c.contact_id))
      tx.record(c.contact_id, core::ChatEnded{"professional", "completed"});
    return endContact(center_, c.contact_id, events);
  });
}

template <>
void Engine::run(TransferToQueue c, asio::any_completion_handler<void(Result<ArrivalOutcome>)> h) {
  runCommand<ArrivalOutcome>(std::move(h), [&](Transaction& tx) -> Result<ArrivalOutcome> {
    if (!calls_.contains(c.contact_id)) {
      return notFound("call '" + printable(c.contact_id) + "' has not started or has ended");
    }
    const core::CallEvent& event = c.event;
    RETURN_IF_ERROR(checkCallEvent(event));
    ASSIGN_OR_RETURN(Events events, center_.transferToQueue(routingConfig(), c.agent_id,
                                                            c.contact_id, c.line_id, now()));
    tx.recordAll(events);
    tx.record(c.contact_id, event);
    routeWaitingWork(tx);
    return arrivalOutcome(center_, routingConfig(), c.contact_id, events);
  });
}

namespace {

WorkItem workItem(const ContactCenter& center, const ItemRef& ref, const Events& events) {
  WorkItem w;
  if (ref.kind == ItemKind::kContact)
    w.contact = contactIn(center, ref.id, events);
  else
    w.task = taskIn(center, ref.id, events);
  return w;
}

}  // namespace

template <>
void Engine::run(AcceptOffer c, asio::any_completion_handler<void(Result<WorkItem>)> h) {
  runCommand<WorkItem>(std::move(h), [&](Transaction& tx) -> Result<WorkItem> {
    ASSIGN_OR_RETURN(Events events, center_.accept(routingConfig(), c.agent_id, c.item, now()));
    tx.recordAll(events);
    return workItem(center_, c.item, events);
  });
}

template <>
void Engine::run(DeclineOffer c, asio::any_completion_handler<void(Result<WorkItem>)> h) {
  runCommand<WorkItem>(std::move(h), [&](Transaction& tx) -> Result<WorkItem> {
    ASSIGN_OR_RETURN(Events events, center_.decline(routingConfig(), c.agent_id, c.item, now()));
    tx.recordAll(events);
    return workItem(center_, c.item, events);
  });
}

namespace {

Result<Task> taskAfter(const ContactCenter& center, const std::string& id, const Events& events) {
  auto task = taskIn(center, id, events);
  if (!task) return notFound("task '" + id + "' does not exist or has ended");
  return *task;
}

}  // namespace

template <>
void Engine::run(CreateTask c, asio::any_completion_handler<void(Result<Task>)> h) {
  runCommand<Task>(std::move(h), [&](Transaction& tx) -> Result<Task> {
    LogIds ids(last_seq_);
    ASSIGN_OR_RETURN(Events events, center_.createTask(routingConfig(), c.request, now(), ids));
    std::string id;
    for (const auto& e : events) {
      if (auto* created = std::get_if<TaskCreated>(&e)) id = created->task.id;
      if (auto* added = std::get_if<TaskContactAdded>(&e)) id = added->task_id;
    }
    tx.recordAll(events);
    return taskAfter(center_, id, events);
  });
}

template <>
void Engine::run(ClaimTask c, asio::any_completion_handler<void(Result<Task>)> h) {
  runCommand<Task>(std::move(h), [&](Transaction& tx) -> Result<Task> {
    ASSIGN_OR_RETURN(Events events,
                     center_.claimTask(routingConfig(), c.agent_id, c.task_id, now()));
    tx.recordAll(events);
    return taskAfter(center_, c.task_id, events);
  });
}

template <>
void Engine::run(ReleaseTask c, asio::any_completion_handler<void(Result<Task>)> h) {
  runCommand<Task>(std::move(h), [&](Transaction& tx) -> Result<Task> {
    ASSIGN_OR_RETURN(Events events,
                     center_.releaseTask(routingConfig(), c.agent_id, c.task_id, now()));
    tx.recordAll(events);
    return taskAfter(center_, c.task_id, events);
  });
}

template <>
void Engine::run(RecordAttempt c, asio::any_completion_handler<void(Result<Task>)> h) {
  runCommand<Task>(std::move(h), [&](Transaction& tx) -> Result<Task> {
    ASSIGN_OR_RETURN(Events events, center_.recordAttempt(routingConfig(), c.agent_id, c.task_id,
                                                          c.outcome, now()));
    tx.recordAll(events);
    return taskAfter(center_, c.task_id, events);
  });
}

template <>
void Engine::run(CompleteTask c, asio::any_completion_handler<void(Result<Task>)> h) {
  runCommand<Task>(std::move(h), [&](Transaction& tx) -> Result<Task> {
    ASSIGN_OR_RETURN(Events events, center_.completeTask(routingConfig(), c.agent_id, c.task_id,
                                                         std::move(c.outcome), now()));
    tx.recordAll(events);
    return taskAfter(center_, c.task_id, events);
  });
}

template <>
void Engine::run(RescheduleTask c, asio::any_completion_handler<void(Result<Task>)> h) {
  runCommand<Task>(std::move(h), [&](Transaction& tx) -> Result<Task> {
    ASSIGN_OR_RETURN(Events events, center_.rescheduleTask(routingConfig(), c.task_id, c.due_at,
                                                           c.not_before, std::move(c.by), now()));
    tx.recordAll(events);
    return taskAfter(center_, c.task_id, events);
  });
}

// ---- queries ------------------------------------------------------------------------------------

template <>
void Engine::run(QueueQuery c, asio::any_completion_handler<void(Result<QueueSnapshot>)> h) {
  runCommand<QueueSnapshot>(std::move(h), [&](Transaction&) -> Result<QueueSnapshot> {
    if (!region_.findLine(c.line_id)) {
      return notFound("service line '" + c.line_id + "' does not exist");
    }
    return center_.queue(routingConfig(), c.line_id, c.limit);
  });
}

template <>
void Engine::run(PresenceQuery q,
                 asio::any_completion_handler<void(Result<std::vector<AgentPresence>>)> h) {
  runCommand<std::vector<AgentPresence>>(
      std::move(h), [&](Transaction&) -> Result<std::vector<AgentPresence>> {
        const RoutingConfig& config = routingConfig();
        auto wanted = [&](const AgentPresence& a) {
          if (q.team.empty() && q.line_id.empty()) return true;
          const AgentSetup* setup = config.findAgent(a.agent_id);
          const auto& teams = setup ? setup->agent.teams : a.profile.teams;
          const auto& memberships = setup ? setup->policy.memberships : a.profile.memberships;
          bool in_team =
              q.team.empty() || std::find(teams.begin(), teams.end(), q.team) != teams.end();
          bool on_line = q.line_id.empty() ||
                         std::any_of(memberships.begin(), memberships.end(),
                                     [&](const Membership& m) { return m.line_id == q.line_id; });
          return in_team && on_line;
        };
        std::vector<AgentPresence> all;
        center_.forEachAgent([&](const AgentPresence& a) {
          if (wanted(a)) all.push_back(a);
          return true;
        });
        return all;
      });
}

template <>
void Engine::run(TaskQuery c, asio::any_completion_handler<void(Result<Task>)> h) {
  runCommand<Task>(std::move(h), [&](Transaction&) -> Result<Task> {
    const Task* t = center_.findTask(c.task_id);
    if (!t) return notFound("task '" + c.task_id + "' is not open");
    return *t;
  });
}

template <>
void Engine::run(TaskListQuery c, asio::any_completion_handler<void(Result<std::vector<Task>>)> h) {
  runCommand<std::vector<Task>>(std::move(h), [&](Transaction&) -> Result<std::vector<Task>> {
    std::vector<Task> tasks;
    center_.forEachTaskAfter(c.after, [&](const Task& t) {
      if (c.line_id.empty() || t.routing.line_id == c.line_id) tasks.push_back(t);
      return tasks.size() < c.limit;
    });
    return tasks;
  });
}

template <>
void Engine::run(AgentWorkQuery c,
                 asio::any_completion_handler<void(Result<std::vector<WorkItem>>)> h) {
  runCommand<std::vector<WorkItem>>(std::move(h),
                                    [&](Transaction&) -> Result<std::vector<WorkItem>> {
                                      std::vector<WorkItem> items;
                                      for (const ItemRef& ref : center_.heldBy(c.agent_id))
                                        items.push_back(workItem(center_, ref, {}));
                                      return items;
                                    });
}

}  // namespace luukku::engine
