// The little SQL the report store needs from a backend: statements with `?` placeholders and
// text values (none is NULL), rows of text cells, and transactions. One Link per connection.
//
// Thread-safety: not thread-safe; one owner.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace luukku::store::report_sql {

using Cell = std::optional<std::string>;
using Row = std::vector<Cell>;

class Link {
 public:
  virtual ~Link() = default;
  // Runs a statement; the number of rows it changed.
  virtual Result<std::int64_t> execute(const std::string& sql, const std::vector<Cell>& args,
                                       std::string_view doing) = 0;
  virtual Result<std::vector<Row>> query(const std::string& sql, const std::vector<Cell>& args,
                                         std::string_view doing) = 0;
  // Runs `body` in one transaction, rolling back when it fails.
  virtual Status transaction(std::string_view doing, const std::function<Status()>& body) = 0;
};

// On SQLite, a link to the roll-up file beside the log at `log_path` (store/report_store.h),
// created and brought up to rollUpSchema() when need be.
Result<std::unique_ptr<Link>> openSqliteLink(const std::string& log_path);
Result<std::unique_ptr<Link>> openPostgresLink(const std::string& url);

}  // namespace luukku::store::report_sql
