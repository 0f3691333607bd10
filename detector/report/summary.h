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
// and "(N bytes)" is the size of the access that found the race. Locations use file base names.
// Writes no newline. No allocation, no libstdc++; safe from any thread.
#ifndef INTERLOCK_DETECTOR_REPORT_SUMMARY_H
#define INTERLOCK_DETECTOR_REPORT_SUMMARY_H

#include "detector/report/report.h"
#include "detector/report/sink.h"

namespace interlock::report {

void write_summary(Sink &sink, const Finding &finding);

}  // namespace interlock::report

#endif  // INTERLOCK_DETECTOR_REPORT_SUMMARY_H
