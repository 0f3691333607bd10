#include "interlock_report.h"

#include <algorithm>
#include <cstdint>
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

// interlock.<pid>.<16 hex digits>.json: a report of this pid, named as runtime/report.cpp does
// without a run_id.
bool is_report_of(const std::string &name, int pid) {
  const std::string prefix = "interlock." + std::to_string(pid) + ".", suffix = ".json";
  if (name.size() != prefix.size() + 16 + suffix.size()) return false;
  if (name.compare(0, prefix.size(), prefix) != 0) return false;
  if (name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) return false;
  return is_key(name.substr(prefix.size(), 16));
}

bool is_access_type(const std::string &type) {
  return type == "read" || type == "write" || type == "atomic-read" || type == "atomic-write" ||
         type == "free";
}

// Checks that every frame of `stack` names its function, file and line; adds a problem for each
// that does not. With `file_may_be_unknown`, a frame without debug info (libc's start_thread) may
// have a null file and line 0, as docs/report-format.md allows. Returns false when the stack is
// missing or empty.
bool check_stack(const json::Value &stack, const std::string &where,
                 std::vector<std::string> *problems, bool file_may_be_unknown = false) {
  if (!stack.is_array() || stack.size() == 0) {
    problems->push_back(where + " is missing or empty");
    return false;
  }
  for (size_t i = 0; i < stack.size(); ++i) {
    const json::Value &frame = stack.at(i);
    const std::string frame_where = where + "[" + std::to_string(i) + "]";
    if (!frame["function"].is_string() || frame["function"].as_string().empty())
      problems->push_back(frame_where + ".function is missing or empty");
    const bool unknown_file_allowed = file_may_be_unknown && frame["file"].is_null() &&
                                      frame.contains("file");
    if (!unknown_file_allowed && (!frame["file"].is_string() || frame["file"].as_string().empty()))
      problems->push_back(frame_where + ".file is missing or empty");
    if (!frame["line"].is_int() || frame["line"].as_int() < 0)
      problems->push_back(frame_where + ".line is missing or negative");
  }
  return true;
}

int program_line_of(const json::Value &stack, const std::string &where,
                    const std::string &program_path, std::vector<std::string> *problems);

// A race's side: its type, and the line of its innermost frame in the program (a std::string
// append or a vector growth inlined from a library header has header frames first, as the key's
// user frame skips them).
int check_access(const json::Value &access, const std::string &where,
                 const std::string &program_path, std::vector<std::string> *problems) {
  if (!is_access_type(access["type"].as_string()))
    problems->push_back(where + ".type is '" + access["type"].as_string() + "'");
  return program_line_of(access["stack"], where + ".stack", program_path, problems);
}

// The line of the innermost frame of `stack` that lies in the program file, or 0 (with a
// problem) when there is none. A lock call made through an inlined library wrapper
// (std::mutex::lock, std::lock_guard) has the wrapper's header frames innermost; the program's
// line is the first frame outside them.
int program_line_of(const json::Value &stack, const std::string &where,
                    const std::string &program_path, std::vector<std::string> *problems) {
  if (!check_stack(stack, where, problems, /*file_may_be_unknown=*/true)) return 0;
  for (size_t i = 0; i < stack.size(); ++i) {
    const json::Value &frame = stack.at(i);
    if (same_file(frame["file"].as_string(), program_path) && frame["line"].as_int() > 0)
      return static_cast<int>(frame["line"].as_int());
  }
  problems->push_back(where + " has no frame in the program file");
  return 0;
}

// Index `value` into an array of `count`, or -1 (with a problem) when it is not a valid one.
int64_t check_index(const json::Value &value, size_t count, const std::string &where,
                    std::vector<std::string> *problems) {
  if (!value.is_int() || value.as_int() < 0 || static_cast<uint64_t>(value.as_int()) >= count) {
    problems->push_back(where + " is not an index below " + std::to_string(count));
    return -1;
  }
  return value.as_int();
}

// A lock-order cycle (docs/report-format.md): n locks and n edges, edge i holding locks[holds]
// and requesting locks[requests], each edge's request being the next edge's held lock (the last
// returns to the first), every edge with both stacks reaching into the program, at least two
// threads (single-thread cycles are filtered), the four Coffman conditions, and a suggested order
// naming a valid edge to change. `lines` are the edges' requested_at lines in the program.
void read_cycle(const json::Value &finding, const std::string &where,
                const std::string &program_path, ObservedFinding *observed,
                std::vector<std::string> *problems) {
  const json::Value &locks = finding["locks"];
  const json::Value &edges = finding["edges"];
  if (!locks.is_array() || locks.size() < 2)
    problems->push_back(where + ".locks is not an array of two or more");
  if (!edges.is_array() || edges.size() < 2) {
    problems->push_back(where + ".edges is not an array of two or more");
    return;
  }
  const size_t lock_count = locks.is_array() ? locks.size() : 0;
  if (lock_count != edges.size())
    problems->push_back(where + " has " + std::to_string(edges.size()) + " edges but " +
                        std::to_string(lock_count) + " locks (a simple cycle has as many)");
  std::vector<int64_t> holds, requests;
  std::set<int64_t> threads;
  for (size_t i = 0; i < edges.size(); ++i) {
    const json::Value &edge = edges.at(i);
    const std::string edge_where = where + ".edges[" + std::to_string(i) + "]";
    if (!edge["thread"].is_int() || edge["thread"].as_int() < 0)
      problems->push_back(edge_where + ".thread is missing or negative");
    threads.insert(edge["thread"].as_int());
    holds.push_back(check_index(edge["holds"], lock_count, edge_where + ".holds", problems));
    requests.push_back(
        check_index(edge["requests"], lock_count, edge_where + ".requests", problems));
    program_line_of(edge["held_at"], edge_where + ".held_at", program_path, problems);
    observed->lines.push_back(
        program_line_of(edge["requested_at"], edge_where + ".requested_at", program_path,
                        problems));
  }
  for (size_t i = 0; i < edges.size(); ++i) {
    const size_t next = (i + 1) % edges.size();
    if (requests[i] != holds[next])
      problems->push_back(where + ".edges[" + std::to_string(i) + "].requests is not edges[" +
                          std::to_string(next) + "].holds: the edges do not form a cycle");
  }
  // A cycle one thread made (reported unless detect_single_thread_cycles=0) must say so: the
  // circular wait needs a second thread running that thread's code.
  if (threads.size() < 2) {
    const std::string evidence = finding["coffman"]["circular_wait"]["evidence"].as_string();
    if (evidence.find("alone took these locks in every order") == std::string::npos ||
        evidence.find("needs a second thread running the same code") == std::string::npos)
      problems->push_back(where + " has all its edges in one thread but its circular-wait "
                                  "evidence does not say that one thread took every order");
  }

  // Mutual exclusion, hold and wait and circular wait hold for every reported cycle (they are why
  // it is reported); no preemption may fail (a lock released by a non-holder), so only its shape
  // is checked.
  const json::Value &coffman = finding["coffman"];
  if (!coffman.is_object()) {
    problems->push_back(where + ".coffman is missing or not an object");
  } else {
    for (const char *condition :
         {"mutual_exclusion", "hold_and_wait", "no_preemption", "circular_wait"}) {
      const json::Value &evidence = coffman[condition];
      const std::string condition_where = where + ".coffman." + condition;
      if (!evidence.is_object()) {
        problems->push_back(condition_where + " is missing or not an object");
        continue;
      }
      if (!evidence["holds"].is_bool())
        problems->push_back(condition_where + ".holds is missing or not a boolean");
      else if (!evidence["holds"].as_bool() && std::string(condition) != "no_preemption")
        problems->push_back(condition_where + ".holds is false in a reported cycle");
      if (!evidence["evidence"].is_string() || evidence["evidence"].as_string().empty())
        problems->push_back(condition_where + ".evidence is missing or empty");
    }
  }
  // The suggested order lists every lock once and names a valid edge to change.
  const json::Value &suggestion = finding["suggested_order"];
  if (!suggestion.is_object()) {
    problems->push_back(where + ".suggested_order is missing or not an object");
  } else {
    check_index(suggestion["change_edge"], edges.size(), where + ".suggested_order.change_edge",
                problems);
    const json::Value &order = suggestion["locks"];
    std::set<int64_t> ordered;
    for (size_t i = 0; order.is_array() && i < order.size(); ++i)
      ordered.insert(check_index(order.at(i), lock_count,
                                 where + ".suggested_order.locks[" + std::to_string(i) + "]",
                                 problems));
    if (!order.is_array() || order.size() != lock_count || ordered.size() != lock_count)
      problems->push_back(where + ".suggested_order.locks does not list each lock once");
  }
  std::sort(observed->lines.begin(), observed->lines.end());
}

// A mutex misuse (docs/report-format.md): a known `what`, a mutex with an address, a stack that
// reaches into the program file (its line is the finding's line), an owner (with where it locked
// the mutex) for a destroy-locked misuse, and the earlier unlock for a double unlock.
void read_misuse(const json::Value &finding, const std::string &where,
                 const std::string &program_path, ObservedFinding *observed,
                 std::vector<std::string> *problems) {
  const std::string &what = finding["what"].as_string();
  if (what != "unlock-not-held" && what != "double-unlock" && what != "destroy-locked")
    problems->push_back(where + ".what is '" + what + "'");
  observed->access_pattern = what;
  if (!finding["mutex"]["address"].is_string())
    problems->push_back(where + ".mutex.address is missing");
  observed->lines = {program_line_of(finding["stack"], where + ".stack", program_path, problems)};
  const json::Value &owner = finding["owner"];
  if (!owner.is_int() || owner.as_int() < -1) {
    problems->push_back(where + ".owner is not a thread id or -1");
  } else if (owner.as_int() >= 0) {
    program_line_of(finding["locked_at"], where + ".locked_at", program_path, problems);
  } else if (what == "destroy-locked") {
    problems->push_back(where + ".owner is -1 in a destroy-locked misuse");
  }
  if (what == "double-unlock")
    program_line_of(finding["last_unlocked_at"], where + ".last_unlocked_at", program_path,
                    problems);
}

bool is_lock_wait(const std::string &what) { return what == "lock" || what == "read-lock"; }

// A real deadlock (docs/report-format.md): one or more blocked threads, each once, each with a
// known wait, the object waited on (null for a join, else with an address), a waits_for that fits
// the wait (a join names its thread; a condition variable, semaphore, barrier or futex none; a
// static initialization its initializer when known), a stack reaching into the program file
// (its line is one of the finding's lines) and, for a lock whose holder is known, where the
// holder locked it, also in the program; in a cycle each thread waits
// for the next, the last for the first. The access pattern records the shape ("cycle:lock+lock").
void read_deadlock(const json::Value &finding, const std::string &where,
                   const std::string &program_path, ObservedFinding *observed,
                   std::vector<std::string> *problems) {
  const json::Value &cycle = finding["cycle"];
  if (!cycle.is_bool()) problems->push_back(where + ".cycle is missing or not a boolean");
  if (!finding["blocked_ms"].is_int() || finding["blocked_ms"].as_int() < 0)
    problems->push_back(where + ".blocked_ms is missing or negative");
  if (!finding["threads"].is_array()) problems->push_back(where + ".threads is not an array");
  const json::Value &blocked = finding["blocked"];
  if (!blocked.is_array() || blocked.size() == 0) {
    problems->push_back(where + ".blocked is not an array of one or more");
    return;
  }
  std::vector<int64_t> threads, waits_for;
  std::vector<std::string> waits;
  for (size_t i = 0; i < blocked.size(); ++i) {
    const json::Value &thread = blocked.at(i);
    const std::string thread_where = where + ".blocked[" + std::to_string(i) + "]";
    if (!thread["thread"].is_int() || thread["thread"].as_int() < 0)
      problems->push_back(thread_where + ".thread is missing or negative");
    if (std::find(threads.begin(), threads.end(), thread["thread"].as_int()) != threads.end())
      problems->push_back(thread_where + ".thread repeats an earlier blocked thread");
    threads.push_back(thread["thread"].as_int());
    const std::string &what = thread["what"].as_string();
    waits.push_back(what);
    const bool join = what == "join";
    const bool static_init = what == "static-initialization";
    const bool file_lock = what == "file-lock";  // its holder may be a thread of the process
    if (!is_lock_wait(what) && !join && !static_init && !file_lock && what != "condition-variable" &&
        what != "semaphore" && what != "barrier" && what != "futex")
      problems->push_back(thread_where + ".what is '" + what + "'");
    const json::Value &object = thread["object"];
    if (join ? !object.is_null() : !object["address"].is_string())
      problems->push_back(thread_where + (join ? ".object is not null in a join"
                                               : ".object.address is missing"));
    const json::Value &waited = thread["waits_for"];
    if (!waited.is_int() || waited.as_int() < -1) {
      problems->push_back(thread_where + ".waits_for is not a thread id or -1");
    } else if (join && waited.as_int() < 0) {
      problems->push_back(thread_where + ".waits_for is -1 in a join");
    } else if (!join && !static_init && !file_lock && !is_lock_wait(what) && waited.as_int() >= 0) {
      problems->push_back(thread_where + ".waits_for names a thread in a " + what + " wait");
    }
    waits_for.push_back(waited.as_int());
    observed->lines.push_back(
        program_line_of(thread["stack"], thread_where + ".stack", program_path, problems));
    if (is_lock_wait(what) && waited.is_int() && waited.as_int() >= 0)
      program_line_of(thread["holder_locked_at"], thread_where + ".holder_locked_at",
                      program_path, problems);
    if (!thread["locks_held"].is_array())
      problems->push_back(thread_where + ".locks_held is not an array");
  }
  if (cycle.is_bool() && cycle.as_bool()) {
    for (size_t i = 0; i < blocked.size(); ++i) {
      const size_t next = (i + 1) % blocked.size();
      if (waits_for[i] != threads[next])
        problems->push_back(where + ".blocked[" + std::to_string(i) +
                            "].waits_for is not blocked[" + std::to_string(next) +
                            "].thread: the threads do not form a cycle");
    }
  }
  std::sort(observed->lines.begin(), observed->lines.end());
  std::sort(waits.begin(), waits.end());
  observed->access_pattern = cycle.as_bool() ? "cycle:" : "hang:";
  for (size_t i = 0; i < waits.size(); ++i)
    observed->access_pattern += (i == 0 ? "" : "+") + waits[i];
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
  if (observed.kind == "lock-order-cycle") {
    read_cycle(finding, where, program_path, &observed, problems);
    return observed;
  }
  if (observed.kind == "mutex-misuse") {
    read_misuse(finding, where, program_path, &observed, problems);
    return observed;
  }
  if (observed.kind == "deadlock") {
    read_deadlock(finding, where, program_path, &observed, problems);
    return observed;
  }
  if (observed.kind == "atomicity-violation") {
    // Three accesses: the read, the other thread's write, the dependent write.
    const json::Value &accesses = finding["accesses"];
    if (!accesses.is_array() || accesses.size() != 3) {
      problems->push_back(where + ".accesses is not an array of three");
      return observed;
    }
    for (size_t i = 0; i < 3; ++i)
      observed.lines.push_back(check_access(
          accesses.at(i), where + ".accesses[" + std::to_string(i) + "]", program_path, problems));
    std::sort(observed.lines.begin(), observed.lines.end());
    observed.access_pattern = accesses.at(0)["type"].as_string() + "," +
                              accesses.at(1)["type"].as_string() + "," +
                              accesses.at(2)["type"].as_string();
    return observed;
  }
  if (observed.kind != "data-race") return observed;
  // A predicted race is a kind of its own for expectations (EXPECT: predicted-race).
  if (finding.contains("predicted") && finding["predicted"].is_bool() &&
      finding["predicted"].as_bool())
    observed.kind = "predicted-race";

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
  observed.lines = lines;
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
  // File-lock order records (interlock.*.file-locks) sit beside the report; they are checked
  // by tests/e2e/process/check_file_locks.py.
  for (const auto &entry : std::filesystem::directory_iterator(report_dir, error)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 11 && name.compare(name.size() - 11, 11, ".file-locks") == 0) continue;
    report_files.push_back(name);
  }
  const auto ours =
      std::find_if(report_files.begin(), report_files.end(),
                   [&](const std::string &name) { return is_report_of(name, program_pid); });
  if (report_files.size() != 1 || ours == report_files.end()) {
    std::string listing;
    for (const std::string &name : report_files) listing += " " + name;
    observation.problems.push_back("expected exactly one report interlock." +
                                   std::to_string(program_pid) + ".<16 hex digits>.json in " +
                                   report_dir + "; the directory holds:" +
                                   (listing.empty() ? std::string(" nothing") : listing));
    if (ours == report_files.end()) return observation;
  }

  const std::string path = report_dir + "/" + *ours;
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
