// Server settings: defaults, then a TOML file, then LUUKKU_* environment variables, then
// command-line flags — each later source overrides the earlier ones.
//
//   [http]  listen, web_root, threads, max_body_bytes, max_header_bytes,
//           idle_timeout_ms, request_timeout_ms, max_connections
//   [store] url, data_dir
//   [log]   level, format
//   [telephony] config (the telephony file; empty: no SIP), sip_listen, prompts_dir,
//           janus_url (the WebRTC-SIP gateway of browser phones; empty: none)
//   [web]   test_caller (the development page that calls a line from the browser)
//   [chat]  visitor_gone_after_s (a waiting visitor without a socket this long leaves the queue),
//           embed_origins, files_dir, max_file_bytes, files_kept_days, clamd (files sent in
//           chats),
//           starts_per_address_*, messages_per_visitor_*, messages_per_address_* (flood limits)
//   [tls]   cert_file, key_file (both set: the server speaks HTTPS only, with HSTS)
//   [identity] session_lifetime_minutes, session_idle_minutes, key_file
//   [oidc]  issuer, client_id, client_secret, redirect_uri, scopes, role_claim, role_map,
//           ca_file (single sign-on for staff; see docs/security.md)
//   [citizen_identification] issuer, client_id, client_secret, redirect_uri, scopes,
//           identity_code_claim, ca_file (chat visitors' strong identification; docs/chat.md)
//   [on_behalf] population_register, mandate_register, mandate_issue, child_age_limit (whom an
//           identified chat visitor may act for; docs/chat.md)
//
// Unknown keys are errors, so a misspelt setting is noticed instead of ignored.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace luukku::app {

struct Settings {
  std::string http_listen = "127.0.0.1:8080";
  std::string web_root = "web/static";
  std::int64_t http_threads = 2;
  std::int64_t max_body_bytes = 1024 * 1024;
  std::int64_t max_header_bytes = 16 * 1024;
  std::int64_t idle_timeout_ms = 60'000;
  std::int64_t request_timeout_ms = 30'000;
  std::int64_t max_connections = 10'000;  // open connections (sockets included) at once
  std::string store_url;                  // empty: sqlite:<data_dir>/luukku.db
  std::string data_dir = "data";
  std::string log_level = "info";   // trace, debug, info, warn, error
  std::string log_format = "text";  // text or json
  std::string telephony_config;     // config/telephony.toml; empty: no telephony
  std::string sip_listen;           // overrides the telephony file's [sip] listen
  std::string prompts_dir;          // empty: the prompts generated with the build
  // Janus's WebSocket address as the browser reaches it ("ws://127.0.0.1:8188"); empty: no
  // browser phone.
  std::string janus_url;
  bool test_caller = false;  // for development only: lets any staff member call the lines
  std::int64_t chat_visitor_gone_after_s = 120;
  // Origins ("https://www.example-region.fi"), separated by spaces, whose pages may show the
  // chat page in a frame (the embed script's panel); empty: none.
  std::string chat_embed_origins;
  // Files sent in chats: where they are kept (empty: <data_dir>/chat-files), the largest taken,
  // how many days after it was sent a file is removed (never while its chat can be read), and
  // clamd's address ("unix:/run/clamav/clamd.ctl" or "127.0.0.1:3310"; empty: files are not
  // scanned — production sets it).
  std::string chat_files_dir;
  std::int64_t chat_max_file_bytes = 10 * 1024 * 1024;
  std::int64_t chat_files_kept_days = 30;
  std::string chat_clamd;
  // Flooding from outside (chat::ChatSettings): chats started (and contact requests sent) from
  // one address — a burst, then so many a minute — and messages, typing and read marks from
  // one visitor and from one address — so many a second, in bursts of so many.
  std::int64_t chat_starts_per_address_burst = 5;
  std::int64_t chat_starts_per_address_per_minute = 1;
  std::int64_t chat_messages_per_visitor_per_s = 5;
  std::int64_t chat_messages_per_visitor_burst = 10;
  std::int64_t chat_messages_per_address_per_s = 20;
  std::int64_t chat_messages_per_address_burst = 40;
  std::string tls_cert_file;  // PEM certificate chain; with tls_key_file: HTTPS
  std::string tls_key_file;   // PEM private key
  std::int64_t session_lifetime_minutes = 12 * 60;
  std::int64_t session_idle_minutes = 30;
  std::string identity_key_file;  // empty: <data_dir>/identity.key (keys the access log)
  std::string oidc_issuer;        // empty: no single sign-on
  std::string oidc_client_id;
  std::string oidc_client_secret;  // prefer LUUKKU_OIDC_CLIENT_SECRET to the file
  std::string oidc_redirect_uri;   // https://luukku.example/api/v1/auth/oidc/callback
  std::string oidc_scopes = "openid profile email";
  std::string oidc_role_claim = "groups";
  std::string oidc_role_map;  // "group=role,group=role,...": e.g. "sote-agents=agent"
  std::string oidc_ca_file;   // extra CA certificates (PEM) for the provider's HTTPS
  // Chat visitors' strong identification (Suomi.fi's OIDC interface); empty issuer: none.
  std::string citizen_oidc_issuer;
  std::string citizen_oidc_client_id;
  std::string citizen_oidc_client_secret;  // prefer LUUKKU_CITIZEN_OIDC_CLIENT_SECRET
  // https://luukku.example/api/v1/chat/identification/callback
  std::string citizen_oidc_redirect_uri;
  std::string citizen_oidc_scopes = "openid profile";
  std::string citizen_oidc_identity_code_claim = "urn:oid:1.2.246.21";
  std::string citizen_oidc_ca_file;
  // Acting on another's behalf in a chat (identity/on_behalf.h): the development registers'
  // files (identity/register_files.h; empty: that basis is not offered), the mandate service's
  // issue code a mandate must cover, and the age under which a guardian acts for a child.
  std::string population_register_file;
  std::string mandate_register_file;
  std::string mandate_issue;
  std::int64_t child_age_limit = 12;

  // The key file to use: identity_key_file, or identity.key under data_dir.
  std::string effectiveIdentityKeyFile() const;
  // chat_embed_origins, one origin each.
  std::vector<std::string> chatEmbedOrigins() const;

  // Where chat files are kept: chat_files_dir, or chat-files under data_dir.
  std::string effectiveChatFilesDir() const;

  // The store URL to use: store_url, or the SQLite file under data_dir.
  std::string effectiveStoreUrl() const;
};

// Reads a settings file over `settings`.
Status applySettingsFile(const std::string& path, Settings& settings);

// The scheme, host and port of a URL ("ws://127.0.0.1:8188/janus" → "ws://127.0.0.1:8188").
std::string urlOrigin(const std::string& url);

// Applies LUUKKU_HTTP_LISTEN, LUUKKU_WEB_ROOT, LUUKKU_STORE_URL, LUUKKU_DATA_DIR,
// LUUKKU_LOG_LEVEL, LUUKKU_LOG_FORMAT, LUUKKU_TLS_CERT_FILE, LUUKKU_TLS_KEY_FILE,
// LUUKKU_JANUS_URL and LUUKKU_OIDC_CLIENT_SECRET; `getenv` is injectable for tests.
Status applyEnvironment(Settings& settings, const std::function<const char*(const char*)>& getenv);

// Checks ranges and enumerations; messages name the setting.
Status validateSettings(const Settings& settings);

// Splits "host:port"; port 0 is allowed (any free port).
Result<std::pair<std::string, std::uint16_t>> parseListenAddress(const std::string& text);

}  // namespace luukku::app
