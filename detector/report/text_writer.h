// The human-readable report printed on stderr as findings happen.
//
// Contract: writes one block framed by lines of '=' (layout below), ending with a newline:
//   ==================
//   WARNING: Interlock: data race (key 3f1c2a9d0b7e4410)
//     <summary line, see summary.h>
//
//     Write of size 4 at 0x5581c3a1b010 by thread T2:
//       #0 withdraw(int) /src/bank.c:14:13
//            14 |     balance -= amount;
//       #1 worker(void*) /src/bank.c:30:5
//       Locks held: none
//
//     Previous read of size 4 at 0x5581c3a1b010 by main thread:
//       ...
//
//     Location: global 'balance' of size 4 declared at /src/bank.c:3
//
//     Thread T2 (created by main thread at):
//       #0 main /src/bank.c:40:3
//   ==================
// The source text (from `sources`, which may be null) appears under frame #0 of each access.
// Held locks are listed as "mutex 0x... acquired at:" with their stacks.
// A lock-order cycle (heading "lock-order cycle (potential deadlock)") has, per edge,
//   Thread T2 holds mutex 'fork_b' acquired at:       (rwlocks: "rwlock 'x' for reading")
//     <held_at stack, source under #0>
//   and requests mutex 'fork_a' at:
//     <requested_at stack, source under #0>
//     (this order seen 1 time, the reverse 3 times)
// then "Coffman conditions:" with one line per condition ("mutual exclusion (holds): <evidence>"
// or "(does not hold)"), "Suggested lock order: 'a' before 'b' (3 of 4 observed acquisitions
// follow it)" with the advice below it, and the threads' creation stacks (see describe.h for the
// phrases and docs/report-format.md for a full example). A real deadlock (heading "deadlock
// (program ended)") has, per blocked thread,
//   Thread T1 is blocked locking mutex 'fork_b' (0x...), held by thread T2:
//     <stack, source under #0>
//     Thread T2 locked it at:
//       <holder_locked_at, source under #0>
//     Locks held:                                  (or "Locks held: none")
//       mutex 'fork_a' acquired at:                (named when some thread waits for it)
//         <stack>
// (other waits read "joining thread T2", "waiting on condition variable 'ready'", ...), then
// "Wait-for cycle: T1 waits for T2, which waits for T1; no thread of the cycle can go on." or
// "Every thread of the program is blocked and none of them can wake another.", "Blocked state
// unchanged for N ms; the program was ended instead of hanging." and the threads' creation
// stacks. In every stack, a run of two or more
// frames in system headers below frame #0 folds into one "#1-#3 (3 frames in system headers)". With `color`, headings
// are red and source locations bold (ANSI escapes). No allocation, no libstdc++; one writer call
// per Sink at a time.
#ifndef INTERLOCK_DETECTOR_REPORT_TEXT_WRITER_H
#define INTERLOCK_DETECTOR_REPORT_TEXT_WRITER_H

#include "detector/report/report.h"
#include "detector/report/sink.h"
#include "detector/report/source_reader.h"

namespace interlock::report {

struct TextOptions {
  bool color = false;
};

void write_finding_text(Sink &sink, const Finding &finding, SourceReader *sources,
                        const TextOptions &options);

}  // namespace interlock::report

#endif  // INTERLOCK_DETECTOR_REPORT_TEXT_WRITER_H
