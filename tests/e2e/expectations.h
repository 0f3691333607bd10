// What a test program says about itself, read from its comment lines:
//
//   // EXPECT: data-race <line> <line>   one finding: a race whose two accesses' innermost frames
//                                        are at these source lines of the program (order free)
//   // EXPECT: silent                    no finding, exit status 0
//   // TSAN: same | differs <why>        whether clang-14's TSan agrees with the expectation
//   // ARGS: <flags...>                  extra compile flags, appended after the defaults
//
// A program needs at least one EXPECT line and cannot be both silent and racy. Lines that merely
// mention the words elsewhere (not at the start of a comment line) are ignored.
// Thread-safety: plain values; parse_expectations keeps no state.
#ifndef INTERLOCK_TESTS_E2E_EXPECTATIONS_H
#define INTERLOCK_TESTS_E2E_EXPECTATIONS_H

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace interlock::e2e {

// One expected finding. For data races, `lines` holds the two lines with the smaller first.
struct ExpectedFinding {
  std::string kind;
  std::pair<int, int> lines{0, 0};
};

struct Expectations {
  bool silent = false;
  std::vector<ExpectedFinding> findings;  // empty exactly when silent
  bool tsan_differs = false;
  std::string tsan_differs_reason;
  std::vector<std::string> extra_compile_flags;
};

// Parses the program text. On malformed or missing expectations returns nullopt and sets
// *error to a message naming the offending line.
std::optional<Expectations> parse_expectations(const std::string &program_text,
                                               std::string *error);

// "data-race 14 27" style rendering, for messages.
std::string describe(const ExpectedFinding &finding);

}  // namespace interlock::e2e

#endif  // INTERLOCK_TESTS_E2E_EXPECTATIONS_H
