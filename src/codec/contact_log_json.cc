#include "codec/contact_log_json.h"

#include <boost/json.hpp>

#include "codec/actor_json.h"
#include "codec/json_reader.h"
#include "codec/routing_json.h"

namespace luukku::codec {
namespace json = boost::json;

json::value encodePayload(const core::ContactLogged& e) {
  return json::object{
      {"contact_id", e.contact_id}, {"number", e.number},
      {"agent", e.agent_id},        {"reason", e.log.reason},
      {"note", e.log.note},         {"service_need_assessment", e.log.service_need_assessment}};
}

namespace {

void readLogged(ObjectReader& r, core::ContactLogged& e) {
  r.required("contact_id", e.contact_id);
  r.required("number", e.number);
  r.required("agent", e.agent_id);
  r.required("reason", e.log.reason);
  r.required("note", e.log.note);
  r.required("service_need_assessment", e.log.service_need_assessment);
}

}  // namespace

Result<core::ContactLogged> decodeContactLogged(const json::value& payload) {
  ASSIGN_OR_RETURN(PayloadAndActor split, splitActor(payload));
  core::ContactLogged e;
  ObjectReader r(split.payload, "");
  readLogged(r, e);
  RETURN_IF_ERROR(r.finish());
  return e;
}

json::value encodeContactLogDocument(const json::value& payload, std::int64_t seq, Timestamp at) {
  json::value doc = payload;
  doc.as_object()["seq"] = seq;
  putTime(doc.as_object(), "time", at);
  return doc;
}

Result<core::ContactLogEntry> decodeContactLogDocument(const json::value& document) {
  ASSIGN_OR_RETURN(PayloadAndActor split, splitActor(document));
  core::ContactLogEntry entry;
  ObjectReader r(split.payload, "");
  readLogged(r, entry.logged);
  r.required("seq", entry.seq);
  readNested(r, "time", true, entry.at, decodeTime);
  RETURN_IF_ERROR(r.finish());
  if (split.actor) entry.actor_name = split.actor->name;
  return entry;
}

}  // namespace luukku::codec
