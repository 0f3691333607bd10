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
