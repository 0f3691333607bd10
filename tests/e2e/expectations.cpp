#include "expectations.h"

#include <algorithm>
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

// A decimal line number, or 0 when `word` is not one.
int parse_line_number(const std::string &word) {
  if (word.empty() || word.size() > 9 ||
      !std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return 0;
  return std::stoi(word);
}

std::string where(int line_number) { return "line " + std::to_string(line_number) + ": "; }

// The marker word of each finding kind.
const char *marker_tag(const std::string &kind) {
  if (kind == "data-race" || kind == "predicted-race") return "RACE";
  if (kind == "lock-order-cycle") return "CYCLE";
  if (kind == "mutex-misuse") return "MISUSE";
  if (kind == "deadlock") return "DEADLOCK";
  if (kind == "atomicity-violation" || kind == "predicted-atomicity-violation") return "LOST";
  return nullptr;
}

struct Marker {
  std::string tag, label;
  int line;
};

// The markers in trailing comments of code lines: `code;  // RACE`, `// RACE:label`, `// CYCLE x2`
// (the line counts twice), several per comment, free text around them. A whole-line comment
// marks nothing, so prose about markers in a header stays prose.
std::vector<Marker> find_markers(const std::string &program_text) {
  std::vector<Marker> markers;
  std::istringstream lines(program_text);
  std::string line;
  int line_number = 0;
  while (std::getline(lines, line)) {
    ++line_number;
    const size_t comment = line.find("//");
    if (comment == std::string::npos ||
        line.find_first_not_of(" \t") == comment)
      continue;
    std::istringstream words(line.substr(comment + 2));
    std::vector<std::string> list;
    for (std::string word; words >> word;) {
      while (!word.empty() && (word.back() == ',' || word.back() == ';' || word.back() == '.'))
        word.pop_back();
      list.push_back(word);
    }
    for (size_t i = 0; i < list.size(); i++) {
      const std::string &word = list[i];
      const size_t colon = word.find(':');
      const std::string tag = word.substr(0, colon);
      if (tag != "RACE" && tag != "CYCLE" && tag != "MISUSE" && tag != "DEADLOCK" && tag != "LOST")
        continue;
      const std::string label = colon == std::string::npos ? "" : word.substr(colon + 1);
      int count = 1;
      if (i + 1 < list.size() && list[i + 1].size() > 1 && list[i + 1][0] == 'x' &&
          parse_line_number(list[i + 1].substr(1)) > 0)
        count = parse_line_number(list[++i].substr(1));
      for (int k = 0; k < count; k++) markers.push_back({tag, label, line_number});
    }
  }
  return markers;
}

// The lines of the markers for `kind` (and `label`, when given: `EXPECT: data-race :label`).
std::vector<int> marked_lines(const std::vector<Marker> &markers, const std::string &kind,
                              const std::string &label) {
  std::vector<int> lines;
  for (const Marker &marker : markers)
    if (marker.tag == marker_tag(kind) && (label.empty() || marker.label == label))
      lines.push_back(marker.line);
  return lines;
}

}  // namespace

std::optional<Expectations> parse_expectations(const std::string &program_text,
                                               std::string *error) {
  Expectations result;
  const std::vector<Marker> markers = find_markers(program_text);
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
      if (kind != "data-race" && kind != "predicted-race" && kind != "lock-order-cycle" &&
          kind != "mutex-misuse" && kind != "deadlock" && kind != "atomicity-violation" &&
          kind != "predicted-atomicity-violation") {
        *error = where(line_number) + "unknown EXPECT kind '" + kind + "'";
        return std::nullopt;
      }
      std::vector<int> finding_lines;
      std::string word;
      std::string label;
      bool all_positive = true;
      while (words >> word) {
        if (word.size() > 1 && word[0] == ':' && finding_lines.empty() && label.empty()) {
          label = word.substr(1);
          continue;
        }
        const int number = parse_line_number(word);
        if (number <= 0) all_positive = false;
        finding_lines.push_back(number);
      }
      if (finding_lines.empty()) {
        // No numbers: the lines are the ones marked `// RACE` (CYCLE, MISUSE, DEADLOCK), with
        // this label if one is given.
        finding_lines = marked_lines(markers, kind, label);
        if (finding_lines.empty()) {
          *error = where(line_number) + "EXPECT: " + kind + (label.empty() ? "" : " :" + label) +
                   " gives no line numbers and no line is marked '// " + marker_tag(kind) +
                   (label.empty() ? "" : ":" + label) + "'";
          return std::nullopt;
        }
      } else if (!label.empty()) {
        *error = where(line_number) + "EXPECT: a label and line numbers together";
        return std::nullopt;
      }
      if ((kind == "data-race" || kind == "predicted-race") &&
          (finding_lines.size() != 2 || !all_positive)) {
        *error = where(line_number) + "EXPECT: " + kind +
                 " needs exactly two positive line numbers (or two '// RACE' markers)";
        return std::nullopt;
      }
      if ((kind == "atomicity-violation" || kind == "predicted-atomicity-violation") &&
          (finding_lines.size() != 3 || !all_positive)) {
        *error = where(line_number) + "EXPECT: " + kind +
                 " needs exactly three positive line numbers: the "
                 "read, the other thread's write and the dependent write (or three '// LOST' "
                 "markers)";
        return std::nullopt;
      }
      if (kind == "lock-order-cycle" && (finding_lines.size() < 2 || !all_positive)) {
        *error = where(line_number) +
                 "EXPECT: lock-order-cycle needs two or more positive line numbers, one per edge "
                 "(or as many '// CYCLE' markers)";
        return std::nullopt;
      }
      if (kind == "mutex-misuse" && (finding_lines.size() != 1 || !all_positive)) {
        *error = where(line_number) + "EXPECT: mutex-misuse needs exactly one positive line number (or one '// MISUSE' "
                 "marker)";
        return std::nullopt;
      }
      if (kind == "deadlock") {
        if (finding_lines.empty() || !all_positive) {
          *error = where(line_number) +
                   "EXPECT: deadlock needs one or more positive line numbers, one per blocked "
                   "thread";
          return std::nullopt;
        }
        if (result.deadlock) {
          *error = where(line_number) +
                   "a second EXPECT: deadlock (a program ends at its first deadlock)";
          return std::nullopt;
        }
        result.deadlock = true;
      }
      std::sort(finding_lines.begin(), finding_lines.end());
      result.findings.push_back({kind, finding_lines});
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
    } else if (auto prints = directive_value(line, "PRINTS")) {
      if (prints->empty()) {
        *error = where(line_number) + "PRINTS: needs the text the program prints";
        return std::nullopt;
      }
      result.prints.push_back(*prints);
    } else if (auto args = directive_value(line, "ARGS")) {
      std::istringstream words(*args);
      std::string flag;
      while (words >> flag) result.extra_compile_flags.push_back(flag);
    } else if (auto runtime_options = directive_value(line, "OPTIONS")) {
      result.interlock_options = *runtime_options;
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
  if (result.deadlock && !result.tsan_differs) {
    *error = "EXPECT: deadlock needs 'TSAN: differs <why>': TSan does not detect a real "
             "deadlock, the program just hangs under it";
    return std::nullopt;
  }
  return result;
}

std::string describe(const ExpectedFinding &finding) {
  std::string text = finding.kind;
  for (int line : finding.lines) text += " " + std::to_string(line);
  return text;
}

}  // namespace interlock::e2e
