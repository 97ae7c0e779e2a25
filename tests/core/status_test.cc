#include "core/status.h"

#include <gtest/gtest.h>

namespace luukku {
namespace {

Result<int> half(int n) {
  if (n % 2) return invalidArgument("odd");
  return n / 2;
}

Result<int> quarter(int n) {
  ASSIGN_OR_RETURN(int h, half(n));
  return half(h);
}

Status checkEven(int n) {
  RETURN_IF_ERROR(half(n).status());
  return Status::ok();
}

TEST(Status, OkIsDefaultAndCarriesNoMessage) {
  Status s;
  EXPECT_TRUE(s.isOk());
  EXPECT_EQ(s.toString(), "ok");
}

TEST(Status, ErrorNamesItsCodeInToString) {
  EXPECT_EQ(notFound("no such line").toString(), "not_found: no such line");
  EXPECT_EQ(errorCodeName(ErrorCode::kPayloadTooLarge), "payload_too_large");
}

TEST(Result, AssignOrReturnPropagatesTheFirstError) {
  EXPECT_EQ(*quarter(8), 2);
  EXPECT_EQ(quarter(6).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(checkEven(4).isOk());
  EXPECT_FALSE(checkEven(3).isOk());
}

}  // namespace
}  // namespace luukku
