// What a call is in the reports and which outcome it has: the one place that defines the
// categories the region's monthly table counts (docs/reports.md says the same in words).
//
//   total       = answered + lost + called back + outgoing      (a partition: no call twice)
//   answered    an inbound call an agent answered live (once, however often it was
//               transferred back to a queue and answered again)
//   called back an inbound call not answered live whose number was reached by a callback
//               attempt: an attempt of the task the call led to or was added to, or any attempt
//               on the same line to the same number, made after the call arrived and within
//               kCallbackWindow of it
//   lost        an inbound call that ended without being answered and was never reached
//   outgoing    an outgoing call a professional made that is not a callback attempt
//
// A callback attempt (an outgoing call naming its task) is not a call of its own in the total:
// it is how an inbound call becomes "called back". An inbound call still waiting is pending
// and not counted until it is answered or ends. A lost call may still become called back until
// kCallbackWindow after it arrived; until then a period's figures may move from lost to called
// back, never otherwise.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace luukku::core::reports {

// How long after an inbound call a callback attempt that reaches its number still counts.
inline constexpr std::chrono::hours kCallbackWindow{24 * 7};
// The window of a repeat contact: the same number calling the same line again within it.
inline constexpr std::chrono::hours kRepeatWindow{24 * 7};

enum class CallDirection { kInbound, kOutgoing };
std::string_view callDirectionName(CallDirection d);  // "inbound", "outgoing"
std::optional<CallDirection> callDirectionFromName(std::string_view name);

enum class CallOutcome {
  kPending,          // inbound, still waiting or in the menu: not counted yet
  kAnswered,         // counted
  kLost,             // counted
  kCalledBack,       // counted
  kOutgoing,         // counted
  kCallbackAttempt,  // an outgoing callback attempt: counted with callbacks, not in the total
};
// "pending", "answered", "lost", "called_back", "outgoing", "callback_attempt"
std::string_view callOutcomeName(CallOutcome o);
std::optional<CallOutcome> callOutcomeFromName(std::string_view name);
// True for the four outcomes that partition the total.
bool countsInTotal(CallOutcome o);

// One telephone call as the reports see it, folded from its contact's and its call's events.
// Its id is the contact's (and the call stream's) id.
struct CallRecord {
  std::string id;
  std::string line_id;  // empty when the caller hung up before routing chose a line
  CallDirection direction = CallDirection::kInbound;
  std::string number;    // the caller's number (inbound) or the number dialled (outgoing)
  std::string agent_id;  // who answered it first (inbound) or made it (outgoing)
  // Inbound: the callback task it led to or was added to; outgoing: the task it is an attempt
  // of (empty for other outgoing calls).
  std::string task_id;
  Timestamp arrived_at;  // inbound: reached Luukku; outgoing: dialled
  // Inbound: an agent answered; outgoing: the far end answered.
  std::optional<Timestamp> answered_at;
  std::optional<Timestamp> ended_at;  // the contact ended (the call may still be settling)
  // Inbound, not answered: a callback attempt reached the number.
  std::optional<Timestamp> reached_at;
  std::chrono::microseconds wrap_up{0};
  std::string end;             // the contact's end: "completed", "abandoned", "diverted", ...
  bool voice_message = false;  // the caller left a voice message
  bool repeat = false;         // the same number called the same line within kRepeatWindow before
  friend bool operator==(const CallRecord&, const CallRecord&) = default;
};

// The definitions above, applied.
CallOutcome outcomeOf(const CallRecord& call);

// Time from arrival to answer (answered calls) or to the end (the others); none while pending.
std::optional<std::chrono::microseconds> waitOf(const CallRecord& call);
// Time talking: from answer to end; zero when not answered or not ended.
std::chrono::microseconds talkOf(const CallRecord& call);
// An inbound call that ended unanswered while waiting in line: the caller hung up.
bool abandoned(const CallRecord& call);

// A callback task as the reports see it.
struct TaskRecord {
  std::string id;
  std::string line_id;
  std::string number;
  std::string reason;  // "busy", "closed", "requested", "abandoned", ...
  Timestamp created_at;
  Timestamp due_at;
  std::optional<Timestamp> first_attempt_at;
  std::optional<Timestamp> reached_at;  // the first attempt that reached the number
  int attempts = 0;
  int contacts = 1;  // calls from this number to this line while the task was open
  std::string end;   // "open", "completed", "unreachable"
  std::optional<Timestamp> ended_at;
  std::string ended_by;  // the agent who completed it
  friend bool operator==(const TaskRecord&, const TaskRecord&) = default;
};

// A time an agent was signed in (any presence but offline), for staffing beside the arrivals.
// While it lasts, `seen_until` is the latest time the log has shown, so the hours so far
// count before it ends.
struct PresenceSession {
  std::string id;  // "<agent>@<start in microseconds>"
  std::string agent_id;
  Timestamp started_at;
  std::optional<Timestamp> ended_at;
  Timestamp seen_until;
  // The service lines the agent was a member of (sorted): the session counts in each line's
  // staffing as well as in all lines'. A change of memberships ends the session and begins
  // another.
  std::vector<std::string> lines;
  friend bool operator==(const PresenceSession&, const PresenceSession&) = default;
};

// Calls by outcome for one period and one line (or all lines).
struct OutcomeCounts {
  std::int64_t answered = 0;
  std::int64_t lost = 0;
  std::int64_t called_back = 0;
  std::int64_t outgoing = 0;
  std::int64_t total() const { return answered + lost + called_back + outgoing; }
  void add(CallOutcome o, std::int64_t n = 1);
  OutcomeCounts& operator+=(const OutcomeCounts& other);
  friend bool operator==(const OutcomeCounts&, const OutcomeCounts&) = default;
};

// Shares of the total in hundredths of a percent (6403 is 64.03 %), in the order answered,
// lost, called back, outgoing. Each is rounded down, and the hundredths still missing go to
// the largest remainders (ties to the earlier category), so the four always sum to exactly
// 10000 and a table adds up to 100.00 %. All zero when the total is zero.
std::array<std::int64_t, 4> shareBasisPoints(const OutcomeCounts& counts);

// "64.03" from 6403.
std::string formatBasisPoints(std::int64_t basis_points);

// The median and other quantiles of a distribution counted in whole seconds: the smallest value
// with at least q of the observations at or below it (the "nearest rank" definition, so it is
// always an observed value). None when there are no observations.
struct SecondsHistogram {
  // counts[s]: observations of s whole seconds (rounded down).
  std::array<std::int64_t, 3601> counts{};  // the last bucket holds an hour and more
  std::int64_t total = 0;
  std::chrono::microseconds sum{0};  // exact, for the mean
  void add(std::chrono::microseconds d, std::int64_t n = 1);
  void addSeconds(std::int64_t seconds, std::int64_t n, std::chrono::microseconds sum_us);
  std::optional<std::int64_t> quantile(double q) const;
  std::optional<double> meanSeconds() const;
  std::int64_t under(std::int64_t seconds) const;  // observations shorter than `seconds`
};
std::int64_t histogramBucket(std::chrono::microseconds d);

}  // namespace luukku::core::reports
