#include "api/static_files.h"

#include <fstream>
#include <sstream>

namespace luukku::api {
namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t kMaxFileBytes = 50 * 1024 * 1024;

bool isInside(const fs::path& root, const fs::path& p) {
  auto r = root.begin();
  auto q = p.begin();
  for (; r != root.end(); ++r, ++q) {
    if (q == p.end() || *r != *q) return false;
  }
  return true;
}

std::optional<std::string> readFile(const fs::path& p) {
  std::error_code ec;
  auto size = fs::file_size(p, ec);
  if (ec || size > kMaxFileBytes) return std::nullopt;
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::string data(size, '\0');
  in.read(data.data(), static_cast<std::streamsize>(size));
  if (!in) return std::nullopt;
  return data;
}

}  // namespace

std::string_view contentTypeFor(std::string_view name) {
  auto dot = name.rfind('.');
  std::string_view ext = dot == std::string_view::npos ? "" : name.substr(dot + 1);
  if (ext == "html") return "text/html; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "json" || ext == "map") return "application/json";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "ico") return "image/x-icon";
  if (ext == "woff2") return "font/woff2";
  if (ext == "wav") return "audio/wav";
  if (ext == "txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

StaticFiles::StaticFiles(fs::path root) {
  std::error_code ec;
  root_ = fs::weakly_canonical(root, ec);
  if (ec) root_ = root;
}

HttpResponse StaticFiles::serve(std::string_view path) const {
  fs::path relative = fs::path(std::string(path)).relative_path();
  fs::path candidate = root_ / relative;
  std::error_code ec;
  if (fs::is_directory(candidate, ec)) candidate /= "index.html";
  bool app_route = fs::path(relative).extension().empty();
  if (!fs::is_regular_file(candidate, ec) && app_route) candidate = root_ / "index.html";

  fs::path resolved = fs::weakly_canonical(candidate, ec);
  if (ec || !isInside(root_, resolved) || !fs::is_regular_file(resolved, ec)) {
    return errorResponse(404, "not_found", "no such file");
  }
  auto data = readFile(resolved);
  if (!data) return errorResponse(404, "not_found", "no such file");

  HttpResponse r;
  r.content_type = std::string(contentTypeFor(resolved.filename().string()));
  r.body = std::move(*data);
  bool hashed_asset = path.starts_with("/assets/");
  r.withHeader("Cache-Control", hashed_asset ? "public, max-age=31536000, immutable" : "no-cache");
  return r;
}

}  // namespace luukku::api
