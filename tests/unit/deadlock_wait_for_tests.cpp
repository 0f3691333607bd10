// The wait-for judgement on synthetic snapshots of blocked threads: lock cycles of every length,
// self-deadlock, joins, rwlock modes, threads not blocked long enough, and the all-blocked rule.
#include <catch2/catch.hpp>
#include <set>
#include <vector>

#include "detector/deadlock/wait_for.h"

using namespace interlock::deadlock;

namespace {

// A snapshot under construction: each thread's wait and the locks it holds.
class Snapshot {
 public:
  Snapshot &lock(uint32_t thread, uint64_t lock, std::vector<WaiterHeldLock> held,
                 uint64_t blocked_ms = 500) {
    return add(thread, BlockedOn::kLock, lock, 0, std::move(held), blocked_ms);
  }
  Snapshot &read_lock(uint32_t thread, uint64_t lock, std::vector<WaiterHeldLock> held) {
    return add(thread, BlockedOn::kReadLock, lock, 0, std::move(held), 500);
  }
  Snapshot &join(uint32_t thread, uint32_t joined, std::vector<WaiterHeldLock> held) {
    return add(thread, BlockedOn::kJoin, 0, joined, std::move(held), 500);
  }
  Snapshot &initializer(uint32_t thread, uint32_t initializing) {
    return add(thread, BlockedOn::kInitializer, 0x800, initializing, {}, 500);
  }
  Snapshot &any_thread(uint32_t thread, uint64_t blocked_ms) {
    return add(thread, BlockedOn::kAnyThread, 0x900, 0, {}, blocked_ms);
  }
  Snapshot &add_any_thread_holding(uint32_t thread, uint64_t lock, uint64_t blocked_ms) {
    return add(thread, BlockedOn::kAnyThread, 0x900, 0, {{lock, false}}, blocked_ms);
  }
  Snapshot &recursive() {
    waits_.back().recursive = true;
    return *this;
  }

  DeadlockVerdict judge(size_t live_threads, uint64_t min_cycle_ms = 100,
                        uint64_t all_blocked_ms = 1000) {
    for (size_t i = 0; i < waits_.size(); i++) {
      waits_[i].held = held_[i].data();
      waits_[i].held_count = held_[i].size();
    }
    scratch_.assign(wait_for_scratch_size(waits_.size()) / sizeof(size_t) + 1, 0);
    return find_deadlock(waits_.data(), waits_.size(), live_threads, min_cycle_ms,
                         all_blocked_ms, scratch_.data());
  }

  // The threads of a verdict, as a set.
  std::set<uint32_t> threads_of(const DeadlockVerdict &v) const {
    std::set<uint32_t> threads;
    for (size_t i = 0; i < v.length; i++) threads.insert(waits_[v.members[i]].thread);
    return threads;
  }

  // Each member waits for the next one's thread.
  bool chained(const DeadlockVerdict &v) const {
    for (size_t i = 0; i < v.length; i++)
      if (v.waits_for[i] != v.members[(i + 1) % v.length]) return false;
    return true;
  }

 private:
  Snapshot &add(uint32_t thread, BlockedOn on, uint64_t object, uint32_t joined,
                std::vector<WaiterHeldLock> held, uint64_t blocked_ms) {
    BlockedThreadWait w;
    w.thread = thread;
    w.on = on;
    w.object = object;
    w.joined_thread = joined;
    w.blocked_ms = blocked_ms;
    waits_.push_back(w);
    held_.push_back(std::move(held));
    return *this;
  }

  std::vector<BlockedThreadWait> waits_;
  std::vector<std::vector<WaiterHeldLock>> held_;
  std::vector<size_t> scratch_;
};

WaiterHeldLock held(uint64_t lock) { return {lock, false}; }
WaiterHeldLock held_for_read(uint64_t lock) { return {lock, true}; }

}  // namespace

TEST_CASE("two threads each waiting for the other's lock are a cycle") {
  Snapshot s;
  s.lock(1, 0xB, {held(0xA)}).lock(2, 0xA, {held(0xB)});
  DeadlockVerdict v = s.judge(3);  // a third live thread runs: the cycle is enough
  REQUIRE(v.kind == DeadlockVerdict::kCycle);
  CHECK(s.threads_of(v) == std::set<uint32_t>{1, 2});
  CHECK(s.chained(v));
  CHECK(v.held_slot[0] == 0);
  CHECK(v.held_slot[1] == 0);
}

TEST_CASE("a cycle of five philosophers is found whole, past threads outside it") {
  Snapshot s;
  s.lock(9, 0x100, {});  // waits for philosopher 0's fork, is not in the cycle
  for (uint32_t p = 0; p < 5; p++) s.lock(p, 0x10 + (p + 1) % 5, {held(0x77), held(0x10 + p)});
  DeadlockVerdict v = s.judge(6);
  REQUIRE(v.kind == DeadlockVerdict::kCycle);
  CHECK(s.threads_of(v) == std::set<uint32_t>{0, 1, 2, 3, 4});
  CHECK(s.chained(v));
  for (size_t i = 0; i < v.length; i++) CHECK(v.held_slot[i] == 1);
}

TEST_CASE("a chain that ends in a running thread is no deadlock") {
  Snapshot s;
  s.lock(1, 0xB, {held(0xA)}).lock(2, 0xC, {held(0xB)});  // thread 3 holds C and runs
  CHECK(s.judge(3).kind == DeadlockVerdict::kNone);
}

TEST_CASE("a thread blocked on a non-recursive lock it holds is a cycle of one") {
  Snapshot s;
  s.lock(4, 0xA, {held(0xA)});
  DeadlockVerdict v = s.judge(2);
  REQUIRE(v.kind == DeadlockVerdict::kCycle);
  CHECK(v.length == 1);
  CHECK(v.waits_for[0] == v.members[0]);
}

TEST_CASE("re-locking a recursive mutex is no self-deadlock") {
  Snapshot s;
  s.lock(4, 0xA, {held(0xA)}).recursive();
  CHECK(s.judge(2).kind == DeadlockVerdict::kNone);
}

TEST_CASE("a join on a thread that waits for a lock the joiner holds is a cycle") {
  Snapshot s;
  s.join(0, 1, {held(0xA)}).lock(1, 0xA, {});
  DeadlockVerdict v = s.judge(2);
  REQUIRE(v.kind == DeadlockVerdict::kCycle);
  CHECK(s.threads_of(v) == std::set<uint32_t>{0, 1});
  CHECK(s.chained(v));
}

TEST_CASE("a static initialization that joins a thread waiting for it is a cycle") {
  Snapshot s;
  s.join(0, 1, {}).initializer(1, 0);
  DeadlockVerdict v = s.judge(2);
  REQUIRE(v.kind == DeadlockVerdict::kCycle);
  CHECK(s.threads_of(v) == std::set<uint32_t>{0, 1});
  CHECK(s.chained(v));
}

TEST_CASE("a thread waiting for a static initialization it runs itself is a cycle of one") {
  Snapshot s;
  s.initializer(3, 3);
  DeadlockVerdict v = s.judge(2);
  REQUIRE(v.kind == DeadlockVerdict::kCycle);
  CHECK(v.length == 1);
}

TEST_CASE("waiting for a static initialization whose thread runs on is no deadlock") {
  Snapshot s;
  s.initializer(1, 0).initializer(2, 0);
  CHECK(s.judge(3).kind == DeadlockVerdict::kNone);
}

TEST_CASE("readers do not block readers: a writer waits for every reader") {
  SECTION("two readers of a rwlock each waiting to read the other's: no cycle") {
    Snapshot s;
    s.read_lock(1, 0xB, {held_for_read(0xA)}).read_lock(2, 0xA, {held_for_read(0xB)});
    CHECK(s.judge(3).kind == DeadlockVerdict::kNone);
  }
  SECTION("a writer waiting on a lock read-held by a thread waiting for the writer's lock") {
    Snapshot s;
    s.lock(1, 0xE, {held(0xA)}).lock(2, 0xA, {held_for_read(0xE)});
    DeadlockVerdict v = s.judge(3);
    REQUIRE(v.kind == DeadlockVerdict::kCycle);
    CHECK(s.threads_of(v) == std::set<uint32_t>{1, 2});
  }
  SECTION("a reader waits for a write holder") {
    Snapshot s;
    s.read_lock(1, 0xB, {held(0xA)}).lock(2, 0xA, {held(0xB)});
    CHECK(s.judge(3).kind == DeadlockVerdict::kCycle);
  }
}

TEST_CASE("a thread that has not stayed blocked long enough keeps a cycle from being judged") {
  Snapshot s;
  s.lock(1, 0xB, {held(0xA)}, 500).lock(2, 0xA, {held(0xB)}, 40);
  CHECK(s.judge(3).kind == DeadlockVerdict::kNone);
  CHECK(s.judge(3, /*min_cycle_ms=*/30).kind == DeadlockVerdict::kCycle);
}

TEST_CASE("waits no single thread can end are judged only when every thread is blocked") {
  SECTION("all live threads blocked long enough") {
    Snapshot s;
    s.any_thread(0, 1500).lock(1, 0xA, {}, 1200);
    DeadlockVerdict v = s.judge(2);
    REQUIRE(v.kind == DeadlockVerdict::kAllBlocked);
    CHECK(s.threads_of(v) == std::set<uint32_t>{0, 1});
    CHECK(v.waits_for[0] == kNoThread);
  }
  SECTION("one live thread is not blocked") {
    Snapshot s;
    s.any_thread(0, 5000);
    CHECK(s.judge(2).kind == DeadlockVerdict::kNone);
  }
  SECTION("blocked for less than the timeout") {
    Snapshot s;
    s.any_thread(0, 5000).any_thread(1, 900);
    CHECK(s.judge(2).kind == DeadlockVerdict::kNone);
  }
  SECTION("a zero timeout disables the rule") {
    Snapshot s;
    s.any_thread(0, 5000);
    CHECK(s.judge(1, 100, 0).kind == DeadlockVerdict::kNone);
  }
  SECTION("the holder a blocked thread waits for is named, when it is blocked too") {
    Snapshot s;
    s.lock(1, 0xA, {}, 5000).any_thread(0, 5000);
    s.any_thread(2, 5000);
    DeadlockVerdict v = s.judge(3);
    REQUIRE(v.kind == DeadlockVerdict::kAllBlocked);
    CHECK(v.waits_for[0] == kNoThread);  // nobody blocked holds 0xA (its holder is gone)
    Snapshot t;
    t.lock(1, 0xA, {}, 5000);
    t.add_any_thread_holding(2, 0xA, 5000);
    DeadlockVerdict w = t.judge(2);
    REQUIRE(w.kind == DeadlockVerdict::kAllBlocked);
    CHECK(w.waits_for[0] == 1);
    CHECK(w.held_slot[0] == 0);
    CHECK(w.waits_for[1] == kNoThread);
  }
}

TEST_CASE("large snapshots: 10,000 blocked threads in one chain and a cycle at its end") {
  Snapshot s;
  const uint32_t n = 10000;
  // Thread i holds lock i and waits for lock i + 1; the last waits for lock n - 10.
  for (uint32_t i = 0; i < n; i++) s.lock(i, 0x1000 + (i + 1 < n ? i + 1 : n - 10), {held(0x1000 + i)});
  DeadlockVerdict v = s.judge(n);
  REQUIRE(v.kind == DeadlockVerdict::kCycle);
  CHECK(v.length == 10);
  CHECK(s.chained(v));
}
