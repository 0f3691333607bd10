// What one run of a test program was seen to report, by Interlock or by TSan, reduced to what the
// tests compare: each finding's kind and the two source lines of a race. Also the comparison
// rules shared by the e2e and differential checks.
//
// Matching rule: a finding's *signature* is (kind, the two lines with the smaller first). The
// expected and observed signature sets must be equal. A signature may be observed more than once
// only when those findings differ in their access pattern: a read-modify-write line racing with
// itself can legitimately give a read/write and a write/write finding (two keys), while the same
// pattern twice is a duplicate report.
// Thread-safety: plain values and pure functions.
#ifndef INTERLOCK_TESTS_E2E_OBSERVATION_H
#define INTERLOCK_TESTS_E2E_OBSERVATION_H

#include <string>
#include <utility>
#include <vector>

#include "expectations.h"

namespace interlock::e2e {

struct ObservedFinding {
  std::string kind;                  // "data-race", or the tool's own name for other findings
  std::pair<int, int> lines{0, 0};   // smaller first; 0 when the stack had no program frame
  std::string access_pattern;        // e.g. "read+write", sorted; distinguishes same-line findings
  std::string summary;               // one line a person reads in a failure message
};

struct Observation {
  std::string tool;                      // "interlock" or "tsan"
  std::vector<ObservedFinding> findings;
  std::vector<std::string> problems;     // malformed report, crash... (any makes the run invalid)
  bool racy() const { return !findings.empty(); }
};

// Differences between what was expected and what was observed; empty when they agree.
std::vector<std::string> compare_with_expectations(const std::vector<ExpectedFinding> &expected,
                                                   const std::vector<ObservedFinding> &observed);

// Differences between two tools' observations of the same program (signature sets must agree).
std::vector<std::string> compare_observations(const Observation &reference,
                                              const Observation &candidate);

std::string describe(const ObservedFinding &finding);

}  // namespace interlock::e2e

#endif  // INTERLOCK_TESTS_E2E_OBSERVATION_H
