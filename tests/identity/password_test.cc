#include "identity/password.h"

#include <gtest/gtest.h>

namespace luukku::identity {
namespace {

TEST(Password, AHashVerifiesItsPasswordAndNoOther) {
  auto hash = hashPassword("Kahvia-ja-pullaa-42", PasswordCost::fastest());
  ASSERT_TRUE(hash.isOk());
  EXPECT_TRUE(hash->starts_with("$argon2id$"));
  EXPECT_TRUE(verifyPassword("Kahvia-ja-pullaa-42", *hash));
  EXPECT_FALSE(verifyPassword("Kahvia-ja-pullaa-43", *hash));
}

TEST(Password, TheSamePasswordHashesDifferentlyEachTime) {
  auto a = hashPassword("Kahvia-ja-pullaa-42", PasswordCost::fastest());
  auto b = hashPassword("Kahvia-ja-pullaa-42", PasswordCost::fastest());
  EXPECT_NE(*a, *b);
}

TEST(Password, AMalformedStoredHashNeverVerifies) {
  EXPECT_FALSE(verifyPassword("x", ""));
  EXPECT_FALSE(verifyPassword("x", "$2b$10$bcrypt-is-not-accepted"));
  EXPECT_FALSE(verifyPassword("x", "$argon2id$garbage"));
}

TEST(Password, TheStandardCostIsRecordedInTheHash) {
  auto hash = hashPassword("Kahvia-ja-pullaa-42", PasswordCost::standard());
  ASSERT_TRUE(hash.isOk());
  EXPECT_NE(hash->find("m=65536,t=3,p=1"), std::string::npos) << *hash;
  EXPECT_FALSE(needsRehash(*hash, PasswordCost::standard()));
  EXPECT_TRUE(needsRehash(*hash, PasswordCost::fastest()));
}

TEST(PasswordPolicy, AcceptsALongPassphrase) {
  EXPECT_TRUE(checkPasswordPolicy("kolme pientä porsasta", "anna"));
  EXPECT_TRUE(checkPasswordPolicy("Ääkkösiä-öisin-123", "anna"));
}

TEST(PasswordPolicy, RefusesWhatIsTooShortOrTooLong) {
  EXPECT_FALSE(checkPasswordPolicy("Lyhyt-123", "anna"));
  EXPECT_FALSE(checkPasswordPolicy(std::string(257, 'a') + "b", "anna"));
  EXPECT_FALSE(checkPasswordPolicy(std::string(2000, 'x'), "anna"));
}

TEST(PasswordPolicy, CountsCharactersNotBytes) {
  EXPECT_FALSE(checkPasswordPolicy("ääääääöö", "anna")) << "8 characters in 16 bytes";
}

TEST(PasswordPolicy, RefusesTheUsernameRepeatsAndWellKnownOnes) {
  EXPECT_FALSE(checkPasswordPolicy("anna-anna-anna", "anna"));
  EXPECT_FALSE(checkPasswordPolicy("zzzzzzzzzzzzzz", "anna"));
  EXPECT_FALSE(checkPasswordPolicy("Salasana1234", "anna"));
}

TEST(PasswordPolicy, RefusesControlCharactersAndInvalidUtf8) {
  EXPECT_FALSE(checkPasswordPolicy("hyvä-salasana\n123", "anna"));
  EXPECT_FALSE(checkPasswordPolicy("hyva-salasana-\xff\xfe", "anna"));
}

}  // namespace
}  // namespace luukku::identity
