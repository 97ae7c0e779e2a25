#include "reports/projector.h"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>

#include "codec/call_events_json.h"
#include "codec/chat_events_json.h"
#include "codec/routing_json.h"
#include "reports/rollup.h"

namespace luukku::reports {

ReportProjector::ReportProjector(store::EventStore& events, store::ReportStore& reports,
                                 std::size_t batch_size)
    : events_(events), reports_(reports), batch_size_(batch_size) {}

Status ReportProjector::resume() {
  ASSIGN_OR_RETURN(seq_, reports_.projectedSeq());
  ledger_ = CallLedger();
  now_ = Timestamp();
  if (seq_ > 0) {
    ASSIGN_OR_RETURN(auto last, events_.readAll(seq_ - 1, 1));
    if (last.empty()) {
      return internalError("the roll-ups include seq " + std::to_string(seq_) +
                           " but the log does not reach it: rebuild them");
    }
    now_ = last[0].recorded_at;
  }
  const Timestamp since = CallLedger::restoreSince(now_);
  ASSIGN_OR_RETURN(auto calls, reports_.loadCallsForResume(since));
  ASSIGN_OR_RETURN(auto tasks, reports_.loadTasksForResume(since));
  ASSIGN_OR_RETURN(auto sessions, reports_.loadOpenSessions());
  ASSIGN_OR_RETURN(auto agents, reports_.loadAgentLines());
  std::map<std::string, std::vector<std::string>> agent_lines;
  for (auto& a : agents) agent_lines[a.agent_id] = std::move(a.lines);
  ledger_.restore(calls, tasks, sessions, agent_lines);
  ledger_.forget(now_);
  resumed_ = true;
  return Status::ok();
}

Result<std::int64_t> ReportProjector::catchUp() {
  std::int64_t projected = 0;
  for (;;) {
    ASSIGN_OR_RETURN(std::int64_t n, projectOneBatch());
    if (n == 0) return projected;
    projected += n;
  }
}

Result<std::int64_t> ReportProjector::projectOneBatch() {
  if (!resumed_) RETURN_IF_ERROR(resume());
  ASSIGN_OR_RETURN(auto batch, events_.readAll(seq_, batch_size_));
  if (batch.empty()) return std::int64_t{0};
  Status status = project(batch);
  if (!status.isOk()) {
    resumed_ = false;  // memory may be ahead of the roll-ups: take them back next time
    return status;
  }
  return static_cast<std::int64_t>(batch.size());
}

Status ReportProjector::rebuild() {
  RETURN_IF_ERROR(reports_.clearProjection());
  resumed_ = false;
  return catchUp().status();
}

Status ReportProjector::project(const std::vector<store::StoredEvent>& events) {
  Changes changes;
  CounterDeltas deltas;
  for (const store::StoredEvent& e : events) {
    now_ = std::max(now_, e.recorded_at);
    const bool routing_event = codec::isRoutingEventType(e.type);
    // Of a chat's own events only its feedback counts (not its messages, not parsed).
    const bool feedback = e.type == core::ChatFeedback::kType;
    if (!routing_event && !feedback && !codec::isCallEventType(e.type)) continue;
    // The payload is parsed into a buffer on the stack (the decoders copy what they keep):
    // allocating every JSON node from the heap was a sixth of the follower's time.
    unsigned char buffer[4096];
    boost::json::monotonic_resource parsed(buffer, sizeof buffer);
    boost::system::error_code ec;
    boost::json::value payload = boost::json::parse(e.payload, ec, &parsed);
    if (ec) {
      return internalError("event " + std::to_string(e.global_seq) +
                           " is not JSON: " + ec.message());
    }
    if (routing_event) {
      ASSIGN_OR_RETURN(auto event, codec::decodeRoutingEvent(e.type, payload));
      contributeChat(event, deltas);
      ledger_.apply(event, changes);
    } else if (feedback) {
      ASSIGN_OR_RETURN(auto event, codec::decodeChatEvent(e.type, payload));
      contributeChat(std::get<core::ChatFeedback>(event), deltas);
    } else {
      ASSIGN_OR_RETURN(auto event, codec::decodeCallEvent(e.type, payload));
      std::string_view id = e.stream_id;
      if (id.starts_with("call/")) id.remove_prefix(5);
      ledger_.apply(id, event, e.recorded_at, changes);
    }
  }
  ledger_.finish(now_, changes);
  store::ProjectionBatch batch;
  batch.from_seq = seq_;
  batch.to_seq = events.back().global_seq;
  for (const auto& [id, change] : changes.calls) {
    if (change.before) contribute(*change.before, -1, deltas);
    contribute(change.after, +1, deltas);
    batch.calls.push_back(change.after);
  }
  for (const auto& [id, change] : changes.tasks) {
    if (change.before) contribute(*change.before, -1, deltas);
    contribute(change.after, +1, deltas);
    batch.tasks.push_back(change.after);
  }
  for (const auto& [id, change] : changes.sessions) {
    if (change.before) contribute(*change.before, -1, deltas);
    contribute(change.after, +1, deltas);
    batch.sessions.push_back(change.after);
  }
  for (const auto& [agent, lines] : changes.agent_lines)
    batch.agent_lines.push_back({agent, lines});
  dropZeros(deltas);
  batch.deltas.reserve(deltas.size());
  for (const auto& [key, value] : deltas) {
    batch.deltas.push_back({key.day, key.hour, key.line_id, key.agent_id, key.metric, value});
  }
  RETURN_IF_ERROR(reports_.applyProjection(batch));
  seq_ = batch.to_seq;
  ledger_.forget(now_);
  return Status::ok();
}

}  // namespace luukku::reports
