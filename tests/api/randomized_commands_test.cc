// Long random sequences of valid and invalid commands through HTTP against a real server
// (real store, engine and HTTP): after every request the server is up and answered without a
// server error, and at checkpoints the live state equals a replay of the log. A command that
// conflicts with the state is the caller's error, never a store failure that stops the server.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <random>

#include "api/api_test_util.h"
#include "support/log_replay.h"
#include "support/test_server.h"

namespace luukku::testing {
namespace {
namespace json = boost::json;
using identity::Role;
using identity::RoleSet;

const std::vector<std::string> kLines = {"paivystysapu", "terveysasemat", "mielenterveys-paihde",
                                         "neuvola",      "suun-terveys",  "sosiaalineuvonta",
                                         "sote-tike",    "no-such-line"};
const std::vector<std::string> kAgents = {"aino-maki",      "sanna-rinta-aho", "emma-lindqvist",
                                          "pekka-jarvinen", "ville-ojala",     "helena-back",
                                          "no-such-agent"};
// Numbers as people type them, and things that are not numbers at all.
const std::vector<std::string> kNumbers = {
    "+358401234567", "0401234567",          "+358 40 123 4567",    "",
    "abc",           std::string(300, '9'), "+3584012345678901234"};
// Strings that have broken servers before: bad UTF-8 escapes, NUL, markup, huge.
const std::vector<std::string> kOddStrings = {"",           "\\u0000",   "\\ud800",
                                              "<script>",   "a b c",     std::string(5000, 'x'),
                                              "c-00000001", "t-00000001"};

class RandomizedCommands : public ::testing::TestWithParam<std::uint32_t> {
 protected:
  template <typename T>
  const T& pick(const std::vector<T>& from) {
    return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(rng_)];
  }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }

  // A contact or task id: mostly one the server handed out, sometimes one it never did.
  std::string someId(const std::vector<std::string>& known, const char* prefix) {
    if (known.empty() || chance(0.2))
      return chance(0.5) ? pick(kOddStrings) : std::string(prefix) + "zzzzzzzz";
    return pick(known);
  }
  static std::string body(const json::object& o) { return json::serialize(o); }

  // One random request; returns its answer.
  RawResponse step() {
    std::string agent = pick(kAgents);
    switch (std::uniform_int_distribution<int>(0, 13)(rng_)) {
      case 0: {
        json::object o{{"line", pick(kLines)}, {"from_number", pick(kNumbers)}};
        if (chance(0.2)) o["id"] = pick(contacts_.empty() ? kOddStrings : contacts_);
        if (chance(0.1)) o["channel"] = pick(std::vector<std::string>{"chat", "video", "fax"});
        if (chance(0.1)) o["wants_callback"] = true;
        auto r = http_.request("POST", "/api/v1/contacts", body(o));
        if (r.status == 201) contacts_.emplace_back(parsed(r).at("contact").at("id").as_string());
        return r;
      }
      case 1:
        return http_.request("PUT", "/api/v1/agents/" + agent + "/presence",
                             body({{"status", pick(std::vector<std::string>{
                                                  "available", "break", "offline", "asleep"})}}));
      case 2:
      case 3: {
        std::string verb = chance(0.7) ? "accept" : "decline";
        return http_.request("POST", "/api/v1/agents/" + agent + "/offers/" + verb,
                             body({{"kind", "contact"}, {"id", someId(contacts_, "c-")}}));
      }
      case 4:
        return http_.request("POST", "/api/v1/contacts/" + someId(contacts_, "c-") + "/complete",
                             body({{"agent", agent}}));
      case 5:
        return http_.request("POST",
                             "/api/v1/contacts/" + someId(contacts_, "c-") +
                                 (chance(0.5) ? "/abandon" : "/callback"),
                             "");
      case 6: {
        auto r = http_.request("POST", "/api/v1/tasks",
                               body({{"line", pick(kLines)}, {"number", pick(kNumbers)}}));
        if (r.status == 201) tasks_.emplace_back(parsed(r).at("id").as_string());
        return r;
      }
      case 7:
        return http_.request("POST", "/api/v1/tasks/" + someId(tasks_, "t-") + "/claim",
                             body({{"agent", agent}}));
      case 8:
        return http_.request("POST", "/api/v1/tasks/" + someId(tasks_, "t-") + "/release",
                             body({{"agent", agent}}));
      case 9:
        return http_.request(
            "POST", "/api/v1/tasks/" + someId(tasks_, "t-") + "/attempts",
            body({{"agent", agent},
                  {"outcome", pick(std::vector<std::string>{"no_answer", "busy", "reached",
                                                            "voicemail", "maybe"})}}));
      case 10:
        return http_.request("POST", "/api/v1/tasks/" + someId(tasks_, "t-") + "/complete",
                             body({{"agent", agent}, {"outcome", pick(kOddStrings)}}));
      case 11:
        return http_.request(
            "POST", "/api/v1/tasks/" + someId(tasks_, "t-") + "/reschedule",
            body({{"due_at", pick(std::vector<std::string>{"2026-12-01T08:00:00Z", "yesterday",
                                                           "1970-01-01T00:00:00Z"})}}));
      case 12: {
        // Garbage where JSON should be.
        std::string raw = pick(std::vector<std::string>{"{", "[]", "null", "{\"line\":", "\xff\xfe",
                                                        R"({"line":"neuvola","line":"x"})"});
        return http_.request("POST", chance(0.5) ? "/api/v1/contacts" : "/api/v1/tasks", raw);
      }
      default:
        return http_.get(chance(0.5) ? "/api/v1/tasks?limit=1000"
                                     : "/api/v1/queues/" + pick(kLines));
    }
  }

  void expectLiveStateEqualsTheLog() {
    auto replayed = replayLog(server_.storeUrl());
    ASSERT_TRUE(replayed) << replayed.status().toString();
    EXPECT_EQ(replayed->region, server_.engine().region()->state);
    EXPECT_TRUE(replayed->center == server_.engine().routingStateForTest());
  }

  TestServer server_;
  HttpClient http_ = server_.client();
  std::mt19937 rng_{GetParam()};
  std::vector<std::string> contacts_;
  std::vector<std::string> tasks_;
};

TEST_P(RandomizedCommands, TheServerStaysUpAndItsStateFollowsItsLog) {
  constexpr int kSteps = 600;
  for (int i = 0; i < kSteps; ++i) {
    RawResponse r = step();
    ASSERT_GT(r.status, 0) << "step " << i << ": no answer";
    ASSERT_LT(r.status, 500) << "step " << i << ": " << r.body;
    ASSERT_EQ(http_.get("/healthz").status, 200) << "after step " << i;
    if (i % 200 == 199) expectLiveStateEqualsTheLog();
  }
  EXPECT_TRUE(server_.engine().healthy());
  expectLiveStateEqualsTheLog();
}

INSTANTIATE_TEST_SUITE_P(Seeds, RandomizedCommands, ::testing::Values(1u, 2u, 3u));

}  // namespace
}  // namespace luukku::testing
