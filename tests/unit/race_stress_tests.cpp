// Stress tests of the shadow cell's concurrency protocol (detector/race/shadow_cell.h): real
// threads, released together, hit one ShadowCell the way the runtime does (runtime/access.cpp):
// writers and first-time readers take the cell lock around check_and_record(); readers try
// read_in_place() first. Every trial is built so that its outcome is fully determined by the
// vector clocks, whatever the interleaving: either exactly known pairs race and each must be
// reported by at least one of its two calls, or nothing races and nothing may be reported.
//
// Clocks are data to the detector: a pair is "ordered" when each access's clock covers the
// other's record, even though the threads run at the same time. That lets one trial have a
// single racing pair among many concurrent accesses; if every cross-thread pair raced, the
// writer would always report some bystander and a lost race could never show.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <initializer_list>
#include <memory>
#include <random>
#include <thread>
#include <utility>
#include <vector>

#include "race_test_support.h"

using namespace interlock::race;
using interlock::race::testing::HeapMemory;

namespace {

void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#else
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
#endif
}

void relax_while_locked(unsigned attempt) {
  if (attempt < 64)
    cpu_relax();
  else
    std::this_thread::yield();
}

// A fixed crew of threads that runs one round at a time: every role runs once, on its own
// thread, and all roles start together, so their accesses to the cell really overlap. The start
// is a symmetric barrier (each thread arrives, then waits for all), spinning long enough that
// nobody is still coming back from a yield when the last one arrives. Which thread plays which
// role rotates from round to round, so that no role is always the one on the thread that
// arrives last (on a loaded machine that thread nearly always goes first).
// Thread-safety: run_round() is called by the owning thread only.
class Crew {
 public:
  explicit Crew(unsigned roles) : roles_(roles) {
    for (unsigned i = 1; i < roles_; i++) workers_.emplace_back([this, i] { work(i); });
  }
  ~Crew() {
    stopping_.store(true, std::memory_order_relaxed);
    round_.fetch_add(1, std::memory_order_release);
    for (std::thread &t : workers_) t.join();
  }
  Crew(const Crew &) = delete;
  Crew &operator=(const Crew &) = delete;

  // Runs role(0) .. role(roles - 1) at once; thread i plays role (i + rotation) % roles.
  void run_round(const std::function<void(unsigned)> &role, unsigned rotation) {
    role_ = &role;
    rotation_ = rotation;
    arrived_.store(0, std::memory_order_relaxed);
    finished_.store(0, std::memory_order_relaxed);
    round_.fetch_add(1, std::memory_order_release);
    start_together();
    role(rotation % roles_);
    for (unsigned spins = 0; finished_.load(std::memory_order_acquire) != roles_ - 1; spins++)
      pause_or_yield(spins);
  }

 private:
  // About 100 us of pauses: a thread that is running arrives well within it; past it, another
  // thread needs this core (2-core machines, or a loaded one).
  static constexpr unsigned kSpinsBeforeYield = 4096;

  static void pause_or_yield(unsigned spins) {
    if (spins < kSpinsBeforeYield)
      cpu_relax();
    else
      std::this_thread::yield();
  }

  void start_together() {
    arrived_.fetch_add(1, std::memory_order_acq_rel);
    for (unsigned spins = 0; arrived_.load(std::memory_order_acquire) != roles_; spins++)
      pause_or_yield(spins);
  }

  void work(unsigned index) {
    uint64_t seen = 0;
    for (;;) {
      for (unsigned spins = 0; round_.load(std::memory_order_acquire) == seen; spins++)
        pause_or_yield(spins);
      seen = round_.load(std::memory_order_acquire);
      if (stopping_.load(std::memory_order_relaxed)) return;
      start_together();
      (*role_)((index + rotation_) % roles_);
      finished_.fetch_add(1, std::memory_order_acq_rel);
    }
  }

  const unsigned roles_;
  std::vector<std::thread> workers_;
  const std::function<void(unsigned)> *role_ = nullptr;
  unsigned rotation_ = 0;
  std::atomic<uint64_t> round_{0};
  std::atomic<unsigned> arrived_{0};
  std::atomic<unsigned> finished_{0};
  std::atomic<bool> stopping_{false};
};

// How many trials a test runs: up to `max_trials`, but it stops early (after at least
// `min_trials`) once `seconds` have passed, so that the suite stays short on a loaded machine.
class TrialBudget {
 public:
  TrialBudget(unsigned max_trials, unsigned min_trials, double seconds)
      : max_trials_(max_trials), min_trials_(min_trials),
        deadline_(std::chrono::steady_clock::now() +
                  std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                      std::chrono::duration<double>(seconds))) {}
  bool another(unsigned done) const {
    if (done >= max_trials_) return false;
    return done < min_trials_ || std::chrono::steady_clock::now() < deadline_;
  }

 private:
  unsigned max_trials_, min_trials_;
  std::chrono::steady_clock::time_point deadline_;
};

// Busy-waits a little, so that trials sweep the relative timing of the roles.
void jitter(unsigned pauses) {
  for (unsigned i = 0; i < pauses; i++) cpu_relax();
}

// What one access call returned.
struct Outcome {
  bool found = false;
  Conflict conflict{};
  bool in_place = false;  // a read done by read_in_place(), without the lock
};

// One simulated access: who, when (its clock), what (record) and where from (context).
struct Access {
  Access(uint64_t record_, uint64_t context_, VectorClock clock_)
      : record(record_), context(context_), clock(clock_) {}
  uint64_t record = 0;
  uint64_t context = 0;  // 8-byte aligned, as in the runtime (bit 0 is the cell lock)
  VectorClock clock;
  Outcome outcome;
};

VectorClock clock_of(std::initializer_list<std::pair<Tid, Clock>> entries, HeapMemory &mem) {
  VectorClock clock;
  for (const auto &[tid, value] : entries) clock.set(tid, value, mem);
  return clock;
}

uint64_t context_number(unsigned n) { return uint64_t(n) << 3; }

// The runtime's slow path for a write (access_slow in runtime/access.cpp).
void runtime_write(ShadowCell &cell, Access &a, CellMemory &mem) {
  lock_cell(cell, relax_while_locked);
  a.outcome.found = check_and_record(cell, a.record, a.context, true, a.clock, mem, &a.outcome.conflict);
  unlock_cell(cell);
}

// The runtime's slow path for a read: in place when the cell allows it, else under the lock.
// (The inline fast path, recorded_already(), cannot fire here: every access is the first of its
// thread in its epoch on these bytes.)
void runtime_read(ShadowCell &cell, Access &a, CellMemory &mem) {
  if (read_in_place(cell, a.record, a.context, a.clock, &a.outcome.found, &a.outcome.conflict)) {
    a.outcome.in_place = true;
    return;
  }
  lock_cell(cell, relax_while_locked);
  a.outcome.found = check_and_record(cell, a.record, a.context, false, a.clock, mem, &a.outcome.conflict);
  unlock_cell(cell);
}

// A setup access, single-threaded: must find nothing.
void setup_access(ShadowCell &cell, Access &a, bool is_write, CellMemory &mem) {
  Conflict ignored;
  REQUIRE_FALSE(check_and_record(cell, a.record, a.context, is_write, a.clock, mem, &ignored));
}

bool names(const Conflict &c, const Access &earlier, bool earlier_is_write) {
  return c.is_write == earlier_is_write && record_tid(c.record) == record_tid(earlier.record) &&
         record_clock(c.record) == record_clock(earlier.record) &&
         (c.record & earlier.record & kMaskBits) != 0 && c.context == earlier.context;
}

// The race between `writer` and `reader` was reported by at least one of them, naming the other.
// A conflict naming anyone else is a false report, and fails too.
void require_pair_reported(const Access &writer, const Access &reader) {
  if (writer.outcome.found) REQUIRE(names(writer.outcome.conflict, reader, false));
  if (reader.outcome.found) REQUIRE(names(reader.outcome.conflict, writer, true));
  REQUIRE((writer.outcome.found || reader.outcome.found));
}

// A later write ordered after everything but `reader` must still find that read: the trial did
// not lose it from the cell, whichever way the race was reported.
void require_read_remembered(ShadowCell &cell, const Access &reader, Tid probe_tid,
                             uint8_t probe_mask, VectorClock probe_clock, CellMemory &mem) {
  Conflict conflict{};
  const uint64_t probe = make_record(probe_tid, 1, probe_mask, false);
  REQUIRE(check_and_record(cell, probe, context_number(999), true, probe_clock, mem, &conflict));
  REQUIRE(names(conflict, reader, false));
}

// Tally of who reported a race, for the log: shows the trials really hit both orders.
struct Tally {
  unsigned writer_only = 0, reader_only = 0, both = 0, read_fell_back = 0;
  void count(const Access &writer, const Access &reader) {
    if (writer.outcome.found && reader.outcome.found)
      both++;
    else if (writer.outcome.found)
      writer_only++;
    else
      reader_only++;
    if (!reader.outcome.in_place) read_fell_back++;
  }
};

std::mt19937 &random_source() {
  static std::mt19937 source(20240611);
  return source;
}
unsigned random_below(unsigned n) { return std::uniform_int_distribution<unsigned>(0, n - 1)(random_source()); }

// Random start delays, in pauses: mostly tiny (the threads leave the barrier within a few dozen
// nanoseconds of each other, about the size of the windows that matter), sometimes longer in
// case this machine's skew is bigger.
unsigned random_delay() { return random_below(4) ? random_below(8) : random_below(64); }
// Each stress test stops adding trials after this long (the whole file stays under 10 s).
constexpr double kSecondsPerTest = 1.8;

// Thread ids used below.
constexpr Tid kReaderA = 1, kReaderB = 2, kWriter = 3, kWriter2 = 4, kReaderC = 5;
constexpr Tid kFirstFiller = 10, kFirstAppender = 1000, kProbe = 5000;

const ReadSet *read_set_of(const ShadowCell &cell) {
  REQUIRE(is_pointer(cell.read));
  return detail::as_read_set(cell.read);
}

// Adds readers (ordered before `writer_clock`) until the cell's read set has at least
// `min_capacity` slots of which `free_slots` are free: the `free_slots + 1`-th reader after that
// makes it grow. Returns the capacity.
uint32_t fill_read_set(ShadowCell &cell, uint32_t min_capacity, uint32_t free_slots, VectorClock &writer_clock,
                       HeapMemory &mem) {
  for (Tid tid = kFirstFiller;; tid++) {
    if (is_pointer(cell.read)) {
      const ReadSet *set = read_set_of(cell);
      if (set->capacity >= min_capacity && set->count == set->capacity - free_slots) return set->capacity;
    }
    REQUIRE(tid < kFirstAppender);
    Access filler{make_record(tid, 1, 0xff, false), context_number(tid), clock_of({{tid, 1}}, mem)};
    setup_access(cell, filler, false, mem);
    writer_clock.set(tid, 1, mem);
  }
}

}  // namespace

TEST_CASE("a write racing with an in-place read is reported by one of them", "[stress]") {
  // A and B read at epoch 1 (the cell goes read-shared); the writer is ordered after both reads.
  // A then reads again at epoch 2 while the writer writes: only A's new read races, and either
  // the writer finds it in the read set or A's in-place read finds the write.
  Crew crew(2);
  Tally tally;
  const TrialBudget budget(60000, 500, kSecondsPerTest);
  unsigned trials = 0;
  for (; budget.another(trials); trials++) {
    HeapMemory mem;
    ShadowCell cell{};
    Access a_before{make_record(kReaderA, 1, 0xff, false), context_number(11), clock_of({{kReaderA, 1}}, mem)};
    Access b_before{make_record(kReaderB, 1, 0xff, false), context_number(21), clock_of({{kReaderB, 1}}, mem)};
    setup_access(cell, a_before, false, mem);
    setup_access(cell, b_before, false, mem);
    Access a{make_record(kReaderA, 2, 0xff, false), context_number(12), clock_of({{kReaderA, 2}}, mem)};
    Access w{make_record(kWriter, 1, 0xff, false), context_number(31),
             clock_of({{kReaderA, 1}, {kReaderB, 1}, {kWriter, 1}}, mem)};
    const unsigned delays[2] = {random_delay(), random_delay()};

    crew.run_round(
        [&](unsigned role) {
          jitter(delays[role]);
          if (role == 0)
            runtime_write(cell, w, mem);
          else
            runtime_read(cell, a, mem);
        },
        trials);

    require_pair_reported(w, a);
    // Nothing detaches this read set, so the read never needs the lock.
    REQUIRE(a.outcome.in_place);
    require_read_remembered(cell, a, kProbe, 0xff,
                            clock_of({{kReaderA, 1}, {kReaderB, 1}, {kWriter, 1}, {kProbe, 1}}, mem), mem);
    tally.count(w, a);
  }
  // How the trials went (timing-dependent, so shown rather than asserted).
  WARN("writer reported only: " << tally.writer_only << ", reader only: " << tally.reader_only
                                << ", both: " << tally.both << " of " << trials);
}

TEST_CASE("a write racing with an in-place read is reported while the read set grows", "[stress]") {
  // As above, and a third thread adds readers (ordered with the writer both ways, so they race
  // with nothing) until the read set is replaced by a bigger one, while A updates its entry in
  // place. A's entry comes first or last in the set: first in a big set leaves a long window
  // between the copy of A's entry and the new set's installation, last a long one between the
  // set's detachment and the copy of A's entry.
  Crew crew(3);
  Tally tally;
  const uint32_t kCapacities[] = {2, 60, 120};  // smallest, and two bigger sets
  const unsigned kAppenders = 4;
  const TrialBudget budget(8000, 300, kSecondsPerTest);
  unsigned trials = 0;
  for (; budget.another(trials); trials++) {
    HeapMemory mem;
    ShadowCell cell{};
    Access a_before{make_record(kReaderA, 1, 0xff, false), context_number(11), clock_of({{kReaderA, 1}}, mem)};
    Access b_before{make_record(kReaderB, 1, 0xff, false), context_number(21), clock_of({{kReaderB, 1}}, mem)};
    VectorClock writer_clock = clock_of({{kReaderA, 1}, {kReaderB, 1}, {kWriter, 1}}, mem);
    const uint32_t min_capacity = kCapacities[random_below(3)], free_slots = random_below(3);
    // 0..2 free slots: the growth happens at the 1st, 2nd or 3rd append.
    uint32_t capacity;
    if (random_below(2)) {
      setup_access(cell, a_before, false, mem);
      setup_access(cell, b_before, false, mem);
      capacity = fill_read_set(cell, min_capacity, free_slots, writer_clock, mem);
    } else {
      setup_access(cell, b_before, false, mem);
      capacity = fill_read_set(cell, min_capacity, free_slots + 1, writer_clock, mem);
      setup_access(cell, a_before, false, mem);
    }
    const ReadSet *filled = read_set_of(cell);
    std::vector<Access> appenders;
    for (unsigned i = 0; i < kAppenders; i++) {
      const Tid tid = kFirstAppender + i;
      appenders.push_back({make_record(tid, 1, 0xff, false), context_number(tid), clock_of({{tid, 1}, {kWriter, 1}}, mem)});
      writer_clock.set(tid, 1, mem);
    }
    Access a{make_record(kReaderA, 2, 0xff, false), context_number(12), clock_of({{kReaderA, 2}}, mem)};
    Access w{make_record(kWriter, 1, 0xff, false), context_number(31), writer_clock};
    const unsigned delays[3] = {random_delay(), random_delay(), random_delay()};

    crew.run_round(
        [&](unsigned role) {
          jitter(delays[role]);
          if (role == 0) {
            runtime_write(cell, w, mem);
          } else if (role == 1) {
            runtime_read(cell, a, mem);
          } else {
            for (Access &reader : appenders) runtime_read(cell, reader, mem);
          }
        },
        trials);

    require_pair_reported(w, a);
    for (const Access &reader : appenders) REQUIRE_FALSE(reader.outcome.found);
    // It was replaced (by a bigger set, or one of the same size when the write had emptied
    // half of the entries).
    REQUIRE(read_set_of(cell) != filled);
    REQUIRE(read_set_of(cell)->capacity >= capacity);
    VectorClock probe_clock = writer_clock;
    probe_clock.set(kProbe, 1, mem);
    require_read_remembered(cell, a, kProbe, 0xff, probe_clock, mem);
    tally.count(w, a);
  }
  WARN("writer reported only: " << tally.writer_only << ", reader only: " << tally.reader_only
                                << ", both: " << tally.both << "; in-place read retried under the lock: "
                                << tally.read_fell_back << " of " << trials);
}

TEST_CASE("writers of two halves racing with an in-place reader of the whole granule are reported while it splits",
          "[stress]") {
  // A reads all 8 bytes in place; W1 writes bytes 0-3 and W2 bytes 4-7, so the second writer
  // splits the cell under the reader. Clocks make A race with one of the writers only (each call
  // has at most one partner, so "reported by one of them" is checkable).
  Crew crew(3);
  Tally tally;
  const TrialBudget budget(8000, 300, kSecondsPerTest);
  unsigned trials = 0;
  for (; budget.another(trials); trials++) {
    HeapMemory mem;
    ShadowCell cell{};
    Access a_before{make_record(kReaderA, 1, 0xff, false), context_number(11), clock_of({{kReaderA, 1}}, mem)};
    Access b_before{make_record(kReaderB, 1, 0xff, false), context_number(21), clock_of({{kReaderB, 1}}, mem)};
    setup_access(cell, a_before, false, mem);
    setup_access(cell, b_before, false, mem);
    const bool races_with_first_half = random_below(2);
    const Tid racing_tid = races_with_first_half ? kWriter : kWriter2;
    const Tid ordered_tid = races_with_first_half ? kWriter2 : kWriter;
    Access a{make_record(kReaderA, 2, 0xff, false), context_number(12), clock_of({{kReaderA, 2}, {ordered_tid, 1}}, mem)};
    Access racing{make_record(racing_tid, 1, races_with_first_half ? 0x0f : 0xf0, false), context_number(31),
                  clock_of({{kReaderA, 1}, {kReaderB, 1}, {racing_tid, 1}}, mem)};
    Access ordered{make_record(ordered_tid, 1, races_with_first_half ? 0xf0 : 0x0f, false), context_number(41),
                   clock_of({{kReaderA, 2}, {kReaderB, 1}, {ordered_tid, 1}}, mem)};
    const unsigned delays[3] = {random_delay(), random_delay(), random_delay()};

    crew.run_round(
        [&](unsigned role) {
          jitter(delays[role]);
          switch (role) {
            case 0: runtime_write(cell, racing, mem); break;
            case 1: runtime_read(cell, a, mem); break;
            default: runtime_write(cell, ordered, mem); break;
          }
        },
        trials);

    require_pair_reported(racing, a);
    REQUIRE_FALSE(ordered.outcome.found);
    REQUIRE(is_pointer(cell.write));  // split
    // The probe writes the first byte of the racing writer's half (the other half's write is
    // ordered after A's read and may have superseded it there). The split copies the read set
    // byte by byte, so an update of A's entry lost by the split is most likely missing in the
    // bytes copied first.
    require_read_remembered(cell, a, kProbe, races_with_first_half ? 0x01 : 0x10,
                            clock_of({{kReaderA, 1}, {kReaderB, 1}, {kWriter, 1}, {kWriter2, 1}, {kProbe, 1}}, mem),
                            mem);
    tally.count(racing, a);
  }
  WARN("writer reported only: " << tally.writer_only << ", reader only: " << tally.reader_only
                                << ", both: " << tally.both << "; in-place read retried under the lock: "
                                << tally.read_fell_back << " of " << trials);
}

TEST_CASE("concurrent accesses ordered by their clocks never report through growth and splits", "[stress]") {
  // Every clock covers every record of the trial, so any report is false. Byte masks vary, so
  // trials mix merges, tombstones, appends, growth and splits.
  Crew crew(4);
  const uint8_t kMasks[] = {0xff, 0x0f, 0xf0, 0x3c, 0x01, 0x80};
  const unsigned kAppenders = 3;
  const TrialBudget budget(5000, 300, kSecondsPerTest);
  unsigned trials = 0;
  for (; budget.another(trials); trials++) {
    HeapMemory mem;
    ShadowCell cell{};
    // One clock that covers every access below (each thread's own component is its epoch).
    VectorClock everyone = clock_of({{kReaderA, 2}, {kReaderB, 1}, {kWriter, 1}, {kWriter2, 1}, {kReaderC, 2}}, mem);
    const unsigned fillers = random_below(16);
    for (unsigned i = 0; i < fillers; i++) everyone.set(kFirstFiller + i, 1, mem);
    for (unsigned i = 0; i < kAppenders; i++) everyone.set(kFirstAppender + i, 1, mem);
    auto mask = [&] { return kMasks[random_below(sizeof kMasks)]; };

    const uint8_t a_mask = mask(), c_mask = mask();
    Access a_before{make_record(kReaderA, 1, a_mask, false), context_number(11), everyone};
    Access b_before{make_record(kReaderB, 1, mask(), false), context_number(21), everyone};
    Access c_before{make_record(kReaderC, 1, c_mask, false), context_number(51), everyone};
    setup_access(cell, a_before, false, mem);
    setup_access(cell, b_before, false, mem);
    setup_access(cell, c_before, false, mem);
    for (unsigned i = 0; i < fillers; i++) {
      Access filler{make_record(kFirstFiller + i, 1, mask(), false), context_number(100 + i), everyone};
      setup_access(cell, filler, false, mem);
    }
    // Mostly the same bytes as before (in place), sometimes others (under the lock).
    Access a{make_record(kReaderA, 2, random_below(4) ? a_mask : mask(), false), context_number(12), everyone};
    Access c{make_record(kReaderC, 2, random_below(4) ? c_mask : mask(), false), context_number(52), everyone};
    Access w1{make_record(kWriter, 1, mask(), false), context_number(31), everyone};
    Access w2{make_record(kWriter2, 1, mask(), false), context_number(41), everyone};
    std::vector<Access> appenders;
    for (unsigned i = 0; i < kAppenders; i++)
      appenders.push_back({make_record(kFirstAppender + i, 1, mask(), false), context_number(200 + i), everyone});
    unsigned delays[4];
    for (unsigned &d : delays) d = random_delay();

    crew.run_round(
        [&](unsigned role) {
          jitter(delays[role]);
          switch (role) {
            case 0: runtime_write(cell, w1, mem); break;
            case 1: runtime_read(cell, a, mem); break;
            case 2:
              runtime_write(cell, w2, mem);
              for (Access &reader : appenders) runtime_read(cell, reader, mem);
              break;
            default: runtime_read(cell, c, mem); break;
          }
        },
        trials);

    REQUIRE_FALSE(w1.outcome.found);
    REQUIRE_FALSE(w2.outcome.found);
    REQUIRE_FALSE(a.outcome.found);
    REQUIRE_FALSE(c.outcome.found);
    for (const Access &reader : appenders) REQUIRE_FALSE(reader.outcome.found);
  }
}

TEST_CASE("the cell lock stays held through every kind of update and never shows in a context", "[stress]") {
  // check_and_record() rewrites write_context (which holds the lock bit) on writes, growth and
  // splits; a store that dropped the bit would let a second thread into the cell mid-update.
  HeapMemory mem;
  ShadowCell cell{};
  auto access_locked = [&](Tid tid, uint8_t mask, bool is_write, Conflict *conflict) {
    VectorClock clock = clock_of({{tid, 1}}, mem);
    lock_cell(cell, relax_while_locked);
    const bool found = check_and_record(cell, make_record(tid, 1, mask, false), context_number(tid), is_write,
                                        clock, mem, conflict);
    CHECK((cell.write_context & detail::kCellLockBit) != 0);
    unlock_cell(cell);
    CHECK((cell.write_context & detail::kCellLockBit) == 0);
    return found;
  };
  Conflict conflict{};
  access_locked(1, 0xff, true, &conflict);          // write
  for (Tid reader = 2; reader < 40; reader++)       // read-shared, then growth (twice)
    access_locked(reader, 0xff, false, &conflict);
  REQUIRE(access_locked(40, 0x0f, true, &conflict));  // a write racing with the first
  CHECK(conflict.context == context_number(1));       // the lock bit is not part of it
  REQUIRE(access_locked(41, 0xf0, true, &conflict));  // other bytes by another thread: split
  REQUIRE(is_pointer(cell.write));
  REQUIRE(access_locked(42, 0x03, true, &conflict));  // in the byte cells
  CHECK(conflict.is_write);
  CHECK(conflict.context == context_number(40));
}
