// The region's configuration: service lines, their opening hours, public holidays and agents.
//
// A region (hyvinvointialue) runs one Luukku. Its configuration is data owned by the engine,
// changed only through events (see core/events.h) and checked by validate*() before any event
// is made. Nothing here knows about JSON or SQL; codec/ and store/ translate.
//
// Thread-safety: plain values.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/routing/policy.h"
#include "core/status.h"
#include "core/time.h"

namespace luukku::core {

// A user-facing text in the three languages every Luukku text carries.
struct LocalizedText {
  std::string fi;
  std::string sv;
  std::string en;
  friend bool operator==(const LocalizedText&, const LocalizedText&) = default;
};

enum class Channel { kPhone, kCallback, kChat, kVideo, kContactRequest };
inline constexpr std::array kAllChannels = {Channel::kPhone, Channel::kCallback, Channel::kChat,
                                            Channel::kVideo, Channel::kContactRequest};
std::string_view channelName(Channel c);  // "phone", "callback", "chat", "video", "contact_request"
std::optional<Channel> channelFromName(std::string_view name);

// Whether a line's chat visitors identify themselves strongly (docs/chat.md,
// "Identification"): never (anonymous), when they or the professional want (optional), or
// before their chat starts (required).
enum class ChatIdentification { kAnonymous, kOptional, kRequired };
std::string_view chatIdentificationName(ChatIdentification c);  // "anonymous", ...
std::optional<ChatIdentification> chatIdentificationFromName(std::string_view name);

// [begin, end) in minutes after local midnight; end may be 1440 (midnight at the day's end).
struct MinuteRange {
  int begin = 0;
  int end = 0;
  friend bool operator==(const MinuteRange&, const MinuteRange&) = default;
};
// A day's open periods, sorted and disjoint. Several periods express split hours
// (a lunch break); none means closed.
using DayHours = std::vector<MinuteRange>;

inline constexpr std::array<std::string_view, 7> kWeekdayNames = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

// Opening hours by ISO weekday: index 0 is Monday, 6 is Sunday.
struct WeeklyHours {
  std::array<DayHours, 7> days;
  friend bool operator==(const WeeklyHours&, const WeeklyHours&) = default;
};

// Hours that replace the weekly hours on one date (empty hours: closed that day).
struct DateException {
  Date date;
  DayHours hours;
  LocalizedText reason;
  friend bool operator==(const DateException&, const DateException&) = default;
};

inline constexpr std::string_view kHelsinki = "Europe/Helsinki";

struct ServiceLine {
  std::string id;  // a slug, e.g. "paivystysapu"; stable, never reused
  LocalizedText name;
  std::vector<std::string> phone_numbers;  // "+358..." or a national short number ("116117")
  std::vector<Channel> channels;
  ChatIdentification chat_identification = ChatIdentification::kAnonymous;
  std::string time_zone = std::string(kHelsinki);
  WeeklyHours weekly_hours;
  // When true the line is closed on the region's public holidays unless an exception for that
  // date says otherwise.
  bool closed_on_public_holidays = true;
  std::vector<DateException> exceptions;
  routing::LinePolicy routing;  // priorities, timers, limits and the callback policy
  bool active = true;           // retired lines stay, inactive, so their history stays readable

  std::int64_t version = 0;  // the line's stream sequence; 0 before it exists
  friend bool operator==(const ServiceLine&, const ServiceLine&) = default;
};

struct Agent {
  std::string id;  // a slug, e.g. "anna-virtanen"
  std::string name;
  std::vector<std::string> languages;  // ISO 639-1 codes, e.g. "fi", "sv", "en"
  std::vector<std::string> teams;
  std::vector<std::string> skills;
  std::string area;              // the agent's home area, e.g. a health station's area
  routing::AgentPolicy routing;  // memberships in lines (with tiers) and capacity
  bool active = true;

  std::int64_t version = 0;
  friend bool operator==(const Agent&, const Agent&) = default;
};

struct Holiday {
  Date date;
  LocalizedText name;
  friend bool operator==(const Holiday&, const Holiday&) = default;
};

// A reason a professional can log a contact under (the customer card's list), e.g.
// "medication" with its names in the three languages. Ids are stable: logged contacts keep
// naming them after a reason is renamed.
struct ContactReason {
  std::string id;
  LocalizedText name;
  friend bool operator==(const ContactReason&, const ContactReason&) = default;
};

// Region-wide settings: name, time zone, the calendar of public holidays and the reasons
// contacts are logged under.
struct RegionSettings {
  LocalizedText name;
  std::string time_zone = std::string(kHelsinki);
  std::vector<Holiday> holidays;               // sorted by date, one per date
  std::vector<ContactReason> contact_reasons;  // in the order the card lists them; unique ids

  std::int64_t version = 0;
  friend bool operator==(const RegionSettings&, const RegionSettings&) = default;
};

// Rules a single definition must satisfy on its own. Messages name the offending field.
Status validateServiceLine(const ServiceLine& line);
Status validateAgent(const Agent& agent);
Status validateRegionSettings(const RegionSettings& settings);
// The reason with this id, or null.
const ContactReason* findContactReason(const RegionSettings& settings, std::string_view id);

// Identifiers are lowercase slugs: [a-z0-9][a-z0-9-]{0,62}.
bool isValidId(std::string_view id);

}  // namespace luukku::core
