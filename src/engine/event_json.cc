#include "engine/event_json.h"

#include <boost/json/serialize.hpp>
#include <boost/json/string_view.hpp>

namespace luukku::engine {

std::string renderEventJson(const store::StoredEvent& e) {
  std::string out;
  out.reserve(e.payload.size() + e.stream_id.size() + e.type.size() + 96);
  out += R"({"seq":)";
  out += std::to_string(e.global_seq);
  out += R"(,"stream":)";
  out += boost::json::serialize(boost::json::string_view(e.stream_id));
  out += R"(,"stream_seq":)";
  out += std::to_string(e.stream_seq);
  out += R"(,"time":")";
  out += formatTimestamp(e.recorded_at);
  out += R"(","type":)";
  out += boost::json::serialize(boost::json::string_view(e.type));
  out += R"(,"data":)";
  out += e.payload;
  out += '}';
  return out;
}

}  // namespace luukku::engine
