// Engine: the single owner of Luukku's live state.
//
// Every change is a command executed in order on the engine's own thread. A command checks
// the current state, records events (which update the in-memory state at once, so the next
// command sees them) and hands them to the StoreWriter. Its reply, its events on the live feed
// and any new configuration snapshot are released only after the store has made those events
// durable, and always in command order. A command that records nothing still waits for the
// commands before it, so no reply ever reflects state that could be lost in a crash.
//
// Readers that need no command (GET requests) read an immutable RegionSnapshot, replaced as a
// whole after each durable configuration change, without touching the engine thread.
//
// Routing (core::routing::ContactCenter) lives here too: after every command the engine lets
// routing offer waiting work, in the same durable batch, and a timer runs what falls due
// (offer timeouts, wrap-ups, callback retries, escalations). At start the live routing state
// is restored from the store's documents and calls cut off by the restart become callbacks.
//
// If the store fails, the engine stops: in-flight and later commands get kUnavailable and the
// fatal handler is called, because memory is ahead of the store and the process must restart
// and rebuild from it.
//
// Thread-safety: execute(), subscribe(), listen(), region() and the accessors are thread-safe.
// start() and stop() are called once each, from the owning thread.
#pragma once

#include <atomic>
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <thread>

#include "core/actor.h"
#include "core/region_state.h"
#include "core/routing/contact_center.h"
#include "core/time.h"
#include "engine/chat_commands.h"
#include "engine/chat_transfer_commands.h"
#include "engine/clickbot_commands.h"
#include "engine/commands.h"
#include "engine/offer_cap.h"
#include "engine/routing_commands.h"
#include "engine/routing_listener.h"
#include "engine/subscription.h"
#include "metrics/metrics.h"
#include "store/event_store.h"

namespace luukku::engine {

class StoreWriter;

// An immutable view of the configuration as of a durable point in the log.
struct RegionSnapshot {
  core::RegionState state;
  std::int64_t as_of_seq = 0;
  std::string service_lines_json;  // the body of GET /api/v1/service-lines
  std::string agents_json;         // the body of GET /api/v1/agents
  std::map<std::string, ClickbotTreePtr, std::less<>> clickbot_trees;
};
using RegionSnapshotPtr = std::shared_ptr<const RegionSnapshot>;

struct EngineOptions {
  std::size_t max_batch_events = 10'000;     // per group commit
  std::size_t max_pending_events = 200'000;  // beyond this, commands are refused (kUnavailable)
  std::size_t subscriber_buffer = 10'000;    // events a subscriber may fall behind
};

struct SubscriptionStart {
  SubscriptionPtr subscription;
  std::int64_t head = 0;  // events after this sequence will arrive on the subscription
};

class Engine {
 public:
  // `store` must be migrated; the engine claims it as the single writer in start().
  Engine(store::EventStorePtr store, const Clock& clock, metrics::Registry& metrics,
         EngineOptions options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Loads live state from the store and starts the engine and writer threads.
  Status start();
  // Lets in-flight commands finish, then stops the threads. Idempotent.
  void stop();

  // Called once, from the engine thread, if the store fails.
  void setFatalHandler(std::function<void(const Status&)> handler);

  // Runs `command` on the engine thread; completes with Result<Command::Reply> on the
  // completion handler's associated executor, after the command's events are durable.
  template <typename Command, typename CompletionToken>
  auto execute(Command command, CompletionToken&& token) {
    using Signature = void(Result<typename Command::Reply>);
    return boost::asio::async_initiate<CompletionToken, Signature>(
        [this](auto handler, Command cmd) {
          boost::asio::post(context_, [this, h = std::move(handler), c = std::move(cmd)]() mutable {
            if constexpr (requires { c.actor; }) acting_ = c.actor;
            run(std::move(c), boost::asio::any_completion_handler<Signature>(std::move(h)));
            acting_ = core::Actor{};
          });
        },
        token, std::move(command));
  }

  // Registers a live-feed subscriber whose channel runs on `executor`.
  template <typename CompletionToken>
  auto subscribe(boost::asio::any_io_executor executor, CompletionToken&& token) {
    using Signature = void(SubscriptionStart);
    return boost::asio::async_initiate<CompletionToken, Signature>(
        [this](auto handler, boost::asio::any_io_executor ex) {
          boost::asio::post(context_, [this, h = std::move(handler), ex]() mutable {
            addSubscriber(ex, boost::asio::any_completion_handler<Signature>(std::move(h)));
          });
        },
        token, std::move(executor));
  }

  // Registers an in-process listener for the routing events `filter` passes, of every command
  // recorded after the registration, each command's as one batch after its reply (see
  // routing_listener.h). `started(head)`, when given, runs on `executor` before the first
  // batch, once everything up to `head` is durable: the listener gets exactly the events
  // after `head`. To start from an earlier sequence, see routing_feed.h.
  RoutingListenerPtr listen(boost::asio::any_io_executor executor, RoutingFilter filter,
                            RoutingHandler handler,
                            std::function<void(std::int64_t head)> started = {});

  RegionSnapshotPtr region() const { return region_snapshot_.load(); }
  // The clock the engine stamps events with (readers use it for "open now?").
  const Clock& clock() const { return clock_; }
  std::int64_t durableSeq() const { return durable_seq_.load(); }
  bool healthy() const { return !failed_.load(); }
  // A copy of the live routing state, taken on the engine thread, for tests that compare it
  // with a replay of the log.
  core::routing::ContactCenter routingStateForTest();
  std::size_t subscriberCount() const { return subscriber_count_.load(); }

 private:
  struct Pending;
  template <typename Reply>
  struct TypedPending;
  class Transaction;

  // One specialization per command, in engine.cc (configuration) and engine_routing.cc.
  template <typename Command>
  void run(Command command,
           boost::asio::any_completion_handler<void(Result<typename Command::Reply>)> handler);
  template <typename Reply, typename Decide>
  void runCommand(boost::asio::any_completion_handler<void(Result<Reply>)> handler, Decide decide);

  void addSubscriber(boost::asio::any_io_executor executor,
                     boost::asio::any_completion_handler<void(SubscriptionStart)> handler);
  void addListener(RoutingListenerPtr listener, std::function<void(std::int64_t)> started);
  // Whether a listener's filter passes `event` (so the command keeps a copy for delivery).
  bool wantsRouted(const core::routing::RoutingEvent& event) const;
  void deliver(const std::vector<RoutedEvent>& routed);
  Status loadState();
  Status loadClickbotTrees();
  Status loadRoutingState();
  Status recoverRouting();
  const core::routing::RoutingConfig& routingConfig();
  Timestamp now() const;
  // Offers waiting work and refreshes online agents' profiles after configuration changes.
  void routeWaitingWork(Transaction& tx);
  // Sets (`set`) or takes back the break `reason` telephony puts an agent on for their phone:
  // set only for an agent who chose to be available (`any_online`: or is online at all), taken
  // back (available, `back_reason`) only while it is still that break.
  Result<core::routing::AgentPresence> setPhoneBreak(Transaction& tx, const std::string& agent_id,
                                                     std::string_view reason,
                                                     std::string_view back_reason, bool set,
                                                     bool any_online);
  void scheduleDeadline();
  void submit(std::unique_ptr<Pending> pending);
  void onDurable(const Status& status);
  void release(Pending& pending);
  RegionSnapshotPtr makeRegionSnapshot(std::int64_t as_of_seq) const;
  void publish(const std::vector<FeedEventPtr>& feed);
  void fail(const Status& status);
  void finishStopIfDrained();

  store::EventStorePtr store_;
  const Clock& clock_;
  metrics::Registry& metrics_;
  const EngineOptions options_;
  metrics::Counter& commands_ok_;
  metrics::Counter& commands_failed_;
  metrics::Gauge& subscribers_gauge_;
  metrics::Counter& subscribers_cut_off_;

  boost::asio::io_context context_{1};
  std::unique_ptr<StoreWriter> writer_;
  std::thread thread_;
  std::function<void(const Status&)> on_fatal_;

  // Owned by the engine thread (or by start() before the thread exists).
  core::RegionState region_;
  core::routing::ContactCenter center_;
  std::optional<core::routing::RoutingConfig> routing_config_;  // rebuilt after config changes
  bool profiles_stale_ = false;  // agents' configuration changed since profiles were refreshed
  // Who gave the command being run: its events record this actor (see core/actor.h).
  core::Actor acting_;
  boost::asio::steady_timer deadline_timer_{context_};
  std::optional<Timestamp> timer_due_;
  OfferCap offer_cap_{metrics_};
  std::int64_t last_seq_ = 0;
  std::deque<std::unique_ptr<Pending>> in_flight_;
  std::vector<SubscriptionPtr> subscribers_;
  std::vector<RoutingListenerPtr> listeners_;
  // Calls started by StartCall and not yet ended: their stream's last number, and whether
  // their contact has arrived (until then ArriveContact accepts the engine-made id). Each has
  // a live "call" document, so a restart finds the calls it cut off.
  struct LiveCall {
    std::int64_t last_seq = 0;
    bool arrived = false;
  };
  std::map<std::string, LiveCall, std::less<>> calls_;
  // Chats started by StartChat and not yet ended: their stream's last number, how many
  // messages they have and each message by its client_id (a resend is answered with it).
  // Each has a live "chat" document, so a restart finds the chats it cut off.
  struct LiveChat {
    std::int64_t last_seq = 0;
    std::int64_t messages = 0;
    std::map<std::string, ChatPosted, std::less<>> by_client;
    bool identified = false;
    bool on_behalf = false;
  };
  std::map<std::string, LiveChat, std::less<>> chats_;
  // Clickbot trees by id, each replaced as a whole when it changes (snapshots share them).
  std::map<std::string, ClickbotTreePtr, std::less<>> clickbot_;
  // Chats this process recorded feedback for, until their feedback window closes: the store
  // shows the feedback to the next caller once it is durable, this before.
  std::map<std::string, Timestamp, std::less<>> chat_feedback_;
  // Contacts that ended (or were logged after they ended) in this process: how far their
  // stream goes, who held them last and their citizen's number, for LogContact. The store
  // knows the same once the events are durable, but a reader may have looked just before; so
  // each is kept until it has been durable for kSettledContactAge (engine_contact_log.cc).
  struct EndedContact {
    std::int64_t version = 0;
    std::string holder;
    std::string number;
    std::int64_t global_seq = 0;
    Timestamp at;
  };
  std::map<std::string, EndedContact, std::less<>> ended_contacts_;
  std::deque<std::pair<std::string, std::int64_t>> ended_order_;  // (id, global_seq), oldest first
  void rememberEndedContact(const core::routing::RoutingEvent& event, std::int64_t stream_seq,
                            std::int64_t global_seq);
  void forgetSettledContacts();

  std::atomic<std::shared_ptr<const RegionSnapshot>> region_snapshot_;
  std::atomic<std::int64_t> durable_seq_{0};
  std::atomic<bool> failed_{false};
  std::atomic<std::size_t> subscriber_count_{0};
  bool stopping_ = false;  // engine thread
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>>
      keep_running_;
  bool started_ = false;
  bool stopped_ = false;
};

// The commands the engine runs; each is defined in engine.cc or engine_routing.cc.
template <>
void Engine::run(DefineServiceLine,
                 boost::asio::any_completion_handler<void(Result<DefineServiceLine::Reply>)>);
template <>
void Engine::run(DefineAgent,
                 boost::asio::any_completion_handler<void(Result<DefineAgent::Reply>)>);
template <>
void Engine::run(ChangeRegionSettings,
                 boost::asio::any_completion_handler<void(Result<ChangeRegionSettings::Reply>)>);
template <>
void Engine::run(ImportRegion,
                 boost::asio::any_completion_handler<void(Result<ImportRegion::Reply>)>);
template <>
void Engine::run(SetPresence,
                 boost::asio::any_completion_handler<void(Result<SetPresence::Reply>)>);
template <>
void Engine::run(ArriveContact,
                 boost::asio::any_completion_handler<void(Result<ArriveContact::Reply>)>);
template <>
void Engine::run(AbandonContact,
                 boost::asio::any_completion_handler<void(Result<AbandonContact::Reply>)>);
template <>
void Engine::run(RequestCallback,
                 boost::asio::any_completion_handler<void(Result<RequestCallback::Reply>)>);
template <>
void Engine::run(CompleteContact,
                 boost::asio::any_completion_handler<void(Result<CompleteContact::Reply>)>);
template <>
void Engine::run(TransferToQueue,
                 boost::asio::any_completion_handler<void(Result<TransferToQueue::Reply>)>);
template <>
void Engine::run(TransferChatToLine,
                 boost::asio::any_completion_handler<void(Result<TransferChatToLine::Reply>)>);
template <>
void Engine::run(OfferChatToColleague,
                 boost::asio::any_completion_handler<void(Result<OfferChatToColleague::Reply>)>);
template <>
void Engine::run(HandChatOver,
                 boost::asio::any_completion_handler<void(Result<HandChatOver::Reply>)>);
template <>
void Engine::run(NoteChatColleague,
                 boost::asio::any_completion_handler<void(Result<NoteChatColleague::Reply>)>);
template <>
void Engine::run(LogContact, boost::asio::any_completion_handler<void(Result<LogContact::Reply>)>);
template <>
void Engine::run(AcceptOffer,
                 boost::asio::any_completion_handler<void(Result<AcceptOffer::Reply>)>);
template <>
void Engine::run(DeclineOffer,
                 boost::asio::any_completion_handler<void(Result<DeclineOffer::Reply>)>);
template <>
void Engine::run(CreateTask, boost::asio::any_completion_handler<void(Result<CreateTask::Reply>)>);
template <>
void Engine::run(ClaimTask, boost::asio::any_completion_handler<void(Result<ClaimTask::Reply>)>);
template <>
void Engine::run(ReleaseTask,
                 boost::asio::any_completion_handler<void(Result<ReleaseTask::Reply>)>);
template <>
void Engine::run(RecordAttempt,
                 boost::asio::any_completion_handler<void(Result<RecordAttempt::Reply>)>);
template <>
void Engine::run(CompleteTask,
                 boost::asio::any_completion_handler<void(Result<CompleteTask::Reply>)>);
template <>
void Engine::run(RescheduleTask,
                 boost::asio::any_completion_handler<void(Result<RescheduleTask::Reply>)>);
template <>
void Engine::run(RunDueWork, boost::asio::any_completion_handler<void(Result<RunDueWork::Reply>)>);
template <>
void Engine::run(SetPhoneReachable,
                 boost::asio::any_completion_handler<void(Result<SetPhoneReachable::Reply>)>);
template <>
void Engine::run(SetPhoneEngaged,
                 boost::asio::any_completion_handler<void(Result<SetPhoneEngaged::Reply>)>);
template <>
void Engine::run(StartCall, boost::asio::any_completion_handler<void(Result<StartCall::Reply>)>);
template <>
void Engine::run(DialOut, boost::asio::any_completion_handler<void(Result<DialOut::Reply>)>);
template <>
void Engine::run(RecordCallEvent,
                 boost::asio::any_completion_handler<void(Result<RecordCallEvent::Reply>)>);
template <>
void Engine::run(StartChat, boost::asio::any_completion_handler<void(Result<StartChat::Reply>)>);
template <>
void Engine::run(PostChatMessage,
                 boost::asio::any_completion_handler<void(Result<PostChatMessage::Reply>)>);
template <>
void Engine::run(MarkChatRead,
                 boost::asio::any_completion_handler<void(Result<MarkChatRead::Reply>)>);
template <>
void Engine::run(EndChat, boost::asio::any_completion_handler<void(Result<EndChat::Reply>)>);
template <>
void Engine::run(AskChatIdentification,
                 boost::asio::any_completion_handler<void(Result<AskChatIdentification::Reply>)>);
template <>
void Engine::run(IdentifyChat,
                 boost::asio::any_completion_handler<void(Result<IdentifyChat::Reply>)>);
template <>
void Engine::run(ActOnBehalfInChat,
                 boost::asio::any_completion_handler<void(Result<ActOnBehalfInChat::Reply>)>);
template <>
void Engine::run(SaveClickbotDraft,
                 boost::asio::any_completion_handler<void(Result<SaveClickbotDraft::Reply>)>);
template <>
void Engine::run(PublishClickbot,
                 boost::asio::any_completion_handler<void(Result<PublishClickbot::Reply>)>);
template <>
void Engine::run(GiveChatFeedback,
                 boost::asio::any_completion_handler<void(Result<GiveChatFeedback::Reply>)>);
template <>
void Engine::run(RecoverAfterRestart,
                 boost::asio::any_completion_handler<void(Result<RecoverAfterRestart::Reply>)>);
template <>
void Engine::run(QueueQuery, boost::asio::any_completion_handler<void(Result<QueueQuery::Reply>)>);
template <>
void Engine::run(PresenceQuery,
                 boost::asio::any_completion_handler<void(Result<PresenceQuery::Reply>)>);
template <>
void Engine::run(TaskQuery, boost::asio::any_completion_handler<void(Result<TaskQuery::Reply>)>);
template <>
void Engine::run(TaskListQuery,
                 boost::asio::any_completion_handler<void(Result<TaskListQuery::Reply>)>);
template <>
void Engine::run(AgentWorkQuery,
                 boost::asio::any_completion_handler<void(Result<AgentWorkQuery::Reply>)>);

}  // namespace luukku::engine
