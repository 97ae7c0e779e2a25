#include "api/router.h"

namespace luukku::api {

std::string_view RequestContext::param(std::string_view name) const {
  for (const auto& [n, v] : params) {
    if (n == name) return v;
  }
  return {};
}

std::vector<std::string_view> splitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  if (path.starts_with('/')) path.remove_prefix(1);
  while (true) {
    auto slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

void Router::add(Route route) {
  Compiled c;
  for (auto part : splitPath(route.path)) c.segments.emplace_back(part);
  compiled_.push_back(std::move(c));
  routes_.push_back(std::move(route));
}

bool Router::matchSegments(const Compiled& pattern, const std::vector<std::string_view>& parts,
                           std::vector<std::pair<std::string, std::string>>* params) {
  if (pattern.segments.size() != parts.size()) return false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& seg = pattern.segments[i];
    if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
      if (parts[i].empty()) return false;
      if (params) params->emplace_back(seg.substr(1, seg.size() - 2), std::string(parts[i]));
    } else if (seg != parts[i]) {
      return false;
    }
  }
  return true;
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  Match m;
  auto parts = splitPath(path);
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    if (!matchSegments(compiled_[i], parts, nullptr)) continue;
    if (routes_[i].method == method || (method == "HEAD" && routes_[i].method == "GET")) {
      m.route = &routes_[i];
      m.params.clear();
      matchSegments(compiled_[i], parts, &m.params);
      return m;
    }
    if (!m.allowed_methods.empty()) m.allowed_methods += ", ";
    m.allowed_methods += routes_[i].method;
  }
  return m;
}

}  // namespace luukku::api
