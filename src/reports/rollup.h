// The roll-ups: counters per Helsinki day (and hour), service line, agent and metric, each
// the sum of what every call and task record contributes to it. A record's contribution is a
// pure function of the record, so a changed record moves the counters by (new - old), and
// counters kept up batch by batch equal counters rebuilt from the whole log.
//
//   hour 0-23, agent "":  answered, lost, called_back, outgoing   (by outcome, at arrival)
//                         arrivals (inbound calls, pending ones too), abandoned,
//                         callback_attempts (at the attempt), tasks_created
//   hour -1 (the day), agent "":
//                         answer_wait:<s> (answered calls by whole seconds of wait),
//                         answer_wait_us (their sum), abandon_wait:<s>, abandon_wait_us,
//                         voice_messages, repeats
//   hour 0-23, agent "":  signed_in_us (time agents were signed in, by presence sessions):
//                         under line "" every agent once (all lines), and under each line
//                         the agents who were members of it
//   hour -1, agent <id>:  handled (answered inbound calls that ended), talk_us, wrap_up_us,
//                         outgoing, callback_attempts, callbacks_completed (at completion)
//
// Chats, each on the hour its contact was queued (the chat started), agent "":
//   hour 0-23:            chats_offered (queued), chats_answered (accepted; counted when the
//                         contact ends), chats_abandoned (left the queue unaccepted)
//   hour -1:              chat_wait:<s>, chat_wait_us (queued to accepted, answered chats),
//                         chat_duration:<s>, chat_duration_us (accepted to the contact's end),
//                         chat_feedback:<1-5> (feedback by rating)
// A chat's figures come from single events — its contact's queueing and its final record,
// which carries all its times, and its feedback, which names its line and start — so they
// need no record of their own and are the same however the log is cut into batches.
//
// Days and hours are Helsinki wall-clock time: the autumn day has 25 hours and its repeated
// 03:00-04:00 counts in hour 3 twice over; the spring day has no hour 3.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>

#include "core/chat_events.h"
#include "core/reports/call_outcomes.h"
#include "core/routing/routing_events.h"
#include "core/time.h"

namespace luukku::reports {

struct CounterKey {
  std::string day;  // "2025-03-14", Helsinki
  int hour = -1;    // 0-23 Helsinki, -1: the whole day
  std::string line_id;
  std::string agent_id;
  std::string metric;
  friend auto operator<=>(const CounterKey&, const CounterKey&) = default;
};

using CounterDeltas = std::map<CounterKey, std::int64_t>;

// The Helsinki day ("2025-03-14") and hour of an instant.
std::string helsinkiDay(Timestamp t);
int helsinkiHour(Timestamp t);

// Adds sign × the record's contribution to `deltas` (sign is +1 or -1).
void contribute(const core::reports::CallRecord& call, int sign, CounterDeltas& deltas);
void contribute(const core::reports::TaskRecord& task, int sign, CounterDeltas& deltas);
void contribute(const core::reports::PresenceSession& session, int sign, CounterDeltas& deltas);

// Adds what a routing event of a chat's contact counts (nothing for other contacts), and a
// chat's feedback.
void contributeChat(const core::routing::RoutingEvent& event, CounterDeltas& deltas);
void contributeChat(const core::ChatFeedback& feedback, CounterDeltas& deltas);

// Drops the counters that moved by zero.
void dropZeros(CounterDeltas& deltas);

}  // namespace luukku::reports
