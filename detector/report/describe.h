// Small phrases shared by the summary and the text report, so both name things the same way.
//
// Contract: each function writes words to a Sink and nothing else; no allocation, no libstdc++.
// Thread-safety: pure, safe from any thread.
#ifndef INTERLOCK_DETECTOR_REPORT_DESCRIBE_H
#define INTERLOCK_DETECTOR_REPORT_DESCRIBE_H

#include <stdint.h>

#include "detector/report/report.h"
#include "detector/report/sink.h"

namespace interlock::report {

// The ThreadInfo for `id` in `race.threads`, or null.
const ThreadInfo *find_thread(const DataRace &race, uint32_t id);

// The thread's display name: its ThreadInfo name when there is one, "main" for thread 0,
// otherwise "T<id>".
void put_thread_name(Sink &sink, const DataRace &race, uint32_t id);

// "main thread" for the main thread, otherwise "thread <name>".
void put_thread_phrase(Sink &sink, const DataRace &race, uint32_t id);

// "bank.c:14:13" from a frame, with the file's base name; ":13" is left out when the column is
// unknown and ":14:13" when the line is. A frame without a file gives its function name.
void put_short_location(Sink &sink, const Frame &frame);

// "/src/bank.c:14:13" (the full path) under the same rules.
void put_full_location(Sink &sink, const Frame &frame);

// The innermost frame of a stack, or null when it is empty.
const Frame *innermost_frame(const Stack &stack);

}  // namespace interlock::report

#endif  // INTERLOCK_DETECTOR_REPORT_DESCRIBE_H
