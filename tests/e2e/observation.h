// What one run of a test program was seen to report, by Interlock or by TSan, reduced to what the
// tests compare: each finding's kind and its source lines (the two accesses of a race; the line
// where each edge of a lock-order cycle requested its lock). Also the comparison rules shared by
// the e2e and differential checks.
//
// Matching rule: a finding's *signature* is (kind, its lines in ascending order). The
// expected and observed signature sets must be equal. A signature may be observed more than once
// only when those findings differ in their access pattern: a read-modify-write line racing with
// itself can legitimately give a read/write and a write/write finding (two keys), while the same
// pattern twice is a duplicate report.
// Thread-safety: plain values and pure functions.
#ifndef INTERLOCK_TESTS_E2E_OBSERVATION_H
#define INTERLOCK_TESTS_E2E_OBSERVATION_H

#include <string>
#include <vector>

#include "expectations.h"

namespace interlock::e2e {

struct ObservedFinding {
  std::string kind;        // "data-race", "lock-order-cycle", or the tool's name for others
  std::vector<int> lines;  // ascending; 0 where a stack had no program frame
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
