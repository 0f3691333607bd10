#include "detector/report/junit_writer.h"

namespace interlock::report {

std::string xml_escape(const std::string &text) {
  const std::string valid = valid_utf8(text);
  std::string out;
  out.reserve(valid.size());
  for (unsigned char c : valid) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\t':
      case '\n':
      case '\r': out += static_cast<char>(c); break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += "\xef\xbf\xbd";
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

std::string write_junit(const std::vector<ReportedFinding> &findings,
                        const std::function<std::string(const ReportedFinding &)> &body_text) {
  size_t failures = 0, skipped = 0;
  for (const ReportedFinding &reported : findings) (reported.known ? skipped : failures) += 1;
  const std::string counts = " tests=\"" + std::to_string(findings.size()) + "\" failures=\"" +
                             std::to_string(failures) + "\" errors=\"0\" skipped=\"" +
                             std::to_string(skipped) + "\"";
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"interlock\"" + counts + ">\n";
  out += "  <testsuite name=\"interlock\"" + counts + ">\n";
  for (const ReportedFinding &reported : findings) {
    const LoadedFinding &finding = reported.finding();
    const std::string &name = finding.summary().empty() ? finding.key_text() : finding.summary();
    out += "    <testcase classname=\"" + xml_escape(finding.kind()) + "\" name=\"" +
           xml_escape(name) + "\">\n";
    if (reported.known) {
      out += "      <skipped message=\"known (in baseline)\"/>\n";
    } else {
      out += "      <failure message=\"" + xml_escape(finding.summary()) + "\" type=\"" +
             xml_escape(finding.kind()) + "\">" + xml_escape(body_text(reported)) +
             "</failure>\n";
    }
    out += "    </testcase>\n";
  }
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace interlock::report
