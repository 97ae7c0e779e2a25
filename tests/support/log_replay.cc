#include "support/log_replay.h"

#include <boost/json.hpp>

#include "codec/region_json.h"
#include "codec/routing_json.h"
#include "store/event_store.h"

namespace luukku::testing {

Result<ReplayedState> replayLog(const std::string& store_url) {
  ASSIGN_OR_RETURN(auto store, store::openStore(store_url));
  ReplayedState state;
  std::int64_t after = 0;
  for (;;) {
    ASSIGN_OR_RETURN(auto events, store->readAll(after, 1000));
    if (events.empty()) break;
    for (const auto& e : events) {
      boost::system::error_code ec;
      auto payload = boost::json::parse(e.payload, ec);
      if (ec) return internalError("event " + std::to_string(e.global_seq) + " is not JSON");
      if (codec::isRegionEventType(e.type)) {
        ASSIGN_OR_RETURN(auto decoded, codec::decodeRegionEvent(e.type, payload));
        state.region.apply(decoded, e.stream_seq);
      } else if (codec::isRoutingEventType(e.type)) {
        ASSIGN_OR_RETURN(auto decoded, codec::decodeRoutingEvent(e.type, payload));
        if (state.center.streamVersion(decoded) + 1 != e.stream_seq) {
          return internalError("event " + std::to_string(e.global_seq) + " of " + e.stream_id +
                               " does not follow its stream's previous event");
        }
        state.center.apply(decoded, e.stream_seq);
      }
      after = e.global_seq;
    }
  }
  return state;
}

}  // namespace luukku::testing
