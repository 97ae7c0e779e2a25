#include "attachments/file_name.h"

#include <gtest/gtest.h>

namespace luukku::attachments {
namespace {

TEST(FileName, ANameEndingInTheRealExtensionIsKept) {
  EXPECT_EQ(safeFileName("Hoito-ohje ä.pdf", "pdf"), "Hoito-ohje ä.pdf");
  EXPECT_EQ(safeFileName("KUVA.PNG", "png"), "KUVA.PNG");
  EXPECT_EQ(safeFileName("kuva.jpeg", "jpg"), "kuva.jpeg");
}

TEST(FileName, AnotherExtensionGetsTheRealOneAfterIt) {
  EXPECT_EQ(safeFileName("kuva.exe", "png"), "kuva.exe.png");
  EXPECT_EQ(safeFileName("lasku", "pdf"), "lasku.pdf");
}

TEST(FileName, SeparatorsControlsAndDirectionOverridesAreRemoved) {
  EXPECT_EQ(safeFileName("../../etc/passwd", "pdf"), "_.._etc_passwd.pdf");
  EXPECT_EQ(safeFileName("a\r\nb\tc.pdf", "pdf"), "abc.pdf");
  // U+202E RIGHT-TO-LEFT OVERRIDE would show "kuva\u202Egnp.exe" as "kuvaexe.png".
  EXPECT_EQ(safeFileName("kuva\xE2\x80\xAEgnp.exe", "png"), "kuvagnp.exe.png");
}

TEST(FileName, NothingLeftBecomesFile) {
  EXPECT_EQ(safeFileName("", "png"), "file.png");
  EXPECT_EQ(safeFileName(" . ", "pdf"), "file.pdf");
}

TEST(FileName, ALongNameIsCutByCharactersAndKeepsTheExtension) {
  std::string name;
  for (int i = 0; i < 200; ++i) name += "ä";
  std::string safe = safeFileName(name + ".pdf", "pdf");
  EXPECT_EQ(safe, std::string(name.substr(0, 2 * (kMaxFileNameChars - 4))) + ".pdf");
}

TEST(FileName, ContentDispositionHasAnAsciiFallbackAndTheUtf8Name) {
  EXPECT_EQ(contentDisposition("attachment", "Hoito-ohje ä.pdf"),
            "attachment; filename=\"Hoito-ohje __.pdf\"; filename*=UTF-8''Hoito-ohje%20%C3%A4.pdf");
  EXPECT_EQ(contentDisposition("inline", "a\"b.png"),
            "inline; filename=\"a_b.png\"; filename*=UTF-8''a%22b.png");
}

}  // namespace
}  // namespace luukku::attachments
