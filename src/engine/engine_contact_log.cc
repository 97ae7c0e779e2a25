// The engine's side of the customer card: logging a contact (LogContact) into the contact's
// own stream, and remembering the contacts that ended here until the store is sure to know
// how far their streams go.
#include <boost/json.hpp>

#include "codec/actor_json.h"
#include "codec/contact_log_json.h"
#include "codec/routing_json.h"
#include "core/text.h"
#include "engine/engine.h"
#include "engine/engine_internal.h"

namespace luukku::engine {
namespace asio = boost::asio;
namespace json = boost::json;
using namespace core::routing;

namespace {

// How long an ended contact is remembered after its last event became durable. A reader that
// looked at the store before then and whose LogContact arrives after would number the entry
// from a stale stream; requests end long before this (the HTTP server's own time limits).
constexpr auto kSettledContactAge = std::chrono::minutes(10);

std::string citizenOf(const Contact& c) {
  return c.direction == ContactDirection::kOutgoing ? c.to_number : c.from_number;
}

// Who holds a contact, or held it last when it ended: the agent who accepted it (or made the
// call). An offer not accepted makes nobody its holder.
std::string holderOf(const Contact& c) {
  return c.routing.accepted_at ? c.routing.agent_id : std::string();
}

}  // namespace

void Engine::rememberEndedContact(const RoutingEvent& event, std::int64_t stream_seq,
                                  std::int64_t global_seq) {
  std::visit(
      [&](const auto& e) {
        if constexpr (requires { e.contact; }) {
          if constexpr (std::is_same_v<std::decay_t<decltype(e.contact)>, Contact>) {
            if (e.contact.end == ContactEnd::kOpen || center_.findContact(e.contact.id)) return;
            ended_contacts_[e.contact.id] = {stream_seq, holderOf(e.contact), citizenOf(e.contact),
                                             global_seq, now()};
            ended_order_.emplace_back(e.contact.id, global_seq);
          }
        }
      },
      event);
  forgetSettledContacts();
}

void Engine::forgetSettledContacts() {
  const std::int64_t durable = durable_seq_.load();
  const Timestamp before = now() - kSettledContactAge;
  while (!ended_order_.empty()) {
    const auto& [id, seq] = ended_order_.front();
    auto it = ended_contacts_.find(id);
    if (it != ended_contacts_.end() && it->second.global_seq == seq) {
      if (seq > durable || it->second.at > before) return;
      ended_contacts_.erase(it);
    }
    ended_order_.pop_front();
  }
}

core::ContactLogEntry Engine::Transaction::record(const core::ContactLogged& event,
                                                  std::int64_t stream_version) {
  store::StoredEvent stored =
      next(contactStream(event.contact_id), stream_version + 1, core::kContactLoggedType);
  json::value payload = codec::encodePayload(event);
  if (actor_) codec::putActor(payload, *actor_);
  stored.payload = json::serialize(payload);

  core::ContactLogEntry entry{event, stored.global_seq, stored.recorded_at,
                              actor_ ? actor_->name : std::string()};
  std::vector<store::Document> documents;
  documents.push_back(
      {"contact_log", event.contact_id, stored.stream_seq, false,
       json::serialize(codec::encodeContactLogDocument(payload, stored.global_seq, entry.at))});
  if (engine_.center_.continueContactStream(event.contact_id, stored.stream_seq)) {
    // A live contact's document carries its stream's number, which a restart continues from.
    const Contact* c = engine_.center_.findContact(event.contact_id);
    documents.push_back({"contact", c->id, c->version, true, json::serialize(codec::encode(*c))});
  } else {
    auto& ended = engine_.ended_contacts_[event.contact_id];
    ended.version = stored.stream_seq;
    ended.global_seq = stored.global_seq;
    ended.at = stored.recorded_at;
    engine_.ended_order_.emplace_back(event.contact_id, stored.global_seq);
  }
  add(std::move(stored), std::move(documents));
  return entry;
}

template <>
void Engine::run(LogContact c,
                 asio::any_completion_handler<void(Result<core::ContactLogEntry>)> h) {
  runCommand<core::ContactLogEntry>(
      std::move(h), [&](Transaction& tx) -> Result<core::ContactLogEntry> {
        RETURN_IF_ERROR(core::validateContactLog(c.log, region_.settings()));
        forgetSettledContacts();
        std::int64_t version = 0;
        std::string holder;
        std::string number;
        if (const Contact* live = center_.findContact(c.contact_id)) {
          version = live->version;
          holder = holderOf(*live);
          number = citizenOf(*live);
        } else if (auto it = ended_contacts_.find(c.contact_id); it != ended_contacts_.end()) {
          version = it->second.version;
          holder = it->second.holder;
          number = it->second.number;
        } else if (c.stored && c.stored->contact.id == c.contact_id &&
                   c.stored->contact.end != ContactEnd::kOpen) {
          version = c.stored->stream_version;
          holder = holderOf(c.stored->contact);
          number = citizenOf(c.stored->contact);
        } else {
          return notFound("contact '" + printable(c.contact_id) + "' does not exist");
        }
        if (!c.any_contact && (c.agent_id.empty() || holder != c.agent_id)) {
          return Status{ErrorCode::kPermissionDenied,
                        "only the professional who handled contact '" + printable(c.contact_id) +
                            "' or a supervisor may log it"};
        }
        if (!center_.findContact(c.contact_id)) {
          // Remembered from now on (Transaction::record keeps it current), so a second entry
          // follows this one whatever a reader saw in the store.
          ended_contacts_[c.contact_id] = {version, holder, number, 0, now()};
        }
        return tx.record(core::ContactLogged{c.contact_id, number, c.agent_id, c.log}, version);
      });
}

}  // namespace luukku::engine
