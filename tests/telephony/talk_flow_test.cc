// The talk flow, step by step, with plain values: every row of talk_flow.h's table, the
// requests it refuses, and who ends up hearing whom.
#include "telephony/talk_flow.h"

#include <gtest/gtest.h>

#include "telephony/flow_actions.h"

namespace luukku::telephony::talk {
namespace {
using namespace std::chrono_literals;

using testing::count;
using testing::find;

bool connects(const Actions& actions, Party a, Party b) {
  for (const auto& action : actions) {
    if (const auto* c = std::get_if<Connect>(&action)) {
      if ((c->a == a && c->b == b) || (c->a == b && c->b == a)) return true;
    }
  }
  return false;
}

bool music(const Actions& actions, Party p) {
  for (const auto& action : actions) {
    if (const auto* m = std::get_if<Music>(&action); m && m->party == p) return true;
  }
  return false;
}

const Target kDoctor{Target::Kind::kAgent, "a2"};
const Target kOutside{Target::Kind::kNumber, "+358401112222"};

class TalkFlowTest : public ::testing::Test {
 public:
  TalkFlowTest() { state.agent_id = "a1"; }

  Actions feed(Input input) {
    Actions a = step(state, input, settings);
    for (const auto& action : a) {
      if (const auto* r = std::get_if<Record>(&action))
        events.emplace_back(core::callEventType(r->event));
    }
    return a;
  }
  // The request's answer: the one Reply every request gets.
  static Status replyOf(const Actions& a) {
    EXPECT_EQ(count<Reply>(a), 1);
    const Reply* r = find<Reply>(a);
    return r ? r->status : internalError("no reply");
  }
  void consulting(const Target& to = kDoctor) {
    ASSERT_TRUE(replyOf(feed(Consult{to, "api"})).isOk());
    ASSERT_EQ(state.phase, Phase::kConsulting);
    feed(OtherAnswered{true});
    ASSERT_TRUE(state.other_answered);
  }

  TalkState state;
  Settings settings;
  std::vector<std::string> events;
};

TEST_F(TalkFlowTest, HoldPlaysMusicToTheCustomerAndResumeConnectsThemAgain) {
  Actions a = feed(Hold{"api"});
  EXPECT_TRUE(replyOf(a).isOk());
  EXPECT_EQ(state.phase, Phase::kHeld);
  EXPECT_TRUE(music(a, Party::kCustomer));
  a = feed(Resume{"phone"});
  EXPECT_TRUE(replyOf(a).isOk());
  EXPECT_EQ(state.phase, Phase::kTalking);
  EXPECT_TRUE(connects(a, Party::kCustomer, Party::kAgent));
  EXPECT_EQ(events, (std::vector<std::string>{"call.held", "call.resumed"}));
}

TEST_F(TalkFlowTest, ConsultHoldsTheCustomerAndRingsTheOtherPartyForALimitedTime) {
  Actions a = feed(Consult{kDoctor, "api"});
  EXPECT_TRUE(replyOf(a).isOk());
  EXPECT_TRUE(music(a, Party::kCustomer));
  ASSERT_NE(find<RingOther>(a), nullptr);
  EXPECT_EQ(find<RingOther>(a)->to, kDoctor);
  ASSERT_NE(find<ArmTimer>(a), nullptr);
  EXPECT_EQ(find<ArmTimer>(a)->after, settings.no_answer);
  const auto& e = std::get<core::CallConsulting>(find<Record>(a)->event);
  EXPECT_EQ(e.to_kind, "agent");
  EXPECT_EQ(e.to, "a2");
  EXPECT_TRUE(e.number.empty());
}

TEST_F(TalkFlowTest, AConsultedNumberIsRecordedUnderNumberNotTo) {
  Actions a = feed(Consult{kOutside, "api"});
  const auto& e = std::get<core::CallConsulting>(find<Record>(a)->event);
  EXPECT_EQ(e.to_kind, "number");
  EXPECT_TRUE(e.to.empty());
  EXPECT_EQ(e.number, "+358401112222");
}

TEST_F(TalkFlowTest, ConsultFromHoldDoesNotRestartTheMusic) {
  feed(Hold{"api"});
  Actions a = feed(Consult{kDoctor, "api"});
  EXPECT_FALSE(music(a, Party::kCustomer));
  EXPECT_EQ(state.phase, Phase::kConsulting);
}

TEST_F(TalkFlowTest, AnsweredConsultationConnectsTheProfessionalAndTheOtherParty) {
  feed(Consult{kDoctor, "api"});
  Actions a = feed(OtherAnswered{true});
  EXPECT_TRUE(connects(a, Party::kAgent, Party::kOther));
  EXPECT_EQ(count<CancelTimer>(a), 1);
  EXPECT_EQ(events.back(), "call.consult_answered");
}

TEST_F(TalkFlowTest, ConsultationNobodyAnswersLeavesTheCustomerHeld) {
  feed(Consult{kDoctor, "api"});
  Actions a = feed(TimerFired{state.timer_id});
  EXPECT_EQ(count<DropOther>(a), 1);
  EXPECT_EQ(state.phase, Phase::kHeld);
  EXPECT_FALSE(state.other);
  const auto& e = std::get<core::CallConsultEnded>(find<Record>(a)->event);
  EXPECT_EQ(e.result, "no_answer");
  // The professional takes the caller back.
  EXPECT_TRUE(replyOf(feed(Resume{"api"})).isOk());
  EXPECT_EQ(state.phase, Phase::kTalking);
}

TEST_F(TalkFlowTest, BusyConsultationIsRecordedAsBusy) {
  feed(Consult{kDoctor, "api"});
  Actions a = feed(OtherLegEnded{LegEnd::kRemoteHangUp, 486});
  EXPECT_EQ(std::get<core::CallConsultEnded>(find<Record>(a)->event).result, "busy");
  EXPECT_EQ(state.phase, Phase::kHeld);
}

TEST_F(TalkFlowTest, StaleTimerAfterAnAnswerChangesNothing) {
  feed(Consult{kDoctor, "api"});
  std::uint64_t armed = state.timer_id;
  feed(OtherAnswered{true});
  EXPECT_TRUE(feed(TimerFired{armed}).empty());
  EXPECT_EQ(state.phase, Phase::kConsulting);
}

TEST_F(TalkFlowTest, UnusableMediaFromTheOtherPartyFailsTheConsultation) {
  feed(Consult{kDoctor, "api"});
  Actions a = feed(OtherAnswered{false});
  EXPECT_EQ(count<DropOther>(a), 1);
  EXPECT_EQ(state.phase, Phase::kHeld);
  EXPECT_EQ(std::get<core::CallConsultEnded>(find<Record>(a)->event).result, "failed");
}

TEST_F(TalkFlowTest, SwapGoesBackAndForthAnyNumberOfTimes) {
  consulting();
  for (int i = 0; i < 3; ++i) {
    Actions a = feed(Swap{"api"});
    EXPECT_TRUE(replyOf(a).isOk());
    EXPECT_EQ(state.phase, Phase::kSwapped);
    EXPECT_TRUE(connects(a, Party::kCustomer, Party::kAgent));
    EXPECT_TRUE(music(a, Party::kOther));
    a = feed(Swap{"api"});
    EXPECT_EQ(state.phase, Phase::kConsulting);
    EXPECT_TRUE(connects(a, Party::kAgent, Party::kOther));
    EXPECT_TRUE(music(a, Party::kCustomer));
  }
  EXPECT_EQ(std::count(events.begin(), events.end(), "call.swapped"), 6);
}

TEST_F(TalkFlowTest, SwapBeforeTheOtherPartyAnswersIsRefused) {
  feed(Consult{kDoctor, "api"});
  EXPECT_EQ(replyOf(feed(Swap{"api"})).code(), ErrorCode::kConflict);
  EXPECT_EQ(state.phase, Phase::kConsulting);
}

TEST_F(TalkFlowTest, CancelConsultHangsUpOnTheOtherPartyAndTalksToTheCustomer) {
  consulting();
  Actions a = feed(CancelConsult{"api"});
  EXPECT_TRUE(replyOf(a).isOk());
  EXPECT_EQ(count<DropOther>(a), 1);
  EXPECT_TRUE(connects(a, Party::kCustomer, Party::kAgent));
  EXPECT_EQ(state.phase, Phase::kTalking);
  EXPECT_EQ(std::get<core::CallConsultEnded>(find<Record>(a)->event).result, "cancelled");
}

TEST_F(TalkFlowTest, CancelConsultWhileItStillRingsWorksToo) {
  feed(Consult{kDoctor, "api"});
  Actions a = feed(CancelConsult{"api"});
  EXPECT_TRUE(replyOf(a).isOk());
  EXPECT_EQ(count<DropOther>(a), 1);
  EXPECT_EQ(state.phase, Phase::kTalking);
}

TEST_F(TalkFlowTest, AttendedTransferConnectsCustomerAndOtherAndReleasesTheProfessional) {
  consulting();
  Actions a = feed(CompleteTransfer{"api"});
  EXPECT_TRUE(replyOf(a).isOk());
  EXPECT_TRUE(connects(a, Party::kCustomer, Party::kOther));
  EXPECT_EQ(count<DropAgent>(a), 1);
  EXPECT_EQ(count<AgentDone>(a), 1);
  EXPECT_EQ(state.phase, Phase::kHandedOver);
  const auto& e = std::get<core::CallTransferred>(find<Record>(a)->event);
  EXPECT_TRUE(e.attended);
  EXPECT_EQ(e.to_kind, "agent");
  EXPECT_EQ(e.to, "a2");
  EXPECT_FALSE(professionalOnCall(state));
}

TEST_F(TalkFlowTest, HandingOverToAPartyThePhoneCalledItselfIsAnAttendedTransfer) {
  feed(Hold{"phone"});
  Actions a = feed(HandOverTo{kOutside, "phone"});
  EXPECT_TRUE(replyOf(a).isOk());
  // Answered before the professional's leg goes: the REFER's NOTIFY precedes its BYE.
  ASSERT_TRUE(std::holds_alternative<Reply>(a.front()));
  EXPECT_TRUE(connects(a, Party::kCustomer, Party::kOther));
  EXPECT_EQ(count<DropAgent>(a), 1);
  EXPECT_EQ(count<AgentDone>(a), 1);
  EXPECT_EQ(count<RingOther>(a), 0);  // its leg is up already
  EXPECT_EQ(state.phase, Phase::kHandedOver);
  const auto& e = std::get<core::CallTransferred>(find<Record>(a)->event);
  EXPECT_TRUE(e.attended);
  EXPECT_EQ(e.by, "phone");
  EXPECT_EQ(e.to_kind, "number");
  EXPECT_EQ(e.number, kOutside.id);
  // The customer and the party talk until either hangs up.
  a = feed(OtherLegEnded{LegEnd::kRemoteHangUp, 0});
  EXPECT_EQ(find<End>(a)->by, "other");
}

TEST_F(TalkFlowTest, HandingOverWhileAConsultationIsUnderWayIsRefused) {
  consulting();
  Actions a = feed(HandOverTo{kOutside, "phone"});
  EXPECT_EQ(replyOf(a).code(), ErrorCode::kConflict);
  EXPECT_EQ(count<DropAgent>(a), 0);
  EXPECT_EQ(state.phase, Phase::kConsulting);
  EXPECT_EQ(state.other, kDoctor);
}

TEST_F(TalkFlowTest, AttendedTransferFromTheSwappedSideWorks) {
  consulting();
  feed(Swap{"api"});
  Actions a = feed(CompleteTransfer{"api"});
  EXPECT_TRUE(replyOf(a).isOk());
  EXPECT_TRUE(connects(a, Party::kCustomer, Party::kOther));
}

TEST_F(TalkFlowTest, AttendedTransferBeforeTheAnswerIsRefused) {
  feed(Consult{kDoctor, "api"});
  EXPECT_EQ(replyOf(feed(CompleteTransfer{"api"})).code(), ErrorCode::kConflict);
  EXPECT_EQ(state.phase, Phase::kConsulting);
}

TEST_F(TalkFlowTest, ConferenceMixesAllThreeAndEndsWhenTheOtherPartyLeaves) {
  consulting();
  Actions a = feed(Conference{"api"});
  EXPECT_TRUE(replyOf(a).isOk());
  EXPECT_EQ(count<Mix>(a), 1);
  EXPECT_EQ(state.phase, Phase::kConference);
  EXPECT_EQ(events.back(), "call.conference_started");
  a = feed(OtherLegEnded{LegEnd::kRemoteHangUp, 0});
  EXPECT_EQ(state.phase, Phase::kTalking);
  EXPECT_TRUE(connects(a, Party::kCustomer, Party::kAgent));
  EXPECT_EQ(std::get<core::CallConsultEnded>(find<Record>(a)->event).result, "hung_up");
}

TEST_F(TalkFlowTest, ConsultedPartyHangingUpLeavesTheCustomerHeld) {
  consulting();
  Actions a = feed(OtherLegEnded{LegEnd::kRemoteHangUp, 0});
  EXPECT_EQ(state.phase, Phase::kHeld);
  EXPECT_EQ(count<Connect>(a), 0);
}

TEST_F(TalkFlowTest, ConsultedPartyHangingUpWhileSwappedKeepsTheTalk) {
  consulting();
  feed(Swap{"api"});
  Actions a = feed(OtherLegEnded{LegEnd::kRemoteHangUp, 0});
  EXPECT_EQ(state.phase, Phase::kTalking);
  EXPECT_EQ(count<End>(a), 0);
}

TEST_F(TalkFlowTest, ProfessionalHangingUpOnAnAnsweredConsultationHandsTheCustomerOver) {
  consulting();
  Actions a = feed(AgentGone{LegEnd::kRemoteHangUp});
  EXPECT_EQ(state.phase, Phase::kHandedOver);
  EXPECT_TRUE(connects(a, Party::kCustomer, Party::kOther));
  EXPECT_EQ(count<DropAgent>(a), 0);  // it is gone already
  EXPECT_EQ(count<AgentDone>(a), 1);
  const auto& e = std::get<core::CallTransferred>(find<Record>(a)->event);
  EXPECT_EQ(e.by, "hang_up");
  EXPECT_TRUE(e.attended);
}

TEST_F(TalkFlowTest, ProfessionalHangingUpWhileTheConsultationRingsPutsTheCustomerBackInLine) {
  feed(Consult{kDoctor, "api"});
  Actions a = feed(AgentGone{LegEnd::kRemoteHangUp});
  EXPECT_EQ(count<DropOther>(a), 1);
  EXPECT_EQ(count<BackToQueue>(a), 1);
  EXPECT_EQ(count<AgentDone>(a), 0);  // routing moves the contact back to the queue
  EXPECT_EQ(state.phase, Phase::kOver);
}

TEST_F(TalkFlowTest, BlindTransferReleasesTheProfessionalAtOnceAndRingsTheTarget) {
  Actions a = feed(BlindTransfer{kOutside, "phone"});
  EXPECT_TRUE(replyOf(a).isOk());
  EXPECT_TRUE(music(a, Party::kCustomer));
  EXPECT_EQ(count<DropAgent>(a), 1);
  EXPECT_EQ(count<RingOther>(a), 1);
  EXPECT_EQ(count<AgentDone>(a), 0);  // not until someone has the caller
  EXPECT_EQ(state.phase, Phase::kTransferring);
  // The reply goes out before the professional's leg is dropped (a REFER's NOTIFY needs it).
  std::size_t reply = 0, drop = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::holds_alternative<Reply>(a[i])) reply = i;
    if (std::holds_alternative<DropAgent>(a[i])) drop = i;
  }
  EXPECT_LT(reply, drop);
}

TEST_F(TalkFlowTest, BlindTransferAnsweredHandsTheCustomerOver) {
  feed(BlindTransfer{kOutside, "api"});
  Actions a = feed(OtherAnswered{true});
  EXPECT_TRUE(connects(a, Party::kCustomer, Party::kOther));
  EXPECT_EQ(count<AgentDone>(a), 1);
  EXPECT_EQ(state.phase, Phase::kHandedOver);
  const auto& e = std::get<core::CallTransferred>(find<Record>(a)->event);
  EXPECT_FALSE(e.attended);
  EXPECT_EQ(e.number, "+358401112222");
  EXPECT_EQ(e.by, "api");
}

TEST_F(TalkFlowTest, BlindTransferNobodyAnswersPutsTheCustomerBackInLine) {
  feed(BlindTransfer{kDoctor, "api"});
  Actions a = feed(TimerFired{state.timer_id});
  EXPECT_EQ(count<DropOther>(a), 1);
  EXPECT_EQ(count<BackToQueue>(a), 1);
  EXPECT_EQ(std::get<core::CallTransferFailed>(find<Record>(a)->event).result, "no_answer");
  EXPECT_EQ(state.phase, Phase::kOver);
}

TEST_F(TalkFlowTest, HandedOverCallEndsWhenEitherPartyHangsUp) {
  consulting();
  feed(CompleteTransfer{"api"});
  Actions a = feed(OtherLegEnded{LegEnd::kRemoteHangUp, 0});
  ASSERT_NE(find<End>(a), nullptr);
  EXPECT_EQ(find<End>(a)->by, "other");
  EXPECT_EQ(count<AgentDone>(a), 0);  // done at the transfer
}

TEST_F(TalkFlowTest, CustomerHangingUpMidConsultationDropsEveryLegAndEnds) {
  consulting();
  Actions a = feed(CustomerGone{LegEnd::kRemoteHangUp});
  EXPECT_EQ(count<DropOther>(a), 1);
  EXPECT_EQ(count<DropAgent>(a), 1);
  EXPECT_EQ(count<AgentDone>(a), 1);
  ASSERT_NE(find<End>(a), nullptr);
  EXPECT_EQ(find<End>(a)->by, "caller");
}

TEST_F(TalkFlowTest, CustomerHangingUpWhileHeldEndsTheCall) {
  feed(Hold{"api"});
  Actions a = feed(CustomerGone{LegEnd::kRemoteHangUp});
  EXPECT_EQ(count<AgentDone>(a), 1);
  EXPECT_EQ(find<End>(a)->by, "caller");
}

TEST_F(TalkFlowTest, RequestsThatDoNotFitThePhaseAreRefusedAndChangeNothing) {
  EXPECT_EQ(replyOf(feed(Swap{"api"})).code(), ErrorCode::kConflict);
  EXPECT_EQ(replyOf(feed(CancelConsult{"api"})).code(), ErrorCode::kConflict);
  EXPECT_EQ(replyOf(feed(CompleteTransfer{"api"})).code(), ErrorCode::kConflict);
  EXPECT_EQ(replyOf(feed(Conference{"api"})).code(), ErrorCode::kConflict);
  consulting();
  EXPECT_EQ(replyOf(feed(Hold{"api"})).code(), ErrorCode::kConflict);
  EXPECT_EQ(replyOf(feed(Consult{kOutside, "api"})).code(), ErrorCode::kConflict);
  EXPECT_EQ(replyOf(feed(BlindTransfer{kOutside, "api"})).code(), ErrorCode::kConflict);
  EXPECT_EQ(state.phase, Phase::kConsulting);
  EXPECT_EQ(state.other, kDoctor);
}

}  // namespace
}  // namespace luukku::telephony::talk
