// ChatService: the live chats and the shell around their state machine (chat_flow.h).
//
// It owns every chat not yet forgotten on its own thread (the chat thread): each request is
// posted there, turned into engine commands (engine/chat_commands.h), and answered once the
// engine says the command's events are durable. Routing's events about contacts and
// professionals' presence come from an in-process listener (Engine::listen) on the same
// thread: an accepted offer makes a chat active, a contact that ends ends its chat, and any
// other change — in the queues, or in who is signed in and ready — refreshes the waiting chats'
// places and estimates, at most once per queue_refresh_interval. Updates go to the sockets
// that registered a Sink: the visitor's (one or more) and the desktops of the professional
// who holds the chat.
//
// Ordering and durability: a message, read mark or end is sent to anyone only after the
// engine has made it durable, and in the chat's order. A visitor connecting receives, in one
// step on the chat thread, the messages after the `after` it names and the registration of its
// sink, so a reconnecting visitor misses nothing and sees nothing twice. Messages are
// idempotent per client_id (the engine answers a resend with the stored message).
//
// Ended chats stay readable for `keep_ended` (a visitor reconnecting sees "ended"), then are
// forgotten; their history stays in the log. A restart ends every live chat (the engine's
// recovery), so a new process starts with none.
//
// Errors: kNotFound "unknown chat" (also for a wrong token, so ids cannot be probed),
// kConflict when the chat has ended, kFailedPrecondition when a professional writes to a chat
// not yet accepted, kPermissionDenied when the professional does not hold it.
//
// Thread-safety: every public method is thread-safe. Callbacks (`Done`) run on the chat
// thread: they must be quick and must not block (post to your own executor). A Sink is called
// on the chat thread too.
#pragma once

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "chat/chat_flow.h"
#include "core/actor.h"
#include "core/chat_events.h"
#include "core/rate_limit.h"
#include "core/status.h"
#include "core/time.h"
#include "engine/engine.h"
#include "metrics/metrics.h"

namespace luukku::chat {

struct ChatSettings {
  FlowSettings flow;                      // visitor_gone_after
  std::chrono::seconds keep_ended{3600};  // an ended chat stays readable this long
  // Flooding: chats started from one address (5 at once, then one a minute), and messages
  // (typing and read marks too) from one visitor and from one address.
  core::RateLimit starts_per_address{1.0 / 60, 5};
  core::RateLimit messages_per_visitor{5, 10};
  core::RateLimit messages_per_address{20, 40};
  // Connections to one chat (10 at once, then one every 5 s): a page that reconnects in a loop,
  // or someone trying tokens, is turned away without spending the visitor's message budget.
  core::RateLimit connects_per_chat{0.2, 10};
  std::chrono::seconds pick_up_within{120};
  // How long a colleague has to accept a chat offered or an invitation before it lapses.
  std::chrono::seconds colleague_answer_within{30};
  // Waiting visitors' places and estimates are asked of routing at most once in this long: a
  // change sooner after the last is told when it ends, with every other change until then.
  std::chrono::milliseconds queue_refresh_interval{1000};
};

// A message as both sides see it.
struct Message {
  std::int64_t seq = 0;
  std::string from;  // "visitor", "professional", "system"
  std::string name;  // the visitor's display name or the professional's first name; may be empty
  std::string agent_id;
  std::string text;
  Timestamp time;
  std::string client_id;
  std::optional<core::ChatAttachment> attachment = std::nullopt;  // a file sent with it
};

struct QueueInfo {
  int position = 0;
  std::optional<std::chrono::seconds> estimated_wait;  // none: nobody signed in to estimate
  friend bool operator==(const QueueInfo&, const QueueInfo&) = default;
};

// A chat as GET /api/v1/chats/{id} shows it.
struct ChatView {
  std::string chat_id;
  std::string line_id;
  std::string language;
  ChatState state = ChatState::kWaiting;
  std::string agent_id;           // who accepted it; empty while waiting
  std::string professional_name;  // their first name
  std::string visitor_name;
  std::vector<std::string> path;  // the clickbot titles the visitor walked; empty: none
  bool visitor_connected = false;
  Timestamp started_at;
  std::vector<Message> messages;
  std::string ended_by;  // when ended
  std::string ended_reason;
  // Identification: the line's ("anonymous", "optional", "required"), the name the visitor
  // identified with (empty: not identified), and whether the professional has asked them to.
  std::string identification = "anonymous";
  std::string identified_name;
  bool identification_asked = false;
  // Whom the identified visitor acts for (empty: themselves) and on what basis ("guardian",
  // "mandate").
  std::string on_behalf_name;
  std::string on_behalf_basis;
  // Transfer and invite: colleagues writing in the chat besides its holder, and a colleague
  // asked and not yet answered (the chat offered to them, or an invitation).
  std::vector<std::string> colleagues;
  std::string asked_colleague;
  bool asked_to_join = false;  // an invitation rather than the chat itself
};

// An identified visitor's sealed identity code (identity/sealing.h, sealed for the chat's id),
// and the person they act for, if anyone (their code sealed for "<chat id>/principal").
struct SealedIdentity {
  std::string name;
  std::string identity_code_sealed;
  std::string principal_name;  // empty: they act for themselves
  std::string principal_code_sealed;
  std::string basis;
};

// What a socket is told.
struct ChatUpdate {
  enum class Kind {
    kMessage,
    kQueue,
    kJoined,
    kTyping,
    kRead,
    kVisitor,
    kEnded,
    kChat,
    kIdentificationAsked,
    kIdentified,
    kOnBehalf,         // the visitor acts for `name` as `basis`
    kTransferred,      // the chat left its holder: to a line's queue or to a colleague
    kColleagueAsked,   // a colleague is offered the chat or invited into it (their desktop)
    kColleagueAnswer,  // the colleague did not take it, or the question lapsed or was withdrawn
    kColleague,        // a colleague joined or left the chat
  };
  Kind kind = Kind::kMessage;
  std::string chat_id;
  Message message;         // kMessage
  QueueInfo queue;         // kQueue
  std::string name;        // kJoined: the professional's first name; kIdentified: the visitor's;
                           // kOnBehalf: the principal's
  std::string basis;       // kOnBehalf: "guardian" or "mandate"
  std::string from;        // kTyping: who types; kRead, kEnded: by whom
  std::int64_t up_to = 0;  // kRead
  bool connected = false;  // kVisitor
  std::string reason;      // kEnded
  std::shared_ptr<const ChatView> chat;  // kChat: a chat the professional now holds, in full;
                                         // kColleagueAsked: the chat asked about
  // kTransferred: "line" or "agent", the agent it left and the line it went to (with its name
  // in the chat's language); kColleagueAsked, kColleagueAnswer, kColleague: the colleague
  // (`agent_id`, `name`), whether it is an invitation (`invite`), when the question lapses
  // (`until`), and for kColleagueAnswer why (`reason`); kColleague: joined (`connected`) or
  // left.
  std::string to;
  std::string agent_id;
  std::string line_id;
  std::string line_name;
  bool invite = false;
  Timestamp until;

  static ChatUpdate of(Kind kind, std::string chat_id) {
    ChatUpdate u;
    u.kind = kind;
    u.chat_id = std::move(chat_id);
    return u;
  }
};

// Receives updates on the chat thread. It must be cheap and must not call the service; it
// returns false when its socket is gone or full, and is then forgotten (a visitor's as if its
// socket had closed).
using Sink = std::function<bool(const ChatUpdate&)>;

template <typename T>
using Done = std::function<void(Result<T>)>;

struct StartRequest {
  std::string line_id;
  std::string language;      // "fi", "sv" or "en"
  std::string visitor_name;  // checked by the caller (chat_text.h); may be empty
  // The line's identification ("anonymous", "optional", "required"), for the visitor's page.
  std::string identification = "anonymous";
  // A visitor who identified before the chat (a line that requires it): what to record, given
  // the chat's id (engine::StartChat).
  std::function<core::ChatIdentified(const std::string& chat_id)> identified;
  std::optional<core::ClickbotWalk> clickbot;  // checked by the caller against the live tree
};
// The answer to a transfer or an invitation asked for: refused (nothing changed; the reason
// the API names) or made. A chat transferred to a line waits there (`queue`); a colleague
// asked has until `until` to answer.
struct HandOn {
  std::string refused;  // engine::handOnRefusalCode; empty: made
  std::optional<QueueInfo> queue;
  Timestamp until;
};

struct Started {
  std::string chat_id;
  std::string token;  // the visitor's key; only its hash is kept
  // Not empty when routing did not queue the chat (it has ended): "closed", "no_agents",
  // "queue_full", "long_wait", ...
  std::string refused;
};

struct VisitorSession {
  std::uint64_t sink_id = 0;
  ChatView chat;                   // its messages: those after the `after` asked for
  std::optional<QueueInfo> queue;  // while waiting
};
struct AgentSession {
  std::uint64_t sink_id = 0;
  std::vector<ChatView> chats;  // every chat the agent holds now
};
struct Posted {
  Message message;
  bool duplicate = false;  // a resend: nobody else is told again
};

// Who writes: the visitor, or a professional (agent_id, with the actor the events record).
struct Writer {
  bool visitor = true;
  std::string agent_id;
  core::Actor actor;
  static Writer theVisitor() { return {}; }
  static Writer professional(std::string agent_id, core::Actor actor) {
    return {false, std::move(agent_id), std::move(actor)};
  }
};

class ChatService {
 public:
  ChatService(engine::Engine& engine, const Clock& clock, metrics::Registry& metrics,
              ChatSettings settings = {});
  ~ChatService();
  ChatService(const ChatService&) = delete;
  ChatService& operator=(const ChatService&) = delete;

  // Starts the chat thread and listens to routing. stop() leaves, joins and waits for the
  // engine to answer what this service asked of it (the engine must still run); idempotent.
  void start();
  void stop();

  void startChat(StartRequest request, Done<Started> done);

  // The visitor's socket: `token` must be the chat's. Registers `sink` for what follows.
  void connectVisitor(std::string chat_id, std::string token, std::int64_t after, Sink sink,
                      Done<VisitorSession> done);
  void disconnectVisitor(std::string chat_id, std::uint64_t sink_id);

  // A professional's desktop: the chats `agent_id` holds, and from now on updates of those and
  // of every chat they accept.
  void watchAgent(std::string agent_id, Sink sink, Done<AgentSession> done);
  void unwatchAgent(std::uint64_t sink_id);

  void view(std::string chat_id, Done<ChatView> done);
  // Calls `done` on the chat thread once this service has applied an accept of `chat_id` the
  // engine has already answered: the engine replies to a command before it hands the chat
  // thread the events (routing_listener.h), so a chat read right after an accept's reply
  // could otherwise still be waiting. At once for an unknown, ended or already held chat;
  // otherwise after the next routing batch, which is the accept's own or a later one.
  void afterAccept(std::string chat_id, std::function<void()> done);
  // `text` checked by the caller (chat_text.h).
  void send(std::string chat_id, Writer writer, std::string client_id, std::string text,
            Done<Posted> done);
  // A file already stored (attachments/intake.h), as a message without text. A resend with
  // a client_id already stored answers with the stored message (Posted::duplicate), so the
  // caller removes the copy it stored again.
  void sendFile(std::string chat_id, Writer writer, std::string client_id,
                core::ChatAttachment file, Done<Posted> done);
  // The chat, for its visitor: kNotFound "unknown chat" for an unknown id and a wrong token
  // alike.
  void visitorView(std::string chat_id, std::string token, Done<ChatView> done);
  void typing(std::string chat_id, Writer writer);
  void read(std::string chat_id, Writer writer, std::int64_t up_to, Done<bool> done);
  // by "visitor" (reason "left") or "professional" ("ended"); answers with the ended chat.
  void end(std::string chat_id, Writer writer, Done<ChatView> done);

  // Transfer and invite (docs/chat.md, "Transfer and invite"). Only the professional who holds
  // a live chat hands it on; kPermissionDenied for anyone else, kConflict when it has ended,
  // kAlreadyExists while a colleague is asked already, kFailedPrecondition while a colleague
  // writes in it (for a transfer; they leave first).
  //
  // Back to `line_id`'s queue: the holder lets go, the chat waits there keeping its place in
  // line, and the visitor is told and sees their new place.
  void transferToLine(std::string chat_id, Writer writer, std::string line_id, Done<HandOn> done);
  // Offers the chat to the colleague `agent_id` (`invite` false) or invites them into it
  // (`invite` true); their desktop is asked, and they answer within colleague_answer_within.
  void askColleague(std::string chat_id, Writer writer, std::string agent_id, bool invite,
                    Done<HandOn> done);
  // The colleague asked answers (only they: `writer` is theirs). Accepting an offered chat
  // makes it theirs; accepting an invitation makes them write in it with its holder. A refusal
  // (or a chat that cannot be handed over any more) leaves it with its holder, who is told.
  // kFailedPrecondition when nothing is asked of them. Answers with the chat.
  void answerColleague(std::string chat_id, Writer writer, bool accept, Done<HandOn> done);
  // A colleague invited into the chat leaves it. kFailedPrecondition when they are not in it.
  void leaveChat(std::string chat_id, Writer writer, Done<bool> done);

  // Identification (identity/citizen_identification.h). The professional who holds a live
  // chat asks its visitor to identify themselves; the visitor is told. kFailedPrecondition on
  // a line whose visitors are anonymous, kAlreadyExists once identified.
  void askIdentification(std::string chat_id, Writer writer, Done<bool> done);
  // The visitor has identified (`identified.identity_code_sealed` sealed for the chat's id):
  // recorded, then both sides are told the name. kConflict when the chat has ended,
  // kAlreadyExists when it is identified already.
  void identify(std::string chat_id, core::ChatIdentified identified, Done<bool> done);
  // An identified chat's sealed code, for the professional who holds it (kPermissionDenied for
  // anyone else, kFailedPrecondition when the visitor has not identified).
  void identityOf(std::string chat_id, Writer writer, Done<SealedIdentity> done);
  // The same for the visitor themselves, by their token (kNotFound for a wrong one), so whom
  // they may act for can be asked of the registers (identity/on_behalf.h).
  void ownIdentity(std::string chat_id, std::string token, Done<SealedIdentity> done);
  // The identified visitor acts for someone else (the caller asked the register): recorded,
  // then both sides are told. kNotFound for a wrong token, kConflict when the chat has ended,
  // kFailedPrecondition before identification, kAlreadyExists when they act for someone
  // already.
  void actOnBehalf(std::string chat_id, std::string token, core::ChatOnBehalf on_behalf,
                   Done<bool> done);

  // A chat started on the visitor's behalf away from their page (after identifying at the
  // provider for a line that requires it) waits here for the page to pick it up: a one-time
  // code (32 random bytes, base64url) for at most `pick_up_within`, so the token never travels
  // in an address.
  std::string holdForPickUp(Started started);
  // The chat the code holds, once; nullopt for an unknown, used or expired code.
  std::optional<Started> pickUp(const std::string& code);

  // Flood limits, from any thread: whether `address` may start a chat now, and whether the
  // visitor of `chat_id` at `address` may send something now. Each call that answers true
  // spends from the limits.
  bool admitStart(const std::string& address);
  // A contact-request form sent from `address`; counted with the chats it starts, so the
  // visitor's side as a whole has one limit per address.
  bool admitContactRequest(const std::string& address);
  bool admitVisitorMessage(const std::string& chat_id, const std::string& address);
  // A hello on the visitor's socket for `chat_id` from `address`: limited per chat on its own
  // and counted with the address's messages.
  bool admitVisitorConnect(const std::string& chat_id, const std::string& address);

  // When the earliest chat this service holds (live, or ended and still readable) started;
  // nullopt when it holds none; `done` runs on the chat thread. A chat's files are sent after it
  // started and are served only while it is held here, so a file stored before then belongs
  // to no chat anyone can read (attachments/file_retention.h).
  void readableSince(std::function<void(std::optional<Timestamp>)> done);

  // Runs what is due by the clock now (visitor-gone timers, forgetting ended chats, a queue
  // refresh held back to its interval). The service's own timer calls it; tests call it after
  // moving their clock, then wait for `done`.
  void runDueWork(std::function<void()> done = {});

 private:
  struct Conversation;
  using Chats = std::map<std::string, std::unique_ptr<Conversation>, std::less<>>;

  Conversation* find(std::string_view chat_id);
  void apply(Conversation& chat, const Input& input);
  void perform(Conversation& chat, const Action& action);
  void post(std::string chat_id, Writer writer, core::ChatMessage draft, Done<Posted> done);
  void recordEnd(Conversation& chat, std::string by, std::string reason);
  void onEnded(Conversation& chat, const std::string& by, const std::string& reason);
  void toVisitors(Conversation& chat, const ChatUpdate& update);
  void toProfessional(Conversation& chat, const ChatUpdate& update);
  void onRouting(std::vector<engine::RoutedEvent> batch);
  void refreshQueues();
  void schedule(Timestamp at);
  void armTimer();
  void count(ChatState state, std::int64_t delta);  // the live chats by state
  ChatView viewOf(const Conversation& chat, std::int64_t after = 0) const;
  std::string firstNameOf(const std::string& agent_id) const;
  std::string lineNameOf(const std::string& line_id, const std::string& language) const;
  void toAgent(const std::string& agent_id, const ChatUpdate& update);
  void onTransferred(Conversation& chat, const TellTransferred& told);
  void settleColleague(Conversation& chat, const std::string& reason, bool tell_holder);
  void expireColleagueQuestions(Timestamp now);

  engine::Engine& engine_;
  const Clock& clock_;
  const ChatSettings settings_;
  metrics::Gauge& waiting_gauge_;
  metrics::Gauge& active_gauge_;
  metrics::Gauge& visitor_sockets_gauge_;
  metrics::Gauge& desktop_sockets_gauge_;

  struct HeldStart {
    Started started;
    Timestamp until;
  };
  std::mutex held_mu_;
  std::map<std::string, HeldStart, std::less<>> held_;  // by pick-up code; guarded by held_mu_

  core::RateLimiter starts_;
  core::RateLimiter visitor_messages_;
  core::RateLimiter address_messages_;
  core::RateLimiter connects_;

  boost::asio::io_context context_{1};
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::thread thread_;
  engine::RoutingListenerPtr listener_;

  // Chat thread only.
  Chats chats_;
  struct Desk {
    std::string agent_id;
    Sink sink;
  };
  std::map<std::uint64_t, Desk> desks_;
  std::vector<std::function<void()>> accept_waiters_;  // afterAccept's, until the next batch
  std::uint64_t next_sink_ = 0;
  std::multiset<Timestamp> wakes_;
  boost::asio::steady_timer timer_{context_};
  bool refreshing_ = false;      // a queue refresh is with the engine
  bool refresh_wanted_ = false;  // a change not yet refreshed
  bool refresh_woken_ = false;   // a wake is set for it at the interval's end
  std::optional<Timestamp> last_refresh_;
  bool started_ = false;
  std::atomic<bool> stopped_{false};  // read on the chat thread: no timer is armed after it
};

}  // namespace luukku::chat
