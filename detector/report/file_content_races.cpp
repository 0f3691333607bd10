// Joining file-event records across processes into races on file contents
// (file_content_races.h).
#include "detector/report/file_content_races.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <tuple>

#include "detector/report/json_emitter.h"
#include "detector/report/json_writer.h"
#include "detector/report/key.h"
#include "detector/report/side_records.h"

namespace interlock::report {

namespace {

constexpr uint64_t kToEnd = ~uint64_t(0);

enum class EventKind { kAccess, kAcquire, kRelease, kReaped, kExit };

struct Event {
  EventKind kind = EventKind::kAccess;
  uint64_t seq = 0, time = 0;
  uint32_t thread = 0;
  uint64_t dev = 0, ino = 0;
  // kAccess: the bytes [start, end); a lock: its range (end kToEnd: to any end).
  uint64_t start = 0, end = 0;
  bool write = false;   // kAccess
  bool shared = false;  // a lock
  std::string family;   // a lock: "flock" or "posix"
  std::string path, call;
  uint64_t stack = 0;
  int64_t child = 0;  // kReaped
};

using VectorClock = std::vector<uint64_t>;

void join(VectorClock *into, const VectorClock &from) {
  for (std::size_t i = 0; i < into->size(); ++i) (*into)[i] = std::max((*into)[i], from[i]);
}

bool overlaps(uint64_t a_start, uint64_t a_end, uint64_t b_start, uint64_t b_end) {
  return a_start < b_end && b_start < a_end;
}

}  // namespace

struct FileContentRaces::Process {
  std::string file;
  int64_t pid = 0;
  std::string command;
  int64_t parent_pid = 0;
  uint64_t parent_seq = 0;
  std::vector<Event> events;
  std::map<uint64_t, std::vector<Frame>> stacks;
  std::deque<std::string> strings;  // what the frames point into
  bool truncated = false;
  uint64_t truncated_at = 0;  // the time of the `truncated` record
  uint64_t started = 0;       // when it began (its runtime's start, or its fork)
  bool exited = false;        // it recorded its normal exit, at exit_time
  uint64_t exit_time = 0;
};

namespace {

using Process = FileContentRaces::Process;

// One event line into `process`; false when it is not one.
bool read_event(const json::Value &value, Process *process) {
  std::string kind;
  if (!value.is_object() || !read_record_string(value, "e", &kind)) return false;
  if (kind == "stack") {
    uint64_t id = 0;
    std::vector<Frame> frames;
    if (!read_record_uint(value, "id", &id) ||
        !read_record_frames(value["frames"], &process->strings, &frames))
      return false;
    process->stacks[id] = std::move(frames);
    return true;
  }
  Event event;
  if (!read_record_uint(value, "seq", &event.seq) || !read_record_uint(value, "t", &event.time))
    return false;
  if (kind == "truncated") {
    process->truncated = true;
    process->truncated_at = event.time;
    return true;
  }
  uint64_t thread = 0;
  if (!read_record_uint(value, "thread", &thread)) return false;
  event.thread = static_cast<uint32_t>(thread);
  if (kind == "access") {
    event.kind = EventKind::kAccess;
    uint64_t size = 0;
    const json::Value *write = value.find("write");
    if (!read_record_uint(value, "dev", &event.dev) ||
        !read_record_uint(value, "ino", &event.ino) ||
        !read_record_uint(value, "offset", &event.start) ||
        !read_record_uint(value, "size", &size) ||
        !read_record_uint(value, "stack", &event.stack) || write == nullptr || !write->is_bool() ||
        !read_record_string(value, "path", &event.path) ||
        !read_record_string(value, "call", &event.call))
      return false;
    event.end = event.start + size;
    event.write = write->as_bool();
  } else if (kind == "acquire" || kind == "release") {
    event.kind = kind == "acquire" ? EventKind::kAcquire : EventKind::kRelease;
    const json::Value *shared = value.find("shared");
    const json::Value *end = value.find("end");
    if (!read_record_uint(value, "dev", &event.dev) ||
        !read_record_uint(value, "ino", &event.ino) ||
        !read_record_uint(value, "start", &event.start) || end == nullptr || shared == nullptr ||
        !shared->is_bool() || !read_record_string(value, "family", &event.family))
      return false;
    if (end->is_null()) {
      event.end = kToEnd;
    } else if (!read_record_uint(value, "end", &event.end)) {
      return false;
    }
    event.shared = shared->as_bool();
  } else if (kind == "exit") {
    event.kind = EventKind::kExit;
    process->exited = true;
    process->exit_time = event.time;
  } else if (kind == "reaped") {
    event.kind = EventKind::kReaped;
    uint64_t child = 0;
    if (!read_record_uint(value, "child", &child)) return false;
    event.child = static_cast<int64_t>(child);
  } else {
    return false;
  }
  process->events.push_back(std::move(event));
  return true;
}

// A lock's identity in one process's holds: device, inode, family, range.
using LockIdentity = std::tuple<uint64_t, uint64_t, std::string, uint64_t, uint64_t>;
LockIdentity lock_identity(const Event &event) {
  return {event.dev, event.ino, event.family, event.start, event.end};
}

// A hold the process never released in its record (it ended holding it, or the kernel dropped
// it behind the runtime's back) ends at its last event: a release is added there.
void close_open_holds(Process *process) {
  if (process->events.empty()) return;
  std::map<LockIdentity, const Event *> open;
  for (const Event &event : process->events) {
    if (event.kind == EventKind::kAcquire) open[lock_identity(event)] = &event;
    if (event.kind == EventKind::kRelease) open.erase(lock_identity(event));
  }
  const Event &last = process->events.back();
  std::vector<Event> releases;
  for (const auto &[identity, acquire] : open) {
    Event release = *acquire;
    release.kind = EventKind::kRelease;
    release.seq = last.seq;
    release.time = last.time;
    releases.push_back(std::move(release));
  }
  for (Event &release : releases) process->events.push_back(std::move(release));
}

// The latest access of one site to one range by one process, so far.
struct Seen {
  std::size_t process = 0;
  const Event *event = nullptr;
  uint64_t epoch = 0;  // the process's own clock at the access
};

}  // namespace

bool is_file_event_name(const std::string &path) { return has_extension(path, ".file-events"); }

FileContentRaces::FileContentRaces() = default;
FileContentRaces::~FileContentRaces() = default;
std::size_t FileContentRaces::processes() const { return processes_.size(); }

bool FileContentRaces::add_text(const std::string &name, const std::string &text,
                                InputError *error) {
  Process process;
  process.file = name;
  bool failed = false;
  const std::size_t lines = for_each_record_line(text, [&](std::size_t line_number,
                                                           const std::optional<json::Value> &value) {
    if (line_number == 1) {
      uint64_t pid = 0;
      const bool ok =
          value && value->is_object() && (*value)["interlock_file_events"].as_int() == 1 &&
          read_record_uint(*value, "pid", &pid) &&
          read_record_string(*value, "command", &process.command) &&
          read_record_uint(*value, "started", &process.started) && value->find("parent") != nullptr;
      uint64_t parent_pid = 0;
      if (!ok || !((*value)["parent"].is_null() ||
                   (read_record_uint((*value)["parent"], "pid", &parent_pid) &&
                    read_record_uint((*value)["parent"], "seq", &process.parent_seq)))) {
        *error = {name, line_number, "not a file-event record header"};
        failed = true;
        return false;
      }
      process.pid = static_cast<int64_t>(pid);
      process.parent_pid = static_cast<int64_t>(parent_pid);
      return true;
    }
    if (!value || !read_event(*value, &process)) {
      *error = {name, line_number, "not a file event"};
      failed = true;
      return false;
    }
    return true;
  });
  if (failed) return false;
  for (const Event &event : process.events)
    if (event.kind == EventKind::kAccess && process.stacks.count(event.stack) == 0) {
      *error = {name, 0, "an access refers to stack " + std::to_string(event.stack) +
                             ", which the record does not hold"};
      return false;
    }
  if (lines == 0) return true;  // nothing whole yet
  close_open_holds(&process);
  processes_.push_back(std::move(process));
  return true;
}

std::vector<std::string> FileContentRaces::notes() const {
  std::vector<std::string> notes;
  for (const Process &process : processes_)
    if (process.truncated)
      notes.push_back("the file-event record of process " + std::to_string(process.pid) +
                      " (" + process.file +
                      ") was cut short at its bound: its later accesses to files are not compared "
                      "with other processes'");
  return notes;
}

std::vector<LoadedFinding> FileContentRaces::races() const {
  std::vector<LoadedFinding> findings;
  const std::size_t n = processes_.size();
  if (n < 2) return findings;

  // The process of a pid as seen at `time`: the latest one of that pid that had begun by then
  // (a directory may hold runs whose pids were reused).
  auto process_of = [&](int64_t pid, uint64_t time) -> long {
    long found = -1;
    uint64_t found_start = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const Process &p = processes_[i];
      if (p.pid != pid) continue;
      const uint64_t start = p.events.empty() ? 0 : p.events.front().time;
      if (start <= time && (found < 0 || start >= found_start)) {
        found = static_cast<long>(i);
        found_start = start;
      }
    }
    return found;
  };

  // Every event, as the clock ordered them (a process's own in its sequence).
  struct Step {
    uint64_t time;
    std::size_t process, index;
  };
  std::vector<Step> steps;
  for (std::size_t p = 0; p < n; ++p)
    for (std::size_t i = 0; i < processes_[p].events.size(); ++i)
      steps.push_back({processes_[p].events[i].time, p, i});
  std::stable_sort(steps.begin(), steps.end(), [](const Step &a, const Step &b) {
    return std::tie(a.time, a.process, a.index) < std::tie(b.time, b.process, b.index);
  });

  // Forks: the child starts from its parent's clock after the parent's event `parent_seq`.
  std::vector<long> parent(n, -1);
  std::map<std::pair<std::size_t, uint64_t>, VectorClock> fork_clocks;  // (parent, seq)
  for (std::size_t p = 0; p < n; ++p) {
    const Process &child = processes_[p];
    if (child.parent_pid <= 0 || child.events.empty()) continue;
    parent[p] = process_of(child.parent_pid, child.events.front().time);
    if (parent[p] >= 0 && parent[p] != static_cast<long>(p) && child.parent_seq > 0)
      fork_clocks[{static_cast<std::size_t>(parent[p]), child.parent_seq}] = VectorClock(n, 0);
  }
  std::vector<VectorClock> clocks(n);
  // The clock a process starts from: its parent's at the fork (a fork before the parent's first
  // event: the parent's own start, and so on up).
  std::function<VectorClock(std::size_t, int)> parent_clock = [&](std::size_t p, int depth) {
    VectorClock clock(n, 0);
    const long up = parent[p];
    if (up < 0 || depth > 64) return clock;
    const Process &child = processes_[p];
    if (child.parent_seq == 0) return parent_clock(static_cast<std::size_t>(up), depth + 1);
    auto it = fork_clocks.find({static_cast<std::size_t>(up), child.parent_seq});
    if (it != fork_clocks.end()) clock = it->second;
    return clock;
  };
  // ... and after every process that exited before it began: whatever started it after that end
  // (a shell running one program after another) waited for it, unseen.
  std::vector<bool> started(n, false);
  auto start_clock = [&](std::size_t p) {
    VectorClock clock = parent_clock(p, 0);
    for (std::size_t a = 0; a < n; ++a)
      if (a != p && started[a] && processes_[a].exited &&
          processes_[a].exit_time < processes_[p].started)
        join(&clock, clocks[a]);
    return clock;
  };

  // Releases so far, per lock identity (joined clocks), split by shared or not.
  struct Released {
    VectorClock exclusive, shared;
    bool any_exclusive = false, any_shared = false;
  };
  std::map<std::tuple<uint64_t, uint64_t, std::string>, std::map<std::pair<uint64_t, uint64_t>, Released>>
      released;

  // The latest access of each (process, stack, range, write) per file; and the pairs reported.
  using SeenKey = std::tuple<std::size_t, uint64_t, uint64_t, uint64_t, bool>;
  std::map<std::pair<uint64_t, uint64_t>, std::map<SeenKey, Seen>> seen;
  std::set<uint64_t> reported_keys;

  for (const Step &step : steps) {
    const Process &process = processes_[step.process];
    const Event &event = process.events[step.index];
    VectorClock &clock = clocks[step.process];
    if (!started[step.process]) {
      clock = start_clock(step.process);
      started[step.process] = true;
    }
    ++clock[step.process];

    switch (event.kind) {
      case EventKind::kAcquire: {
        auto file = released.find({event.dev, event.ino, event.family});
        if (file == released.end()) break;
        for (auto &[range, release] : file->second) {
          if (!overlaps(range.first, range.second, event.start, event.end)) continue;
          if (release.any_exclusive) join(&clock, release.exclusive);
          if (!event.shared && release.any_shared) join(&clock, release.shared);
        }
        break;
      }
      case EventKind::kRelease: {
        Released &release =
            released[{event.dev, event.ino, event.family}][{event.start, event.end}];
        VectorClock &into = event.shared ? release.shared : release.exclusive;
        if (into.empty()) into.assign(n, 0);
        join(&into, clock);
        (event.shared ? release.any_shared : release.any_exclusive) = true;
        break;
      }
      case EventKind::kExit:
        break;
      case EventKind::kReaped: {
        const long child = process_of(event.child, event.time);
        if (child >= 0 && started[static_cast<std::size_t>(child)])
          join(&clock, clocks[static_cast<std::size_t>(child)]);
        break;
      }
      case EventKind::kAccess: {
        auto &accesses = seen[{event.dev, event.ino}];
        for (const auto &[key, earlier] : accesses) {
          if (earlier.process == step.process) continue;
          const Event &other = *earlier.event;
          if (!(other.write || event.write) ||
              !overlaps(other.start, other.end, event.start, event.end))
            continue;
          if (earlier.epoch <= clock[earlier.process]) continue;  // ordered before
          const Process &other_process = processes_[earlier.process];
          if (other_process.truncated && event.time > other_process.truncated_at) continue;

          // A race: this access (first) against the earlier one.
          const Event *sides[2] = {&event, &other};
          const Process *owners[2] = {&process, &other_process};
          Access accesses_model[2];
          ThreadInfo threads[2];
          std::deque<std::string> names;
          for (int s = 0; s < 2; ++s) {
            const Event &e = *sides[s];
            const Process &owner = *owners[s];
            const std::vector<Frame> &frames = owner.stacks.at(e.stack);
            Access &access = accesses_model[s];
            access.thread = static_cast<uint32_t>(s);
            access.type = e.write ? AccessType::kWrite : AccessType::kRead;
            access.size = static_cast<uint32_t>(e.end - e.start);
            access.stack = {frames.data(), frames.size()};
            access.pid = owner.pid;
            access.command = owner.command.c_str();
            access.call = e.call.c_str();
            access.file_offset = e.start;
            names.push_back((e.thread == 0 ? std::string("main") : "T" + std::to_string(e.thread)) +
                            " of process " + std::to_string(owner.pid));
            threads[s].id = static_cast<uint32_t>(s);
            threads[s].name = names.back().c_str();
            threads[s].created_by = -1;
          }
          DataRace race;
          race.accesses[0] = accesses_model[0];
          race.accesses[1] = accesses_model[1];
          race.memory.kind = MemoryKind::kFile;
          race.memory.name = event.path.empty() ? other.path.c_str() : event.path.c_str();
          if (race.memory.name[0] == '\0') race.memory.name = nullptr;
          race.memory.device = event.dev;
          race.memory.inode = event.ino;
          race.memory.offset = std::max(event.start, other.start);
          race.threads = threads;
          race.thread_count = 2;
          Finding finding;
          finding.kind = FindingKind::kDataRace;
          finding.race = &race;
          finding.key = finding_key(finding);
          if (!reported_keys.insert(finding.key).second) continue;  // one per pair of sites
          StringSink text;
          {
            JsonEmitter json(text, /*pretty=*/false);
            RawFileSourceReader sources(libc_file_io());
            write_finding_json(json, finding, &sources);
          }
          std::optional<json::Value> value = json::parse(text.text);
          LoadedFinding loaded;
          std::string problem;
          if (value && read_finding(*value, &loaded, &problem)) findings.push_back(std::move(loaded));
        }
        accesses[{step.process, event.stack, event.start, event.end, event.write}] =
            Seen{step.process, &event, clock[step.process]};
        break;
      }
    }
    // A child forked right after this event starts from here.
    auto fork = fork_clocks.find({step.process, event.seq});
    if (fork != fork_clocks.end()) fork->second = clock;
  }
  return findings;
}

}  // namespace interlock::report
