// Blind transfers back into a queue: an answered call waits again with its original place.
#include <gtest/gtest.h>

#include "routing_test_util.h"

namespace luukku::core::routing {
namespace {
using namespace testing;

// anna holds "first" (answered); "second" arrived later and waits.
Harness annaHoldsFirst() {
  Harness h(annaOnOneLineBerttaOnTwo(), monday9());
  h.signIn("anna");
  h.call("neuvola", "+358401111111", "first");
  h.accept("anna", contactRef("first"));
  h.advance(30s);
  h.call("neuvola", "+358402222222", "second");
  return h;
}

TEST(Transfer, ATransferredCallWaitsAheadOfLaterCallers) {
  Harness h = annaHoldsFirst();
  h.run(h.state().transferToQueue(h.config(), "anna", "first", "neuvola", h.now()));
  EXPECT_EQ(h.state().findContact("first")->routing.queue_time, monday9());
  h.run(h.state().setPresence(h.config(), "anna", PresenceStatus::kBreak, "", h.now()));
  auto view = h.state().queue(h.config(), "neuvola");
  ASSERT_EQ(view.waiting.size(), 2u);
  EXPECT_EQ(view.waiting[0].item.id, "first");
  EXPECT_EQ(view.waiting[1].item.id, "second");
  h.signIn("bertta");
  EXPECT_EQ(holderOf(h.state(), contactRef("first")), "bertta");
}

TEST(Transfer, TheNextAgentIsOfferedTheCallAndTheOneWhoTransferredItOnlyLast) {
  Harness h = annaHoldsFirst();
  h.signIn("bertta");  // takes "second"
  h.accept("bertta", contactRef("second"));
  h.run(h.state().transferToQueue(h.config(), "anna", "first", "neuvola", h.now()));
  // anna is the only one free: asked as the last resort.
  EXPECT_EQ(holderOf(h.state(), contactRef("first")), "anna");
  EXPECT_EQ(h.state().findAgent("anna")->state.status, PresenceStatus::kAvailable);
  EXPECT_EQ(h.state().findContact("first")->routing.declined_by, std::vector<std::string>{"anna"});
}

TEST(Transfer, ToAnotherLineTheCallWaitsThereKeepingItsPlace) {
  Harness h = annaHoldsFirst();
  Events events =
      h.run(h.state().transferToQueue(h.config(), "anna", "first", "paivystys", h.now()));
  ASSERT_EQ(eventsOf<ContactTransferred>(events).size(), 1u);
  EXPECT_EQ(h.state().queue(h.config(), "paivystys").waiting.at(0).item.id, "first");
  EXPECT_EQ(h.state().findContact("first")->routing.line_id, "paivystys");
  h.signIn("bertta");
  EXPECT_EQ(holderOf(h.state(), contactRef("first")), "bertta");
}

TEST(Transfer, TheEndedContactNamesTheLineItArrivedOnAndItsFirstAnswer) {
  Harness h = annaHoldsFirst();  // anna answered at 9:00
  h.run(h.state().transferToQueue(h.config(), "anna", "first", "paivystys", h.now()));
  h.advance(10s);
  h.signIn("bertta");
  h.accept("bertta", contactRef("first"));
  Events done = h.run(h.state().completeContact(h.config(), "bertta", "first", h.now()));
  auto completed = eventsOf<ContactCompleted>(done);
  ASSERT_EQ(completed.size(), 1u);
  const Contact& c = completed.front().contact;
  EXPECT_EQ(c.routing.line_id, "paivystys");
  EXPECT_EQ(c.arrival_line_id, "neuvola");
  EXPECT_EQ(arrivalLine(c), "neuvola");
  EXPECT_EQ(c.answered_at, monday9());
  EXPECT_EQ(c.routing.accepted_at, monday9() + 40s);
}

TEST(Transfer, BackToItsOwnLineTheContactStillArrivedThere) {
  Harness h = annaHoldsFirst();
  h.run(h.state().transferToQueue(h.config(), "anna", "first", "neuvola", h.now()));
  EXPECT_EQ(h.state().findContact("first")->arrival_line_id, "");
  EXPECT_EQ(arrivalLine(*h.state().findContact("first")), "neuvola");
  EXPECT_EQ(h.state().findContact("first")->answered_at, monday9());
}

TEST(Transfer, OnlyTheAgentHoldingTheCallMayTransferIt) {
  Harness h = annaHoldsFirst();
  h.signIn("bertta");
  auto refused = h.state().transferToQueue(h.config(), "bertta", "first", "neuvola", h.now());
  EXPECT_EQ(refused.status().code(), ErrorCode::kConflict);
  auto waiting = h.state().transferToQueue(h.config(), "anna", "second", "neuvola", h.now());
  EXPECT_EQ(waiting.status().code(), ErrorCode::kConflict);
}

TEST(Transfer, AnUnknownLineIsRefused) {
  Harness h = annaHoldsFirst();
  auto refused = h.state().transferToQueue(h.config(), "anna", "first", "nowhere", h.now());
  EXPECT_EQ(refused.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(holderOf(h.state(), contactRef("first")), "anna");
}

TEST(Transfer, ReplayRebuildsTheSameState) {
  Harness h = annaHoldsFirst();
  h.run(h.state().transferToQueue(h.config(), "anna", "first", "paivystys", h.now()));
  ContactCenter rebuilt = h.replay();
  EXPECT_EQ(*rebuilt.findContact("first"), *h.state().findContact("first"));
  EXPECT_EQ(rebuilt.queue(h.config(), "paivystys").waiting.size(), 1u);
}

}  // namespace
}  // namespace luukku::core::routing
