#include "detector/report/baseline.h"

#include <algorithm>

#include "detector/json/json.h"
#include "detector/report/key.h"

namespace interlock::report {

namespace {

// The line of the `index`-th string in the "keys" array, found by counting quotes after the
// "keys" member; good enough for pointing a person at the bad entry.
std::size_t key_line(const std::string &text, std::size_t index) {
  std::size_t at = text.find("\"keys\"");
  if (at == std::string::npos) return 0;
  at = text.find('[', at);
  for (std::size_t seen = 0; at != std::string::npos; ++seen) {
    at = text.find('"', at + 1);
    if (at == std::string::npos) return 0;
    if (seen == index) break;
    at = text.find('"', at + 1);  // the closing quote (keys never contain escapes when valid)
  }
  if (at == std::string::npos) return 0;
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + at, '\n'));
}

std::size_t line_of(const std::string &text, const std::string &needle) {
  const std::size_t at = text.find(needle);
  if (at == std::string::npos) return 1;
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + at, '\n'));
}

}  // namespace

bool parse_baseline(const std::string &name, const std::string &text, Baseline *baseline,
                    InputError *error) {
  json::ParseError parse_error;
  const std::optional<json::Value> document = json::parse(text, &parse_error);
  if (!document) {
    *error = {name, parse_error.line, "invalid JSON in baseline: " + parse_error.message};
    return false;
  }
  if (!document->is_object()) {
    *error = {name, 1, "not an Interlock baseline: the document is not an object"};
    return false;
  }
  const json::Value *version = document->find("interlock_baseline");
  if (version == nullptr || !version->is_int() || version->as_int() != kBaselineVersion) {
    *error = {name, line_of(text, "\"interlock_baseline\""),
              "not an Interlock baseline: expected \"interlock_baseline\": 1"};
    return false;
  }
  for (const json::Member &member : document->members()) {
    if (member.first != "interlock_baseline" && member.first != "keys") {
      *error = {name, line_of(text, "\"" + member.first + "\""),
                "unknown baseline member \"" + member.first + "\""};
      return false;
    }
  }
  const json::Value &keys = (*document)["keys"];
  if (!keys.is_array()) {
    *error = {name, line_of(text, "\"keys\""), "baseline \"keys\" is missing or not an array"};
    return false;
  }
  Baseline parsed;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::string &key = keys.at(i).as_string();
    if (!keys.at(i).is_string() || key.size() != 16 ||
        key.find_first_not_of("0123456789abcdef") != std::string::npos) {
      *error = {name, key_line(text, i),
                "baseline keys[" + std::to_string(i) + "] is not 16 lower-case hex digits"};
      return false;
    }
    parsed.keys.insert(std::stoull(key, nullptr, 16));
  }
  *baseline = std::move(parsed);
  return true;
}

bool read_baseline(const std::string &path, Baseline *baseline, InputError *error) {
  std::string text;
  if (!read_whole_file(path, &text, error)) return false;
  return parse_baseline(path, text, baseline, error);
}

std::string format_baseline(const Baseline &baseline) {
  std::string out = "{\"interlock_baseline\": 1, \"keys\": [";
  bool first = true;
  for (uint64_t key : baseline.keys) {
    char text[17];
    format_key(key, text);
    out += first ? "\n  \"" : ",\n  \"";
    out += text;
    out += '"';
    first = false;
  }
  out += first ? "]}\n" : "\n]}\n";
  return out;
}

}  // namespace interlock::report
