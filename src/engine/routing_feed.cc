#include "engine/routing_feed.h"

#include <boost/asio/bind_executor.hpp>
#include <boost/json.hpp>
#include <memory>
#include <vector>

#include "codec/json_reader.h"
#include "codec/routing_json.h"

namespace luukku::engine {
namespace asio = boost::asio;

namespace {

constexpr std::size_t kPage = 1000;

// The state of one catch-up, on the listener's executor.
struct CatchUp : std::enable_shared_from_this<CatchUp> {
  CatchUp(StoreReader& r, asio::any_io_executor ex, RoutingFilter f, RoutingHandler h,
          std::function<void(Status)> fail)
      : reader(r),
        executor(std::move(ex)),
        filter(std::move(f)),
        handler(std::move(h)),
        failed(std::move(fail)) {}

  bool left() const {
    auto l = listener.lock();
    return !l || l->hasLeft();
  }

  void onLive(std::vector<RoutedEvent> batch) {
    if (live) {
      handler(std::move(batch));
    } else {
      held.push_back(std::move(batch));
    }
  }

  // Reads the history after `after` up to `head`, page by page.
  void read(std::int64_t after) {
    if (after >= head) return goLive();
    reader.readAll(after, kPage,
                   asio::bind_executor(executor, [self = shared_from_this()](auto events) {
                     self->onPage(std::move(events));
                   }));
  }

  void onPage(Result<std::vector<store::StoredEvent>> page) {
    if (left()) return;
    if (!page) return fail(page.status());
    std::vector<RoutedEvent> batch;
    std::int64_t last = head;  // an empty page: nothing more before the head
    for (const store::StoredEvent& e : *page) {
      last = e.global_seq;
      if (e.global_seq > head) break;
      if (!codec::isRoutingEventType(e.type)) continue;
      auto payload = codec::parseJson(e.payload, 64);
      auto event = payload ? codec::decodeRoutingEvent(e.type, *payload)
                           : Result<core::routing::RoutingEvent>(payload.status());
      if (!event) {
        return fail({event.status().code(),
                     "event " + std::to_string(e.global_seq) + ": " + event.status().message()});
      }
      if (filter(*event)) batch.push_back({e.global_seq, std::move(event).value()});
    }
    if (!batch.empty()) handler(std::move(batch));
    if (left()) return;
    read(last);
  }

  void goLive() {
    live = true;
    for (auto& batch : held) {
      if (left()) return;
      handler(std::move(batch));
    }
    held.clear();
  }

  void fail(Status status) {
    if (auto l = listener.lock()) l->leave();
    held.clear();
    if (failed) failed(std::move(status));
  }

  StoreReader& reader;
  const asio::any_io_executor executor;
  const RoutingFilter filter;
  const RoutingHandler handler;
  const std::function<void(Status)> failed;
  // Not owned: the listener owns this catch-up (through its handler), not the other way.
  std::weak_ptr<RoutingListener> listener;
  std::int64_t head = 0;
  bool live = false;
  std::vector<std::vector<RoutedEvent>> held;  // live batches that came during the catch-up
};

}  // namespace

RoutingListenerPtr listenAfter(Engine& engine, StoreReader& reader, std::int64_t after_seq,
                               asio::any_io_executor executor, RoutingFilter filter,
                               RoutingHandler handler, std::function<void(Status)> failed) {
  auto catch_up =
      std::make_shared<CatchUp>(reader, executor, filter, std::move(handler), std::move(failed));
  RoutingListenerPtr listener = engine.listen(
      executor, std::move(filter),
      [catch_up](std::vector<RoutedEvent> batch) { catch_up->onLive(std::move(batch)); },
      [catch_up, after_seq](std::int64_t head) {
        catch_up->head = head;
        catch_up->read(after_seq);
      });
  catch_up->listener = listener;
  return listener;
}

}  // namespace luukku::engine
