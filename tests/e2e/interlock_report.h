// Reads the JSON report Interlock wrote for one process (docs/report-format.md) into an
// Observation, and checks what every report must satisfy whatever the program: exactly one file
// interlock.<pid>.<token>.json for the program's pid, schema version 1, and for every finding a
// kind, a 16-hex-digit key unique in the file, a summary, and for data races two accesses whose stacks are
// non-empty, whose frames carry function, file and line, and whose innermost frame is in the
// program file; for lock-order cycles, a well-formed cycle whose every edge's stacks reach into
// the program file (see read_cycle in the .cpp); for mutex misuses, a known kind of misuse whose
// stacks reach into the program file (see read_misuse); for deadlocks, blocked threads whose
// waits are consistent (in a cycle, each waits for the next) and whose stacks reach into the
// program file (see read_deadlock). Each broken rule becomes a problem in the Observation.
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
