#include "core/region.h"

#include <algorithm>
#include <set>

#include "core/phone_number.h"
#include "core/text.h"

namespace luukku::core {
namespace {

constexpr std::size_t kMaxName = 200;
constexpr std::size_t kMaxListItems = 100;

Status checkText(const LocalizedText& text, const std::string& field, bool required) {
  struct Part {
    const std::string* value;
    const char* lang;
  };
  for (Part part : {Part{&text.fi, "fi"}, Part{&text.sv, "sv"}, Part{&text.en, "en"}}) {
    std::string where = field + "." + part.lang;
    if (required && isBlank(*part.value)) return invalidArgument(where + " must not be empty");
    if (part.value->size() > kMaxName) {
      return invalidArgument(where + " is longer than " + std::to_string(kMaxName) + " bytes");
    }
    if (!isValidUtf8(*part.value)) return invalidArgument(where + " is not valid UTF-8");
  }
  return Status::ok();
}

Status checkDayHours(const DayHours& hours, const std::string& field) {
  int previous_end = -1;
  for (std::size_t i = 0; i < hours.size(); ++i) {
    const MinuteRange& r = hours[i];
    std::string where = field + "[" + std::to_string(i) + "]";
    if (r.begin < 0 || r.end > 24 * 60 || r.begin >= r.end) {
      return invalidArgument(where + " must start before it ends, within 00:00-24:00");
    }
    if (r.begin < previous_end) {
      return invalidArgument(where + " overlaps or precedes the period before it");
    }
    previous_end = r.end;
  }
  return Status::ok();
}

Status checkTags(const std::vector<std::string>& tags, const std::string& field) {
  if (tags.size() > kMaxListItems) return invalidArgument(field + " has too many entries");
  std::set<std::string_view> seen;
  for (const auto& tag : tags) {
    if (!isValidId(tag)) {
      return invalidArgument(field + " entry '" + printable(tag) +
                             "' must be a lowercase slug (a-z, 0-9, '-')");
    }
    if (!seen.insert(tag).second) {
      std::string message = field;
      message.append(" lists '").append(tag).append("' twice");
      return invalidArgument(std::move(message));
    }
  }
  return Status::ok();
}

bool isLanguageCode(std::string_view code) {
  return (code.size() == 2 || code.size() == 3) &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

}  // namespace

std::string_view channelName(Channel c) {
  switch (c) {
    case Channel::kPhone:
      return "phone";
    case Channel::kCallback:
      return "callback";
    case Channel::kChat:
      return "chat";
    case Channel::kVideo:
      return "video";
    case Channel::kContactRequest:
      return "contact_request";
  }
  return "phone";
}

std::optional<Channel> channelFromName(std::string_view name) {
  for (Channel c : kAllChannels) {
    if (channelName(c) == name) return c;
  }
  return std::nullopt;
}

std::string_view chatIdentificationName(ChatIdentification c) {
  switch (c) {
    case ChatIdentification::kAnonymous:
      return "anonymous";
    case ChatIdentification::kOptional:
      return "optional";
    case ChatIdentification::kRequired:
      return "required";
  }
  return "anonymous";
}

std::optional<ChatIdentification> chatIdentificationFromName(std::string_view name) {
  for (auto c : {ChatIdentification::kAnonymous, ChatIdentification::kOptional,
                 ChatIdentification::kRequired}) {
    if (chatIdentificationName(c) == name) return c;
  }
  return std::nullopt;
}

bool isValidId(std::string_view id) {
  if (id.empty() || id.size() > 63 || id[0] == '-') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

Status validateServiceLine(const ServiceLine& line) {
  if (!isValidId(line.id)) {
    return invalidArgument("id '" + printable(line.id) +
                           "' must be a lowercase slug of 1-63 characters (a-z, 0-9, '-')");
  }
  RETURN_IF_ERROR(checkText(line.name, "name", true));
  if (line.phone_numbers.size() > kMaxListItems) {
    return invalidArgument("phone_numbers has too many entries");
  }
  std::set<std::string_view> numbers;
  for (const auto& n : line.phone_numbers) {
    RETURN_IF_ERROR(checkNormalPhoneNumber(n, "phone_numbers"));
    if (!numbers.insert(n).second) return invalidArgument("phone number " + n + " listed twice");
  }
  std::set<Channel> channels(line.channels.begin(), line.channels.end());
  if (channels.size() != line.channels.size()) return invalidArgument("channels lists one twice");
  if (channels.count(Channel::kPhone) && line.phone_numbers.empty()) {
    return invalidArgument("a line with the phone channel needs at least one phone number");
  }
  if (line.time_zone != kHelsinki) {
    return invalidArgument("time_zone '" + printable(line.time_zone) +
                           "' is not supported; use Europe/Helsinki");
  }
  for (std::size_t d = 0; d < 7; ++d) {
    RETURN_IF_ERROR(
        checkDayHours(line.weekly_hours.days[d], "weekly_hours." + std::string(kWeekdayNames[d])));
  }
  std::set<Date> dates;
  for (std::size_t i = 0; i < line.exceptions.size(); ++i) {
    const DateException& e = line.exceptions[i];
    std::string where = "exceptions[" + std::to_string(i) + "]";
    if (!e.date.ok()) return invalidArgument(where + ".date is not a calendar date");
    if (!dates.insert(e.date).second) {
      return invalidArgument(where + " repeats the date " + formatDate(e.date));
    }
    RETURN_IF_ERROR(checkDayHours(e.hours, where + ".hours"));
    RETURN_IF_ERROR(checkText(e.reason, where + ".reason", false));
  }
  if (line.exceptions.size() > 1000) return invalidArgument("exceptions has too many entries");
  if (Status st = routing::validateLinePolicy(line.routing); !st) {
    return invalidArgument("routing: " + st.message());
  }
  return Status::ok();
}

Status validateAgent(const Agent& agent) {
  if (!isValidId(agent.id)) {
    return invalidArgument("id '" + printable(agent.id) +
                           "' must be a lowercase slug of 1-63 characters (a-z, 0-9, '-')");
  }
  if (isBlank(agent.name)) return invalidArgument("name must not be empty");
  if (agent.name.size() > kMaxName) return invalidArgument("name is too long");
  if (!isValidUtf8(agent.name)) return invalidArgument("name is not valid UTF-8");
  if (agent.languages.empty()) return invalidArgument("languages must list at least one language");
  std::set<std::string_view> langs;
  for (const auto& l : agent.languages) {
    if (!isLanguageCode(l)) {
      return invalidArgument("language '" + printable(l) + "' must be an ISO 639 code such as fi");
    }
    if (!langs.insert(l).second) return invalidArgument("language '" + l + "' listed twice");
  }
  RETURN_IF_ERROR(checkTags(agent.teams, "teams"));
  RETURN_IF_ERROR(checkTags(agent.skills, "skills"));
  if (!agent.area.empty() && !isValidId(agent.area)) {
    return invalidArgument("area '" + printable(agent.area) + "' must be a lowercase slug");
  }
  if (Status st = routing::validateAgentPolicy(agent.routing); !st) {
    return invalidArgument("routing: " + st.message());
  }
  return Status::ok();
}

Status validateRegionSettings(const RegionSettings& settings) {
  RETURN_IF_ERROR(checkText(settings.name, "name", true));
  if (settings.time_zone != kHelsinki) {
    return invalidArgument("time_zone '" + printable(settings.time_zone) +
                           "' is not supported; use Europe/Helsinki");
  }
  if (settings.holidays.size() > 1000) return invalidArgument("holidays has too many entries");
  for (std::size_t i = 0; i < settings.holidays.size(); ++i) {
    const Holiday& h = settings.holidays[i];
    std::string where = "holidays[" + std::to_string(i) + "]";
    if (!h.date.ok()) return invalidArgument(where + ".date is not a calendar date");
    if (i > 0 && !(settings.holidays[i - 1].date < h.date)) {
      return invalidArgument(where + " must come after the holiday before it (one per date)");
    }
    RETURN_IF_ERROR(checkText(h.name, where + ".name", true));
  }
  if (settings.contact_reasons.size() > 200) {
    return invalidArgument("contact_reasons has too many entries");
  }
  for (std::size_t i = 0; i < settings.contact_reasons.size(); ++i) {
    const ContactReason& reason = settings.contact_reasons[i];
    std::string where = "contact_reasons[" + std::to_string(i) + "]";
    if (!isValidId(reason.id)) return invalidArgument(where + ".id must be a lowercase slug");
    for (std::size_t j = 0; j < i; ++j) {
      if (settings.contact_reasons[j].id == reason.id) {
        return invalidArgument(where + ".id '" + reason.id + "' is listed twice");
      }
    }
    RETURN_IF_ERROR(checkText(reason.name, where + ".name", true));
  }
  return Status::ok();
}

const ContactReason* findContactReason(const RegionSettings& settings, std::string_view id) {
  for (const auto& reason : settings.contact_reasons) {
    if (reason.id == id) return &reason;
  }
  return nullptr;
}

}  // namespace luukku::core
