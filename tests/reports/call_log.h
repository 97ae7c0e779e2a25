// CallLog: writes event streams of calls and chats with known answers, as the engine records
// them (routing events on contact/ and task/ streams, call events on call/ streams, chat
// events on chat/ streams), for the
// reports' tests and benchmarks. Scenario helpers add every event of one call or task; log()
// numbers them in time order (global and stream sequences), as a running server would.
//
// Thread-safety: not thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "core/call_events.h"
#include "core/chat_events.h"
#include "core/routing/routing_events.h"
#include "store/event_store.h"

namespace luukku::reports::testing {

using std::chrono::seconds;

class CallLog {
 public:
  // An inbound call answered after `wait`, talked for `talk`, then `wrap_up`.
  void answered(const std::string& id, const std::string& line, const std::string& number,
                Timestamp arrive, seconds wait, seconds talk, const std::string& agent,
                seconds wrap_up = seconds{30});
  // An inbound call whose caller hung up after `wait`; with a task id, the line's policy made
  // it a callback task (created as the call ends, due `due_in` later).
  void abandoned(const std::string& id, const std::string& line, const std::string& number,
                 Timestamp arrive, seconds wait, const std::string& task_id = "",
                 seconds due_in = std::chrono::hours{8});
  // A caller who hung up in the menu, before routing saw the call.
  void endedInMenu(const std::string& id, Timestamp arrive, seconds after);
  // A callback attempt on a task: an outgoing call naming it, and the attempt it records.
  // Reached attempts are talked for `talk` and complete the task.
  void callbackAttempt(const std::string& call_id, const std::string& task_id,
                       const std::string& line, const std::string& number, const std::string& agent,
                       Timestamp at, core::routing::AttemptOutcome outcome,
                       seconds talk = seconds{120});
  // An outgoing call that is not a callback (click-to-call), answered and talked for `talk`.
  void outgoing(const std::string& id, const std::string& line, const std::string& number,
                const std::string& agent, Timestamp at, seconds talk);

  // A chat queued at `start`, accepted after `wait`, its contact completed `duration` later;
  // with a rating, the visitor's feedback a minute after that.
  void chatAnswered(const std::string& id, const std::string& line, Timestamp start, seconds wait,
                    seconds duration, const std::string& agent, int rating = 0);
  // A contact on `line` that `agent` accepted after `wait` and transferred to `to_line`'s queue
  // `held` later, where `colleague` accepted it after `wait_again` and completed it `talk` after
  // that: the events the engine writes, the completed contact naming both lines and both
  // acceptances. `channel` chat: a chat; phone: a call from `number`.
  struct Transfer {
    std::string line{}, to_line{}, number{};
    core::Channel channel = core::Channel::kPhone;
    Timestamp start{};
    seconds wait{}, held{}, wait_again{}, talk{};
    std::string agent{}, colleague{};
  };
  void transferred(const std::string& id, const Transfer& t);
  // A chat whose visitor left the queue after `wait`.
  void chatAbandoned(const std::string& id, const std::string& line, Timestamp start, seconds wait);

  void routing(const core::routing::RoutingEvent& event, Timestamp at);
  void call(const std::string& id, const core::CallEvent& event, Timestamp at);
  void chat(const std::string& id, const core::ChatEvent& event, Timestamp at);

  // Every event so far, numbered in time order (ties in the order they were added).
  std::vector<store::StoredEvent> log() const;

 private:
  struct Pending {
    Timestamp at;
    std::size_t order;
    std::string stream;
    std::string type;
    std::string payload;
  };
  std::vector<Pending> pending_;
  std::map<std::string, core::routing::Task> tasks_;
};

// 2025-03-14 10:00 Helsinki and the like: a Helsinki wall-clock time as an instant.
Timestamp helsinki(int year, unsigned month, unsigned day, int hour, int minute = 0,
                   int second = 0);

}  // namespace luukku::reports::testing
