#include "config/strict_toml.h"

namespace luukku::config {

Result<toml::table> parseTomlFile(const std::string& label, const std::string& path) {
  try {
    return toml::parse_file(path);
  } catch (const toml::parse_error& err) {
    std::string message = label.empty() ? path : label + " " + path;
    message += " line " + std::to_string(err.source().begin.line) + ": ";
    message += err.description();
    return invalidArgument(std::move(message));
  }
}

std::string TomlTable::path(std::string_view key) const {
  std::string out = prefix_;
  out += key;
  return out;
}

const toml::node* TomlTable::get(std::string_view key) {
  reader_->known_.insert(path(key));
  return table_ ? table_->get(key) : nullptr;
}

void TomlTable::fail(std::string_view key, std::string_view what) {
  std::string message = path(key);
  message += ": ";
  message += what;
  reader_->fail(message);
}

template <typename T>
void TomlTable::scalar(std::string_view key, T& out, std::string_view must_be) {
  if (const toml::node* n = get(key)) {
    if (auto v = n->value<T>())
      out = *v;
    else
      reader_->fail(path(key) + " must be " + std::string(must_be));
  }
}

void TomlTable::text(std::string_view key, std::string& out) {
  scalar(key, out, "a string");
}
void TomlTable::number(std::string_view key, std::int64_t& out) {
  scalar(key, out, "a number");
}
void TomlTable::real(std::string_view key, double& out) {
  scalar(key, out, "a number");
}
void TomlTable::flag(std::string_view key, bool& out) {
  scalar(key, out, "true or false");
}

void TomlTable::texts(std::string_view key, std::vector<std::string>& out) {
  const toml::node* n = get(key);
  if (!n) return;
  const toml::array* list = n->as_array();
  if (!list) return reader_->fail(path(key) + " must be a list of strings");
  std::vector<std::string> read;
  for (const auto& element : *list) {
    auto v = element.value<std::string>();
    if (!v) return reader_->fail(path(key) + " must be a list of strings");
    read.push_back(*v);
  }
  out = std::move(read);
}

TomlTable TomlTable::table(std::string_view key) {
  const toml::node* n = get(key);
  const toml::table* t = n ? n->as_table() : nullptr;
  if (n && !t) reader_->fail(path(key) + " must be a table ([" + path(key) + "])");
  return TomlTable(*reader_, t, path(key) + ".");
}

const toml::array* TomlTable::tableList(std::string_view key) {
  const toml::node* n = get(key);
  if (!n) return nullptr;
  const toml::array* list = n->as_array();
  // An empty list is a list of no tables (toml++ calls it of no type).
  if (!list || (!list->empty() && !list->is_array_of_tables())) {
    reader_->fail(path(key) + " must be a list of tables ([[" + path(key) + "]])");
    return nullptr;
  }
  return list;
}

Result<StrictToml> StrictToml::open(std::string label, std::string path) {
  ASSIGN_OR_RETURN(toml::table parsed, parseTomlFile(label, path));
  return StrictToml(std::move(label), std::move(path), std::move(parsed));
}

void StrictToml::fail(const std::string& what) {
  if (!error_.isOk()) return;
  error_ = invalidArgument((label_.empty() ? path_ : label_ + " " + path_) + ": " + what);
}

void StrictToml::findUnknown(const toml::table& table, const std::string& prefix) {
  for (const auto& [key, node] : table) {
    std::string path = prefix + std::string(key.str());
    if (!known_.contains(path)) {
      fail("unknown setting " + path);
      continue;
    }
    if (const toml::table* t = node.as_table()) {
      findUnknown(*t, path + ".");
    } else if (const toml::array* list = node.as_array(); list && list->is_array_of_tables()) {
      std::size_t i = 0;
      for (const auto& element : *list) {
        findUnknown(*element.as_table(), path + "[" + std::to_string(i++) + "].");
      }
    }
  }
}

Status StrictToml::finish() {
  findUnknown(parsed_, "");
  return error_;
}

}  // namespace luukku::config
