// Builders for report-model values used by the report writer tests.
//
// RaceFixture owns every frame, lock and thread it points to, so a test can tweak a field
// (an address, a line, a directory) and rebuild the Finding. Not thread-safe; one per test.
#ifndef INTERLOCK_TESTS_UNIT_REPORT_FIXTURE_H
#define INTERLOCK_TESTS_UNIT_REPORT_FIXTURE_H

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "detector/report/report.h"
#include "detector/report/sink.h"
#include "detector/report/source_reader.h"

namespace interlock::test {

// The canonical example of docs/report-format.md: T2 writes `balance` in withdraw() while T1
// read it earlier in deposit(), both created by main.
struct RaceFixture {
  std::vector<report::Frame> write_stack{{"withdraw(int)", "/src/bank.c", 14, 13},
                                         {"worker(void*)", "/src/bank.c", 30, 5}};
  std::vector<report::Frame> read_stack{{"deposit(int)", "/src/bank.c", 12, 7},
                                        {"worker(void*)", "/src/bank.c", 31, 5}};
  std::vector<report::Frame> t1_creation{{"main", "/src/bank.c", 39, 3}};
  std::vector<report::Frame> t2_creation{{"main", "/src/bank.c", 40, 3}};
  std::vector<report::Frame> lock_stack{{"deposit(int)", "/src/bank.c", 11, 5}};
  std::vector<report::Frame> allocation_stack{{"make_account()", "/src/bank.c", 20, 22}};
  std::vector<report::HeldLock> read_locks;
  std::vector<report::ThreadInfo> threads;
  report::DataRace race;
  report::Finding finding;

  RaceFixture() {
    threads.resize(2);
    threads[0].id = 2;
    threads[0].name = "T2";
    threads[0].created_by = 0;
    threads[1].id = 1;
    threads[1].name = "T1";
    threads[1].created_by = 0;

    report::Access &current = race.accesses[0];
    current.thread = 2;
    current.type = report::AccessType::kWrite;
    current.size = 4;
    current.address = 0x5581c3a1b010;

    report::Access &previous = race.accesses[1];
    previous.thread = 1;
    previous.type = report::AccessType::kRead;
    previous.size = 4;
    previous.address = 0x5581c3a1b010;

    race.memory.kind = report::MemoryKind::kGlobal;
    race.memory.address = 0x5581c3a1b010;
    race.memory.name = "balance";
    race.memory.declared_file = "/src/bank.c";
    race.memory.declared_line = 3;
    race.memory.size = 4;
    race.memory.offset = 0;
    rebuild();
  }

  // Re-points the model at the vectors (call after changing any of them).
  report::Finding &rebuild() {
    race.accesses[0].stack = {write_stack.data(), write_stack.size()};
    race.accesses[1].stack = {read_stack.data(), read_stack.size()};
    race.accesses[1].locks_held = read_locks.data();
    race.accesses[1].lock_count = read_locks.size();
    for (report::HeldLock &lock : read_locks) lock.acquired_at = {lock_stack.data(), lock_stack.size()};
    for (report::ThreadInfo &thread : threads) {
      const std::vector<report::Frame> &creation = thread.id == 1 ? t1_creation : t2_creation;
      if (thread.created_by >= 0) thread.creation_stack = {creation.data(), creation.size()};
    }
    race.memory.allocation_stack = {allocation_stack.data(), allocation_stack.size()};
    race.threads = threads.data();
    race.thread_count = threads.size();
    finding.kind = report::FindingKind::kDataRace;
    finding.race = &race;
    return finding;
  }

  void hold_lock_in_read(uint64_t address) {
    report::HeldLock lock;
    lock.address = address;
    read_locks.push_back(lock);
    rebuild();
  }
};

// A two-fork dining-philosophers cycle, the example of docs/report-format.md: T1 holds 'fork_a'
// (philosophers.c:20) and requests 'fork_b' (:21); T2 holds 'fork_b' (:30) and requests 'fork_a'
// (:31). Three acquisitions take fork_a first, one takes fork_b first, so the suggested order is
// fork_a before fork_b and T2's edge (edges[1]) is the one to change.
struct CycleFixture {
  std::vector<report::LockInfo> locks{{0x55d0c0de1040, "fork_a", false},
                                      {0x55d0c0de1080, "fork_b", false}};
  // T1's held_at runs through std::thread's machinery in system headers (folded in the text;
  // a version directory that does not exist, so no reader finds their source lines).
  std::vector<report::Frame> t1_held{
      {"left_first()", "/src/philosophers.c", 20, 5},
      {"std::__invoke_impl<void, void (*)()>", "/usr/include/c++/0/bits/invoke.h", 61, 14},
      {"std::__invoke<void (*)()>", "/usr/include/c++/0/bits/invoke.h", 96, 14},
      {"thread_entry", "/src/philosophers.c", 50, 3}};
  std::vector<report::Frame> t1_requested{{"left_first()", "/src/philosophers.c", 21, 5}};
  std::vector<report::Frame> t2_held{{"right_first()", "/src/philosophers.c", 30, 5}};
  std::vector<report::Frame> t2_requested{{"right_first()", "/src/philosophers.c", 31, 5}};
  std::vector<report::Frame> t1_creation{{"main", "/src/philosophers.c", 40, 3}};
  std::vector<report::Frame> t2_creation{{"main", "/src/philosophers.c", 41, 3}};
  std::vector<report::LockOrderEdge> edges;
  std::vector<size_t> order{0, 1};
  std::vector<report::ThreadInfo> threads;
  report::LockOrderCycle cycle;
  report::Finding finding;

  CycleFixture() {
    edges.resize(2);
    edges[0].thread = 1;
    edges[0].held = 0;
    edges[0].requested = 1;
    edges[0].observations = 3;
    edges[0].reverse_observations = 1;
    edges[1].thread = 2;
    edges[1].held = 1;
    edges[1].requested = 0;
    edges[1].observations = 1;
    edges[1].reverse_observations = 3;
    threads.resize(2);
    threads[0].id = 1;
    threads[0].name = "T1";
    threads[0].created_by = 0;
    threads[1].id = 2;
    threads[1].name = "T2";
    threads[1].created_by = 0;
    cycle.edge_to_change = 1;
    cycle.observations_following = 3;
    cycle.observations_against = 1;
    rebuild();
  }

  // Re-points the model at the vectors (call after changing any of them). Edge stacks follow
  // the edge's thread: T1's edge gets t1_*, any other t2_*.
  report::Finding &rebuild() {
    for (report::LockOrderEdge &edge : edges) {
      const bool first = edge.thread == 1;
      const std::vector<report::Frame> &held = first ? t1_held : t2_held;
      const std::vector<report::Frame> &requested = first ? t1_requested : t2_requested;
      edge.held_at = {held.data(), held.size()};
      edge.requested_at = {requested.data(), requested.size()};
    }
    for (report::ThreadInfo &thread : threads) {
      const std::vector<report::Frame> &creation = thread.id == 1 ? t1_creation : t2_creation;
      if (thread.created_by >= 0) thread.creation_stack = {creation.data(), creation.size()};
    }
    cycle.locks = locks.data();
    cycle.lock_count = locks.size();
    cycle.edges = edges.data();
    cycle.edge_count = edges.size();
    cycle.suggested_order = order.data();
    cycle.threads = threads.data();
    cycle.thread_count = threads.size();
    finding.kind = report::FindingKind::kLockOrderCycle;
    finding.cycle = &cycle;
    return finding;
  }
};

// Serves source lines from memory: {file, line} -> text.
class FakeSourceReader final : public report::SourceReader {
 public:
  void add(const std::string &file, uint32_t line, const std::string &text) {
    lines_[{file, line}] = text;
  }
  bool line(const char *file, uint32_t line_number, char *buffer, size_t capacity) override {
    auto found = lines_.find({file, line_number});
    if (found == lines_.end() || capacity == 0) return false;
    size_t n = std::min(found->second.size(), capacity - 1);
    found->second.copy(buffer, n);
    buffer[n] = '\0';
    return true;
  }

 private:
  std::map<std::pair<std::string, uint32_t>, std::string> lines_;
};

// A Sink that collects everything into a std::string.
class StringSink final : public report::Sink {
 public:
  void write(const char *data, size_t size) override { text.append(data, size); }
  std::string text;
};

}  // namespace interlock::test

#endif  // INTERLOCK_TESTS_UNIT_REPORT_FIXTURE_H
