// The stable names the JSON codec and the event feed use.
#include <gtest/gtest.h>

#include <set>

#include "core/routing/routing_events.h"

namespace luukku::core::routing {
namespace {

template <typename Enum, typename Name, typename Parse>
void roundTrips(std::initializer_list<Enum> values, Name name, Parse parse) {
  std::set<std::string_view> seen;
  for (Enum v : values) {
    EXPECT_TRUE(seen.insert(name(v)).second) << name(v);
    EXPECT_EQ(parse(name(v)), v) << name(v);
  }
  EXPECT_EQ(parse("no-such-name"), std::nullopt);
}

TEST(Names, EveryEnumNameParsesBack) {
  roundTrips({PresenceStatus::kOffline, PresenceStatus::kAvailable, PresenceStatus::kBusy,
              PresenceStatus::kWrapUp, PresenceStatus::kBreak},
             presenceName, presenceFromName);
  roundTrips({WorkState::kWaiting, WorkState::kOffered, WorkState::kActive, WorkState::kParked},
             workStateName, workStateFromName);
  roundTrips({ContactEnd::kOpen, ContactEnd::kCompleted, ContactEnd::kAbandoned,
              ContactEnd::kCallbackRequested, ContactEnd::kDiverted, ContactEnd::kRejected,
              ContactEnd::kInterrupted},
             contactEndName, contactEndFromName);
  roundTrips({OverflowReason::kNone, OverflowReason::kClosed, OverflowReason::kBusy,
              OverflowReason::kQueueFull, OverflowReason::kLongWait, OverflowReason::kNoAgents},
             overflowReasonName, overflowReasonFromName);
  roundTrips({TaskReason::kBusy, TaskReason::kClosed, TaskReason::kQueueFull, TaskReason::kLongWait,
              TaskReason::kAbandoned, TaskReason::kRequested, TaskReason::kContactRequest,
              TaskReason::kManual, TaskReason::kInterrupted},
             taskReasonName, taskReasonFromName);
  roundTrips({AttemptOutcome::kNoAnswer, AttemptOutcome::kBusy, AttemptOutcome::kReached,
              AttemptOutcome::kWrongNumber, AttemptOutcome::kVoicemail},
             attemptOutcomeName, attemptOutcomeFromName);
  roundTrips({TaskEnd::kOpen, TaskEnd::kCompleted, TaskEnd::kUnreachable}, taskEndName,
             taskEndFromName);
  roundTrips({ItemKind::kContact, ItemKind::kTask}, itemKindName, itemKindFromName);
  roundTrips({OverflowAction::kQueue, OverflowAction::kCallback, OverflowAction::kReject},
             overflowActionName, overflowActionFromName);
  roundTrips({DueRule::kSameWorkingDay, DueRule::kNextWorkingDay, DueRule::kWithin}, dueRuleName,
             dueRuleFromName);
}

// One default-constructed event of every alternative of the variant.
template <std::size_t... I>
std::vector<RoutingEvent> everyEvent(std::index_sequence<I...>) {
  return {RoutingEvent(std::in_place_index<I>)...};
}

TEST(Names, EveryEventTypeIsDistinctAndLivesInItsStream) {
  auto events = everyEvent(std::make_index_sequence<std::variant_size_v<RoutingEvent>>());
  std::set<std::string_view> types;
  for (auto& e : events) {
    EXPECT_TRUE(types.insert(eventType(e)).second) << eventType(e);
    std::string_view type = eventType(e);
    std::string stream = streamOf(e);
    std::string family(type.substr(0, type.find('.')));
    if (family == "presence") {
      EXPECT_EQ(stream.rfind("presence/", 0), 0u) << type;
    } else if (family == "contact" || family == "task") {
      EXPECT_EQ(stream.rfind(family + "/", 0), 0u) << type;
    } else {
      EXPECT_EQ(stream.rfind("contact/", 0), 0u) << type;  // item events of a default ItemRef
    }
  }
  EXPECT_EQ(types.size(), 30u);
}

TEST(Names, StreamsNameTheAggregate) {
  EXPECT_EQ(streamOf(RoutingEvent(TaskEscalated{"t-1", {}})), "task/t-1");
  EXPECT_EQ(streamOf(RoutingEvent(OfferMade{{ItemKind::kTask, "t-2"}, "anna", {}, {}})),
            "task/t-2");
  EXPECT_EQ(streamOf(RoutingEvent(PresenceChanged{"anna", {}, {}})), "presence/anna");
}

}  // namespace
}  // namespace luukku::core::routing
