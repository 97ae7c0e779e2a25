// The development registers behind acting on another's behalf (on_behalf.h): a population
// register's guardianship and a mandate service, each read from a JSON file at start-up, so a
// region can try the feature, and the tests can run it, without the real services. They answer
// as the real ones would for the people in the file and know nobody else.
//
// Population register file:
//   {"children": [{"identity_code": "010517A9980", "name": "Lilja Virtanen",
//                  "guardians": ["120384-9128"]}]}
// Mandate file:
//   {"mandates": [{"mandator": {"identity_code": "020138-9363", "name": "Elsa Lindholm"},
//                  "agent": "270987-948P", "issues": ["social-and-health-services"],
//                  "valid_from": "2026-01-01", "valid_until": "2027-12-31"}]}
// (`valid_from` and `valid_until` are optional and inclusive.) Every identity code must be
// valid; an error names the entry by its position, never by its code. Unknown keys are errors.
//
// Thread-safety: immutable after open(); safe from any thread.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "identity/on_behalf.h"

namespace luukku::identity {

class FilePopulationRegister final : public PopulationRegister {
 public:
  static Result<std::shared_ptr<FilePopulationRegister>> open(const std::string& path);
  // The same from the file's text (`source` names it in errors).
  static Result<std::shared_ptr<FilePopulationRegister>> parse(std::string_view text,
                                                               const std::string& source);

  Result<std::vector<RegisteredPerson>> childrenInCustodyOf(
      std::string_view guardian_code) const override;

 private:
  std::multimap<std::string, RegisteredPerson, std::less<>> by_guardian_;
};

class FileMandateRegister final : public MandateRegister {
 public:
  static Result<std::shared_ptr<FileMandateRegister>> open(const std::string& path);
  static Result<std::shared_ptr<FileMandateRegister>> parse(std::string_view text,
                                                            const std::string& source);

  Result<std::vector<RegisteredPerson>> mandatorsOf(std::string_view agent_code,
                                                    std::string_view issue,
                                                    Date today) const override;

 private:
  struct Mandate {
    RegisteredPerson mandator;
    std::vector<std::string> issues;
    std::optional<Date> valid_from;
    std::optional<Date> valid_until;
  };
  std::multimap<std::string, Mandate, std::less<>> by_agent_;
};

}  // namespace luukku::identity
