// The one-line summary of a finding (the JSON `summary` member and the text report's second line).
//
// Contract: for a data race the line reads
//   data race on global 'balance' (4 bytes): write by thread T2 at bank.c:14:13 vs read by
//   thread T1 at bank.c:12:7
// where the place is one of
//   global 'NAME'                       (" at offset K" appended when K != 0)
//   heap block of S bytes at offset K
//   stack of thread T1
//   0x... (unknown memory: "data race at 0x...")
// and "(N bytes)" is the size of the access that found the race.
// For a lock-order cycle it reads
//   lock-order cycle (potential deadlock) between 2 locks in 2 threads: T1 holds 'fork_a'
//   (philosophers.c:20) and wants 'fork_b' (philosophers.c:21); T2 holds 'fork_b' and wants
//   'fork_a'
// edge by edge from the one that closed the cycle, which alone carries its lines; a lock is named
// by its global's name when known, else by address; after kMaxSummaryEdges edges the rest are
// counted ("; and 3 more edges") so the line stays short. For a real deadlock it reads
//   deadlock: 2 threads blocked forever in a wait-for cycle: thread T1 locking mutex 'fork_b' at
//   philosophers.c:21:3 (held by thread T2); thread T2 locking mutex 'fork_a' at
//   philosophers.c:31:3 (held by thread T1)
// ("1 thread blocked forever waiting for itself" for a cycle of one; "N threads blocked forever,
// none can wake another" when it is not a cycle, "1 thread blocked forever, no thread left to
// wake it" for a lone thread), one clause per blocked thread with its wait
// (describe.h's put_wait), its user frame and, for a lock, the holder; after kMaxSummaryEdges
// threads the rest are counted. Locations use file base names.
// Writes no newline. No allocation, no libstdc++; safe from any thread.
#ifndef INTERLOCK_DETECTOR_REPORT_SUMMARY_H
#define INTERLOCK_DETECTOR_REPORT_SUMMARY_H

#include <stddef.h>

#include "detector/report/report.h"
#include "detector/report/sink.h"

namespace interlock::report {

constexpr size_t kMaxSummaryEdges = 3;

void write_summary(Sink &sink, const Finding &finding);

}  // namespace interlock::report

#endif  // INTERLOCK_DETECTOR_REPORT_SUMMARY_H
