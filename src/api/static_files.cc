#include "api/static_files.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <optional>
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

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

// The quality of one Accept-Encoding element's parameters ("q=0.5"); 1 when it has none.
double qualityOf(std::string_view params) {
  while (!params.empty()) {
    auto semi = params.find(';');
    std::string_view p = trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view{} : params.substr(semi + 1);
    if (p.size() >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
      std::string_view v = p.substr(2);
      // qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ): zero unless a digit
      // other than 0 appears.
      return v.find_first_of("123456789") == std::string_view::npos ? 0.0 : 1.0;
    }
  }
  return 1.0;
}

}  // namespace

bool acceptsGzip(std::string_view header) {
  std::optional<bool> gzip, any;
  while (!header.empty()) {
    auto comma = header.find(',');
    std::string_view element = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    auto semi = element.find(';');
    std::string_view coding = trim(element.substr(0, semi));
    bool allowed = semi == std::string_view::npos || qualityOf(element.substr(semi + 1)) > 0;
    if (equalsIgnoringCase(coding, "gzip") || equalsIgnoringCase(coding, "x-gzip")) {
      gzip = allowed;
    } else if (coding == "*") {
      any = allowed;
    }
  }
  return gzip.value_or(any.value_or(false));
}

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

HttpResponse StaticFiles::serve(std::string_view path, std::string_view accept_encoding) const {
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
  fs::path compressed = resolved;
  compressed += ".gz";
  compressed = fs::weakly_canonical(compressed, ec);
  bool has_gzip = !ec && isInside(root_, compressed) && fs::is_regular_file(compressed, ec);
  std::optional<std::string> data;
  bool gzipped = false;
  if (has_gzip && acceptsGzip(accept_encoding)) {
    data = readFile(compressed);
    gzipped = data.has_value();
  }
  if (!data) data = readFile(resolved);
  if (!data) return errorResponse(404, "not_found", "no such file");

  HttpResponse r;
  r.content_type = std::string(contentTypeFor(resolved.filename().string()));
  r.body = std::move(*data);
  // (emplace_back, not withHeader: GCC 12 at -O2 warns falsely of array bounds on moving the
  // short literal strings through it, which -Werror makes a failed release build.)
  if (gzipped) r.headers.emplace_back("Content-Encoding", "gzip");
  // Caches must keep the two forms apart.
  if (has_gzip) r.headers.emplace_back("Vary", "Accept-Encoding");
  bool hashed_asset = path.starts_with("/assets/");
  r.withHeader("Cache-Control", hashed_asset ? "public, max-age=31536000, immutable" : "no-cache");
  return r;
}

}  // namespace luukku::api
