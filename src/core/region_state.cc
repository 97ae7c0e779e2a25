#include "core/region_state.h"

namespace luukku::core {
namespace {

// Shared shape of define*: existence by mode, version check, no-op detection.
template <typename T>
Status checkWrite(const T* existing, const std::string& what, const std::string& id,
                  WriteMode mode, std::optional<std::int64_t> expected_version) {
  if (existing && mode == WriteMode::kCreate) {
    return alreadyExists(what + " '" + id + "' already exists");
  }
  if (!existing && mode == WriteMode::kReplace) {
    return notFound(what + " '" + id + "' does not exist");
  }
  std::int64_t current = existing ? existing->version : 0;
  if (expected_version && *expected_version != current) {
    return conflict(what + " '" + id + "' is at version " + std::to_string(current) +
                    ", not " + std::to_string(*expected_version) + "; reload and try again");
  }
  return Status::ok();
}

}  // namespace

const ServiceLine* RegionState::findLine(std::string_view id) const {
  auto it = lines_.find(id);
  return it == lines_.end() ? nullptr : &it->second;
}

const Agent* RegionState::findAgent(std::string_view id) const {
  auto it = agents_.find(id);
  return it == agents_.end() ? nullptr : &it->second;
}

const ServiceLine* RegionState::lineForNumber(std::string_view number) const {
  auto it = line_by_number_.find(number);
  return it == line_by_number_.end() ? nullptr : findLine(it->second);
}

Result<std::optional<RegionEvent>> RegionState::defineServiceLine(
    ServiceLine proposed, WriteMode mode, std::optional<std::int64_t> expected_version) const {
  RETURN_IF_ERROR(validateServiceLine(proposed));
  const ServiceLine* existing = findLine(proposed.id);
  RETURN_IF_ERROR(checkWrite(existing, "service line", proposed.id, mode, expected_version));
  if (proposed.active) {
    for (const auto& number : proposed.phone_numbers) {
      const ServiceLine* owner = lineForNumber(number);
      if (owner && owner->id != proposed.id) {
        return conflict("phone number " + number + " already belongs to service line '" +
                        owner->id + "'");
      }
    }
  }
  proposed.version = existing ? existing->version : 0;
  if (existing && *existing == proposed) return std::optional<RegionEvent>();
  if (existing) return std::optional<RegionEvent>(ServiceLineChanged{std::move(proposed)});
  return std::optional<RegionEvent>(ServiceLineCreated{std::move(proposed)});
}

Result<std::optional<RegionEvent>> RegionState::defineAgent(
    Agent proposed, WriteMode mode, std::optional<std::int64_t> expected_version) const {
  RETURN_IF_ERROR(validateAgent(proposed));
  for (const auto& m : proposed.routing.memberships) {
    if (!findLine(m.line_id)) {
      return invalidArgument("routing.memberships: service line '" + m.line_id +
                             "' does not exist");
    }
  }
  const Agent* existing = findAgent(proposed.id);
  RETURN_IF_ERROR(checkWrite(existing, "agent", proposed.id, mode, expected_version));
  proposed.version = existing ? existing->version : 0;
  if (existing && *existing == proposed) return std::optional<RegionEvent>();
  if (existing) return std::optional<RegionEvent>(AgentChanged{std::move(proposed)});
  return std::optional<RegionEvent>(AgentCreated{std::move(proposed)});
}

Result<std::optional<RegionEvent>> RegionState::changeSettings(
    RegionSettings proposed, std::optional<std::int64_t> expected_version) const {
  RETURN_IF_ERROR(validateRegionSettings(proposed));
  if (expected_version && *expected_version != settings_.version) {
    return conflict("region settings are at version " + std::to_string(settings_.version) +
                    ", not " + std::to_string(*expected_version) + "; reload and try again");
  }
  proposed.version = settings_.version;
  if (proposed == settings_) return std::optional<RegionEvent>();
  return std::optional<RegionEvent>(RegionSettingsChanged{std::move(proposed)});
}

std::int64_t RegionState::streamVersion(const RegionEvent& event) const {
  struct Visitor {
    const RegionState& self;
    std::int64_t operator()(const RegionSettingsChanged&) const { return self.settings_.version; }
    std::int64_t line(const std::string& id) const {
      const ServiceLine* l = self.findLine(id);
      return l ? l->version : 0;
    }
    std::int64_t agent(const std::string& id) const {
      const Agent* a = self.findAgent(id);
      return a ? a->version : 0;
    }
    std::int64_t operator()(const ServiceLineCreated& e) const { return line(e.line.id); }
    std::int64_t operator()(const ServiceLineChanged& e) const { return line(e.line.id); }
    std::int64_t operator()(const AgentCreated& e) const { return agent(e.agent.id); }
    std::int64_t operator()(const AgentChanged& e) const { return agent(e.agent.id); }
  };
  return std::visit(Visitor{*this}, event);
}

void RegionState::apply(const RegionEvent& event, std::int64_t stream_seq) {
  auto putLine = [&](ServiceLine line) {
    if (const ServiceLine* old = findLine(line.id)) {
      for (const auto& n : old->phone_numbers) line_by_number_.erase(n);
    }
    line.version = stream_seq;
    if (line.active) {
      for (const auto& n : line.phone_numbers) line_by_number_[n] = line.id;
    }
    std::string id = line.id;
    lines_.insert_or_assign(std::move(id), std::move(line));
  };
  auto putAgent = [&](Agent agent) {
    agent.version = stream_seq;
    std::string id = agent.id;
    agents_.insert_or_assign(std::move(id), std::move(agent));
  };
  struct Visitor {
    RegionState* self;
    std::int64_t seq;
    decltype(putLine)& put_line;
    decltype(putAgent)& put_agent;
    void operator()(const RegionSettingsChanged& e) const {
      self->settings_ = e.settings;
      self->settings_.version = seq;
    }
    void operator()(const ServiceLineCreated& e) const { put_line(e.line); }
    void operator()(const ServiceLineChanged& e) const { put_line(e.line); }
    void operator()(const AgentCreated& e) const { put_agent(e.agent); }
    void operator()(const AgentChanged& e) const { put_agent(e.agent); }
  };
  std::visit(Visitor{this, stream_seq, putLine, putAgent}, event);
}

}  // namespace luukku::core
