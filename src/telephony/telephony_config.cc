#include "telephony/telephony_config.h"

#include <toml++/toml.h>

#include <set>

#include "core/phone_number.h"

namespace luukku::telephony {
namespace {

// Joins pieces (GCC 12 misreports chains of std::string operator+ as out of bounds).
std::string cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (auto p : parts) out.append(p);
  return out;
}

struct Reader {
  std::string path;
  Status error;

  void fail(const std::string& what) {
    if (error.isOk()) error = invalidArgument("telephony file " + path + ": " + what);
  }
  void only(const toml::table& t, const std::string& where, std::set<std::string> keys) {
    for (const auto& [k, v] : t) {
      if (!keys.count(std::string(k.str()))) fail("unknown setting " + where + std::string(k.str()));
    }
  }
  void text(const toml::table& t, const char* key, std::string& out, const std::string& where) {
    if (const auto* n = t.get(key)) {
      if (auto v = n->value<std::string>()) out = *v;
      else fail(where + key + " must be a string");
    }
  }
  template <typename Int>
  void number(const toml::table& t, const char* key, Int& out, const std::string& where) {
    if (const auto* n = t.get(key)) {
      if (auto v = n->value<std::int64_t>()) out = static_cast<Int>(*v);
      else fail(where + key + " must be a number");
    }
  }
  void seconds(const toml::table& t, const char* key, std::chrono::seconds& out,
               const std::string& where) {
    std::int64_t s = out.count();
    number(t, key, s, where);
    out = std::chrono::seconds(s);
  }
  void real(const toml::table& t, const char* key, double& out, const std::string& where) {
    if (const auto* n = t.get(key)) {
      if (auto v = n->value<double>()) out = *v;
      else fail(where + key + " must be a number");
    }
  }
  void flag(const toml::table& t, const char* key, bool& out, const std::string& where) {
    if (const auto* n = t.get(key)) {
      if (auto v = n->value<bool>()) out = *v;
      else fail(where + key + " must be true or false");
    }
  }
  void texts(const toml::table& t, const char* key, std::vector<std::string>& out,
             const std::string& where) {
    if (const auto* n = t.get(key)) {
      const auto* arr = n->as_array();
      if (!arr) return fail(where + key + " must be a list of strings");
      for (const auto& e : *arr) {
        if (auto v = e.value<std::string>()) out.push_back(*v);
        else fail(where + key + " must be a list of strings");
      }
    }
  }
  template <typename F>
  void tables(const toml::table& root, const char* key, F each) {
    if (const auto* n = root.get(key)) {
      const auto* arr = n->as_array();
      if (!arr) return fail(cat({key, " must be a list of tables ([[", key, "]])"}));
      int i = 0;
      for (const auto& e : *arr) {
        const auto* t = e.as_table();
        if (!t) return fail(cat({key, " must be a list of tables"}));
        each(*t, cat({key, "[", std::to_string(i++), "]."}));
      }
    }
  }
};

}  // namespace

Result<TelephonyConfig> loadTelephonyConfig(const std::string& path) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& err) {
    return invalidArgument("telephony file " + path + " line " +
                           std::to_string(err.source().begin.line) + ": " +
                           std::string(err.description()));
  }
  TelephonyConfig c;
  Reader r{path, Status::ok()};
  r.only(root, "", {"sip", "media", "queue", "trunks", "numbers", "phones"});
  if (const auto* t = root["sip"].as_table()) {
    r.only(*t, "sip.",
           {"listen", "realm", "min_expires", "max_expires", "transaction_timeout_ms",
            "max_reinvites_per_10s", "nonce_lifetime_s", "auth_failures_per_extension",
            "auth_failures_per_address", "auth_failure_window_s", "auth_lock_s"});
    r.text(*t, "listen", c.sip.listen, "sip.");
    r.text(*t, "realm", c.sip.realm, "sip.");
    r.number(*t, "min_expires", c.sip.min_expires, "sip.");
    r.number(*t, "max_expires", c.sip.max_expires, "sip.");
    std::int64_t timeout = c.sip.transaction_timeout.count();
    r.number(*t, "transaction_timeout_ms", timeout, "sip.");
    c.sip.transaction_timeout = std::chrono::milliseconds(timeout);
    r.number(*t, "max_reinvites_per_10s", c.sip.max_reinvites_per_10s, "sip.");
    r.seconds(*t, "nonce_lifetime_s", c.sip.nonce_lifetime, "sip.");
    r.number(*t, "auth_failures_per_extension", c.sip.auth_failures_per_extension, "sip.");
    r.number(*t, "auth_failures_per_address", c.sip.auth_failures_per_address, "sip.");
    r.seconds(*t, "auth_failure_window_s", c.sip.auth_failure_window, "sip.");
    r.seconds(*t, "auth_lock_s", c.sip.auth_lock, "sip.");
  }
  if (const auto* t = root["media"].as_table()) {
    r.only(*t, "media.", {"address", "port_min", "port_max"});
    r.text(*t, "address", c.media.address, "media.");
    r.number(*t, "port_min", c.media.port_min, "media.");
    r.number(*t, "port_max", c.media.port_max, "media.");
  }
  if (const auto* t = root["queue"].as_table()) {
    r.only(*t, "queue.", {"announce_interval_s", "closed_menu_s", "enter_number_timeout_s",
                          "record_max_s", "record_silence_s"});
    r.number(*t, "announce_interval_s", c.queue.announce_interval_s, "queue.");
    r.number(*t, "closed_menu_s", c.queue.closed_menu_s, "queue.");
    r.number(*t, "enter_number_timeout_s", c.queue.enter_number_timeout_s, "queue.");
    r.number(*t, "record_max_s", c.queue.record_max_s, "queue.");
    r.real(*t, "record_silence_s", c.queue.record_silence_s, "queue.");
  }
  r.tables(root, "trunks", [&](const toml::table& t, const std::string& w) {
    r.only(t, w, {"name", "allowed_sources", "address", "username", "password"});
    sip::TrunkConfig trunk;
    r.text(t, "name", trunk.name, w);
    r.texts(t, "allowed_sources", trunk.allowed_sources, w);
    r.text(t, "address", trunk.address, w);
    r.text(t, "username", trunk.username, w);
    r.text(t, "password", trunk.password, w);
    c.sip.trunks.push_back(std::move(trunk));
  });
  r.tables(root, "numbers", [&](const toml::table& t, const std::string& w) {
    r.only(t, w, {"number", "line", "language"});
    NumberConfig n;
    r.text(t, "number", n.number, w);
    // Matched against dialled numbers in their normal form (core/phone_number.h).
    if (auto normal = core::normalizePhoneNumber(n.number)) {
      n.number = std::move(normal).value();
    } else {
      r.fail(w + "number: " + normal.status().message());
    }
    r.text(t, "line", n.line_id, w);
    r.text(t, "language", n.language, w);
    c.numbers.push_back(std::move(n));
  });
  r.tables(root, "phones", [&](const toml::table& t, const std::string& w) {
    r.only(t, w, {"extension", "agent", "password", "ready_on_register"});
    PhoneSettings p;
    r.text(t, "extension", p.phone.extension, w);
    r.text(t, "agent", p.phone.agent_id, w);
    r.text(t, "password", p.phone.password, w);
    r.flag(t, "ready_on_register", p.ready_on_register, w);
    c.phones.push_back(std::move(p));
  });
  if (!r.error.isOk()) return r.error;
  for (const auto& p : c.phones) c.sip.phones.push_back(p.phone);
  RETURN_IF_ERROR(validateTelephonyConfig(c));
  return c;
}

Status validateTelephonyConfig(const TelephonyConfig& c) {
  if (c.sip.listen.find(':') == std::string::npos) return invalidArgument("sip.listen must be host:port");
  if (c.sip.min_expires < 1 || c.sip.max_expires < c.sip.min_expires) {
    return invalidArgument("sip.min_expires must be at least 1 and at most sip.max_expires");
  }
  if (c.sip.transaction_timeout.count() < 1000 || c.sip.transaction_timeout.count() > 120'000) {
    return invalidArgument("sip.transaction_timeout_ms must be 1000-120000");
  }
  if (c.sip.nonce_lifetime.count() < 10 || c.sip.nonce_lifetime.count() > 3600) {
    return invalidArgument("sip.nonce_lifetime_s must be 10-3600");
  }
  if (c.sip.auth_failures_per_extension < 1 || c.sip.auth_failures_per_address < 1 ||
      c.sip.auth_failure_window.count() < 1 || c.sip.auth_lock.count() < 1) {
    return invalidArgument(
        "sip.auth_failures_per_extension, auth_failures_per_address, auth_failure_window_s and "
        "auth_lock_s must be positive");
  }
  if (c.media.port_min % 2 != 0 || c.media.port_max <= c.media.port_min || c.media.port_min < 1024) {
    return invalidArgument("media.port_min must be even and at least 1024, below media.port_max");
  }
  if (c.queue.announce_interval_s < 1 || c.queue.record_max_s < 1 || c.queue.record_max_s > 60 ||
      c.queue.record_silence_s <= 0) {
    return invalidArgument("queue: intervals must be positive and record_max_s at most 60");
  }
  std::set<std::string> names, extensions, numbers;
  for (const auto& t : c.sip.trunks) {
    if (t.name.empty() || !names.insert(t.name).second) return invalidArgument("every trunk needs a unique name");
    if (t.allowed_sources.empty()) return invalidArgument("trunk " + t.name + " has no allowed_sources");
    if (t.username.empty() != t.password.empty()) {
      return invalidArgument("trunk " + t.name + ": give both username and password, or neither");
    }
  }
  for (const auto& p : c.phones) {
    if (p.phone.extension.empty() || !extensions.insert(p.phone.extension).second) {
      return invalidArgument("every phone needs a unique extension");
    }
    if (p.phone.agent_id.empty()) return invalidArgument("phone " + p.phone.extension + " has no agent");
    if (p.phone.password.size() < 6) {
      return invalidArgument("phone " + p.phone.extension + ": the password must be at least 6 characters");
    }
  }
  for (const auto& n : c.numbers) {
    if (n.number.empty() || n.line_id.empty() || !numbers.insert(n.number).second) {
      return invalidArgument("every [[numbers]] entry needs a unique number and a line");
    }
    if (n.language != "fi" && n.language != "sv" && n.language != "en") {
      return invalidArgument("number " + n.number + ": language must be fi, sv or en");
    }
  }
  return Status::ok();
}

}  // namespace luukku::telephony
