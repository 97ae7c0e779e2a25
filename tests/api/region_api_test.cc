// The configuration endpoints: service lines, agents and region settings.
#include <gtest/gtest.h>

#include "api/api_test_util.h"
#include "support/test_server.h"

namespace luukku::testing {
namespace {
namespace json = boost::json;

const char* kNewLine = R"({
  "id": "kotihoito",
  "name": {"fi": "Kotihoidon neuvonta", "sv": "Hemvårdens rådgivning", "en": "Home care advice"},
  "phone_numbers": ["+35864159999"],
  "channels": ["phone", "callback"],
  "weekly_hours": {"monday": ["08:00-11:00", "12:00-15:00"]}
})";

class RegionApi : public ::testing::Test {
 protected:
  TestServer server_;
  HttpClient http_ = server_.client();
};

TEST_F(RegionApi, ListsTheDemoRegionsServiceLines) {
  auto r = http_.get("/api/v1/service-lines");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["content-type"], "application/json");
  auto items = parsed(r).at("items").as_array();
  std::vector<std::string> ids;
  for (auto& item : items) ids.emplace_back(item.at("id").as_string());
  for (const char* id : {"paivystysapu", "terveysasemat", "mielenterveys-paihde", "neuvola",
                         "suun-terveys", "sosiaalineuvonta", "sote-tike"}) {
    EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
  }
}

TEST_F(RegionApi, ServiceLinesArePublicButAgentsAreForStaff) {
  auto anonymous = server_.anonymousClient();
  EXPECT_EQ(anonymous.get("/api/v1/service-lines").status, 200);
  EXPECT_EQ(anonymous.get("/api/v1/service-lines/paivystysapu").status, 200);
  EXPECT_EQ(anonymous.get("/api/v1/agents").status, 401);
  EXPECT_EQ(anonymous.request("POST", "/api/v1/service-lines", kNewLine).status, 401);
}

TEST_F(RegionApi, CreatesALineAndReturnsItsLocation) {
  auto r = http_.request("POST", "/api/v1/service-lines", kNewLine);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.headers["location"], "/api/v1/service-lines/kotihoito");
  EXPECT_EQ(parsed(r).at("version").as_int64(), 1);
  auto got = http_.get("/api/v1/service-lines/kotihoito");
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(parsed(got).at("weekly_hours").at("monday").as_array().size(), 2u);
}

TEST_F(RegionApi, CreatingAnExistingLineIsAConflict) {
  ASSERT_EQ(http_.request("POST", "/api/v1/service-lines", kNewLine).status, 201);
  auto again = http_.request("POST", "/api/v1/service-lines", kNewLine);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(errorCode(again), "already_exists");
}

TEST_F(RegionApi, ReplacingWithTheCurrentVersionSucceedsAndAStaleOneConflicts) {
  auto line = parsed(http_.get("/api/v1/service-lines/neuvola"));
  std::int64_t version = line.at("version").as_int64();
  line.as_object()["channels"] = json::array{"phone"};
  auto ok = http_.request("PUT", "/api/v1/service-lines/neuvola", json::serialize(line));
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(parsed(ok).at("version").as_int64(), version + 1);
  auto stale = http_.request("PUT", "/api/v1/service-lines/neuvola", json::serialize(line));
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(errorCode(stale), "conflict");
}

TEST_F(RegionApi, ReplacingWithIdenticalContentRecordsNothing) {
  auto line = parsed(http_.get("/api/v1/service-lines/neuvola"));
  auto before = durableSeq(http_);
  auto r = http_.request("PUT", "/api/v1/service-lines/neuvola", json::serialize(line));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(durableSeq(http_), before);
}

TEST_F(RegionApi, UnknownLineIsNotFoundInTheErrorShape) {
  auto r = http_.get("/api/v1/service-lines/no-such-line");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(errorCode(r), "not_found");
  auto put = http_.request("PUT", "/api/v1/service-lines/no-such-line", kNewLine);
  EXPECT_EQ(put.status, 400);  // the body's id differs from the path
}

TEST_F(RegionApi, ReplacingAnUnknownLineIsNotFound) {
  auto body = json::parse(kNewLine);
  body.as_object().erase("id");
  auto r = http_.request("PUT", "/api/v1/service-lines/kotihoito", json::serialize(body));
  EXPECT_EQ(r.status, 404);
}

TEST_F(RegionApi, APhoneNumberOfAnotherLineIsAConflict) {
  auto body = json::parse(kNewLine);
  body.as_object()["phone_numbers"] = json::array{"116117"};
  auto r = http_.request("POST", "/api/v1/service-lines", json::serialize(body));
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(errorMessage(r).find("paivystysapu"), std::string::npos);
}

TEST_F(RegionApi, CreatesAndReplacesAnAgent) {
  auto r = http_.request("POST", "/api/v1/agents",
                         R"({"id":"kaisa-aho","name":"Kaisa Aho","languages":["fi","sv"],)"
                         R"("teams":["neuvola"],"skills":["maternity"],"area":"lapua"})");
  ASSERT_EQ(r.status, 201) << r.body;
  auto put = http_.request("PUT", "/api/v1/agents/kaisa-aho",
                           R"({"name":"Kaisa Aho","languages":["fi"],"version":1})");
  ASSERT_EQ(put.status, 200) << put.body;
  auto got = parsed(http_.get("/api/v1/agents/kaisa-aho"));
  EXPECT_EQ(got.at("languages").as_array().size(), 1u);
  EXPECT_EQ(got.at("version").as_int64(), 2);
}

TEST_F(RegionApi, RegionSettingsCarryTheHolidays) {
  auto r = parsed(http_.get("/api/v1/region"));
  EXPECT_EQ(r.at("time_zone").as_string(), "Europe/Helsinki");
  EXPECT_GE(r.at("holidays").as_array().size(), 15u);
  auto body = r;
  body.as_object()["holidays"] =
      json::array{json::object{{"date", "2027-12-06"},
                               {"name", json::object{{"fi", "Itsenäisyyspäivä"},
                                                     {"sv", "Självständighetsdagen"},
                                                     {"en", "Independence Day"}}}}};
  auto put = http_.request("PUT", "/api/v1/region", json::serialize(body));
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(parsed(http_.get("/api/v1/region")).at("holidays").as_array().size(), 1u);
}

TEST_F(RegionApi, ImportIsAllOrNothing) {
  auto before = http_.get("/api/v1/agents").body;
  auto seq = durableSeq(http_);
  auto r = http_.request("POST", "/api/v1/region/import",
                         R"({"agents":[{"id":"new-one","name":"New One","languages":["fi"]},)"
                         R"({"id":"BAD ID","name":"x","languages":["fi"]}]})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(errorMessage(r).find("BAD ID"), std::string::npos);
  EXPECT_EQ(http_.get("/api/v1/agents").body, before);
  EXPECT_EQ(durableSeq(http_), seq);
}

TEST_F(RegionApi, ImportReportsWhatChanged) {
  auto r = http_.request("POST", "/api/v1/region/import",
                         R"({"agents":[{"id":"new-one","name":"New One","languages":["fi"]}]})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(parsed(r).at("created").as_int64(), 1);
}

// Each bad body gets a 400 in the error shape and changes nothing.
struct BadBody {
  const char* name;
  std::string body;
  std::string content_type;
  std::string message_part;
};

class RegionApiBadInput : public RegionApi, public ::testing::WithParamInterface<BadBody> {};

TEST_P(RegionApiBadInput, IsRefusedWithAClearErrorAndChangesNothing) {
  const BadBody& bad = GetParam();
  auto before_seq = durableSeq(http_);
  auto before = http_.get("/api/v1/service-lines").body;
  auto r = http_.request("POST", "/api/v1/service-lines", bad.body, bad.content_type);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(errorCode(r), "invalid_argument");
  EXPECT_NE(errorMessage(r).find(bad.message_part), std::string::npos) << errorMessage(r);
  EXPECT_EQ(durableSeq(http_), before_seq);
  EXPECT_EQ(http_.get("/api/v1/service-lines").body, before);
}

std::string withField(const std::string& key, json::value value) {
  auto body = json::parse(kNewLine);
  body.as_object()[key] = std::move(value);
  return json::serialize(body);
}

INSTANTIATE_TEST_SUITE_P(
    Bodies, RegionApiBadInput,
    ::testing::Values(
        BadBody{"malformed_json", R"({"id": "x",)", "application/json", "not valid JSON"},
        BadBody{"not_an_object", R"(["x"])", "application/json", "expected an object"},
        BadBody{"invalid_utf8", "{\"id\": \"x\xff\xfe\"}", "application/json", "UTF-8"},
        BadBody{"empty", "", "application/json", "empty"},
        BadBody{"not_json", "id=x", "application/x-www-form-urlencoded", "Content-Type"},
        BadBody{"unknown_field", withField("phone_number", "+358"), "application/json",
                "phone_number: unknown field"},
        BadBody{"wrong_type", withField("channels", "phone"), "application/json",
                "channels: expected an array"},
        BadBody{"unknown_channel", withField("channels", json::array{"fax"}), "application/json",
                "unknown channel 'fax'"},
        BadBody{"bad_hours",
                withField("weekly_hours", json::object{{"monday", json::array{"8-16"}}}),
                "application/json", "weekly_hours.monday[0]"},
        BadBody{"missing_name_language", withField("name", json::object{{"fi", "Vain suomeksi"}}),
                "application/json", "name.sv: is required"},
        BadBody{"bad_id", withField("id", "Kotihoito/../x"), "application/json", "slug"},
        BadBody{"deeply_nested", std::string(100, '[') + std::string(100, ']'), "application/json",
                "not valid JSON"}),
    [](const ::testing::TestParamInfo<BadBody>& param) { return std::string(param.param.name); });

}  // namespace
}  // namespace luukku::testing
