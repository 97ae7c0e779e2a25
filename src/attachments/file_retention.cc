#include "attachments/file_retention.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <string>
#include <system_error>

namespace luukku::attachments {

Result<Swept> FileRetention::sweep(std::optional<Timestamp> readable_since) const {
  Timestamp before = clock_.now() - keep_;
  if (readable_since) before = std::min(before, *readable_since);
  Swept swept;
  std::error_code ec;
  std::filesystem::directory_iterator it(store_.directory(), ec);
  if (ec == std::errc::no_such_file_or_directory) return swept;
  if (ec) {
    return unavailable("file store: reading " + store_.directory().string() + ": " + ec.message());
  }
  // An error while reading on ends this sweep with what it removed; the next one goes on.
  for (; !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    const std::filesystem::path& path = it->path();
    if (!isFileId(path.filename().string())) continue;
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) continue;
    const Timestamp stored = fromMicros(static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000 +
                                        info.st_mtim.tv_nsec / 1000);
    if (stored >= before) continue;
    if (::unlink(path.c_str()) == 0) {
      ++swept.removed;
    } else if (errno != ENOENT) {  // gone meanwhile: removed by someone else
      ++swept.failed;
    }
  }
  return swept;
}

}  // namespace luukku::attachments
