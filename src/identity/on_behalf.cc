#include "identity/on_behalf.h"

#include <algorithm>

#include "core/identity_code.h"

namespace luukku::identity {

std::string_view basisName(OnBehalfBasis basis) {
  return basis == OnBehalfBasis::kGuardian ? "guardian" : "mandate";
}

OnBehalf::OnBehalf(std::shared_ptr<const PopulationRegister> population,
                   std::shared_ptr<const MandateRegister> mandates, OnBehalfConfig config)
    : population_(std::move(population)),
      mandates_(std::move(mandates)),
      config_(std::move(config)) {}

namespace {

void sortByName(std::vector<ActedFor>& principals, std::size_t from) {
  std::sort(principals.begin() + static_cast<std::ptrdiff_t>(from), principals.end(),
            [](const ActedFor& a, const ActedFor& b) { return a.person.name < b.person.name; });
}

bool listed(const std::vector<ActedFor>& principals, const std::string& code) {
  return std::any_of(principals.begin(), principals.end(),
                     [&](const ActedFor& p) { return p.person.identity_code == code; });
}

}  // namespace

Result<std::vector<ActedFor>> OnBehalf::whomMayActFor(std::string_view agent_code,
                                                      Date today) const {
  std::vector<ActedFor> principals;
  if (population_) {
    ASSIGN_OR_RETURN(auto children, population_->childrenInCustodyOf(agent_code));
    for (RegisteredPerson& child : children) {
      // A register answers canonical codes; one that does not is not trusted with an age.
      auto code = core::parseIdentityCode(child.identity_code);
      if (!code || *code == agent_code || listed(principals, *code)) continue;
      if (!core::isUnder(core::birthDateOf(*code), config_.child_age_limit, today)) continue;
      principals.push_back(
          {RegisteredPerson{*code, std::move(child.name)}, OnBehalfBasis::kGuardian});
    }
    sortByName(principals, 0);
  }
  if (mandates_ && !config_.mandate_issue.empty()) {
    ASSIGN_OR_RETURN(auto mandators,
                     mandates_->mandatorsOf(agent_code, config_.mandate_issue, today));
    const std::size_t first = principals.size();
    for (RegisteredPerson& mandator : mandators) {
      auto code = core::parseIdentityCode(mandator.identity_code);
      if (!code || *code == agent_code || listed(principals, *code)) continue;
      principals.push_back(
          {RegisteredPerson{*code, std::move(mandator.name)}, OnBehalfBasis::kMandate});
    }
    sortByName(principals, first);
  }
  return principals;
}

}  // namespace luukku::identity
