// The luukku subcommands, each returning the process exit code. main() parses the command
// line into Settings and calls one of these.
#pragma once

#include <string>

#include "app/settings.h"

namespace luukku::app {

struct ServeOptions {
  std::string ready_file;  // when set, the bound HTTP port is written here once serving
  bool banner = false;     // print where to point a browser (for `make run`)
};

int serve(const Settings& settings, const ServeOptions& options);
int migrate(const Settings& settings);
int importConfig(const Settings& settings, const std::string& file);

}  // namespace luukku::app
