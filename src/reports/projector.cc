#include "reports/projector.h"

#include <spdlog/spdlog.h>

#include <algorithm>
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
  ASSIGN_OR_RETURN(store::Projection at, reports_.projection());
  ledger_ = CallLedger();
  ASSIGN_OR_RETURN(rebuilt_because_, whyNotResumable(at));
  if (!rebuilt_because_.empty()) {
    spdlog::warn("the report roll-ups are rebuilt from the event log: {}", rebuilt_because_);
    RETURN_IF_ERROR(reports_.clearProjection(kFoldVersion));
    at = store::Projection{0, Timestamp(), kFoldVersion};
  }
  seq_ = at.seq;
  now_ = at.last_recorded_at;
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

Result<std::string> ReportProjector::whyNotResumable(const store::Projection& at) {
  if (at.seq == 0) return std::string();  // nothing folded yet: nothing to fold again
  if (at.fold_version != kFoldVersion) {
    return "they were counted by fold version " + std::to_string(at.fold_version) +
           ", this is version " + std::to_string(kFoldVersion);
  }
  ASSIGN_OR_RETURN(auto last, events_.readAll(at.seq - 1, 1));
  if (last.empty() || last[0].global_seq != at.seq) {
    return "they include seq " + std::to_string(at.seq) + ", which the log does not have";
  }
  if (last[0].recorded_at != at.last_recorded_at) {
    return "their last event, seq " + std::to_string(at.seq) +
           ", is not the log's event of that seq (another log?)";
  }
  return std::string();
}

Result<std::int64_t> ReportProjector::catchUp() {
  std::int64_t projected = 0;
  for (;;) {
    ASSIGN_OR_RETURN(std::int64_t n, projectOneBatch());
    if (n == 0) return projected;
    projected += n;
  }
}

Result<std::int64_t> ReportProjector::behind() {
  if (!resumed_) RETURN_IF_ERROR(resume());
  ASSIGN_OR_RETURN(std::int64_t last, events_.lastGlobalSeq());
  return std::max<std::int64_t>(0, last - seq_);
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
  RETURN_IF_ERROR(reports_.clearProjection(kFoldVersion));
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
  batch.to = {events.back().global_seq, events.back().recorded_at, kFoldVersion};
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
  seq_ = batch.to.seq;
  ledger_.forget(now_);
  return Status::ok();
}

}  // namespace luukku::reports
