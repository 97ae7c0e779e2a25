// PromptLibrary: the caller's prompts by language and name, and the music on hold.
//
// Prompts come from two folders: the ones generated at build time (espeak-ng, see
// config/prompts.txt) and an override folder where an administrator's recordings are kept
// (PUT /api/v1/telephony/prompts/{language}/{name}); a recording wins. A prompt named
// "<name>-<line id>" is that service line's own version of "<name>".
//
// Composing: announcements of position and wait, opening hours and keyed-in numbers are
// sequences of prompts (numbers 0-100 are prompts too: "number-17").
//
// Thread-safety: all members are thread-safe (a mutex guards the map; clips are immutable).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/region.h"
#include "core/status.h"
#include "telephony/media/audio.h"

namespace luukku::telephony {

inline constexpr std::array<std::string_view, 3> kPromptLanguages = {"fi", "sv", "en"};

struct PromptInfo {
  std::string language;
  std::string name;
  double seconds = 0;
  bool recorded = false;  // replaced by an administrator's recording
};

class PromptLibrary {
 public:
  PromptLibrary(std::string generated_dir, std::string override_dir);

  // Loads every prompt; fails when the generated folder is missing or empty.
  Status load();

  // "<name>-<line_id>" when it exists, else "<name>"; in `language`, else Finnish; null when
  // neither exists.
  media::AudioPtr find(std::string_view language, std::string_view name,
                       std::string_view line_id = {}) const;
  media::AudioPtr musicOnHold(std::string_view line_id = {}) const;
  media::AudioPtr beep() const;

  // Replaces a prompt with a recording (any WAV libsndfile reads, at most 120 s), kept in the
  // override folder so it survives restarts.
  Status replace(std::string_view language, std::string_view name,
                 std::span<const std::uint8_t> recording);
  std::vector<PromptInfo> list() const;
  // The file callers hear for a listed prompt (the recording when there is one, else the
  // generated one), or empty when none is listed; "moh" and "beep" take no language.
  std::string path(std::string_view language, std::string_view name) const;

  static bool validName(std::string_view name);
  static bool validLanguage(std::string_view language);

  // ---- composing -----------------------------------------------------------------------------
  using Clips = std::vector<media::AudioPtr>;
  // "You are number N in the queue. The estimated waiting time is about M minutes."
  Clips positionAndWait(std::string_view language, int position,
                        std::optional<std::chrono::seconds> wait) const;
  // "We are open on Mondays from 8 to 16, ..." from the line's weekly hours.
  Clips openingHours(std::string_view language, const core::WeeklyHours& hours) const;
  // A number read digit by digit ("+358 40..." -> plus, three, five, ...).
  Clips digits(std::string_view language, std::string_view number) const;
  Clips number(std::string_view language, int n) const;

 private:
  void add(Clips& out, std::string_view language, std::string_view name,
           std::string_view line_id = {}) const;
  Status loadFolder(const std::string& dir, bool recorded);

  const std::string generated_dir_;
  const std::string override_dir_;
  mutable std::mutex mu_;
  struct Entry {
    media::AudioPtr audio;
    bool recorded = false;
  };
  std::map<std::string, Entry, std::less<>> prompts_;  // "fi/welcome"; guarded by mu_
};

}  // namespace luukku::telephony
