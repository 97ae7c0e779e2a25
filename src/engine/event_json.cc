#include "engine/event_json.h"

#include <algorithm>
#include <boost/json.hpp>
#include <optional>

namespace luukku::engine {
namespace json = boost::json;

namespace {

std::string render(const store::StoredEvent& e, std::string_view data) {
  std::string out;
  out.reserve(data.size() + e.stream_id.size() + e.type.size() + 96);
  out += R"({"seq":)";
  out += std::to_string(e.global_seq);
  out += R"(,"stream":)";
  out += json::serialize(json::string_view(e.stream_id));
  out += R"(,"stream_seq":)";
  out += std::to_string(e.stream_seq);
  out += R"(,"time":")";
  out += formatTimestamp(e.recorded_at);
  out += R"(","type":)";
  out += json::serialize(json::string_view(e.type));
  out += R"(,"data":)";
  out += data;
  out += '}';
  return out;
}

bool isPersonalKey(std::string_view key) {
  return std::find(kPersonalDataKeys.begin(), kPersonalDataKeys.end(), key) !=
         kPersonalDataKeys.end();
}
bool isPersonalTextKey(std::string_view key) {
  return std::find(kPersonalTextKeys.begin(), kPersonalTextKeys.end(), key) !=
         kPersonalTextKeys.end();
}
bool isSecretKey(std::string_view key) {
  return std::find(kSecretKeys.begin(), kSecretKeys.end(), key) != kSecretKeys.end();
}

// A cheap test first: most events (presence, offers, configuration) name nobody, and their
// payloads need no parsing. A payload naming a personal key has `"<key>"` in its text.
bool mayHavePersonalData(std::string_view payload) {
  static const std::vector<std::string> quoted = [] {
    std::vector<std::string> keys;
    keys.reserve(std::size(kPersonalDataKeys) + std::size(kPersonalTextKeys) +
                 std::size(kSecretKeys));
    for (std::string_view k : kPersonalDataKeys) keys.push_back("\"" + std::string(k) + "\"");
    for (std::string_view k : kPersonalTextKeys) keys.push_back("\"" + std::string(k) + "\"");
    for (std::string_view k : kSecretKeys) keys.push_back("\"" + std::string(k) + "\"");
    return keys;
  }();
  return std::any_of(quoted.begin(), quoted.end(), [&](const std::string& k) {
    return payload.find(k) != std::string_view::npos;
  });
}

// Removes secret fields from `v`'s top level (where the chat events keep them); true when
// there were any.
bool dropSecrets(json::value& v) {
  auto* o = v.if_object();
  if (!o) return false;
  bool dropped = false;
  for (auto it = o->begin(); it != o->end();) {
    if (isSecretKey(it->key())) {
      it = o->erase(it);
      dropped = true;
    } else {
      ++it;
    }
  }
  return dropped;
}

// Removes personal fields from `v` at any depth, collecting the citizens they named and
// noting in `texts` whether any free text went.
void strip(json::value& v, std::vector<std::string>& citizens, bool& texts) {
  if (auto* o = v.if_object()) {
    for (auto it = o->begin(); it != o->end();) {
      if (isPersonalKey(it->key())) {
        if (const auto* s = it->value().if_string(); s && !s->empty()) {
          std::string ref = "phone:" + std::string(*s);
          if (std::find(citizens.begin(), citizens.end(), ref) == citizens.end()) {
            citizens.push_back(std::move(ref));
          }
        }
        it = o->erase(it);
      } else if (isPersonalTextKey(it->key())) {
        it = o->erase(it);
        texts = true;
      } else {
        strip(it->value(), citizens, texts);
        ++it;
      }
    }
  } else if (auto* a = v.if_array()) {
    for (auto& item : *a) strip(item, citizens, texts);
  }
}

struct Stripped {
  std::string full;  // the payload without secrets; empty: the payload as recorded
  std::string data;  // without personal data
  std::vector<std::string> citizens;
};

// Nullopt when the payload names no citizen (then both forms are the same).
std::optional<Stripped> stripped(const store::StoredEvent& e) {
  if (!mayHavePersonalData(e.payload)) return std::nullopt;
  boost::system::error_code ec;
  json::value v = json::parse(e.payload, ec);
  // The engine writes only JSON; should a payload not parse, send none of it rather than risk
  // sending personal data.
  if (ec) return Stripped{"{}", "{}", {}};
  Stripped out;
  if (dropSecrets(v)) out.full = json::serialize(v);
  bool texts = false;
  strip(v, out.citizens, texts);
  // A chat's visitor has no identifier but the chat: what they wrote is read under it.
  constexpr std::string_view kChatStream = "chat/";
  if (texts && e.stream_id.starts_with(kChatStream)) {
    out.citizens.push_back("customer:" + e.stream_id.substr(kChatStream.size()));
  }
  out.data = json::serialize(v);
  return out;
}

}  // namespace

std::string renderEventJson(const store::StoredEvent& e) {
  auto s = stripped(e);
  return s && !s->full.empty() ? render(e, s->full) : render(e, e.payload);
}

std::string renderEventJsonWithoutPersonalData(const store::StoredEvent& e) {
  auto s = stripped(e);
  return s ? render(e, s->data) : render(e, e.payload);
}

std::vector<std::string> citizensIn(const store::StoredEvent& e) {
  auto s = stripped(e);
  return s ? std::move(s->citizens) : std::vector<std::string>{};
}

FeedEventPtr makeFeedEvent(const store::StoredEvent& e) {
  auto event = std::make_shared<FeedEvent>();
  event->seq = e.global_seq;
  auto s = stripped(e);
  event->json = s && !s->full.empty() ? render(e, s->full) : render(e, e.payload);
  if (s) {
    event->json_without_personal_data = render(e, s->data);
    event->citizens = std::move(s->citizens);
  }
  return event;
}

}  // namespace luukku::engine
