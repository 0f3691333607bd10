// The text form of `interlock report`: each finding as the runtime prints it (both sides, stacks,
// source snippets), followed by how often it was seen and whether it is new, then one closing
// line "N findings (M new, K known, S suppressed)" where N = M + K + S counts distinct findings.
// A kind the report model does not know yet is printed from what every finding has (kind, key,
// summary) plus its stacks as read. Thread-safety: pure functions.
#ifndef INTERLOCK_TOOLS_INTERLOCK_TEXT_OUTPUT_H
#define INTERLOCK_TOOLS_INTERLOCK_TEXT_OUTPUT_H

#include <cstddef>
#include <string>

#include "detector/report/report_reader.h"

namespace interlock::cli {

struct FindingCounts {
  std::size_t fresh = 0;
  std::size_t known = 0;
  std::size_t suppressed = 0;
};

// The finding's block, without the seen/new line (also the JUnit failure body).
std::string finding_block(const report::ReportedFinding &finding, bool color);

// The block plus "  seen N times in M processes; new" (or "; known (in baseline)").
std::string finding_text(const report::ReportedFinding &finding, bool color);

// "N findings (M new, K known, S suppressed)\n".
std::string summary_line(const FindingCounts &counts);

}  // namespace interlock::cli

#endif  // INTERLOCK_TOOLS_INTERLOCK_TEXT_OUTPUT_H
