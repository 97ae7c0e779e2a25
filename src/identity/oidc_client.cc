#include "identity/oidc_client.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "identity/crypto.h"

namespace luukku::identity {
namespace json = boost::json;

namespace {

constexpr std::size_t kMaxPending = 10'000;

Status refused(std::string message) {
  return {ErrorCode::kUnauthenticated, std::move(message)};
}

std::string textClaim(const json::value& claims, const char* name) {
  const auto* v = claims.as_object().if_contains(name);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::optional<std::int64_t> numberClaim(const json::value& claims, const char* name) {
  const auto* v = claims.as_object().if_contains(name);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
  if (v->is_double()) return static_cast<std::int64_t>(v->as_double());
  return std::nullopt;
}

}  // namespace

Result<std::vector<std::pair<std::string, Role>>> parseRoleMap(std::string_view text) {
  std::vector<std::pair<std::string, Role>> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    auto eq = item.rfind('=');
    if (eq == std::string_view::npos || eq == 0) {
      return invalidArgument("oidc.role_map items are group=role");
    }
    auto role = parseRole(item.substr(eq + 1));
    if (!role) return invalidArgument("oidc.role_map names an unknown role");
    out.emplace_back(std::string(item.substr(0, eq)), *role);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

OidcClient::OidcClient(OidcConfig config, const Clock& clock)
    : config_(std::move(config)), clock_(clock) {}

Result<FetchResponse> OidcClient::get(const std::string& url) {
  FetchRequest request;
  request.url = url;
  request.headers = {{"Accept", "application/json"}};
  FetchOptions options;
  options.ca_file = config_.ca_file;
  options.timeout = config_.http_timeout;
  ASSIGN_OR_RETURN(FetchResponse r, fetch(request, options));
  if (r.status != 200) {
    return unavailable("the identity provider answered " + std::to_string(r.status) + " for " +
                       url);
  }
  return r;
}

Status OidcClient::discover() {
  {
    std::lock_guard lock(mu_);
    if (endpoints_) return Status::ok();
  }
  std::string url = config_.issuer;
  if (url.ends_with('/')) url.pop_back();
  ASSIGN_OR_RETURN(FetchResponse r, get(url + "/.well-known/openid-configuration"));
  boost::system::error_code ec;
  json::value doc = json::parse(r.body, ec);
  if (ec || !doc.is_object()) return unavailable("the provider's discovery document is not JSON");
  if (textClaim(doc, "issuer") != config_.issuer) {
    return unavailable("the provider calls itself '" + textClaim(doc, "issuer").substr(0, 200) +
                       "', not the configured issuer '" + config_.issuer + "'");
  }
  Endpoints e{textClaim(doc, "authorization_endpoint"), textClaim(doc, "token_endpoint"),
              textClaim(doc, "jwks_uri")};
  if (e.authorization.empty() || e.token.empty() || e.jwks.empty()) {
    return unavailable("the provider's discovery document lacks an endpoint");
  }
  std::lock_guard lock(mu_);
  endpoints_ = std::move(e);
  return Status::ok();
}

OidcStart OidcClient::start() {
  OidcStart s;
  s.state = randomSecret(32);
  Pending p{randomSecret(32), randomSecret(32), clock_.now()};
  std::string challenge = base64UrlEncode(sha256(p.verifier));
  std::lock_guard lock(mu_);
  Timestamp now = clock_.now();
  if (pending_.size() >= kMaxPending) {
    std::erase_if(pending_, [&](const auto& kv) {
      return now - kv.second.started >= config_.pending_lifetime;
    });
  }
  if (pending_.size() >= kMaxPending) pending_.erase(pending_.begin());
  std::string url = endpoints_ ? endpoints_->authorization : config_.issuer + "/auth";
  url += url.find('?') == std::string::npos ? "?" : "&";
  url += "response_type=code&client_id=" + formEncode(config_.client_id) +
         "&redirect_uri=" + formEncode(config_.redirect_uri) +
         "&scope=" + formEncode(config_.scopes) + "&state=" + s.state + "&nonce=" + p.nonce +
         "&code_challenge=" + challenge + "&code_challenge_method=S256";
  s.authorization_url = std::move(url);
  pending_.emplace(s.state, std::move(p));
  return s;
}

Result<std::string> OidcClient::exchangeCode(std::string_view code, const std::string& verifier) {
  std::string token_url;
  {
    std::lock_guard lock(mu_);
    if (!endpoints_) return unavailable("the identity provider has not been discovered");
    token_url = endpoints_->token;
  }
  FetchRequest request;
  request.method = "POST";
  request.url = token_url;
  std::string basic = formEncode(config_.client_id) + ":" + formEncode(config_.client_secret);
  std::string basic_b64 = base64UrlEncode(basic);
  // Basic auth wants standard base64 with padding.
  for (char& c : basic_b64) c = c == '-' ? '+' : c == '_' ? '/' : c;
  while (basic_b64.size() % 4) basic_b64 += '=';
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                     {"Accept", "application/json"},
                     {"Authorization", "Basic " + basic_b64}};
  request.body = "grant_type=authorization_code&code=" + formEncode(code) +
                 "&redirect_uri=" + formEncode(config_.redirect_uri) +
                 "&code_verifier=" + formEncode(verifier);
  FetchOptions options;
  options.ca_file = config_.ca_file;
  options.timeout = config_.http_timeout;
  ASSIGN_OR_RETURN(FetchResponse r, fetch(request, options));
  boost::system::error_code ec;
  json::value body = json::parse(r.body, ec);
  if (r.status != 200) {
    std::string error = !ec && body.is_object() ? textClaim(body, "error") : "";
    spdlog::warn("the identity provider refused a code: HTTP {} {}", r.status, error);
    return refused("the identity provider refused the sign-in (" +
                   (error.empty() ? "HTTP " + std::to_string(r.status) : error) + "); start again");
  }
  if (ec || !body.is_object() || textClaim(body, "id_token").empty()) {
    return unavailable("the identity provider's token answer has no id_token");
  }
  return textClaim(body, "id_token");
}

void OidcClient::useKeysForTest(std::map<std::string, RsaJwk> keys) {
  std::lock_guard lock(mu_);
  keys_ = std::move(keys);
  keys_fetched_ = Timestamp::max();  // never fetch
}

Result<RsaJwk> OidcClient::keyFor(const std::string& kid) {
  std::string jwks_url;
  {
    std::lock_guard lock(mu_);
    if (auto it = keys_.find(kid); it != keys_.end()) return it->second;
    // An unknown key: the provider may have rotated. Fetch again, but not too often, so a
    // flood of forged key ids cannot make us hammer the provider.
    if (keys_fetched_ == Timestamp::max() ||
        (keys_fetched_ != Timestamp{} &&
         clock_.now() - keys_fetched_ < config_.jwks_refetch_after)) {
      return refused("the ID token is signed with an unknown key");
    }
    if (!endpoints_) return unavailable("the identity provider has not been discovered");
    keys_fetched_ = clock_.now();
    jwks_url = endpoints_->jwks;
  }
  ASSIGN_OR_RETURN(FetchResponse r, get(jwks_url));
  ASSIGN_OR_RETURN(auto keys, parseJwks(r.body));
  std::lock_guard lock(mu_);
  keys_ = std::move(keys);
  if (auto it = keys_.find(kid); it != keys_.end()) return it->second;
  return refused("the ID token is signed with an unknown key");
}

Result<json::value> OidcClient::validateIdToken(std::string_view id_token, std::string_view nonce) {
  auto parsed = parseJwt(id_token);
  if (!parsed) return refused("the ID token is malformed: " + parsed.status().message());
  const Jwt& jwt = *parsed;
  if (textClaim(jwt.header, "alg") != "RS256") {
    return refused("the ID token's algorithm is not RS256");
  }
  ASSIGN_OR_RETURN(RsaJwk key, keyFor(textClaim(jwt.header, "kid")));
  if (!verifyRs256(key, jwt.signing_input, jwt.signature)) {
    return refused("the ID token's signature is not valid");
  }
  const json::value& c = jwt.claims;
  if (textClaim(c, "iss") != config_.issuer) return refused("the ID token is from another issuer");
  const auto* aud = c.as_object().if_contains("aud");
  bool for_us = false;
  std::size_t audiences = 0;
  if (aud && aud->is_string()) {
    for_us = aud->as_string() == config_.client_id;
    audiences = 1;
  } else if (aud && aud->is_array()) {
    for (const auto& a : aud->as_array()) {
      for_us = for_us || (a.is_string() && a.as_string() == config_.client_id);
      ++audiences;
    }
  }
  if (!for_us) return refused("the ID token is meant for another client (aud)");
  if (audiences > 1 && textClaim(c, "azp") != config_.client_id) {
    return refused("the ID token's authorized party (azp) is another client");
  }
  std::int64_t now = toMicros(clock_.now()) / 1'000'000;
  auto exp = numberClaim(c, "exp");
  auto iat = numberClaim(c, "iat");
  if (!exp || *exp + config_.clock_skew.count() <= now) return refused("the ID token has expired");
  if (!iat || *iat - config_.clock_skew.count() > now) {
    return refused("the ID token was issued in the future (iat)");
  }
  if (now - *iat > config_.max_token_age.count() + config_.clock_skew.count()) {
    return refused("the ID token was issued too long ago (iat)");
  }
  if (nonce.empty() || !constantTimeEquals(textClaim(c, "nonce"), nonce)) {
    return refused("the ID token's nonce does not match this sign-in");
  }
  if (textClaim(c, "sub").empty()) return refused("the ID token names no subject");
  return c;
}

SsoIdentity OidcClient::identityFrom(const json::value& claims) const {
  SsoIdentity id;
  id.external_id = config_.issuer + "|" + textClaim(claims, "sub");
  id.username = textClaim(claims, "preferred_username");
  if (id.username.empty()) id.username = textClaim(claims, "email");
  if (id.username.empty()) id.username = textClaim(claims, "sub");
  id.display_name = textClaim(claims, "name");
  std::vector<std::string> values;
  if (const auto* v = claims.as_object().if_contains(config_.role_claim)) {
    if (v->is_string()) values.emplace_back(v->as_string());
    if (v->is_array()) {
      for (const auto& g : v->as_array()) {
        if (g.is_string()) values.emplace_back(g.as_string());
      }
    }
  }
  for (const auto& value : values) {
    for (const auto& [group, role] : config_.role_map) {
      if (value == group) id.roles.add(role);
    }
  }
  return id;
}

Result<json::value> OidcClient::finishClaims(std::string_view code, std::string_view state,
                                             std::string_view cookie_state) {
  if (code.empty() || state.empty() || code.size() > 2048 || state.size() > 256) {
    return invalidArgument("the callback lacks a valid code and state");
  }
  if (cookie_state.empty() || !constantTimeEquals(state, cookie_state)) {
    return invalidArgument("this sign-in was not started in this browser; start again");
  }
  Pending pending;
  {
    std::lock_guard lock(mu_);
    auto it = pending_.find(std::string(state));
    if (it == pending_.end()) {
      return invalidArgument("this sign-in is unknown or was already used; start again");
    }
    pending = std::move(it->second);
    pending_.erase(it);  // one use only: a replayed callback finds nothing
  }
  if (clock_.now() - pending.started >= config_.pending_lifetime) {
    return invalidArgument("this sign-in took too long; start again");
  }
  RETURN_IF_ERROR(discover());
  ASSIGN_OR_RETURN(std::string id_token, exchangeCode(code, pending.verifier));
  auto claims = validateIdToken(id_token, pending.nonce);
  if (!claims) spdlog::warn("an ID token was refused: {}", claims.status().message());
  return claims;
}

Result<SsoIdentity> OidcClient::finish(std::string_view code, std::string_view state,
                                       std::string_view cookie_state) {
  ASSIGN_OR_RETURN(json::value claims, finishClaims(code, state, cookie_state));
  return identityFrom(claims);
}

}  // namespace luukku::identity
