// What a chat message's text must be.
#include "chat/chat_text.h"

#include <gtest/gtest.h>

namespace luukku::chat {
namespace {

TEST(ChatText, IsTrimmed) {
  auto c = checkText("  hei \n");
  EXPECT_EQ(c.problem, TextProblem::kNone);
  EXPECT_EQ(c.text, "hei");
}

TEST(ChatText, BlankIsEmpty) {
  EXPECT_EQ(checkText(" \t\r\n ").problem, TextProblem::kEmpty);
}

TEST(ChatText, CountsCharactersNotBytes) {
  std::string two_thousand_a_umlauts;
  for (int i = 0; i < 2000; ++i) two_thousand_a_umlauts += "\xc3\xa4";  // ä
  EXPECT_EQ(checkText(two_thousand_a_umlauts).problem, TextProblem::kNone);
  EXPECT_EQ(checkText(two_thousand_a_umlauts + "a").problem, TextProblem::kTooLong);
}

TEST(ChatText, RefusesInvalidUtf8) {
  EXPECT_EQ(checkText("\xff\xfe").problem, TextProblem::kNotUtf8);
}

}  // namespace
}  // namespace luukku::chat
