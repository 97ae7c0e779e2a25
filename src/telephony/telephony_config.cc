#include "telephony/telephony_config.h"

#include <charconv>
#include <set>

#include "config/strict_toml.h"
#include "core/phone_number.h"

namespace luukku::telephony {

namespace {

// "host:port" with a port 1-65535 (IPv6 hosts in brackets).
bool isHostAndPort(std::string_view text) {
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  std::string_view port = text.substr(colon + 1);
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  return ec == std::errc() && end == port.data() + port.size() && value >= 1 && value <= 65535;
}

Status validateOutboundAddresses(const std::vector<sip::TrunkConfig>& trunks) {
  const sip::TrunkConfig* first = nullptr;
  for (std::size_t i = 0; i < trunks.size(); ++i) {
    const sip::TrunkConfig& t = trunks[i];
    if (t.outbound_address.empty()) continue;
    std::string key = "trunks[" + std::to_string(i) + "].outbound_address";
    if (!isHostAndPort(t.outbound_address)) return invalidArgument(key + " must be host:port");
    if (first) {
      return invalidArgument(key + ": only one trunk may take outgoing calls, and trunk " +
                             first->name + " has one");
    }
    first = &t;
  }
  return Status::ok();
}

}  // namespace

Result<TelephonyConfig> loadTelephonyConfig(const std::string& path) {
  ASSIGN_OR_RETURN(config::StrictToml file, config::StrictToml::open("telephony file", path));
  TelephonyConfig c;
  config::TomlTable root = file.root();
  {
    config::TomlTable t = root.table("sip");
    t.text("listen", c.sip.listen);
    t.text("realm", c.sip.realm);
    t.number("min_expires", c.sip.min_expires);
    t.number("max_expires", c.sip.max_expires);
    t.duration("transaction_timeout_ms", c.sip.transaction_timeout);
    t.number("max_reinvites_per_10s", c.sip.max_reinvites_per_10s);
    t.duration("nonce_lifetime_s", c.sip.nonce_lifetime);
    t.number("auth_failures_per_extension", c.sip.auth_failures_per_extension);
    t.number("auth_failures_per_address", c.sip.auth_failures_per_address);
    t.duration("auth_failure_window_s", c.sip.auth_failure_window);
    t.duration("auth_lock_s", c.sip.auth_lock);
  }
  {
    config::TomlTable t = root.table("media");
    t.text("address", c.media.address);
    t.number("port_min", c.media.port_min);
    t.number("port_max", c.media.port_max);
  }
  {
    config::TomlTable t = root.table("queue");
    t.number("announce_interval_s", c.queue.announce_interval_s);
    t.number("closed_menu_s", c.queue.closed_menu_s);
    t.number("enter_number_timeout_s", c.queue.enter_number_timeout_s);
    t.number("record_max_s", c.queue.record_max_s);
    t.real("record_silence_s", c.queue.record_silence_s);
  }
  root.tables("trunks", [&](config::TomlTable t) {
    sip::TrunkConfig trunk;
    t.text("name", trunk.name);
    t.texts("allowed_sources", trunk.allowed_sources);
    t.text("username", trunk.username);
    t.text("password", trunk.password);
    t.text("outbound_address", trunk.outbound_address);
    c.sip.trunks.push_back(std::move(trunk));
  });
  root.tables("numbers", [&](config::TomlTable t) {
    NumberConfig n;
    t.text("number", n.number);
    // Matched against dialled numbers in their normal form (core/phone_number.h).
    if (auto normal = core::normalizePhoneNumber(n.number)) {
      n.number = std::move(normal).value();
    } else {
      t.fail("number", normal.status().message());
    }
    t.text("line", n.line_id);
    t.text("language", n.language);
    c.numbers.push_back(std::move(n));
  });
  root.tables("phones", [&](config::TomlTable t) {
    PhoneSettings p;
    t.text("extension", p.phone.extension);
    t.text("agent", p.phone.agent_id);
    t.text("password", p.phone.password);
    t.flag("ready_on_register", p.ready_on_register);
    t.text("line", p.line);
    c.phones.push_back(std::move(p));
  });
  {
    config::TomlTable dialing = root.table("dialing");
    dialing.texts("emergency", c.dialing.emergency_numbers);
    dialing.number("agent_ring_s", c.dial_times.agent_ring_s);
    dialing.number("no_answer_s", c.dial_times.no_answer_s);
  }
  root.tables("outbound", [&](config::TomlTable t) {
    LineDialRules rules;
    t.text("line", rules.line_id);
    t.flag("outbound", rules.outbound);
    t.flag("external_transfer", rules.external_transfer);
    t.texts("allowed", rules.allowed);
    c.dialing.lines.push_back(std::move(rules));
  });
  RETURN_IF_ERROR(file.finish());
  for (const auto& p : c.phones) c.sip.phones.push_back(p.phone);
  RETURN_IF_ERROR(validateTelephonyConfig(c));
  return c;
}

Status validateTelephonyConfig(const TelephonyConfig& c) {
  if (c.sip.listen.find(':') == std::string::npos)
    return invalidArgument("sip.listen must be host:port");
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
  if (c.media.port_min % 2 != 0 || c.media.port_max <= c.media.port_min ||
      c.media.port_min < 1024) {
    return invalidArgument("media.port_min must be even and at least 1024, below media.port_max");
  }
  if (c.queue.announce_interval_s < 1 || c.queue.record_max_s < 1 || c.queue.record_max_s > 60 ||
      c.queue.record_silence_s <= 0) {
    return invalidArgument("queue: intervals must be positive and record_max_s at most 60");
  }
  std::set<std::string> names, extensions, numbers;
  for (const auto& t : c.sip.trunks) {
    if (t.name.empty() || !names.insert(t.name).second)
      return invalidArgument("every trunk needs a unique name");
    if (t.allowed_sources.empty())
      return invalidArgument("trunk " + t.name + " has no allowed_sources");
    if (t.username.empty() != t.password.empty()) {
      return invalidArgument("trunk " + t.name + ": give both username and password, or neither");
    }
  }
  RETURN_IF_ERROR(validateOutboundAddresses(c.sip.trunks));
  RETURN_IF_ERROR(validateDialPolicyConfig(c.dialing));
  if (c.dial_times.agent_ring_s < 5 || c.dial_times.agent_ring_s > 120 ||
      c.dial_times.no_answer_s < 5 || c.dial_times.no_answer_s > 180) {
    return invalidArgument(
        "dialing.agent_ring_s must be 5-120 and dialing.no_answer_s 5-180 seconds");
  }
  for (const auto& p : c.phones) {
    if (p.phone.extension.empty() || !extensions.insert(p.phone.extension).second) {
      return invalidArgument("every phone needs a unique extension");
    }
    if (p.phone.agent_id.empty())
      return invalidArgument("phone " + p.phone.extension + " has no agent");
    if (p.phone.password.size() < 6) {
      return invalidArgument("phone " + p.phone.extension +
                             ": the password must be at least 6 characters");
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

const sip::TrunkConfig* outboundTrunk(const TelephonyConfig& config) {
  for (const auto& t : config.sip.trunks) {
    if (!t.outbound_address.empty()) return &t;
  }
  return nullptr;
}

}  // namespace luukku::telephony
