// The dial flow, step by step, with plain values: every row of dial_flow.h's table, the hang-up
// in every phase, what a callback's task is told, and the order of the call's events.
#include "telephony/dial_flow.h"

#include <gtest/gtest.h>

#include <optional>

namespace luukku::telephony::dial {
namespace {
using namespace std::chrono_literals;
using core::routing::AttemptOutcome;

const Timestamp kStart = fromMicros(1'800'000'000'000'000);

class DialFlowTest : public ::testing::Test {
 public:
  DialFlowTest() {
    state.agent_id = "a1";
    state.line_id = "duty";
    state.number = "+358401234567";
    state.task_id = "t-7";
  }

  Actions begin() { return keep(start(state, settings, kStart)); }
  Actions feed(Input input) { return keep(step(state, input, settings, kStart)); }

  void ringingAgent() {
    begin();
    feed(Started{std::string("c-9")});
    ASSERT_EQ(state.phase, Phase::kRingingAgent);
  }
  void dialling() {
    ringingAgent();
    feed(AgentAnswered{true});
    ASSERT_EQ(state.phase, Phase::kDialling);
  }
  void talking() {
    dialling();
    feed(RemoteRinging{});
    feed(RemoteAnswered{true});
    ASSERT_EQ(state.phase, Phase::kTalking);
  }

  template <typename A>
  int count() const {
    int n = 0;
    for (const auto& a : log) n += std::holds_alternative<A>(a) ? 1 : 0;
    return n;
  }
  std::vector<std::string> events() const {
    std::vector<std::string> out;
    for (const auto& a : log) {
      if (const auto* r = std::get_if<RecordEvent>(&a))
        out.emplace_back(core::callEventType(r->event));
    }
    return out;
  }
  std::vector<AttemptOutcome> attempts() const {
    std::vector<AttemptOutcome> out;
    for (const auto& a : log) {
      if (const auto* r = std::get_if<RecordAttempt>(&a)) out.push_back(r->outcome);
    }
    return out;
  }
  const core::CallDialFailed* failure() const {
    for (const auto& a : log) {
      if (const auto* r = std::get_if<RecordEvent>(&a)) {
        if (const auto* f = std::get_if<core::CallDialFailed>(&r->event)) return f;
      }
    }
    return nullptr;
  }
  const core::CallEnded* ended() const {
    for (const auto& a : log) {
      if (const auto* r = std::get_if<RecordEvent>(&a)) {
        if (const auto* e = std::get_if<core::CallEnded>(&r->event)) return e;
      }
    }
    return nullptr;
  }
  // The call ended cleanly: once, its contact completed, every leg dropped, then forgotten.
  void expectSettled() const {
    EXPECT_EQ(state.phase, Phase::kEnded);
    EXPECT_TRUE(state.settled);
    EXPECT_EQ(count<CallEnded>(), 1);
    EXPECT_EQ(count<CallSettled>(), 1);
    EXPECT_EQ(count<CompleteContact>(), 1);
    ASSERT_NE(ended(), nullptr);
    EXPECT_EQ(events().back(), "call.ended");
    EXPECT_TRUE(std::holds_alternative<CallSettled>(log.back()));
  }

  Actions keep(Actions actions) {
    log.insert(log.end(), actions.begin(), actions.end());
    return actions;
  }

  DialState state;
  Settings settings;
  Actions log;
};

TEST_F(DialFlowTest, StartsByHavingRoutingRecordTheCall) {
  Actions a = begin();
  ASSERT_EQ(a.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<DialOut>(a[0]));
  EXPECT_EQ(state.phase, Phase::kStarting);
}

TEST_F(DialFlowTest, ARecordedCallRingsTheProfessionalsPhoneFirst) {
  ringingAgent();
  EXPECT_EQ(state.contact_id, "c-9");
  EXPECT_EQ(count<RingAgent>(), 1);
  EXPECT_EQ(count<DialRemote>(), 0);
  EXPECT_EQ(events(), (std::vector<std::string>{"call.agent_ringing"}));
}

TEST_F(DialFlowTest, ARefusedCallEndsWithNothingRecorded) {
  begin();
  feed(Started{Status{ErrorCode::kConflict, "not held"}});
  EXPECT_EQ(state.phase, Phase::kEnded);
  EXPECT_TRUE(events().empty());
  EXPECT_EQ(count<CompleteContact>(), 0);
  EXPECT_EQ(count<CallSettled>(), 1);
}

TEST_F(DialFlowTest, TheNumberIsDialledOnlyOnceTheProfessionalAnswers) {
  dialling();
  EXPECT_EQ(count<DialRemote>(), 1);
  EXPECT_EQ(count<ArmTimer>(), 2);  // the agent's ring, then the number's
}

TEST_F(DialFlowTest, AnAnsweredCallbackIsBridgedAndRecordedAsReached) {
  talking();
  EXPECT_EQ(count<Bridge>(), 1);
  EXPECT_EQ(attempts(), (std::vector<AttemptOutcome>{AttemptOutcome::kReached}));
  EXPECT_EQ(events(), (std::vector<std::string>{"call.agent_ringing", "call.remote_ringing",
                                                "call.answered"}));
  EXPECT_EQ(count<CompleteContact>(), 0);  // the conversation goes on
}

TEST_F(DialFlowTest, ClickToCallRecordsNoAttempt) {
  state.task_id.clear();
  talking();
  feed(RemoteLegEnded{flow::LegEnd::kRemoteHangUp, 0});
  EXPECT_TRUE(attempts().empty());
  expectSettled();
}

TEST_F(DialFlowTest, TheDialledPartyHangingUpEndsTheCallByRemote) {
  talking();
  feed(RemoteLegEnded{flow::LegEnd::kRemoteHangUp, 0});
  expectSettled();
  EXPECT_EQ(ended()->by, "remote");
  EXPECT_EQ(count<DropAgentLeg>(), 1);
  EXPECT_EQ(failure(), nullptr);
}

TEST_F(DialFlowTest, TheProfessionalHangingUpEndsTheCallByAgent) {
  talking();
  feed(AgentLegEnded{flow::LegEnd::kRemoteHangUp, 0});
  expectSettled();
  EXPECT_EQ(ended()->by, "agent");
  EXPECT_EQ(count<DropRemoteLeg>(), 1);
}

TEST_F(DialFlowTest, HangingUpThroughTheApiDropsBothLegs) {
  talking();
  feed(HangUp{});
  expectSettled();
  EXPECT_EQ(ended()->by, "agent");
  EXPECT_EQ(count<DropRemoteLeg>(), 1);
  EXPECT_EQ(count<DropAgentLeg>(), 1);
}

struct Refusal {
  int status;
  flow::LegEnd how;
  const char* result;
  AttemptOutcome outcome;
};

class DialRefusalTest : public DialFlowTest, public ::testing::WithParamInterface<Refusal> {};

TEST_P(DialRefusalTest, IsRecordedOnTheCallAndAsTheTasksAttempt) {
  const Refusal& r = GetParam();
  dialling();
  feed(RemoteLegEnded{r.how, r.status});
  expectSettled();
  ASSERT_NE(failure(), nullptr);
  EXPECT_EQ(failure()->result, r.result);
  EXPECT_EQ(failure()->status, r.status);
  EXPECT_EQ(attempts(), (std::vector<AttemptOutcome>{r.outcome}));
  EXPECT_EQ(count<DropAgentLeg>(), 1);  // the professional's phone is released too
}

INSTANTIATE_TEST_SUITE_P(
    Statuses, DialRefusalTest,
    ::testing::Values(Refusal{486, flow::LegEnd::kFailed, "busy", AttemptOutcome::kBusy},
                      Refusal{600, flow::LegEnd::kFailed, "busy", AttemptOutcome::kBusy},
                      Refusal{603, flow::LegEnd::kFailed, "rejected", AttemptOutcome::kRejected},
                      Refusal{480, flow::LegEnd::kFailed, "no_answer", AttemptOutcome::kNoAnswer},
                      Refusal{408, flow::LegEnd::kTimeout, "no_answer", AttemptOutcome::kNoAnswer},
                      Refusal{404, flow::LegEnd::kFailed, "failed", AttemptOutcome::kFailed},
                      Refusal{503, flow::LegEnd::kFailed, "failed", AttemptOutcome::kFailed}),
    [](const auto& p) { return "status_" + std::to_string(p.param.status); });

TEST_F(DialFlowTest, NoAnswerInTimeCancelsTheNumberAndRecordsNoAnswer) {
  dialling();
  feed(RemoteRinging{});
  feed(TimerFired{state.timer_id});
  expectSettled();
  EXPECT_EQ(failure()->result, "no_answer");
  EXPECT_EQ(attempts(), (std::vector<AttemptOutcome>{AttemptOutcome::kNoAnswer}));
  EXPECT_EQ(count<DropRemoteLeg>(), 1);
  EXPECT_EQ(count<DropAgentLeg>(), 1);
}

TEST_F(DialFlowTest, AStaleTimerChangesNothing) {
  dialling();
  Actions a = feed(TimerFired{state.timer_id - 1});
  EXPECT_TRUE(a.empty());
  EXPECT_EQ(state.phase, Phase::kDialling);
}

TEST_F(DialFlowTest, TheProfessionalsPhoneNotAnsweringEndsWithoutAnAttempt) {
  ringingAgent();
  feed(TimerFired{state.timer_id});
  expectSettled();
  EXPECT_EQ(failure()->result, "agent_no_answer");
  EXPECT_TRUE(attempts().empty());
  EXPECT_EQ(count<DialRemote>(), 0);
}

TEST_F(DialFlowTest, TheProfessionalsPhoneRefusingEndsWithoutAnAttempt) {
  ringingAgent();
  feed(AgentLegEnded{flow::LegEnd::kFailed, 486});
  expectSettled();
  EXPECT_EQ(failure()->result, "agent_no_answer");
  EXPECT_EQ(failure()->status, 486);
  EXPECT_TRUE(attempts().empty());
}

TEST_F(DialFlowTest, UnusableMediaFromTheProfessionalsPhoneEndsBeforeDialling) {
  ringingAgent();
  feed(AgentAnswered{false});
  expectSettled();
  EXPECT_EQ(failure()->result, "failed");
  EXPECT_EQ(count<DialRemote>(), 0);
  EXPECT_TRUE(attempts().empty());
}

TEST_F(DialFlowTest, HangingUpBeforeTheNumberRingsIsNoAttempt) {
  dialling();
  feed(AgentLegEnded{flow::LegEnd::kRemoteHangUp, 0});
  expectSettled();
  EXPECT_EQ(failure()->result, "cancelled");
  EXPECT_TRUE(attempts().empty());
  EXPECT_EQ(count<DropRemoteLeg>(), 1);
}

TEST_F(DialFlowTest, HangingUpWhileTheNumberRingsIsANoAnswerAttempt) {
  dialling();
  feed(RemoteRinging{});
  feed(HangUp{});
  expectSettled();
  EXPECT_EQ(failure()->result, "cancelled");
  EXPECT_EQ(attempts(), (std::vector<AttemptOutcome>{AttemptOutcome::kNoAnswer}));
}

TEST_F(DialFlowTest, HangingUpWhileThePhoneRingsCancels) {
  ringingAgent();
  feed(HangUp{});
  expectSettled();
  EXPECT_EQ(failure()->result, "cancelled");
  EXPECT_EQ(count<DropAgentLeg>(), 1);
}

TEST_F(DialFlowTest, HangingUpBeforeRoutingAnswersEndsOnceTheCallIsRecorded) {
  begin();
  EXPECT_TRUE(feed(HangUp{}).empty());
  feed(Started{std::string("c-9")});
  expectSettled();
  EXPECT_EQ(count<RingAgent>(), 0);
  EXPECT_EQ(failure()->result, "cancelled");
}

TEST_F(DialFlowTest, RingingIsRecordedOnce) {
  dialling();
  feed(RemoteRinging{});
  feed(RemoteRinging{});
  EXPECT_EQ(events(), (std::vector<std::string>{"call.agent_ringing", "call.remote_ringing"}));
}

TEST_F(DialFlowTest, ShutdownWhileDiallingEndsByLuukkuWithoutAnAttempt) {
  dialling();
  feed(Shutdown{});
  expectSettled();
  EXPECT_EQ(ended()->by, "luukku");
  EXPECT_EQ(ended()->reason, "shutdown");
  EXPECT_TRUE(attempts().empty());
}

TEST_F(DialFlowTest, ShutdownBeforeRoutingAnswersForgetsTheCall) {
  begin();
  feed(Shutdown{});
  EXPECT_TRUE(state.settled);
  EXPECT_TRUE(events().empty());
}

TEST_F(DialFlowTest, NothingFollowsTheEnd) {
  talking();
  feed(HangUp{});
  EXPECT_TRUE(feed(RemoteLegEnded{flow::LegEnd::kRemoteHangUp, 0}).empty());
  EXPECT_TRUE(feed(AgentLegEnded{flow::LegEnd::kRemoteHangUp, 0}).empty());
  EXPECT_TRUE(feed(Shutdown{}).empty());
}

TEST_F(DialFlowTest, TheAttemptIsRecordedBeforeTheContactCompletesAndTheCallEnds) {
  dialling();
  feed(RemoteLegEnded{flow::LegEnd::kFailed, 486});
  std::vector<int> order;
  for (const auto& a : log) {
    if (std::holds_alternative<RecordAttempt>(a)) order.push_back(1);
    if (std::holds_alternative<CompleteContact>(a)) order.push_back(2);
    if (const auto* r = std::get_if<RecordEvent>(&a);
        r && std::holds_alternative<core::CallEnded>(r->event)) {
      order.push_back(3);
    }
  }
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

// ---- once answered: the talk (talk_flow.h) with the citizen as its customer --------------------

namespace talking_tests {

using talk::Party;

class DialTalkTest : public DialFlowTest {
 public:
  Status ask(talk::Input input) {
    Actions a = feed(Talk{std::move(input)});
    std::optional<Status> reply;
    for (const auto& x : a) {
      if (const auto* t = std::get_if<talk::Action>(&x)) {
        if (const auto* r = std::get_if<talk::Reply>(t)) reply = r->status;
      }
    }
    EXPECT_TRUE(reply.has_value()) << "every request gets one reply";
    return reply.value_or(Status::ok());
  }
  template <typename A>
  int countTalk() const {
    int n = 0;
    for (const auto& a : log) {
      if (const auto* t = std::get_if<talk::Action>(&a)) n += std::holds_alternative<A>(*t);
    }
    return n;
  }
  void consulting() {
    talking();
    ASSERT_TRUE(ask(talk::Consult{{talk::Target::Kind::kExtension, "1002"}, "api"}));
    ASSERT_EQ(state.talk.phase, talk::Phase::kConsulting);
  }
  const talk::Target colleague{talk::Target::Kind::kExtension, "1002"};
};

TEST_F(DialTalkTest, HoldPlaysMusicToTheCitizenAndResumeConnectsThemAgain) {
  talking();
  EXPECT_TRUE(ask(talk::Hold{"api"}));
  EXPECT_EQ(state.talk.phase, talk::Phase::kHeld);
  EXPECT_EQ(countTalk<talk::Music>(), 1);
  EXPECT_TRUE(ask(talk::Resume{"api"}));
  EXPECT_EQ(state.talk.phase, talk::Phase::kTalking);
  EXPECT_EQ(countTalk<talk::Connect>(), 1);
  EXPECT_EQ(events(), (std::vector<std::string>{"call.agent_ringing", "call.remote_ringing",
                                                "call.answered", "call.held", "call.resumed"}));
}

TEST_F(DialTalkTest, RequestsBeforeTheAnswerAreRefusedAsConflicts) {
  dialling();
  Status st = ask(talk::Hold{"api"});
  EXPECT_EQ(st.code(), ErrorCode::kConflict);
  EXPECT_EQ(state.phase, Phase::kDialling);
}

TEST_F(DialTalkTest, ABlindTransferIsRefusedForNobodyCouldTakeTheCitizenBack) {
  talking();
  Status st = ask(talk::BlindTransfer{colleague, "api"});
  EXPECT_EQ(st.code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(state.talk.phase, talk::Phase::kTalking);
  EXPECT_EQ(countTalk<talk::RingOther>(), 0);
}

TEST_F(DialTalkTest, ConsultSwapAndAttendedTransferHandTheCitizenOver) {
  consulting();
  EXPECT_EQ(countTalk<talk::RingOther>(), 1);
  feed(Talk{talk::OtherAnswered{true}});
  EXPECT_TRUE(ask(talk::Swap{"api"}));
  EXPECT_TRUE(ask(talk::Swap{"api"}));
  EXPECT_TRUE(ask(talk::CompleteTransfer{"api"}));
  EXPECT_EQ(state.talk.phase, talk::Phase::kHandedOver);
  // The professional is free at once; the call goes on between the citizen and the colleague.
  EXPECT_EQ(count<CompleteContact>(), 1);
  EXPECT_EQ(count<DropAgentLeg>(), 1);
  EXPECT_EQ(state.phase, Phase::kTalking);
  feed(Talk{talk::OtherLegEnded{flow::LegEnd::kRemoteHangUp, 0}});
  expectSettled();
  EXPECT_EQ(ended()->by, "other");
  EXPECT_EQ(count<CompleteContact>(), 1);  // not again
}

TEST_F(DialTalkTest, TheCitizenHangingUpAfterAHandOverEndsTheCallByRemote) {
  consulting();
  feed(Talk{talk::OtherAnswered{true}});
  ASSERT_TRUE(ask(talk::CompleteTransfer{"api"}));
  feed(RemoteLegEnded{flow::LegEnd::kRemoteHangUp, 0});
  expectSettled();
  EXPECT_EQ(ended()->by, "remote");
  EXPECT_EQ(countTalk<talk::DropOther>(), 1);
}

TEST_F(DialTalkTest, TheProfessionalHangingUpWhileTheColleagueRingsEndsTheCall) {
  consulting();
  feed(AgentLegEnded{flow::LegEnd::kRemoteHangUp, 0});
  expectSettled();
  EXPECT_EQ(ended()->by, "agent");
  EXPECT_EQ(countTalk<talk::DropOther>(), 1);
  EXPECT_EQ(count<DropRemoteLeg>(), 1);
}

TEST_F(DialTalkTest, HangingUpThroughTheApiOnAnAnsweredConsultationHandsTheCitizenOver) {
  consulting();
  feed(Talk{talk::OtherAnswered{true}});
  feed(HangUp{});
  EXPECT_EQ(state.talk.phase, talk::Phase::kHandedOver);
  EXPECT_EQ(state.phase, Phase::kTalking);
  EXPECT_EQ(count<DropAgentLeg>(), 1);
  EXPECT_EQ(count<CompleteContact>(), 1);
}

TEST_F(DialTalkTest, AConferenceMixesAllThreeAndCancelReturnsToTheCitizen) {
  consulting();
  feed(Talk{talk::OtherAnswered{true}});
  EXPECT_TRUE(ask(talk::Conference{"api"}));
  EXPECT_EQ(countTalk<talk::Mix>(), 1);
  EXPECT_TRUE(ask(talk::CancelConsult{"api"}));
  EXPECT_EQ(state.talk.phase, talk::Phase::kTalking);
  EXPECT_EQ(countTalk<talk::DropOther>(), 1);
}

TEST_F(DialTalkTest, AColleagueWhoDoesNotAnswerLeavesTheCitizenHeldForTheProfessional) {
  consulting();
  feed(Talk{talk::TimerFired{state.talk.timer_id}});
  EXPECT_EQ(state.talk.phase, talk::Phase::kHeld);
  EXPECT_EQ(state.phase, Phase::kTalking);
  EXPECT_TRUE(ask(talk::Resume{"api"}));
}

TEST_F(DialTalkTest, ShutdownDropsTheConsultedPartyToo) {
  consulting();
  feed(Shutdown{});
  expectSettled();
  EXPECT_EQ(countTalk<talk::DropOther>(), 1);
}

}  // namespace talking_tests

// ---- a call the professional's desk phone dialled itself (from_phone) ------------------------

class PhoneDialFlowTest : public DialFlowTest {
 public:
  PhoneDialFlowTest() {
    state.from_phone = true;
    state.task_id.clear();
  }
  void phoneDialling() {
    begin();
    feed(Started{std::string("c-9")});
    ASSERT_EQ(state.phase, Phase::kDialling);
  }
  void phoneTalking() {
    phoneDialling();
    feed(RemoteAnswered{true});
    ASSERT_EQ(state.phase, Phase::kTalking);
  }
  // The status the phone's INVITE was refused with; 0 when it was not.
  int refusal() const {
    for (const auto& a : log) {
      if (const auto* r = std::get_if<RefusePhone>(&a)) return r->status;
    }
    return 0;
  }
};

TEST_F(PhoneDialFlowTest, NothingRingsFirstThePhoneHearsTheNumberRingAndIsAnsweredWithIt) {
  phoneDialling();
  EXPECT_EQ(count<RingAgent>(), 0);
  EXPECT_EQ(count<DialRemote>(), 1);
  feed(RemoteRinging{});
  EXPECT_EQ(count<RingPhone>(), 1);
  EXPECT_EQ(count<AnswerPhone>(), 0);
  feed(RemoteAnswered{true});
  EXPECT_EQ(count<AnswerPhone>(), 1);
  EXPECT_EQ(count<Bridge>(), 1);
  EXPECT_EQ(state.phase, Phase::kTalking);
  EXPECT_EQ(refusal(), 0);
  // No "agent_ringing": the professional's phone was not rung.
  EXPECT_EQ(events(), (std::vector<std::string>{"call.remote_ringing", "call.answered"}));
}

TEST_F(PhoneDialFlowTest, TheNumbersRefusalReachesThePhoneAsItCame) {
  phoneDialling();
  feed(RemoteLegEnded{flow::LegEnd::kFailed, 486});
  EXPECT_EQ(refusal(), 486);
  EXPECT_EQ(count<DropAgentLeg>(), 0);
  EXPECT_EQ(failure()->result, "busy");
  expectSettled();
}

TEST_F(PhoneDialFlowTest, ANumberNotAnsweredInTimeIsRefusedToThePhoneWith480) {
  phoneDialling();
  feed(TimerFired{state.timer_id});
  EXPECT_EQ(refusal(), 480);
  EXPECT_EQ(count<DropRemoteLeg>(), 1);
  expectSettled();
}

TEST_F(PhoneDialFlowTest, ANetworkTimeoutIsRefusedToThePhoneWith408) {
  phoneDialling();
  feed(RemoteLegEnded{flow::LegEnd::kTimeout, 0});
  EXPECT_EQ(refusal(), 408);
  expectSettled();
}

TEST_F(PhoneDialFlowTest, ACallRoutingRefusesIsRefusedToThePhoneWithNothingRecorded) {
  begin();
  feed(Started{Status{ErrorCode::kFailedPrecondition, "agent 'a1' is not signed in"}});
  EXPECT_EQ(refusal(), 403);
  EXPECT_TRUE(events().empty());
  EXPECT_EQ(state.phase, Phase::kEnded);
  EXPECT_EQ(refusalStatusOf(Status{ErrorCode::kPermissionDenied, "x"}), 403);
  EXPECT_EQ(refusalStatusOf(notFound("x")), 404);
  EXPECT_EQ(refusalStatusOf(invalidArgument("x")), 484);
  EXPECT_EQ(refusalStatusOf(Status{ErrorCode::kUnavailable, "x"}), 503);
}

TEST_F(PhoneDialFlowTest, ThePhoneGivingUpWhileTheNumberRingsCancelsTheCall) {
  phoneDialling();
  feed(AgentLegEnded{flow::LegEnd::kRemoteHangUp, 0});
  EXPECT_EQ(count<DropRemoteLeg>(), 1);
  EXPECT_EQ(refusal(), 0);
  EXPECT_EQ(failure()->result, "cancelled");
  expectSettled();
}

TEST_F(PhoneDialFlowTest, HandedOverByThePhonesTransferTheCallEndsForItsProfessional) {
  phoneTalking();
  feed(HandedOver{});
  EXPECT_EQ(ended()->by, "agent");
  EXPECT_EQ(ended()->reason, "transferred");
  EXPECT_EQ(failure(), nullptr);
  expectSettled();
}

TEST_F(PhoneDialFlowTest, NotHandedOverWhileTheProfessionalConsultsSomeoneElse) {
  phoneTalking();
  feed(Talk{talk::Consult{{talk::Target::Kind::kExtension, "1002"}, "api"}});
  EXPECT_TRUE(feed(HandedOver{}).empty());
  EXPECT_EQ(state.phase, Phase::kTalking);
}

}  // namespace
}  // namespace luukku::telephony::dial
