#include "config/strict_toml.h"

#include <gtest/gtest.h>

#include <fstream>

#include "support/temp_dir.h"

namespace luukku::config {
namespace {

class StrictTomlTest : public ::testing::Test {
 protected:
  std::string write(const std::string& text) {
    std::string path = dir_.file("test.toml");
    std::ofstream(path) << text;
    return path;
  }
  StrictToml open(const std::string& text) {
    auto file = StrictToml::open("test file", write(text));
    EXPECT_TRUE(file.isOk()) << file.status().message();
    return std::move(file).value();
  }

  testing::TempDir dir_;
};

TEST_F(StrictTomlTest, ReadsEveryKindOfValue) {
  StrictToml file = open(
      "[a]\nname = \"x\"\ncount = 3\nratio = 0.5\non = true\nlist = [\"p\", \"q\"]\n"
      "timeout_ms = 1500\n");
  TomlTable a = file.root().table("a");
  std::string name;
  int count = 0;
  double ratio = 0;
  bool on = false;
  std::vector<std::string> list;
  std::chrono::milliseconds timeout{0};
  a.text("name", name);
  a.number("count", count);
  a.real("ratio", ratio);
  a.flag("on", on);
  a.texts("list", list);
  a.duration("timeout_ms", timeout);
  ASSERT_TRUE(file.finish());
  EXPECT_EQ(name, "x");
  EXPECT_EQ(count, 3);
  EXPECT_EQ(ratio, 0.5);
  EXPECT_TRUE(on);
  EXPECT_EQ(list, (std::vector<std::string>{"p", "q"}));
  EXPECT_EQ(timeout, std::chrono::milliseconds(1500));
}

TEST_F(StrictTomlTest, AMissingKeyKeepsTheDefault) {
  StrictToml file = open("[a]\n");
  std::string name = "default";
  file.root().table("a").text("name", name);
  file.root().table("b").text("name", name);
  EXPECT_TRUE(file.finish());
  EXPECT_EQ(name, "default");
}

TEST_F(StrictTomlTest, AnUnknownKeyIsAnErrorNamingItsFullPath) {
  StrictToml file = open("[a]\nname = \"x\"\nnmae = \"y\"\n");
  std::string name;
  file.root().table("a").text("name", name);
  Status st = file.finish();
  EXPECT_FALSE(st);
  EXPECT_NE(st.message().find("test file "), std::string::npos) << st.message();
  EXPECT_NE(st.message().find(": unknown setting a.nmae"), std::string::npos) << st.message();
}

TEST_F(StrictTomlTest, AnUnknownTableIsAnError) {
  StrictToml file = open("[a]\n[b]\nx = 1\n");
  file.root().table("a");
  Status st = file.finish();
  EXPECT_NE(st.message().find("unknown setting b"), std::string::npos) << st.message();
}

TEST_F(StrictTomlTest, AnUnknownKeyInAListOfTablesNamesItsIndex) {
  StrictToml file = open("[[t]]\nname = \"x\"\n[[t]]\nname = \"y\"\nextra = 1\n");
  std::vector<std::string> names;
  file.root().tables("t", [&](TomlTable t) {
    std::string name;
    t.text("name", name);
    names.push_back(name);
  });
  Status st = file.finish();
  EXPECT_EQ(names, (std::vector<std::string>{"x", "y"}));
  EXPECT_NE(st.message().find("unknown setting t[1].extra"), std::string::npos) << st.message();
}

TEST_F(StrictTomlTest, AWrongTypeNamesTheKey) {
  StrictToml file = open("[a]\ncount = \"three\"\n");
  int count = 7;
  file.root().table("a").number("count", count);
  Status st = file.finish();
  EXPECT_NE(st.message().find("a.count must be a number"), std::string::npos) << st.message();
  EXPECT_EQ(count, 7);
}

TEST_F(StrictTomlTest, AListWithANonStringNamesTheKey) {
  StrictToml file = open("[[t]]\nlist = [\"a\", 2]\n");
  std::vector<std::string> list;
  file.root().tables("t", [&](TomlTable t) { t.texts("list", list); });
  Status st = file.finish();
  EXPECT_NE(st.message().find("t[0].list must be a list of strings"), std::string::npos)
      << st.message();
}

TEST_F(StrictTomlTest, AValueWhereATableBelongsIsAnError) {
  StrictToml file = open("a = 1\n");
  file.root().table("a");
  Status st = file.finish();
  EXPECT_NE(st.message().find("a must be a table"), std::string::npos) << st.message();
}

TEST_F(StrictTomlTest, ATableWhereAListOfTablesBelongsIsAnError) {
  StrictToml file = open("[t]\nname = \"x\"\n");
  file.root().tables("t", [](TomlTable) {});
  Status st = file.finish();
  EXPECT_NE(st.message().find("t must be a list of tables ([[t]])"), std::string::npos)
      << st.message();
}

TEST_F(StrictTomlTest, AnEmptyListIsAListOfNoTables) {
  StrictToml file = open("t = []\n");
  int calls = 0;
  file.root().tables("t", [&](TomlTable) { ++calls; });
  EXPECT_TRUE(file.finish());
  EXPECT_EQ(calls, 0);
}

TEST_F(StrictTomlTest, ACallersErrorNamesTheKey) {
  StrictToml file = open("[[numbers]]\nnumber = \"abc\"\n");
  file.root().tables("numbers", [](TomlTable t) {
    std::string number;
    t.text("number", number);
    t.fail("number", "not a phone number");
  });
  Status st = file.finish();
  EXPECT_NE(st.message().find("numbers[0].number: not a phone number"), std::string::npos)
      << st.message();
}

TEST_F(StrictTomlTest, TheFirstErrorIsKept) {
  StrictToml file = open("[a]\ncount = \"x\"\non = 1\n");
  int count = 0;
  bool on = false;
  file.root().table("a").number("count", count);
  file.root().table("a").flag("on", on);
  Status st = file.finish();
  EXPECT_NE(st.message().find("a.count must be a number"), std::string::npos) << st.message();
  EXPECT_EQ(st.message().find("a.on"), std::string::npos) << st.message();
}

TEST_F(StrictTomlTest, ASyntaxErrorGivesTheLabelThePathAndTheLine) {
  std::string path = write("[a]\n\nname = \n");
  auto file = StrictToml::open("test file", path);
  ASSERT_FALSE(file.isOk());
  EXPECT_EQ(file.status().message().rfind("test file " + path + " line 3: ", 0), 0u)
      << file.status().message();
}

TEST_F(StrictTomlTest, ParsingWithoutALabelStartsWithThePath) {
  std::string path = write("x = \n");
  auto parsed = parseTomlFile("", path);
  ASSERT_FALSE(parsed.isOk());
  EXPECT_EQ(parsed.status().message().rfind(path + " line 1: ", 0), 0u)
      << parsed.status().message();
}

}  // namespace
}  // namespace luukku::config
