#include "codec/json_reader.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

namespace luukku::codec {
namespace {
namespace json = boost::json;

TEST(ObjectReader, TheFirstFieldNotReadInTheDocumentsOrderIsNamedUnknown) {
  json::value v = json::parse(R"({"a": 1, "typo_b": 2, "c": 3, "typo_d": 4})");
  ObjectReader r(v, "doc");
  std::int64_t a = 0, c = 0;
  r.required("c", c);
  r.required("a", a);
  r.optional("absent", a);
  Status st = r.finish();
  ASSERT_FALSE(st.isOk());
  EXPECT_EQ(st.message(), "doc.typo_b: unknown field");
}

TEST(ObjectReader, FieldsAreFoundInAnyOrder) {
  json::value v = json::parse(R"({"a": 1, "b": 2, "c": 3})");
  ObjectReader r(v, "doc");
  std::int64_t a = 0, b = 0, c = 0, absent = 7;
  r.required("c", c);
  r.optional("absent", absent);
  r.required("a", a);
  r.required("b", b);
  EXPECT_TRUE(r.finish().isOk());
  EXPECT_EQ(std::vector<std::int64_t>({a, b, c, absent}), std::vector<std::int64_t>({1, 2, 3, 7}));
}

TEST(ObjectReader, AFieldReadTwiceIsKnownOnce) {
  json::value v = json::parse(R"({"name": "x"})");
  ObjectReader r(v, "");
  std::string first, second;
  r.required("name", first);
  r.optional("name", second);
  EXPECT_TRUE(r.finish().isOk());
  EXPECT_EQ(second, "x");
}

TEST(ObjectReader, FieldsBeyondTheSixtyFourthAreTrackedToo) {
  json::object o;
  for (int i = 0; i < 70; ++i) o["f" + std::to_string(i)] = i;
  json::value v = o;
  {
    ObjectReader r(v, "big");
    std::int64_t x = 0;
    for (int i = 0; i < 70; ++i) r.required("f" + std::to_string(i), x);
    EXPECT_TRUE(r.finish().isOk());
    EXPECT_EQ(x, 69);
  }
  for (int skipped : {0, 63, 64, 69}) {
    ObjectReader r(v, "big");
    std::int64_t x = 0;
    for (int i = 0; i < 70; ++i) {
      if (i != skipped) r.required("f" + std::to_string(i), x);
    }
    EXPECT_EQ(r.finish().message(), "big.f" + std::to_string(skipped) + ": unknown field");
  }
}

TEST(ObjectReader, AWrongValueIsNamedByItsFullPath) {
  json::value v = json::parse(R"({"n": "1", "list": ["a", 2], "flag": 0, "big": 1e300})");
  struct Expect {
    const char* field;
    const char* message;
  };
  for (Expect e : {Expect{"n", "outer.inner.n: expected a whole number, got a string"},
                   Expect{"list", "outer.inner.list[1]: expected a string, got a number"},
                   Expect{"flag", "outer.inner.flag: expected true or false, got a number"},
                   Expect{"big", "outer.inner.big: expected a whole number"}}) {
    ObjectReader r(v, "outer.inner");
    std::int64_t n = 0;
    std::vector<std::string> list;
    bool flag = false;
    std::string field = e.field;
    if (field == "list") {
      r.required("list", list);
    } else if (field == "flag") {
      r.required("flag", flag);
    } else {
      r.required(field, n);
    }
    EXPECT_EQ(r.finish().message(), e.message);
  }
}

}  // namespace
}  // namespace luukku::codec
