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
// Held locks are listed as "mutex 0x... acquired at:" with their stacks. With `color`, headings
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
