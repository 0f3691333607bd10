#include "detector/report/report_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

#include "detector/report/describe.h"
#include "detector/report/sink.h"

namespace interlock::report {

struct LoadedFinding::Storage {
  std::string kind;
  std::string key_text;
  uint64_t key = 0;
  std::string summary;
  json::Value json;

  bool has_model = false;
  Finding finding;
  DataRace race;
  RacePrediction prediction;
  AtomicityViolation atomicity;
  Frame suspended_at;  // an atomicity violation's co_await, when it has one
  LockOrderCycle cycle;
  MutexMisuse misuse;
  Deadlock deadlock;
  std::vector<BlockedThread> blocked;
  std::vector<ThreadInfo> blocked_threads;  // a deadlock's blocked threads, for `thread:` rules
  std::vector<LockInfo> locks;
  std::vector<LockOrderEdge> edges;
  std::vector<size_t> order;

  // Everything the model points into. Deques never move their elements when they grow.
  std::deque<std::string> strings;
  std::deque<std::vector<Frame>> frame_lists;
  std::deque<std::vector<HeldLock>> lock_lists;
  std::deque<std::vector<ProcessWait>> process_lists;
  std::vector<ThreadInfo> threads;

  std::vector<Stack> subject_stacks;
  std::vector<const char *> object_names;
  SuppressionSubject subject;
  std::vector<ThreadStack> thread_stacks;
  std::map<std::pair<std::string, uint32_t>, std::string> sources;

  const char *keep(const std::string &text) {
    strings.push_back(text);
    return strings.back().c_str();
  }
};

namespace {

// Reads members of one finding, remembering the first problem with its JSON path.
class FindingParser {
 public:
  explicit FindingParser(LoadedFinding::Storage &storage) : storage_(storage) {}

  bool failed() const { return !problem_.empty(); }
  const std::string &problem() const { return problem_; }

  void fail(const std::string &where, const std::string &what) {
    if (problem_.empty()) problem_ = where + " " + what;
  }

  uint64_t unsigned_member(const json::Value &object, const char *name, const std::string &where,
                           uint64_t max) {
    const json::Value &value = object[name];
    if (!value.is_int() || value.as_int() < 0 || static_cast<uint64_t>(value.as_int()) > max) {
      fail(where + "." + name, "is not an integer in 0.." + std::to_string(max));
      return 0;
    }
    return static_cast<uint64_t>(value.as_int());
  }

  // "0x1a2b" as the writer prints addresses.
  uint64_t address_member(const json::Value &object, const char *name, const std::string &where) {
    const std::string &text = object[name].as_string();
    if (text.size() < 3 || text.size() > 18 || text[0] != '0' || text[1] != 'x' ||
        text.find_first_not_of("0123456789abcdefABCDEF", 2) != std::string::npos) {
      fail(where + "." + name, "is not a hex address like \"0x1a2b\"");
      return 0;
    }
    return std::stoull(text.substr(2), nullptr, 16);
  }

  // A nullable member is still there: null says "unknown", a missing member is a broken report.
  const char *string_member(const json::Value &object, const char *name,
                            const std::string &where, bool nullable) {
    if (!object.contains(name)) {
      fail(where + "." + name, "is missing");
      return nullptr;
    }
    const json::Value &value = object[name];
    if (nullable && value.is_null()) return nullptr;
    if (!value.is_string()) {
      fail(where + "." + name, nullable ? "is not a string or null" : "is not a string");
      return nullptr;
    }
    return storage_.keep(value.as_string());
  }

  Frame frame(const json::Value &object, const std::string &where) {
    Frame frame;
    if (!object.is_object()) {
      fail(where, "is not an object");
      return frame;
    }
    frame.function = string_member(object, "function", where, false);
    frame.file = string_member(object, "file", where, true);
    frame.line = static_cast<uint32_t>(unsigned_member(object, "line", where, UINT32_MAX));
    frame.column = static_cast<uint32_t>(unsigned_member(object, "column", where, UINT32_MAX));
    if (object.find("module") != nullptr)  // absent when unknown
      frame.module = string_member(object, "module", where, true);
    const json::Value *source = object.find("source");  // absent when the file was unreadable
    if (source != nullptr && !source->is_string()) fail(where + ".source", "is not a string");
    if (source != nullptr && source->is_string() && frame.file != nullptr && frame.line != 0)
      storage_.sources.emplace(std::make_pair(std::string(frame.file), frame.line),
                               source->as_string());
    return frame;
  }

  Stack stack(const json::Value &array, const std::string &where) {
    if (!array.is_array()) {
      fail(where, "is not an array of frames");
      return Stack{};
    }
    storage_.frame_lists.emplace_back();
    std::vector<Frame> &frames = storage_.frame_lists.back();
    for (std::size_t i = 0; i < array.size(); ++i)
      frames.push_back(frame(array.at(i), where + "[" + std::to_string(i) + "]"));
    return Stack{frames.data(), frames.size()};
  }

  Access access(const json::Value &object, const std::string &where) {
    Access access;
    if (!object.is_object()) {
      fail(where, "is not an object");
      return access;
    }
    access.thread = static_cast<uint32_t>(unsigned_member(object, "thread", where, UINT32_MAX));
    const std::string &type = object["type"].as_string();
    if (type == "read") {
      access.type = AccessType::kRead;
    } else if (type == "write") {
      access.type = AccessType::kWrite;
    } else if (type == "atomic-read") {
      access.type = AccessType::kAtomicRead;
    } else if (type == "atomic-write") {
      access.type = AccessType::kAtomicWrite;
    } else if (type == "free") {
      access.type = AccessType::kFree;
    } else {
      fail(where + ".type", "is not read, write, atomic-read, atomic-write or free");
    }
    access.size = static_cast<uint32_t>(unsigned_member(object, "size", where, UINT32_MAX));
    access.address = address_member(object, "address", where);
    access.stack = stack(object["stack"], where + ".stack");
    if (!failed() && access.stack.count == 0) fail(where + ".stack", "is empty");
    held_locks(object["locks_held"], where + ".locks_held", &access.locks_held,
               &access.lock_count);
    // Only on a side of a race between processes; then all three are there.
    if (object.contains("process") || object.contains("call") || object.contains("offset")) {
      const json::Value &process = object["process"];
      if (!process.is_object()) {
        fail(where + ".process", "is not an object");
        return access;
      }
      access.pid = static_cast<int64_t>(unsigned_member(process, "pid", where + ".process", INT32_MAX));
      access.command = string_member(process, "command", where + ".process", false);
      access.call = string_member(object, "call", where, false);
      access.file_offset = unsigned_member(object, "offset", where, UINT64_MAX >> 1);
    }
    return access;
  }

  // An array of {address, acquired_at}.
  void held_locks(const json::Value &locks, const std::string &where, const HeldLock **out,
                  size_t *count) {
    if (!locks.is_array()) {
      fail(where, "is not an array");
      return;
    }
    storage_.lock_lists.emplace_back();
    std::vector<HeldLock> &held = storage_.lock_lists.back();
    for (std::size_t i = 0; i < locks.size(); ++i) {
      const std::string lock_where = where + "[" + std::to_string(i) + "]";
      HeldLock lock;
      lock.address = address_member(locks.at(i), "address", lock_where);
      lock.acquired_at = stack(locks.at(i)["acquired_at"], lock_where + ".acquired_at");
      if (locks.at(i).contains("name")) lock.name = string_member(locks.at(i), "name", lock_where, true);
      held.push_back(lock);
    }
    *out = held.data();
    *count = held.size();
  }

  MemoryInfo memory(const json::Value &object, const std::string &where) {
    MemoryInfo memory;
    const std::string &kind = object["kind"].as_string();
    if (kind == "global") {
      memory.kind = MemoryKind::kGlobal;
      memory.name = string_member(object, "name", where, true);
      memory.size = unsigned_member(object, "size", where, UINT64_MAX >> 1);
      memory.offset = unsigned_member(object, "offset", where, UINT64_MAX >> 1);
      const json::Value &declared = object["declared_at"];
      memory.declared_file = string_member(declared, "file", where + ".declared_at", true);
      memory.declared_line = static_cast<uint32_t>(
          unsigned_member(declared, "line", where + ".declared_at", UINT32_MAX));
    } else if (kind == "heap") {
      memory.kind = MemoryKind::kHeap;
      memory.size = unsigned_member(object, "size", where, UINT64_MAX >> 1);
      memory.offset = unsigned_member(object, "offset", where, UINT64_MAX >> 1);
      memory.allocated_by =
          static_cast<uint32_t>(unsigned_member(object, "allocated_by", where, UINT32_MAX));
      memory.allocation_stack = stack(object["allocation_stack"], where + ".allocation_stack");
    } else if (kind == "stack") {
      memory.kind = MemoryKind::kStack;
      memory.stack_of_thread =
          static_cast<uint32_t>(unsigned_member(object, "thread", where, UINT32_MAX));
    } else if (kind == "descriptor") {
      memory.kind = MemoryKind::kDescriptor;
      memory.descriptor =
          static_cast<uint32_t>(unsigned_member(object, "descriptor", where, INT32_MAX));
      // Both are there when an intercepted call created the descriptor, else neither.
      if (object.contains("creation_stack") || object.contains("created_by")) {
        memory.allocated_by =
            static_cast<uint32_t>(unsigned_member(object, "created_by", where, UINT32_MAX));
        memory.allocation_stack = stack(object["creation_stack"], where + ".creation_stack");
      }
    } else if (kind == "file") {
      memory.kind = MemoryKind::kFile;
      if (object.contains("path")) memory.name = string_member(object, "path", where, true);
      memory.device = unsigned_member(object, "device", where, UINT64_MAX >> 1);
      memory.inode = unsigned_member(object, "inode", where, UINT64_MAX >> 1);
      memory.offset = unsigned_member(object, "offset", where, UINT64_MAX >> 1);
    } else if (kind == "unknown") {
      memory.kind = MemoryKind::kUnknown;
    } else {
      fail(where + ".kind", "is not global, heap, stack, descriptor, file or unknown");
    }
    memory.address = address_member(object, "address", where);
    // Written only when true (reports of older versions have no such member).
    if (object.contains("vtable_pointer"))
      memory.vtable_pointer = bool_member(object, "vtable_pointer", where);
    return memory;
  }

  void threads(const json::Value &array, const std::string &where, bool required) {
    if (!array.is_array()) {
      if (required) fail(where, "is not an array");
      return;
    }
    for (std::size_t i = 0; i < array.size(); ++i) {
      const std::string thread_where = where + "[" + std::to_string(i) + "]";
      const json::Value &object = array.at(i);
      ThreadInfo thread;
      thread.id = static_cast<uint32_t>(unsigned_member(object, "id", thread_where, UINT32_MAX));
      thread.name = string_member(object, "name", thread_where, true);
      const json::Value &creator = object["created_by"];
      if (!creator.is_int() || creator.as_int() < -1) {
        fail(thread_where + ".created_by", "is not a thread id or -1");
      } else {
        thread.created_by = creator.as_int();
      }
      thread.creation_stack = stack(object["creation_stack"], thread_where + ".creation_stack");
      storage_.threads.push_back(thread);
    }
  }

  void data_race(const json::Value &object) {
    const json::Value &accesses = object["accesses"];
    if (!accesses.is_array() || accesses.size() != 2) {
      fail("accesses", "is not an array of two accesses");
      return;
    }
    DataRace &race = storage_.race;
    race.accesses[0] = access(accesses.at(0), "accesses[0]");
    race.accesses[1] = access(accesses.at(1), "accesses[1]");
    if (!object["memory"].is_object()) {
      fail("memory", "is not an object");
    } else {
      race.memory = memory(object["memory"], "memory");
    }
    threads(object["threads"], "threads", true);
    race.threads = storage_.threads.data();
    race.thread_count = storage_.threads.size();
    if (object.contains("note")) race.note = string_member(object, "note", "finding", true);
    if (object.contains("predicted") && bool_member(object, "predicted", "finding")) {
      race.prediction = &storage_.prediction;
      prediction(object["prediction"], "prediction");
    }
  }

  void atomicity_violation(const json::Value &object) {
    const json::Value &accesses = object["accesses"];
    if (!accesses.is_array() || accesses.size() != 3) {
      fail("accesses", "is not an array of three accesses (read, write between, write)");
      return;
    }
    AtomicityViolation &violation = storage_.atomicity;
    violation.read = access(accesses.at(0), "accesses[0]");
    violation.interleaved = access(accesses.at(1), "accesses[1]");
    violation.write = access(accesses.at(2), "accesses[2]");
    violation.on_atomic = bool_member(object, "atomic", "finding");
    violation.observed = bool_member(object, "observed", "finding");
    string_member(object, "fix", "finding", false);  // the writers say it again from the kind
    if (!object.contains("suspended_at")) fail("suspended_at", "is missing");
    if (!object.contains("lock")) fail("lock", "is missing");
    const json::Value &suspended = object["suspended_at"];
    if (!suspended.is_null()) {
      if (!suspended.is_object()) {
        fail("suspended_at", "is not an object or null");
      } else {
        violation.across_suspension = true;
        storage_.suspended_at = frame(suspended, "suspended_at");
        violation.suspended_at = &storage_.suspended_at;
      }
    }
    const json::Value &lock = object["lock"];
    if (violation.on_atomic || violation.across_suspension) {
      if (!lock.is_null()) fail("lock", "is not null for an atomic or across a co_await");
    } else if (!lock.is_object()) {
      fail("lock", "is not an object");
    } else {
      violation.lock.address = address_member(lock, "address", "lock");
      if (lock.contains("name")) violation.lock.name = string_member(lock, "name", "lock", true);
      violation.lock.is_rwlock = bool_member(lock, "rwlock", "lock");
    }
    if (!object["memory"].is_object()) {
      fail("memory", "is not an object");
    } else {
      violation.memory = memory(object["memory"], "memory");
    }
    threads(object["threads"], "threads", true);
    violation.threads = storage_.threads.data();
    violation.thread_count = storage_.threads.size();
  }

  void prediction(const json::Value &object, const std::string &where) {
    if (!object.is_object()) {
      fail(where, "is not an object");
      return;
    }
    RacePrediction &prediction = storage_.prediction;
    const json::Value &confidence = object["confidence"];
    if (!confidence.is_string() ||
        (confidence.as_string() != "certain" && confidence.as_string() != "likely")) {
      fail(where + ".confidence", "is not \"certain\" or \"likely\"");
      return;
    }
    prediction.certain = confidence.as_string() == "certain";
    const json::Value &lock = object["lock"];
    if (!lock.is_object()) {
      fail(where + ".lock", "is not an object");
      return;
    }
    prediction.lock.address = address_member(lock, "address", where + ".lock");
    if (lock.contains("name")) prediction.lock.name = string_member(lock, "name", where + ".lock", true);
    prediction.lock.is_rwlock = bool_member(lock, "rwlock", where + ".lock");
    if (lock.contains("file_lock"))
      prediction.lock.is_file_lock = bool_member(lock, "file_lock", where + ".lock");
    prediction.released_by =
        static_cast<uint32_t>(unsigned_member(object, "released_by", where, UINT32_MAX));
    prediction.released_at = stack(object["released_at"], where + ".released_at");
    prediction.acquired_by =
        static_cast<uint32_t>(unsigned_member(object, "acquired_by", where, UINT32_MAX));
    prediction.acquired_at = stack(object["acquired_at"], where + ".acquired_at");
  }

  bool bool_member(const json::Value &object, const char *name, const std::string &where) {
    const json::Value &value = object[name];
    if (!value.is_bool()) fail(where + "." + name, "is not true or false");
    return value.as_bool();
  }

  // Stacks of a cycle's edge must say where: an empty one is as bad as a missing one.
  Stack nonempty_stack(const json::Value &object, const char *name, const std::string &where) {
    const Stack found = stack(object[name], where + "." + name);
    if (!failed() && found.count == 0) fail(where + "." + name, "is empty");
    return found;
  }

  void cycle_locks(const json::Value &array) {
    if (!array.is_array() || array.size() < 2) {
      fail("locks", "is not an array of at least two locks");
      return;
    }
    for (std::size_t i = 0; i < array.size(); ++i) {
      const std::string where = "locks[" + std::to_string(i) + "]";
      const json::Value &object = array.at(i);
      LockInfo lock;
      if (!object.is_object()) {
        fail(where, "is not an object");
        return;
      }
      lock.address = address_member(object, "address", where);
      if (object.contains("name")) lock.name = string_member(object, "name", where, true);
      lock.is_rwlock = bool_member(object, "rwlock", where);
      if (object.contains("file_lock")) lock.is_file_lock = bool_member(object, "file_lock", where);
      storage_.locks.push_back(lock);
    }
  }

  void cycle_edges(const json::Value &array) {
    const std::size_t lock_count = storage_.locks.size();
    if (!array.is_array() || array.size() != lock_count) {
      fail("edges", "is not an array of one edge per lock (" + std::to_string(lock_count) + ")");
      return;
    }
    for (std::size_t i = 0; i < array.size(); ++i) {
      const std::string where = "edges[" + std::to_string(i) + "]";
      const json::Value &object = array.at(i);
      if (!object.is_object()) {
        fail(where, "is not an object");
        return;
      }
      LockOrderEdge edge;
      edge.thread = static_cast<uint32_t>(unsigned_member(object, "thread", where, UINT32_MAX));
      edge.held = unsigned_member(object, "holds", where, lock_count - 1);
      edge.requested = unsigned_member(object, "requests", where, lock_count - 1);
      edge.held_for_read = bool_member(object, "held_for_read", where);
      edge.requested_for_read = bool_member(object, "requested_for_read", where);
      edge.held_at = nonempty_stack(object, "held_at", where);
      edge.requested_at = nonempty_stack(object, "requested_at", where);
      edge.observations =
          static_cast<uint32_t>(unsigned_member(object, "observations", where, UINT32_MAX));
      edge.reverse_observations = static_cast<uint32_t>(
          unsigned_member(object, "reverse_observations", where, UINT32_MAX));
      // Only in a cycle joined across processes; then both are there.
      if (object.contains("pid") || object.contains("command")) {
        edge.pid = static_cast<int64_t>(unsigned_member(object, "pid", where, INT32_MAX));
        edge.command = string_member(object, "command", where, true);
      }
      storage_.edges.push_back(edge);
    }
    if (failed()) return;
    // The model's invariant: each edge requests the lock the next one holds, back to the first.
    const std::size_t count = storage_.edges.size();
    for (std::size_t i = 0; i < count; ++i) {
      if (storage_.edges[i].requested != storage_.edges[(i + 1) % count].held) {
        fail("edges[" + std::to_string(i) + "].requests",
             "is not the lock edges[" + std::to_string((i + 1) % count) + "] holds");
        return;
      }
    }
  }

  void coffman(const json::Value &object) {
    if (!object.is_object()) {
      fail("coffman", "is not an object");
      return;
    }
    for (CoffmanCondition condition : kCoffmanConditions) {
      const char *name = coffman_condition_key(condition);
      const std::string where = std::string("coffman.") + name;
      const json::Value &member = object[name];
      if (!member.is_object()) {
        fail(where, "is not an object");
        return;
      }
      const bool holds = bool_member(member, "holds", where);
      string_member(member, "evidence", where, false);
      if (condition == CoffmanCondition::kNoPreemption) storage_.cycle.no_preemption = holds;
    }
  }

  void suggested_order(const json::Value &object) {
    const std::size_t lock_count = storage_.locks.size();
    if (!object.is_object()) {
      fail("suggested_order", "is not an object");
      return;
    }
    const json::Value &locks = object["locks"];
    if (!locks.is_array() || locks.size() != lock_count) {
      fail("suggested_order.locks", "does not list each of the " + std::to_string(lock_count) +
                                        " locks once");
      return;
    }
    std::vector<bool> listed(lock_count, false);
    for (std::size_t i = 0; i < lock_count; ++i) {
      const json::Value &index = locks.at(i);
      if (!index.is_int() || index.as_int() < 0 ||
          static_cast<std::size_t>(index.as_int()) >= lock_count ||
          listed[static_cast<std::size_t>(index.as_int())]) {
        fail("suggested_order.locks[" + std::to_string(i) + "]",
             "is not a lock index listed once");
        return;
      }
      listed[static_cast<std::size_t>(index.as_int())] = true;
      storage_.order.push_back(static_cast<std::size_t>(index.as_int()));
    }
    storage_.cycle.edge_to_change =
        unsigned_member(object, "change_edge", "suggested_order", storage_.edges.size() - 1);
    storage_.cycle.observations_following =
        unsigned_member(object, "following", "suggested_order", INT64_MAX);
    storage_.cycle.observations_against =
        unsigned_member(object, "against", "suggested_order", INT64_MAX);
    string_member(object, "advice", "suggested_order", false);
  }

  void lock_order_cycle(const json::Value &object) {
    cycle_locks(object["locks"]);
    if (!failed()) cycle_edges(object["edges"]);
    if (!failed()) coffman(object["coffman"]);
    if (!failed()) suggested_order(object["suggested_order"]);
    threads(object["threads"], "threads", true);
    LockOrderCycle &cycle = storage_.cycle;
    cycle.locks = storage_.locks.data();
    cycle.lock_count = storage_.locks.size();
    cycle.edges = storage_.edges.data();
    cycle.edge_count = storage_.edges.size();
    cycle.suggested_order = storage_.order.data();
    cycle.threads = storage_.threads.data();
    cycle.thread_count = storage_.threads.size();
  }

  // A mutex misuse: what, the mutex, the thread and a non-empty stack where it happened; the
  // holder (-1 for none) and where it locked the mutex; the earlier unlock (empty unless a double
  // unlock), and threads.
  void mutex_misuse(const json::Value &object) {
    MutexMisuse &misuse = storage_.misuse;
    const std::string &what = object["what"].as_string();
    if (what == mutex_misuse_kind_name(MutexMisuseKind::kUnlockNotHeld)) {
      misuse.what = MutexMisuseKind::kUnlockNotHeld;
    } else if (what == mutex_misuse_kind_name(MutexMisuseKind::kDoubleUnlock)) {
      misuse.what = MutexMisuseKind::kDoubleUnlock;
    } else if (what == mutex_misuse_kind_name(MutexMisuseKind::kDestroyLocked)) {
      misuse.what = MutexMisuseKind::kDestroyLocked;
    } else {
      fail("what", "is not unlock-not-held, double-unlock or destroy-locked");
      return;
    }
    const json::Value &mutex = object["mutex"];
    if (!mutex.is_object()) {
      fail("mutex", "is not an object");
      return;
    }
    misuse.mutex.address = address_member(mutex, "address", "mutex");
    if (mutex.contains("name")) misuse.mutex.name = string_member(mutex, "name", "mutex", true);
    misuse.mutex.is_rwlock = bool_member(mutex, "rwlock", "mutex");
    if (mutex.contains("file_lock"))
      misuse.mutex.is_file_lock = bool_member(mutex, "file_lock", "mutex");
    misuse.thread = static_cast<uint32_t>(unsigned_member(object, "thread", "finding", UINT32_MAX));
    misuse.stack = nonempty_stack(object, "stack", "finding");
    const json::Value &owner = object["owner"];
    if (!owner.is_int() || owner.as_int() < -1) {
      fail("owner", "is not a thread id or -1");
    } else {
      misuse.owner = owner.as_int();
    }
    misuse.locked_at = stack(object["locked_at"], "locked_at");
    misuse.last_unlocked_at = stack(object["last_unlocked_at"], "last_unlocked_at");
    if (!failed() && misuse.what == MutexMisuseKind::kDestroyLocked && misuse.owner < 0)
      fail("owner", "is -1 in a destroy-locked misuse (someone must hold the mutex)");
    if (!failed() && misuse.what == MutexMisuseKind::kDoubleUnlock &&
        misuse.last_unlocked_at.count == 0)
      fail("last_unlocked_at", "is empty in a double-unlock misuse");
    threads(object["threads"], "threads", true);
    misuse.threads = storage_.threads.data();
    misuse.thread_count = storage_.threads.size();
  }

  // One blocked thread of a deadlock: its thread, a known wait kind, the object waited on (null
  // for a join), the thread it waits for (-1 when no single thread can end the wait), a
  // non-empty stack, where the holder locked the lock, and the locks it holds. The thread waited
  // for must fit the wait: a join names its thread, a condition variable, semaphore, barrier or
  // futex wait names none (a static initialization may name its initializer or not).
  BlockedThread blocked_thread(const json::Value &object, const std::string &where) {
    BlockedThread blocked;
    if (!object.is_object()) {
      fail(where, "is not an object");
      return blocked;
    }
    blocked.thread = static_cast<uint32_t>(unsigned_member(object, "thread", where, UINT32_MAX));
    const std::string &what = object["what"].as_string();
    bool known = false;
    for (WaitKind kind : {WaitKind::kLock, WaitKind::kReadLock, WaitKind::kJoin,
                          WaitKind::kConditionVariable, WaitKind::kSemaphore, WaitKind::kBarrier,
                          WaitKind::kFutex, WaitKind::kStaticInit, WaitKind::kFileLock}) {
      if (what == wait_kind_name(kind)) {
        blocked.what = kind;
        known = true;
      }
    }
    if (!known) {
      fail(where + ".what",
           "is not lock, read-lock, join, condition-variable, semaphore, barrier, futex, "
           "static-initialization or file-lock");
      return blocked;
    }
    const json::Value &target = object["object"];
    if (!object.contains("object")) {
      fail(where + ".object", "is missing");
    } else if (blocked.what == WaitKind::kJoin) {
      if (!target.is_null())
        fail(where + ".object", "is not null in a join (it waits on a thread)");
    } else if (!target.is_object()) {
      fail(where + ".object", "is not an object");
    } else {
      blocked.object.address = address_member(target, "address", where + ".object");
      if (target.contains("name"))
        blocked.object.name = string_member(target, "name", where + ".object", true);
      blocked.object.is_rwlock = bool_member(target, "rwlock", where + ".object");
      if (target.contains("file_lock"))
        blocked.object.is_file_lock = bool_member(target, "file_lock", where + ".object");
    }
    if (object.contains("holder_processes")) {  // written for file-lock waits only
      const json::Value &holders = object["holder_processes"];
      if (!holders.is_array()) {
        fail(where + ".holder_processes", "is not an array");
        return blocked;
      }
      storage_.process_lists.emplace_back();
      std::vector<ProcessWait> &list = storage_.process_lists.back();
      for (std::size_t i = 0; i < holders.size(); ++i) {
        const std::string holder_where = where + ".holder_processes[" + std::to_string(i) + "]";
        ProcessWait holder;
        const json::Value &pid = holders.at(i)["pid"];
        if (!pid.is_int()) {
          fail(holder_where + ".pid", "is not a process id");
          return blocked;
        }
        holder.pid = pid.as_int();
        holder.command = string_member(holders.at(i), "command", holder_where, true);
        holder.waits_for_lock = string_member(holders.at(i), "waits_for_lock", holder_where, true);
        list.push_back(holder);
      }
      blocked.process_cycle = bool_member(object, "process_cycle", where);
      if (blocked.what == WaitKind::kFileLock) {  // checked on any wait, meant only for these
        blocked.holders = list.data();
        blocked.holder_count = list.size();
      } else {
        blocked.process_cycle = false;
      }
    }
    const json::Value &waits_for = object["waits_for"];
    if (!waits_for.is_int() || waits_for.as_int() < -1 || waits_for.as_int() > UINT32_MAX) {
      fail(where + ".waits_for", "is not a thread id or -1");
    } else {
      blocked.waits_for = waits_for.as_int();
    }
    blocked.stack = nonempty_stack(object, "stack", where);
    blocked.holder_locked_at = stack(object["holder_locked_at"], where + ".holder_locked_at");
    held_locks(object["locks_held"], where + ".locks_held", &blocked.locks_held,
               &blocked.lock_count);
    if (failed()) return blocked;
    if (blocked.what == WaitKind::kJoin && blocked.waits_for < 0)
      fail(where + ".waits_for", "is -1 in a join (the joined thread is known)");
    if (!is_lock_wait(blocked.what) && blocked.what != WaitKind::kJoin &&
        blocked.what != WaitKind::kStaticInit && blocked.what != WaitKind::kFileLock &&
        blocked.waits_for >= 0)
      fail(where + ".waits_for", "is a thread in a " + what +
                                     " wait (no single thread can end it, so it must be -1)");
    return blocked;
  }

  // A real deadlock: the cycle flag, how long the state was seen unchanged, one or more blocked
  // threads (each thread once; in a cycle each waits for the next, the last for the first), and
  // threads.
  void deadlock(const json::Value &object) {
    Deadlock &deadlock = storage_.deadlock;
    deadlock.is_cycle = bool_member(object, "cycle", "finding");
    deadlock.blocked_ms = unsigned_member(object, "blocked_ms", "finding", INT64_MAX);
    const json::Value &blocked = object["blocked"];
    if (!failed() && (!blocked.is_array() || blocked.size() == 0)) {
      fail("blocked", "is not an array of one or more blocked threads");
      return;
    }
    for (std::size_t i = 0; i < blocked.size() && !failed(); ++i)
      storage_.blocked.push_back(
          blocked_thread(blocked.at(i), "blocked[" + std::to_string(i) + "]"));
    if (failed()) return;
    const std::size_t count = storage_.blocked.size();
    for (std::size_t i = 0; i < count; ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (storage_.blocked[i].thread == storage_.blocked[j].thread) {
          fail("blocked[" + std::to_string(i) + "].thread",
               "repeats blocked[" + std::to_string(j) + "].thread (a thread blocks once)");
          return;
        }
      }
    }
    if (deadlock.is_cycle) {
      for (std::size_t i = 0; i < count; ++i) {
        const std::size_t next = (i + 1) % count;
        if (storage_.blocked[i].waits_for != static_cast<int64_t>(storage_.blocked[next].thread)) {
          fail("blocked[" + std::to_string(i) + "].waits_for",
               "is not blocked[" + std::to_string(next) +
                   "].thread (in a cycle each thread waits for the next, the last for the first)");
          return;
        }
      }
    }
    threads(object["threads"], "threads", true);
    deadlock.blocked = storage_.blocked.data();
    deadlock.blocked_count = storage_.blocked.size();
    deadlock.threads = storage_.threads.data();
    deadlock.thread_count = storage_.threads.size();
  }

  // Any array of objects that all have a string "function" is taken for a stack.
  void generic_stacks(const json::Value &value, const std::string &where) {
    if (value.is_array()) {
      bool frames = value.size() > 0;
      for (const json::Value &element : value.elements())
        frames = frames && element.is_object() && element["function"].is_string();
      if (frames) {
        const Stack found = stack(value, where);
        if (!failed()) {
          storage_.subject_stacks.push_back(found);
          storage_.thread_stacks.push_back({where, 0, found});
        }
        return;
      }
      for (std::size_t i = 0; i < value.size(); ++i)
        generic_stacks(value.at(i), where + "[" + std::to_string(i) + "]");
    } else if (value.is_object()) {
      for (const json::Member &member : value.members()) {
        if (member.first == "threads") continue;  // creation stacks are not the finding's own
        generic_stacks(member.second, where.empty() ? member.first : where + "." + member.first);
      }
    }
  }

 private:
  LoadedFinding::Storage &storage_;
  std::string problem_;
};

bool is_key_text(const std::string &text) {
  return text.size() == 16 &&
         text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

std::string access_label(const DataRace &race, const Access &access, bool previous) {
  char buffer[256];
  BufferSink sink(buffer, sizeof buffer);
  if (previous) sink.put("previous ");
  sink.put(access_type_name(access.type));
  sink.put(" by ");
  put_thread_phrase(sink, race, access.thread);
  return sink.c_str();
}

// "T1 acquired 'fork_a' here" / "T1 requested 'fork_b' here while holding 'fork_a'".
std::string edge_label(const LockOrderCycle &cycle, const LockOrderEdge &edge, bool requested) {
  char buffer[512];
  BufferSink sink(buffer, sizeof buffer);
  put_thread_name(sink, cycle, edge.thread);
  sink.put(requested ? " requested " : " acquired ");
  put_lock_name(sink, cycle, requested ? edge.requested : edge.held);
  sink.put(" here");
  if (requested) {
    sink.put(" while holding ");
    put_lock_name(sink, cycle, edge.held);
  }
  return sink.c_str();
}

// "unlock by main thread" / "locked by thread T1" / "earlier unlock by main thread".
std::string misuse_label(const MutexMisuse &misuse, const char *action, uint32_t thread) {
  char buffer[256];
  BufferSink sink(buffer, sizeof buffer);
  sink.put(action);
  sink.put(" of ");
  put_lock_info_name(sink, misuse.mutex);
  sink.put(" by ");
  put_thread_phrase(sink, threads_of(misuse), thread);
  return sink.c_str();
}

// "T2 blocked locking mutex 'fork_b', held by thread T3" / "main blocked joining thread T1".
std::string blocked_label(const Deadlock &deadlock, const BlockedThread &blocked) {
  char buffer[512];
  BufferSink sink(buffer, sizeof buffer);
  put_thread_name(sink, threads_of(deadlock), blocked.thread);
  sink.put(" blocked ");
  put_wait(sink, threads_of(deadlock), blocked);
  if (is_lock_wait(blocked.what)) {
    sink.put(", ");
    put_wait_holder(sink, threads_of(deadlock), blocked);
  }
  return sink.c_str();
}

// "T3 locked mutex 'fork_b' here" (where the holder took the lock a blocked thread waits for).
std::string holder_label(const Deadlock &deadlock, const BlockedThread &blocked) {
  char buffer[512];
  BufferSink sink(buffer, sizeof buffer);
  put_thread_name(sink, threads_of(deadlock), static_cast<uint32_t>(blocked.waits_for));
  sink.put(" locked ");
  sink.put(blocked.object.is_rwlock ? "rwlock " : "mutex ");
  put_lock_info_name(sink, blocked.object);
  sink.put(" here");
  return sink.c_str();
}

// The 1-based line on which each element of the top-level "findings" array starts. The document
// has already parsed, so a scanner that only tracks strings and nesting is enough.
std::vector<std::size_t> finding_start_lines(const std::string &text) {
  std::vector<std::size_t> lines;
  std::size_t depth = 0;
  std::size_t line = 1;
  bool after_findings_key = false;  // the last top-level key read was "findings"
  bool in_findings = false;
  bool expect_element = false;      // inside "findings", right after '[' or ','
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') continue;
    if (in_findings && depth == 2) {
      if (expect_element && c != ']') lines.push_back(line);
      expect_element = c == ',';
    }
    if (c == '"') {
      const std::size_t start = i + 1;
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\') ++i;
      }
      if (depth == 1) after_findings_key = text.compare(start, i - start, "findings") == 0;
    } else if (c == '{' || c == '[') {
      ++depth;
      if (c == '[' && depth == 2 && after_findings_key) {
        in_findings = true;
        expect_element = true;
      }
    } else if (c == '}' || c == ']') {
      if (depth > 0) --depth;
      if (depth < 2) in_findings = false;
    }
  }
  return lines;
}

// The line of the first occurrence of `"name"` as a key, or 0.
std::size_t member_line(const std::string &text, const std::string &name) {
  const std::size_t at = text.find("\"" + name + "\"");
  if (at == std::string::npos) return 0;
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + at, '\n'));
}

// The "tool" and "process" members a report and a journal header share (both optional: the
// merged output of `interlock report` has no single process); "" when they are well-formed, else
// the problem.
std::string tool_and_process_problem(const json::Value &document) {
  if (const json::Value *tool = document.find("tool")) {
    if (!tool->is_object() || (*tool)["name"].as_string() != "interlock" ||
        !(*tool)["version"].is_string())
      return "\"tool\" is not {\"name\": \"interlock\", \"version\": STRING}";
  }
  if (const json::Value *process = document.find("process")) {
    // A run_id is what the run_id option accepts: letters, digits, '-' and '_', up to 64.
    const json::Value *run_id = process->find("run_id");
    const bool run_id_ok =
        run_id == nullptr ||
        (run_id->is_string() && !run_id->as_string().empty() && run_id->as_string().size() <= 64 &&
         run_id->as_string().find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                               "0123456789-_") == std::string::npos);
    if (!process->is_object() || !(*process)["pid"].is_int() ||
        !(*process)["command"].is_string() || !run_id_ok)
      return "\"process\" is not {\"pid\": INTEGER, \"command\": STRING[, \"run_id\": "
             "letters, digits, '-' and '_']}";
  }
  return "";
}

}  // namespace

std::string InputError::to_line() const {
  std::string out = file;
  if (line != 0) out += ":" + std::to_string(line);
  out += ": " + message;
  return out;
}

LoadedFinding::LoadedFinding() : storage_(std::make_unique<Storage>()) {}
LoadedFinding::LoadedFinding(LoadedFinding &&) noexcept = default;
LoadedFinding &LoadedFinding::operator=(LoadedFinding &&) noexcept = default;
LoadedFinding::~LoadedFinding() = default;

const std::string &LoadedFinding::kind() const { return storage_->kind; }
uint64_t LoadedFinding::key() const { return storage_->key; }
const std::string &LoadedFinding::key_text() const { return storage_->key_text; }
const std::string &LoadedFinding::summary() const { return storage_->summary; }
const json::Value &LoadedFinding::json() const { return storage_->json; }
const Finding *LoadedFinding::model() const {
  return storage_->has_model ? &storage_->finding : nullptr;
}
const SuppressionSubject &LoadedFinding::suppression_subject() const { return storage_->subject; }
const std::vector<LoadedFinding::ThreadStack> &LoadedFinding::thread_stacks() const {
  return storage_->thread_stacks;
}
const std::map<std::pair<std::string, uint32_t>, std::string> &LoadedFinding::carried_sources()
    const {
  return storage_->sources;
}

bool read_finding(const json::Value &object, LoadedFinding *out, std::string *problem) {
  LoadedFinding::Storage &storage = *out->storage_;
  if (!object.is_object()) {
    *problem = "finding is not an object";
    return false;
  }
  if (!object["kind"].is_string() || object["kind"].as_string().empty()) {
    *problem = "finding has no \"kind\" string";
    return false;
  }
  if (!is_key_text(object["key"].as_string())) {
    *problem = "finding's \"key\" is not 16 lower-case hex digits";
    return false;
  }
  if (!object["summary"].is_string()) {
    *problem = "finding has no \"summary\" string";
    return false;
  }
  storage.kind = object["kind"].as_string();
  storage.key_text = object["key"].as_string();
  storage.key = std::stoull(storage.key_text, nullptr, 16);
  storage.summary = object["summary"].as_string();
  storage.json = object;

  FindingParser parser(storage);
  storage.subject.category = suppression_category(storage.kind.c_str());
  if (storage.kind == finding_kind_name(FindingKind::kDataRace)) {
    parser.data_race(object);
    if (parser.failed()) {
      *problem = "data race: " + parser.problem();
      return false;
    }
    const DataRace &race = storage.race;
    storage.has_model = true;
    storage.finding.kind = FindingKind::kDataRace;
    storage.finding.key = storage.key;
    storage.finding.race = &storage.race;
    for (int side = 0; side < 2; ++side) {
      const Access &access = race.accesses[side];
      storage.subject_stacks.push_back(access.stack);
      storage.thread_stacks.push_back(
          {access_label(race, access, side == 1), access.thread, access.stack});
    }
    if (race.memory.kind == MemoryKind::kGlobal && race.memory.name != nullptr)
      storage.object_names.push_back(race.memory.name);
  } else if (storage.kind == finding_kind_name(FindingKind::kAtomicityViolation)) {
    parser.atomicity_violation(object);
    if (parser.failed()) {
      *problem = "atomicity violation: " + parser.problem();
      return false;
    }
    const AtomicityViolation &violation = storage.atomicity;
    storage.has_model = true;
    storage.finding.kind = FindingKind::kAtomicityViolation;
    storage.finding.key = storage.key;
    storage.finding.atomicity = &storage.atomicity;
    DataRace as_race;  // thread phrases as for a race on the same memory
    as_race.threads = violation.threads;
    as_race.thread_count = violation.thread_count;
    const Access *sides[3] = {&violation.read, &violation.interleaved, &violation.write};
    const bool previous[3] = {true, true, false};
    for (const Access *side : sides) storage.subject_stacks.push_back(side->stack);
    for (int i = 0; i < 3; ++i)
      storage.thread_stacks.push_back({access_label(as_race, *sides[i], previous[i]),
                                       sides[i]->thread, sides[i]->stack});
    if (violation.memory.kind == MemoryKind::kGlobal && violation.memory.name != nullptr)
      storage.object_names.push_back(violation.memory.name);
  } else if (storage.kind == finding_kind_name(FindingKind::kLockOrderCycle)) {
    parser.lock_order_cycle(object);
    if (parser.failed()) {
      *problem = "lock-order cycle: " + parser.problem();
      return false;
    }
    const LockOrderCycle &cycle = storage.cycle;
    storage.has_model = true;
    storage.finding.kind = FindingKind::kLockOrderCycle;
    storage.finding.key = storage.key;
    storage.finding.cycle = &storage.cycle;
    for (std::size_t e = 0; e < cycle.edge_count; ++e) {
      const LockOrderEdge &edge = cycle.edges[e];
      storage.subject_stacks.push_back(edge.held_at);
      storage.subject_stacks.push_back(edge.requested_at);
      storage.thread_stacks.push_back({edge_label(cycle, edge, false), edge.thread, edge.held_at});
      storage.thread_stacks.push_back(
          {edge_label(cycle, edge, true), edge.thread, edge.requested_at});
    }
    for (std::size_t i = 0; i < cycle.lock_count; ++i) {
      if (cycle.locks[i].name != nullptr) storage.object_names.push_back(cycle.locks[i].name);
    }
  } else if (storage.kind == finding_kind_name(FindingKind::kMutexMisuse)) {
    parser.mutex_misuse(object);
    if (parser.failed()) {
      *problem = "mutex misuse: " + parser.problem();
      return false;
    }
    const MutexMisuse &misuse = storage.misuse;
    storage.has_model = true;
    storage.finding.kind = FindingKind::kMutexMisuse;
    storage.finding.key = storage.key;
    storage.finding.misuse = &storage.misuse;
    // The misuse's own stack first: SARIF shows a finding at its first stack.
    const char *action = misuse.what == MutexMisuseKind::kDestroyLocked ? "destroy" : "unlock";
    storage.subject_stacks.push_back(misuse.stack);
    storage.thread_stacks.push_back({misuse_label(misuse, action, misuse.thread), misuse.thread,
                                     misuse.stack});
    if (misuse.owner >= 0 && misuse.locked_at.count > 0) {
      const auto owner = static_cast<uint32_t>(misuse.owner);
      storage.subject_stacks.push_back(misuse.locked_at);
      storage.thread_stacks.push_back({misuse_label(misuse, "lock", owner), owner,
                                       misuse.locked_at});
    }
    if (misuse.last_unlocked_at.count > 0) {
      storage.subject_stacks.push_back(misuse.last_unlocked_at);
      storage.thread_stacks.push_back({misuse_label(misuse, "earlier unlock", misuse.thread),
                                       misuse.thread, misuse.last_unlocked_at});
    }
    if (misuse.mutex.name != nullptr) storage.object_names.push_back(misuse.mutex.name);
  } else if (storage.kind == finding_kind_name(FindingKind::kDeadlock)) {
    parser.deadlock(object);
    if (parser.failed()) {
      *problem = "deadlock: " + parser.problem();
      return false;
    }
    const Deadlock &deadlock = storage.deadlock;
    storage.has_model = true;
    storage.finding.kind = FindingKind::kDeadlock;
    storage.finding.key = storage.key;
    storage.finding.deadlock = &storage.deadlock;
    // Each blocked thread's stack, followed by where its lock's holder took the lock; SARIF
    // shows the finding at the first blocked thread.
    for (std::size_t i = 0; i < deadlock.blocked_count; ++i) {
      const BlockedThread &blocked = deadlock.blocked[i];
      storage.subject_stacks.push_back(blocked.stack);
      storage.thread_stacks.push_back(
          {blocked_label(deadlock, blocked), blocked.thread, blocked.stack});
      if (blocked.holder_locked_at.count > 0) {
        storage.subject_stacks.push_back(blocked.holder_locked_at);
        if (blocked.waits_for >= 0)
          storage.thread_stacks.push_back({holder_label(deadlock, blocked),
                                           static_cast<uint32_t>(blocked.waits_for),
                                           blocked.holder_locked_at});
      }
      if (blocked.what != WaitKind::kJoin && blocked.object.name != nullptr)
        storage.object_names.push_back(blocked.object.name);
      if (const ThreadInfo *thread = find_thread(threads_of(deadlock), blocked.thread))
        storage.blocked_threads.push_back(*thread);
    }
  } else {
    // A kind this tool does not model yet: keep it, and still let suppressions see its frames.
    for (const json::Member &member : object.members()) {
      if (member.first != "threads") parser.generic_stacks(member.second, member.first);
    }
    parser.threads(object["threads"], "threads", false);
    if (parser.failed()) {
      *problem = storage.kind + ": " + parser.problem();
      return false;
    }
  }
  storage.subject.stacks = storage.subject_stacks.data();
  storage.subject.stack_count = storage.subject_stacks.size();
  storage.subject.object_names = storage.object_names.data();
  storage.subject.object_name_count = storage.object_names.size();
  // `thread:` rules look at the threads a finding involves; for a deadlock, the blocked ones.
  const std::vector<ThreadInfo> &subject_threads =
      storage.finding.deadlock != nullptr ? storage.blocked_threads : storage.threads;
  storage.subject.threads = subject_threads.data();
  storage.subject.thread_count = subject_threads.size();
  return true;
}

bool read_whole_file(const std::string &path, std::string *contents, InputError *error) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    *error = {path, 0, "is a directory, expected a file"};
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = {path, 0, std::string("cannot read: ") + std::strerror(errno)};
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    *error = {path, 0, "cannot read: I/O error"};
    return false;
  }
  *contents = buffer.str();
  return true;
}

bool ReportSet::add_file(const std::string &path, InputError *error) {
  std::string text;
  if (!read_whole_file(path, &text, error)) return false;
  if (is_journal_name(path)) return add_journal_text(path, text, error);
  return add_text(path, text, error);
}

bool has_extension(const std::string &path, const std::string &extension) {
  return path.size() > extension.size() &&
         path.compare(path.size() - extension.size(), extension.size(), extension) == 0;
}

bool is_journal_name(const std::string &path) { return has_extension(path, ".jsonl"); }

bool journal_superseded(const std::string &journal_path) {
  std::error_code error;
  // interlock.<...>.jsonl -> interlock.<...>.json
  return std::filesystem::exists(journal_path.substr(0, journal_path.size() - 1), error);
}

bool ReportSet::add_text(const std::string &name, const std::string &text, InputError *error) {
  json::ParseError parse_error;
  std::optional<json::Value> document = json::parse(text, &parse_error);
  if (!document) {
    *error = {name, parse_error.line, "invalid JSON: " + parse_error.message + " (column " +
                                          std::to_string(parse_error.column) + ")"};
    return false;
  }
  if (!document->is_object()) {
    *error = {name, 1, "not an Interlock report: the document is not an object"};
    return false;
  }
  const json::Value *version = document->find("schema_version");
  if (version == nullptr) {
    *error = {name, 1, "not an Interlock report: no \"schema_version\""};
    return false;
  }
  if (!version->is_int() || version->as_int() != kSchemaVersion) {
    *error = {name, member_line(text, "schema_version"),
              "unsupported schema_version " + json::serialize(*version) + " (this interlock reads " +
                  std::to_string(kSchemaVersion) + ")"};
    return false;
  }
  const std::string header_problem = tool_and_process_problem(*document);
  if (!header_problem.empty()) {
    *error = {name, 1, header_problem};
    return false;
  }
  const json::Value &findings = (*document)["findings"];
  if (!findings.is_array()) {
    *error = {name, std::max<std::size_t>(1, member_line(text, "findings")),
              "\"findings\" is missing or not an array"};
    return false;
  }
  const std::string process =
      name + "#" + std::to_string((*document)["process"]["pid"].as_int());

  std::vector<LoadedFinding> loaded(findings.size());
  const std::vector<std::size_t> lines = finding_start_lines(text);
  for (std::size_t i = 0; i < findings.size(); ++i) {
    std::string problem;
    if (!read_finding(findings.at(i), &loaded[i], &problem)) {
      *error = {name, i < lines.size() ? lines[i] : 0,
                "findings[" + std::to_string(i) + "]: " + problem};
      return false;
    }
  }
  merge(process, &loaded);
  return true;
}

bool ReportSet::add_journal_text(const std::string &name, const std::string &text,
                                 InputError *error) {
  UnfinishedProcess unfinished;
  unfinished.file = name;
  // Only lines ended by '\n' were written whole; a rest without one is a line the process was
  // writing when it died, and says nothing.
  const std::size_t end_of_whole_lines = text.rfind('\n');
  const std::size_t whole = end_of_whole_lines == std::string::npos ? 0 : end_of_whole_lines + 1;
  unfinished.cut_short = whole < text.size();
  std::vector<LoadedFinding> loaded;
  std::size_t line_start = 0;
  for (std::size_t line_number = 1; line_start < whole; ++line_number) {
    const std::size_t line_end = text.find('\n', line_start);
    const std::string line = text.substr(line_start, line_end - line_start);
    line_start = line_end + 1;
    json::ParseError parse_error;
    std::optional<json::Value> value = json::parse(line, &parse_error);
    if (!value || !value->is_object()) {
      *error = {name, line_number,
                value ? "not a JSON object" : "invalid JSON: " + parse_error.message};
      return false;
    }
    if (line_number == 1) {
      const json::Value *journal = value->find("interlock_journal");
      if (journal == nullptr || !journal->is_int() || journal->as_int() != 1) {
        *error = {name, 1, "not an Interlock journal: no \"interlock_journal\": 1"};
        return false;
      }
      const json::Value *version = value->find("schema_version");
      if (version == nullptr || !version->is_int() || version->as_int() != kSchemaVersion) {
        *error = {name, 1,
                  "unsupported schema_version " +
                      (version ? json::serialize(*version) : std::string("(none)")) +
                      " (this interlock reads " + std::to_string(kSchemaVersion) + ")"};
        return false;
      }
      const std::string header_problem = tool_and_process_problem(*value);
      if (!header_problem.empty()) {
        *error = {name, 1, header_problem};
        return false;
      }
      const json::Value &process = (*value)["process"];
      unfinished.pid = process["pid"].as_int();
      unfinished.command = process["command"].as_string();
      continue;
    }
    loaded.emplace_back();
    std::string problem;
    if (!read_finding(*value, &loaded.back(), &problem)) {
      *error = {name, line_number, problem};
      return false;
    }
  }
  unfinished.findings = loaded.size();
  merge(name + "#" + std::to_string(unfinished.pid), &loaded);
  unfinished_.push_back(std::move(unfinished));
  return true;
}

void ReportSet::add_joined_finding(LoadedFinding finding, const std::set<std::string> &processes) {
  auto [it, inserted] = index_by_key_.emplace(finding.key(), findings_.size());
  if (inserted) findings_.push_back(MergedFinding{std::move(finding), 0, {}});
  MergedFinding &merged = findings_[it->second];
  ++merged.occurrences;
  merged.processes.insert(processes.begin(), processes.end());
}

void ReportSet::merge(const std::string &process, std::vector<LoadedFinding> *loaded) {
  // Called only with the whole file valid: nothing from a bad file enters the set.
  for (LoadedFinding &finding : *loaded) {
    auto [it, inserted] = index_by_key_.emplace(finding.key(), findings_.size());
    if (inserted) {
      findings_.push_back(MergedFinding{std::move(finding), 0, {}});
    }
    MergedFinding &merged = findings_[it->second];
    ++merged.occurrences;
    merged.processes.insert(process);
  }
}

bool collect_report_files(const std::vector<std::string> &paths, std::vector<std::string> *files,
                          InputError *error) {
  namespace fs = std::filesystem;
  for (const std::string &path : paths) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      *error = {path, 0, "cannot read: " + (ec ? ec.message() : std::string("no such file"))};
      return false;
    }
    if (!fs::is_directory(status)) {
      files->push_back(path);
      continue;
    }
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(path, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (name.rfind("interlock.", 0) != 0 || name.size() <= 15 || it->is_directory()) continue;
      const bool report = name.compare(name.size() - 5, 5, ".json") == 0;
      const bool journal = is_journal_name(name) && !journal_superseded(it->path().string());
      const bool file_lock_orders = name.size() > 11 &&
                                    name.compare(name.size() - 11, 11, ".file-locks") == 0;
      const bool file_events = name.size() > 12 &&
                               name.compare(name.size() - 12, 12, ".file-events") == 0;
      if (report || journal || file_lock_orders || file_events)
        found.push_back(it->path().string());
    }
    if (ec) {
      *error = {path, 0, "cannot read directory: " + ec.message()};
      return false;
    }
    std::sort(found.begin(), found.end());
    files->insert(files->end(), found.begin(), found.end());
  }
  return true;
}

bool CarriedSourceReader::lookup(const char *file, uint32_t line_number, char *buffer,
                                 size_t capacity) {
  if (finding_ != nullptr && file != nullptr && capacity > 0) {
    const auto &sources = finding_->carried_sources();
    const auto it = sources.find(std::make_pair(std::string(file), line_number));
    if (it != sources.end()) {
      const std::size_t length = std::min(it->second.size(), capacity - 1);
      std::memcpy(buffer, it->second.data(), length);
      buffer[length] = '\0';
      return true;
    }
  }
  return disk_.line(file, line_number, buffer, capacity);
}

std::string valid_utf8(const std::string &text) {
  std::string out;
  out.reserve(text.size());
  const auto *bytes = reinterpret_cast<const unsigned char *>(text.data());
  const std::size_t size = text.size();
  for (std::size_t i = 0; i < size;) {
    const unsigned char lead = bytes[i];
    std::size_t length = 0;
    uint32_t min = 0;
    if (lead < 0x80) {
      length = 1;
    } else if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2, min = 0x80;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3, min = 0x800;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4, min = 0x10000;
    }
    bool ok = length > 0 && i + length <= size;
    uint32_t code = length == 1 ? lead : (lead & (0x7f >> length));
    for (std::size_t k = 1; ok && k < length; ++k) {
      ok = (bytes[i + k] & 0xc0) == 0x80;
      code = (code << 6) | (bytes[i + k] & 0x3f);
    }
    ok = ok && code >= min && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
    if (ok) {
      out.append(text, i, length);
      i += length;
    } else {
      out += "\xef\xbf\xbd";
      ++i;
    }
  }
  return out;
}

const FileIo &libc_file_io() {
  static const FileIo io = {
      [](const char *path) { return ::open(path, O_RDONLY | O_CLOEXEC); },
      [](int fd, char *buffer, size_t size) { return long(::read(fd, buffer, size)); },
      [](int fd, const char *data, size_t size) { return long(::write(fd, data, size)); },
      [](int fd) { ::close(fd); },
  };
  return io;
}

}  // namespace interlock::report
