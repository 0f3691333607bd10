// What a test program says about itself, read from its comment lines:
//
//   // EXPECT: data-race <line> <line>   one finding: a race whose two accesses' innermost frames
//                                        are at these source lines of the program (order free)
//   // EXPECT: predicted-race <line> <line>  one finding: a data race this run ordered only
//                                        through critical sections another schedule reverses
//                                        (the report's "predicted": true); lines as for data-race
//   // EXPECT: atomicity-violation <line> <line> <line>  one finding: a lost update; its read, the
//                                        other thread's write between and the dependent write
//                                        (innermost program frames; order free; marker LOST)
//   // EXPECT: predicted-atomicity-violation <line> <line> <line>  one finding: a lost update
//                                        whose other write came before the read in this run but
//                                        could have come between (the report's "observed":
//                                        false); lines as for atomicity-violation
//   // EXPECT: lock-order-cycle <line>...  one finding: a lock-order cycle with one edge per line,
//                                        each line where an edge's lock was requested (the first
//                                        frame of requested_at in the program file; order free,
//                                        a line repeats when several edges request there)
//   // EXPECT: mutex-misuse <line>        one finding: a mutex misuse whose stack's first frame in
//                                        the program file is at this line
//   // EXPECT: deadlock <line>...        one finding: a real deadlock (the program hung and was
//                                        ended with exit status 67, not 66) whose blocked threads
//                                        are each blocked at one of these lines (the first frame
//                                        of its stack in the program file; order free, a line
//                                        repeats when several threads block there). At most one
//                                        per program, which may expect other findings too (a
//                                        lock-order cycle seen before the hang), and it needs
//                                        'TSAN: differs': TSan has no hang detection, so the
//                                        program is not run under TSan (see runner.cpp)
//   // EXPECT: silent                    no finding, exit status 0
//   // PRINTS: <text>                    the program's stdout must contain this text (a program
//                                        that must go on after a finding prints it afterwards)
//   // TSAN: same | differs <why>        whether clang-14's TSan agrees with the expectation
//   // ARGS: <flags...>                  extra compile flags, appended after the defaults
//   // OPTIONS: <key=value:...>          runtime options for the Interlock run, after report_dir
//   // ALSO AT: <-On>...                 CMake also registers the program as <name>_On, compiled
//                                        with that level last (the runner's --opt); read by the
//                                        e2e and differential CMakeLists, not here
//
// The lines of a finding are best given by markers, and an EXPECT line then names none:
//
//   x = 1;  // RACE                      the line of one side of a data race (CYCLE: an edge's
//                                        lock request; MISUSE; DEADLOCK: a blocked thread; LOST:
//                                        an access of an atomicity violation)
//   // EXPECT: data-race                 the race between the lines marked RACE
//   lock(&b);  // CYCLE x2               the line counts twice (two edges request there)
//   y = 2;  // RACE:second the other one   a label: `EXPECT: data-race :second` takes only the
//                                        lines marked RACE:second (a program expecting two
//                                        findings of one kind labels them); without a label in
//                                        the EXPECT line every marker of the kind counts
//
// Markers are words in a trailing comment of a code line (several may share one; other words
// are free text); a whole-line comment marks nothing. Explicit numbers still work (`EXPECT:
// data-race 21 33`) for a program whose lines cannot be marked.
//
// A program needs at least one EXPECT line and cannot be both silent and racy. Lines that merely
// mention the words elsewhere (not at the start of a comment line) are ignored.
// Thread-safety: plain values; parse_expectations keeps no state.
#ifndef INTERLOCK_TESTS_E2E_EXPECTATIONS_H
#define INTERLOCK_TESTS_E2E_EXPECTATIONS_H

#include <optional>
#include <string>
#include <vector>

namespace interlock::e2e {

// One expected finding: its kind and its source lines, ascending (two for a data race, one per
// edge for a lock-order cycle, one for a mutex misuse, one per blocked thread for a deadlock).
struct ExpectedFinding {
  std::string kind;
  std::vector<int> lines;
};

struct Expectations {
  bool silent = false;
  std::vector<ExpectedFinding> findings;  // empty exactly when silent
  bool tsan_differs = false;
  std::string tsan_differs_reason;
  std::vector<std::string> extra_compile_flags;
  std::string interlock_options;  // appended to INTERLOCK_OPTIONS (after "report_dir=...:")
  std::vector<std::string> prints;  // texts the program's stdout must contain
  bool deadlock = false;             // one of `findings` is a deadlock: exit status 67
};

// Parses the program text. On malformed or missing expectations returns nullopt and sets
// *error to a message naming the offending line.
std::optional<Expectations> parse_expectations(const std::string &program_text,
                                               std::string *error);

// "data-race 14 27" / "lock-order-cycle 12 30 41" style rendering, for messages.
std::string describe(const ExpectedFinding &finding);

}  // namespace interlock::e2e

#endif  // INTERLOCK_TESTS_E2E_EXPECTATIONS_H
