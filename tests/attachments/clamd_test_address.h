// Where the test clamd listens (scripts/clamd-test.sh writes it; ctest names the file in
// LUUKKU_TEST_CLAMD_FILE), and the EICAR test string it knows.
#pragma once

#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

namespace luukku::attachments::testing {

inline constexpr std::string_view kEicar =
    R"(X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*)";

// Empty when the file is missing: the tests then fail on an invalid address, saying so.
inline std::string clamdAddress() {
  const char* file = std::getenv("LUUKKU_TEST_CLAMD_FILE");
  std::ifstream in(file ? file : "");
  std::string address;
  std::getline(in, address);
  return address;
}

}  // namespace luukku::attachments::testing
