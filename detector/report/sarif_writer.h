// SARIF 2.1.0 output (for GitHub code scanning and other SARIF viewers).
//
// Contract: one run; the driver has one rule per finding kind present (id = the kind, e.g.
// "data-race"), in first-seen order. Each finding is one result with
//   * locations: the innermost frame of its first stack (for a race, the access that found it;
//     for a lock-order cycle, the request that closed it: edges[0].requested_at; for a deadlock,
//     the first blocked thread's stack),
//     as artifactLocation uri (file:// URI of the absolute path; a relative path stays a relative
//     reference) and region startLine/startColumn (left out when unknown), with the source line as
//     the region's snippet when the report carried it;
//   * relatedLocations: the innermost frame of every other stack (the other access; for a cycle
//     every edge's held_at and the other edges' requested_at; for a deadlock the other blocked
//     threads and where each awaited lock was taken), with its label as message;
//   * codeFlows: one codeFlow with one threadFlow per stack (for a cycle, per edge: its held_at
//     then its requested_at). A threadFlow's locations are in execution order, as SARIF defines
//     them: outermost frame first, the racing access last, with nestingLevel the call depth, so
//     viewers show the call path top-down ending at the access;
//   * partialFingerprints {"interlockKey/v1": key}; occurrenceCount; properties.processes;
//   * baselineState "new" or "unchanged" when a baseline was given, absent otherwise.
// All text is made valid UTF-8. The output validates against the OASIS SARIF 2.1.0 schema.
// Tool-side code (standard library). Thread-safety: pure function.
#ifndef INTERLOCK_DETECTOR_REPORT_SARIF_WRITER_H
#define INTERLOCK_DETECTOR_REPORT_SARIF_WRITER_H

#include <string>
#include <vector>

#include "detector/report/report_reader.h"

namespace interlock::report {

std::string write_sarif(const std::vector<ReportedFinding> &findings, bool has_baseline);

// "file:///a%20b/c.c" for "/a b/c.c"; a relative path is percent-encoded without a scheme.
std::string file_uri(const std::string &path);

}  // namespace interlock::report

#endif  // INTERLOCK_DETECTOR_REPORT_SARIF_WRITER_H
