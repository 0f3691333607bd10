#include "tsan_output.h"

#include <algorithm>
#include <cctype>
#include <regex>
#include <sstream>
#include <vector>

#include "same_file.h"

namespace interlock::e2e {
namespace {

struct TsanAccess {
  std::string type;  // "write", "read", "atomic write", ...
  int program_line = 0;
};

bool starts_with(const std::string &text, const std::string &prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

// "  Previous atomic write of size 4 at 0x... by thread T1:" -> "atomic write"
bool parse_access_header(const std::string &line, std::string *type) {
  if (!starts_with(line, "  ") || starts_with(line, "   ")) return false;
  const size_t of_size = line.find(" of size ");
  if (of_size == std::string::npos) return false;
  std::string head = line.substr(2, of_size - 2);
  std::transform(head.begin(), head.end(), head.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (starts_with(head, "previous ")) head = head.substr(9);
  if (head != "read" && head != "write" && head != "atomic read" && head != "atomic write")
    return false;
  *type = head;
  return true;
}

// "  Mutex M1 acquired here while holding mutex M0 in thread T1:": one edge of the cycle, whose
// stack follows.
bool is_cycle_edge_header(const std::string &line) {
  static const std::regex header(R"(^  Mutex M\d+ acquired here while holding mutex M\d+ in )");
  return std::regex_search(line, header);
}

// "    #0 func /path/file.c:12:3 (exe+0x1234)" -> file and line, when it has them.
bool parse_frame(const std::string &line, std::string *file, int *line_number) {
  // The location is the last "file:line[:column]" token before the " (module+offset)" part.
  static const std::regex frame(R"(^\s+#\d+ (?:.* )?(\S+?):(\d+)(?::\d+)? \()");
  std::smatch match;
  if (!std::regex_search(line, match, frame)) return false;
  *file = match[1];
  *line_number = std::stoi(match[2]);
  return true;
}

}  // namespace

Observation observe_tsan_run(const ProcessResult &run, const std::string &program_path) {
  Observation observation;
  observation.tool = "tsan";
  if (run.timed_out || run.signal_number != 0 || !run.started ||
      (run.exit_status != 0 && run.exit_status != 66) ||
      run.stderr_text.find("ThreadSanitizer:DEADLYSIGNAL") != std::string::npos ||
      run.stderr_text.find("ERROR: ThreadSanitizer") != std::string::npos)
    observation.problems.push_back("TSan run failed: " + run.describe_status());

  enum class Section { kOther, kRace, kCycle, kMisuse };
  Section section = Section::kOther;
  std::istringstream lines(run.stderr_text);
  std::string line;
  std::vector<TsanAccess> accesses;  // a race's accesses, or a cycle's edges (type unused)
  bool collecting_stack = false;
  std::string misuse_warning;
  auto finish_section = [&] {
    if (section == Section::kRace) {
      ObservedFinding finding;
      finding.kind = "data-race";
      std::vector<std::string> types;
      if (accesses.size() >= 2) {
        finding.lines = {std::min(accesses[0].program_line, accesses[1].program_line),
                         std::max(accesses[0].program_line, accesses[1].program_line)};
        types = {accesses[0].type, accesses[1].type};
      }
      std::sort(types.begin(), types.end());
      for (const std::string &type : types)
        finding.access_pattern += (finding.access_pattern.empty() ? "" : "+") + type;
      finding.summary = "tsan: data race, " + finding.access_pattern;
      observation.findings.push_back(finding);
    } else if (section == Section::kCycle) {
      ObservedFinding finding;
      finding.kind = "lock-order-cycle";
      for (const TsanAccess &edge : accesses) finding.lines.push_back(edge.program_line);
      std::sort(finding.lines.begin(), finding.lines.end());
      finding.summary = "tsan: lock-order-inversion of " + std::to_string(accesses.size()) +
                        " edge(s)";
      observation.findings.push_back(finding);
    } else if (section == Section::kMisuse) {
      ObservedFinding finding;
      finding.kind = "mutex-misuse";
      if (!accesses.empty()) finding.lines = {accesses[0].program_line};
      finding.summary = "tsan: " + misuse_warning;
      observation.findings.push_back(finding);
    }
    section = Section::kOther;
    accesses.clear();
    collecting_stack = false;
  };
  while (std::getline(lines, line)) {
    if (starts_with(line, "WARNING: ThreadSanitizer: ")) {
      finish_section();
      std::string warning = line.substr(26);
      warning = warning.substr(0, warning.find(" (pid="));
      // TSan names a race on a C++ object's vtable pointer on its own; it is a data race with
      // two accesses like any other.
      if (warning == "data race" || warning == "data race on vptr (ctor/dtor vs virtual call)") {
        section = Section::kRace;
      } else if (warning == "lock-order-inversion (potential deadlock)") {
        section = Section::kCycle;
      } else if (warning == "unlock of an unlocked mutex (or by a wrong thread)" ||
                 warning == "destroy of a locked mutex") {
        // The misusing call's stack follows the warning line directly.
        section = Section::kMisuse;
        misuse_warning = warning;
        accesses.push_back({"", 0});
        collecting_stack = true;
      } else {
        ObservedFinding other;
        other.kind = "tsan:" + warning;
        other.summary = line;
        observation.findings.push_back(other);
      }
      continue;
    }
    if (starts_with(line, "SUMMARY: ThreadSanitizer") || starts_with(line, "==================")) {
      finish_section();
      continue;
    }
    if (section == Section::kOther) continue;
    std::string type;
    if (section == Section::kRace && parse_access_header(line, &type)) {
      accesses.push_back({type, 0});
      collecting_stack = true;
      continue;
    }
    if (section == Section::kCycle && is_cycle_edge_header(line)) {
      accesses.push_back({"", 0});
      collecting_stack = true;
      continue;
    }
    // A blank line ends a stack; so does any other header ("Mutex M0 previously acquired by the
    // same thread here:", "Thread T1 ... created by"), which is not indented like a frame.
    if (line.empty() || !starts_with(line, "    ")) {
      collecting_stack = false;
      continue;
    }
    std::string file;
    int line_number = 0;
    if (collecting_stack && accesses.back().program_line == 0 &&
        parse_frame(line, &file, &line_number) && same_file(file, program_path))
      accesses.back().program_line = line_number;
  }
  finish_section();
  return observation;
}

}  // namespace interlock::e2e
