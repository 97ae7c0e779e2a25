#include "telephony/prompts.h"

#include <filesystem>

namespace luukku::telephony {
namespace fs = std::filesystem;

PromptLibrary::PromptLibrary(std::string generated_dir, std::string override_dir)
    : generated_dir_(std::move(generated_dir)), override_dir_(std::move(override_dir)) {}

bool PromptLibrary::validName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

bool PromptLibrary::validLanguage(std::string_view language) {
  for (auto l : kPromptLanguages) {
    if (l == language) return true;
  }
  return false;
}

Status PromptLibrary::loadFolder(const std::string& dir, bool recorded) {
  std::error_code ec;
  // Music on hold and the beep live at the top; prompts in one folder per language.
  for (std::string_view top : {"moh", "beep"}) {
    fs::path p = fs::path(dir) / (std::string(top) + ".wav");
    if (fs::exists(p, ec)) {
      ASSIGN_OR_RETURN(media::AudioPtr a, media::loadAudioFile(p.string()));
      std::lock_guard lock(mu_);
      prompts_[std::string(top)] = {a, recorded};
    }
  }
  for (auto lang : kPromptLanguages) {
    fs::path folder = fs::path(dir) / std::string(lang);
    if (!fs::is_directory(folder, ec)) continue;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
      if (entry.path().extension() != ".wav") continue;
      std::string name = entry.path().stem().string();
      if (!validName(name)) continue;
      ASSIGN_OR_RETURN(media::AudioPtr a, media::loadAudioFile(entry.path().string()));
      std::lock_guard lock(mu_);
      prompts_[std::string(lang) + "/" + name] = {a, recorded};
    }
  }
  return Status::ok();
}

Status PromptLibrary::load() {
  RETURN_IF_ERROR(loadFolder(generated_dir_, false));
  {
    std::lock_guard lock(mu_);
    if (prompts_.find("fi/welcome") == prompts_.end()) {
      return notFound("no prompts in " + generated_dir_ +
                      " (they are generated at build time: build the luukku_prompts target)");
    }
  }
  if (!override_dir_.empty()) RETURN_IF_ERROR(loadFolder(override_dir_, true));
  return Status::ok();
}

media::AudioPtr PromptLibrary::find(std::string_view language, std::string_view name,
                                    std::string_view line_id) const {
  std::lock_guard lock(mu_);
  for (std::string_view lang : {language, std::string_view("fi")}) {
    if (!line_id.empty()) {
      auto it =
          prompts_.find(std::string(lang) + "/" + std::string(name) + "-" + std::string(line_id));
      if (it != prompts_.end()) return it->second.audio;
    }
    auto it = prompts_.find(std::string(lang) + "/" + std::string(name));
    if (it != prompts_.end()) return it->second.audio;
  }
  return nullptr;
}

media::AudioPtr PromptLibrary::musicOnHold(std::string_view line_id) const {
  std::lock_guard lock(mu_);
  if (!line_id.empty()) {
    for (auto lang : kPromptLanguages) {
      auto it = prompts_.find(std::string(lang) + "/moh-" + std::string(line_id));
      if (it != prompts_.end()) return it->second.audio;
    }
  }
  auto it = prompts_.find("moh");
  return it == prompts_.end() ? nullptr : it->second.audio;
}

media::AudioPtr PromptLibrary::beep() const {
  std::lock_guard lock(mu_);
  auto it = prompts_.find("beep");
  return it == prompts_.end() ? nullptr : it->second.audio;
}

Status PromptLibrary::replace(std::string_view language, std::string_view name,
                              std::span<const std::uint8_t> recording) {
  if (!validLanguage(language)) return invalidArgument("language must be fi, sv or en");
  if (!validName(name)) {
    return invalidArgument("a prompt name is 1-64 characters of a-z, 0-9, '-' and '_'");
  }
  ASSIGN_OR_RETURN(media::AudioPtr audio, media::decodeAudio(recording, 120.0));
  if (audio->samples.empty()) return invalidArgument("the recording is empty");
  if (override_dir_.empty())
    return Status(ErrorCode::kFailedPrecondition, "no folder for recorded prompts is configured");
  // Music on hold and the beep serve every language; they live at the top of the folder.
  bool shared = name == "moh" || name == "beep";
  fs::path folder =
      shared ? fs::path(override_dir_) : fs::path(override_dir_) / std::string(language);
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) return unavailable("cannot create " + folder.string() + ": " + ec.message());
  RETURN_IF_ERROR(
      media::writeWav((folder / (std::string(name) + ".wav")).string(), audio->samples));
  std::lock_guard lock(mu_);
  std::string key = shared ? std::string(name) : std::string(language) + "/" + std::string(name);
  prompts_[key] = {audio, true};
  return Status::ok();
}

std::string PromptLibrary::path(std::string_view language, std::string_view name) const {
  bool shared = name == "moh" || name == "beep";
  if (!validName(name) || (!shared && !validLanguage(language))) return {};
  std::string key = shared ? std::string(name) : std::string(language) + "/" + std::string(name);
  bool recorded = false;
  {
    std::lock_guard lock(mu_);
    auto it = prompts_.find(key);
    if (it == prompts_.end()) return {};
    recorded = it->second.recorded;
  }
  return (fs::path(recorded ? override_dir_ : generated_dir_) / (key + ".wav")).string();
}

std::vector<PromptInfo> PromptLibrary::list() const {
  std::lock_guard lock(mu_);
  std::vector<PromptInfo> out;
  for (const auto& [key, e] : prompts_) {
    auto slash = key.find('/');
    PromptInfo info;
    if (slash == std::string::npos) {
      info.name = key;
    } else {
      info.language = key.substr(0, slash);
      info.name = key.substr(slash + 1);
    }
    if (info.name.starts_with("number-")) continue;
    info.seconds = e.audio->seconds();
    info.recorded = e.recorded;
    out.push_back(std::move(info));
  }
  return out;
}

void PromptLibrary::add(Clips& out, std::string_view language, std::string_view name,
                        std::string_view line_id) const {
  if (auto a = find(language, name, line_id)) out.push_back(std::move(a));
}

PromptLibrary::Clips PromptLibrary::number(std::string_view language, int n) const {
  Clips out;
  if (n >= 0 && n <= 100) add(out, language, "number-" + std::to_string(n));
  return out;
}

PromptLibrary::Clips PromptLibrary::positionAndWait(
    std::string_view language, int position, std::optional<std::chrono::seconds> wait) const {
  Clips out;
  if (position > 0 && position <= 100) {
    add(out, language, "position");
    add(out, language, "number-" + std::to_string(position));
    add(out, language, "position_tail");
  }
  if (wait) {
    auto minutes = static_cast<int>((wait->count() + 30) / 60);
    if (wait->count() < 60) {
      add(out, language, "less_than_minute");
    } else if (minutes > 60) {
      add(out, language, "over_hour");
    } else {
      add(out, language, "wait");
      add(out, language, "number-" + std::to_string(minutes));
      add(out, language, minutes == 1 ? "minute" : "minutes");
    }
  }
  return out;
}

PromptLibrary::Clips PromptLibrary::openingHours(std::string_view language,
                                                 const core::WeeklyHours& hours) const {
  Clips out;
  bool any = false;
  auto time = [&](int minute) {
    add(out, language, "number-" + std::to_string(minute / 60));
    if (minute % 60) add(out, language, "number-" + std::to_string(minute % 60));
  };
  // Consecutive days with the same hours are said once: "Mondays to Thursdays from 8 to 16".
  for (int d = 0; d < 7;) {
    int last = d;
    while (last + 1 < 7 && hours.days[static_cast<std::size_t>(last) + 1] ==
                               hours.days[static_cast<std::size_t>(d)])
      ++last;
    const core::DayHours& day = hours.days[static_cast<std::size_t>(d)];
    if (!day.empty()) {
      if (!any) add(out, language, "hours_intro");
      any = true;
      add(out, language, "day-" + std::to_string(d));
      if (last > d) {
        add(out, language, "days-to");
        add(out, language, "day-" + std::to_string(last));
      }
      for (const auto& range : day) {
        add(out, language, "hours_from");
        time(range.begin);
        add(out, language, "hours_to");
        time(range.end == 1440 ? 1440 : range.end);
        add(out, language, "hours_tail");
      }
    }
    d = last + 1;
  }
  if (!any) add(out, language, "no_hours");
  return out;
}

PromptLibrary::Clips PromptLibrary::digits(std::string_view language,
                                           std::string_view number_text) const {
  Clips out;
  for (char c : number_text) {
    if (c >= '0' && c <= '9')
      add(out, language, "number-" + std::string(1, c));
    else if (c == '+')
      add(out, language, "plus");
    else if (c == '*')
      add(out, language, "star");
  }
  return out;
}

}  // namespace luukku::telephony
