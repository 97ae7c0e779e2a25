// The call flow, step by step, with plain values: every transition of call_flow.h's table,
// the hang-up in every phase, and the order of a call's events. No SIP, media or threads: the
// inputs are what the switchboard would feed, the actions what it would perform.
#include "telephony/call_flow.h"

#include <gtest/gtest.h>

#include <functional>

#include "telephony/flow_actions.h"

namespace luukku::telephony::flow {
namespace {
using namespace std::chrono_literals;

const Timestamp kStart = fromMicros(1'800'000'000'000'000);

using testing::count;
using testing::find;

// The talk's actions (talk_flow.h) the flow passes on to the shell.
template <typename A>
const A* findTalk(const Actions& actions) {
  for (const auto& a : actions) {
    if (const auto* t = std::get_if<talk::Action>(&a)) {
      if (const A* p = std::get_if<A>(t)) return p;
    }
  }
  return nullptr;
}

// The talk's answer to the request just fed, or null.
const Status* replyOf(const Actions& actions) {
  const auto* r = findTalk<talk::Reply>(actions);
  return r ? &r->status : nullptr;
}

class CallFlowTest : public ::testing::Test {
 public:
  CallFlowTest() {
    state.line.line_id = "duty";
    state.line.language = "fi";
    state.from_number = "+358401234567";
  }

  Actions begin() { return keep(start(state, settings, now)); }
  Actions feed(Input input) { return keep(step(state, input, settings, now)); }

  // An open line's call, queued at place `position`.
  void queued(int position = 1) {
    begin();
    ArrivalResult r;
    r.position = position;
    r.wait = 60s;
    feed(Started{StartResult{"c-1", r}});
    ASSERT_EQ(state.phase, Phase::kQueued);
  }
  // Queued, and agent a1's phone rings.
  void ringing() {
    queued();
    feed(OfferMade{"a1", true});
    ASSERT_TRUE(state.agent_leg);
  }
  void bridged() {
    ringing();
    feed(AgentAnswered{true});
    feed(AcceptReplied{Status::ok()});
    ASSERT_EQ(state.phase, Phase::kBridged);
  }
  Actions playEnds() { return feed(Played{state.play_id}); }
  Actions timerFires() { return feed(TimerFired{state.timer_id}); }
  void press(std::string_view digits) {
    for (char d : digits) feed(Digit{d});
  }

  // The types of every event recorded so far, in order.
  std::vector<std::string> events() const {
    std::vector<std::string> out;
    for (const auto& a : log) {
      if (const auto* r = std::get_if<RecordEvent>(&a))
        out.emplace_back(core::callEventType(r->event));
    }
    return out;
  }
  const core::CallEnded* ended() const {
    for (const auto& a : log) {
      if (const auto* r = std::get_if<RecordEvent>(&a)) {
        if (const auto* e = std::get_if<core::CallEnded>(&r->event)) return e;
      }
    }
    return nullptr;
  }
  // Prompts of the last Play, by name.
  std::vector<std::string> lastPlayed() const {
    for (auto it = log.rbegin(); it != log.rend(); ++it) {
      if (const auto* p = std::get_if<Play>(&*it)) {
        std::vector<std::string> out;
        for (const auto& s : p->says) {
          out.emplace_back(s.kind == Say::Kind::kPrompt         ? std::string(promptName(s.prompt))
                           : s.kind == Say::Kind::kMusicOnHold  ? "music"
                           : s.kind == Say::Kind::kDigits       ? "digits:" + s.digits
                           : s.kind == Say::Kind::kBeep         ? "beep"
                           : s.kind == Say::Kind::kOpeningHours ? "hours"
                                                                : "position");
        }
        return out;
      }
    }
    return {};
  }

  CallState state;
  Settings settings;
  Timestamp now = kStart;
  Actions log;  // every action so far

 private:
  Actions keep(Actions actions) {
    log.insert(log.end(), actions.begin(), actions.end());
    return actions;
  }
};

// ---- starting ---------------------------------------------------------------------------------

TEST_F(CallFlowTest, OpenLineWelcomesAndAsksRoutingToQueueTheCall) {
  Actions a = begin();
  EXPECT_EQ(state.phase, Phase::kStarting);
  ASSERT_NE(find<StartCall>(a), nullptr);
  EXPECT_TRUE(find<StartCall>(a)->arrive);
  EXPECT_EQ(lastPlayed(), std::vector<std::string>{"welcome"});
}

TEST_F(CallFlowTest, QueuedCallHearsItsPlaceThenMusic) {
  queued(3);
  EXPECT_EQ(state.contact_id, "c-1");
  EXPECT_EQ(events(), std::vector<std::string>{"call.announced"});
  EXPECT_EQ(lastPlayed(), (std::vector<std::string>{"welcome", "position", "callback_offer"}));
  Actions a = playEnds();
  ASSERT_NE(find<Play>(a), nullptr);
  EXPECT_TRUE(find<Play>(a)->loop);
  EXPECT_EQ(lastPlayed(), std::vector<std::string>{"music"});
}

TEST_F(CallFlowTest, RoutingFailureOnStartSaysItCannotTakeTheCallAndHangsUp) {
  begin();
  feed(Started{unavailable("store down")});
  EXPECT_EQ(state.phase, Phase::kFarewell);
  EXPECT_EQ(lastPlayed(), std::vector<std::string>{"cannot_take_call"});
  Actions a = playEnds();
  EXPECT_EQ(count<HangUpCaller>(a), 1);
  EXPECT_EQ(count<CallSettled>(a), 1);
  EXPECT_TRUE(events().empty());  // routing never recorded the call: nothing to end
}

TEST_F(CallFlowTest, DivertedCallHearsBusyThenLuukkuHangsUp) {
  begin();
  ArrivalResult r;
  r.kind = ArrivalResult::Kind::kDiverted;
  r.task_id = "t-1";
  r.reason = "busy";
  feed(Started{StartResult{"c-1", r}});
  EXPECT_EQ(lastPlayed(), (std::vector<std::string>{"busy", "callback_registered"}));
  playEnds();
  EXPECT_EQ(events(), (std::vector<std::string>{"call.callback_task", "call.ended"}));
  EXPECT_EQ(ended()->by, "luukku");
  EXPECT_EQ(ended()->reason, "diverted");
}

TEST_F(CallFlowTest, RejectedCallerWithANumberHearsItCannotBeTaken) {
  begin();
  ArrivalResult r;
  r.kind = ArrivalResult::Kind::kRejected;
  r.reason = "queue_full";
  feed(Started{StartResult{"c-1", r}});
  EXPECT_EQ(lastPlayed(), std::vector<std::string>{"cannot_take_call"});
  playEnds();
  EXPECT_EQ(ended()->reason, "rejected");
}

// ---- closed line --------------------------------------------------------------------------------

TEST_F(CallFlowTest, ClosedLineGivesItsHoursAndRecordsTheCallWithoutQueueingIt) {
  state.line.open = false;
  Actions a = begin();
  EXPECT_EQ(state.phase, Phase::kClosedMenu);
  ASSERT_NE(find<StartCall>(a), nullptr);
  EXPECT_FALSE(find<StartCall>(a)->arrive);
  EXPECT_EQ(lastPlayed(), (std::vector<std::string>{"closed", "hours", "callback_offer"}));
}

TEST_F(CallFlowTest, ClosedMenuThatTimesOutArrivesWithoutACallbackRequest) {
  state.line.open = false;
  begin();
  feed(Started{StartResult{"c-1", std::nullopt}});
  Actions a = playEnds();
  ASSERT_NE(find<ArmTimer>(a), nullptr);
  EXPECT_EQ(find<ArmTimer>(a)->after, settings.closed_menu);
  a = timerFires();
  ASSERT_NE(find<Arrive>(a), nullptr);
  EXPECT_FALSE(find<Arrive>(a)->wants_callback);
  EXPECT_EQ(state.phase, Phase::kArriving);
}

TEST_F(CallFlowTest, ClosedMenuPressOneAsksForACallback) {
  state.line.open = false;
  begin();
  feed(Started{StartResult{"c-1", std::nullopt}});
  Actions a = feed(Digit{'1'});
  ASSERT_NE(find<Arrive>(a), nullptr);
  EXPECT_TRUE(find<Arrive>(a)->wants_callback);
  EXPECT_EQ(count<CountCallbackRequest>(a), 1);
}

TEST_F(CallFlowTest, ClosedMenuIgnoresDigitsBeforeRoutingHasRecordedTheCall) {
  state.line.open = false;
  begin();
  Actions a = feed(Digit{'1'});
  EXPECT_TRUE(a.empty());
  EXPECT_EQ(state.phase, Phase::kClosedMenu);
}

TEST_F(CallFlowTest, ClosedMenuWithheldCallerKeysANumberThatBecomesTheirs) {
  state.line.open = false;
  state.from_number.clear();
  begin();
  feed(Started{StartResult{"c-1", std::nullopt}});
  feed(Digit{'1'});
  EXPECT_EQ(state.phase, Phase::kEnterNumber);
  press("0401234567#");
  EXPECT_EQ(state.phase, Phase::kConfirmNumber);
  EXPECT_EQ(lastPlayed(),
            (std::vector<std::string>{"number_is", "digits:0401234567", "confirm_number"}));
  Actions a = feed(Digit{'1'});
  ASSERT_NE(find<Arrive>(a), nullptr);
  EXPECT_TRUE(find<Arrive>(a)->wants_callback);
  EXPECT_EQ(state.from_number, "+358401234567");
  EXPECT_EQ(events(), std::vector<std::string>{"call.number_keyed"});
}

// ---- offers and the agent -----------------------------------------------------------------------

TEST_F(CallFlowTest, OfferRingsTheAgentsPhone) {
  queued();
  Actions a = feed(OfferMade{"a1", true});
  ASSERT_NE(find<RingAgent>(a), nullptr);
  EXPECT_EQ(find<RingAgent>(a)->agent_id, "a1");
  EXPECT_EQ(events().back(), "call.agent_ringing");
}

TEST_F(CallFlowTest, OfferToAnAgentWithoutAPhoneIsDeclinedAndReported) {
  queued();
  Actions a = feed(OfferMade{"a1", false});
  EXPECT_EQ(count<Decline>(a), 1);
  EXPECT_EQ(count<ReportNoPhone>(a), 1);
  EXPECT_EQ(count<RingAgent>(a), 0);
}

TEST_F(CallFlowTest, AnsweredOfferIsAcceptedThenBridged) {
  ringing();
  Actions a = feed(AgentAnswered{true});
  ASSERT_NE(find<Accept>(a), nullptr);
  EXPECT_EQ(count<Bridge>(a), 0);  // not before routing has accepted
  a = feed(AcceptReplied{Status::ok()});
  EXPECT_EQ(count<Bridge>(a), 1);
  EXPECT_EQ(state.phase, Phase::kBridged);
  EXPECT_EQ(events().back(), "call.answered");
}

TEST_F(CallFlowTest, AnswerWithUnusableMediaIsDeclined) {
  ringing();
  Actions a = feed(AgentAnswered{false});
  EXPECT_EQ(count<DropAgentLeg>(a), 1);
  EXPECT_EQ(count<Decline>(a), 1);
  EXPECT_EQ(state.phase, Phase::kQueued);
}

TEST_F(CallFlowTest, AcceptRefusedByRoutingDropsTheAgentAndKeepsWaiting) {
  ringing();
  feed(AgentAnswered{true});
  Actions a = feed(AcceptReplied{conflict("offer expired")});
  EXPECT_EQ(count<DropAgentLeg>(a), 1);
  EXPECT_EQ(state.phase, Phase::kQueued);
  EXPECT_TRUE(state.in_queue);
}

TEST_F(CallFlowTest, OfferThatEndsWhileRingingHangsUpTheAgentsPhone) {
  ringing();
  Actions a = feed(OfferEnded{"a1"});
  EXPECT_EQ(count<DropAgentLeg>(a), 1);
  EXPECT_EQ(events().back(), "call.agent_not_answering");
  EXPECT_FALSE(state.agent_leg);
}

TEST_F(CallFlowTest, UnreachablePhoneReportsItsAgentInsteadOfDeclining) {
  for (int status : {503, 480, 408, 0}) {
    state = CallState{};
    state.from_number = "+358401234567";
    ringing();
    Actions a = feed(AgentLegEnded{LegEnd::kFailed, status});
    EXPECT_EQ(count<ReportUnreachable>(a), 1) << status;
    EXPECT_EQ(count<Decline>(a), 0) << status;
    EXPECT_EQ(events().back(), "call.agent_unreachable") << status;
  }
}

TEST_F(CallFlowTest, PhoneThatNeverAnsweredSipIsUnreachable) {
  ringing();
  Actions a = feed(AgentLegEnded{LegEnd::kTimeout, 0});
  EXPECT_EQ(count<ReportUnreachable>(a), 1);
}

TEST_F(CallFlowTest, BusyOrDecliningPhoneDeclinesTheOffer) {
  for (int status : {486, 600, 603}) {
    state = CallState{};
    state.from_number = "+358401234567";
    ringing();
    Actions a = feed(AgentLegEnded{LegEnd::kFailed, status});
    EXPECT_EQ(count<Decline>(a), 1) << status;
    EXPECT_EQ(count<ReportUnreachable>(a), 0) << status;
    EXPECT_EQ(events().back(), "call.agent_refused") << status;
  }
}

TEST_F(CallFlowTest, RingFailureDeclinesTheOffer) {
  ringing();
  Actions a = feed(RingFailed{});
  EXPECT_EQ(count<Decline>(a), 1);
  EXPECT_FALSE(state.agent_leg);
}

TEST_F(CallFlowTest, OfferWhileRecordingAMessageIsDeclined) {
  queued();
  feed(Digit{'1'});
  ASSERT_EQ(state.phase, Phase::kRecording);
  Actions a = feed(OfferMade{"a2", true});
  EXPECT_EQ(count<Decline>(a), 1);
  EXPECT_EQ(count<RingAgent>(a), 0);
}

TEST_F(CallFlowTest, AgentWhoHangsUpEndsTheCall) {
  bridged();
  Actions a = feed(AgentLegEnded{LegEnd::kRemoteHangUp, 0});
  EXPECT_EQ(count<Complete>(a), 1);
  EXPECT_EQ(count<HangUpCaller>(a), 1);
  EXPECT_EQ(ended()->by, "agent");
  EXPECT_EQ(ended()->reason, "hang_up");
}

TEST_F(CallFlowTest, CallerWhoHangsUpWhileTalkingCompletesTheContact) {
  bridged();
  Actions a = feed(CallerLegEnded{LegEnd::kRemoteHangUp});
  EXPECT_EQ(count<Complete>(a), 1);
  EXPECT_EQ(count<Abandon>(a), 0);
  EXPECT_EQ(ended()->by, "caller");
}

// ---- hold and transfer ----------------------------------------------------------------------

TEST_F(CallFlowTest, HoldPlaysMusicToTheCallerAlone) {
  bridged();
  Actions a = feed(Hold{"phone"});
  EXPECT_EQ(state.phase, Phase::kBridged);
  EXPECT_EQ(state.talk.phase, talk::Phase::kHeld);
  ASSERT_NE(findTalk<talk::Music>(a), nullptr);
  EXPECT_EQ(findTalk<talk::Music>(a)->party, talk::Party::kCustomer);
  EXPECT_EQ(events().back(), "call.held");
  const auto& held = std::get<core::CallHeld>(find<RecordEvent>(a)->event);
  EXPECT_EQ(held.agent_id, "a1");
  EXPECT_EQ(held.by, "phone");
  ASSERT_NE(replyOf(a), nullptr);
  EXPECT_TRUE(replyOf(a)->isOk());
}

TEST_F(CallFlowTest, ResumeConnectsCallerAndAgentAgainWithoutCountingANewAnswer) {
  bridged();
  feed(Hold{"api"});
  Actions a = feed(Resume{"api"});
  EXPECT_EQ(state.talk.phase, talk::Phase::kTalking);
  ASSERT_NE(findTalk<talk::Connect>(a), nullptr);
  EXPECT_EQ(count<Bridge>(a), 0);
  EXPECT_EQ(events().back(), "call.resumed");
}

TEST_F(CallFlowTest, HoldOutsideATalkIsRefusedAndRepeatsChangeNothing) {
  queued();
  Actions a = feed(Hold{"api"});
  ASSERT_NE(replyOf(a), nullptr);
  EXPECT_EQ(replyOf(a)->code(), ErrorCode::kConflict);
  bridged();
  a = feed(Resume{"phone"});  // a phone's re-INVITE that resumes nothing
  EXPECT_TRUE(replyOf(a)->isOk());
  EXPECT_EQ(a.size(), 1u);
  feed(Hold{"phone"});
  a = feed(Hold{"phone"});
  EXPECT_TRUE(replyOf(a)->isOk());
  EXPECT_EQ(a.size(), 1u);
}

TEST_F(CallFlowTest, AgentWhoHangsUpWhileHoldingEndsTheCall) {
  bridged();
  feed(Hold{"api"});
  Actions a = feed(AgentLegEnded{LegEnd::kRemoteHangUp, 0});
  EXPECT_EQ(count<Complete>(a), 1);
  EXPECT_EQ(count<HangUpCaller>(a), 1);
  EXPECT_EQ(state.phase, Phase::kEnded);
  EXPECT_EQ(ended()->by, "agent");
}

TEST_F(CallFlowTest, CallerWhoHangsUpWhileHeldCompletesTheContact) {
  bridged();
  feed(Hold{"phone"});
  Actions a = feed(CallerLegEnded{LegEnd::kRemoteHangUp});
  EXPECT_EQ(count<Complete>(a), 1);
  EXPECT_EQ(count<DropAgentLeg>(a), 1);
  EXPECT_EQ(ended()->by, "caller");
  EXPECT_TRUE(state.settled);
}

TEST_F(CallFlowTest, TransferToALineAsksRoutingAndKeepsTalkingUntilItAnswers) {
  bridged();
  Actions a = feed(TransferToLine{"duty", "phone"});
  ASSERT_NE(find<TransferToQueue>(a), nullptr);
  EXPECT_EQ(find<TransferToQueue>(a)->agent_id, "a1");
  EXPECT_EQ(find<TransferToQueue>(a)->line_id, "duty");
  EXPECT_EQ(find<TransferToQueue>(a)->event.to_kind, "line");
  EXPECT_EQ(find<TransferToQueue>(a)->event.by, "phone");
  EXPECT_EQ(count<DropAgentLeg>(a), 0);
  EXPECT_EQ(state.phase, Phase::kBridged);
}

TEST_F(CallFlowTest, TransferredCallWaitsAgainHearingItsPlaceThenMusic) {
  bridged();
  feed(Hold{"api"});
  feed(TransferToLine{"duty", "api"});
  ArrivalResult r;
  r.position = 1;
  Actions a = feed(TransferReplied{r});
  ASSERT_NE(find<TransferDone>(a), nullptr);
  EXPECT_TRUE(find<TransferDone>(a)->status.isOk());
  EXPECT_EQ(count<DropAgentLeg>(a), 1);
  EXPECT_EQ(state.phase, Phase::kQueued);
  EXPECT_TRUE(state.in_queue);
  EXPECT_TRUE(state.bridged_agent.empty());
  EXPECT_EQ(lastPlayed(), std::vector<std::string>{"position"});
  playEnds();
  EXPECT_EQ(lastPlayed(), std::vector<std::string>{"music"});
  // Routing offers it anew: the next agent's phone rings.
  feed(OfferMade{"a2", true});
  EXPECT_EQ(state.offer_agent, "a2");
}

// ---- the talk inside the call -----------------------------------------------------------------

const talk::Target kColleague{talk::Target::Kind::kExtension, "1002"};

TEST_F(CallFlowTest, BlindTransferNobodyAnswersPutsTheCallerBackInTheLinesQueue) {
  bridged();
  Actions a = feed(BlindTransfer{kColleague, "phone"});
  EXPECT_TRUE(replyOf(a)->isOk());
  EXPECT_EQ(count<DropAgentLeg>(a), 1);
  EXPECT_EQ(count<Complete>(a), 0);
  a = feed(talk::TimerFired{state.talk.timer_id});
  ASSERT_NE(find<TransferToQueue>(a), nullptr);
  EXPECT_EQ(find<TransferToQueue>(a)->line_id, "duty");
  EXPECT_EQ(find<TransferToQueue>(a)->event.by, "luukku");
  ArrivalResult r;
  r.position = 1;
  feed(TransferReplied{r});
  EXPECT_EQ(state.phase, Phase::kQueued);
  EXPECT_TRUE(state.in_queue);
  EXPECT_EQ(lastPlayed(), std::vector<std::string>{"position"});
  std::vector<std::string> e = events();
  EXPECT_NE(std::find(e.begin(), e.end(), "call.transfer_failed"), e.end());
}

TEST_F(CallFlowTest, AgentHangingUpOnAnAnsweredConsultationLeavesCallerAndColleagueTalking) {
  bridged();
  feed(Consult{kColleague, "api"});
  feed(OtherAnswered{true});
  Actions a = feed(AgentLegEnded{LegEnd::kRemoteHangUp, 0});
  EXPECT_EQ(count<Complete>(a), 1);
  EXPECT_EQ(count<HangUpCaller>(a), 0);
  EXPECT_EQ(state.phase, Phase::kBridged);
  EXPECT_EQ(state.talk.phase, talk::Phase::kHandedOver);
  // The colleague hangs up: the call is over.
  a = feed(OtherLegEnded{LegEnd::kRemoteHangUp, 0});
  EXPECT_EQ(count<HangUpCaller>(a), 1);
  EXPECT_EQ(ended()->by, "other");
  EXPECT_TRUE(state.settled);
}

TEST_F(CallFlowTest, CallerHangingUpMidConsultationDropsTheColleaguesLegToo) {
  bridged();
  feed(Consult{kColleague, "api"});
  feed(OtherAnswered{true});
  Actions a = feed(CallerLegEnded{LegEnd::kRemoteHangUp});
  EXPECT_NE(findTalk<talk::DropOther>(a), nullptr);
  EXPECT_EQ(count<DropAgentLeg>(a), 1);
  EXPECT_EQ(count<Complete>(a), 1);
  EXPECT_EQ(ended()->by, "caller");
}

TEST_F(CallFlowTest, ShutdownMidConsultationDropsEveryLeg) {
  bridged();
  feed(Consult{kColleague, "api"});
  Actions a = feed(Shutdown{});
  EXPECT_NE(findTalk<talk::DropOther>(a), nullptr);
  EXPECT_EQ(count<DropAgentLeg>(a), 1);
  EXPECT_EQ(count<HangUpCaller>(a), 1);
}

TEST_F(CallFlowTest, TransferToALineIsRefusedWhileConsulting) {
  bridged();
  feed(Consult{kColleague, "api"});
  Actions a = feed(TransferToLine{"duty", "api"});
  ASSERT_NE(find<TransferDone>(a), nullptr);
  EXPECT_EQ(find<TransferDone>(a)->status.code(), ErrorCode::kConflict);
  EXPECT_EQ(count<TransferToQueue>(a), 0);
}

TEST_F(CallFlowTest, TalkRequestsWhileATransferToALineIsInFlightAreRefused) {
  bridged();
  feed(TransferToLine{"duty", "api"});
  Actions a = feed(Consult{kColleague, "api"});
  ASSERT_NE(replyOf(a), nullptr);
  EXPECT_EQ(replyOf(a)->code(), ErrorCode::kConflict);
  EXPECT_EQ(findTalk<talk::RingOther>(a), nullptr);
}

TEST_F(CallFlowTest, TransferRefusedByRoutingKeepsTheCallWithTheAgent) {
  bridged();
  feed(TransferToLine{"closed-line", "api"});
  Actions a = feed(TransferReplied{conflict("the line is closed")});
  ASSERT_NE(find<TransferDone>(a), nullptr);
  EXPECT_EQ(find<TransferDone>(a)->status.code(), ErrorCode::kConflict);
  EXPECT_EQ(count<DropAgentLeg>(a), 0);
  EXPECT_EQ(state.phase, Phase::kBridged);
  EXPECT_EQ(state.bridged_agent, "a1");
  EXPECT_FALSE(state.transferring);
}

TEST_F(CallFlowTest, TransferOutsideATalkIsRefusedAtOnce) {
  queued();
  Actions a = feed(TransferToLine{"duty", "api"});
  ASSERT_NE(find<TransferDone>(a), nullptr);
  EXPECT_EQ(find<TransferDone>(a)->status.code(), ErrorCode::kConflict);
  EXPECT_EQ(count<TransferToQueue>(a), 0);
}

TEST_F(CallFlowTest, PhoneThatHangsUpAfterItsReferLeavesTheCallToTheTransfer) {
  bridged();
  feed(TransferToLine{"duty", "phone"});
  Actions a = feed(AgentLegEnded{LegEnd::kRemoteHangUp, 0});
  EXPECT_EQ(count<Complete>(a), 0);
  EXPECT_EQ(count<HangUpCaller>(a), 0);
  feed(TransferReplied{ArrivalResult{}});
  EXPECT_EQ(state.phase, Phase::kQueued);
}

TEST_F(CallFlowTest, RefusedTransferAfterThePhoneHungUpLeavesTheCallerACallbackTask) {
  bridged();
  feed(TransferToLine{"advice", "phone"});
  feed(AgentLegEnded{LegEnd::kRemoteHangUp, 0});
  Actions a = feed(
      TransferReplied{Status{ErrorCode::kFailedPrecondition, "service line 'advice' is closed"}});
  EXPECT_EQ(count<Complete>(a), 1);
  EXPECT_EQ(count<HangUpCaller>(a), 0);
  ASSERT_NE(find<CreateTask>(a), nullptr);
  EXPECT_EQ(find<CreateTask>(a)->number, "+358401234567");
  EXPECT_EQ(find<CreateTask>(a)->line_id, "advice");  // the line the caller was sent to
  feed(TaskReplied{TaskReplied::For::kCreateTask, std::string("t-9")});
  EXPECT_EQ(lastPlayed(), std::vector<std::string>{"callback_confirmed"});
  playEnds();
  EXPECT_EQ(ended()->reason, "callback_task");
}

TEST_F(CallFlowTest, BlindTransferNobodyAnswersAndTheLineRefusingLeavesACallbackTask) {
  bridged();
  feed(BlindTransfer{kColleague, "phone"});
  feed(talk::TimerFired{state.talk.timer_id});
  Actions a = feed(
      TransferReplied{Status{ErrorCode::kFailedPrecondition, "service line 'duty' is closed"}});
  EXPECT_EQ(count<HangUpCaller>(a), 0);
  ASSERT_NE(find<CreateTask>(a), nullptr);
  EXPECT_EQ(find<CreateTask>(a)->line_id, "duty");
  EXPECT_EQ(state.phase, Phase::kFarewell);
}

TEST_F(CallFlowTest, WithheldCallerTheLineRefusesAfterATransferKeysANumberForTheTask) {
  state.from_number.clear();
  bridged();
  feed(TransferToLine{"advice", "phone"});
  feed(AgentLegEnded{LegEnd::kRemoteHangUp, 0});
  feed(TransferReplied{Status{ErrorCode::kFailedPrecondition, "service line 'advice' is closed"}});
  EXPECT_EQ(state.phase, Phase::kRejectedMenu);
  EXPECT_EQ(lastPlayed(), (std::vector<std::string>{"busy", "callback_offer"}));
  feed(Digit{'1'});
  press("0401234567#1");
  ASSERT_NE(find<CreateTask>(log), nullptr);
  EXPECT_EQ(find<CreateTask>(log)->number, "+358401234567");
  EXPECT_EQ(find<CreateTask>(log)->line_id, "advice");
}

TEST_F(CallFlowTest, CallerWhoLeavesDuringATransferIsAbandonedFromTheQueue) {
  bridged();
  feed(TransferToLine{"duty", "api"});
  Actions gone = feed(CallerLegEnded{LegEnd::kRemoteHangUp});
  EXPECT_EQ(count<Complete>(gone), 0);  // the transfer's answer decides
  Actions a = feed(TransferReplied{ArrivalResult{}});
  EXPECT_EQ(count<Abandon>(a), 1);
  feed(TaskReplied{TaskReplied::For::kAbandon, std::string()});
  EXPECT_TRUE(state.settled);
  EXPECT_EQ(events().back(), "call.ended");
}

TEST_F(CallFlowTest, CallerWhoLeavesAsATransferIsRefusedCompletesTheAgentsContact) {
  bridged();
  feed(TransferToLine{"duty", "api"});
  feed(CallerLegEnded{LegEnd::kRemoteHangUp});
  Actions a = feed(TransferReplied{conflict("closed")});
  EXPECT_EQ(count<Complete>(a), 1);
  EXPECT_TRUE(state.settled);
}

TEST_F(CallFlowTest, CallerWhoLeavesAsTheAgentAnswersIsCompletedNotAbandoned) {
  ringing();
  feed(AgentAnswered{true});
  Actions a = feed(CallerLegEnded{LegEnd::kRemoteHangUp});
  EXPECT_EQ(count<Abandon>(a), 0);
  EXPECT_EQ(ended(), nullptr);  // waits for the accept
  a = feed(AcceptReplied{Status::ok()});
  ASSERT_EQ(count<Complete>(a), 1);
  EXPECT_EQ(find<Complete>(a)->agent_id, "a1");
  EXPECT_EQ(count<Bridge>(a), 0);
  EXPECT_EQ(events().back(), "call.ended");
}

TEST_F(CallFlowTest, AgentPhoneThatHangsUpAsRoutingAcceptsEndsTheCall) {
  ringing();
  feed(AgentAnswered{true});
  feed(AgentLegEnded{LegEnd::kRemoteHangUp, 0});
  Actions a = feed(AcceptReplied{Status::ok()});
  ASSERT_EQ(count<Complete>(a), 1);
  EXPECT_EQ(find<Complete>(a)->agent_id, "a1");
  EXPECT_EQ(count<Bridge>(a), 0);  // nobody to bridge to
  EXPECT_EQ(count<HangUpCaller>(a), 1);
  EXPECT_EQ(ended()->by, "agent");
}

// ---- callbacks from the queue -------------------------------------------------------------------

TEST_F(CallFlowTest, PressOneInTheQueueAsksForACallbackAndRecordsAMessage) {
  queued();
  Actions a = feed(Digit{'1'});
  ASSERT_NE(find<RequestCallback>(a), nullptr);
  EXPECT_EQ(find<RequestCallback>(a)->number, "");  // the number they called from
  EXPECT_EQ(find<RequestCallback>(a)->voice_ref, "c-1.wav");
  EXPECT_EQ(lastPlayed(), (std::vector<std::string>{"record_message", "beep"}));
  feed(TaskReplied{TaskReplied::For::kRequestCallback, std::string("t-1")});
  a = playEnds();
  ASSERT_NE(find<StartRecording>(a), nullptr);
  feed(Recorded{4.5, true, "pound"});
  EXPECT_EQ(lastPlayed(), std::vector<std::string>{"message_saved"});
  playEnds();
  EXPECT_EQ(events(),
            (std::vector<std::string>{"call.announced", "call.dtmf_callback", "call.callback_task",
                                      "call.voice_message", "call.ended"}));
  EXPECT_EQ(ended()->reason, "message_saved");
}

TEST_F(CallFlowTest, WithheldCallerInTheQueueKeysANumberForTheCallback) {
  state.from_number.clear();
  queued();
  feed(Digit{'1'});
  EXPECT_EQ(state.phase, Phase::kEnterNumber);
  press("0401234567");
  Actions a = timerFires();  // a pause ends the number
  EXPECT_EQ(state.phase, Phase::kConfirmNumber);
  a = feed(Digit{'1'});
  ASSERT_NE(find<RequestCallback>(a), nullptr);
  EXPECT_EQ(find<RequestCallback>(a)->number, "+358401234567");
}

TEST_F(CallFlowTest, TooShortANumberIsAskedForAgain) {
  state.from_number.clear();
  queued();
  feed(Digit{'1'});
  press("123#");
  EXPECT_EQ(state.phase, Phase::kEnterNumber);
  EXPECT_EQ(lastPlayed(), (std::vector<std::string>{"invalid_choice", "enter_number"}));
  EXPECT_NE(state.timer_for, CallState::TimerFor::kNothing);  // it does not wait for ever
}

TEST_F(CallFlowTest, PressTwoToKeyTheNumberAgain) {
  state.from_number.clear();
  queued();
  feed(Digit{'1'});
  press("0401234567#2");
  EXPECT_EQ(state.phase, Phase::kEnterNumber);
  EXPECT_TRUE(state.digits.empty());
}

TEST_F(CallFlowTest, NoNumberKeyedReturnsTheCallerToTheQueue) {
  state.from_number.clear();
  queued();
  feed(Digit{'1'});
  Actions a = timerFires();
  EXPECT_EQ(state.phase, Phase::kQueued);
  EXPECT_EQ(lastPlayed(), std::vector<std::string>{"music"});
}

TEST_F(CallFlowTest, UnconfirmedNumberIsReadBackTwiceThenGoodbye) {
  state.from_number.clear();
  queued();
  feed(Digit{'1'});
  press("0401234567#");
  for (int i = 0; i < 2; ++i) {
    playEnds();
    timerFires();
    EXPECT_EQ(state.phase, Phase::kConfirmNumber);
  }
  playEnds();
  timerFires();
  EXPECT_EQ(state.phase, Phase::kFarewell);
  EXPECT_EQ(lastPlayed(), std::vector<std::string>{"goodbye"});
}

// ---- rejected, withheld
// --------------------------------------------------------------------------

TEST_F(CallFlowTest, RejectedWithheldCallerKeysANumberAndATaskIsMade) {
  state.from_number.clear();
  begin();
  ArrivalResult r;
  r.kind = ArrivalResult::Kind::kRejected;
  r.reason = "busy";
  feed(Started{StartResult{"c-1", r}});
  EXPECT_EQ(state.phase, Phase::kRejectedMenu);
  EXPECT_EQ(lastPlayed(), (std::vector<std::string>{"busy", "callback_offer"}));
  feed(Digit{'1'});
  press("0401234567#1");
  ASSERT_NE(find<CreateTask>(log), nullptr);
  EXPECT_EQ(find<CreateTask>(log)->number, "+358401234567");
  feed(TaskReplied{TaskReplied::For::kCreateTask, std::string("t-9")});
  EXPECT_EQ(lastPlayed(), std::vector<std::string>{"callback_confirmed"});
  playEnds();
  EXPECT_EQ(ended()->reason, "callback_task");
}

TEST_F(CallFlowTest, RejectedMenuWithoutAChoiceSaysGoodbye) {
  state.from_number.clear();
  begin();
  ArrivalResult r;
  r.kind = ArrivalResult::Kind::kRejected;
  r.reason = "closed";
  feed(Started{StartResult{"c-1", r}});
  playEnds();
  timerFires();
  EXPECT_EQ(lastPlayed(), std::vector<std::string>{"goodbye"});
  playEnds();
  EXPECT_EQ(ended()->reason, "no_choice");
}

// ---- stale inputs
// --------------------------------------------------------------------------------

TEST_F(CallFlowTest, TimerThatWasReplacedDoesNothing) {
  state.from_number.clear();
  queued();
  feed(Digit{'1'});
  std::uint64_t first = state.timer_id;
  feed(Digit{'4'});  // a new timer for the pause after a digit
  Actions a = feed(TimerFired{first});
  EXPECT_TRUE(a.empty());
  EXPECT_EQ(state.phase, Phase::kEnterNumber);
}

TEST_F(CallFlowTest, PlaybackThatWasReplacedDoesNothing) {
  queued();
  std::uint64_t first = state.play_id;
  feed(OfferMade{"a1", true});
  feed(AgentAnswered{true});
  feed(AcceptReplied{Status::ok()});
  Actions a = feed(Played{first});
  EXPECT_EQ(count<Play>(a), 0);
}

// ---- announcements
// -------------------------------------------------------------------------------

TEST_F(CallFlowTest, PlaceInLineIsAnnouncedAgainOnlyWhenDueAndChanged) {
  queued(3);
  EXPECT_FALSE(announcementDue(state, settings, now));
  now += settings.announce_interval;
  EXPECT_TRUE(announcementDue(state, settings, now));
  Actions a = feed(Waiting{WaitingInfo{3, 60s}});  // the same place and wait
  EXPECT_TRUE(a.empty());
  a = feed(Waiting{WaitingInfo{2, 60s}});
  EXPECT_EQ(count<Play>(a), 1);
  EXPECT_EQ(events().back(), "call.announced");
  EXPECT_FALSE(announcementDue(state, settings, now));
}

TEST_F(CallFlowTest, NoAnnouncementWhileAnAgentsPhoneRings) {
  ringing();
  now += settings.announce_interval;
  EXPECT_FALSE(announcementDue(state, settings, now));
}

// ---- the caller hanging up, in every phase
// ----------------------------------------------------------

// A call of its own, for tests that walk many calls.
struct Harness final : CallFlowTest {
  void TestBody() override {}
};

struct HangUpCase {
  const char* name;
  std::function<void(Harness&)> reach;
};

bool isRequest(const Action& a) {
  return std::holds_alternative<Abandon>(a) || std::holds_alternative<RequestCallback>(a) ||
         std::holds_alternative<CreateTask>(a) || std::holds_alternative<Accept>(a) ||
         std::holds_alternative<Arrive>(a) || std::holds_alternative<StartCall>(a) ||
         std::holds_alternative<TransferToQueue>(a);
}

// Answers the routing request `a`, as routing would.
void answer(Harness& t, const Action& a) {
  if (std::holds_alternative<Abandon>(a))
    t.feed(TaskReplied{TaskReplied::For::kAbandon, std::string("t-2")});
  else if (std::holds_alternative<RequestCallback>(a))
    t.feed(TaskReplied{TaskReplied::For::kRequestCallback, std::string("t-2")});
  else if (std::holds_alternative<CreateTask>(a))
    t.feed(TaskReplied{TaskReplied::For::kCreateTask, std::string("t-2")});
  else if (std::holds_alternative<Accept>(a))
    t.feed(AcceptReplied{Status::ok()});
  else if (std::holds_alternative<Arrive>(a))
    t.feed(Arrived{ArrivalResult{}});
  else if (std::holds_alternative<StartCall>(a))
    t.feed(Started{StartResult{"c-1", ArrivalResult{}}});
  else if (std::holds_alternative<TransferToQueue>(a))
    t.feed(TransferReplied{ArrivalResult{}});
}

// The requests of the log before `end` still unanswered: the last `in_flight` of them.
std::vector<Action> unanswered(const Harness& t, std::size_t end) {
  std::vector<Action> requests;
  for (std::size_t i = 0; i < end; ++i) {
    if (isRequest(t.log[i])) requests.push_back(t.log[i]);
  }
  std::size_t n = static_cast<std::size_t>(std::max(0, t.state.in_flight));
  return {requests.end() - static_cast<std::ptrdiff_t>(std::min(n, requests.size())),
          requests.end()};
}

const HangUpCase kCases[] = {
    {"starting", [](Harness& t) { t.begin(); }},
    {"closed_menu",
     [](Harness& t) {
       t.state.line.open = false;
       t.begin();
       t.feed(Started{StartResult{"c-1", std::nullopt}});
     }},
    {"arriving",
     [](Harness& t) {
       t.state.line.open = false;
       t.begin();
       t.feed(Started{StartResult{"c-1", std::nullopt}});
       t.feed(Digit{'1'});
     }},
    {"rejected_menu",
     [](Harness& t) {
       t.state.from_number.clear();
       t.begin();
       ArrivalResult r;
       r.kind = ArrivalResult::Kind::kRejected;
       t.feed(Started{StartResult{"c-1", r}});
     }},
    {"queued", [](Harness& t) { t.queued(); }},
    {"ringing", [](Harness& t) { t.ringing(); }},
    {"accepting",
     [](Harness& t) {
       t.ringing();
       t.feed(AgentAnswered{true});
     }},
    {"enter_number",
     [](Harness& t) {
       t.state.from_number.clear();
       t.queued();
       t.feed(Digit{'1'});
     }},
    {"confirm_number",
     [](Harness& t) {
       t.state.from_number.clear();
       t.queued();
       t.feed(Digit{'1'});
       t.press("0401234567#");
     }},
    {"record_prompt",
     [](Harness& t) {
       t.queued();
       t.feed(Digit{'1'});
     }},
    {"recording",
     [](Harness& t) {
       t.queued();
       t.feed(Digit{'1'});
       t.playEnds();
     }},
    {"bridged", [](Harness& t) { t.bridged(); }},
    {"held",
     [](Harness& t) {
       t.bridged();
       t.feed(Hold{"api"});
     }},
    {"transferring",
     [](Harness& t) {
       t.bridged();
       t.feed(TransferToLine{"duty", "api"});
     }},
    {"farewell",
     [](Harness& t) {
       t.begin();
       ArrivalResult r;
       r.kind = ArrivalResult::Kind::kDiverted;
       r.reason = "busy";
       t.feed(Started{StartResult{"c-1", r}});
     }},
};

TEST_F(CallFlowTest, CallerHangingUpInAnyPhaseEndsTheCallOnceAfterEverythingElse) {
  for (const HangUpCase& c : kCases) {
    Harness t;
    c.reach(t);
    std::size_t before = t.log.size();
    std::vector<Action> waiting = unanswered(t, before);
    Actions a = t.feed(CallerLegEnded{LegEnd::kRemoteHangUp});
    EXPECT_EQ(t.state.phase, Phase::kEnded) << c.name;
    EXPECT_EQ(count<CallEnded>(a), 1) << c.name;  // legs and the live count released at once
    EXPECT_EQ(count<HangUpCaller>(a), 1) << c.name;
    EXPECT_EQ(count<CloseCallerMedia>(a), 1) << c.name;
    // Routing answers what it was asked, before the hang-up and after.
    for (const Action& r : waiting) answer(t, r);
    for (std::size_t i = before; i < t.log.size(); ++i) {
      if (isRequest(t.log[i])) answer(t, Action(t.log[i]));
    }
    if (t.state.recording) t.feed(Recorded{0.5, false, "hang_up"});
    EXPECT_TRUE(t.state.settled) << c.name << ": " << t.state.in_flight << " in flight";
    std::vector<std::string> ev = t.events();
    ASSERT_FALSE(ev.empty()) << c.name;
    EXPECT_EQ(ev.back(), "call.ended") << c.name;
    EXPECT_EQ(std::count(ev.begin(), ev.end(), "call.ended"), 1) << c.name;
    EXPECT_EQ(t.ended()->by, "caller") << c.name;
    EXPECT_EQ(count<CallEnded>(t.log), 1) << c.name;
    EXPECT_EQ(count<CallSettled>(t.log), 1) << c.name;
    // Nothing the call still hears about afterwards records anything.
    Actions late = t.feed(Played{t.state.play_id});
    EXPECT_TRUE(late.empty()) << c.name;
  }
}

TEST_F(CallFlowTest, CallerWhoHangsUpWhileStartingHasWhatRoutingQueuedAbandoned) {
  begin();
  Actions a = feed(CallerLegEnded{LegEnd::kRemoteHangUp});
  EXPECT_EQ(count<Abandon>(a), 0);  // nothing queued yet
  EXPECT_EQ(ended(), nullptr);      // waits for routing's reply
  a = feed(Started{StartResult{"c-1", ArrivalResult{}}});
  EXPECT_EQ(count<Abandon>(a), 1);
  feed(TaskReplied{TaskReplied::For::kAbandon, std::string("t-1")});
  EXPECT_EQ(events(), (std::vector<std::string>{"call.callback_task", "call.ended"}));
}

TEST_F(CallFlowTest, HangUpDuringTheRecordPromptLeavesAnEmptyMessage) {
  queued();
  feed(Digit{'1'});
  Actions a = feed(CallerLegEnded{LegEnd::kRemoteHangUp});
  ASSERT_NE(find<WriteEmptyMessage>(a), nullptr);
  EXPECT_EQ(find<WriteEmptyMessage>(a)->voice_ref, "c-1.wav");
}

TEST_F(CallFlowTest, HangUpWhileRecordingEndsTheCallAfterTheMessage) {
  queued();
  feed(Digit{'1'});
  feed(TaskReplied{TaskReplied::For::kRequestCallback, std::string("t-1")});
  playEnds();
  Actions a = feed(CallerLegEnded{LegEnd::kRemoteHangUp});
  EXPECT_EQ(count<WriteEmptyMessage>(a), 0);
  EXPECT_EQ(ended(), nullptr);
  feed(Recorded{7, true, "hang_up"});
  EXPECT_EQ(events().back(), "call.ended");
  EXPECT_EQ(events()[events().size() - 2], "call.voice_message");
}

TEST_F(CallFlowTest, ShutdownEndsTheCallAndRecordsItsEndAtOnce) {
  ringing();
  feed(AgentAnswered{true});  // an accept in flight that may never be answered now
  Actions a = feed(Shutdown{});
  EXPECT_EQ(count<DropAgentLeg>(a), 1);
  EXPECT_EQ(count<HangUpCaller>(a), 1);
  EXPECT_EQ(count<CallSettled>(a), 1);
  EXPECT_EQ(ended()->by, "luukku");
  EXPECT_EQ(ended()->reason, "shutdown");
}

}  // namespace
}  // namespace luukku::telephony::flow
