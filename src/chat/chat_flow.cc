#include "chat/chat_flow.h"

#include <array>
#include <type_traits>
#include <utility>

namespace luukku::chat {

std::string_view chatStateName(ChatState s) {
  switch (s) {
    case ChatState::kWaiting:
      return "waiting";
    case ChatState::kActive:
      return "active";
    case ChatState::kEnded:
      return "ended";
  }
  return "ended";
}

namespace {

using Handler = void (*)(Step& out, const Input& input, Timestamp now, const FlowSettings& s);

// Which input a row is for: the index of its type in Input.
template <typename T, std::size_t I = 0>
constexpr std::size_t inputIndex() {
  if constexpr (std::is_same_v<T, std::variant_alternative_t<I, Input>>) {
    return I;
  } else {
    return inputIndex<T, I + 1>();
  }
}
template <typename T>
constexpr std::size_t kInput = inputIndex<T>();

void connected(Step& out, const Input&, Timestamp, const FlowSettings&) {
  ++out.state.visitor_sockets;
  out.state.visitor_gone_since.reset();
}

void connectedWhileActive(Step& out, const Input& in, Timestamp now, const FlowSettings& s) {
  bool was_gone = out.state.visitor_sockets == 0;
  connected(out, in, now, s);
  if (was_gone) out.actions.push_back(TellVisitorPresence{true});
}

// The last socket going starts the visitor-gone clock.
void disconnected(Step& out, const Input&, Timestamp now, const FlowSettings& s) {
  if (out.state.visitor_sockets > 0) --out.state.visitor_sockets;
  if (out.state.visitor_sockets > 0) return;
  out.state.visitor_gone_since = now;
  if (out.state.state == ChatState::kWaiting)
    out.actions.push_back(Wake{now + s.visitor_gone_after});
}

void disconnectedWhileActive(Step& out, const Input& in, Timestamp now, const FlowSettings& s) {
  bool had_socket = out.state.visitor_sockets > 0;
  disconnected(out, in, now, s);
  if (had_socket && out.state.visitor_sockets == 0)
    out.actions.push_back(TellVisitorPresence{false});
}

void accepted(Step& out, const Input& in, Timestamp, const FlowSettings&) {
  out.state.state = ChatState::kActive;
  out.state.agent_id = std::get<Accepted>(in).agent_id;
  out.actions.push_back(TellJoined{out.state.agent_id});
}

void endAsked(Step& out, const Input& in, Timestamp, const FlowSettings&) {
  if (out.state.end_recording) return;
  const auto& e = std::get<EndAsked>(in);
  out.state.end_recording = true;
  out.actions.push_back(RecordEnd{e.by, e.reason});
}

void ended(Step& out, const Input& in, Timestamp, const FlowSettings&) {
  const auto& e = std::get<Ended>(in);
  out.state.state = ChatState::kEnded;
  out.state.end_recording = false;
  out.actions.push_back(TellEnded{e.by, e.reason});
}

// While waiting, a visitor gone long enough abandons the queue.
void tickWhileWaiting(Step& out, const Input&, Timestamp now, const FlowSettings& s) {
  const FlowState& st = out.state;
  if (st.visitor_sockets > 0 || !st.visitor_gone_since || st.end_recording) return;
  Timestamp due = *st.visitor_gone_since + s.visitor_gone_after;
  if (now < due) {
    out.actions.push_back(Wake{due});
    return;
  }
  out.state.end_recording = true;
  out.actions.push_back(RecordEnd{"system", "visitor_gone"});
}

// Back in a line's queue: waiting again, and a visitor without a socket is on the clock again.
void transferred(Step& out, const Input& in, Timestamp now, const FlowSettings& s) {
  std::string from = std::exchange(out.state.agent_id, {});
  out.state.state = ChatState::kWaiting;
  out.actions.push_back(
      TellTransferred{std::move(from), "line", std::get<Transferred>(in).line_id});
  if (out.state.visitor_sockets == 0) {
    out.state.visitor_gone_since = now;
    out.actions.push_back(Wake{now + s.visitor_gone_after});
  }
}

void handedOver(Step& out, const Input& in, Timestamp, const FlowSettings&) {
  const std::string& to = std::get<HandedOver>(in).agent_id;
  if (to == out.state.agent_id) return;
  std::string from = std::exchange(out.state.agent_id, to);
  out.actions.push_back(TellTransferred{std::move(from), "agent", ""});
  out.actions.push_back(TellJoined{to});
}

void nothing(Step&, const Input&, Timestamp, const FlowSettings&) {}

struct Row {
  ChatState from;
  std::size_t input;
  Handler handle;
};

// Every (state, input) pair once; step() finds its row.
constexpr Row kTransitions[] = {
    {ChatState::kWaiting, kInput<VisitorConnected>, connected},
    {ChatState::kWaiting, kInput<VisitorDisconnected>, disconnected},
    {ChatState::kWaiting, kInput<Accepted>, accepted},
    {ChatState::kWaiting, kInput<EndAsked>, endAsked},
    {ChatState::kWaiting, kInput<Ended>, ended},
    {ChatState::kWaiting, kInput<Tick>, tickWhileWaiting},
    {ChatState::kWaiting, kInput<Transferred>, nothing},  // only a held chat is handed on
    {ChatState::kWaiting, kInput<HandedOver>, nothing},

    {ChatState::kActive, kInput<VisitorConnected>, connectedWhileActive},
    {ChatState::kActive, kInput<VisitorDisconnected>, disconnectedWhileActive},
    {ChatState::kActive, kInput<Accepted>, nothing},  // told twice: already active
    {ChatState::kActive, kInput<EndAsked>, endAsked},
    {ChatState::kActive, kInput<Ended>, ended},
    {ChatState::kActive, kInput<Tick>, nothing},
    {ChatState::kActive, kInput<Transferred>, transferred},
    {ChatState::kActive, kInput<HandedOver>, handedOver},

    // An ended chat only counts the sockets still open (they are being closed).
    {ChatState::kEnded, kInput<VisitorConnected>, connected},
    {ChatState::kEnded, kInput<VisitorDisconnected>, disconnected},
    {ChatState::kEnded, kInput<Accepted>, nothing},
    {ChatState::kEnded, kInput<EndAsked>, nothing},
    {ChatState::kEnded, kInput<Ended>, nothing},
    {ChatState::kEnded, kInput<Tick>, nothing},
    {ChatState::kEnded, kInput<Transferred>, nothing},
    {ChatState::kEnded, kInput<HandedOver>, nothing},
};
static_assert(std::size(kTransitions) == 3 * std::variant_size_v<Input>,
              "one row for every state and input");

}  // namespace

Step start(Timestamp now, const FlowSettings& settings) {
  Step out;
  out.state.visitor_gone_since = now;
  out.actions.push_back(Wake{now + settings.visitor_gone_after});
  return out;
}

Step step(const FlowState& state, const Input& input, Timestamp now, const FlowSettings& settings) {
  Step out{state, {}};
  for (const Row& row : kTransitions) {
    if (row.from == state.state && row.input == input.index()) {
      row.handle(out, input, now, settings);
      break;
    }
  }
  return out;
}

}  // namespace luukku::chat
