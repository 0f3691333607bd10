// The stable identity of a finding (docs/report-format.md, "The key").
//
// Contract: finding_key() depends only on what identifies the bug in the source: the finding's
// kind and
//   * data race: for each of the two accesses, the function, file base name, line and column of
//     the innermost frame in the program's own code (outside system headers: every std::mutex
//     lock or std::vector access is innermost at the same library header line). Whether a side read or wrote does not enter it, so `x++` racing with
//     itself (found as read/write and as write/write) is one finding. The two sides are put in a
//     canonical order first, so which access found the race does not matter.
//   * lock-order cycle: for each edge, the same four fields of that frame of held_at and of
//     requested_at; the edges are hashed as a sorted multiset, so the
//     same cycle entered at another edge (a rotation) has the same key. Lock modes, lock names
//     and observation counts do not enter it.
//   * mutex misuse: what the misuse was (unlock-not-held, double-unlock, destroy-locked) and the
//     same four fields of the misuse stack's user frame; the mutex, its holder and earlier
//     unlock do not enter it.
//   * deadlock: for each blocked thread, what it waits in (wait_kind_name) and the same four
//     fields of its stack's user frame, hashed as a sorted multiset like a cycle's edges, so the
//     same hang reported from another thread of the cycle (a rotation) has the same key. The
//     objects waited on, holders, held locks, cycle flag and blocked time do not enter it.
// Addresses, thread ids, directories and outer frames never enter it. The hash is FNV-1a 64 over
// the encoding described in key.cpp; changing that encoding changes every key and so needs a
// schema version bump. Pure functions: no allocation, no libstdc++, safe from any thread.
#ifndef INTERLOCK_DETECTOR_REPORT_KEY_H
#define INTERLOCK_DETECTOR_REPORT_KEY_H

#include <stdint.h>

#include "detector/report/report.h"

namespace interlock::report {

uint64_t finding_key(const Finding &finding);

// Writes `key` as exactly 16 lower-case hex digits plus a terminating NUL.
void format_key(uint64_t key, char out[17]);

// The part of `path` after its last '/' (the whole string when there is none; "" for null).
const char *file_base_name(const char *path);

}  // namespace interlock::report

#endif  // INTERLOCK_DETECTOR_REPORT_KEY_H
