#include "interlock_report.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <vector>

#include "detector/json/json.h"
#include "detector/report/describe.h"
#include "detector/report/report.h"
#include "detector/report/report_reader.h"
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

// The report's structure is the shared reader's to check (schemas/interlock-report.schema.json);
// what is checked here is what a real run must also give: frames that name their function and
// file, and stacks that reach into the program.

// Checks that every frame of `stack` names its function and file; a frame without debug info
// (libc's start_thread) may have no file, as docs/report-format.md allows. Returns false when
// the stack is empty.
bool check_stack(const report::Stack &stack, const std::string &where,
                 std::vector<std::string> *problems) {
  if (stack.count == 0) {
    problems->push_back(where + " is empty");
    return false;
  }
  for (size_t i = 0; i < stack.count; ++i) {
    const report::Frame &frame = stack.frames[i];
    const std::string frame_where = where + "[" + std::to_string(i) + "]";
    if (frame.function == nullptr || frame.function[0] == '\0')
      problems->push_back(frame_where + ".function is empty");
    if (frame.file != nullptr && frame.file[0] == '\0')
      problems->push_back(frame_where + ".file is empty (not null)");
  }
  return true;
}

// The line of the innermost frame of `stack` that lies in the program file, or 0 (with a
// problem) when there is none. A lock call made through an inlined library wrapper
// (std::mutex::lock, std::lock_guard) or a std::string append has the library's header frames
// innermost; the program's line is the first frame outside them.
int program_line_of(const report::Stack &stack, const std::string &where,
                    const std::string &program_path, std::vector<std::string> *problems) {
  if (!check_stack(stack, where, problems)) return 0;
  for (size_t i = 0; i < stack.count; ++i) {
    const report::Frame &frame = stack.frames[i];
    if (frame.file != nullptr && frame.line > 0 && same_file(frame.file, program_path))
      return static_cast<int>(frame.line);
  }
  problems->push_back(where + " has no frame in the program file");
  return 0;
}

// A race: both sides' lines in the program; the pattern is the two access types.
void read_race(const report::DataRace &race, const std::string &where,
               const std::string &program_path, ObservedFinding *observed,
               std::vector<std::string> *problems) {
  std::vector<std::string> types;
  for (size_t i = 0; i < 2; ++i) {
    const std::string access_where = where + ".accesses[" + std::to_string(i) + "].stack";
    observed->lines.push_back(
        program_line_of(race.accesses[i].stack, access_where, program_path, problems));
    types.push_back(report::access_type_name(race.accesses[i].type));
  }
  std::sort(observed->lines.begin(), observed->lines.end());
  std::sort(types.begin(), types.end());
  observed->access_pattern = types[0] + "+" + types[1];
  // A predicted race is a kind of its own for expectations (EXPECT: predicted-race); its
  // unlock reaches into the program too.
  if (race.prediction != nullptr) {
    observed->kind = "predicted-race";
    program_line_of(race.prediction->released_at, where + ".prediction.released_at", program_path,
                    problems);
  }
}

// An atomicity violation: its three accesses' lines (the read, the other thread's write, the
// dependent write); the pattern is their types in that order.
void read_atomicity(const report::AtomicityViolation &violation, const std::string &where,
                    const std::string &program_path, ObservedFinding *observed,
                    std::vector<std::string> *problems) {
  const report::Access *accesses[3] = {&violation.read, &violation.interleaved, &violation.write};
  for (size_t i = 0; i < 3; ++i) {
    observed->lines.push_back(program_line_of(
        accesses[i]->stack, where + ".accesses[" + std::to_string(i) + "].stack", program_path,
        problems));
    observed->access_pattern += (i == 0 ? "" : ",") +
                                std::string(report::access_type_name(accesses[i]->type));
  }
  std::sort(observed->lines.begin(), observed->lines.end());
  // A predicted one is a kind of its own for expectations (EXPECT: predicted-atomicity-violation).
  if (!violation.observed) observed->kind = "predicted-atomicity-violation";
}

// A lock-order cycle: every edge's stacks reach into the program (the lines are the requests'),
// the conditions that make it a reported cycle hold, and a cycle one thread made (reported
// unless detect_single_thread_cycles=0) says that a second thread running its code is needed.
void read_cycle(const report::LockOrderCycle &cycle, const json::Value &finding,
                const std::string &where, const std::string &program_path,
                ObservedFinding *observed, std::vector<std::string> *problems) {
  std::set<uint32_t> threads;
  for (size_t i = 0; i < cycle.edge_count; ++i) {
    const report::LockOrderEdge &edge = cycle.edges[i];
    const std::string edge_where = where + ".edges[" + std::to_string(i) + "]";
    threads.insert(edge.thread);
    program_line_of(edge.held_at, edge_where + ".held_at", program_path, problems);
    observed->lines.push_back(
        program_line_of(edge.requested_at, edge_where + ".requested_at", program_path, problems));
  }
  const json::Value &coffman = finding["coffman"];
  if (threads.size() < 2) {
    const std::string &evidence = coffman["circular_wait"]["evidence"].as_string();
    if (evidence.find("alone took these locks in every order") == std::string::npos ||
        evidence.find("needs a second thread running the same code") == std::string::npos)
      problems->push_back(where + " has all its edges in one thread but its circular-wait "
                                  "evidence does not say that one thread took every order");
  }
  // No preemption may fail (a lock released by a non-holder); the other three are why the
  // cycle is reported.
  for (const char *condition : {"mutual_exclusion", "hold_and_wait", "circular_wait"}) {
    if (!coffman[condition]["holds"].as_bool())
      problems->push_back(where + ".coffman." + condition + ".holds is false in a reported cycle");
    if (coffman[condition]["evidence"].as_string().empty())
      problems->push_back(where + ".coffman." + condition + ".evidence is empty");
  }
  std::sort(observed->lines.begin(), observed->lines.end());
}

// A mutex misuse: its stack reaches into the program (its line is the finding's line), and so do
// where the owner locked the mutex and, for a double unlock, the earlier unlock.
void read_misuse(const report::MutexMisuse &misuse, const std::string &where,
                 const std::string &program_path, ObservedFinding *observed,
                 std::vector<std::string> *problems) {
  observed->access_pattern = report::mutex_misuse_kind_name(misuse.what);
  observed->lines = {program_line_of(misuse.stack, where + ".stack", program_path, problems)};
  if (misuse.owner >= 0)
    program_line_of(misuse.locked_at, where + ".locked_at", program_path, problems);
  if (misuse.what == report::MutexMisuseKind::kDoubleUnlock)
    program_line_of(misuse.last_unlocked_at, where + ".last_unlocked_at", program_path, problems);
}

// A real deadlock: each blocked thread's stack reaches into the program (its line is one of the
// finding's lines) and, for a lock whose holder is known, so does where the holder locked it.
// The access pattern records the shape ("cycle:lock+lock").
void read_deadlock(const report::Deadlock &deadlock, const std::string &where,
                   const std::string &program_path, ObservedFinding *observed,
                   std::vector<std::string> *problems) {
  std::vector<std::string> waits;
  for (size_t i = 0; i < deadlock.blocked_count; ++i) {
    const report::BlockedThread &blocked = deadlock.blocked[i];
    const std::string thread_where = where + ".blocked[" + std::to_string(i) + "]";
    waits.push_back(report::wait_kind_name(blocked.what));
    observed->lines.push_back(
        program_line_of(blocked.stack, thread_where + ".stack", program_path, problems));
    if (report::is_lock_wait(blocked.what) && blocked.waits_for >= 0)
      program_line_of(blocked.holder_locked_at, thread_where + ".holder_locked_at",
                      program_path, problems);
  }
  std::sort(observed->lines.begin(), observed->lines.end());
  std::sort(waits.begin(), waits.end());
  observed->access_pattern = deadlock.is_cycle ? "cycle:" : "hang:";
  for (size_t i = 0; i < waits.size(); ++i)
    observed->access_pattern += (i == 0 ? "" : "+") + waits[i];
}

ObservedFinding read_finding(const report::LoadedFinding &loaded, const std::string &where,
                             const std::string &program_path, std::vector<std::string> *problems) {
  ObservedFinding observed;
  observed.kind = loaded.kind();
  observed.summary = loaded.summary();
  if (observed.summary.empty()) problems->push_back(where + ".summary is empty");
  const report::Finding *model = loaded.model();
  if (model == nullptr) return observed;  // a kind the reader passes through: nothing to check
  switch (model->kind) {
    case report::FindingKind::kDataRace:
      read_race(*model->race, where, program_path, &observed, problems);
      break;
    case report::FindingKind::kLockOrderCycle:
      read_cycle(*model->cycle, loaded.json(), where, program_path, &observed, problems);
      break;
    case report::FindingKind::kMutexMisuse:
      read_misuse(*model->misuse, where, program_path, &observed, problems);
      break;
    case report::FindingKind::kDeadlock:
      read_deadlock(*model->deadlock, where, program_path, &observed, problems);
      break;
    case report::FindingKind::kAtomicityViolation:
      read_atomicity(*model->atomicity, where, program_path, &observed, problems);
      break;
    default:
      break;
  }
  return observed;
}

}  // namespace

Observation observe_interlock_report(const std::string &report_dir, int program_pid,
                                     const std::string &program_path) {
  Observation observation;
  observation.tool = "interlock";
  std::vector<std::string> report_files;
  std::error_code error;
  // File-lock order records (interlock.*.file-locks) and file-event records
  // (interlock.*.file-events) sit beside the report; they are checked by
  // tests/e2e/process/check_file_locks.py and check_file_contents.py.
  for (const auto &entry : std::filesystem::directory_iterator(report_dir, error)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 11 && name.compare(name.size() - 11, 11, ".file-locks") == 0) continue;
    if (name.size() > 12 && name.compare(name.size() - 12, 12, ".file-events") == 0) continue;
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

  // The shared reader (what `interlock report` reads with) checks the report's structure.
  const std::string path = report_dir + "/" + *ours;
  const std::string text = read_file(path);
  report::ReportSet reports;
  report::InputError input_error;
  if (!reports.add_text(path, text, &input_error)) {
    observation.problems.push_back(input_error.to_line());
    return observation;
  }
  const std::optional<json::Value> document = json::parse(text);
  if (!document || (*document)["process"]["pid"].as_int() != program_pid)
    observation.problems.push_back("process.pid is not the program's pid " +
                                   std::to_string(program_pid));
  // Findings come back merged by key, in the order of the file: a key seen twice is a finding
  // the runtime reported twice.
  for (size_t i = 0; i < reports.findings().size(); ++i) {
    const report::MergedFinding &merged = reports.findings()[i];
    const std::string where = "finding " + merged.finding.key_text();
    observation.findings.push_back(
        read_finding(merged.finding, where, program_path, &observation.problems));
    if (merged.occurrences > 1)
      observation.problems.push_back(where + " is reported " +
                                     std::to_string(merged.occurrences) + " times");
  }
  return observation;
}

}  // namespace interlock::e2e
