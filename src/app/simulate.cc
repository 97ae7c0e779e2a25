// `luukku simulate`: a day of the contact center, run through the real routing code.
#include <toml++/toml.h>

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>

#include "app/commands.h"
#include "app/region_file.h"
#include "config/strict_toml.h"
#include "core/routing/erlang.h"
#include "core/routing/simulator.h"

namespace luukku::app {
namespace {
namespace fs = std::filesystem;
using namespace core::routing;

template <std::size_t N, typename T, typename Node>
Status readHours(Node node, const std::string& where, std::array<T, N>& out) {
  const toml::array* a = node.as_array();
  if (!a || a->size() != N) {
    return invalidArgument(where + " must list " + std::to_string(N) + " numbers, one per hour");
  }
  for (std::size_t i = 0; i < N; ++i) {
    auto v = (*a)[i].value<double>();
    if (!v || *v < 0) return invalidArgument(where + "[" + std::to_string(i) + "] must be >= 0");
    out[i] = static_cast<T>(*v);
  }
  return Status::ok();
}

template <typename Node>
Result<HandlingTime> readHandling(Node node, const std::string& where) {
  HandlingTime h;
  if (!node) return h;
  std::string shape = node["shape"].value_or(std::string("exponential"));
  if (shape == "exponential")
    h.shape = HandlingTime::Shape::kExponential;
  else if (shape == "lognormal")
    h.shape = HandlingTime::Shape::kLognormal;
  else if (shape == "fixed")
    h.shape = HandlingTime::Shape::kFixed;
  else
    return invalidArgument(where + ".shape must be exponential, lognormal or fixed");
  h.mean_s = node["mean_s"].value_or(h.mean_s);
  h.sd_s = node["sd_s"].value_or(h.sd_s);
  if (h.mean_s <= 0) return invalidArgument(where + ".mean_s must be positive");
  return h;
}

// Simulated professionals who answer every simulated line and have every skill they need.
std::vector<AgentSetup> poolOfAgents(int count, const std::vector<LineSetup>& lines) {
  std::vector<AgentSetup> agents;
  for (int i = 1; i <= count; ++i) {
    AgentSetup a;
    char id[16];
    std::snprintf(id, sizeof id, "sim-%02d", i);
    a.agent.id = id;
    a.agent.name = std::string("Simulated agent ") + id;
    a.agent.languages = {"fi", "sv", "en"};
    for (const auto& l : lines) {
      a.policy.memberships.push_back({l.line.id, 1});
      for (const auto& skill : l.policy.required_skills) {
        if (std::find(a.agent.skills.begin(), a.agent.skills.end(), skill) ==
            a.agent.skills.end()) {
          a.agent.skills.push_back(skill);
        }
      }
    }
    a.agent.routing = a.policy;
    agents.push_back(std::move(a));
  }
  return agents;
}

Result<SimulationSpec> readScenario(const std::string& path) {
  ASSIGN_OR_RETURN(toml::table t, config::parseTomlFile("", path));
  auto region_path = t["region"].value<std::string>();
  if (!region_path) return invalidArgument(path + ": region = \"<region file>\" is required");
  fs::path region_file = fs::path(path).parent_path() / *region_path;
  ASSIGN_OR_RETURN(codec::RegionConfig region, loadRegionFile(region_file.string()));

  SimulationSpec spec;
  auto date = parseDate(t["date"].value_or(std::string("2026-11-24")));
  if (!date) return invalidArgument(path + ": date: " + date.status().message());
  spec.date = *date;
  spec.days = static_cast<int>(t["days"].value_or(1));
  spec.seed = static_cast<std::uint64_t>(t["seed"].value_or(1));
  spec.answer_target_s = t["answer_target_s"].value_or(60.0);
  if (spec.days < 1 || spec.days > 31) return invalidArgument(path + ": days must be 1-31");
  RETURN_IF_ERROR(readHours(t["agents_per_hour"], "agents_per_hour", spec.agents_per_hour));

  std::vector<LineSetup> lines;
  const toml::array* line_list = std::as_const(t)["lines"].as_array();
  if (!line_list || line_list->empty()) return invalidArgument(path + ": [[lines]] are required");
  for (std::size_t i = 0; i < line_list->size(); ++i) {
    auto node = toml::node_view<const toml::node>((*line_list)[i]);
    static_assert(std::is_same_v<decltype(node["line"]), toml::node_view<const toml::node>>);
    std::string where = "lines[" + std::to_string(i) + "]";
    SimulatedLine sim;
    sim.line_id = node["line"].value_or(std::string());
    auto it = std::find_if(region.lines.begin(), region.lines.end(),
                           [&](const core::ServiceLine& l) { return l.id == sim.line_id; });
    if (it == region.lines.end()) {
      return invalidArgument(where + ".line '" + sim.line_id + "' is not in the region file");
    }
    lines.push_back({*it, it->routing});
    RETURN_IF_ERROR(
        readHours(node["calls_per_hour"], where + ".calls_per_hour", sim.calls_per_hour));
    ASSIGN_OR_RETURN(sim.handling, readHandling(node["handling"], where + ".handling"));
    if (auto p = node["mean_patience_s"].value<double>()) sim.mean_patience_s = *p;
    sim.share_with_number = node["share_with_number"].value_or(sim.share_with_number);
    sim.callback_reach_probability =
        node["callback_reach_probability"].value_or(sim.callback_reach_probability);
    spec.lines.push_back(sim);
  }
  int pool = static_cast<int>(t["agents"].value_or(0));
  int needed = *std::max_element(spec.agents_per_hour.begin(), spec.agents_per_hour.end());
  if (pool < needed) pool = needed;
  spec.config = RoutingConfig(region.settings.value_or(core::RegionSettings{}), lines,
                              poolOfAgents(pool, lines));
  return spec;
}

void printReport(const SimulationReport& r, double target_s) {
  auto pct = [](double v) {
    return std::to_string(static_cast<int>(std::lround(v * 1000)) / 10.0).substr(0, 4) + " %";
  };
  std::cout << std::fixed << std::setprecision(1) << "contacts arrived        " << r.arrivals
            << "\n"
            << "  queued                " << r.queued << "\n"
            << "  answered              " << r.answered << "\n"
            << "  abandoned             " << r.abandoned << "\n"
            << "  became callbacks      " << r.diverted << "\n"
            << "  turned away           " << r.rejected << "\n"
            << "service level           " << pct(r.service_level) << " answered within " << target_s
            << " s\n"
            << "average speed of answer " << r.average_speed_of_answer_s << " s\n"
            << "abandonment             " << pct(r.abandonment_rate) << "\n"
            << "callbacks created       " << r.callbacks_created << " (completed "
            << r.callbacks_completed << ", unreachable " << r.callbacks_unreachable
            << ", open at the end " << r.callbacks_open_at_end << ")\n"
            << "mean callback delay     " << r.mean_callback_delay_s / 60 << " min\n";
}

void printPlan(const SimulationSpec& spec) {
  StaffingRequest request;
  double weighted = 0, calls = 0;
  for (const auto& line : spec.lines) {
    for (std::size_t h = 0; h < 24; ++h) {
      request.calls_per_hour[h] += line.calls_per_hour[h];
      double handle = line.handling.mean_s +
                      static_cast<double>(spec.config.linePolicy(line.line_id).wrap_up.count());
      weighted += line.calls_per_hour[h] * handle;
      calls += line.calls_per_hour[h];
    }
  }
  request.mean_handle_s = calls > 0 ? weighted / calls : 240;
  request.target_answer_s = spec.answer_target_s;
  std::cout << "\nAgents needed per hour for 80 % answered within " << spec.answer_target_s
            << " s (Erlang C, mean handling " << std::lround(request.mean_handle_s) << " s):\n"
            << "hour  calls  agents  service level  mean wait\n";
  for (const HourPlan& p : planStaffing(request)) {
    std::cout << std::setw(2) << p.hour << "    " << std::setw(5) << std::lround(p.calls) << "  "
              << std::setw(6) << p.agents << "  " << std::setw(12) << std::setprecision(1)
              << p.predicted.service_level * 100 << " %  " << std::setw(7)
              << p.predicted.mean_wait_s << " s\n";
  }
}

}  // namespace

int simulate(const SimulateOptions& options) {
  auto spec = readScenario(options.scenario);
  if (!spec) {
    std::cerr << "luukku simulate: " << spec.status().message() << "\n";
    return 2;
  }
  auto started = std::chrono::steady_clock::now();
  auto report = core::routing::simulate(*spec);
  auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
  if (!report) {
    std::cerr << "luukku simulate: " << report.status().message() << "\n";
    return 1;
  }
  std::cout << "Simulated " << spec->days << " day(s) from " << formatDate(spec->date) << " in "
            << std::setprecision(2) << elapsed.count() << " s (" << report->events
            << " events)\n\n";
  printReport(*report, spec->answer_target_s);
  if (!options.csv.empty()) {
    std::ofstream out(options.csv);
    writeCsv(*report, out);
    if (!out) {
      std::cerr << "luukku simulate: cannot write " << options.csv << "\n";
      return 1;
    }
    std::cout << "\nHourly figures written to " << options.csv << "\n";
  }
  if (options.plan) printPlan(*spec);
  return 0;
}

}  // namespace luukku::app
