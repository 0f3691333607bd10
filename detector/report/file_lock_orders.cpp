// Joining file-lock order records across processes (file_lock_orders.h).
#include "detector/report/file_lock_orders.h"

#include <cstdlib>
#include <deque>
#include <map>
#include <set>
#include <tuple>

#include "detector/deadlock/lock_graph.h"
#include "detector/report/json_emitter.h"
#include "detector/report/json_writer.h"
#include "detector/report/key.h"
#include "detector/report/side_records.h"

namespace interlock::report {

struct FileLockOrders::Lock {
  uint64_t dev = 0, ino = 0, start = 0, end = 0;  // end 0: to any end
  std::string family, name;
  bool read = false;
  auto identity() const { return std::make_tuple(dev, ino, family, start, end); }
};

struct FileLockOrders::Record {
  std::string file;
  int64_t pid = 0;
  std::string command;
  uint32_t thread = 0;
  Lock held, requested;
  std::vector<Lock> also_held;
  std::vector<Frame> held_at, requested_at;
  std::deque<std::string> strings;  // what the frames point into
};

namespace {

bool read_lock(const json::Value &object, FileLockOrders::Lock *lock) {
  if (!object.is_object()) return false;
  const json::Value *end = object.find("end");
  if (!read_record_uint(object, "dev", &lock->dev) ||
      !read_record_uint(object, "ino", &lock->ino) ||
      !read_record_uint(object, "start", &lock->start) || end == nullptr)
    return false;
  if (end->is_null()) {
    lock->end = 0;
  } else if (!read_record_uint(object, "end", &lock->end)) {
    return false;
  }
  const json::Value &family = object["family"], &name = object["name"], &mode = object["mode"];
  if (!family.is_string() || !name.is_string() || !mode.is_string()) return false;
  lock->family = family.as_string();
  lock->name = name.as_string();
  lock->read = mode.as_string() == "read";
  return true;
}

class Memory final : public deadlock::GraphMemory {
 public:
  void *allocate(size_t bytes) override { return std::calloc(1, bytes); }
  void release(void *memory, size_t) override { std::free(memory); }
};

class Collect final : public deadlock::CycleSink {
 public:
  struct Found {
    std::vector<deadlock::CycleEdge> edges;
    std::vector<uint64_t> order;  // lock ids
    size_t edge_to_change = 0;
    uint64_t following = 0, against = 0;
  };
  void on_cycle(const deadlock::CycleReport &cycle) override {
    Found found;
    found.edges.assign(cycle.edges, cycle.edges + cycle.edge_count);
    for (size_t i = 0; i < cycle.suggested_order.lock_count; ++i)
      found.order.push_back(cycle.suggested_order.order[i].address);
    found.edge_to_change = cycle.suggested_order.edge_to_change;
    found.following = cycle.suggested_order.observations_following;
    found.against = cycle.suggested_order.observations_against;
    cycles.push_back(std::move(found));
  }
  std::vector<Found> cycles;
};

}  // namespace

bool is_file_lock_order_name(const std::string &path) { return has_extension(path, ".file-locks"); }

FileLockOrders::FileLockOrders() = default;
FileLockOrders::~FileLockOrders() = default;
std::size_t FileLockOrders::records() const { return records_.size(); }

bool FileLockOrders::add_text(const std::string &name, const std::string &text,
                              InputError *error) {
  std::deque<Record> loaded;
  bool failed = false;
  for_each_record_line(text, [&](std::size_t line_number,
                                 const std::optional<json::Value> &value) {
    Record record;
    record.file = name;
    uint64_t pid = 0, thread = 0;
    const bool ok =
        value && value->is_object() && (*value)["interlock_file_lock_order"].as_int() == 1 &&
        read_record_uint(*value, "pid", &pid) && read_record_uint(*value, "thread", &thread) &&
        read_lock((*value)["held"], &record.held) &&
        read_lock((*value)["requested"], &record.requested) &&
        read_record_frames((*value)["held_at"], &record.strings, &record.held_at) &&
        read_record_frames((*value)["requested_at"], &record.strings, &record.requested_at) &&
        (*value)["also_held"].is_array();
    if (!ok) {
      *error = {name, line_number, "not a file-lock order record"};
      failed = true;
      return false;
    }
    record.pid = static_cast<int64_t>(pid);
    record.thread = static_cast<uint32_t>(thread);
    if ((*value)["command"].is_string()) record.command = (*value)["command"].as_string();
    const json::Value &also = (*value)["also_held"];
    for (std::size_t i = 0; i < also.size(); ++i) {
      Lock lock;
      if (!read_lock(also.at(i), &lock)) {
        *error = {name, line_number, "not a file-lock order record (also_held)"};
        failed = true;
        return false;
      }
      record.also_held.push_back(lock);
    }
    loaded.push_back(std::move(record));
    return true;
  });
  if (failed) return false;
  for (Record &record : loaded) records_.push_back(std::move(record));
  return true;
}

std::vector<LoadedFinding> FileLockOrders::cycles() const {
  std::vector<LoadedFinding> findings;
  if (records_.empty()) return findings;
  // Ids: a lock per identity (x8, never 0), a thread per (record file, thread).
  std::map<std::tuple<uint64_t, uint64_t, std::string, uint64_t, uint64_t>, uint64_t> lock_ids;
  std::map<uint64_t, const Lock *> lock_by_id;
  auto lock_id = [&](const Lock &lock) {
    auto [it, inserted] = lock_ids.emplace(lock.identity(), (lock_ids.size() + 1) * 8);
    if (inserted) lock_by_id[it->second] = &lock;
    return it->second;
  };
  std::map<std::pair<std::string, uint32_t>, uint32_t> thread_ids;
  std::vector<const Record *> thread_record;  // a record of each thread id (its process)
  Memory memory;
  deadlock::LockGraph graph(memory);
  Collect sink;
  for (std::size_t r = 0; r < records_.size(); ++r) {
    const Record &record = records_[r];
    auto [it, inserted] =
        thread_ids.emplace(std::make_pair(record.file, record.thread), thread_ids.size());
    if (inserted) thread_record.push_back(&record);
    std::vector<deadlock::HeldLock> held;
    held.push_back({lock_id(record.held),
                    record.held.read ? deadlock::LockMode::kRead : deadlock::LockMode::kWrite, r});
    for (const Lock &lock : record.also_held)
      held.push_back({lock_id(lock), lock.read ? deadlock::LockMode::kRead : deadlock::LockMode::kWrite,
                      r});
    deadlock::LockRequest request;
    request.thread = it->second;
    request.lock = lock_id(record.requested);
    request.mode = record.requested.read ? deadlock::LockMode::kRead : deadlock::LockMode::kWrite;
    request.requested_at = r;
    request.held = held.data();
    request.held_count = held.size();
    graph.on_request(request, &sink);
  }

  for (const Collect::Found &found : sink.cycles) {
    std::set<std::string> processes;
    for (const deadlock::CycleEdge &edge : found.edges)
      processes.insert(thread_record[edge.thread]->file);
    if (processes.size() < 2) continue;  // inside one process: its own report has it
    const size_t n = found.edges.size();
    std::vector<LockInfo> locks(n);
    std::vector<LockOrderEdge> edges(n);
    std::vector<size_t> order(n);
    std::vector<ThreadInfo> threads;
    std::deque<std::string> names;
    for (size_t i = 0; i < n; ++i) {
      const deadlock::CycleEdge &e = found.edges[i];
      const Lock &from = *lock_by_id[e.from.address];
      locks[i].address = e.from.address;
      names.push_back(from.name);
      locks[i].name = names.back().c_str();
      locks[i].is_rwlock = false;
      locks[i].is_file_lock = true;
      // The record of exactly this pair by this thread holds both stacks; the witness's record
      // (where `from` may have been one of several locks held) is the fallback.
      const Record *witness = &records_[e.requested_at];
      for (const Record &record : records_)
        if (record.file == witness->file && record.thread == witness->thread &&
            lock_id(record.held) == e.from.address && lock_id(record.requested) == e.to.address) {
          witness = &record;
          break;
        }
      LockOrderEdge &edge = edges[i];
      edge.thread = e.thread;
      edge.held = i;
      edge.requested = (i + 1) % n;
      edge.held_for_read = e.from_mode == deadlock::LockMode::kRead;
      edge.requested_for_read = e.to_mode == deadlock::LockMode::kRead;
      edge.held_at = {witness->held_at.data(), witness->held_at.size()};
      edge.requested_at = {witness->requested_at.data(), witness->requested_at.size()};
      edge.observations = e.observations;
      edge.reverse_observations = e.reverse_observations;
      edge.pid = witness->pid;
      edge.command = witness->command.c_str();
      bool known = false;
      for (const ThreadInfo &t : threads) known = known || t.id == e.thread;
      if (!known) {
        ThreadInfo info;
        info.id = e.thread;
        names.push_back((witness->thread == 0 ? std::string("main") : "T" + std::to_string(witness->thread)) +
                        " of process " + std::to_string(witness->pid));
        info.name = names.back().c_str();
        info.created_by = -1;
        threads.push_back(info);
      }
    }
    for (size_t k = 0; k < found.order.size() && k < n; ++k)
      for (size_t i = 0; i < n; ++i)
        if (locks[i].address == found.order[k]) order[k] = i;
    LockOrderCycle cycle;
    cycle.locks = locks.data();
    cycle.lock_count = n;
    cycle.edges = edges.data();
    cycle.edge_count = n;
    cycle.no_preemption = true;
    cycle.suggested_order = order.data();
    cycle.edge_to_change = found.edge_to_change;
    cycle.observations_following = found.following;
    cycle.observations_against = found.against;
    cycle.threads = threads.data();
    cycle.thread_count = threads.size();
    Finding finding;
    finding.kind = FindingKind::kLockOrderCycle;
    finding.cycle = &cycle;
    finding.key = finding_key(finding);
    StringSink sink_text;
    {
      JsonEmitter json(sink_text, /*pretty=*/false);
      RawFileSourceReader sources(libc_file_io());
      write_finding_json(json, finding, &sources);
    }
    std::optional<json::Value> value = json::parse(sink_text.text);
    LoadedFinding loaded;
    std::string problem;
    if (value && read_finding(*value, &loaded, &problem)) findings.push_back(std::move(loaded));
  }
  return findings;
}

}  // namespace interlock::report
