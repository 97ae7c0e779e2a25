// Small, valid configuration values for tests.
#pragma once

#include "core/region.h"

namespace luukku::core {

inline ServiceLine testLine(std::string id, std::string number = "+358600100") {
  ServiceLine line;
  line.id = std::move(id);
  line.name = {"Neuvola", "Rådgivning", "Child health clinic"};
  line.phone_numbers = {std::move(number)};
  line.channels = {Channel::kPhone, Channel::kCallback};
  for (int d = 0; d < 5; ++d) line.weekly_hours.days[d] = {{8 * 60, 16 * 60}};
  return line;
}

inline Agent testAgent(std::string id) {
  Agent a;
  a.id = std::move(id);
  a.name = "Anna Virtanen";
  a.languages = {"fi", "sv"};
  a.teams = {"neuvola-seinajoki"};
  a.skills = {"maternity"};
  a.area = "seinajoki";
  return a;
}

inline RegionSettings testSettings() {
  RegionSettings s;
  s.name = {"Etelä-Pohjanmaan hyvinvointialue", "Södra Österbottens välfärdsområde",
            "South Ostrobothnia wellbeing services county"};
  s.holidays = {{std::chrono::year(2026) / 12 / 24, {"Jouluaatto", "Julafton", "Christmas Eve"}},
                {std::chrono::year(2026) / 12 / 25, {"Joulupäivä", "Juldagen", "Christmas Day"}}};
  s.contact_reasons = {{"medication", {"Lääkitys", "Medicinering", "Medication"}},
                       {"advice", {"Neuvonta", "Rådgivning", "Advice"}}};
  return s;
}

}  // namespace luukku::core
