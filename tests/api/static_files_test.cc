// The web app's files: the gzip copy the web build leaves beside a file is served to clients
// that accept it, and only to them.
#include "api/static_files.h"

#include <gtest/gtest.h>

#include <fstream>

#include "support/temp_dir.h"

namespace luukku::api {
namespace {

std::string headerOf(const HttpResponse& r, std::string_view name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return "";
}

class StaticFilesTest : public ::testing::Test {
 protected:
  StaticFilesTest() {
    std::filesystem::create_directories(dir.path() / "assets");
    std::ofstream(dir.file("assets/app-1a2b.js")) << "console.log('plain')";
    std::ofstream(dir.file("assets/app-1a2b.js.gz")) << "gzip bytes";
    std::ofstream(dir.file("assets/logo.png")) << "png bytes";
  }
  luukku::testing::TempDir dir;
  StaticFiles files{dir.path()};
};

TEST_F(StaticFilesTest, AClientThatAcceptsGzipGetsTheCompressedCopyAsTheSameFile) {
  HttpResponse r = files.serve("/assets/app-1a2b.js", "gzip, deflate, br");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "gzip bytes");
  EXPECT_EQ(headerOf(r, "Content-Encoding"), "gzip");
  EXPECT_EQ(r.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(headerOf(r, "Vary"), "Accept-Encoding");
}

TEST_F(StaticFilesTest, AClientThatDoesNotAcceptGzipGetsThePlainFile) {
  for (std::string_view accept : {"", "identity", "br", "gzip;q=0", "gzip; q=0.000, *", "*;q=0"}) {
    HttpResponse r = files.serve("/assets/app-1a2b.js", accept);
    EXPECT_EQ(r.body, "console.log('plain')") << accept;
    EXPECT_EQ(headerOf(r, "Content-Encoding"), "") << accept;
    EXPECT_EQ(headerOf(r, "Vary"), "Accept-Encoding") << accept;
  }
}

TEST_F(StaticFilesTest, AFileWithoutACompressedCopyIsServedPlainWithoutVary) {
  HttpResponse r = files.serve("/assets/logo.png", "gzip");
  EXPECT_EQ(r.body, "png bytes");
  EXPECT_EQ(headerOf(r, "Content-Encoding"), "");
  EXPECT_EQ(headerOf(r, "Vary"), "");
}

TEST(AcceptEncoding, GzipIsAcceptedWhenNamedOrCoveredByAStarWithAQualityAboveZero) {
  EXPECT_TRUE(acceptsGzip("gzip"));
  EXPECT_TRUE(acceptsGzip("GZIP;q=0.5"));
  EXPECT_TRUE(acceptsGzip("deflate, x-gzip"));
  EXPECT_TRUE(acceptsGzip("br;q=1.0, *;q=0.1"));
  EXPECT_TRUE(acceptsGzip("gzip;q=0.001"));
  EXPECT_FALSE(acceptsGzip(""));
  EXPECT_FALSE(acceptsGzip("gzip;q=0"));
  EXPECT_FALSE(acceptsGzip("*, gzip;q=0"));  // named beats the star
  EXPECT_FALSE(acceptsGzip("deflate, br"));
}

}  // namespace
}  // namespace luukku::api
