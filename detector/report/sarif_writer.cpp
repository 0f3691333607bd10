#include "detector/report/sarif_writer.h"

#include <algorithm>
#include <cstdint>

#include "detector/json/json.h"
#include "detector/report/json_writer.h"

namespace interlock::report {

namespace {

constexpr const char *kSchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr const char *kFingerprintName = "interlockKey/v1";

// What a rule says about a kind. Kinds not listed get a generic description, so a kind added
// later still produces valid SARIF before anyone writes its text here.
struct RuleText {
  const char *kind;
  const char *name;
  const char *short_text;
  const char *full_text;
  const char *level;
};

constexpr RuleText kRuleTexts[] = {
    {"data-race", "DataRace", "Data race",
     "Two threads access the same memory, at least one of them writes, and nothing orders the "
     "accesses (no lock, atomic or other synchronization).",
     "error"},
    {"lock-order-cycle", "LockOrderCycle", "Lock-order cycle (potential deadlock)",
     "Threads take the same locks in orders that form a cycle; some schedule deadlocks.",
     "warning"},
    {"deadlock", "Deadlock", "Deadlock (the program hung)",
     "Threads were blocked forever: they waited for each other in a cycle (locks, joins), or "
     "every thread waited with none left to wake it (condition variable, semaphore, barrier). "
     "Interlock ended the program.",
     "error"},
    {"mutex-misuse", "MutexMisuse", "Mutex misuse",
     "A lock was used wrongly (unlocked by another thread, destroyed while held, ...).", "error"},
    {"atomicity-violation", "AtomicityViolation", "Atomicity violation",
     "A read-modify-write was split across two critical sections while another thread wrote in "
     "between.",
     "error"},
};

RuleText rule_text(const std::string &kind) {
  for (const RuleText &text : kRuleTexts) {
    if (kind == text.kind) return text;
  }
  return RuleText{nullptr, nullptr, nullptr, nullptr, "warning"};
}

json::Value text_object(const std::string &text) {
  json::Value object = json::Value::object();
  object.set("text", valid_utf8(text));
  return object;
}

// A location for one frame: physical when the frame has a file, else only a message.
json::Value frame_location(const Frame &frame, const LoadedFinding &finding,
                           const std::string &message) {
  json::Value location = json::Value::object();
  if (frame.file != nullptr) {
    json::Value physical = json::Value::object();
    json::Value artifact = json::Value::object();
    artifact.set("uri", file_uri(frame.file));
    physical.set("artifactLocation", std::move(artifact));
    if (frame.line != 0) {
      json::Value region = json::Value::object();
      region.set("startLine", static_cast<int64_t>(frame.line));
      if (frame.column != 0) region.set("startColumn", static_cast<int64_t>(frame.column));
      const auto &sources = finding.carried_sources();
      const auto it = sources.find(std::make_pair(std::string(frame.file), frame.line));
      if (it != sources.end()) region.set("snippet", text_object(it->second));
      physical.set("region", std::move(region));
    }
    location.set("physicalLocation", std::move(physical));
  }
  if (frame.function != nullptr) {
    json::Value logical = json::Value::object();
    logical.set("fullyQualifiedName", valid_utf8(frame.function));
    logical.set("kind", "function");
    location.set("logicalLocations", json::Array{std::move(logical)});
  }
  if (!message.empty()) location.set("message", text_object(message));
  return location;
}

// Appends a stack's frames in execution order (outermost first), the innermost one essential.
void append_steps(json::Value &locations, const LoadedFinding &finding, const Stack &stack) {
  for (size_t i = stack.count; i-- > 0;) {
    const Frame &frame = stack.frames[i];
    json::Value step = json::Value::object();
    step.set("location",
             frame_location(frame, finding, frame.function != nullptr ? frame.function : "??"));
    step.set("nestingLevel", static_cast<int64_t>(stack.count - 1 - i));
    if (i == 0) step.set("importance", "essential");
    locations.push_back(std::move(step));
  }
}

json::Value thread_flow(const LoadedFinding &finding, const LoadedFinding::ThreadStack &stack) {
  json::Value flow = json::Value::object();
  flow.set("message", text_object(stack.label));
  json::Value locations = json::Value::array();
  append_steps(locations, finding, stack.stack);
  flow.set("locations", std::move(locations));
  return flow;
}

// A cycle's edge as its thread ran it: the held lock's acquisition, then the request.
json::Value edge_flow(const LoadedFinding &finding, const LoadedFinding::ThreadStack &held,
                      const LoadedFinding::ThreadStack &requested) {
  json::Value flow = json::Value::object();
  flow.set("message", text_object(requested.label));
  json::Value locations = json::Value::array();
  append_steps(locations, finding, held.stack);
  append_steps(locations, finding, requested.stack);
  flow.set("locations", std::move(locations));
  return flow;
}

bool is_modelled_cycle(const LoadedFinding &finding) {
  return finding.model() != nullptr && finding.model()->kind == FindingKind::kLockOrderCycle;
}

// Where a finding is shown: a race at the access that found it; a cycle at the request that
// closed it (edge 0's requested_at, the second of the thread stacks).
// Other findings are shown at their first stack that has a frame. SIZE_MAX when none has.
size_t primary_stack(const LoadedFinding &finding) {
  const auto &stacks = finding.thread_stacks();
  const auto usable = [&](size_t s) {
    return s < stacks.size() && stacks[s].stack.count > 0 && stacks[s].stack.frames != nullptr;
  };
  if (is_modelled_cycle(finding) && usable(1)) return 1;
  for (size_t s = 0; s < stacks.size(); ++s) {
    if (usable(s)) return s;
  }
  return SIZE_MAX;
}

json::Value result(const ReportedFinding &reported, int64_t rule_index, bool has_baseline) {
  const LoadedFinding &finding = reported.finding();
  json::Value out = json::Value::object();
  out.set("ruleId", finding.kind());
  out.set("ruleIndex", rule_index);
  out.set("level", rule_text(finding.kind()).level);
  out.set("message", text_object(finding.summary()));

  const auto &stacks = finding.thread_stacks();
  json::Value locations = json::Value::array();
  json::Value related = json::Value::array();
  json::Value flows = json::Value::array();
  const size_t primary = primary_stack(finding);
  if (primary != SIZE_MAX)
    locations.push_back(frame_location(stacks[primary].stack.frames[0], finding,
                                       stacks[primary].label));
  for (size_t s = 0; s < stacks.size(); ++s) {
    const Stack &stack = stacks[s].stack;
    if (s == primary || stack.count == 0 || stack.frames == nullptr) continue;
    json::Value location = frame_location(stack.frames[0], finding, stacks[s].label);
    location.set("id", static_cast<int64_t>(related.size() + 1));
    related.push_back(std::move(location));
  }
  if (is_modelled_cycle(finding)) {
    // One threadFlow per edge: stacks come in (held_at, requested_at) pairs.
    for (size_t s = 0; s + 1 < stacks.size(); s += 2)
      flows.push_back(edge_flow(finding, stacks[s], stacks[s + 1]));
  } else {
    for (size_t s = 0; s < stacks.size(); ++s) {
      if (stacks[s].stack.count > 0 && stacks[s].stack.frames != nullptr)
        flows.push_back(thread_flow(finding, stacks[s]));
    }
  }
  if (locations.size() > 0) out.set("locations", std::move(locations));
  if (related.size() > 0) out.set("relatedLocations", std::move(related));
  if (flows.size() > 0) {
    json::Value code_flow = json::Value::object();
    code_flow.set("threadFlows", std::move(flows));
    out.set("codeFlows", json::Array{std::move(code_flow)});
  }
  json::Value fingerprints = json::Value::object();
  fingerprints.set(kFingerprintName, finding.key_text());
  out.set("partialFingerprints", std::move(fingerprints));
  out.set("occurrenceCount", static_cast<int64_t>(std::max<size_t>(1, reported.merged->occurrences)));
  if (has_baseline) out.set("baselineState", reported.known ? "unchanged" : "new");
  json::Value properties = json::Value::object();
  properties.set("processes", static_cast<int64_t>(reported.merged->processes.size()));
  out.set("properties", std::move(properties));
  return out;
}

json::Value rule(const std::string &kind) {
  const RuleText text = rule_text(kind);
  json::Value out = json::Value::object();
  out.set("id", kind);
  if (text.kind != nullptr) {
    out.set("name", text.name);
    out.set("shortDescription", text_object(text.short_text));
    out.set("fullDescription", text_object(text.full_text));
  } else {
    out.set("shortDescription", text_object("Interlock finding of kind " + kind));
  }
  json::Value configuration = json::Value::object();
  configuration.set("level", text.level);
  out.set("defaultConfiguration", std::move(configuration));
  return out;
}

}  // namespace

std::string file_uri(const std::string &path) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out = !path.empty() && path[0] == '/' ? "file://" : "";
  for (unsigned char c : path) {
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                            c == '~' || c == '/';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

std::string write_sarif(const std::vector<ReportedFinding> &findings, bool has_baseline) {
  std::vector<std::string> kinds;
  for (const ReportedFinding &reported : findings) {
    if (std::find(kinds.begin(), kinds.end(), reported.finding().kind()) == kinds.end())
      kinds.push_back(reported.finding().kind());
  }
  json::Value rules = json::Value::array();
  for (const std::string &kind : kinds) rules.push_back(rule(kind));

  json::Value driver = json::Value::object();
  driver.set("name", "Interlock");
  driver.set("version", tool_version());
  driver.set("semanticVersion", tool_version());
  driver.set("rules", std::move(rules));
  json::Value tool = json::Value::object();
  tool.set("driver", std::move(driver));

  json::Value results = json::Value::array();
  for (const ReportedFinding &reported : findings) {
    const auto index = std::find(kinds.begin(), kinds.end(), reported.finding().kind()) -
                       kinds.begin();
    results.push_back(result(reported, static_cast<int64_t>(index), has_baseline));
  }
  json::Value run = json::Value::object();
  run.set("tool", std::move(tool));
  run.set("results", std::move(results));

  json::Value document = json::Value::object();
  document.set("$schema", kSchemaUri);
  document.set("version", "2.1.0");
  document.set("runs", json::Array{std::move(run)});
  return json::serialize(document, /*pretty=*/true) + "\n";
}

}  // namespace interlock::report
