// Whether two spellings of a path name the same file (canonicalized when they exist).
// Thread-safety: pure function.
#ifndef INTERLOCK_TESTS_E2E_SAME_FILE_H
#define INTERLOCK_TESTS_E2E_SAME_FILE_H

#include <filesystem>
#include <string>
#include <system_error>

namespace interlock::e2e {

inline bool same_file(const std::string &a, const std::string &b) {
  if (a.empty() || b.empty()) return false;
  std::error_code ignored;
  return std::filesystem::weakly_canonical(a, ignored) ==
         std::filesystem::weakly_canonical(b, ignored);
}

}  // namespace interlock::e2e

#endif  // INTERLOCK_TESTS_E2E_SAME_FILE_H
