// Engine internals shared by engine.cc and engine_routing.cc: the record of a command waiting
// for durability, and the Transaction that numbers, applies and batches a command's events.
// Not for use outside the engine.
#pragma once

#include <boost/asio/any_completion_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "engine/engine.h"
#include "engine/store_writer.h"
#include "store/event_store.h"

namespace luukku::engine {

// Completes `handler` with `args` on its associated executor (or `fallback`). The engine
// thread never runs a caller's handler itself: dispatch queues it on the caller's executor.
template <typename Signature, typename... Args>
void complete(boost::asio::any_completion_handler<Signature> handler,
              boost::asio::any_io_executor fallback, Args... args) {
  auto ex = boost::asio::get_associated_executor(handler, fallback);
  boost::asio::dispatch(ex, [h = std::move(handler), ... a = std::move(args)]() mutable {
    std::move(h)(std::move(a)...);
  });
}

// A command waiting for durability (or, without events, for the commands before it).
struct Engine::Pending {
  virtual ~Pending() = default;
  // Delivers the command's result, or `failure` instead when that is not OK.
  virtual void complete(const Status& failure) = 0;

  bool has_batch = false;
  std::int64_t last_seq = 0;
  std::vector<FeedEventPtr> feed;
  std::vector<RoutedEvent> routed;  // the events some listener's filter passed
  // Run after the release: listeners registered while this command waited learn where they
  // start (Engine::listen's `started`).
  std::vector<std::function<void()>> after_release;
  RegionSnapshotPtr snapshot;  // set when the command changed the configuration
};

template <typename Reply>
struct Engine::TypedPending final : Engine::Pending {
  TypedPending(boost::asio::any_completion_handler<void(Result<Reply>)> h,
               boost::asio::any_io_executor fb)
      : handler(std::move(h)),
        fallback(std::move(fb)),
        // Keeps the caller's executor from running out of work while the command waits.
        work(boost::asio::prefer(boost::asio::get_associated_executor(handler, fallback),
                                 boost::asio::execution::outstanding_work.tracked)) {}

  void complete(const Status& failure) override {
    Result<Reply> r = failure.isOk() ? std::move(*result) : Result<Reply>(failure);
    luukku::engine::complete(std::move(handler), fallback, std::move(r));
  }

  boost::asio::any_completion_handler<void(Result<Reply>)> handler;
  boost::asio::any_io_executor fallback;
  boost::asio::any_completion_executor work;
  std::optional<Result<Reply>> result;
};

// Records a command's events: each is numbered, applied to the live state at once and
// collected, with its projection documents and feed form, into the command's batch.
class Engine::Transaction {
 public:
  Transaction(Engine& engine, Pending& pending) : engine_(engine), pending_(pending) {}

  void record(core::RegionEvent event);
  void record(core::routing::RoutingEvent event);
  void recordAll(core::routing::Events events) {
    for (auto& e : events) record(std::move(e));
  }
  // An event of a live call (one in Engine::calls_, which the caller checks), numbered after
  // the call's last; CallEnded ends the call. Returns its global sequence.
  std::int64_t record(const std::string& contact_id, const core::CallEvent& event);
  // An event of a live chat (one in Engine::chats_, which the caller checks), numbered after
  // the chat's last; ChatEnded ends the chat. Returns its global sequence.
  std::int64_t record(const std::string& chat_id, const core::ChatEvent& event);
  // An event of a chat that has ended (its feedback), numbered after `stream_version`.
  std::int64_t recordAfterEnd(const std::string& chat_id, std::int64_t stream_version,
                              const core::ChatEvent& event);
  // A contact's log entry, numbered after `stream_version` (how far the contact's stream goes),
  // with its "contact_log" document; a live contact's stream goes on from it.
  core::ContactLogEntry record(const core::ContactLogged& event, std::int64_t stream_version);
  // An event of clickbot tree `tree`'s stream, which `tree` already counts (its
  // stream_version); the tree becomes the engine's and the next snapshot's.
  void record(ClickbotTreePtr tree, std::string_view type, boost::json::value payload,
              std::string document_body);
  bool hasEvents() const { return !batch_.events.empty(); }
  // The actor recorded with the events that follow (none: the system decided them). Returns
  // the previous one, so the routing a command triggers can be recorded as the system's.
  const core::Actor* actAs(const core::Actor* actor) { return std::exchange(actor_, actor); }

  // Hands the batch to the writer; the command is then released by onDurable().
  void finish();

 private:
  store::StoredEvent next(std::string stream, std::int64_t stream_seq, std::string_view type);
  void add(store::StoredEvent stored, std::vector<store::Document> documents);
  // An event of a live call or chat, numbered after `last_seq` (which it advances), with the
  // `kind` document that says the call or chat is live (at its first event) or has ended.
  std::int64_t recordLive(std::int64_t& last_seq, std::string stream, std::string_view type,
                          boost::json::value payload, std::string_view kind, const std::string& id,
                          bool ends);

  Engine& engine_;
  Pending& pending_;
  const core::Actor* actor_ = nullptr;
  store::AppendBatch batch_;
  bool region_changed_ = false;
};

// Runs one command: `decide(tx)` checks and records events; waiting work is then offered in
// the same batch, and the reply waits for durability (see Pending).
template <typename Reply, typename Decide>
void Engine::runCommand(boost::asio::any_completion_handler<void(Result<Reply>)> handler,
                        Decide decide) {
  auto pending = std::make_unique<TypedPending<Reply>>(std::move(handler), context_.get_executor());
  if (failed_) {
    pending->result.emplace(unavailable("the event store failed; the server is restarting"));
  } else if (stopping_) {
    pending->result.emplace(unavailable("the server is shutting down"));
  } else if (writer_->pendingEvents() > options_.max_pending_events) {
    pending->result.emplace(unavailable("the event store is not keeping up; try again shortly"));
  } else {
    Transaction tx(*this, *pending);
    tx.actAs(&acting_);
    pending->result.emplace(decide(tx));
    tx.actAs(nullptr);
    if (tx.hasEvents()) routeWaitingWork(tx);
    tx.finish();
    scheduleDeadline();
  }
  (pending->result->isOk() ? commands_ok_ : commands_failed_).add();
  submit(std::move(pending));
}

// Ids from the log's own sequence: a decision's k-th new id is the base-36 form of
// (last recorded sequence + k). Every new contact or task is created by an event of the same
// decision, so an id never runs ahead of the log and a restart never hands one out twice.
class LogIds final : public core::routing::IdSource {
 public:
  explicit LogIds(std::int64_t last_seq) : next_(last_seq + 1) {}
  std::string newId(core::routing::ItemKind kind) override {
    static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    std::string digits(8, '0');
    std::uint64_t n = static_cast<std::uint64_t>(next_++);
    for (int i = 7; i >= 0 && n > 0; --i, n /= 36)
      digits[static_cast<std::size_t>(i)] = kDigits[n % 36];
    return std::string(kind == core::routing::ItemKind::kContact ? "c-" : "t-") + digits;
  }
  // Ids of the engine's own form, which no caller may choose: it would collide with one the
  // engine mints later.
  static bool isReserved(std::string_view id) {
    return id.starts_with("c-") || id.starts_with("t-");
  }

 private:
  std::int64_t next_;
};

// What became of an arriving contact `id`, after routing offered waiting work.
Result<ArrivalOutcome> arrivalOutcome(const core::routing::ContactCenter& center,
                                      const core::routing::RoutingConfig& config,
                                      const std::string& id, const core::routing::Events& events);

// The documents a routing event leaves behind: the aggregate of its stream as it now is (or
// its final record when the event ended it), and a line's statistics after completed work.
std::vector<store::Document> routingDocumentsAfter(const core::routing::RoutingEvent& event,
                                                   const core::routing::ContactCenter& center);

}  // namespace luukku::engine
