#include "engine/engine.h"

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/json.hpp>

#include "codec/actor_json.h"
#include "codec/call_events_json.h"
#include "codec/chat_events_json.h"
#include "codec/json_reader.h"
#include "codec/region_json.h"
#include "codec/routing_json.h"
#include "core/must_stop.h"
#include "engine/engine_internal.h"
#include "engine/event_json.h"
#include "engine/store_writer.h"

namespace luukku::engine {
namespace asio = boost::asio;
namespace json = boost::json;
using core::RegionEvent;

namespace {

std::string renderList(const auto& items) {
  json::array a;
  a.reserve(items.size());
  for (const auto& [id, item] : items) a.push_back(codec::encode(item));
  return json::serialize(json::object{{"items", std::move(a)}});
}

// The projection document an applied event leaves behind.
store::Document documentAfter(const RegionEvent& event, const core::RegionState& region) {
  struct Visitor {
    const core::RegionState& region;
    store::Document operator()(const core::RegionSettingsChanged&) const {
      const auto& s = region.settings();
      return {"region", "region", s.version, true,
              json::serialize(codec::encode(s, codec::WithVersion::kNo))};
    }
    store::Document line(const std::string& id) const {
      const auto& l = *region.findLine(id);
      return {"service_line", id, l.version, true,
              json::serialize(codec::encode(l, codec::WithVersion::kNo))};
    }
    store::Document agent(const std::string& id) const {
      const auto& a = *region.findAgent(id);
      return {"agent", id, a.version, true,
              json::serialize(codec::encode(a, codec::WithVersion::kNo))};
    }
    store::Document operator()(const core::ServiceLineCreated& e) const { return line(e.line.id); }
    store::Document operator()(const core::ServiceLineChanged& e) const { return line(e.line.id); }
    store::Document operator()(const core::AgentCreated& e) const { return agent(e.agent.id); }
    store::Document operator()(const core::AgentChanged& e) const { return agent(e.agent.id); }
  };
  return std::visit(Visitor{region}, event);
}

}  // namespace

store::StoredEvent Engine::Transaction::next(std::string stream, std::int64_t stream_seq,
                                             std::string_view type) {
  store::StoredEvent stored;
  stored.stream_id = std::move(stream);
  stored.stream_seq = stream_seq;
  stored.global_seq = ++engine_.last_seq_;
  stored.recorded_at = engine_.now();
  stored.type = std::string(type);
  return stored;
}

void Engine::Transaction::add(store::StoredEvent stored, std::vector<store::Document> documents) {
  for (auto& d : documents) batch_.documents.push_back(std::move(d));
  pending_.feed.push_back(makeFeedEvent(stored));
  batch_.events.push_back(std::move(stored));
}

void Engine::Transaction::record(RegionEvent event) {
  store::StoredEvent stored =
      next(core::streamOf(event), engine_.region_.streamVersion(event) + 1, core::eventType(event));
  json::value payload = codec::encodePayload(event);
  if (actor_) codec::putActor(payload, *actor_);
  stored.payload = json::serialize(payload);
  engine_.region_.apply(event, stored.stream_seq);
  engine_.routing_config_.reset();
  if (std::holds_alternative<core::AgentChanged>(event) ||
      std::holds_alternative<core::AgentCreated>(event)) {
    engine_.profiles_stale_ = true;
  }
  region_changed_ = true;
  add(std::move(stored), {documentAfter(event, engine_.region_)});
}

void Engine::Transaction::record(core::routing::RoutingEvent event) {
  store::StoredEvent stored =
      next(core::routing::streamOf(event), engine_.center_.streamVersion(event) + 1,
           core::routing::eventType(event));
  json::value payload = codec::encodePayload(event);
  if (actor_) codec::putActor(payload, *actor_);
  stored.payload = json::serialize(payload);
  if (engine_.wantsRouted(event)) pending_.routed.push_back({stored.global_seq, event});
  engine_.center_.apply(event, stored.stream_seq);
  engine_.rememberEndedContact(event, stored.stream_seq, stored.global_seq);
  add(std::move(stored), routingDocumentsAfter(event, engine_.center_));
}

std::int64_t Engine::Transaction::recordLive(std::int64_t& last_seq, std::string stream,
                                             std::string_view type, json::value payload,
                                             std::string_view kind, const std::string& id,
                                             bool ends) {
  store::StoredEvent stored = next(std::move(stream), last_seq + 1, type);
  if (actor_) codec::putActor(payload, *actor_);
  stored.payload = json::serialize(payload);
  last_seq = stored.stream_seq;
  // The document says only that the call or chat is live, so a restart can end the ones it
  // cut off; written when it starts and when it ends, not at every event in between (the
  // restart reads how far each live stream goes from the log).
  std::vector<store::Document> documents;
  if (ends || stored.stream_seq == 1)
    documents.push_back({std::string(kind), id, stored.stream_seq, !ends, "{}"});
  std::int64_t seq = stored.global_seq;
  add(std::move(stored), std::move(documents));
  return seq;
}

std::int64_t Engine::Transaction::record(const std::string& contact_id,
                                         const core::CallEvent& event) {
  auto call = engine_.calls_.find(contact_id);
  bool ended = std::holds_alternative<core::CallEnded>(event);
  std::int64_t seq =
      recordLive(call->second.last_seq, core::callStream(contact_id), core::callEventType(event),
                 codec::encodePayload(event), "call", contact_id, ended);
  if (ended) engine_.calls_.erase(call);
  return seq;
}

std::int64_t Engine::Transaction::record(const std::string& chat_id, const core::ChatEvent& event) {
  auto chat = engine_.chats_.find(chat_id);
  bool ended = std::holds_alternative<core::ChatEnded>(event);
  std::int64_t seq =
      recordLive(chat->second.last_seq, core::chatStream(chat_id), core::chatEventType(event),
                 codec::encodePayload(event), "chat", chat_id, ended);
  if (ended) engine_.chats_.erase(chat);
  return seq;
}

std::int64_t Engine::Transaction::recordAfterEnd(const std::string& chat_id,
                                                 std::int64_t stream_version,
                                                 const core::ChatEvent& event) {
  store::StoredEvent stored =
      next(core::chatStream(chat_id), stream_version + 1, core::chatEventType(event));
  json::value payload = codec::encodePayload(event);
  if (actor_) codec::putActor(payload, *actor_);
  stored.payload = json::serialize(payload);
  std::int64_t seq = stored.global_seq;
  add(std::move(stored), {});
  return seq;
}

void Engine::Transaction::finish() {
  if (batch_.events.empty()) return;
  pending_.has_batch = true;
  pending_.last_seq = batch_.events.back().global_seq;
  if (region_changed_) pending_.snapshot = engine_.makeRegionSnapshot(pending_.last_seq);
  engine_.writer_->submit(std::move(batch_), [&engine = engine_](const Status& status) {
    asio::post(engine.context_, [&engine, status] { engine.onDurable(status); });
  });
}

Engine::Engine(store::EventStorePtr store, const Clock& clock, metrics::Registry& metrics,
               EngineOptions options)
    : store_(std::move(store)),
      clock_(clock),
      metrics_(metrics),
      options_(options),
      commands_ok_(metrics.counter("luukku_engine_commands_total", "Commands executed",
                                   {{"outcome", "ok"}})),
      commands_failed_(metrics.counter("luukku_engine_commands_total", "Commands executed",
                                       {{"outcome", "error"}})),
      subscribers_gauge_(metrics.gauge("luukku_event_subscribers", "Live event-feed subscribers")),
      subscribers_cut_off_(metrics.counter("luukku_event_subscribers_cut_off_total",
                                           "Subscribers cut off for falling behind")) {}

Engine::~Engine() {
  core::mustStop("the engine", [this] { stop(); });
}

void Engine::setFatalHandler(std::function<void(const Status&)> handler) {
  on_fatal_ = std::move(handler);
}

Status Engine::start() {
  if (started_) return internalError("the engine was already started");
  RETURN_IF_ERROR(store_->checkSchema());
  RETURN_IF_ERROR(store_->claimWriter());
  RETURN_IF_ERROR(loadState());
  RETURN_IF_ERROR(loadRoutingState());
  writer_ = std::make_unique<StoreWriter>(*store_, options_.max_batch_events, clock_, metrics_);
  keep_running_.emplace(context_.get_executor());
  thread_ = std::thread([this] { context_.run(); });
  started_ = true;
  // Calls cut off by the restart become callbacks before anything else happens.
  Status recovered = recoverRouting();
  if (!recovered) {
    stop();
    return recovered;
  }
  return Status::ok();
}

void Engine::stop() {
  if (!started_ || stopped_) return;
  stopped_ = true;
  asio::post(context_, [this] {
    stopping_ = true;
    deadline_timer_.cancel();
    for (auto& s : subscribers_) s->cutOff(CutOff::kShutdown);
    subscribers_.clear();
    listeners_.clear();
    subscriber_count_ = 0;
    subscribers_gauge_.set(0);
    finishStopIfDrained();
  });
  thread_.join();
  writer_.reset();  // writes anything still queued
}

void Engine::finishStopIfDrained() {
  if (stopping_ && in_flight_.empty()) keep_running_.reset();
}

Status Engine::loadState() {
  ASSIGN_OR_RETURN(last_seq_, store_->lastGlobalSeq());
  auto load = [&](std::string_view kind, auto decode, auto toEvent) -> Status {
    ASSIGN_OR_RETURN(auto docs, store_->loadDocuments(kind, false));
    for (const auto& doc : docs) {
      auto parsed = codec::parseJson(doc.body, 64);
      if (!parsed) {
        return internalError("stored " + std::string(kind) + " '" + doc.id +
                             "' is unreadable: " + parsed.status().message());
      }
      auto decoded = decode(*parsed, std::string(kind));
      if (!decoded) {
        return internalError("stored " + std::string(kind) + " '" + doc.id +
                             "' is unreadable: " + decoded.status().message());
      }
      region_.apply(toEvent(std::move(decoded).value()), doc.version);
    }
    return Status::ok();
  };
  RETURN_IF_ERROR(load("region", codec::decodeRegionSettings, [](core::RegionSettings s) {
    return RegionEvent(core::RegionSettingsChanged{std::move(s)});
  }));
  RETURN_IF_ERROR(load("service_line", codec::decodeServiceLine, [](core::ServiceLine l) {
    return RegionEvent(core::ServiceLineChanged{std::move(l)});
  }));
  RETURN_IF_ERROR(load("agent", codec::decodeAgent, [](core::Agent a) {
    return RegionEvent(core::AgentChanged{std::move(a)});
  }));
  RETURN_IF_ERROR(loadClickbotTrees());
  durable_seq_ = last_seq_;
  region_snapshot_.store(makeRegionSnapshot(last_seq_));
  return Status::ok();
}

RegionSnapshotPtr Engine::makeRegionSnapshot(std::int64_t as_of_seq) const {
  auto snapshot = std::make_shared<RegionSnapshot>();
  snapshot->state = region_;
  snapshot->as_of_seq = as_of_seq;
  snapshot->service_lines_json = renderList(region_.lines());
  snapshot->agents_json = renderList(region_.agents());
  snapshot->clickbot_trees = clickbot_;
  return snapshot;
}

template <>
void Engine::run(DefineServiceLine c,
                 asio::any_completion_handler<void(Result<core::ServiceLine>)> h) {
  runCommand<core::ServiceLine>(std::move(h), [&](Transaction& tx) -> Result<core::ServiceLine> {
    std::string id = c.line.id;
    ASSIGN_OR_RETURN(auto event,
                     region_.defineServiceLine(std::move(c.line), c.mode, c.expected_version));
    if (event) tx.record(std::move(*event));
    return *region_.findLine(id);
  });
}

template <>
void Engine::run(DefineAgent c, asio::any_completion_handler<void(Result<core::Agent>)> h) {
  runCommand<core::Agent>(std::move(h), [&](Transaction& tx) -> Result<core::Agent> {
    std::string id = c.agent.id;
    ASSIGN_OR_RETURN(auto event,
                     region_.defineAgent(std::move(c.agent), c.mode, c.expected_version));
    if (event) tx.record(std::move(*event));
    return *region_.findAgent(id);
  });
}

template <>
void Engine::run(ChangeRegionSettings c,
                 asio::any_completion_handler<void(Result<core::RegionSettings>)> h) {
  runCommand<core::RegionSettings>(
      std::move(h), [&](Transaction& tx) -> Result<core::RegionSettings> {
        ASSIGN_OR_RETURN(auto event,
                         region_.changeSettings(std::move(c.settings), c.expected_version));
        if (event) tx.record(std::move(*event));
        return region_.settings();
      });
}

template <>
void Engine::run(ImportRegion c,
                 asio::any_completion_handler<void(Result<ImportRegion::Summary>)> h) {
  runCommand<ImportRegion::Summary>(
      std::move(h), [&](Transaction& tx) -> Result<ImportRegion::Summary> {
        // Decide everything against a scratch copy first, so a bad entry late in the file
        // leaves the region untouched.
        std::vector<RegionEvent> events;
        core::RegionState scratch = region_;
        ImportRegion::Summary summary;
        auto take = [&](Result<std::optional<RegionEvent>> decided,
                        const std::string& what) -> Status {
          if (!decided) {
            return {decided.status().code(), what + ": " + decided.status().message()};
          }
          if (!*decided) {
            ++summary.unchanged;
            return Status::ok();
          }
          RegionEvent& e = **decided;
          bool created = std::holds_alternative<core::ServiceLineCreated>(e) ||
                         std::holds_alternative<core::AgentCreated>(e);
          ++(created ? summary.created : summary.changed);
          scratch.apply(e, scratch.streamVersion(e) + 1);
          events.push_back(std::move(e));
          return Status::ok();
        };
        if (c.settings) {
          RETURN_IF_ERROR(take(scratch.changeSettings(*c.settings, std::nullopt), "region"));
        }
        for (auto& line : c.lines) {
          std::string what = "service line '" + line.id + "'";
          RETURN_IF_ERROR(take(
              scratch.defineServiceLine(std::move(line), core::WriteMode::kUpsert, std::nullopt),
              what));
        }
        for (auto& agent : c.agents) {
          std::string what = "agent '" + agent.id + "'";
          RETURN_IF_ERROR(take(
              scratch.defineAgent(std::move(agent), core::WriteMode::kUpsert, std::nullopt), what));
        }
        for (auto& e : events) tx.record(std::move(e));
        return summary;
      });
}

void Engine::submit(std::unique_ptr<Pending> pending) {
  if (!pending->has_batch && in_flight_.empty()) {
    pending->complete(Status::ok());
    return;
  }
  in_flight_.push_back(std::move(pending));
}

void Engine::onDurable(const Status& status) {
  if (failed_) return;  // everything was already failed
  if (!status.isOk()) {
    fail(status);
    return;
  }
  // The writer completes batches in submission order: the first batch in flight is done.
  bool released_batch = false;
  while (!in_flight_.empty() && (!released_batch || !in_flight_.front()->has_batch)) {
    std::unique_ptr<Pending> p = std::move(in_flight_.front());
    in_flight_.pop_front();
    released_batch = released_batch || p->has_batch;
    release(*p);
  }
  finishStopIfDrained();
}

void Engine::release(Pending& p) {
  if (p.has_batch) durable_seq_.store(p.last_seq);
  if (p.snapshot) region_snapshot_.store(std::move(p.snapshot));
  publish(p.feed);
  // The reply first, then the events it led to (routing_listener.h): both are queued on the
  // caller's executor in this order.
  p.complete(Status::ok());
  deliver(p.routed);
  for (auto& tell : p.after_release) tell();
}

bool Engine::wantsRouted(const core::routing::RoutingEvent& event) const {
  return std::any_of(listeners_.begin(), listeners_.end(), [&](const RoutingListenerPtr& l) {
    return !l->hasLeft() && l->filter_(event);
  });
}

void Engine::deliver(const std::vector<RoutedEvent>& routed) {
  std::erase_if(listeners_, [](const RoutingListenerPtr& l) { return l->hasLeft(); });
  if (routed.empty()) return;
  for (const RoutingListenerPtr& l : listeners_) {
    std::vector<RoutedEvent> batch;
    for (const RoutedEvent& e : routed) {
      if (e.seq > l->after_seq_ && l->filter_(e.event)) batch.push_back(e);
    }
    if (batch.empty()) continue;
    asio::post(l->executor_, [l, batch = std::move(batch)]() mutable {
      if (!l->hasLeft()) l->handler_(std::move(batch));
    });
  }
}

RoutingListenerPtr Engine::listen(asio::any_io_executor executor, RoutingFilter filter,
                                  RoutingHandler handler,
                                  std::function<void(std::int64_t head)> started) {
  auto listener =
      std::make_shared<RoutingListener>(std::move(executor), std::move(filter), std::move(handler));
  asio::post(context_, [this, listener, started = std::move(started)]() mutable {
    addListener(std::move(listener), std::move(started));
  });
  return listener;
}

void Engine::addListener(RoutingListenerPtr listener, std::function<void(std::int64_t)> started) {
  if (stopping_ || failed_) return;
  std::erase_if(listeners_, [](const RoutingListenerPtr& l) { return l->hasLeft(); });
  // Every event recorded from now on passes its filter; those recorded before are the
  // history, durable once the commands in flight are released.
  listener->after_seq_ = last_seq_;
  listeners_.push_back(listener);
  if (!started) return;
  auto tell = [listener, started = std::move(started), head = last_seq_] {
    asio::post(listener->executor_, [listener, started, head] {
      if (!listener->hasLeft()) started(head);
    });
  };
  if (in_flight_.empty()) {
    tell();
  } else {
    in_flight_.back()->after_release.emplace_back(std::move(tell));
  }
}

void Engine::publish(const std::vector<FeedEventPtr>& feed) {
  if (feed.empty() || subscribers_.empty()) return;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < subscribers_.size(); ++i) {
    SubscriptionPtr& s = subscribers_[i];
    bool keep = !s->hasLeft();
    for (std::size_t j = 0; keep && j < feed.size(); ++j) {
      if (!s->offer(feed[j])) {
        s->cutOff(CutOff::kTooSlow);
        subscribers_cut_off_.add();
        keep = false;
      }
    }
    if (keep) subscribers_[kept++] = std::move(s);
  }
  subscribers_.resize(kept);
  subscriber_count_ = subscribers_.size();
  subscribers_gauge_.set(static_cast<std::int64_t>(kept));
}

void Engine::addSubscriber(asio::any_io_executor executor,
                           asio::any_completion_handler<void(SubscriptionStart)> handler) {
  auto subscription = std::make_shared<Subscription>(executor, options_.subscriber_buffer);
  if (stopping_ || failed_) {
    subscription->cutOff(failed_ ? CutOff::kFailure : CutOff::kShutdown);
  } else {
    // Forget subscribers that left while no events were flowing.
    std::erase_if(subscribers_, [](const SubscriptionPtr& s) { return s->hasLeft(); });
    subscribers_.push_back(subscription);
    subscriber_count_ = subscribers_.size();
    subscribers_gauge_.set(static_cast<std::int64_t>(subscribers_.size()));
  }
  complete(std::move(handler), executor, SubscriptionStart{subscription, durable_seq_.load()});
}

void Engine::fail(const Status& status) {
  failed_ = true;
  Status reply = unavailable("the event store failed; the server is restarting");
  while (!in_flight_.empty()) {
    std::unique_ptr<Pending> p = std::move(in_flight_.front());
    in_flight_.pop_front();
    p->complete(reply);
  }
  for (auto& s : subscribers_) s->cutOff(CutOff::kFailure);
  subscribers_.clear();
  listeners_.clear();
  subscriber_count_ = 0;
  if (on_fatal_) on_fatal_(status);
  finishStopIfDrained();
}

}  // namespace luukku::engine
