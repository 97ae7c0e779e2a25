#include "telephony/sip/sip_message.h"

#include <netdb.h>
#include <strings.h>
#include <sys/socket.h>

#include <string_view>

#include "core/phone_number.h"

namespace luukku::telephony::sip {
namespace {

// %-escapes decoded; nothing when `s` is too long to be anything we accept.
std::optional<std::string> unescaped(std::string_view s) {
  if (s.size() > 1024) return std::nullopt;
  std::string buf(s);
  url_unescape(buf.data(), buf.c_str());
  buf.resize(std::char_traits<char>::length(buf.c_str()));
  return buf;
}

// The value of the Replaces field in a URI's header part ("Replaces=...&..."), unescaped;
// empty when there is none.
std::optional<std::string> replacesField(const char* headers) {
  std::string_view rest = headers ? headers : "";
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view field = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    auto eq = field.find('=');
    if (eq == 8 && strncasecmp(field.data(), "Replaces", 8) == 0) {
      return unescaped(field.substr(eq + 1));
    }
  }
  return std::string();
}

}  // namespace

std::string str(const char* s) {
  return s ? s : "";
}

std::string sourceAddress(msg_t* msg) {
  if (!msg) return {};
  su_addrinfo_t* ai = msg_addrinfo(msg);
  if (!ai || !ai->ai_addr) return {};
  char host[NI_MAXHOST];
  if (getnameinfo(ai->ai_addr, static_cast<socklen_t>(ai->ai_addrlen), host, sizeof host, nullptr,
                  0, NI_NUMERICHOST) != 0) {
    return {};
  }
  return host;
}

std::string urlString(const url_t* url) {
  if (!url) return {};
  char buf[512];
  isize_t n = url_e(buf, sizeof buf, url);
  if (n <= 0 || static_cast<std::size_t>(n) >= sizeof buf) return {};
  return std::string(buf, static_cast<std::size_t>(n));
}

std::vector<std::string> authParams(const msg_auth_t* au) {
  std::vector<std::string> out;
  if (!au || !au->au_scheme || strcasecmp(au->au_scheme, "Digest") != 0) return out;
  for (const char* const* p = au->au_params; p && *p && out.size() < 32; ++p) out.emplace_back(*p);
  return out;
}

std::string callerNumber(const sip_t* sip) {
  if (!sip->sip_from || !sip->sip_from->a_url->url_user) return {};
  if (const sip_privacy_t* p = sip->sip_privacy) {
    for (const char* const* v = p->priv_values; v && *v; ++v) {
      if (strcasecmp(*v, "id") == 0 || strcasecmp(*v, "user") == 0) return {};
    }
  }
  auto number = core::normalizePhoneNumber(sip->sip_from->a_url->url_user);
  return number ? std::move(number).value() : std::string();
}

std::string body(const sip_t* sip) {
  if (!sip || !sip->sip_payload || !sip->sip_payload->pl_data) return {};
  return std::string(sip->sip_payload->pl_data, sip->sip_payload->pl_len);
}

std::optional<TransferRequest> transferRequest(su_home_t* home, const sip_t* sip,
                                               const sip_replaces_t** replaces) {
  *replaces = nullptr;
  if (!sip || !sip->sip_refer_to || !sip->sip_refer_to->r_url->url_user) return std::nullopt;
  const url_t* to = sip->sip_refer_to->r_url;
  TransferRequest refer;
  auto user = unescaped(to->url_user);
  if (!user || user->empty()) return std::nullopt;
  refer.target = std::move(*user);
  url_t bare = *to;
  bare.url_headers = nullptr;
  refer.target_uri = urlString(&bare);
  if (refer.target_uri.empty()) return std::nullopt;
  auto field = replacesField(to->url_headers);
  if (!field) return std::nullopt;
  if (field->empty()) return refer;
  sip_replaces_t* rp = sip_replaces_make(home, field->c_str());
  if (!rp || !rp->rp_call_id) return std::nullopt;
  Replaces r;
  r.call_id = rp->rp_call_id;
  r.to_tag = str(rp->rp_to_tag);
  r.from_tag = str(rp->rp_from_tag);
  r.early_only = rp->rp_early_only != 0;
  refer.replaces = std::move(r);
  *replaces = rp;
  return refer;
}

}  // namespace luukku::telephony::sip
