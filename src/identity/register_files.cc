#include "identity/register_files.h"

#include <algorithm>
#include <boost/json.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "core/identity_code.h"

namespace luukku::identity {
namespace json = boost::json;

namespace {

Result<std::string> readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return invalidArgument(path + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<json::object> parseObject(std::string_view text, const std::string& source) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return invalidArgument(source + ": not JSON (" + ec.message() + ")");
  if (!v.is_object()) return invalidArgument(source + ": not a JSON object");
  return v.as_object();
}

// Reads one object's fields strictly: every key is known, every string is a string.
class Fields {
 public:
  Fields(const json::value& v, std::string where) : where_(std::move(where)) {
    if (!v.is_object()) {
      fail("is not an object");
    } else {
      object_ = &v.as_object();
    }
  }

  std::string string(std::string_view key, bool required) {
    seen_.insert(std::string(key));
    const json::value* v = object_ ? object_->if_contains(key) : nullptr;
    if (!v) {
      if (required) fail("has no \"" + std::string(key) + "\"");
      return {};
    }
    if (!v->is_string() || v->as_string().empty()) {
      fail("\"" + std::string(key) + "\" is not a non-empty string");
      return {};
    }
    return std::string(v->as_string());
  }

  std::vector<std::string> strings(std::string_view key) {
    seen_.insert(std::string(key));
    const json::value* v = object_ ? object_->if_contains(key) : nullptr;
    std::vector<std::string> out;
    if (!v || !v->is_array() || v->as_array().empty()) {
      fail("\"" + std::string(key) + "\" is not a non-empty array");
      return out;
    }
    for (const json::value& item : v->as_array()) {
      if (!item.is_string()) {
        fail("\"" + std::string(key) + "\" holds something other than strings");
        return out;
      }
      out.emplace_back(item.as_string());
    }
    return out;
  }

  const json::value* value(std::string_view key) {
    seen_.insert(std::string(key));
    return object_ ? object_->if_contains(key) : nullptr;
  }

  // The code in canonical form; the message never repeats it.
  std::string identityCode(std::string_view key, const std::string& text) {
    auto code = core::parseIdentityCode(text);
    if (!code) {
      fail("\"" + std::string(key) + "\" is not a valid identity code");
      return {};
    }
    return *code;
  }

  std::optional<Date> date(std::string_view key) {
    std::string text = string(key, false);
    if (text.empty()) return std::nullopt;
    auto d = parseDate(text);
    if (!d) {
      fail("\"" + std::string(key) + "\" is not a date (YYYY-MM-DD)");
      return std::nullopt;
    }
    return *d;
  }

  void fail(std::string what) {
    if (status_.isOk()) status_ = invalidArgument(where_ + " " + what);
  }

  Status finish() {
    if (object_) {
      for (const auto& [key, value] : *object_) {
        if (!seen_.contains(std::string(key)))
          fail("has an unknown key \"" + std::string(key) + "\"");
      }
    }
    return status_;
  }

 private:
  std::string where_;
  const json::object* object_ = nullptr;
  std::set<std::string> seen_;
  Status status_;
};

// The top-level array `key` of `root`, the file's only key.
Result<const json::array*> entries(const json::object& root, std::string_view key,
                                   const std::string& source) {
  const json::value* list = root.if_contains(key);
  if (!list || !list->is_array()) {
    return invalidArgument(source + ": \"" + std::string(key) + "\" is not an array");
  }
  if (root.size() != 1)
    return invalidArgument(source + ": only \"" + std::string(key) + "\" is known");
  return &list->as_array();
}

Result<RegisteredPerson> personOf(Fields& f) {
  RegisteredPerson p;
  p.identity_code = f.identityCode("identity_code", f.string("identity_code", true));
  p.name = f.string("name", true);
  RETURN_IF_ERROR(f.finish());
  return p;
}

}  // namespace

Result<std::shared_ptr<FilePopulationRegister>> FilePopulationRegister::open(
    const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, readFile(path));
  return parse(text, path);
}

Result<std::shared_ptr<FilePopulationRegister>> FilePopulationRegister::parse(
    std::string_view text, const std::string& source) {
  ASSIGN_OR_RETURN(json::object root, parseObject(text, source));
  ASSIGN_OR_RETURN(const json::array* children, entries(root, "children", source));
  auto reg = std::make_shared<FilePopulationRegister>();
  for (std::size_t i = 0; i < children->size(); ++i) {
    Fields f((*children)[i], source + ": children[" + std::to_string(i) + "]");
    RegisteredPerson child;
    child.identity_code = f.identityCode("identity_code", f.string("identity_code", true));
    child.name = f.string("name", true);
    std::vector<std::string> guardians;
    for (const std::string& g : f.strings("guardians"))
      guardians.push_back(f.identityCode("guardians", g));
    RETURN_IF_ERROR(f.finish());
    for (const std::string& g : guardians) reg->by_guardian_.emplace(g, child);
  }
  return reg;
}

Result<std::vector<RegisteredPerson>> FilePopulationRegister::childrenInCustodyOf(
    std::string_view guardian_code) const {
  std::vector<RegisteredPerson> out;
  auto [from, to] = by_guardian_.equal_range(guardian_code);
  for (auto it = from; it != to; ++it) out.push_back(it->second);
  return out;
}

Result<std::shared_ptr<FileMandateRegister>> FileMandateRegister::open(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, readFile(path));
  return parse(text, path);
}

Result<std::shared_ptr<FileMandateRegister>> FileMandateRegister::parse(std::string_view text,
                                                                        const std::string& source) {
  ASSIGN_OR_RETURN(json::object root, parseObject(text, source));
  ASSIGN_OR_RETURN(const json::array* mandates, entries(root, "mandates", source));
  auto reg = std::make_shared<FileMandateRegister>();
  for (std::size_t i = 0; i < mandates->size(); ++i) {
    const std::string where = source + ": mandates[" + std::to_string(i) + "]";
    Fields f((*mandates)[i], where);
    Mandate m;
    const json::value* mandator = f.value("mandator");
    std::string agent = f.identityCode("agent", f.string("agent", true));
    m.issues = f.strings("issues");
    m.valid_from = f.date("valid_from");
    m.valid_until = f.date("valid_until");
    RETURN_IF_ERROR(f.finish());
    if (!mandator) return invalidArgument(where + " has no \"mandator\"");
    Fields person(*mandator, where + ".mandator");
    ASSIGN_OR_RETURN(m.mandator, personOf(person));
    if (m.valid_from && m.valid_until && *m.valid_until < *m.valid_from) {
      return invalidArgument(where + " ends before it begins");
    }
    reg->by_agent_.emplace(std::move(agent), std::move(m));
  }
  return reg;
}

Result<std::vector<RegisteredPerson>> FileMandateRegister::mandatorsOf(std::string_view agent_code,
                                                                       std::string_view issue,
                                                                       Date today) const {
  std::vector<RegisteredPerson> out;
  auto [from, to] = by_agent_.equal_range(agent_code);
  for (auto it = from; it != to; ++it) {
    const Mandate& m = it->second;
    if (m.valid_from && today < *m.valid_from) continue;
    if (m.valid_until && *m.valid_until < today) continue;
    if (std::find(m.issues.begin(), m.issues.end(), issue) == m.issues.end()) continue;
    out.push_back(m.mandator);
  }
  return out;
}

}  // namespace luukku::identity
