// Subscription: one subscriber's view of the live event feed.
//
// The engine offers each durable event, in order, to every subscription. A subscription
// buffers at most `limit` events; when a subscriber (a desktop's WebSocket, say) falls that
// far behind, the engine cuts it off instead of waiting for it, so one slow reader can never
// slow the engine. The subscriber then sees the channel close and reads why().
//
// Thread-safety: offer()/cutOff() are called on the engine thread, everything else on the
// subscriber's executor; the channel is a concurrent_channel and the flags are atomic.
#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace luukku::engine {

// An event in its wire form, rendered once and shared by every subscriber.
struct FeedEvent {
  std::int64_t seq = 0;
  std::string json;  // {"seq":..,"stream":..,"stream_seq":..,"time":..,"type":..,"data":{..}}
  // The same without personal data (see engine/event_json.h); empty when `json` has none.
  std::string json_without_personal_data;
  std::vector<std::string> citizens;  // whom `json` names: "phone:+358..."

  const std::string& withoutPersonalData() const {
    return json_without_personal_data.empty() ? json : json_without_personal_data;
  }
};
using FeedEventPtr = std::shared_ptr<const FeedEvent>;

// Why the engine ended a subscription.
enum class CutOff {
  kNone,
  kTooSlow,   // fell more than the buffer behind
  kShutdown,  // the server is stopping
  kFailure,   // the store failed; the server restarts
};

class Subscription {
 public:
  using Channel =
      boost::asio::experimental::concurrent_channel<void(boost::system::error_code, FeedEventPtr)>;

  Subscription(boost::asio::any_io_executor executor, std::size_t limit)
      : channel_(executor, limit) {}

  Channel& channel() { return channel_; }

  // Engine side. False when the buffer is full: the caller cuts the subscription off.
  bool offer(FeedEventPtr event) { return channel_.try_send(boost::system::error_code(), event); }
  void cutOff(CutOff why) {
    why_.store(why);
    channel_.close();
  }

  // Subscriber side: leaving. The engine forgets the subscription at its next event.
  void leave() {
    left_.store(true);
    channel_.close();
  }
  bool hasLeft() const { return left_.load(); }
  CutOff why() const { return why_.load(); }

 private:
  Channel channel_;
  std::atomic<CutOff> why_{CutOff::kNone};
  std::atomic<bool> left_{false};
};

using SubscriptionPtr = std::shared_ptr<Subscription>;

}  // namespace luukku::engine
