// In-process routing listeners: a command's reply before its events, commit order, no
// cut-off however far behind, leave(), and resuming from a sequence through the store.
#include <boost/asio/bind_executor.hpp>

#include "engine/routing_feed.h"
#include "port_fixture.h"

namespace luukku::engine {
namespace {
namespace asio = boost::asio;
using namespace core::routing;

bool isOffer(const RoutingEvent& e) {
  return std::holds_alternative<OfferMade>(e);
}
bool isPresence(const RoutingEvent& e) {
  return std::holds_alternative<PresenceChanged>(e);
}

class RoutingListeners : public luukku::testing::EnginePort {
 protected:
  // What happened on io_, in order: "reply <contact>", "offer <contact>".
  std::vector<std::string> seen_;
  std::vector<std::int64_t> seqs_;

  RoutingListenerPtr listenForOffers() {
    return engine_->listen(io_.get_executor(), isOffer, [this](std::vector<RoutedEvent> batch) {
      for (const auto& e : batch) {
        seqs_.push_back(e.seq);
        seen_.push_back("offer " + std::get<OfferMade>(e.event).item.id);
      }
    });
  }
  // Arrives a call on io_, noting the reply there.
  void arrive(const std::string& number) {
    engine_->execute(ArriveContact{callFrom(number), {}},
                     asio::bind_executor(io_, [this](Result<ArrivalOutcome> r) {
                       seen_.push_back("reply " + (r ? r->contact.id : r.status().message()));
                     }));
  }
  void available(const std::string& agent) {
    ASSERT_TRUE(run(SetPresence{agent, PresenceStatus::kAvailable, "", {}}));
  }
  void toggle(const std::string& agent, int times) {
    for (int i = 0; i < times; ++i) {
      auto status = i % 2 == 0 ? PresenceStatus::kAvailable : PresenceStatus::kBreak;
      ASSERT_TRUE(run(SetPresence{agent, status, "", {}}));
    }
  }
};

TEST_F(RoutingListeners, ACommandsReplyComesBeforeTheOffersItLedTo) {
  auto listener = listenForOffers();
  available("a1");
  arrive("+358401000001");
  ASSERT_TRUE(runUntil([&] { return seen_.size() == 2; }));
  ASSERT_TRUE(seen_[0].starts_with("reply c-")) << seen_[0];
  EXPECT_EQ(seen_[1], "offer " + seen_[0].substr(6));
}

TEST_F(RoutingListeners, BatchesComeInCommitOrderAfterTheirReplies) {
  auto listener = listenForOffers();
  available("a1");
  available("a2");
  arrive("+358401000001");
  arrive("+358401000002");
  ASSERT_TRUE(runUntil([&] { return seen_.size() == 4; }));
  EXPECT_TRUE(seen_[0].starts_with("reply "));
  EXPECT_EQ(seen_[1], "offer " + seen_[0].substr(6));
  EXPECT_TRUE(seen_[2].starts_with("reply "));
  EXPECT_EQ(seen_[3], "offer " + seen_[2].substr(6));
  ASSERT_EQ(seqs_.size(), 2u);
  EXPECT_LT(seqs_[0], seqs_[1]);
}

TEST_F(RoutingListeners, ASlowListenerIsNeverCutOff) {
  std::vector<std::int64_t> seqs;
  auto listener =
      engine_->listen(io_.get_executor(), isPresence, [&](std::vector<RoutedEvent> batch) {
        for (const auto& e : batch) seqs.push_back(e.seq);
      });
  // io_ does not run while the engine records far more than a feed subscriber may buffer.
  constexpr int kChanges = 300;
  toggle("a1", kChanges);
  EXPECT_TRUE(seqs.empty());
  ASSERT_TRUE(runUntil([&] { return seqs.size() == kChanges; })) << seqs.size();
  EXPECT_TRUE(std::is_sorted(seqs.begin(), seqs.end()));
  EXPECT_EQ(std::adjacent_find(seqs.begin(), seqs.end()), seqs.end());
}

TEST_F(RoutingListeners, NoBatchRunsAfterLeave) {
  int batches = 0;
  auto listener =
      engine_->listen(io_.get_executor(), isPresence, [&](std::vector<RoutedEvent>) { ++batches; });
  toggle("a1", 3);  // queued on io_, not yet run
  listener->leave();
  toggle("a1", 2);
  io_.restart();
  io_.poll();
  EXPECT_EQ(batches, 0);
}

TEST_F(RoutingListeners, ResumingFromASequenceGetsTheHistoryThenLiveEventsOnce) {
  std::vector<std::int64_t> all;  // every presence change, live from the start
  auto everything =
      engine_->listen(io_.get_executor(), isPresence, [&](std::vector<RoutedEvent> batch) {
        for (const auto& e : batch) all.push_back(e.seq);
      });
  toggle("a1", 4);
  std::int64_t resume_at = engine_->durableSeq();
  toggle("a1", 5);  // history: after resume_at
  StoreReader reader(url_, 1);
  std::vector<std::int64_t> seqs;
  std::optional<Status> failed;
  auto listener = listenAfter(
      *engine_, reader, resume_at, io_.get_executor(), isPresence,
      [&](std::vector<RoutedEvent> batch) {
        for (const auto& e : batch) seqs.push_back(e.seq);
      },
      [&](Status s) { failed = s; });
  toggle("a2", 6);  // live, maybe while the history is read
  std::int64_t last = engine_->durableSeq();
  ASSERT_TRUE(runUntil([&] { return (!seqs.empty() && seqs.back() >= last) || failed; }));
  EXPECT_FALSE(failed.has_value());
  std::vector<std::int64_t> expected;
  std::copy_if(all.begin(), all.end(), std::back_inserter(expected),
               [&](std::int64_t seq) { return seq > resume_at; });
  EXPECT_EQ(expected.size(), 11u);
  EXPECT_EQ(seqs, expected);
}

}  // namespace
}  // namespace luukku::engine
