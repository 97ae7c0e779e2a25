// The wire form of a recorded event, as the live feed and the history endpoints send it:
//   {"seq":42,"stream":"service_line/hammas","stream_seq":3,"time":"2026-11-22T08:00:00.000000Z",
//    "type":"service_line.changed","data":{...}}
#pragma once

#include <string>

#include "store/event_store.h"

namespace luukku::engine {

std::string renderEventJson(const store::StoredEvent& event);

}  // namespace luukku::engine
