// The life of one chat as a pure state machine: (state, input, now) -> (state, actions).
//
//   waiting --accepted--> active --ended--> ended
//      ^  \_________________ended__________/^
//      \___transferred (to a line)___/  \__ handed over (to a colleague): active, new holder
//
// A chat waits in its line's queue until a professional accepts its offer, is active while
// the two write, and ends when the visitor leaves, the professional ends or completes it, the
// visitor's socket stays gone too long while waiting, or routing ends its contact. Asking to
// end records the end (RecordEnd) and the chat is ended only once that is durable (Ended), so
// nobody is told of an end a crash could lose. The visitor's sockets come and go in every
// state: while waiting, a visitor with no socket for `visitor_gone_after` abandons the queue;
// while active, the professional is told when the visitor has no socket and when they are
// back.
//
// The professional who holds an active chat can hand it on: back to a line's queue (it waits
// again, and the visitor-gone clock runs again if the visitor has no socket) or to a colleague
// who accepted it (it stays active with the colleague as its holder).
//
// The transition table is in chat_flow.cc, one row per (state, input). The clock is passed in;
// the shell runs Tick at the time a Wake action names (or later).
//
// Thread-safety: pure functions over plain values.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/time.h"

namespace luukku::chat {

enum class ChatState { kWaiting, kActive, kEnded };
std::string_view chatStateName(ChatState s);  // "waiting", "active", "ended"

struct FlowSettings {
  std::chrono::seconds visitor_gone_after{120};
};

struct FlowState {
  ChatState state = ChatState::kWaiting;
  int visitor_sockets = 0;
  // When the visitor's last socket went (or the chat started, before the first came).
  std::optional<Timestamp> visitor_gone_since;
  std::string agent_id;        // the professional who accepted it
  bool end_recording = false;  // a RecordEnd is in flight: ask only once
  friend bool operator==(const FlowState&, const FlowState&) = default;
};

// ---- inputs ------------------------------------------------------------------------------------
struct VisitorConnected {};
struct VisitorDisconnected {};
// Routing: a professional accepted the chat's offer.
struct Accepted {
  std::string agent_id;
};
// The visitor leaves ("visitor", "left") or the professional ends it ("professional", "ended").
struct EndAsked {
  std::string by;
  std::string reason;
};
// The chat's end is durable (its ChatEnded, or its contact ended by routing).
struct Ended {
  std::string by;
  std::string reason;
};
// Time passes.
struct Tick {};
// Routing: the holder handed the chat back to `line_id`'s queue.
struct Transferred {
  std::string line_id;
};
// Routing: the holder handed the chat to the colleague `agent_id`, who accepted it.
struct HandedOver {
  std::string agent_id;
};
using Input = std::variant<VisitorConnected, VisitorDisconnected, Accepted, EndAsked, Ended, Tick,
                           Transferred, HandedOver>;

// ---- actions -----------------------------------------------------------------------------------
// Record the chat's end (then feed Ended back, or, if the chat was already gone, Ended too).
struct RecordEnd {
  std::string by;
  std::string reason;
};
// Tell the visitor who joined and hand the chat to the professional's desktop.
struct TellJoined {
  std::string agent_id;
};
// Tell the professional whether the visitor has a socket.
struct TellVisitorPresence {
  bool connected = false;
};
// Tell both sides the chat ended and close the visitor's sockets.
struct TellEnded {
  std::string by;
  std::string reason;
};
// Run Tick at `at`.
struct Wake {
  Timestamp at;
};
// Tell both sides the chat left `from_agent_id`: to a line's queue (`to` "line", `line_id`) or
// to a colleague (`to` "agent"; a TellJoined for them follows).
struct TellTransferred {
  std::string from_agent_id;
  std::string to;
  std::string line_id;
};
using Action =
    std::variant<RecordEnd, TellJoined, TellVisitorPresence, TellEnded, Wake, TellTransferred>;

struct Step {
  FlowState state;
  std::vector<Action> actions;
};

// The state a new chat starts in: waiting, with no visitor socket yet (the clock for
// visitor_gone_after runs from `now`), and the Wake for it.
Step start(Timestamp now, const FlowSettings& settings);

Step step(const FlowState& state, const Input& input, Timestamp now, const FlowSettings& settings);

}  // namespace luukku::chat
