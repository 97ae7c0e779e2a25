// What the chat tests share: a Recorder standing in for a socket (it keeps every update it is
// given, from the chat thread) and await(), which waits for a service call's answer.
#pragma once

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "chat/chat_service.h"

namespace luukku::chat::test_support {

// What a socket was told, from the chat thread. Held by a shared_ptr: its sink keeps it alive,
// as a socket's outbox is, for what the chat thread still tells it after a test body ends.
class Recorder : public std::enable_shared_from_this<Recorder> {
 public:
  Sink sink() {
    return [self = shared_from_this()](const ChatUpdate& u) {
      std::lock_guard lock(self->mu_);
      self->got_.push_back(u);
      self->cv_.notify_all();
      return true;
    };
  }
  // The `nth` update of `kind`, waiting for it up to 5 s.
  std::optional<ChatUpdate> waitFor(ChatUpdate::Kind kind, int nth = 1) {
    std::unique_lock lock(mu_);
    std::optional<ChatUpdate> found;
    cv_.wait_for(lock, std::chrono::seconds(5), [&] {
      int seen = 0;
      for (const auto& u : got_) {
        if (u.kind == kind && ++seen == nth) found = u;
      }
      return found.has_value();
    });
    return found;
  }
  int count(ChatUpdate::Kind kind) {
    std::lock_guard lock(mu_);
    return static_cast<int>(
        std::count_if(got_.begin(), got_.end(), [&](const auto& u) { return u.kind == kind; }));
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<ChatUpdate> got_;
};

template <typename T, typename Start>
Result<T> await(Start start) {
  std::promise<Result<T>> promise;
  auto future = promise.get_future();
  start([&promise](Result<T> r) { promise.set_value(std::move(r)); });
  return future.get();
}

}  // namespace luukku::chat::test_support
