#include "attachments/file_store.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace luukku::attachments {
namespace {

constexpr std::size_t kIdBytes = 16;

Status failed(std::string_view doing) {
  return unavailable("file store: " + std::string(doing) + ": " + std::strerror(errno));
}

Result<std::string> newId() {
  std::array<unsigned char, kIdBytes> random{};
  std::size_t got = 0;
  while (got < random.size()) {
    const ssize_t n = ::getrandom(random.data() + got, random.size() - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return failed("drawing a random id");
    got += static_cast<std::size_t>(n);
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (unsigned char b : random) {
    id += kHex[b >> 4];
    id += kHex[b & 0xF];
  }
  return id;
}

// Closes the descriptor it holds when it goes.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

Status writeAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return failed("writing a file");
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return Status::ok();
}

Status checkId(std::string_view id) {
  if (!isFileId(id))
    return invalidArgument("'" + std::string(id.substr(0, 64)) + "' is not a file id");
  return Status::ok();
}

}  // namespace

bool isFileId(std::string_view id) {
  if (id.size() != 2 * kIdBytes) return false;
  for (char c : id) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Result<FileStore> FileStore::open(std::filesystem::path directory) {
  if (::mkdir(directory.c_str(), 0700) != 0 && errno != EEXIST) {
    return failed("creating " + directory.string());
  }
  struct stat info {};
  if (::stat(directory.c_str(), &info) != 0) return failed("opening " + directory.string());
  if (!S_ISDIR(info.st_mode)) {
    return invalidArgument("file store: " + directory.string() + " is not a directory");
  }
  return FileStore(std::move(directory));
}

Result<std::string> FileStore::put(std::string_view bytes) const {
  ASSIGN_OR_RETURN(std::string id, newId());
  const std::filesystem::path temporary = directory_ / ("." + id + ".partial");
  const std::filesystem::path final_path = directory_ / id;
  {
    Fd file(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (file.get() < 0) return failed("creating a file");
    Status written = writeAll(file.get(), bytes);
    if (written.isOk() && ::fsync(file.get()) != 0) written = failed("flushing a file");
    if (!written.isOk()) {
      ::unlink(temporary.c_str());
      return written;
    }
  }
  if (::rename(temporary.c_str(), final_path.c_str()) != 0) {
    Status renamed = failed("naming a file");
    ::unlink(temporary.c_str());
    return renamed;
  }
  Fd dir(::open(directory_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0 || ::fsync(dir.get()) != 0) return failed("flushing the directory");
  return id;
}

Result<std::string> FileStore::read(std::string_view id) const {
  RETURN_IF_ERROR(checkId(id));
  const std::filesystem::path path = directory_ / std::string(id);
  Fd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (file.get() < 0) {
    if (errno == ENOENT) return notFound("file '" + std::string(id) + "' does not exist");
    return failed("opening a file");
  }
  std::string bytes;
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t n = ::read(file.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return failed("reading a file");
    if (n == 0) return bytes;
    bytes.append(buffer, static_cast<std::size_t>(n));
  }
}

Status FileStore::remove(std::string_view id) const {
  RETURN_IF_ERROR(checkId(id));
  const std::filesystem::path path = directory_ / std::string(id);
  if (::unlink(path.c_str()) != 0) {
    if (errno == ENOENT) return notFound("file '" + std::string(id) + "' does not exist");
    return failed("removing a file");
  }
  return Status::ok();
}

}  // namespace luukku::attachments
