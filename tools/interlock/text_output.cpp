#include "text_output.h"

#include "detector/report/text_writer.h"

namespace interlock::cli {

namespace {

std::string counted(std::size_t count, const char *one, const char *many) {
  return std::to_string(count) + " " + (count == 1 ? one : many);
}

// The layout of the runtime's text report, for kinds only the JSON knows.
std::string generic_block(const report::LoadedFinding &finding, bool color) {
  const char *red = color ? "\033[1;31m" : "";
  const char *reset = color ? "\033[0m" : "";
  std::string out = "==================\n";
  out += std::string(red) + "WARNING: Interlock: " + finding.kind() + " (key " +
         finding.key_text() + ")" + reset + "\n  " + finding.summary() + "\n";
  for (const auto &stack : finding.thread_stacks()) {
    out += "\n  " + stack.label + ":\n";
    for (std::size_t i = 0; i < stack.stack.count; ++i) {
      const report::Frame &frame = stack.stack.frames[i];
      out += "    #" + std::to_string(i) + " " + (frame.function ? frame.function : "??");
      if (frame.file != nullptr) {
        out += std::string(" ") + frame.file;
        if (frame.line != 0) out += ":" + std::to_string(frame.line);
        if (frame.column != 0) out += ":" + std::to_string(frame.column);
      }
      out += "\n";
    }
  }
  out += "==================\n";
  return out;
}

}  // namespace

std::string finding_block(const report::ReportedFinding &reported, bool color) {
  const report::LoadedFinding &finding = reported.finding();
  if (finding.model() == nullptr) return generic_block(finding, color);
  report::StringSink sink;
  report::CarriedSourceReader sources(&finding);
  report::TextOptions options;
  options.color = color;
  report::write_finding_text(sink, *finding.model(), &sources, options);
  return sink.text;
}

std::string finding_text(const report::ReportedFinding &reported, bool color) {
  std::string out = finding_block(reported, color);
  out += "  seen " + counted(reported.merged->occurrences, "time", "times") + " in " +
         counted(reported.merged->processes.size(), "process", "processes") + "; " +
         (reported.known ? "known (in baseline)" : "new") + "\n\n";
  return out;
}

std::string summary_line(const FindingCounts &counts) {
  const std::size_t total = counts.fresh + counts.known + counts.suppressed;
  return counted(total, "finding", "findings") + " (" + std::to_string(counts.fresh) + " new, " +
         std::to_string(counts.known) + " known, " + std::to_string(counts.suppressed) +
         " suppressed)\n";
}

}  // namespace interlock::cli
