// The lock-order graph on synthetic event sequences: cycles of every length, each filter, the
// Coffman evidence, the suggested order, lock lifetimes and scale.
#include <stdlib.h>

#include <catch2/catch.hpp>
#include <map>
#include <vector>

#include "detector/deadlock/lock_graph.h"

using namespace interlock::deadlock;

namespace {

class HeapMemory final : public GraphMemory {
 public:
  void *allocate(size_t bytes) override {
    live_bytes += bytes;
    return calloc(1, bytes);
  }
  void release(void *memory, size_t bytes) override {
    live_bytes -= bytes;
    free(memory);
  }
  size_t live_bytes = 0;
};

struct SeenCycle {
  uint64_t key;
  std::vector<CycleEdge> edges;
  std::vector<LockEvidence> locks;
  bool no_preemption;
  std::vector<LockRef> order;
  size_t edge_to_change;
  uint64_t following, against;
  bool single_thread;
};

class CollectingSink final : public CycleSink {
 public:
  void on_cycle(const CycleReport &r) override {
    SeenCycle c;
    c.key = r.key;
    c.edges.assign(r.edges, r.edges + r.edge_count);
    c.locks.assign(r.coffman.locks, r.coffman.locks + r.coffman.lock_count);
    c.no_preemption = r.coffman.no_preemption;
    c.order.assign(r.suggested_order.order, r.suggested_order.order + r.suggested_order.lock_count);
    c.edge_to_change = r.suggested_order.edge_to_change;
    c.following = r.suggested_order.observations_following;
    c.against = r.suggested_order.observations_against;
    c.single_thread = r.single_thread;
    cycles.push_back(c);
  }
  std::vector<SeenCycle> cycles;
};

// Plays the runtime: keeps each thread's held list (with recursion counts) and feeds the graph.
class Program {
 public:
  explicit Program(LockGraph::Options options = LockGraph::Options()) : graph(memory, options) {}
  HeapMemory memory;
  LockGraph graph;
  CollectingSink sink;

  void lock(uint32_t thread, uint64_t lock, uint64_t site, LockMode mode = LockMode::kWrite) {
    acquire(thread, lock, site, mode, false);
  }
  void read_lock(uint32_t thread, uint64_t lock, uint64_t site) {
    acquire(thread, lock, site, LockMode::kRead, false);
  }
  // A trylock that fails: the thread backs off without the lock.
  void failed_trylock(uint32_t thread, uint64_t lock, uint64_t site) {
    request(thread, lock, site, LockMode::kWrite, true);
  }
  void unlock(uint32_t thread, uint64_t lock) {
    graph.on_release(thread, lock);
    auto &held = held_[thread];
    for (size_t i = held.size(); i-- > 0;) {
      if (held[i].entry.lock != lock) continue;
      if (--held[i].count == 0) held.erase(held.begin() + long(i));
      return;
    }
  }
  void destroy(uint64_t lock) { graph.on_destroy(lock); }
  void create(uint64_t lock) { graph.on_create(lock); }
  size_t reports() const { return sink.cycles.size(); }
  const SeenCycle &only() const {
    REQUIRE(sink.cycles.size() == 1);
    return sink.cycles[0];
  }

 private:
  struct Held {
    HeldLock entry;
    int count;
  };
  void request(uint32_t thread, uint64_t lock, uint64_t site, LockMode mode, bool is_try) {
    std::vector<HeldLock> held;
    for (const Held &h : held_[thread]) held.push_back(h.entry);
    LockRequest r;
    r.thread = thread;
    r.lock = lock;
    r.mode = mode;
    r.is_try = is_try;
    r.requested_at = site;
    r.held = held.data();
    r.held_count = held.size();
    graph.on_request(r, &sink);
  }
  void acquire(uint32_t thread, uint64_t lock, uint64_t site, LockMode mode, bool is_try) {
    request(thread, lock, site, mode, is_try);
    graph.on_acquired(thread, lock, mode);
    for (Held &h : held_[thread]) {
      if (h.entry.lock == lock) {
        h.count++;
        return;
      }
    }
    held_[thread].push_back(Held{HeldLock{lock, mode, site}, 1});
  }
  std::map<uint32_t, std::vector<Held>> held_;
};

constexpr uint64_t A = 0x1000, B = 0x2000, C = 0x3000, G = 0x4000;

// Thread `t` takes `first` at site s1, then `second` at site s2, and releases both.
void nested(Program &p, uint32_t t, uint64_t first, uint64_t s1, uint64_t second, uint64_t s2) {
  p.lock(t, first, s1);
  p.lock(t, second, s2);
  p.unlock(t, second);
  p.unlock(t, first);
}

}  // namespace

TEST_CASE("AB/BA in two threads is one cycle with both edges and their contexts") {
  Program p;
  nested(p, 1, A, 11, B, 12);
  REQUIRE(p.reports() == 0);
  nested(p, 2, B, 21, A, 22);
  const SeenCycle &c = p.only();
  REQUIRE(c.edges.size() == 2);
  // edges[0] closed the cycle: thread 2 held B (taken at 21) and requested A (at 22).
  CHECK(c.edges[0].thread == 2);
  CHECK(c.edges[0].from.address == B);
  CHECK(c.edges[0].to.address == A);
  CHECK(c.edges[0].held_at == 21);
  CHECK(c.edges[0].requested_at == 22);
  CHECK(c.edges[1].thread == 1);
  CHECK(c.edges[1].from.address == A);
  CHECK(c.edges[1].to.address == B);
  CHECK(c.edges[1].held_at == 11);
  CHECK(c.edges[1].requested_at == 12);
  CHECK(c.edges[0].reverse_observations == 1);
  // Coffman evidence: B is held by 2 and wanted by 1, A held by 1 and wanted by 2, exclusively.
  REQUIRE(c.locks.size() == 2);
  CHECK(c.locks[0].lock.address == B);
  CHECK(c.locks[0].holder_thread == 2);
  CHECK(c.locks[0].requester_thread == 1);
  CHECK(c.locks[0].held_mode == LockMode::kWrite);
  CHECK(c.locks[1].lock.address == A);
  CHECK(c.locks[1].holder_thread == 1);
  CHECK(c.locks[1].requester_thread == 2);
  CHECK(c.no_preemption);
  CHECK(c.key != 0);
}

TEST_CASE("a three-lock cycle over three threads is reported with its three edges in order") {
  Program p;
  nested(p, 1, A, 11, B, 12);
  nested(p, 2, B, 21, C, 22);
  REQUIRE(p.reports() == 0);
  nested(p, 3, C, 31, A, 32);
  const SeenCycle &c = p.only();
  REQUIRE(c.edges.size() == 3);
  for (size_t i = 0; i < 3; i++) CHECK(c.edges[i].to.address == c.edges[(i + 1) % 3].from.address);
  CHECK(c.edges[0].thread == 3);
  CHECK(c.edges[1].thread == 1);
  CHECK(c.edges[2].thread == 2);
}

TEST_CASE("five dining philosophers form one five-edge cycle: the fix reorders philosopher 4") {
  Program p;
  const uint64_t fork[5] = {0x100, 0x200, 0x300, 0x400, 0x500};
  for (uint32_t i = 0; i < 5; i++) nested(p, i, fork[i], 40, fork[(i + 1) % 5], 41);
  const SeenCycle &c = p.only();
  REQUIRE(c.edges.size() == 5);
  const CycleEdge &change = c.edges[c.edge_to_change];
  CHECK(change.thread == 4);
  CHECK(change.from.address == fork[4]);
  CHECK(change.to.address == fork[0]);
  REQUIRE(c.order.size() == 5);
  for (size_t i = 0; i < 5; i++) CHECK(c.order[i].address == fork[i]);
}

TEST_CASE("a cycle of any length: 300 threads in a ring of 300 locks") {
  Program p;
  const uint32_t n = 300;
  for (uint32_t i = 0; i < n; i++) nested(p, i, 0x10000 + 16 * i, 1, 0x10000 + 16 * ((i + 1) % n), 2);
  const SeenCycle &c = p.only();
  CHECK(c.edges.size() == n);
}

TEST_CASE("without report_single_thread, one thread taking AB then BA is not reported") {
  Program p;
  nested(p, 1, A, 11, B, 12);
  nested(p, 1, B, 21, A, 22);
  CHECK(p.reports() == 0);
  CHECK(p.graph.stats().edges == 2);  // the inversion is in the graph, only not a deadlock
}

TEST_CASE("without report_single_thread, a single-thread inversion is reported once a second "
          "thread makes one of its edges") {
  Program p;
  nested(p, 1, A, 11, B, 12);
  nested(p, 1, B, 21, A, 22);
  REQUIRE(p.reports() == 0);
  nested(p, 2, B, 21, A, 22);
  CHECK(p.reports() == 1);
}

LockGraph::Options single_thread_cycles() {
  LockGraph::Options options;
  options.report_single_thread = true;
  return options;
}

TEST_CASE("with report_single_thread, one thread taking AB then BA is reported as one thread's") {
  Program p(single_thread_cycles());
  nested(p, 1, A, 11, B, 12);
  nested(p, 1, B, 21, A, 22);
  const SeenCycle &c = p.only();
  CHECK(c.single_thread);
  REQUIRE(c.edges.size() == 2);
  CHECK(c.edges[0].thread == 1);
  CHECK(c.edges[1].thread == 1);
  CHECK(c.edges[0].requested_at == 22);  // the request that closed it
  CHECK(c.edges[1].requested_at == 12);

  SECTION("and not again when a second thread makes one of its edges") {
    nested(p, 2, B, 31, A, 32);
    nested(p, 2, A, 33, B, 34);
    CHECK(p.reports() == 1);
  }
}

TEST_CASE("with report_single_thread, a cycle two threads made is still not one thread's") {
  Program p(single_thread_cycles());
  nested(p, 1, A, 11, B, 12);
  nested(p, 2, B, 21, A, 22);
  const SeenCycle &c = p.only();
  CHECK_FALSE(c.single_thread);
  CHECK(c.edges[0].thread != c.edges[1].thread);
}

TEST_CASE("with report_single_thread, a path through another thread is preferred") {
  // Thread 2 made B->C and C->A, thread 1 made B->A. Thread 1's A->B then closes both its own
  // A->B->A, found first (shorter), and A->B->C->A with thread 2, which needs no second thread
  // running thread 1's code: that one is reported.
  Program p(single_thread_cycles());
  nested(p, 2, B, 41, C, 42);
  nested(p, 2, C, 43, A, 44);
  nested(p, 1, B, 21, A, 22);
  REQUIRE(p.reports() == 0);
  nested(p, 1, A, 11, B, 12);
  const SeenCycle &c = p.only();
  CHECK_FALSE(c.single_thread);
  CHECK(c.edges.size() == 3);
}

TEST_CASE("with report_single_thread, one thread's inversion under a gate lock is not reported") {
  Program p(single_thread_cycles());
  p.lock(1, G, 1);
  nested(p, 1, A, 11, B, 12);
  nested(p, 1, B, 21, A, 22);
  p.unlock(1, G);
  CHECK(p.reports() == 0);
}

TEST_CASE("with report_single_thread, one thread's read-read rwlock inversion is not reported") {
  Program p(single_thread_cycles());
  p.read_lock(1, A, 11);
  p.read_lock(1, B, 12);
  p.unlock(1, B);
  p.unlock(1, A);
  p.read_lock(1, B, 21);
  p.read_lock(1, A, 22);
  p.unlock(1, A);
  p.unlock(1, B);
  CHECK(p.reports() == 0);
}

TEST_CASE("with report_single_thread, one thread re-locking what it holds makes no cycle") {
  Program p(single_thread_cycles());
  p.lock(1, A, 11);
  p.lock(1, B, 12);
  p.lock(1, A, 13);  // recursive re-lock: no edge B -> A
  p.unlock(1, A);
  p.unlock(1, B);
  p.unlock(1, A);
  CHECK(p.reports() == 0);
}

TEST_CASE("with report_single_thread, a trylock in the other order is no cycle") {
  Program p(single_thread_cycles());
  nested(p, 1, A, 11, B, 12);
  p.lock(1, B, 21);
  p.failed_trylock(1, A, 22);
  p.unlock(1, B);
  CHECK(p.reports() == 0);
}

TEST_CASE("an inversion guarded by a gate lock is not reported") {
  Program p;
  p.lock(1, G, 1);
  nested(p, 1, A, 11, B, 12);
  p.unlock(1, G);
  p.lock(2, G, 2);
  nested(p, 2, B, 21, A, 22);
  p.unlock(2, G);
  CHECK(p.reports() == 0);
  CHECK(p.graph.stats().cycles_filtered + p.graph.stats().searches > 0);

  SECTION("until the inversion also happens outside the gate") {
    nested(p, 2, B, 23, A, 24);
    CHECK(p.reports() == 1);
  }
}

TEST_CASE("a gate held only in read mode by every thread does not guard the cycle") {
  Program p;
  p.read_lock(1, G, 1);
  nested(p, 1, A, 11, B, 12);
  p.unlock(1, G);
  p.read_lock(2, G, 2);
  nested(p, 2, B, 21, A, 22);
  p.unlock(2, G);
  CHECK(p.reports() == 1);
}

TEST_CASE("a trylock edge cannot close a cycle") {
  Program p;
  nested(p, 1, A, 11, B, 12);
  p.lock(2, B, 21);
  p.failed_trylock(2, A, 22);  // backs off
  p.unlock(2, B);
  CHECK(p.reports() == 0);
  CHECK(p.graph.observations(B, A) == 1);  // recorded, for the suggested order

  SECTION("but the same order taken with a blocking lock does") {
    nested(p, 2, B, 21, A, 23);
    CHECK(p.reports() == 1);
  }
}

TEST_CASE("a trylock edge seen first cannot be closed by a later blocking edge either") {
  Program p;
  p.lock(2, B, 21);
  p.failed_trylock(2, A, 22);
  p.unlock(2, B);
  nested(p, 1, A, 11, B, 12);
  CHECK(p.reports() == 0);
}

TEST_CASE("re-acquiring a recursive lock adds no edge") {
  Program p;
  p.lock(1, A, 11);
  p.lock(1, A, 12);
  CHECK(p.graph.stats().edges == 0);
  p.lock(1, B, 13);
  CHECK(p.graph.stats().edges == 1);
  p.unlock(1, B);
  p.unlock(1, A);
  p.unlock(1, A);
  nested(p, 2, B, 21, A, 22);
  CHECK(p.reports() == 1);  // the held lock itself still orders later requests
}

TEST_CASE("a destroyed lock leaves the graph: address reuse makes no false cycle") {
  Program p;
  nested(p, 1, A, 11, B, 12);
  p.destroy(A);
  p.destroy(B);
  CHECK(p.graph.stats().edges == 0);
  CHECK(p.graph.stats().live_locks == 0);
  // New locks at the same addresses, taken in the other order.
  p.create(A);
  p.create(B);
  nested(p, 2, B, 21, A, 22);
  CHECK(p.reports() == 0);
  CHECK(p.graph.stats().edges == 1);
}

TEST_CASE("re-initializing a lock without destroying it also forgets its old edges") {
  Program p;
  nested(p, 1, A, 11, B, 12);
  p.create(A);  // e.g. pthread_mutex_init on memory that held an old mutex
  nested(p, 2, B, 21, A, 22);
  CHECK(p.reports() == 0);
}

TEST_CASE("read locks: readers share, so a cycle needs a writer at every lock") {
  const uint64_t R = 0x5000, M = 0x6000;
  Program p;
  SECTION("read-held and read-requested rwlock: no deadlock") {
    p.read_lock(1, R, 11);
    p.lock(1, M, 12);
    p.unlock(1, M);
    p.unlock(1, R);
    p.lock(2, M, 21);
    p.read_lock(2, R, 22);
    p.unlock(2, R);
    p.unlock(2, M);
    CHECK(p.reports() == 0);
  }
  SECTION("read-held, write-requested: the writer waits for the reader") {
    p.read_lock(1, R, 11);
    p.lock(1, M, 12);
    p.unlock(1, M);
    p.unlock(1, R);
    p.lock(2, M, 21);
    p.lock(2, R, 22);
    p.unlock(2, R);
    p.unlock(2, M);
    REQUIRE(p.reports() == 1);
    const SeenCycle &c = p.only();
    const LockEvidence &r = c.locks[0].lock.address == R ? c.locks[0] : c.locks[1];
    CHECK(r.held_mode == LockMode::kRead);
    CHECK(r.requested_mode == LockMode::kWrite);
  }
  SECTION("write-held, read-requested: the reader waits for the writer") {
    p.lock(1, R, 11);
    p.lock(1, M, 12);
    p.unlock(1, M);
    p.unlock(1, R);
    p.lock(2, M, 21);
    p.read_lock(2, R, 22);
    p.unlock(2, R);
    p.unlock(2, M);
    CHECK(p.reports() == 1);
  }
}

TEST_CASE("the suggested order is the one most acquisitions follow, naming C->A to change") {
  Program p;
  // Locks first seen in the order C, B, A so that creation order cannot decide it.
  p.lock(9, C, 1);
  p.unlock(9, C);
  p.lock(9, B, 1);
  p.unlock(9, B);
  p.lock(9, A, 1);
  p.unlock(9, A);
  for (int i = 0; i < 3; i++) nested(p, 1, A, 11, B, 12);
  for (int i = 0; i < 3; i++) nested(p, 2, B, 21, C, 22);
  nested(p, 3, C, 31, A, 32);
  const SeenCycle &c = p.only();
  const CycleEdge &change = c.edges[c.edge_to_change];
  CHECK(change.from.address == C);
  CHECK(change.to.address == A);
  CHECK(change.thread == 3);
  CHECK(change.held_at == 31);
  CHECK(change.requested_at == 32);
  REQUIRE(c.order.size() == 3);
  CHECK(c.order[0].address == A);
  CHECK(c.order[1].address == B);
  CHECK(c.order[2].address == C);
  CHECK(c.following == 6);
  CHECK(c.against == 1);
}

TEST_CASE("the same cycle seen many times is reported once") {
  Program p;
  SECTION("same locks, over and over") {
    for (int i = 0; i < 100; i++) {
      nested(p, 1, A, 11, B, 12);
      nested(p, 2, B, 21, A, 22);
    }
    CHECK(p.reports() == 1);
  }
  SECTION("fresh lock objects from the same code each time") {
    for (uint64_t i = 0; i < 100; i++) {
      uint64_t a = 0x100000 + 32 * i, b = a + 16;
      nested(p, 1, a, 11, b, 12);
      nested(p, 2 + uint32_t(i), b, 21, a, 22);
      p.destroy(a);
      p.destroy(b);
    }
    CHECK(p.reports() == 1);
  }
  SECTION("but an inversion at other sites is another report") {
    nested(p, 1, A, 11, B, 12);
    nested(p, 2, B, 21, A, 22);
    nested(p, 3, A, 31, C, 32);
    nested(p, 4, C, 41, A, 42);
    CHECK(p.reports() == 2);
    CHECK(p.sink.cycles[0].key != p.sink.cycles[1].key);
  }
}

TEST_CASE("a lock released by a thread that did not hold it weakens no-preemption") {
  Program p;
  p.lock(1, A, 11);
  p.unlock(2, A);  // handed over like a semaphore
  nested(p, 1, A, 11, B, 12);
  nested(p, 2, B, 21, A, 22);
  const SeenCycle &c = p.only();
  CHECK_FALSE(c.no_preemption);
}

// What the graph keeps does not grow with the program's history: destroyed locks and their
// edges are gone, held sets are interned once, and a search on a lock with no path back visits
// nothing. (How long it takes is bench/'s to measure, not a test's.)
TEST_CASE("scale: 1,000 locks held at once and 100,000 locks created and destroyed") {
  Program p;
  const uint64_t base = 0x10000000;
  const uint32_t held = 1000;
  for (int round = 0; round < 2; round++) {
    for (uint32_t i = 0; i < held; i++) p.lock(1, base + 64 * i, 100 + i);
    for (uint32_t i = held; i-- > 0;) p.unlock(1, base + 64 * i);
  }
  const uint64_t long_lived = 0x9000;
  p.lock(2, long_lived, 5);
  for (uint64_t i = 0; i < 100000; i++) {
    uint64_t lock = 0x20000000 + 64 * (i % 4096);  // addresses are reused, incarnations are not
    p.create(lock);
    p.lock(2, lock, 6);
    p.unlock(2, lock);
    p.destroy(lock);
  }
  p.unlock(2, long_lived);
  const GraphStats stats = p.graph.stats();
  CHECK(p.reports() == 0);
  CHECK(stats.edges == uint64_t(held) * (held - 1) / 2);
  CHECK(stats.live_locks == held + 1);
  CHECK(stats.held_sets <= held);
  CHECK(stats.search_states == 0);
  CHECK(stats.truncated_searches == 0);

  SECTION("and the held locks still find a cycle against them") {
    nested(p, 3, base + 64 * (held - 1), 7, base, 8);
    const SeenCycle &c = p.only();
    CHECK(c.edges.size() == 2);
  }
}

TEST_CASE("everything the graph allocated is given back") {
  HeapMemory memory;
  {
    LockGraph graph(memory);
    HeldLock held[2] = {{A, LockMode::kWrite, 1}, {G, LockMode::kWrite, 2}};
    LockRequest r;
    r.thread = 1;
    r.lock = B;
    r.held = held;
    r.held_count = 2;
    graph.on_request(r, nullptr);
    REQUIRE(graph.stats().edges == 2);
    REQUIRE(graph.stats().held_sets == 2);
    graph.on_destroy(A);
    graph.on_destroy(G);
    graph.on_destroy(B);
    CHECK(graph.stats().edges == 0);
    CHECK(graph.stats().held_sets == 0);
  }
  CHECK(memory.live_bytes == 0);
}
