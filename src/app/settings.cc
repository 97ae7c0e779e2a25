#include "app/settings.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "config/strict_toml.h"

namespace luukku::app {
namespace {

struct Key {
  const char* table;
  const char* name;
  std::string Settings::*text = nullptr;
  std::int64_t Settings::*number = nullptr;
  bool Settings::*flag = nullptr;
};

constexpr Key kKeys[] = {
    {"http", "listen", &Settings::http_listen},
    {"http", "web_root", &Settings::web_root},
    {"http", "threads", nullptr, &Settings::http_threads},
    {"http", "max_body_bytes", nullptr, &Settings::max_body_bytes},
    {"http", "max_header_bytes", nullptr, &Settings::max_header_bytes},
    {"http", "idle_timeout_ms", nullptr, &Settings::idle_timeout_ms},
    {"http", "request_timeout_ms", nullptr, &Settings::request_timeout_ms},
    {"http", "max_connections", nullptr, &Settings::max_connections},
    {"store", "url", &Settings::store_url},
    {"store", "data_dir", &Settings::data_dir},
    {"log", "level", &Settings::log_level},
    {"log", "format", &Settings::log_format},
    {"telephony", "config", &Settings::telephony_config},
    {"telephony", "sip_listen", &Settings::sip_listen},
    {"telephony", "prompts_dir", &Settings::prompts_dir},
    {"telephony", "janus_url", &Settings::janus_url},
    {"web", "test_caller", nullptr, nullptr, &Settings::test_caller},
    {"chat", "visitor_gone_after_s", nullptr, &Settings::chat_visitor_gone_after_s},
    {"chat", "embed_origins", &Settings::chat_embed_origins},
    {"chat", "files_dir", &Settings::chat_files_dir},
    {"chat", "max_file_bytes", nullptr, &Settings::chat_max_file_bytes},
    {"chat", "files_kept_days", nullptr, &Settings::chat_files_kept_days},
    {"chat", "clamd", &Settings::chat_clamd},
    {"chat", "starts_per_address_burst", nullptr, &Settings::chat_starts_per_address_burst},
    {"chat", "starts_per_address_per_minute", nullptr,
     &Settings::chat_starts_per_address_per_minute},
    {"chat", "messages_per_visitor_per_s", nullptr, &Settings::chat_messages_per_visitor_per_s},
    {"chat", "messages_per_visitor_burst", nullptr, &Settings::chat_messages_per_visitor_burst},
    {"chat", "messages_per_address_per_s", nullptr, &Settings::chat_messages_per_address_per_s},
    {"chat", "messages_per_address_burst", nullptr, &Settings::chat_messages_per_address_burst},
    {"tls", "cert_file", &Settings::tls_cert_file},
    {"tls", "key_file", &Settings::tls_key_file},
    {"identity", "session_lifetime_minutes", nullptr, &Settings::session_lifetime_minutes},
    {"identity", "session_idle_minutes", nullptr, &Settings::session_idle_minutes},
    {"identity", "key_file", &Settings::identity_key_file},
    {"oidc", "issuer", &Settings::oidc_issuer},
    {"oidc", "client_id", &Settings::oidc_client_id},
    {"oidc", "client_secret", &Settings::oidc_client_secret},
    {"oidc", "redirect_uri", &Settings::oidc_redirect_uri},
    {"oidc", "scopes", &Settings::oidc_scopes},
    {"oidc", "role_claim", &Settings::oidc_role_claim},
    {"oidc", "role_map", &Settings::oidc_role_map},
    {"oidc", "ca_file", &Settings::oidc_ca_file},
    {"citizen_identification", "issuer", &Settings::citizen_oidc_issuer},
    {"citizen_identification", "client_id", &Settings::citizen_oidc_client_id},
    {"citizen_identification", "client_secret", &Settings::citizen_oidc_client_secret},
    {"citizen_identification", "redirect_uri", &Settings::citizen_oidc_redirect_uri},
    {"citizen_identification", "scopes", &Settings::citizen_oidc_scopes},
    {"citizen_identification", "identity_code_claim", &Settings::citizen_oidc_identity_code_claim},
    {"citizen_identification", "ca_file", &Settings::citizen_oidc_ca_file},
    {"on_behalf", "population_register", &Settings::population_register_file},
    {"on_behalf", "mandate_register", &Settings::mandate_register_file},
    {"on_behalf", "mandate_issue", &Settings::mandate_issue},
    {"on_behalf", "child_age_limit", nullptr, &Settings::child_age_limit},
};

// scheme://host[:port] and nothing more: the value goes into a Content-Security-Policy, where
// a space, a quote or a semicolon would change the policy.
bool isWebOrigin(std::string_view origin) {
  std::string_view rest = origin;
  if (rest.starts_with("https://")) {
    rest.remove_prefix(8);
  } else if (rest.starts_with("http://")) {
    rest.remove_prefix(7);
  } else {
    return false;
  }
  const std::size_t colon = rest.find(':');
  std::string_view host = rest.substr(0, colon);
  if (host.empty() || host.front() == '.' || host.front() == '-') return false;
  for (char c : host) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') return false;
  }
  if (colon == std::string_view::npos) return true;
  std::string_view port = rest.substr(colon + 1);
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  return ec == std::errc() && end == port.data() + port.size() && value > 0 && value <= 65535;
}

}  // namespace

std::vector<std::string> Settings::chatEmbedOrigins() const {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < chat_embed_origins.size()) {
    const std::size_t end = std::min(chat_embed_origins.find(' ', at), chat_embed_origins.size());
    if (end > at) out.push_back(chat_embed_origins.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

std::string Settings::effectiveIdentityKeyFile() const {
  if (!identity_key_file.empty()) return identity_key_file;
  return data_dir + "/identity.key";
}

std::string Settings::effectiveChatFilesDir() const {
  if (!chat_files_dir.empty()) return chat_files_dir;
  return data_dir + "/chat-files";
}

std::string Settings::effectiveStoreUrl() const {
  if (!store_url.empty()) return store_url;
  return "sqlite:" + data_dir + "/luukku.db";
}

Status applySettingsFile(const std::string& path, Settings& settings) {
  ASSIGN_OR_RETURN(config::StrictToml file, config::StrictToml::open("settings file", path));
  config::TomlTable root = file.root();
  for (const Key& key : kKeys) {
    config::TomlTable table = root.table(key.table);
    if (key.text) {
      table.text(key.name, settings.*(key.text));
    } else if (key.flag) {
      table.flag(key.name, settings.*(key.flag));
    } else {
      table.number(key.name, settings.*(key.number));
    }
  }
  return file.finish();
}

Status applyEnvironment(Settings& settings, const std::function<const char*(const char*)>& getenv) {
  struct Var {
    const char* name;
    std::string Settings::*field;
  };
  static constexpr Var kVars[] = {
      {"LUUKKU_HTTP_LISTEN", &Settings::http_listen},
      {"LUUKKU_WEB_ROOT", &Settings::web_root},
      {"LUUKKU_STORE_URL", &Settings::store_url},
      {"LUUKKU_DATA_DIR", &Settings::data_dir},
      {"LUUKKU_LOG_LEVEL", &Settings::log_level},
      {"LUUKKU_LOG_FORMAT", &Settings::log_format},
      {"LUUKKU_TELEPHONY_CONFIG", &Settings::telephony_config},
      {"LUUKKU_SIP_LISTEN", &Settings::sip_listen},
      {"LUUKKU_TLS_CERT_FILE", &Settings::tls_cert_file},
      {"LUUKKU_TLS_KEY_FILE", &Settings::tls_key_file},
      {"LUUKKU_JANUS_URL", &Settings::janus_url},
      {"LUUKKU_OIDC_CLIENT_SECRET", &Settings::oidc_client_secret},
      {"LUUKKU_CITIZEN_OIDC_CLIENT_SECRET", &Settings::citizen_oidc_client_secret},
  };
  for (const Var& var : kVars) {
    if (const char* value = getenv(var.name); value && *value) settings.*(var.field) = value;
  }
  return Status::ok();
}

std::string urlOrigin(const std::string& url) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  return url.substr(0, url.find('/', scheme + 3));
}

Result<std::pair<std::string, std::uint16_t>> parseListenAddress(const std::string& text) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return invalidArgument("listen address '" + text + "' must be host:port");
  }
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  unsigned port = 0;
  auto digits = std::string_view(text).substr(colon + 1);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (ec != std::errc() || end != digits.data() + digits.size() || port > 65535) {
    return invalidArgument("listen address '" + text + "' has no valid port");
  }
  return std::make_pair(host, static_cast<std::uint16_t>(port));
}

Status validateSettings(const Settings& s) {
  RETURN_IF_ERROR(parseListenAddress(s.http_listen).status());
  auto inRange = [](std::int64_t v, std::int64_t lo, std::int64_t hi) {
    return v >= lo && v <= hi;
  };
  if (!inRange(s.http_threads, 1, 64)) return invalidArgument("http.threads must be 1-64");
  if (!inRange(s.max_body_bytes, 1024, 1LL << 30)) {
    return invalidArgument("http.max_body_bytes must be 1 KiB - 1 GiB");
  }
  if (!inRange(s.max_header_bytes, 1024, 1 << 20)) {
    return invalidArgument("http.max_header_bytes must be 1 KiB - 1 MiB");
  }
  if (!inRange(s.idle_timeout_ms, 100, 3'600'000) ||
      !inRange(s.request_timeout_ms, 100, 3'600'000)) {
    return invalidArgument("http timeouts must be 100 ms - 1 h");
  }
  if (!inRange(s.max_connections, 1, 1'000'000)) {
    return invalidArgument("http.max_connections must be 1-1000000");
  }
  if (!inRange(s.chat_visitor_gone_after_s, 5, 3600)) {
    return invalidArgument("chat.visitor_gone_after_s must be 5-3600");
  }
  for (const std::string& origin : s.chatEmbedOrigins()) {
    if (!isWebOrigin(origin)) {
      return invalidArgument("chat.embed_origins: '" + origin +
                             "' is not an origin such as https://www.example-region.fi");
    }
  }
  // The flood limits: at least one of each, at most a million (a bench lifts them that far).
  for (auto [value, name] : {
           std::pair{s.chat_starts_per_address_burst, "chat.starts_per_address_burst"},
           std::pair{s.chat_starts_per_address_per_minute, "chat.starts_per_address_per_minute"},
           std::pair{s.chat_messages_per_visitor_per_s, "chat.messages_per_visitor_per_s"},
           std::pair{s.chat_messages_per_visitor_burst, "chat.messages_per_visitor_burst"},
           std::pair{s.chat_messages_per_address_per_s, "chat.messages_per_address_per_s"},
           std::pair{s.chat_messages_per_address_burst, "chat.messages_per_address_burst"},
       }) {
    if (!inRange(value, 1, 1'000'000)) {
      return invalidArgument(std::string(name) + " must be 1-1000000");
    }
  }
  if (!inRange(s.chat_max_file_bytes, 1024, 100LL * 1024 * 1024)) {
    return invalidArgument("chat.max_file_bytes must be 1 KiB - 100 MiB");
  }
  if (!inRange(s.chat_files_kept_days, 1, 3650)) {
    return invalidArgument("chat.files_kept_days must be 1-3650");
  }
  if (!s.chat_clamd.empty() && !s.chat_clamd.starts_with("unix:/") &&
      s.chat_clamd.find(':') == std::string::npos) {
    return invalidArgument("chat.clamd must be unix:/path/to/clamd.sock or IP:port");
  }
  if (s.log_format != "text" && s.log_format != "json") {
    return invalidArgument("log.format must be text or json");
  }
  static constexpr const char* kLevels[] = {"trace", "debug", "info", "warn", "error", "off"};
  bool level_ok = false;
  for (const char* l : kLevels) level_ok = level_ok || s.log_level == l;
  if (!level_ok) return invalidArgument("log.level must be trace, debug, info, warn, error or off");
  if (s.data_dir.empty()) return invalidArgument("store.data_dir must not be empty");
  if (s.tls_cert_file.empty() != s.tls_key_file.empty()) {
    return invalidArgument("tls.cert_file and tls.key_file go together: set both or neither");
  }
  if (!inRange(s.session_lifetime_minutes, 5, 7 * 24 * 60)) {
    return invalidArgument("identity.session_lifetime_minutes must be 5 - 10080");
  }
  if (!inRange(s.session_idle_minutes, 1, s.session_lifetime_minutes)) {
    return invalidArgument("identity.session_idle_minutes must be 1 - the session lifetime");
  }
  if (!s.janus_url.empty() && !s.janus_url.starts_with("ws://") &&
      !s.janus_url.starts_with("wss://")) {
    return invalidArgument("telephony.janus_url must be a ws:// or wss:// address");
  }
  if (!s.oidc_issuer.empty() &&
      (s.oidc_client_id.empty() || s.oidc_redirect_uri.empty() || s.oidc_role_map.empty())) {
    return invalidArgument(
        "oidc.issuer needs oidc.client_id, oidc.redirect_uri and oidc.role_map as well");
  }
  if (!s.citizen_oidc_issuer.empty() &&
      (s.citizen_oidc_client_id.empty() || s.citizen_oidc_redirect_uri.empty() ||
       s.citizen_oidc_identity_code_claim.empty())) {
    return invalidArgument(
        "citizen_identification.issuer needs client_id, redirect_uri and identity_code_claim "
        "as well");
  }
  if (!s.mandate_register_file.empty() && s.mandate_issue.empty()) {
    return invalidArgument("on_behalf.mandate_register needs on_behalf.mandate_issue as well");
  }
  if (!inRange(s.child_age_limit, 1, 18)) {
    return invalidArgument("on_behalf.child_age_limit must be 1-18");
  }
  return Status::ok();
}

}  // namespace luukku::app
