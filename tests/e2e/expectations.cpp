#include "expectations.h"

#include <sstream>

namespace interlock::e2e {
namespace {

// Returns the text after "// <tag>:" when `line` is such a comment line.
std::optional<std::string> directive_value(const std::string &line, const std::string &tag) {
  size_t start = line.find_first_not_of(" \t");
  if (start == std::string::npos || line.compare(start, 2, "//") != 0) return std::nullopt;
  start = line.find_first_not_of(" \t", start + 2);
  const std::string prefix = tag + ":";
  if (start == std::string::npos || line.compare(start, prefix.size(), prefix) != 0)
    return std::nullopt;
  std::string value = line.substr(start + prefix.size());
  const size_t first = value.find_first_not_of(" \t");
  const size_t last = value.find_last_not_of(" \t\r");
  return first == std::string::npos ? std::string() : value.substr(first, last - first + 1);
}

std::string where(int line_number) { return "line " + std::to_string(line_number) + ": "; }

}  // namespace

std::optional<Expectations> parse_expectations(const std::string &program_text,
                                               std::string *error) {
  Expectations result;
  bool saw_tsan = false;
  std::istringstream lines(program_text);
  std::string line;
  int line_number = 0;
  while (std::getline(lines, line)) {
    ++line_number;
    if (auto expect = directive_value(line, "EXPECT")) {
      std::istringstream words(*expect);
      std::string kind;
      words >> kind;
      if (kind == "silent") {
        result.silent = true;
        continue;
      }
      if (kind != "data-race") {
        *error = where(line_number) + "unknown EXPECT kind '" + kind + "'";
        return std::nullopt;
      }
      int first = 0, second = 0;
      std::string rest;
      if (!(words >> first >> second) || first <= 0 || second <= 0 || (words >> rest)) {
        *error = where(line_number) + "EXPECT: data-race needs exactly two positive line numbers";
        return std::nullopt;
      }
      if (first > second) std::swap(first, second);
      result.findings.push_back({kind, {first, second}});
    } else if (auto tsan = directive_value(line, "TSAN")) {
      saw_tsan = true;
      if (*tsan == "same") continue;
      if (tsan->compare(0, 7, "differs") != 0) {
        *error = where(line_number) + "TSAN: must be 'same' or 'differs <why>'";
        return std::nullopt;
      }
      result.tsan_differs = true;
      result.tsan_differs_reason = tsan->size() > 7 ? tsan->substr(8) : "";
      if (result.tsan_differs_reason.empty()) {
        *error = where(line_number) + "TSAN: differs needs a reason";
        return std::nullopt;
      }
    } else if (auto args = directive_value(line, "ARGS")) {
      std::istringstream words(*args);
      std::string flag;
      while (words >> flag) result.extra_compile_flags.push_back(flag);
    }
  }
  if (!result.silent && result.findings.empty()) {
    *error = "no '// EXPECT:' line";
    return std::nullopt;
  }
  if (result.silent && !result.findings.empty()) {
    *error = "EXPECT: silent together with expected findings";
    return std::nullopt;
  }
  if (!saw_tsan) {
    *error = "no '// TSAN: same|differs <why>' line";
    return std::nullopt;
  }
  return result;
}

std::string describe(const ExpectedFinding &finding) {
  return finding.kind + " " + std::to_string(finding.lines.first) + " " +
         std::to_string(finding.lines.second);
}

}  // namespace interlock::e2e
