#include "attachments/file_name.h"

#include <cstdint>

namespace luukku::attachments {
namespace {

// Decodes the code point at `at` (valid UTF-8 assumed) and moves past it.
std::uint32_t nextCodePoint(std::string_view s, std::size_t& at) {
  const auto lead = static_cast<unsigned char>(s[at]);
  const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  std::uint32_t cp = length == 1   ? lead
                     : length == 2 ? lead & 0x1F
                     : length == 3 ? lead & 0x0F
                                   : lead & 0x07;
  for (std::size_t i = 1; i < length && at + i < s.size(); ++i) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[at + i]) & 0x3F);
  }
  at += length;
  return cp;
}

// Characters that would change how the rest of a name is shown or read.
bool isHidden(std::uint32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x200E || cp == 0x200F ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool endsWithExtension(std::string_view name, std::string_view extension) {
  if (name.size() <= extension.size() + 1) return false;
  std::string_view tail = name.substr(name.size() - extension.size() - 1);
  if (tail.front() != '.') return false;
  for (std::size_t i = 0; i < extension.size(); ++i) {
    if (lower(tail[i + 1]) != extension[i]) return false;
  }
  return true;
}

}  // namespace

std::string safeFileName(std::string_view name, std::string_view extension) {
  std::string out;
  std::size_t chars = 0;
  const std::size_t room = kMaxFileNameChars - extension.size() - 1;
  std::size_t at = 0;
  while (at < name.size() && chars < room) {
    const std::size_t start = at;
    const std::uint32_t cp = nextCodePoint(name, at);
    if (isHidden(cp)) continue;
    if ((cp == '.' || cp == ' ') && out.empty()) continue;
    if (cp == '/' || cp == '\\') {
      out += '_';
    } else {
      out.append(name.substr(start, at - start));
    }
    ++chars;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (out.empty()) out = "file";
  if (extension == "jpg" && endsWithExtension(out, "jpeg")) return out;
  if (!endsWithExtension(out, extension)) out += "." + std::string(extension);
  return out;
}

std::string contentDisposition(std::string_view disposition, std::string_view file_name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string ascii;
  std::string encoded;
  for (char ch : file_name) {
    const auto c = static_cast<unsigned char>(ch);
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '.' || c == '-' || c == '_';
    if (plain) {
      encoded += ch;
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 0xF];
    }
    // The fallback keeps ASCII letters, digits and a few marks; a UTF-8 character's bytes
    // become one "_" each (close enough for a client that cannot read filename*).
    ascii += plain || c == ' ' ? ch : '_';
  }
  return std::string(disposition) + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
}

}  // namespace luukku::attachments
