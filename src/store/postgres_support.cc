#include "store/postgres_support.h"

#include <cstring>
#include <string_view>

namespace luukku::store::pg {

std::vector<std::string> passwordsIn(const std::string& url) {
  std::vector<std::string> found;
  char* parse_error = nullptr;
  ConninfoPtr options(PQconninfoParse(url.c_str(), &parse_error));
  PQfreemem(parse_error);
  for (PQconninfoOption* o = options.get(); o && o->keyword; ++o) {
    if (std::strcmp(o->keyword, "password") == 0 && o->val) found.emplace_back(o->val);
  }
  std::string_view text(url);
  if (auto scheme = text.find("://"); scheme != std::string_view::npos) {
    auto at = text.find('@', scheme + 3);
    auto colon = text.find(':', scheme + 3);
    if (at != std::string_view::npos && colon < at) {
      found.emplace_back(text.substr(colon + 1, at - colon - 1));
    }
  }
  for (auto pos = text.find("password="); pos != std::string_view::npos;
       pos = text.find("password=", pos + 1)) {
    found.emplace_back(text.substr(pos + 9, text.find('&', pos + 9) - (pos + 9)));
  }
  return found;
}

std::string withoutSecrets(std::string message, const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    for (auto pos = message.find(secret); pos != std::string::npos;
         pos = message.find(secret, pos + 3)) {
      message.replace(pos, secret.size(), "***");
    }
  }
  return message;
}

std::string trimmed(const char* text) {
  std::string out = text ? text : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

}  // namespace luukku::store::pg
