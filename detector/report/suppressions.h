// Suppression files in ThreadSanitizer's syntax, parsed and matched without allocating.
//
// The file holds one `type:pattern` rule per line; `#` starts a comment line and blank lines are
// ignored (leading and trailing blanks of a line are too). Every type of ThreadSanitizer's is
// accepted, with TSan's meaning as far as Interlock's findings have it (docs/suppressions.md):
//   race             a data race or atomicity violation with any frame (of either access) or
//                    the racy global matching
//   race_top         the same, with the innermost frame of either access matching
//   deadlock         a lock-order cycle or real deadlock with any frame of its stacks (every
//                    edge's held_at and requested_at; every blocked thread's stack and
//                    holder_locked_at) or the name of one of its locks (of an object waited
//                    on) matching
//   mutex            a mutex misuse with any frame of its stacks (the misuse, where the holder
//                    locked it, the earlier unlock) or the mutex's name matching
//   thread           any finding that involves a thread whose name matches (for a real
//                    deadlock, one of the blocked threads); TSan's thread leaks are not reported
//   signal           nothing: TSan's signal-unsafe calls in handlers are not reported
//   called_from_lib  any finding with a frame whose module (executable or library path)
//                    matches, e.g. `called_from_lib:libfoo.so`
// A frame matches when its function name, its file path or its module matches; a race also
// matches on the global's name, a lock-order cycle on its locks' names, a mutex misuse on its
// mutex's name, a deadlock on the names of the objects its threads wait on. Patterns use TSan's rules: `*`
// matches any run of characters, and the pattern matches anywhere in the name unless anchored
// with a leading `^` (start) or trailing `$` (end). Matching is case-sensitive.
//
// Contract: parse_suppressions() never allocates: rules point into the caller's `text`, which
// must outlive them, and are stored in the caller's array. Nothing here uses libstdc++, because
// the runtime applies the same rules inside the watched process (see sink.h for why).
// Thread-safety: pure functions over caller-owned data; safe from any thread.
#ifndef INTERLOCK_DETECTOR_REPORT_SUPPRESSIONS_H
#define INTERLOCK_DETECTOR_REPORT_SUPPRESSIONS_H

#include <stddef.h>
#include <stdint.h>

#include "detector/report/report.h"

namespace interlock::report {

enum class SuppressionType {
  kRace,
  kRaceTop,
  kDeadlock,
  kMutex,
  kThread,
  kSignal,
  kCalledFromLib
};

struct SuppressionRule {
  SuppressionType type = SuppressionType::kRace;
  const char *pattern = nullptr;  // points into the parsed text; not NUL-terminated
  size_t pattern_length = 0;
  uint32_t line = 0;              // 1-based line in the file, for messages
};

struct SuppressionError {
  uint32_t line = 0;              // 1-based line of the offending rule
  const char *message = nullptr;  // static text, e.g. "unknown suppression type"
};

// Parses `len` bytes of `text` into `rules[0..*count)`. Returns false on the first bad line
// (unknown type, missing ':', empty pattern, more rules than `capacity`), with `err` (when not
// null) naming it; `*count` then holds the rules parsed before it.
bool parse_suppressions(const char *text, size_t len, SuppressionRule *rules, size_t capacity,
                        size_t *count, SuppressionError *err);

// Whether `pattern` matches `name` under the rules above (null `name` never matches).
bool suppression_pattern_matches(const char *pattern, size_t pattern_length, const char *name);

// Which rule types can apply to a finding, by its kind name (docs/report-format.md).
enum class SuppressionCategory { kRace, kDeadlock, kMutex, kOther };
SuppressionCategory suppression_category(const char *kind_name);

// What a rule can match in one finding, independent of its kind, so that a kind the model does
// not know yet (read generically by the tool) can be matched too. `stacks` are the finding's
// own stacks (a race's two accesses, a cycle's edges), whose frame 0 is what race_top looks at.
struct SuppressionSubject {
  SuppressionCategory category = SuppressionCategory::kOther;
  const Stack *stacks = nullptr;
  size_t stack_count = 0;
  const char *const *object_names = nullptr;  // the racy global's name, a cycle's lock names
  size_t object_name_count = 0;
  const ThreadInfo *threads = nullptr;
  size_t thread_count = 0;
};

// The first rule in `rules` that suppresses the subject, or null.
const SuppressionRule *match_suppression(const SuppressionSubject &subject,
                                         const SuppressionRule *rules, size_t count);

// The same for a finding of the model.
const SuppressionRule *match_suppression(const Finding &finding, const SuppressionRule *rules,
                                         size_t count);

}  // namespace interlock::report

#endif  // INTERLOCK_DETECTOR_REPORT_SUPPRESSIONS_H
