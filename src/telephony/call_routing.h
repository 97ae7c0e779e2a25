// CallRouting: what the switchboard needs from the rest of Luukku — the service lines callers
// dial, the routing decisions (queue, offers, callbacks) and a record of each call's life —
// as one interface, so the call flow does not depend on how the engine is reached. (And the
// audit log's ear for desk phones' refused calls outside: PhoneDialAudit.)
//
// Every callback runs on the executor the implementation was given (the switchboard's), never
// inline in the call that asked. Replies and offers arrive in the order routing decided them:
// a command's reply comes before the offers it led to, and both before anything decided
// later. So the switchboard knows a call's id (startCall's reply) before any offer of it.
//
// Thread-safety: implementations are thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.h"
#include "core/call_events.h"
#include "core/region.h"
#include "core/routing/model.h"
#include "core/status.h"

namespace luukku::telephony {

// A desk phone's call to a number outside refused because the phone's line may not dial it (or
// the phone has no line to dial for), for the audit log: whose phone, the line, the number and
// why. Reported on the call thread: whoever writes it must not block there.
struct PhoneDialRefusal {
  std::string extension;
  std::string agent_id;
  std::string line_id;
  std::string number;
  std::string reason;
};
using PhoneDialAudit = std::function<void(PhoneDialRefusal)>;

struct LineInfo {
  std::string line_id;
  std::string language;  // the language of the number dialled (prompts are in it)
  // Whether the number chose the language (a Swedish or English number of the line): then
  // only agents who speak it are offered the call. A line's own numbers leave it open.
  bool language_chosen = false;
  core::LocalizedText name;  // shown on the agent's phone
  std::string number;        // the line's own first number: the caller id of its outgoing calls
  bool open = true;          // by the line's opening hours, now
  core::WeeklyHours hours;
};

// A call Luukku has answered, for startCall().
struct CallStart {
  std::string line_id;
  std::string from_number;  // normalised (core/phone_number.h); empty when withheld
  core::CallArrived arrived;
  std::string language;  // required of the agent; empty: any
  bool arrive = true;    // queue it at once; false: arrive() later (a closed line's menu)
};

struct CallArrival {
  std::string contact_id;  // the started call's
  std::string line_id;
  std::string from_number;  // normalised (core/phone_number.h); empty when withheld
  std::string language;     // required of the agent; empty: any
  bool wants_callback = false;
};

struct ArrivalResult {
  enum class Kind { kQueued, kDiverted, kRejected };
  Kind kind = Kind::kQueued;
  int position = 0;
  std::optional<std::chrono::seconds> wait;
  std::string task_id;  // kDiverted: the callback task
  std::string reason;   // why it was diverted or rejected: "closed", "busy", "queue_full", ...
};

// A professional's outgoing call, for dialOut() (see dial_flow.h).
struct OutgoingStart {
  std::string agent_id;
  std::string line_id;  // for a callback: empty or the task's line
  std::string number;   // normalised; for a callback: empty or the task's number
  std::string task_id;  // the callback task the agent holds; empty: click-to-call
  std::string caller_id;
  core::Actor actor;  // who asked (the agent, or a supervisor on their behalf)
};
// What routing recorded: the call's id and the line and number it resolved.
struct OutgoingStarted {
  std::string contact_id;
  std::string line_id;
  std::string number;
};

struct StartResult {
  std::string contact_id;                // minted by routing; the call's and its contact's id
  std::optional<ArrivalResult> arrival;  // when CallStart::arrive
};

struct WaitingInfo {
  int position = 0;
  std::optional<std::chrono::seconds> wait;
};

struct OfferEvent {
  enum class Kind { kMade, kEnded };  // kEnded: expired, withdrawn or declined
  Kind kind = Kind::kMade;
  std::string contact_id;
  std::string agent_id;
};

class CallRouting {
 public:
  virtual ~CallRouting() = default;

  // The line a dialled number belongs to, by the telephony numbers and the lines' own.
  virtual std::optional<LineInfo> lineForNumber(const std::string& dialled) = 0;

  // A service line by id, whatever number reached it (in Finnish).
  virtual std::optional<LineInfo> line(const std::string& line_id) = 0;
  // Records the call's start (its CallArrived, the first event of its stream) under a new id,
  // and with `arrive` queues it in the same step.
  virtual void startCall(CallStart call, std::function<void(Result<StartResult>)> done) = 0;
  // A started call that did not arrive at once (CallStart::arrive false) arrives now.
  virtual void arrive(CallArrival arrival, std::function<void(Result<ArrivalResult>)> done) = 0;
  // The caller hung up before an answer; the task the line's policy made, if any.
  virtual void abandon(std::string contact_id, std::function<void(Result<std::string>)> done) = 0;
  // The caller asked to be called back at `number` (empty: the number they called from), with
  // an optional voice message; the task's id.
  virtual void requestCallback(std::string contact_id, std::string number,
                               std::string voice_message_ref,
                               std::function<void(Result<std::string>)> done) = 0;
  // A callback task outside the queue: a rejected caller (withheld number on a busy or closed
  // line) who keyed in a number.
  virtual void createCallbackTask(std::string line_id, std::string number, std::string language,
                                  std::string contact_id,
                                  std::function<void(Result<std::string>)> done) = 0;
  virtual void accept(std::string agent_id, std::string contact_id,
                      std::function<void(Status)> done) = 0;
  virtual void decline(std::string agent_id, std::string contact_id,
                       std::function<void(Status)> done) = 0;
  virtual void complete(std::string agent_id, std::string contact_id,
                        std::function<void(Status)> done) = 0;
  // A blind transfer back into a queue: the agent's answered call waits again on `line_id`
  // with its original place, and `event` is recorded on its stream; where it waits now.
  virtual void transferToQueue(std::string agent_id, std::string contact_id, std::string line_id,
                               core::CallTransferred event,
                               std::function<void(Result<ArrivalResult>)> done) = 0;
  // Records a professional's outgoing call (CallDialled first, and the outgoing contact they
  // hold); it ends by recordCallEvent(CallEnded) and complete().
  virtual void dialOut(OutgoingStart call, std::function<void(Result<OutgoingStarted>)> done) = 0;
  // The result of a callback attempt on the task the agent holds.
  virtual void recordAttempt(std::string agent_id, std::string task_id,
                             core::routing::AttemptOutcome outcome,
                             std::function<void(Status)> done) = 0;
  // The agents of a line who are available right now, the longest idle first (whom a
  // consultation of the line calls).
  virtual void availableAgents(std::string line_id,
                               std::function<void(std::vector<std::string>)> done) = 0;
  // Position and wait of every waiting contact of a line.
  virtual void waiting(std::string line_id,
                       std::function<void(std::map<std::string, WaitingInfo>)> done) = 0;
  // The agent's phone registered or went away (presence follows, see PhoneSettings).
  virtual void phoneRegistration(std::string agent_id, bool registered, bool ready_on_register) = 0;
  // The agent's phone is taken by a call routing did not give them: a consultation, or a caller
  // handed over by a colleague (true); or free again (false). Routing offers them nothing
  // meanwhile (see engine::SetPhoneEngaged).
  virtual void phoneEngaged(std::string agent_id, bool engaged) = 0;
  // A call to the agent's phone failed for a technical reason (false): the agent is set not
  // ready ("phone_unreachable") and the offer withdrawn, the call keeping its place; or the
  // phone registered again (true): an agent not ready for that reason is ready again.
  virtual void phoneReachable(std::string agent_id, bool reachable) = 0;
  // Records an event in a started call's history, after those recorded before it; routing
  // numbers the stream. CallEnded closes it: nothing is recorded after it.
  virtual void recordCallEvent(std::string contact_id, core::CallEvent event) = 0;
  // Offers made to agents and offers that ended, for contacts on any line, from now on until
  // stop(); called once, before the first call.
  virtual void onOffers(std::function<void(OfferEvent)> listener) = 0;
};

}  // namespace luukku::telephony
