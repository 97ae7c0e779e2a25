#include "chat/chat_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_future.hpp>
#include <limits>

#include "chat/conversation.h"
#include "core/must_stop.h"
#include "identity/crypto.h"

namespace luukku::chat {
namespace asio = boost::asio;
namespace routing = core::routing;

Status unknownChat() {
  return notFound("unknown chat");
}

Status chatEnded() {
  return Status(ErrorCode::kConflict, "the chat has ended");
}

Status mayWrite(const ChatView& chat, const Writer& writer) {
  if (chat.state == ChatState::kEnded) return chatEnded();
  if (writer.visitor) return Status::ok();
  if (chat.state == ChatState::kWaiting) {
    return Status(ErrorCode::kFailedPrecondition, "the chat has not been accepted yet");
  }
  bool colleague = std::find(chat.colleagues.begin(), chat.colleagues.end(), writer.agent_id) !=
                   chat.colleagues.end();
  if (writer.agent_id != chat.agent_id && !colleague) {
    return Status(ErrorCode::kPermissionDenied, "the chat is held by another professional");
  }
  return Status::ok();
}

namespace {

// Routing events about contacts (which may be chats) and offers of contacts, and professionals'
// presence and profiles: who is signed in to a line changes its waiting chats' estimates.
bool aboutChats(const routing::RoutingEvent& event) {
  return std::visit(
      [](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, routing::PresenceChanged> ||
                      std::is_same_v<E, routing::ProfileChanged>) {
          return true;
        } else if constexpr (requires { e.contact.routing.channel; }) {
          return true;
        } else if constexpr (requires { e.item.kind; }) {
          return e.item.kind == routing::ItemKind::kContact;
        } else {
          return false;
        }
      },
      event);
}

}  // namespace

ChatService::ChatService(engine::Engine& engine, const Clock& clock, metrics::Registry& metrics,
                         ChatSettings settings)
    : engine_(engine),
      clock_(clock),
      settings_(settings),
      waiting_gauge_(
          metrics.gauge("luukku_chats_live", "Chats not yet ended", {{"state", "waiting"}})),
      active_gauge_(
          metrics.gauge("luukku_chats_live", "Chats not yet ended", {{"state", "active"}})),
      visitor_sockets_gauge_(
          metrics.gauge("luukku_chat_sockets", "Chat WebSockets open", {{"side", "visitor"}})),
      desktop_sockets_gauge_(
          metrics.gauge("luukku_chat_sockets", "Chat WebSockets open", {{"side", "professional"}})),
      starts_(clock, settings.starts_per_address),
      visitor_messages_(clock, settings.messages_per_visitor),
      address_messages_(clock, settings.messages_per_address),
      connects_(clock, settings.connects_per_chat) {}

std::string ChatService::holdForPickUp(Started started) {
  std::string code = identity::randomSecret(32);
  Timestamp now = clock_.now();
  std::lock_guard lock(held_mu_);
  std::erase_if(held_, [&](const auto& held) { return held.second.until <= now; });
  held_[code] = HeldStart{std::move(started), now + settings_.pick_up_within};
  return code;
}

std::optional<Started> ChatService::pickUp(const std::string& code) {
  std::lock_guard lock(held_mu_);
  auto it = held_.find(code);
  if (it == held_.end()) return std::nullopt;
  HeldStart held = std::move(it->second);
  held_.erase(it);  // once
  if (held.until <= clock_.now()) return std::nullopt;
  return std::move(held.started);
}

bool ChatService::admitStart(const std::string& address) {
  return starts_.take("addr:" + address);
}

bool ChatService::admitContactRequest(const std::string& address) {
  return starts_.take("addr:" + address);
}

bool ChatService::admitVisitorMessage(const std::string& chat_id, const std::string& address) {
  return visitor_messages_.take("chat:" + chat_id) && address_messages_.take("addr:" + address);
}

bool ChatService::admitVisitorConnect(const std::string& chat_id, const std::string& address) {
  return connects_.take("chat:" + chat_id) && address_messages_.take("addr:" + address);
}

ChatService::~ChatService() {
  core::mustStop("the chat service", [this] { stop(); });
}

void ChatService::start() {
  if (started_) return;
  started_ = true;
  work_.emplace(context_.get_executor());
  listener_ = engine_.listen(
      context_.get_executor(), aboutChats,
      [this](std::vector<engine::RoutedEvent> batch) { onRouting(std::move(batch)); });
  thread_ = std::thread([this] { context_.run(); });
}

void ChatService::stop() {
  if (!started_ || stopped_) return;
  stopped_ = true;
  if (listener_) listener_->leave();
  asio::post(context_, [this] {
    timer_.cancel();
    work_.reset();
    for (auto& done : std::exchange(accept_waiters_, {})) done();
  });
  // Commands still in flight complete on this thread: let them drain, then stop.
  thread_.join();
  // The engine may still hold a command or query this service submitted (a queue refresh): it
  // completes them on this service's executor, which must outlive them. The engine answers in
  // order, so once a query submitted now is answered none is left; their answers wait, never
  // run, in the stopped context. (The engine must still be running: stop this service first.)
  (void)engine_.execute(engine::TaskQuery{}, asio::use_future).get();
  chats_.clear();
  desks_.clear();
}

ChatService::Conversation* ChatService::find(std::string_view chat_id) {
  auto it = chats_.find(chat_id);
  return it == chats_.end() ? nullptr : it->second.get();
}

std::string ChatService::firstNameOf(const std::string& agent_id) const {
  auto snapshot = engine_.region();
  const core::Agent* agent = snapshot->state.findAgent(agent_id);
  if (!agent || agent->name.empty()) return {};
  return agent->name.substr(0, agent->name.find(' '));
}

ChatView ChatService::viewOf(const Conversation& chat, std::int64_t after) const {
  ChatView v;
  v.chat_id = chat.id;
  v.line_id = chat.line_id;
  v.language = chat.language;
  v.state = chat.flow.state;
  v.agent_id = chat.flow.agent_id;
  v.professional_name = chat.professional_name;
  v.visitor_name = chat.visitor_name;
  v.path = chat.path;
  v.visitor_connected = chat.flow.visitor_sockets > 0;
  v.started_at = chat.started_at;
  for (const Message& m : chat.messages) {
    if (m.seq > after) v.messages.push_back(m);
  }
  v.ended_by = chat.ended_by;
  v.ended_reason = chat.ended_reason;
  v.identification = chat.identification;
  v.identified_name = chat.identified_name;
  v.identification_asked = chat.identification_asked;
  v.on_behalf_name = chat.on_behalf_name;
  v.on_behalf_basis = chat.on_behalf_basis;
  v.colleagues = chat.colleagues;
  v.asked_colleague = chat.asked_colleague;
  v.asked_to_join = chat.asked_to_join;
  return v;
}

// ---- the state machine's shell
// -------------------------------------------------------------------

void ChatService::apply(Conversation& chat, const Input& input) {
  Step next = step(chat.flow, input, clock_.now(), settings_.flow);
  const ChatState before = chat.flow.state;
  chat.flow = std::move(next.state);
  // Counted before the actions answer anyone, so an answer never precedes its count.
  if (chat.flow.state != before) {
    count(before, -1);
    count(chat.flow.state, 1);
  }
  for (const Action& action : next.actions) perform(chat, action);
}

void ChatService::perform(Conversation& chat, const Action& action) {
  std::visit(
      [&](const auto& a) {
        using A = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<A, RecordEnd>) {
          recordEnd(chat, a.by, a.reason);
        } else if constexpr (std::is_same_v<A, TellJoined>) {
          chat.professional_name = firstNameOf(a.agent_id);
          chat.queue.reset();
          ChatUpdate joined = ChatUpdate::of(ChatUpdate::Kind::kJoined, chat.id);
          joined.name = chat.professional_name;
          toVisitors(chat, joined);
          ChatUpdate full = ChatUpdate::of(ChatUpdate::Kind::kChat, chat.id);
          full.chat = std::make_shared<const ChatView>(viewOf(chat));
          toProfessional(chat, full);
        } else if constexpr (std::is_same_v<A, TellVisitorPresence>) {
          ChatUpdate presence = ChatUpdate::of(ChatUpdate::Kind::kVisitor, chat.id);
          presence.connected = a.connected;
          toProfessional(chat, presence);
        } else if constexpr (std::is_same_v<A, TellEnded>) {
          onEnded(chat, a.by, a.reason);
        } else if constexpr (std::is_same_v<A, Wake>) {
          schedule(a.at);
        } else if constexpr (std::is_same_v<A, TellTransferred>) {
          onTransferred(chat, a);
        }
      },
      action);
}

void ChatService::recordEnd(Conversation& chat, std::string by, std::string reason) {
  engine::EndChat command{chat.id, core::ChatEnded{by, reason}, {}};
  engine_.execute(
      std::move(command), onThread<Timestamp>(context_, [this, id = chat.id, by, reason](auto r) {
        Conversation* c = find(id);
        if (!c) return;
        // Not found: the chat had already ended in the engine (its contact was
        // completed meanwhile); routing's event says so too. Either way it ended.
        if (!r && r.status().code() != ErrorCode::kNotFound) {
          spdlog::warn("chat {}: its end was not recorded: {}", id, r.status().message());
          c->flow.end_recording = false;
          for (auto& done : std::exchange(c->ending, {})) done(r.status());
          return;
        }
        apply(*c, Ended{by, reason});
      }));
}

void ChatService::onEnded(Conversation& chat, const std::string& by, const std::string& reason) {
  chat.ended_by = by;
  chat.ended_reason = reason;
  chat.ended_at = clock_.now();
  chat.queue.reset();
  settleColleague(chat, "withdrawn", false);
  ChatUpdate ended = ChatUpdate::of(ChatUpdate::Kind::kEnded, chat.id);
  ended.from = by;
  ended.reason = reason;
  toVisitors(chat, ended);
  toProfessional(chat, ended);
  schedule(*chat.ended_at + settings_.keep_ended);
  ChatView view = viewOf(chat);
  for (auto& done : std::exchange(chat.ending, {})) done(view);
}

void ChatService::toVisitors(Conversation& chat, const ChatUpdate& update) {
  std::vector<std::uint64_t> gone;
  for (auto& [id, sink] : chat.visitors) {
    if (!sink(update)) gone.push_back(id);
  }
  for (auto id : gone) {
    chat.visitors.erase(id);
    visitor_sockets_gauge_.add(-1);
    apply(chat, VisitorDisconnected{});
  }
}

void ChatService::toProfessional(Conversation& chat, const ChatUpdate& update) {
  if (chat.flow.agent_id.empty()) return;
  auto inChat = [&chat](const std::string& agent_id) {
    return agent_id == chat.flow.agent_id ||
           std::find(chat.colleagues.begin(), chat.colleagues.end(), agent_id) !=
               chat.colleagues.end();
  };
  for (auto it = desks_.begin(); it != desks_.end();) {
    if (inChat(it->second.agent_id) && !it->second.sink(update)) {
      it = desks_.erase(it);
      desktop_sockets_gauge_.add(-1);
    } else {
      ++it;
    }
  }
}

// Kept by each change of state rather than by counting every chat: with 10,000 chats
// waiting, counting them on each step made every step cost as much as all the chats.
void ChatService::count(ChatState state, std::int64_t delta) {
  if (state == ChatState::kWaiting) waiting_gauge_.add(delta);
  if (state == ChatState::kActive) active_gauge_.add(delta);
}

// ---- requests ----------------------------------------------------------------------------------

void ChatService::startChat(StartRequest request, Done<Started> done) {
  asio::post(context_, [this, request = std::move(request), done = std::move(done)]() mutable {
    std::string token = identity::randomSecret(32);
    engine::StartChat command;
    command.started.language = request.language;
    command.started.visitor_name = request.visitor_name;
    command.started.clickbot = request.clickbot;
    command.started.token_hash = identity::secretHash(token);
    command.arrival.line_id = request.line_id;
    command.arrival.channel = core::Channel::kChat;
    command.arrival.language = request.language;
    command.identified = request.identified;
    std::string hash = command.started.token_hash;
    engine_.execute(std::move(command),
                    onThread<engine::ChatOpened>(
                        context_, [this, request = std::move(request), token = std::move(token),
                                   hash = std::move(hash), done = std::move(done)](auto r) mutable {
                          if (!r) return done(r.status());
                          Started started{r->chat_id, std::move(token), ""};
                          const routing::Contact& contact = r->arrival.contact;
                          if (contact.end != routing::ContactEnd::kOpen) {
                            started.refused =
                                std::string(routing::overflowReasonName(contact.overflow));
                            started.token.clear();
                            return done(std::move(started));
                          }
                          auto chat = std::make_unique<Conversation>();
                          chat->id = r->chat_id;
                          chat->line_id = request.line_id;
                          chat->language = request.language;
                          chat->visitor_name = request.visitor_name;
                          if (request.clickbot) chat->path = request.clickbot->titles;
                          chat->token_hash = std::move(hash);
                          chat->started_at = r->at;
                          chat->identification = request.identification;
                          if (r->identified) {
                            chat->identified_name = r->identified->person_name;
                            chat->identity_code_sealed = r->identified->identity_code_sealed;
                          }
                          if (r->arrival.waiting) {
                            chat->queue = QueueInfo{r->arrival.waiting->position,
                                                    r->arrival.waiting->estimated_wait};
                          }
                          Conversation& c = *chat;
                          chats_.emplace(c.id, std::move(chat));
                          Step first = luukku::chat::start(clock_.now(), settings_.flow);
                          c.flow = first.state;
                          count(c.flow.state, 1);
                          for (const Action& a : first.actions) perform(c, a);
                          done(std::move(started));
                        }));
  });
}

void ChatService::connectVisitor(std::string chat_id, std::string token, std::int64_t after,
                                 Sink sink, Done<VisitorSession> done) {
  asio::post(context_, [this, chat_id = std::move(chat_id), token = std::move(token), after,
                        sink = std::move(sink), done = std::move(done)]() mutable {
    Conversation* chat = find(chat_id);
    // The same answer for an unknown id and a wrong token.
    if (!chat || !identity::constantTimeEquals(identity::secretHash(token), chat->token_hash)) {
      return done(unknownChat());
    }
    VisitorSession session{++next_sink_, viewOf(*chat, after), chat->queue};
    if (chat->flow.state != ChatState::kWaiting) session.queue.reset();
    chat->visitors.emplace(session.sink_id, std::move(sink));
    visitor_sockets_gauge_.add(1);
    apply(*chat, VisitorConnected{});
    done(std::move(session));
  });
}

void ChatService::disconnectVisitor(std::string chat_id, std::uint64_t sink_id) {
  asio::post(context_, [this, chat_id = std::move(chat_id), sink_id] {
    Conversation* chat = find(chat_id);
    if (!chat || chat->visitors.erase(sink_id) == 0) return;
    visitor_sockets_gauge_.add(-1);
    apply(*chat, VisitorDisconnected{});
  });
}

void ChatService::watchAgent(std::string agent_id, Sink sink, Done<AgentSession> done) {
  asio::post(context_, [this, agent_id = std::move(agent_id), sink = std::move(sink),
                        done = std::move(done)]() mutable {
    AgentSession session{++next_sink_, {}};
    for (const auto& [id, chat] : chats_) {
      bool colleague = std::find(chat->colleagues.begin(), chat->colleagues.end(), agent_id) !=
                       chat->colleagues.end();
      if (chat->flow.state == ChatState::kActive && (chat->flow.agent_id == agent_id || colleague))
        session.chats.push_back(viewOf(*chat));
    }
    desks_.emplace(session.sink_id, Desk{std::move(agent_id), std::move(sink)});
    desktop_sockets_gauge_.add(1);
    done(std::move(session));
  });
}

void ChatService::unwatchAgent(std::uint64_t sink_id) {
  asio::post(context_, [this, sink_id] {
    if (desks_.erase(sink_id) > 0) desktop_sockets_gauge_.add(-1);
  });
}

void ChatService::view(std::string chat_id, Done<ChatView> done) {
  asio::post(context_, [this, chat_id = std::move(chat_id), done = std::move(done)] {
    Conversation* chat = find(chat_id);
    if (!chat) return done(notFound("chat '" + chat_id + "' does not exist or has been closed"));
    done(viewOf(*chat));
  });
}

void ChatService::afterAccept(std::string chat_id, std::function<void()> done) {
  asio::post(context_, [this, chat_id = std::move(chat_id), done = std::move(done)]() mutable {
    Conversation* chat = find(chat_id);
    if (chat && chat->flow.state == ChatState::kWaiting) {
      accept_waiters_.push_back(std::move(done));
    } else {
      done();
    }
  });
}

void ChatService::send(std::string chat_id, Writer writer, std::string client_id, std::string text,
                       Done<Posted> done) {
  core::ChatMessage draft;
  draft.text = std::move(text);
  draft.client_id = std::move(client_id);
  post(std::move(chat_id), std::move(writer), std::move(draft), std::move(done));
}

void ChatService::sendFile(std::string chat_id, Writer writer, std::string client_id,
                           core::ChatAttachment file, Done<Posted> done) {
  core::ChatMessage draft;
  draft.client_id = std::move(client_id);
  draft.attachment = std::move(file);
  post(std::move(chat_id), std::move(writer), std::move(draft), std::move(done));
}

void ChatService::visitorView(std::string chat_id, std::string token, Done<ChatView> done) {
  asio::post(context_, [this, chat_id = std::move(chat_id), token = std::move(token),
                        done = std::move(done)] {
    Conversation* chat = find(chat_id);
    // The same answer for an unknown id and a wrong token, as connectVisitor gives.
    if (!chat || !identity::constantTimeEquals(identity::secretHash(token), chat->token_hash)) {
      return done(unknownChat());
    }
    done(viewOf(*chat));
  });
}

void ChatService::post(std::string chat_id, Writer writer, core::ChatMessage draft,
                       Done<Posted> done) {
  asio::post(context_, [this, chat_id = std::move(chat_id), writer = std::move(writer),
                        draft = std::move(draft), done = std::move(done)]() mutable {
    Conversation* chat = find(chat_id);
    if (!chat) return done(unknownChat());
    // A resend of a stored message is answered even after the end.
    for (const Message& m : chat->messages) {
      if (m.client_id == draft.client_id) return done(Posted{m, true});
    }
    if (Status may = mayWrite(viewOf(*chat, INT64_MAX), writer); !may) return done(may);
    engine::PostChatMessage command;
    command.chat_id = chat_id;
    command.message = std::move(draft);
    command.message.from = writer.visitor ? "visitor" : "professional";
    command.message.agent_id = writer.agent_id;
    command.actor = writer.actor;
    engine_.execute(
        std::move(command),
        onThread<engine::ChatPosted>(context_, [this, chat_id, done = std::move(done)](auto r) {
          Conversation* live = find(chat_id);
          if (!r) {
            return done(r.status().code() == ErrorCode::kNotFound ? chatEnded() : r.status());
          }
          if (!live) return done(chatEnded());
          const core::ChatMessage& stored = r->message;
          Message m{stored.seq,       stored.from,      "", stored.agent_id, stored.text, r->at,
                    stored.client_id, stored.attachment};
          m.name = stored.from == "visitor"                 ? live->visitor_name
                   : stored.agent_id == live->flow.agent_id ? live->professional_name
                                                            : firstNameOf(stored.agent_id);
          if (r->duplicate) {
            for (const Message& known : live->messages) {
              if (known.seq == stored.seq) return done(Posted{known, true});
            }
            return done(Posted{m, true});
          }
          live->messages.push_back(m);
          ChatUpdate update = ChatUpdate::of(ChatUpdate::Kind::kMessage, chat_id);
          update.message = m;
          toVisitors(*live, update);
          toProfessional(*live, update);
          done(Posted{std::move(m), false});
        }));
  });
}

void ChatService::typing(std::string chat_id, Writer writer) {
  asio::post(context_, [this, chat_id = std::move(chat_id), writer = std::move(writer)] {
    Conversation* chat = find(chat_id);
    if (!chat || !mayWrite(viewOf(*chat, INT64_MAX), writer)) return;
    ChatUpdate update = ChatUpdate::of(ChatUpdate::Kind::kTyping, chat_id);
    update.from = writer.visitor ? "visitor" : "professional";
    if (writer.visitor)
      toProfessional(*chat, update);
    else
      toVisitors(*chat, update);
  });
}

void ChatService::read(std::string chat_id, Writer writer, std::int64_t up_to, Done<bool> done) {
  asio::post(context_, [this, chat_id = std::move(chat_id), writer = std::move(writer), up_to,
                        done = std::move(done)]() mutable {
    Conversation* chat = find(chat_id);
    if (!chat) return done(unknownChat());
    if (Status may = mayWrite(viewOf(*chat, INT64_MAX), writer); !may) return done(may);
    auto last = static_cast<std::int64_t>(chat->messages.size());
    if (up_to < 1 || up_to > last) {
      return done(invalidArgument("up_to must name one of the chat's messages (1.." +
                                  std::to_string(last) + ")"));
    }
    std::int64_t& mark = writer.visitor ? chat->visitor_read : chat->professional_read;
    if (up_to <= mark) return done(false);  // read already
    mark = up_to;
    std::string by = writer.visitor ? "visitor" : "professional";
    engine::MarkChatRead command{chat_id, core::ChatRead{by, up_to}, writer.actor};
    engine_.execute(
        std::move(command), onThread<std::int64_t>(context_, [this, chat_id, by, up_to, writer,
                                                              done = std::move(done)](auto r) {
          if (!r) {
            return done(r.status().code() == ErrorCode::kNotFound ? chatEnded() : r.status());
          }
          Conversation* live = find(chat_id);
          if (!live) return done(true);
          ChatUpdate update = ChatUpdate::of(ChatUpdate::Kind::kRead, chat_id);
          update.from = by;
          update.up_to = up_to;
          if (writer.visitor)
            toProfessional(*live, update);
          else
            toVisitors(*live, update);
          done(true);
        }));
  });
}

void ChatService::end(std::string chat_id, Writer writer, Done<ChatView> done) {
  asio::post(context_, [this, chat_id = std::move(chat_id), writer = std::move(writer),
                        done = std::move(done)]() mutable {
    Conversation* chat = find(chat_id);
    if (!chat) return done(unknownChat());
    if (chat->flow.state == ChatState::kEnded) return done(chatEnded());
    if (!writer.visitor && writer.agent_id != chat->flow.agent_id) {
      return done(Status(ErrorCode::kPermissionDenied, "the chat is held by another professional"));
    }
    chat->ending.push_back(std::move(done));
    if (writer.visitor)
      apply(*chat, EndAsked{"visitor", "left"});
    else
      apply(*chat, EndAsked{"professional", "ended"});
  });
}

void ChatService::readableSince(std::function<void(std::optional<Timestamp>)> done) {
  asio::post(context_, [this, done = std::move(done)] {
    std::optional<Timestamp> earliest;
    for (const auto& [id, chat] : chats_) {
      if (!earliest || chat->started_at < *earliest) earliest = chat->started_at;
    }
    done(earliest);
  });
}

// ---- routing -----------------------------------------------------------------------------------

void ChatService::onRouting(std::vector<engine::RoutedEvent> batch) {
  // A contact that starts waiting joins behind every contact already waiting on its line (the
  // same head start, a later time), so nobody's place or estimate changes and nobody needs
  // to be told: with 10,000 waiting, refreshing on each arrival made starting them O(n²).
  bool queue_moved = false;
  for (const auto& routed : batch) {
    std::visit(
        [&](const auto& e) {
          using E = std::decay_t<decltype(e)>;
          queue_moved = queue_moved || !std::is_same_v<E, routing::ContactQueued>;
          if constexpr (std::is_same_v<E, routing::OfferAccepted>) {
            if (Conversation* chat = find(e.item.id)) apply(*chat, Accepted{e.agent_id});
          } else if constexpr (std::is_same_v<E, routing::ContactTransferred>) {
            if (Conversation* chat = find(e.item.id)) apply(*chat, Transferred{e.line_id});
          } else if constexpr (std::is_same_v<E, routing::ContactHandedOver>) {
            if (Conversation* chat = find(e.item.id)) apply(*chat, HandedOver{e.to_agent_id});
          } else if constexpr (requires { e.contact.routing.channel; }) {
            Conversation* chat = find(e.contact.id);
            if (chat && e.contact.end != routing::ContactEnd::kOpen) {
              bool completed = std::is_same_v<E, routing::ContactCompleted>;
              apply(*chat, Ended{completed ? "professional" : "system",
                                 completed ? "completed" : std::string(E::kType)});
            }
          }
        },
        routed.event);
  }
  if (queue_moved) {
    refresh_wanted_ = true;
    refreshQueues();
  }
  for (auto& done : std::exchange(accept_waiters_, {})) done();
}

// Asks routing where each waiting chat stands, one line at a time, and tells each visitor
// whose place or estimate changed. One refresh at a time, and at most one per
// queue_refresh_interval: a change sooner after the last is refreshed when the interval ends
// (runDueWork), together with every other change until then.
void ChatService::refreshQueues() {
  if (!refresh_wanted_ || refreshing_) return;
  const Timestamp at = clock_.now();
  if (last_refresh_ && at < *last_refresh_ + settings_.queue_refresh_interval) {
    if (!refresh_woken_) {
      refresh_woken_ = true;
      schedule(*last_refresh_ + settings_.queue_refresh_interval);
    }
    return;
  }
  refresh_wanted_ = false;
  refresh_woken_ = false;
  std::set<std::string> lines;
  for (const auto& [id, chat] : chats_) {
    if (chat->flow.state == ChatState::kWaiting) lines.insert(chat->line_id);
  }
  if (lines.empty()) return;
  refreshing_ = true;
  last_refresh_ = at;
  auto left = std::make_shared<std::size_t>(lines.size());
  for (const auto& line : lines) {
    // The whole queue: every waiting visitor is told their place, not only the first 1,000.
    engine::QueueQuery query{line, std::numeric_limits<std::size_t>::max()};
    engine_.execute(std::move(query),
                    onThread<routing::QueueSnapshot>(context_, [this, left](auto r) {
                      if (r) {
                        for (const routing::WaitingItem& w : r->waiting) {
                          Conversation* chat = find(w.item.id);
                          if (!chat || chat->flow.state != ChatState::kWaiting) continue;
                          QueueInfo now{w.position, w.estimated_wait};
                          if (chat->queue == now) continue;
                          chat->queue = now;
                          ChatUpdate update = ChatUpdate::of(ChatUpdate::Kind::kQueue, chat->id);
                          update.queue = now;
                          toVisitors(*chat, update);
                        }
                      }
                      if (--*left > 0) return;
                      refreshing_ = false;
                      refreshQueues();  // changes meanwhile, at the interval's end
                    }));
  }
}

// ---- time --------------------------------------------------------------------------------------

void ChatService::schedule(Timestamp at) {
  wakes_.insert(at);
  armTimer();
}

void ChatService::armTimer() {
  if (wakes_.empty() || stopped_) return;
  auto delay = std::max(std::chrono::microseconds(0), *wakes_.begin() - clock_.now());
  timer_.expires_after(delay);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    runDueWork();
  });
}

void ChatService::runDueWork(std::function<void()> done) {
  asio::post(context_, [this, done = std::move(done)] {
    Timestamp now = clock_.now();
    wakes_.erase(wakes_.begin(), wakes_.upper_bound(now));
    expireColleagueQuestions(now);
    std::vector<std::string> forget;
    for (auto& [id, chat] : chats_) {
      if (chat->ended_at && *chat->ended_at + settings_.keep_ended <= now) {
        forget.push_back(id);
      } else {
        apply(*chat, Tick{});
      }
    }
    for (const auto& id : forget) {
      Conversation& chat = *chats_.at(id);
      visitor_sockets_gauge_.add(-static_cast<std::int64_t>(chat.visitors.size()));
      chats_.erase(id);
    }
    refreshQueues();
    armTimer();
    if (done) done();
  });
}

}  // namespace luukku::chat
