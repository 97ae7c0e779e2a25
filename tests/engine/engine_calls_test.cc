// Started calls: the engine names them, numbers their streams, lets a closed line's caller
// arrive later under the call's id, and ends the calls a restart cut off.
#include <boost/json.hpp>

#include "port_fixture.h"

namespace luukku::engine {
namespace {
namespace json = boost::json;
using namespace core::routing;

class EngineCalls : public luukku::testing::EnginePort {
 protected:
  StartCall callTo116117(std::optional<Arrival> arrival) {
    return StartCall{core::CallArrived{"116117", "trunk", "fi", false}, std::move(arrival), {}};
  }
};

TEST_F(EngineCalls, StartingACallNamesItAndRecordsItsArrivalFirst) {
  auto started = run(callTo116117(callFrom("+358401000001")));
  ASSERT_TRUE(started) << started.status().toString();
  EXPECT_TRUE(started->contact_id.starts_with("c-")) << started->contact_id;
  ASSERT_TRUE(started->arrival.has_value());
  EXPECT_EQ(started->arrival->contact.id, started->contact_id);
  EXPECT_EQ(started->arrival->contact.end, ContactEnd::kOpen);
  ASSERT_TRUE(started->arrival->waiting.has_value());
  EXPECT_EQ(started->arrival->waiting->position, 1);

  auto call = stream(core::callStream(started->contact_id));
  ASSERT_EQ(call.size(), 1u);
  EXPECT_EQ(call[0].stream_seq, 1);
  EXPECT_EQ(call[0].type, "call.arrived");
  EXPECT_EQ(
      json::parse(call[0].payload),
      json::parse(R"({"dialled":"116117","source":"trunk","language":"fi","withheld":false})"));
  auto contact = stream("contact/" + started->contact_id);
  ASSERT_FALSE(contact.empty());
  EXPECT_EQ(contact[0].type, "contact.queued");
  EXPECT_GT(contact[0].global_seq, call[0].global_seq);
}

TEST_F(EngineCalls, ARefusedArrivalStartsNoCall) {
  std::int64_t before = engine_->durableSeq();
  Arrival nowhere = callFrom("+358401000001");
  nowhere.line_id = "no-such-line";
  auto started = run(callTo116117(nowhere));
  EXPECT_FALSE(started);
  Arrival named = callFrom("+358401000001");
  named.contact_id = "pcall1";
  auto with_id = run(callTo116117(named));
  EXPECT_EQ(with_id.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(engine_->durableSeq(), before);
}

TEST_F(EngineCalls, AStartedCallArrivesLaterOnceUnderItsId) {
  auto started = run(callTo116117(std::nullopt));
  ASSERT_TRUE(started);
  EXPECT_FALSE(started->arrival.has_value());
  Arrival later = callFrom("+358401000001");
  later.contact_id = started->contact_id;
  later.wants_callback = true;
  auto arrived = run(ArriveContact{later, {}});
  ASSERT_TRUE(arrived) << arrived.status().toString();
  EXPECT_EQ(arrived->contact.id, started->contact_id);
  // Only once, and only a started call's id: the others are the engine's to assign.
  auto again = run(ArriveContact{later, {}});
  EXPECT_EQ(again.status().code(), ErrorCode::kInvalidArgument);
  later.contact_id = "c-zzzzzzzz";
  EXPECT_EQ(run(ArriveContact{later, {}}).status().code(), ErrorCode::kInvalidArgument);
}

TEST_F(EngineCalls, TheEngineNumbersACallsStreamAndNothingFollowsItsEnd) {
  auto started = run(callTo116117(callFrom("+358401000001")));
  ASSERT_TRUE(started);
  const std::string& id = started->contact_id;
  ASSERT_TRUE(run(RecordCallEvent{id, core::CallAnnounced{1, std::chrono::seconds(60)}}));
  ASSERT_TRUE(run(RecordCallEvent{id, core::CallEnded{"caller", "hang_up"}}));
  auto after_end = run(RecordCallEvent{id, core::CallAnswered{"a1"}});
  EXPECT_EQ(after_end.status().code(), ErrorCode::kNotFound);

  auto call = stream(core::callStream(id));
  ASSERT_EQ(call.size(), 3u);
  EXPECT_EQ(call[1].stream_seq, 2);
  EXPECT_EQ(call[1].type, "call.announced");
  EXPECT_EQ(json::parse(call[1].payload), json::parse(R"({"position":1,"wait_s":60})"));
  EXPECT_EQ(call[2].stream_seq, 3);
  EXPECT_EQ(call[2].type, "call.ended");
}

TEST_F(EngineCalls, AnArrivalOrAnUnknownCallIsNotRecordedAsAnEvent) {
  auto started = run(callTo116117(std::nullopt));
  ASSERT_TRUE(started);
  auto arrival = run(RecordCallEvent{started->contact_id, core::CallArrived{"116117", "", "fi"}});
  EXPECT_EQ(arrival.status().code(), ErrorCode::kInvalidArgument);
  auto unknown = run(RecordCallEvent{"pcall1", core::CallAnswered{"a1"}});
  EXPECT_EQ(unknown.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(stream(core::callStream(started->contact_id)).size(), 1u);
}

TEST_F(EngineCalls, ARestartEndsTheCallsItCutOff) {
  auto open = run(callTo116117(callFrom("+358401000001")));
  auto ended = run(callTo116117(std::nullopt));
  ASSERT_TRUE(open && ended);
  ASSERT_TRUE(run(RecordCallEvent{ended->contact_id, core::CallEnded{"caller", "hang_up"}}));
  // Events after the start move the stream on without rewriting the call's document.
  ASSERT_TRUE(run(RecordCallEvent{open->contact_id, core::CallAnnounced{1, std::nullopt}}));
  ASSERT_TRUE(run(RecordCallEvent{open->contact_id, core::CallAgentRinging{"a1"}}));
  engine_.reset();
  engine_ = start();

  auto call = stream(core::callStream(open->contact_id));
  ASSERT_EQ(call.size(), 4u);
  EXPECT_EQ(call[3].stream_seq, 4);
  EXPECT_EQ(call[3].type, "call.ended");
  EXPECT_EQ(json::parse(call[3].payload),
            json::parse(R"({"by":"luukku","reason":"server_restart"})"));
  EXPECT_EQ(stream(core::callStream(ended->contact_id)).size(), 2u);  // ended once, before
  auto after = run(RecordCallEvent{open->contact_id, core::CallAnswered{"a1"}});
  EXPECT_EQ(after.status().code(), ErrorCode::kNotFound);
}

TEST_F(EngineCalls, DiallingOutRecordsTheCallFirstThenTheOutgoingContact) {
  ASSERT_TRUE(run(SetPresence{"a1", PresenceStatus::kAvailable, "", {}}));
  DialOut dial{{"", "duty", "a1", "+358501112222", ""}, "+358116117", {}};
  auto contact = run(dial);
  ASSERT_TRUE(contact) << contact.status().toString();
  EXPECT_TRUE(contact->id.starts_with("c-")) << contact->id;
  EXPECT_EQ(contact->direction, ContactDirection::kOutgoing);

  auto call = stream(core::callStream(contact->id));
  ASSERT_EQ(call.size(), 1u);
  EXPECT_EQ(call[0].type, "call.dialled");
  EXPECT_EQ(json::parse(call[0].payload),
            json::parse(R"({"line_id":"duty","number":"+358501112222","agent_id":"a1",)"
                        R"("task_id":"","caller_id":"+358116117"})"));
  auto outgoing = stream("contact/" + contact->id);
  ASSERT_FALSE(outgoing.empty());
  EXPECT_EQ(outgoing[0].type, "contact.dialled");
  EXPECT_GT(outgoing[0].global_seq, call[0].global_seq);
  // Its first event is the engine's to record.
  auto again = run(RecordCallEvent{contact->id, core::CallDialled{"duty", "+3585", "a1", "", ""}});
  EXPECT_EQ(again.status().code(), ErrorCode::kInvalidArgument);
}

TEST_F(EngineCalls, ARefusedDialRecordsNothing) {
  std::int64_t before = engine_->durableSeq();
  DialOut dial{{"", "duty", "a1", "+358501112222", ""}, "", {}};  // a1 is not signed in
  EXPECT_EQ(run(dial).status().code(), ErrorCode::kFailedPrecondition);
  dial.call.contact_id = "c-mine";
  EXPECT_EQ(run(dial).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(engine_->durableSeq(), before);
}

TEST_F(EngineCalls, ARestartEndsAnOutgoingCallItCutOff) {
  ASSERT_TRUE(run(SetPresence{"a1", PresenceStatus::kAvailable, "", {}}));
  auto contact = run(DialOut{{"", "duty", "a1", "+358501112222", ""}, "", {}});
  ASSERT_TRUE(contact);
  engine_.reset();
  engine_ = start();
  auto call = stream(core::callStream(contact->id));
  ASSERT_EQ(call.size(), 2u);
  EXPECT_EQ(call[1].type, "call.ended");
  auto outgoing = stream("contact/" + contact->id);
  EXPECT_EQ(outgoing.back().type, "contact.interrupted");
}

}  // namespace
}  // namespace luukku::engine
