// Reads the JSON report Interlock wrote for one process (docs/report-format.md) into an
// Observation. The report's structure is checked by the shared reader (detector/report/
// report_reader.h, the reader `interlock report` uses; schemas/interlock-report.schema.json is
// the authority); on top of it, what every real run must satisfy whatever the program: exactly
// one file interlock.<pid>.<token>.json for the program's pid, each key once, frames that name
// their function and file, and stacks that reach into the program file (a race's two accesses,
// every edge of a lock-order cycle, a misuse's stacks, every blocked thread of a deadlock and the
// holder's lock site); a reported cycle's Coffman conditions hold, and a one-thread cycle says so
// in its evidence. Each broken rule becomes a problem in the Observation.
// Thread-safety: pure function apart from reading the directory.
#ifndef INTERLOCK_TESTS_E2E_INTERLOCK_REPORT_H
#define INTERLOCK_TESTS_E2E_INTERLOCK_REPORT_H

#include <string>

#include "observation.h"

namespace interlock::e2e {

Observation observe_interlock_report(const std::string &report_dir, int program_pid,
                                     const std::string &program_path);

}  // namespace interlock::e2e

#endif  // INTERLOCK_TESTS_E2E_INTERLOCK_REPORT_H
