// StaticFiles: serves the web app's built files from one directory.
//
// Paths arrive percent-decoded and already checked by the server to contain no "." or ".."
// segments; StaticFiles still resolves symlinks and refuses anything outside its root.
// A path without a file extension that names no file gets index.html, so the web app's own
// routes (/desktop, /supervisor, ...) load the app. Built assets under /assets/ have hashed
// names and are cached for a year; everything else must be revalidated.
//
// The web build leaves a gzip copy beside each text file (app.js.gz beside app.js). A client
// that accepts gzip gets that copy with `Content-Encoding: gzip`, so the desktop's scripts cross
// the network at about a quarter of their size without compressing anything per request.
//
// Thread-safety: serve() is const and safe from any thread.
#pragma once

#include <filesystem>
#include <string_view>

#include "api/http.h"

namespace luukku::api {

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);

  // `accept_encoding`: the request's Accept-Encoding header, empty if it had none.
  HttpResponse serve(std::string_view path, std::string_view accept_encoding = {}) const;

 private:
  std::filesystem::path root_;  // canonical
};

// The Content-Type for a file name, by extension.
std::string_view contentTypeFor(std::string_view file_name);

// Whether an Accept-Encoding header (RFC 9110 §12.5.3) allows gzip: named, or `*`, with a
// quality above zero.
bool acceptsGzip(std::string_view accept_encoding);

}  // namespace luukku::api
