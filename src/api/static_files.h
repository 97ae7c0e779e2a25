// StaticFiles: serves the web app's built files from one directory.
//
// Paths arrive percent-decoded and already checked by the server to contain no "." or ".."
// segments; StaticFiles still resolves symlinks and refuses anything outside its root.
// A path without a file extension that names no file gets index.html, so the web app's own
// routes (/desktop, /supervisor, ...) load the app. Built assets under /assets/ have hashed
// names and are cached for a year; everything else must be revalidated.
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

  HttpResponse serve(std::string_view path) const;

 private:
  std::filesystem::path root_;  // canonical
};

// The Content-Type for a file name, by extension.
std::string_view contentTypeFor(std::string_view file_name);

}  // namespace luukku::api
