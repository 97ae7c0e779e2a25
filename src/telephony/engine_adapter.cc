#include "telephony/engine_adapter.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/bind_executor.hpp>

#include "core/phone_number.h"
#include "core/routing/opening_hours.h"

namespace luukku::telephony {
namespace asio = boost::asio;
namespace routing = core::routing;

namespace {

// An offer of a contact made or ended: what rings and stops ringing an agent's phone.
std::optional<OfferEvent> offerEventOf(const routing::RoutingEvent& event) {
  return std::visit(
      [](const auto& e) -> std::optional<OfferEvent> {
        using E = std::decay_t<decltype(e)>;
        constexpr bool made = std::is_same_v<E, routing::OfferMade>;
        constexpr bool ended = std::is_same_v<E, routing::OfferDeclined> ||
                               std::is_same_v<E, routing::OfferExpired> ||
                               std::is_same_v<E, routing::OfferWithdrawn>;
        if constexpr (made || ended) {
          if (e.item.kind != routing::ItemKind::kContact) return std::nullopt;
          return OfferEvent{made ? OfferEvent::Kind::kMade : OfferEvent::Kind::kEnded, e.item.id,
                            e.agent_id};
        } else {
          return std::nullopt;
        }
      },
      event);
}

}  // namespace

EngineCallRouting::EngineCallRouting(engine::Engine& engine, const TelephonyConfig& config,
                                     asio::any_io_executor executor)
    : engine_(engine), config_(config), executor_(std::move(executor)) {}

EngineCallRouting::~EngineCallRouting() {
  stop();
}

void EngineCallRouting::start() {
  offers_ = engine_.listen(
      executor_, [](const routing::RoutingEvent& e) { return offerEventOf(e).has_value(); },
      [this](std::vector<engine::RoutedEvent> batch) {
        for (const auto& routed : batch) {
          if (listener_) listener_(*offerEventOf(routed.event));
        }
      });
}

void EngineCallRouting::stop() {
  if (offers_) {
    offers_->leave();
    offers_.reset();
  }
}

std::optional<LineInfo> EngineCallRouting::lineForNumber(const std::string& dialled) {
  auto snapshot = engine_.region();
  const auto& state = snapshot->state;
  // "0201234567" dialled is the line's "+358201234567" (core/phone_number.h).
  auto wanted = core::normalizePhoneNumber(dialled);
  if (!wanted || wanted->empty()) return std::nullopt;
  auto same = [&](const std::string& number) {
    return core::normalizeStoredPhoneNumber(number) == *wanted;
  };
  std::string line_id, language = "fi";
  bool chosen = false;
  for (const auto& n : config_.numbers) {
    if (same(n.number)) {
      line_id = n.line_id;
      language = n.language;
      chosen = true;
    }
  }
  if (line_id.empty()) {
    for (const auto& [id, line] : state.lines()) {
      for (const auto& number : line.phone_numbers) {
        if (same(number)) line_id = id;
      }
    }
  }
  auto info = lineOf(*snapshot, line_id);
  if (info) {
    info->language = language;
    info->language_chosen = chosen;
  }
  return info;
}

std::optional<LineInfo> EngineCallRouting::line(const std::string& line_id) {
  return lineOf(*engine_.region(), line_id);
}

std::optional<LineInfo> EngineCallRouting::lineOf(const engine::RegionSnapshot& snapshot,
                                                  const std::string& line_id) const {
  const auto& state = snapshot.state;
  auto it = state.lines().find(line_id);
  if (it == state.lines().end() || !it->second.active) return std::nullopt;
  const core::ServiceLine& line = it->second;
  LineInfo info;
  info.line_id = line.id;
  info.name = line.name;
  info.hours = line.weekly_hours;
  info.open = routing::isOpen(line, state.settings(), engine_.clock().now());
  if (!line.phone_numbers.empty())
    info.number = core::normalizeStoredPhoneNumber(line.phone_numbers.front());
  return info;
}

namespace {

template <typename Reply, typename F>
auto on(asio::any_io_executor ex, F f) {
  return asio::bind_executor(ex, [f = std::move(f)](Result<Reply> r) mutable { f(std::move(r)); });
}

}  // namespace

namespace {

// What telephony needs to know of an arrival: queued (where, how long), diverted (the task)
// or turned away.
ArrivalResult arrivalResultOf(const engine::ArrivalOutcome& outcome) {
  ArrivalResult out;
  const routing::Contact& c = outcome.contact;
  out.reason = std::string(routing::overflowReasonName(c.overflow));
  if (c.end == routing::ContactEnd::kOpen) {
    out.kind = ArrivalResult::Kind::kQueued;
    if (outcome.waiting) {
      out.position = outcome.waiting->position;
      out.wait = outcome.waiting->estimated_wait;
    }
  } else if (c.end == routing::ContactEnd::kDiverted) {
    out.kind = ArrivalResult::Kind::kDiverted;
    out.task_id = outcome.task ? outcome.task->id : c.task_id;
  } else {
    out.kind = ArrivalResult::Kind::kRejected;
  }
  return out;
}

}  // namespace

void EngineCallRouting::startCall(CallStart call, std::function<void(Result<StartResult>)> done) {
  engine::StartCall cmd;
  cmd.arrived = std::move(call.arrived);
  if (call.arrive) {
    routing::Arrival& a = cmd.arrival.emplace();
    a.line_id = std::move(call.line_id);
    a.channel = core::Channel::kPhone;
    a.from_number = std::move(call.from_number);
    a.language = std::move(call.language);
  }
  engine_.execute(std::move(cmd),
                  on<engine::CallStarted>(executor_, [done](Result<engine::CallStarted> r) {
                    if (!r) return done(r.status());
                    StartResult out{r->contact_id, std::nullopt};
                    if (r->arrival) out.arrival = arrivalResultOf(*r->arrival);
                    done(std::move(out));
                  }));
}

void EngineCallRouting::arrive(CallArrival a, std::function<void(Result<ArrivalResult>)> done) {
  engine::ArriveContact cmd;
  cmd.arrival.contact_id = a.contact_id;
  cmd.arrival.line_id = a.line_id;
  cmd.arrival.channel = core::Channel::kPhone;
  cmd.arrival.from_number = a.from_number;
  cmd.arrival.language = a.language;
  cmd.arrival.wants_callback = a.wants_callback;
  engine_.execute(std::move(cmd),
                  on<engine::ArrivalOutcome>(executor_, [done](Result<engine::ArrivalOutcome> r) {
                    if (!r) return done(r.status());
                    done(arrivalResultOf(*r));
                  }));
}

void EngineCallRouting::abandon(std::string contact_id,
                                std::function<void(Result<std::string>)> done) {
  engine_.execute(engine::AbandonContact{std::move(contact_id), {}},
                  on<engine::ContactOutcome>(executor_, [done](Result<engine::ContactOutcome> r) {
                    if (!r) return done(r.status());
                    done(r->task ? r->task->id : std::string());
                  }));
}

void EngineCallRouting::requestCallback(std::string contact_id, std::string number,
                                        std::string voice_message_ref,
                                        std::function<void(Result<std::string>)> done) {
  engine::RequestCallback cmd;
  cmd.contact_id = std::move(contact_id);
  cmd.number = std::move(number);
  cmd.voice_message_ref = std::move(voice_message_ref);
  engine_.execute(std::move(cmd),
                  on<engine::ContactOutcome>(executor_, [done](Result<engine::ContactOutcome> r) {
                    if (!r) return done(r.status());
                    done(r->task ? r->task->id : std::string());
                  }));
}

void EngineCallRouting::createCallbackTask(std::string line_id, std::string number,
                                           std::string language, std::string contact_id,
                                           std::function<void(Result<std::string>)> done) {
  engine::CreateTask cmd;
  cmd.request.line_id = std::move(line_id);
  cmd.request.channel = core::Channel::kCallback;
  cmd.request.number = std::move(number);
  cmd.request.language = std::move(language);
  cmd.request.reason = routing::TaskReason::kRequested;
  cmd.request.contact_id = std::move(contact_id);
  engine_.execute(std::move(cmd), on<routing::Task>(executor_, [done](Result<routing::Task> r) {
                    if (!r) return done(r.status());
                    done(r->id);
                  }));
}

void EngineCallRouting::accept(std::string agent_id, std::string contact_id,
                               std::function<void(Status)> done) {
  engine_.execute(
      engine::AcceptOffer{
          std::move(agent_id), {routing::ItemKind::kContact, std::move(contact_id)}, {}},
      on<engine::WorkItem>(executor_, [done](Result<engine::WorkItem> r) { done(r.status()); }));
}

void EngineCallRouting::decline(std::string agent_id, std::string contact_id,
                                std::function<void(Status)> done) {
  engine_.execute(
      engine::DeclineOffer{
          std::move(agent_id), {routing::ItemKind::kContact, std::move(contact_id)}, {}},
      on<engine::WorkItem>(executor_, [done](Result<engine::WorkItem> r) { done(r.status()); }));
}

void EngineCallRouting::complete(std::string agent_id, std::string contact_id,
                                 std::function<void(Status)> done) {
  engine_.execute(engine::CompleteContact{std::move(agent_id), std::move(contact_id), {}},
                  on<engine::ContactOutcome>(
                      executor_, [done](Result<engine::ContactOutcome> r) { done(r.status()); }));
}

void EngineCallRouting::transferToQueue(std::string agent_id, std::string contact_id,
                                        std::string line_id, core::CallTransferred event,
                                        std::function<void(Result<ArrivalResult>)> done) {
  engine::TransferToQueue cmd{
      std::move(agent_id), std::move(contact_id), std::move(line_id), std::move(event), {}};
  engine_.execute(std::move(cmd),
                  on<engine::ArrivalOutcome>(executor_, [done](Result<engine::ArrivalOutcome> r) {
                    if (!r) return done(r.status());
                    done(arrivalResultOf(*r));
                  }));
}

void EngineCallRouting::dialOut(OutgoingStart call,
                                std::function<void(Result<OutgoingStarted>)> done) {
  engine::DialOut command;
  command.call = {"", std::move(call.line_id), std::move(call.agent_id), std::move(call.number),
                  std::move(call.task_id)};
  command.caller_id = std::move(call.caller_id);
  command.actor = std::move(call.actor);
  engine_.execute(std::move(command),
                  on<routing::Contact>(executor_, [done](Result<routing::Contact> r) {
                    if (!r) return done(r.status());
                    done(OutgoingStarted{r->id, r->routing.line_id, r->to_number});
                  }));
}

void EngineCallRouting::recordAttempt(std::string agent_id, std::string task_id,
                                      routing::AttemptOutcome outcome,
                                      std::function<void(Status)> done) {
  engine_.execute(
      engine::RecordAttempt{std::move(agent_id), std::move(task_id), outcome, {}},
      on<routing::Task>(executor_, [done](Result<routing::Task> r) { done(r.status()); }));
}

void EngineCallRouting::availableAgents(std::string line_id,
                                        std::function<void(std::vector<std::string>)> done) {
  engine::PresenceQuery q;
  q.line_id = std::move(line_id);
  engine_.execute(std::move(q),
                  on<std::vector<routing::AgentPresence>>(
                      executor_, [done](Result<std::vector<routing::AgentPresence>> r) {
                        std::vector<const routing::AgentPresence*> free;
                        if (r) {
                          for (const auto& p : *r) {
                            if (p.state.status == routing::PresenceStatus::kAvailable)
                              free.push_back(&p);
                          }
                        }
                        std::stable_sort(free.begin(), free.end(),
                                         [](const auto* a, const auto* b) {
                                           return a->state.idle_since < b->state.idle_since;
                                         });
                        std::vector<std::string> out;
                        for (const auto* p : free) out.push_back(p->agent_id);
                        done(std::move(out));
                      }));
}

void EngineCallRouting::waiting(std::string line_id,
                                std::function<void(std::map<std::string, WaitingInfo>)> done) {
  engine::QueueQuery q;
  q.line_id = std::move(line_id);
  q.limit = 1000;
  engine_.execute(std::move(q),
                  on<routing::QueueSnapshot>(executor_, [done](Result<routing::QueueSnapshot> r) {
                    std::map<std::string, WaitingInfo> out;
                    if (r) {
                      for (const auto& w : r->waiting) {
                        if (w.item.kind == routing::ItemKind::kContact)
                          out[w.item.id] = {w.position, w.estimated_wait};
                      }
                    }
                    done(std::move(out));
                  }));
}

void EngineCallRouting::phoneRegistration(std::string agent_id, bool registered, bool ready) {
  if (registered && !ready) return;
  engine::SetPresence cmd;
  cmd.agent_id = agent_id;
  cmd.status = registered ? routing::PresenceStatus::kAvailable : routing::PresenceStatus::kOffline;
  cmd.reason = registered ? "phone_registered" : "phone_unregistered";
  engine_.execute(
      cmd,
      on<routing::AgentPresence>(executor_, [this, cmd](Result<routing::AgentPresence> r) mutable {
        if (r || cmd.status != routing::PresenceStatus::kOffline) {
          if (!r)
            spdlog::warn("presence of {} after its phone registered: {}", cmd.agent_id,
                         r.status().message());
          return;
        }
        // Holding a call (a phone that vanished mid-call): on a break until the work ends.
        cmd.status = routing::PresenceStatus::kBreak;
        engine_.execute(
            cmd, on<routing::AgentPresence>(executor_, [](Result<routing::AgentPresence>) {}));
      }));
}

namespace {

// A presence change telephony asked for: nothing to answer, a failure to log.
auto loggingPresence(asio::any_io_executor executor, std::string agent_id) {
  return on<routing::AgentPresence>(executor, [agent_id](Result<routing::AgentPresence> r) {
    if (!r) spdlog::warn("presence of {} after its phone: {}", agent_id, r.status().message());
  });
}

}  // namespace

void EngineCallRouting::phoneReachable(std::string agent_id, bool reachable) {
  engine_.execute(engine::SetPhoneReachable{agent_id, reachable},
                  loggingPresence(executor_, agent_id));
}

void EngineCallRouting::phoneEngaged(std::string agent_id, bool engaged) {
  engine_.execute(engine::SetPhoneEngaged{agent_id, engaged}, loggingPresence(executor_, agent_id));
}

void EngineCallRouting::recordCallEvent(std::string contact_id, core::CallEvent event) {
  engine_.execute(engine::RecordCallEvent{std::move(contact_id), std::move(event)},
                  on<std::int64_t>(executor_, [](Result<std::int64_t> r) {
                    if (!r) spdlog::warn("cannot record a call event: {}", r.status().message());
                  }));
}

void EngineCallRouting::onOffers(std::function<void(OfferEvent)> listener) {
  listener_ = std::move(listener);
}

}  // namespace luukku::telephony
