// The wire form of a recorded event, as the live feed and the history endpoints send it:
//   {"seq":42,"stream":"service_line/hammas","stream_seq":3,"time":"2026-11-22T08:00:00.000000Z",
//    "type":"service_line.changed","data":{...}}
//
// Two forms. The full form is the event as recorded. The form without personal data leaves
// out every field that identifies a citizen (kPersonalDataKeys, at any depth of "data") and the
// free texts about one (kPersonalTextKeys): it is
// what the feed sends unless the reader asks for personal data, and such a read writes an
// access-log row per citizen (docs/security.md, "The event feed").
//
// Thread-safety: pure functions.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "engine/subscription.h"
#include "store/event_store.h"

namespace luukku::engine {

// The fields of event data that identify a citizen: a caller's, a task's and an outgoing call's
// phone number.
inline constexpr std::array<std::string_view, 3> kPersonalDataKeys = {"from_number", "number",
                                                                      "to_number"};
// Fields that may hold what a citizen told or called themselves (a contact log's note, a
// contact request's description and the name its sender gave, a chat's messages, the name a
// chat's visitor gave and the name they identified with, the name of the person they act for,
// the name of a file sent in a chat, the clickbot path a chat's visitor walked): left out with
// the numbers. In a chat's stream
// they make the event name the chat's visitor, as "customer:<chat id>" (they have no other
// identifier).
inline constexpr std::array<std::string_view, 9> kPersonalTextKeys = {
    "note",        "description",    "requester_name", "text",    "visitor_name",
    "person_name", "principal_name", "file_name",      "clickbot"};
// Fields no reader is sent in either form: a chat visitor's token hash, and the sealed identity
// codes of an identified visitor and of the person they act for (shown only through GET
// /api/v1/chats/{id}/identity).
inline constexpr std::array<std::string_view, 3> kSecretKeys = {
    "token_hash", "identity_code_sealed", "principal_code_sealed"};

std::string renderEventJson(const store::StoredEvent& event);
std::string renderEventJsonWithoutPersonalData(const store::StoredEvent& event);

// The citizens an event's data names, as access-log identifiers ("phone:+358401234567",
// "customer:c-0000002a" for a chat's visitor), each once.
std::vector<std::string> citizensIn(const store::StoredEvent& event);

// Both forms and the citizens, rendered once for every subscriber.
FeedEventPtr makeFeedEvent(const store::StoredEvent& event);

}  // namespace luukku::engine
