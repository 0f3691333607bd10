// JUnit XML output (for GitLab's test report widget and other CI dashboards).
//
// Contract: one <testsuites>/<testsuite name="interlock">; one <testcase> per finding with
// classname = the finding's kind and name = its summary (its key when the summary is empty). A
// new finding's testcase holds <failure message="SUMMARY" type="KIND">BODY</failure>, where BODY
// is `body_text` for that finding (the text report); a finding known from the baseline holds
// <skipped message="known (in baseline)"/> instead, so the XML agrees with the exit status: CI
// fails on exactly the failures shown. Every text is XML-escaped (& < > " '), made valid UTF-8,
// and characters XML 1.0 forbids (control characters other than tab, LF, CR; ANSI escapes
// included) are replaced by U+FFFD.
// Tool-side code (standard library). Thread-safety: pure function.
#ifndef INTERLOCK_DETECTOR_REPORT_JUNIT_WRITER_H
#define INTERLOCK_DETECTOR_REPORT_JUNIT_WRITER_H

#include <functional>
#include <string>
#include <vector>

#include "detector/report/report_reader.h"

namespace interlock::report {

std::string write_junit(const std::vector<ReportedFinding> &findings,
                        const std::function<std::string(const ReportedFinding &)> &body_text);

// `text` escaped for XML character data and attribute values.
std::string xml_escape(const std::string &text);

}  // namespace interlock::report

#endif  // INTERLOCK_DETECTOR_REPORT_JUNIT_WRITER_H
