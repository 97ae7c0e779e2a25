// GroupCommitWriter<Item>: one thread that makes submitted items durable in groups.
//
// Items are committed in submission order. While one group commits, new submissions queue
// up; the next group takes all of them, up to `max_group_weight` (each item weighs what
// `weight` says: the engine counts events, the access log rows; an item heavier than the
// limit goes in a group of its own). A burst thus costs one durable commit for many items.
// `commit` writes one group, in order, in one transaction; then `finish` is called for each
// of the group's items, in submission order and on the writer thread, with the commit's
// outcome.
//
// What happens after a failed commit is the owner's choice:
//  - AfterFailure::kContinue: the next group is tried as usual (each item's fate is its own
//    group's; the access log, whose rows do not depend on one another).
//  - AfterFailure::kRefuseAll: the writer stops writing. Everything still queued, and every
//    later submission, is finished with the failure at once (the engine's event log, where
//    the state has run ahead of the store and must be rebuilt from it).
// Once the destructor has begun, submit() finishes the item with kUnavailable.
//
// Thread-safety: submit() and pendingWeight() are thread-safe. `commit` and `finish` run on
// the writer thread (and `finish` also in submit() for a refused item, on the caller's
// thread); they must not call back into the writer, and `finish` must be short (post
// elsewhere). The destructor commits what is queued, then stops; the hooks and what they
// use must outlive it, so an owner declares its writer after everything the hooks touch.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "core/status.h"

namespace luukku::concurrency {

enum class AfterFailure { kContinue, kRefuseAll };

template <typename Item>
class GroupCommitWriter {
 public:
  struct Hooks {
    // How much of a group's limit one item takes.
    std::function<std::size_t(const Item&)> weight;
    // Makes a group durable, in order, in one transaction; may move out of the items.
    std::function<Status(std::vector<Item>&)> commit;
    // Completes one item with its outcome.
    std::function<void(Item&, const Status&)> finish;
  };

  GroupCommitWriter(std::size_t max_group_weight, AfterFailure after_failure, Hooks hooks)
      : max_group_weight_(max_group_weight),
        after_failure_(after_failure),
        hooks_(std::move(hooks)),
        thread_([this] { run(); }) {}

  ~GroupCommitWriter() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }

  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

  void submit(Item item) {
    Status refused;
    {
      std::lock_guard lock(mu_);
      if (stopping_) {
        refused = unavailable("the writer is shutting down");
      } else if (!failure_.isOk()) {
        refused = failure_;
      } else {
        pending_weight_ += hooks_.weight(item);
        queue_.push_back(std::move(item));
        wake_.notify_one();
        return;
      }
    }
    hooks_.finish(item, refused);
  }

  // The weight submitted and not yet committed.
  std::size_t pendingWeight() const {
    std::lock_guard lock(mu_);
    return pending_weight_;
  }

 private:
  void run() {
    std::vector<Item> group;
    for (;;) {
      group.clear();
      std::size_t weight = 0;
      {
        std::unique_lock lock(mu_);
        wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, everything written
        while (!queue_.empty()) {
          std::size_t next = hooks_.weight(queue_.front());
          if (!group.empty() && weight + next > max_group_weight_) break;
          weight += next;
          group.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
      }
      Status status = hooks_.commit(group);
      std::deque<Item> refused;
      {
        std::lock_guard lock(mu_);
        pending_weight_ -= weight;
        if (!status.isOk() && after_failure_ == AfterFailure::kRefuseAll) {
          failure_ = status;
          refused.swap(queue_);
          pending_weight_ = 0;
        }
      }
      for (Item& item : group) hooks_.finish(item, status);
      for (Item& item : refused) hooks_.finish(item, status);
    }
  }

  const std::size_t max_group_weight_;
  const AfterFailure after_failure_;
  const Hooks hooks_;

  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Item> queue_;          // guarded by mu_
  std::size_t pending_weight_ = 0;  // guarded by mu_
  bool stopping_ = false;           // guarded by mu_
  Status failure_;                  // guarded by mu_; kRefuseAll only
  std::thread thread_;
};

}  // namespace luukku::concurrency
