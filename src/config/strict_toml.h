// Reading a TOML configuration file strictly: the one way every configuration file is read.
//
// A StrictToml parses a file, then its tables are read key by key: each read names a key
// (text, number, seconds, flag, texts, a table, a list of tables). finish() then reports every
// key the file has that no read asked for as "unknown setting <key>", so a misspelt key is an
// error rather than a silently ignored default. Every error names its key with its full path
// ("sip.listen", "trunks[1].name"); the first error is kept, and messages read
// "<label> <path>: <what>" (the label says which file it is: "settings file").
//
// Thread-safety: none; one reader per file, on one thread. A TomlTable borrows its reader and
// the parsed file, and must not outlive them.
#pragma once

#include <toml++/toml.h>

#include <chrono>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace luukku::config {

// Parses `path`; a syntax error reads "<label> <path> line N: <what>" (without the label when
// it is empty).
Result<toml::table> parseTomlFile(const std::string& label, const std::string& path);

class StrictToml;

// One table of the file, and the path of its keys ("" for the root, "sip." or "trunks[0].").
// A missing key leaves its output untouched: the caller's default stands.
class TomlTable {
 public:
  void text(std::string_view key, std::string& out);
  void number(std::string_view key, std::int64_t& out);
  template <typename Int>
  void number(std::string_view key, Int& out) {
    std::int64_t v = out;
    number(key, v);
    out = static_cast<Int>(v);
  }
  // A whole number of the duration's unit (the key's name says which: "_s", "_ms").
  template <typename Rep, typename Period>
  void duration(std::string_view key, std::chrono::duration<Rep, Period>& out) {
    std::int64_t v = out.count();
    number(key, v);
    out = std::chrono::duration<Rep, Period>(static_cast<Rep>(v));
  }
  void real(std::string_view key, double& out);
  void flag(std::string_view key, bool& out);
  void texts(std::string_view key, std::vector<std::string>& out);

  // The table under `key`; an empty table when the file has none.
  TomlTable table(std::string_view key);
  // Calls each(TomlTable) for every table of the list `key` ([[key]] in the file).
  template <typename F>
  void tables(std::string_view key, F each) {
    const toml::array* list = tableList(key);
    if (!list) return;
    std::size_t i = 0;
    for (const auto& element : *list) {
      each(TomlTable(*reader_, element.as_table(), path(key) + "[" + std::to_string(i++) + "]."));
    }
  }

  // Records an error about `key` of this table: "<full key>: <what>".
  void fail(std::string_view key, std::string_view what);

 private:
  friend class StrictToml;
  TomlTable(StrictToml& reader, const toml::table* table, std::string prefix)
      : reader_(&reader), table_(table), prefix_(std::move(prefix)) {}
  std::string path(std::string_view key) const;
  // Reads a string, whole number, real number or boolean; a value of another type is an error.
  template <typename T>
  void scalar(std::string_view key, T& out, std::string_view must_be);
  // The key's node, marking the key as known; null when the file does not have it.
  const toml::node* get(std::string_view key);
  // The list of tables under `key`, or null (and an error when it is something else).
  const toml::array* tableList(std::string_view key);

  StrictToml* reader_;
  const toml::table* table_;  // null: the file has no such table
  std::string prefix_;
};

class StrictToml {
 public:
  // Parses the file (see parseTomlFile).
  static Result<StrictToml> open(std::string label, std::string path);

  TomlTable root() { return TomlTable(*this, &parsed_, ""); }
  // The first error, or "unknown setting <key>" for the first key no read asked for.
  Status finish();

 private:
  friend class TomlTable;
  StrictToml(std::string label, std::string path, toml::table parsed)
      : label_(std::move(label)), path_(std::move(path)), parsed_(std::move(parsed)) {}
  void fail(const std::string& what);
  void findUnknown(const toml::table& table, const std::string& prefix);

  std::string label_;
  std::string path_;
  toml::table parsed_;
  std::set<std::string, std::less<>> known_;  // full paths of the keys some read asked for
  Status error_;
};

}  // namespace luukku::config
