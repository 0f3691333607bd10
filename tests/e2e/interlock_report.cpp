#include "interlock_report.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <vector>

#include "detector/json/json.h"
#include "same_file.h"
#include "subprocess.h"

namespace interlock::e2e {
namespace {

bool is_key(const std::string &key) {
  return key.size() == 16 && std::all_of(key.begin(), key.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

bool is_access_type(const std::string &type) {
  return type == "read" || type == "write" || type == "atomic-read" || type == "atomic-write";
}

// Checks one access; returns its innermost line (0 when unusable) and adds problems.
int check_access(const json::Value &access, const std::string &where,
                 const std::string &program_path, std::vector<std::string> *problems) {
  if (!is_access_type(access["type"].as_string()))
    problems->push_back(where + ".type is '" + access["type"].as_string() + "'");
  const json::Value &stack = access["stack"];
  if (!stack.is_array() || stack.size() == 0) {
    problems->push_back(where + ".stack is missing or empty");
    return 0;
  }
  for (size_t i = 0; i < stack.size(); ++i) {
    const json::Value &frame = stack.at(i);
    const std::string frame_where = where + ".stack[" + std::to_string(i) + "]";
    if (!frame["function"].is_string() || frame["function"].as_string().empty())
      problems->push_back(frame_where + ".function is missing or empty");
    if (!frame["file"].is_string() || frame["file"].as_string().empty())
      problems->push_back(frame_where + ".file is missing or empty");
    if (!frame["line"].is_int() || frame["line"].as_int() < 0)
      problems->push_back(frame_where + ".line is missing or negative");
  }
  const json::Value &innermost = stack.at(0);
  if (!same_file(innermost["file"].as_string(), program_path))
    problems->push_back(where + ".stack[0].file is '" + innermost["file"].as_string() +
                        "', not the program file");
  if (innermost["line"].as_int() <= 0) problems->push_back(where + ".stack[0].line is not > 0");
  return static_cast<int>(innermost["line"].as_int());
}

ObservedFinding read_finding(const json::Value &finding, const std::string &where,
                             const std::string &program_path, std::vector<std::string> *problems) {
  ObservedFinding observed;
  observed.kind = finding["kind"].as_string();
  observed.summary = finding["summary"].as_string();
  if (observed.kind.empty()) problems->push_back(where + ".kind is missing");
  if (observed.summary.empty()) problems->push_back(where + ".summary is missing or empty");
  if (!is_key(finding["key"].as_string()))
    problems->push_back(where + ".key '" + finding["key"].as_string() +
                        "' is not 16 lowercase hex digits");
  if (observed.kind != "data-race") return observed;

  const json::Value &accesses = finding["accesses"];
  if (!accesses.is_array() || accesses.size() != 2) {
    problems->push_back(where + ".accesses is not an array of two");
    return observed;
  }
  std::vector<int> lines;
  std::vector<std::string> types;
  for (size_t i = 0; i < 2; ++i) {
    const std::string access_where = where + ".accesses[" + std::to_string(i) + "]";
    lines.push_back(check_access(accesses.at(i), access_where, program_path, problems));
    types.push_back(accesses.at(i)["type"].as_string());
  }
  std::sort(lines.begin(), lines.end());
  std::sort(types.begin(), types.end());
  observed.lines = {lines[0], lines[1]};
  observed.access_pattern = types[0] + "+" + types[1];
  return observed;
}

}  // namespace

Observation observe_interlock_report(const std::string &report_dir, int program_pid,
                                     const std::string &program_path) {
  Observation observation;
  observation.tool = "interlock";
  std::vector<std::string> report_files;
  std::error_code error;
  for (const auto &entry : std::filesystem::directory_iterator(report_dir, error))
    report_files.push_back(entry.path().filename().string());
  const std::string expected_name = "interlock." + std::to_string(program_pid) + ".json";
  if (report_files.size() != 1 || report_files[0] != expected_name) {
    std::string listing;
    for (const std::string &name : report_files) listing += " " + name;
    observation.problems.push_back("expected exactly " + report_dir + "/" + expected_name +
                                   "; the directory holds:" +
                                   (listing.empty() ? std::string(" nothing") : listing));
    if (std::find(report_files.begin(), report_files.end(), expected_name) == report_files.end())
      return observation;
  }

  const std::string path = report_dir + "/" + expected_name;
  json::ParseError parse_error;
  const std::optional<json::Value> document = json::parse(read_file(path), &parse_error);
  if (!document) {
    observation.problems.push_back(path + ":" + std::to_string(parse_error.line) + ":" +
                                   std::to_string(parse_error.column) + ": invalid JSON: " +
                                   parse_error.message);
    return observation;
  }
  const json::Value &report = *document;
  if (report["schema_version"].as_int() != 1 || !report["schema_version"].is_int())
    observation.problems.push_back("schema_version is not 1");
  if (report["process"]["pid"].as_int() != program_pid)
    observation.problems.push_back("process.pid is not the program's pid " +
                                   std::to_string(program_pid));
  const json::Value &findings = report["findings"];
  if (!findings.is_array()) {
    observation.problems.push_back("findings is not an array");
    return observation;
  }
  std::set<std::string> keys;
  for (size_t i = 0; i < findings.size(); ++i) {
    const std::string where = "findings[" + std::to_string(i) + "]";
    observation.findings.push_back(
        read_finding(findings.at(i), where, program_path, &observation.problems));
    const std::string &key = findings.at(i)["key"].as_string();
    if (!keys.insert(key).second)
      observation.problems.push_back(where + ".key " + key + " repeats an earlier finding's key");
  }
  return observation;
}

}  // namespace interlock::e2e
