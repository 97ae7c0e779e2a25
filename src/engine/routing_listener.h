// RoutingListener: an in-process reader of the engine's durable routing events, typed.
//
// The live feed (subscription.h) serves untrusted readers: JSON, a bounded buffer, cut off when
// slow. Telephony and chat live in the same process and must see every offer, so a
// listener gets the routing events themselves, as many as there are, never cut off.
//
// What a listener gets: for each command the engine releases, the events its filter passes,
// as one batch, in commit order, on the listener's executor. A command's reply is completed
// before its batch is delivered, so on one executor (a single-threaded io_context or a strand)
// a caller sees a command's reply before the events it led to, and both before anything a
// later command decided.
//
// Thread-safety: leave() and hasLeft() from any thread; the filter runs on the engine thread
// (it must be cheap and touch nothing shared), the handler on the listener's executor.
#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "core/routing/routing_events.h"

namespace luukku::engine {

struct RoutedEvent {
  std::int64_t seq = 0;  // the event's global sequence
  core::routing::RoutingEvent event;
};

using RoutingFilter = std::function<bool(const core::routing::RoutingEvent&)>;
using RoutingHandler = std::function<void(std::vector<RoutedEvent>)>;

class RoutingListener {
 public:
  RoutingListener(boost::asio::any_io_executor executor, RoutingFilter filter,
                  RoutingHandler handler)
      : executor_(std::move(executor)), filter_(std::move(filter)), handler_(std::move(handler)) {}

  // No batch runs after leave() returns on the listener's executor (one already queued finds
  // the flag and is dropped); the engine forgets the listener at its next release.
  void leave() { left_.store(true); }
  bool hasLeft() const { return left_.load(); }

 private:
  friend class Engine;
  const boost::asio::any_io_executor executor_;
  const RoutingFilter filter_;
  const RoutingHandler handler_;
  std::int64_t after_seq_ = 0;  // engine thread: events after this one are delivered
  std::atomic<bool> left_{false};
};

using RoutingListenerPtr = std::shared_ptr<RoutingListener>;

}  // namespace luukku::engine
