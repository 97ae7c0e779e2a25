// Acting on another's behalf in a chat (docs/chat.md, "On behalf"): whom a strongly identified
// person may act for, asked of the registers that decide it.
//
//   - A guardian for a child in their custody who is under the age limit (12 by default): the
//     population register's guardianship data (huoltajuustiedot). PopulationRegister is the
//     adapter's interface.
//   - An adult for another adult who has given them a mandate for the matter in hand: the
//     Suomi.fi mandate service (Suomi.fi-valtuudet). MandateRegister is its interface.
//
// Each interface has a file-backed development implementation (register_files.h); a
// production adapter implements the same interface over the register's own service. The
// registers are asked at the moment of choosing, never cached: custody and mandates change.
//
// Identity codes here are canonical (core/identity_code.h) and in the clear: the caller seals
// what it keeps and never logs them.
//
// Thread-safety: the interfaces' implementations are thread-safe and may block (a register is
// a network service): call them on the BlockingPool. OnBehalf is immutable after construction.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"

namespace luukku::identity {

struct RegisteredPerson {
  std::string identity_code;
  std::string name;
  friend bool operator==(const RegisteredPerson&, const RegisteredPerson&) = default;
};

class PopulationRegister {
 public:
  virtual ~PopulationRegister() = default;
  // The children, of any age, in the custody of the guardian `guardian_code`. kUnavailable
  // when the register cannot be asked now.
  virtual Result<std::vector<RegisteredPerson>> childrenInCustodyOf(
      std::string_view guardian_code) const = 0;
};

class MandateRegister {
 public:
  virtual ~MandateRegister() = default;
  // The people who have given `agent_code` a mandate for the matter `issue` (the mandate
  // service's issue code) valid on `today`. kUnavailable when the register cannot be asked now.
  virtual Result<std::vector<RegisteredPerson>> mandatorsOf(std::string_view agent_code,
                                                            std::string_view issue,
                                                            Date today) const = 0;
};

enum class OnBehalfBasis { kGuardian, kMandate };
std::string_view basisName(OnBehalfBasis basis);  // "guardian", "mandate"

struct ActedFor {
  RegisteredPerson person;
  OnBehalfBasis basis = OnBehalfBasis::kGuardian;
};

struct OnBehalfConfig {
  int child_age_limit = 12;   // a guardian acts for a child under this age
  std::string mandate_issue;  // the issue code a mandate must cover
};

class OnBehalf {
 public:
  // Either register may be null: that basis is not offered.
  OnBehalf(std::shared_ptr<const PopulationRegister> population,
           std::shared_ptr<const MandateRegister> mandates, OnBehalfConfig config);

  // Whom `agent_code` may act for on `today` (Europe/Helsinki's date): their children under
  // the age limit, then those who gave them a mandate, each in name order. A person both
  // ways is listed once, as a child. The first register that cannot be asked fails the whole.
  Result<std::vector<ActedFor>> whomMayActFor(std::string_view agent_code, Date today) const;

 private:
  std::shared_ptr<const PopulationRegister> population_;
  std::shared_ptr<const MandateRegister> mandates_;
  OnBehalfConfig config_;
};

}  // namespace luukku::identity
