// RegionState: the region's live configuration and the decisions that change it.
//
// Decisions (define*, changeSettings) check a proposed change against the current state and
// return the event to record, std::nullopt when the proposal equals what is already there, or
// an error. They never change the state; apply() does, and it is the only way in, both for
// live commands and when the state is rebuilt from stored events.
//
// Thread-safety: none; owned by the engine strand (or a test).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/region.h"
#include "core/region_events.h"
#include "core/status.h"

namespace luukku::core {

enum class WriteMode {
  kCreate,   // fails with kAlreadyExists when the id is taken
  kReplace,  // fails with kNotFound when the id is unknown
  kUpsert,   // creates or replaces (configuration import)
};

class RegionState {
 public:
  const RegionSettings& settings() const { return settings_; }
  const std::map<std::string, ServiceLine, std::less<>>& lines() const { return lines_; }
  const std::map<std::string, Agent, std::less<>>& agents() const { return agents_; }

  const ServiceLine* findLine(std::string_view id) const;
  const Agent* findAgent(std::string_view id) const;
  // The active line that answers a dialled number, if any.
  const ServiceLine* lineForNumber(std::string_view number) const;

  // `expected_version`, when given, must equal the current version (optimistic concurrency).
  Result<std::optional<RegionEvent>> defineServiceLine(
      ServiceLine proposed, WriteMode mode, std::optional<std::int64_t> expected_version) const;
  Result<std::optional<RegionEvent>> defineAgent(
      Agent proposed, WriteMode mode, std::optional<std::int64_t> expected_version) const;
  Result<std::optional<RegionEvent>> changeSettings(
      RegionSettings proposed, std::optional<std::int64_t> expected_version) const;

  // The version of the thing an event is about (0 when it does not exist yet); the event
  // becomes the next entry of its stream.
  std::int64_t streamVersion(const RegionEvent& event) const;

  // Applies an event as the `stream_seq`-th event of its stream.
  void apply(const RegionEvent& event, std::int64_t stream_seq);

  friend bool operator==(const RegionState&, const RegionState&) = default;

 private:
  RegionSettings settings_;
  std::map<std::string, ServiceLine, std::less<>> lines_;
  std::map<std::string, Agent, std::less<>> agents_;
  std::map<std::string, std::string, std::less<>> line_by_number_;  // number -> line id
};

}  // namespace luukku::core
