#include "concurrency/group_commit_writer.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <future>
#include <mutex>
#include <vector>

namespace luukku::concurrency {
namespace {

struct Item {
  int id = 0;
  std::size_t weight = 1;
};

// Records what the writer does. `hold_first` keeps the first commit waiting until release(),
// so a test can queue items behind it deterministically.
class Recorder {
 public:
  explicit Recorder(bool hold_first = false) : hold_first_(hold_first) {}

  GroupCommitWriter<Item>::Hooks hooks(std::vector<Status> outcomes = {}) {
    outcomes_ = std::move(outcomes);
    return {.weight = [](const Item& item) { return item.weight; },
            .commit =
                [this](std::vector<Item>& group) {
                  std::vector<int> ids;
                  for (const Item& item : group) ids.push_back(item.id);
                  Status outcome;
                  bool hold = false;
                  {
                    std::lock_guard lock(mu_);
                    hold = hold_first_ && groups_.empty();
                    if (groups_.size() < outcomes_.size()) outcome = outcomes_[groups_.size()];
                    groups_.push_back(std::move(ids));
                  }
                  if (hold) {
                    entered_.set_value();
                    release_.get_future().wait();
                  }
                  return outcome;
                },
            .finish =
                [this](Item& item, const Status& status) {
                  std::lock_guard lock(mu_);
                  finished_.emplace_back(item.id, status);
                  finished_changed_.notify_all();
                }};
  }

  void waitUntilFirstCommitStarts() { entered_.get_future().wait(); }
  void release() { release_.set_value(); }
  void waitUntilFinished(std::size_t count) {
    std::unique_lock lock(mu_);
    finished_changed_.wait(lock, [&] { return finished_.size() >= count; });
  }
  std::vector<std::vector<int>> groups() {
    std::lock_guard lock(mu_);
    return groups_;
  }
  std::vector<std::pair<int, Status>> finished() {
    std::lock_guard lock(mu_);
    return finished_;
  }

 private:
  const bool hold_first_;
  std::vector<Status> outcomes_;
  std::promise<void> entered_;
  std::promise<void> release_;
  std::mutex mu_;
  std::condition_variable finished_changed_;
  std::vector<std::vector<int>> groups_;          // guarded by mu_
  std::vector<std::pair<int, Status>> finished_;  // guarded by mu_
};

TEST(GroupCommitWriter, CommitsAndFinishesItemsInSubmissionOrder) {
  Recorder recorder;
  {
    GroupCommitWriter<Item> writer(100, AfterFailure::kContinue, recorder.hooks());
    for (int id = 1; id <= 50; ++id) writer.submit({id});
  }  // the destructor commits what is queued
  std::vector<int> committed;
  for (const auto& group : recorder.groups())
    committed.insert(committed.end(), group.begin(), group.end());
  auto finished = recorder.finished();
  ASSERT_EQ(committed.size(), 50u);
  ASSERT_EQ(finished.size(), 50u);
  for (int i = 0; i < 50; ++i) {
    EXPECT_EQ(committed[i], i + 1);
    EXPECT_EQ(finished[i].first, i + 1);
    EXPECT_TRUE(finished[i].second);
  }
}

TEST(GroupCommitWriter, ItemsQueuedDuringACommitShareTheNextGroupUpToTheLimit) {
  Recorder recorder(/*hold_first=*/true);
  {
    GroupCommitWriter<Item> writer(4, AfterFailure::kContinue, recorder.hooks());
    writer.submit({1});
    recorder.waitUntilFirstCommitStarts();
    for (int id = 2; id <= 7; ++id) writer.submit({id});
    recorder.release();
  }
  EXPECT_EQ(recorder.groups(), (std::vector<std::vector<int>>{{1}, {2, 3, 4, 5}, {6, 7}}));
}

TEST(GroupCommitWriter, GroupsAreLimitedByWeightAndAHeavyItemGoesAlone) {
  Recorder recorder(/*hold_first=*/true);
  {
    GroupCommitWriter<Item> writer(10, AfterFailure::kContinue, recorder.hooks());
    writer.submit({1});
    recorder.waitUntilFirstCommitStarts();
    writer.submit({2, 6});
    writer.submit({3, 4});
    writer.submit({4, 1});
    writer.submit({5, 25});
    writer.submit({6, 1});
    recorder.release();
  }
  EXPECT_EQ(recorder.groups(), (std::vector<std::vector<int>>{{1}, {2, 3}, {4}, {5}, {6}}));
}

TEST(GroupCommitWriter, PendingWeightCountsWhatIsNotYetCommitted) {
  Recorder recorder(/*hold_first=*/true);
  GroupCommitWriter<Item> writer(100, AfterFailure::kContinue, recorder.hooks());
  writer.submit({1, 3});
  recorder.waitUntilFirstCommitStarts();
  writer.submit({2, 5});
  EXPECT_EQ(writer.pendingWeight(), 8u);
  recorder.release();
  recorder.waitUntilFinished(2);  // the weight is taken off before items are finished
  EXPECT_EQ(writer.pendingWeight(), 0u);
}

TEST(GroupCommitWriter, RefuseAllFailsTheQueueAndEveryLaterItemWithTheFailure) {
  Recorder recorder(/*hold_first=*/true);
  {
    GroupCommitWriter<Item> writer(1, AfterFailure::kRefuseAll,
                                   recorder.hooks({unavailable("disk full")}));
    writer.submit({1});
    recorder.waitUntilFirstCommitStarts();
    writer.submit({2});
    writer.submit({3});
    recorder.release();
    // Item 3 is finished after the failure has been recorded, so 4 is refused in submit().
    recorder.waitUntilFinished(3);
    writer.submit({4});
    EXPECT_EQ(writer.pendingWeight(), 0u);
  }
  EXPECT_EQ(recorder.groups(), (std::vector<std::vector<int>>{{1}}));
  auto finished = recorder.finished();
  ASSERT_EQ(finished.size(), 4u);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(finished[i].first, i + 1);
    EXPECT_EQ(finished[i].second.code(), ErrorCode::kUnavailable);
    EXPECT_EQ(finished[i].second.message(), "disk full");
  }
}

TEST(GroupCommitWriter, ContinueCommitsTheNextGroupAfterAFailure) {
  Recorder recorder(/*hold_first=*/true);
  {
    GroupCommitWriter<Item> writer(10, AfterFailure::kContinue,
                                   recorder.hooks({unavailable("lost connection")}));
    writer.submit({1});
    recorder.waitUntilFirstCommitStarts();
    writer.submit({2});
    recorder.release();
  }
  EXPECT_EQ(recorder.groups(), (std::vector<std::vector<int>>{{1}, {2}}));
  auto finished = recorder.finished();
  ASSERT_EQ(finished.size(), 2u);
  EXPECT_EQ(finished[0].second.code(), ErrorCode::kUnavailable);
  EXPECT_TRUE(finished[1].second);
}

}  // namespace
}  // namespace luukku::concurrency
