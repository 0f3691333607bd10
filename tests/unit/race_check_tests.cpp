// The FastTrack check of detector/race/shadow_cell.h on synthetic two- and three-thread histories.
#include <catch2/catch.hpp>
#include <cstring>

#include "race_test_support.h"

using namespace interlock::race;
using interlock::race::testing::HeapMemory;
using interlock::race::testing::SimThread;

namespace {

struct Fixture {
  HeapMemory mem;
  ShadowCell cell{};
  Conflict conflict{};

  // Contexts are 8-byte aligned pointers in the runtime (bit 0 is the cell's lock): the tests
  // number them and encode the number the same way.
  bool write(const SimThread &t, uint8_t mask = 0xff, uint64_t ctx = 1, bool atomic = false) {
    return check_and_record(cell, t.record(mask, atomic), ctx << 3, true, t.clock, mem, &conflict);
  }
  bool read(const SimThread &t, uint8_t mask = 0xff, uint64_t ctx = 2, bool atomic = false) {
    return check_and_record(cell, t.record(mask, atomic), ctx << 3, false, t.clock, mem, &conflict);
  }
  // A read by `t` done in place, without the cell lock (read_in_place()): false when the cell
  // is in no state for it; `*found` tells whether it met a conflicting write.
  bool read_without_lock(const SimThread &t, uint8_t mask, uint64_t ctx, bool *found) {
    return read_in_place(cell, t.record(mask), ctx << 3, t.clock, found, &conflict);
  }
  uint64_t earlier_context() const { return conflict.context >> 3; }
  // Thread `tid`'s records up to `clock` need no keeping (CellMemory::settled), as the runtime
  // settles what a lone thread did.
  void settle(Tid tid, Clock clock) {
    settled_clocks[tid] = clock;
    mem.settle_by(settled_clocks.data());
  }
  std::vector<Clock> settled_clocks = std::vector<Clock>(16, 0);
};

}  // namespace

TEST_CASE("unordered writes by two threads race, and the earlier write is named") {
  Fixture f;
  SimThread t1(1, f.mem), t2(2, f.mem);
  REQUIRE_FALSE(f.write(t1, 0xff, 11));
  REQUIRE(f.write(t2, 0xff, 22));
  CHECK(f.conflict.is_write);
  CHECK(record_tid(f.conflict.record) == 1);
  CHECK(f.earlier_context() == 11);
}

TEST_CASE("a write then a read ordered by release/acquire does not race") {
  Fixture f;
  SimThread t1(1, f.mem), t2(2, f.mem);
  VectorClock mutex;
  REQUIRE_FALSE(f.write(t1));
  t1.release_to(mutex, f.mem);
  t2.acquire_from(mutex, f.mem);
  CHECK_FALSE(f.read(t2));
}

TEST_CASE("an acquire of a stale release does not order a later write") {
  Fixture f;
  SimThread t1(1, f.mem), t2(2, f.mem);
  VectorClock mutex;
  t1.release_to(mutex, f.mem);  // published before the write
  REQUIRE_FALSE(f.write(t1));
  t2.acquire_from(mutex, f.mem);
  CHECK(f.read(t2));
  CHECK(f.conflict.is_write);
}

TEST_CASE("concurrent reads do not race with each other") {
  Fixture f;
  SimThread t1(1, f.mem), t2(2, f.mem), t3(3, f.mem);
  CHECK_FALSE(f.read(t1));
  CHECK_FALSE(f.read(t2));
  CHECK_FALSE(f.read(t3));
}

TEST_CASE("a write after concurrent reads races with a read the writer did not see") {
  // t1 and t2 read concurrently (read-shared mode); t3 synchronizes with t1 only, then writes:
  // the race with t2's read must be found even though t1's read came first.
  Fixture f;
  SimThread t1(1, f.mem), t2(2, f.mem), t3(3, f.mem);
  VectorClock sync;
  REQUIRE_FALSE(f.read(t1, 0xff, 101));
  REQUIRE_FALSE(f.read(t2, 0xff, 202));
  t1.release_to(sync, f.mem);
  t3.acquire_from(sync, f.mem);
  REQUIRE(f.write(t3));
  CHECK_FALSE(f.conflict.is_write);
  CHECK(record_tid(f.conflict.record) == 2);
  CHECK(f.earlier_context() == 202);
}

TEST_CASE("read-shared mode keeps every reader among many") {
  Fixture f;
  std::vector<SimThread> readers;
  for (Tid t = 1; t <= 40; t++) readers.emplace_back(t, f.mem);
  for (auto &r : readers) REQUIRE_FALSE(f.read(r, 0xff, 1000 + r.tid));
  // A writer ordered after all readers but #27 races with exactly that one.
  SimThread writer(41, f.mem);
  for (auto &r : readers) {
    if (r.tid == 27) continue;
    VectorClock sync;
    r.release_to(sync, f.mem);
    writer.acquire_from(sync, f.mem);
  }
  REQUIRE(f.write(writer));
  CHECK(record_tid(f.conflict.record) == 27);
  CHECK(f.earlier_context() == 1027);
}

TEST_CASE("disjoint bytes of one granule do not race") {
  Fixture f;
  SimThread t1(1, f.mem), t2(2, f.mem);
  CHECK_FALSE(f.write(t1, granule_mask(0, 1)));
  CHECK_FALSE(f.write(t2, granule_mask(1, 1)));
  CHECK_FALSE(f.read(t1, granule_mask(4, 4)));
}

TEST_CASE("overlapping bytes of different sizes race") {
  Fixture f;
  SimThread t1(1, f.mem), t2(2, f.mem);
  REQUIRE_FALSE(f.write(t1, granule_mask(0, 4)));
  CHECK(f.read(t2, granule_mask(2, 2)));
}

TEST_CASE("two atomic accesses never race: atomic against plain does") {
  Fixture f;
  SimThread t1(1, f.mem), t2(2, f.mem), t3(3, f.mem);
  REQUIRE_FALSE(f.write(t1, 0xff, 1, /*atomic=*/true));
  CHECK_FALSE(f.write(t2, 0xff, 1, /*atomic=*/true));
  CHECK_FALSE(f.read(t1, 0xff, 1, /*atomic=*/true));
  CHECK(f.read(t3, 0xff, 1, /*atomic=*/false));
}

TEST_CASE("accesses by one thread never race with each other") {
  Fixture f;
  SimThread t1(1, f.mem);
  VectorClock sync;
  CHECK_FALSE(f.write(t1));
  CHECK_FALSE(f.read(t1));
  t1.release_to(sync, f.mem);  // a new epoch of the same thread
  CHECK_FALSE(f.write(t1, 0x0f));
  CHECK_FALSE(f.read(t1));
}

TEST_CASE("an ordered write clears reads it covers, so later ordered writes stay silent") {
  Fixture f;
  SimThread t1(1, f.mem), t2(2, f.mem), t3(3, f.mem);
  VectorClock a, b;
  REQUIRE_FALSE(f.read(t1));
  t1.release_to(a, f.mem);
  t2.acquire_from(a, f.mem);
  REQUIRE_FALSE(f.write(t2));
  t2.release_to(b, f.mem);
  t3.acquire_from(b, f.mem);
  CHECK_FALSE(f.write(t3));
  CHECK_FALSE(f.read(t3));
}

TEST_CASE("a read races with an unordered earlier write even after the reader read before") {
  Fixture f;
  SimThread t1(1, f.mem), t2(2, f.mem);
  REQUIRE_FALSE(f.read(t2));
  REQUIRE(f.write(t1));  // races with t2's read: reported here...
  CHECK_FALSE(f.conflict.is_write);
  // ...and t2 reading again now races with t1's write.
  CHECK(f.read(t2));
  CHECK(f.conflict.is_write);
}

TEST_CASE("fields of one granule keep their own history: the race on each is found") {
  // t1 writes width (bytes 0-3) then height (bytes 4-7) in one epoch at two source sites; an
  // unordered reader of width must be told about the width write, not the height write.
  Fixture f;
  SimThread t1(1, f.mem), t2(2, f.mem);
  REQUIRE_FALSE(f.write(t1, granule_mask(0, 4), /*ctx=*/21));
  REQUIRE_FALSE(f.write(t1, granule_mask(4, 4), /*ctx=*/22));
  REQUIRE(f.read(t2, granule_mask(0, 4), 31));
  CHECK(f.earlier_context() == 21);
  CHECK(record_mask(f.conflict.record) & granule_mask(0, 4));
  REQUIRE(f.read(t2, granule_mask(4, 4), 32));
  CHECK(f.earlier_context() == 22);
}

TEST_CASE("after a split, the earlier access is named with all the bytes it shares with the racing one") {
  // The report's size of the earlier access comes from the conflict's mask: a 4-byte write kept
  // in byte cells must still read as 4 bytes, and bytes of another access must not be added.
  Fixture f;
  SimThread t1(1, f.mem), t2(2, f.mem);
  REQUIRE_FALSE(f.write(t1, granule_mask(0, 4), /*ctx=*/21));
  REQUIRE_FALSE(f.write(t1, granule_mask(4, 4), /*ctx=*/22));
  REQUIRE(f.read(t2, granule_mask(0, 4), 31));
  CHECK(f.earlier_context() == 21);
  CHECK(record_mask(f.conflict.record) == granule_mask(0, 4));
  REQUIRE(f.read(t2, granule_mask(2, 4), 32));
  CHECK(f.earlier_context() == 21);
  CHECK(record_mask(f.conflict.record) == granule_mask(2, 2));
}

TEST_CASE("after a split, the earlier access is named by one unbroken run of its bytes") {
  // Byte 1 of t1's 4-byte write was written again at another site: what a reader of bytes 0-3
  // is told about the first write is byte 0 alone (an offset and a size), not bytes 0, 2 and 3.
  Fixture f;
  SimThread t1(1, f.mem), t2(2, f.mem);
  REQUIRE_FALSE(f.write(t1, granule_mask(0, 4), /*ctx=*/21));
  REQUIRE_FALSE(f.write(t1, granule_mask(1, 1), /*ctx=*/23));
  REQUIRE(f.read(t2, granule_mask(0, 4), 31));
  CHECK(f.earlier_context() == 21);
  CHECK(record_mask(f.conflict.record) == granule_mask(0, 1));
}

TEST_CASE("adjacent bytes written by different threads do not race, and a third writer races with the right one") {
  Fixture f;
  SimThread t1(1, f.mem), t2(2, f.mem), t3(3, f.mem);
  VectorClock sync;
  REQUIRE_FALSE(f.write(t1, granule_mask(0, 1), 10));
  REQUIRE_FALSE(f.write(t2, granule_mask(1, 1), 20));
  t2.release_to(sync, f.mem);
  t3.acquire_from(sync, f.mem);  // ordered after t2 only
  CHECK_FALSE(f.write(t3, granule_mask(1, 1), 30));
  REQUIRE(f.write(t3, granule_mask(0, 1), 31));
  CHECK(f.earlier_context() == 10);
  CHECK(record_tid(f.conflict.record) == 1);
}

TEST_CASE("a byte loop at one site in one epoch stays one record (no split)") {
  Fixture f;
  SimThread t1(1, f.mem);
  for (unsigned b = 0; b < 8; b++) REQUIRE_FALSE(f.write(t1, granule_mask(b, 1), 7));
  CHECK(f.cell.write == t1.record(0xff));
}

TEST_CASE("an older epoch's bytes survive a newer write of other bytes by the same thread") {
  // Merging across epochs would make byte 0 look newer than it is and invent a race.
  Fixture f;
  SimThread t1(1, f.mem), t2(2, f.mem);
  VectorClock first_unlock;
  REQUIRE_FALSE(f.write(t1, granule_mask(0, 1), 1));
  t1.release_to(first_unlock, f.mem);
  REQUIRE_FALSE(f.write(t1, granule_mask(1, 1), 2));
  t2.acquire_from(first_unlock, f.mem);
  CHECK_FALSE(f.read(t2, granule_mask(0, 1)));
  CHECK(f.read(t2, granule_mask(1, 1)));
}

TEST_CASE("concurrent readers of different fields are all kept after a split") {
  Fixture f;
  SimThread t1(1, f.mem), t2(2, f.mem), t3(3, f.mem);
  REQUIRE_FALSE(f.read(t1, granule_mask(0, 4), 1));
  REQUIRE_FALSE(f.read(t2, granule_mask(0, 4), 2));  // read-shared
  REQUIRE_FALSE(f.write(t3, granule_mask(4, 4), 3));  // other bytes: no race
  // A write to bytes 0-3 by a thread ordered after neither reader races with one of them.
  SimThread t4(4, f.mem);
  REQUIRE(f.write(t4, granule_mask(0, 4), 4));
  CHECK_FALSE(f.conflict.is_write);
}

TEST_CASE("an atomic access never takes the place of the same thread's plain record") {
  // t1 accesses x plainly, then atomically; t2's unordered atomic access still races with the
  // plain one (atomic/atomic pairs do not race, so forgetting the plain record would hide it).
  SECTION("plain write, then atomic write") {
    Fixture f;
    SimThread t1(1, f.mem), t2(2, f.mem);
    REQUIRE_FALSE(f.write(t1, 0xff, 1));
    REQUIRE_FALSE(f.write(t1, 0xff, 2, /*atomic=*/true));
    CHECK(f.read(t2, 0xff, 3, /*atomic=*/true));
    CHECK(f.earlier_context() == 1);
  }
  SECTION("plain read, then atomic read, same epoch") {
    Fixture f;
    SimThread t1(1, f.mem), t2(2, f.mem);
    REQUIRE_FALSE(f.read(t1, 0xff, 1));
    REQUIRE_FALSE(f.read(t1, 0xff, 2, /*atomic=*/true));
    CHECK(f.write(t2, 0xff, 3, /*atomic=*/true));
    CHECK(f.earlier_context() == 1);
  }
  SECTION("plain read, then atomic read in a later epoch") {
    Fixture f;
    SimThread t1(1, f.mem), t2(2, f.mem);
    VectorClock unrelated;
    REQUIRE_FALSE(f.read(t1, 0xff, 1));
    t1.release_to(unrelated, f.mem);
    REQUIRE_FALSE(f.read(t1, 0xff, 2, /*atomic=*/true));
    CHECK(f.write(t2, 0xff, 3, /*atomic=*/true));
    CHECK(f.earlier_context() == 1);
  }
  SECTION("in a read set too") {
    Fixture f;
    SimThread t1(1, f.mem), t2(2, f.mem), t3(3, f.mem);
    REQUIRE_FALSE(f.read(t1, 0xff, 1));
    REQUIRE_FALSE(f.read(t3, 0xff, 4));  // read-shared now
    REQUIRE_FALSE(f.read(t1, 0xff, 2, /*atomic=*/true));
    CHECK(f.write(t2, 0xff, 3, /*atomic=*/true));
  }
}

TEST_CASE("a split cell knows the last access recorded in its bytes from one cache line") {
  // Another thread's field and this thread's field in one granule split the cell; a repeat of
  // this thread's last write, or a read of what it wrote, in the same epoch is known without
  // walking the byte cells, and a read stays on the inline fast path (the cell's read slot holds
  // its record).
  Fixture f;
  SimThread t1(1, f.mem), t2(2, f.mem);
  REQUIRE_FALSE(f.write(t2, granule_mask(0, 4), 20));
  REQUIRE_FALSE(f.write(t1, granule_mask(4, 2), 21));
  REQUIRE_FALSE(f.write(t1, granule_mask(6, 2), 22));
  REQUIRE(is_pointer(f.cell.write));
  CHECK(already_recorded_in_bytes(f.cell, t1.record(granule_mask(6, 2)), /*is_write=*/true));
  CHECK(already_recorded_in_bytes(f.cell, t1.record(granule_mask(6, 2)), /*is_write=*/false));
  // Both of this thread's writes are cached, merged: alternating between them stays in the
  // cache, and a read of both stays on the inline fast path.
  CHECK(f.cell.read == t1.record(granule_mask(4, 4)));
  CHECK(f.cell.read_context == t1.record(granule_mask(4, 4)));
  CHECK(already_recorded_in_bytes(f.cell, t1.record(granule_mask(4, 4)), /*is_write=*/true));
  // Not an atomic write (its record differs), nor a write of another epoch.
  CHECK_FALSE(already_recorded_in_bytes(f.cell, t1.record(granule_mask(4, 4), true), true));
  VectorClock sync;
  t1.release_to(sync, f.mem);
  CHECK_FALSE(already_recorded_in_bytes(f.cell, t1.record(granule_mask(4, 4)), true));
}

TEST_CASE("one thread's accesses of a granule from several sites in one epoch stay one record") {
  // A byte buffer read at several places keeps one record (no byte cells) and one context per
  // byte: a racing write is told the site that read each byte, and the bytes read there.
  Fixture f;
  SimThread t1(1, f.mem), t2(2, f.mem);
  for (unsigned b = 0; b < 8; b++) REQUIRE_FALSE(f.read(t1, granule_mask(b, 1), 10 + b / 2));
  CHECK(f.cell.read == t1.record(0xff));
  CHECK_FALSE(is_pointer(f.cell.write));
  CHECK(f.mem.live_byte_contexts == 1);
  SECTION("a racing write is told the first common byte's site and its bytes") {
    REQUIRE(f.write(t2, granule_mask(1, 5), 20));
    CHECK_FALSE(f.conflict.is_write);
    CHECK(f.earlier_context() == 10);
    CHECK(record_mask(f.conflict.record) == granule_mask(1, 1));
    REQUIRE(f.read(t1, granule_mask(3, 1), 19));  // and the write is recorded
    CHECK(f.earlier_context() == 20);
  }
  SECTION("a later read of every byte replaces the record and frees the contexts") {
    VectorClock sync;
    t1.release_to(sync, f.mem);
    REQUIRE_FALSE(f.read(t1, 0xff, 30));
    CHECK(f.mem.live_byte_contexts == 0);
  }
  SECTION("a concurrent reader keeps each site's read with its context") {
    SimThread t3(3, f.mem), t4(4, f.mem);
    REQUIRE_FALSE(f.read(t3, granule_mask(0, 1), 30));
    REQUIRE(is_pointer(f.cell.read));
    CHECK(f.mem.live_byte_contexts == 0);  // the set names the memory's kept copy
    REQUIRE(f.write(t4, granule_mask(4, 2), 40));
    CHECK(f.earlier_context() == 12);
    CHECK(record_mask(f.conflict.record) == granule_mask(4, 2));
    REQUIRE(f.write(t4, granule_mask(1, 2), 41));
    CHECK(f.earlier_context() == 10);
    CHECK(record_mask(f.conflict.record) == granule_mask(1, 1));  // the run of one site
  }
  SECTION("a later read of some bytes keeps each other byte's read with its context") {
    VectorClock sync;
    SimThread t3(3, f.mem);
    t1.release_to(sync, f.mem);
    t3.acquire_from(sync, f.mem);
    REQUIRE_FALSE(f.read(t3, granule_mask(0, 2), 30));  // ordered after t1: reads bytes 0-1
    REQUIRE(is_pointer(f.cell.read));  // t1's reads of bytes 2-7 are kept beside it
    CHECK_FALSE(is_pointer(f.cell.write));
    CHECK(f.mem.live_byte_contexts == 0);
    SimThread t4(4, f.mem);
    REQUIRE(f.write(t4, granule_mask(6, 2), 40));
    CHECK(f.earlier_context() == 13);
  }
  SECTION("the cell's overflow goes back with the cell") {
    release_overflow(f.cell, f.mem);
    CHECK(f.mem.live_byte_contexts == 0);
  }
}

TEST_CASE("2- and 4-byte elements written at several sites keep one context per pair of bytes") {
  // An unrolled loop writing four 2-byte elements of a granule, each at its own site, in one
  // epoch: one record, with the pair form of per-byte contexts (half the memory of one context
  // per byte).
  Fixture f;
  SimThread t1(1, f.mem), t2(2, f.mem), t3(3, f.mem);
  for (unsigned e = 0; e < 4; e++) REQUIRE_FALSE(f.write(t1, granule_mask(2 * e, 2), 10 + e));
  CHECK(f.cell.write == t1.record(0xff));
  CHECK(f.mem.live_byte_contexts == 1);
  CHECK(f.mem.live_pair_contexts == 1);
  CHECK(detail::is_pair_contexts(f.cell.write_context));
  SECTION("a racing write is told the site of the first common byte and its bytes") {
    // (The write splits the granule into bytes, each with its own context: the element written
    // at that site is named whole, bytes 4-5.)
    REQUIRE(f.write(t2, granule_mask(5, 2), 20));
    CHECK(f.conflict.is_write);
    CHECK(f.earlier_context() == 12);
    CHECK(record_mask(f.conflict.record) == granule_mask(4, 2));
  }
  SECTION("a byte written at another site splits its pair: every byte keeps its context") {
    REQUIRE_FALSE(f.write(t1, granule_mask(3, 1), 14));
    CHECK(f.mem.live_pair_contexts == 0);
    CHECK(f.mem.live_byte_contexts == 1);
    CHECK_FALSE(detail::is_pair_contexts(f.cell.write_context));
    REQUIRE(f.write(t2, granule_mask(2, 2), 20));
    CHECK(f.earlier_context() == 11);
    CHECK(record_mask(f.conflict.record) == granule_mask(2, 1));
    REQUIRE(f.read(t3, granule_mask(6, 2), 30));  // t2's write is recorded over bytes 2-3 only
    CHECK(f.earlier_context() == 13);
  }
  SECTION("4-byte halves read at two sites, then a racing write") {
    Fixture g;
    REQUIRE_FALSE(g.read(t1, granule_mask(0, 4), 40));
    REQUIRE_FALSE(g.read(t1, granule_mask(4, 4), 41));
    CHECK(g.mem.live_pair_contexts == 1);
    REQUIRE(g.write(t2, granule_mask(6, 1), 50));
    CHECK_FALSE(g.conflict.is_write);
    CHECK(g.earlier_context() == 41);
    CHECK(record_mask(g.conflict.record) == granule_mask(6, 1));
  }
  SECTION("the cell's overflow goes back with the cell") {
    release_overflow(f.cell, f.mem);
    CHECK(f.mem.live_byte_contexts == 0);
  }
}

TEST_CASE("a write covering every byte of a record with contexts per byte frees them") {
  Fixture f;
  SimThread t1(1, f.mem), t2(2, f.mem);
  REQUIRE_FALSE(f.write(t1, granule_mask(0, 4), 21));
  REQUIRE_FALSE(f.write(t1, granule_mask(4, 4), 22));
  CHECK(f.mem.live_byte_contexts == 1);
  REQUIRE_FALSE(f.write(t1, 0xff, 23));
  CHECK(f.mem.live_byte_contexts == 0);
  REQUIRE(f.read(t2, granule_mask(4, 4), 31));
  CHECK(f.earlier_context() == 23);
}

TEST_CASE("a split cell's cache holds the last recorder only, so a third thread meets a repeat") {
  // t1 writes byte 0 (split by t2's neighbouring write), t2 overwrites byte 0 unordered (race),
  // then t1 writes byte 0 again in the same epoch: it must be recorded again, not skipped by a
  // cache claim that predates t2's write, so that t3, ordered after t2 only, races with it.
  Fixture f;
  SimThread t1(1, f.mem), t2(2, f.mem), t3(3, f.mem);
  VectorClock sync;
  REQUIRE_FALSE(f.write(t1, granule_mask(0, 1), 10));
  REQUIRE_FALSE(f.write(t2, granule_mask(1, 1), 20));
  REQUIRE(is_pointer(f.cell.write));
  REQUIRE(f.write(t2, granule_mask(0, 1), 21));
  CHECK_FALSE(already_recorded_in_bytes(f.cell, t1.record(granule_mask(0, 1)), true));
  f.write(t1, granule_mask(0, 1), 11);
  t2.release_to(sync, f.mem);
  t3.acquire_from(sync, f.mem);
  REQUIRE(f.write(t3, granule_mask(0, 1), 30));
  CHECK(record_tid(f.conflict.record) == 1);
}

TEST_CASE("a granule of two 4-byte values written in different epochs splits into halves") {
  // An array of 4-byte values: a whole-granule write in one epoch, then one value rewritten in a
  // later epoch. Each half keeps its own history in a lane pair, one cache line instead of eight
  // byte cells.
  Fixture f;
  SimThread t1(1, f.mem), t2(2, f.mem);
  VectorClock first;
  REQUIRE_FALSE(f.write(t1, 0xff, 10));
  t1.release_to(first, f.mem);
  REQUIRE_FALSE(f.write(t1, granule_mask(0, 4), 11));
  REQUIRE(is_pointer(f.cell.write));
  CHECK(detail::lanes_of(f.cell.write).count == 2);
  CHECK(detail::lanes_of(f.cell.write).mask(0) == granule_mask(0, 4));
  CHECK(already_recorded_in_bytes(f.cell, t1.record(granule_mask(0, 4)), /*is_write=*/true));
  CHECK_FALSE(already_recorded_in_bytes(f.cell, t1.record(granule_mask(4, 4)), /*is_write=*/true));
  t2.acquire_from(first, f.mem);  // ordered after the whole write, not the second one

  SECTION("each half is judged by its own write") {
    CHECK_FALSE(f.read(t2, granule_mask(4, 4), 20));
    REQUIRE(f.read(t2, granule_mask(0, 4), 21));
    CHECK(f.earlier_context() == 11);
    CHECK(record_mask(f.conflict.record) == granule_mask(0, 4));
  }
  SECTION("one access of both halves names the run of bytes of the same earlier write") {
    REQUIRE_FALSE(f.write(t1, granule_mask(4, 4), 11));  // now both halves hold the same write
    REQUIRE(f.read(t2, 0xff, 22));
    CHECK(f.earlier_context() == 11);
    CHECK(record_mask(f.conflict.record) == 0xff);
  }
  SECTION("a third record moves the granule to byte lanes and keeps the other bytes' epochs") {
    VectorClock second;
    t1.release_to(second, f.mem);
    REQUIRE_FALSE(f.write(t1, granule_mask(5, 1), 12));  // third epoch, byte 5 only
    const detail::Lanes lanes = detail::lanes_of(f.cell.write);
    CHECK(lanes.count == 8);
    for (unsigned i = 0; i < lanes.count; i++) CHECK_FALSE(is_pointer(lanes.cell[i].write));
    CHECK(f.mem.retired_lane_pairs == 1);  // the pair, which a reader may still be looking at
    CHECK_FALSE(f.read(t2, granule_mask(4, 1), 23));  // byte 4: the first write only
    REQUIRE(f.read(t2, granule_mask(5, 1), 24));
    CHECK(f.earlier_context() == 12);
    REQUIRE(f.read(t2, granule_mask(2, 4), 25));  // the second write (bytes 0-3) comes first
    CHECK(f.earlier_context() == 11);
    CHECK(record_mask(f.conflict.record) == granule_mask(0, 4));
  }
  SECTION("a byte written into another thread's word splits it into bytes at once") {
    Fixture g;
    SimThread t3(3, g.mem), t4(4, g.mem);
    VectorClock handoff;
    REQUIRE_FALSE(g.write(t3, 0xff, 30));
    t3.release_to(handoff, g.mem);
    t4.acquire_from(handoff, g.mem);
    REQUIRE_FALSE(g.write(t4, granule_mask(7, 1), 40));  // another thread's byte: a split
    CHECK(detail::lanes_of(g.cell.write).count == 8);
    CHECK(g.mem.retired_lane_pairs == 0);
  }
  SECTION("another thread's half of the word: a pair") {
    Fixture g;
    SimThread t3(3, g.mem), t4(4, g.mem);
    REQUIRE_FALSE(g.write(t3, granule_mask(0, 4), 30));
    REQUIRE_FALSE(g.write(t4, granule_mask(4, 4), 40));
    CHECK(detail::lanes_of(g.cell.write).count == 2);
  }
}

TEST_CASE("a byte written into a word written in an earlier epoch splits it into a pair of lanes") {
  // A byte buffer written whole, then one byte of it rewritten after a release (a compressor's
  // output, a flag array): two records, one cache line of lanes instead of eight byte cells.
  // Lane 0 holds bytes 0-2 and 4-7 (not one run), lane 1 byte 3.
  Fixture f;
  SimThread t1(1, f.mem), t2(2, f.mem), t3(3, f.mem);
  VectorClock first;
  REQUIRE_FALSE(f.write(t1, 0xff, 10));
  t1.release_to(first, f.mem);
  REQUIRE_FALSE(f.write(t1, granule_mask(3, 1), 11));
  const detail::Lanes lanes = detail::lanes_of(f.cell.write);
  REQUIRE(lanes.count == 2);
  CHECK(lanes.mask(0) == (0xff & ~granule_mask(3, 1)));
  CHECK(already_recorded_in_bytes(f.cell, t1.record(granule_mask(3, 1)), /*is_write=*/true));
  CHECK_FALSE(already_recorded_in_bytes(f.cell, t1.record(granule_mask(2, 2)), /*is_write=*/true));

  SECTION("each byte is judged by its own write") {
    t2.acquire_from(first, f.mem);  // ordered after the whole write, not the byte's
    CHECK_FALSE(f.read(t2, granule_mask(4, 4), 20));
    CHECK_FALSE(f.read(t2, granule_mask(0, 3), 21));
    REQUIRE(f.read(t2, 0xff, 22));
    CHECK(f.earlier_context() == 11);
    CHECK(record_mask(f.conflict.record) == granule_mask(3, 1));
  }
  SECTION("a race names the unbroken run of the earlier write around the first common byte") {
    REQUIRE(f.write(t3, 0xff, 30));  // unordered with both writes: the first byte's comes first
    CHECK(f.earlier_context() == 10);
    CHECK(record_mask(f.conflict.record) == granule_mask(0, 3));
  }
  SECTION("a race beyond the lane's first run names the run it falls in") {
    REQUIRE(f.read(t3, granule_mask(5, 2), 31));
    CHECK(f.earlier_context() == 10);
    CHECK(record_mask(f.conflict.record) == granule_mask(4, 4));
  }
  SECTION("a third record moves the granule to bytes, each keeping its epoch") {
    VectorClock second;
    t1.release_to(second, f.mem);
    REQUIRE_FALSE(f.write(t1, granule_mask(5, 1), 12));
    CHECK(detail::lanes_of(f.cell.write).count == 8);
    CHECK(f.mem.retired_lane_pairs == 1);
    t2.acquire_from(first, f.mem);
    CHECK_FALSE(f.read(t2, granule_mask(4, 1), 23));
    CHECK_FALSE(f.read(t2, granule_mask(6, 2), 24));
    REQUIRE(f.read(t2, granule_mask(5, 1), 25));
    CHECK(f.earlier_context() == 12);
    REQUIRE(f.read(t2, granule_mask(3, 1), 26));
    CHECK(f.earlier_context() == 11);
  }
}

TEST_CASE("a settled write is replaced by a write of some of its bytes, not split") {
  // What the process's only thread did before it started another happens before every later
  // access (CellMemory::settled): a worker's byte written into a word the main thread cleared
  // then takes the write slot alone, where otherwise the word would split into byte lanes.
  Fixture f;
  SimThread main_thread(1, f.mem), worker(2, f.mem), other(3, f.mem);
  VectorClock start;
  REQUIRE_FALSE(f.write(main_thread, 0xff, 10));
  main_thread.release_to(start, f.mem);
  worker.acquire_from(start, f.mem);
  SECTION("settled: no lanes; the other bytes meet nothing, the byte meets the worker") {
    f.settle(1, 1);
    other.acquire_from(start, f.mem);
    REQUIRE_FALSE(f.write(worker, granule_mask(3, 1), 20));
    CHECK(f.cell.write == worker.record(granule_mask(3, 1)));
    CHECK_FALSE(f.read(other, granule_mask(4, 4), 30));
    REQUIRE(f.read(other, granule_mask(3, 1), 31));
    CHECK(f.earlier_context() == 20);
  }
  SECTION("a write after the settled clock is kept: the granule splits") {
    f.settle(1, 1);
    VectorClock later;
    other.acquire_from(start, f.mem);  // ordered after the first write only
    REQUIRE_FALSE(f.write(main_thread, 0xff, 11));
    main_thread.release_to(later, f.mem);
    worker.acquire_from(later, f.mem);
    REQUIRE_FALSE(f.write(worker, granule_mask(3, 1), 21));
    CHECK(is_pointer(f.cell.write));
    REQUIRE(f.read(other, granule_mask(5, 1), 32));
    CHECK(f.earlier_context() == 11);
  }
  SECTION("an entry settles its own thread's records only") {
    f.settle(2, 5);
    REQUIRE_FALSE(f.write(worker, granule_mask(3, 1), 22));
    CHECK(is_pointer(f.cell.write));
    REQUIRE(f.read(other, granule_mask(5, 1), 33));
    CHECK(f.earlier_context() == 10);
  }
  SECTION("each thread's records are settled up to a clock of its own") {
    f.settle(1, 1);
    f.settle(2, 1);
    REQUIRE_FALSE(f.write(worker, granule_mask(3, 1), 24));
    VectorClock after_worker;
    worker.release_to(after_worker, f.mem);
    other.acquire_from(after_worker, f.mem);
    REQUIRE_FALSE(f.write(other, granule_mask(5, 1), 36));
    CHECK(f.cell.write == other.record(granule_mask(5, 1)));
    // Other's entry is 0: its write is kept beside the worker's next byte.
    REQUIRE_FALSE(f.write(worker, granule_mask(6, 1), 25));
    CHECK(is_pointer(f.cell.write));
  }
  SECTION("in a lane pair, a settled lane write is replaced: the pair stays a pair") {
    VectorClock later;
    main_thread.release_to(later, f.mem);
    REQUIRE_FALSE(f.write(main_thread, granule_mask(3, 1), 12));  // clock 3: a pair
    REQUIRE(detail::lanes_of(f.cell.write).count == 2);
    f.settle(1, 2);
    worker.acquire_from(later, f.mem);
    REQUIRE_FALSE(f.write(worker, granule_mask(5, 1), 23));
    CHECK(detail::lanes_of(f.cell.write).count == 2);
    CHECK(f.mem.retired_lane_pairs == 0);
    other.acquire_from(later, f.mem);
    CHECK_FALSE(f.read(other, granule_mask(4, 1), 34));
    REQUIRE(f.read(other, granule_mask(5, 1), 35));
    CHECK(f.earlier_context() == 23);
  }
}

TEST_CASE("a settled read of other bytes is replaced by an ordered read, not kept in a read set") {
  Fixture f;
  SimThread main_thread(1, f.mem), worker(2, f.mem);
  VectorClock start;
  REQUIRE_FALSE(f.read(main_thread, 0xff, 10));
  main_thread.release_to(start, f.mem);
  worker.acquire_from(start, f.mem);
  SECTION("settled") {
    f.settle(1, 1);
    REQUIRE_FALSE(f.read(worker, granule_mask(2, 1), 20));
    CHECK(f.cell.read == worker.record(granule_mask(2, 1)));
  }
  SECTION("not settled: both reads kept") {
    REQUIRE_FALSE(f.read(worker, granule_mask(2, 1), 20));
    REQUIRE(is_pointer(f.cell.read));
    SimThread writer(3, f.mem);
    REQUIRE(f.write(writer, granule_mask(6, 1), 30));
    CHECK(f.earlier_context() == 10);
  }
}

TEST_CASE("a thread's later read of some bytes keeps its earlier read of the others in one line") {
  // A byte buffer read whole, then partly again after a release: no lane cells (256 bytes),
  // a read set of one cache line with the two reads, each still found by a racing write.
  Fixture f;
  SimThread t1(1, f.mem), t2(2, f.mem);
  VectorClock sync;
  REQUIRE_FALSE(f.read(t1, 0xff, 10));
  t1.release_to(sync, f.mem);
  REQUIRE_FALSE(f.read(t1, granule_mask(0, 3), 11));
  CHECK_FALSE(is_pointer(f.cell.write));
  REQUIRE(is_pointer(f.cell.read));
  CHECK(detail::as_read_set(f.cell.read)->capacity == 3);
  SECTION("a write ordered after the first read races with the second") {
    t2.acquire_from(sync, f.mem);
    REQUIRE(f.write(t2, granule_mask(1, 1), 20));
    CHECK(f.earlier_context() == 11);
    CHECK(record_clock(f.conflict.record) == 2);
  }
  SECTION("a write of the other bytes ordered after the first read is silent") {
    t2.acquire_from(sync, f.mem);
    REQUIRE_FALSE(f.write(t2, granule_mask(3, 5), 20));
  }
  SECTION("a write of the other bytes not ordered after the first read races with it") {
    REQUIRE(f.write(t2, granule_mask(5, 1), 20));
    CHECK(f.earlier_context() == 10);
    CHECK(record_clock(f.conflict.record) == 1);
  }
  SECTION("overlapping re-reads in later epochs supersede the earlier ones: the set stays small") {
    const uint8_t masks[] = {granule_mask(2, 4), granule_mask(5, 3), granule_mask(0, 2),
                             granule_mask(1, 6), 0xff, granule_mask(3, 1)};
    uint64_t ctx = 30;
    for (uint8_t mask : masks) {
      t1.release_to(sync, f.mem);
      REQUIRE_FALSE(f.read(t1, mask, ctx++));
    }
    CHECK(detail::as_read_set(f.cell.read)->capacity <= 7);
    REQUIRE(f.write(t2, granule_mask(7, 1), 20));  // the read of every byte, context 34
    CHECK(f.earlier_context() == 34);
    REQUIRE(f.write(t2, granule_mask(3, 1), 21));  // and so on: the write is recorded
  }
  SECTION("a write splitting the granule gives each lane the reads of its bytes") {
    t2.acquire_from(sync, f.mem);
    REQUIRE_FALSE(f.write(t2, granule_mask(6, 2), 20));  // after the first read, bytes 6-7 only
    t2.release_to(sync, f.mem);
    REQUIRE_FALSE(f.write(t2, granule_mask(6, 1), 21));  // byte 7's older write must stay
    REQUIRE(is_pointer(f.cell.write));
    const detail::Lanes lanes = detail::lanes_of(f.cell.write);
    REQUIRE(lanes.count == 2);
    REQUIRE(lanes.mask(1) == granule_mask(6, 1));
    CHECK_FALSE(is_pointer(lanes.cell[1].read));  // byte 6: the first read only
    CHECK(is_pointer(lanes.cell[0].read));         // both reads, of their own bytes
    SimThread t3(3, f.mem);
    REQUIRE(f.write(t3, granule_mask(1, 1), 30));
    CHECK(f.earlier_context() == 11);
    REQUIRE(f.write(t3, granule_mask(4, 1), 31));
    CHECK(f.earlier_context() == 10);
  }
}

TEST_CASE("a read set of one thread's reads names its last read in the cell's own line") {
  // A word read whole, then partly after a release: a one-thread read set. The read repeated in
  // the same epoch is known from the cell (read_set_cache_holds), not only from the set's line.
  Fixture f;
  SimThread t1(1, f.mem), t2(2, f.mem);
  VectorClock sync;
  REQUIRE_FALSE(f.read(t1, 0xff, 10));
  t1.release_to(sync, f.mem);
  REQUIRE_FALSE(f.read(t1, granule_mask(0, 3), 11));
  REQUIRE(is_pointer(f.cell.read));
  CHECK(read_set_cache_holds(f.cell, t1.record(granule_mask(0, 3))));
  CHECK(read_set_cache_holds(f.cell, t1.record(granule_mask(1, 1))));
  CHECK_FALSE(read_set_cache_holds(f.cell, t1.record(granule_mask(3, 1))));  // an older epoch's
  CHECK_FALSE(read_set_cache_holds(f.cell, t1.record(granule_mask(0, 3), /*atomic=*/true)));
  CHECK_FALSE(read_set_cache_holds(f.cell, t2.record(granule_mask(0, 3))));
  SECTION("a read of the same epoch merged into the entry is named with it") {
    REQUIRE_FALSE(f.read(t1, granule_mask(3, 1), 11));
    CHECK(read_set_cache_holds(f.cell, t1.record(granule_mask(0, 4))));
  }
  SECTION("a read of a later epoch, done in place without the lock, is named") {
    t1.release_to(sync, f.mem);
    CHECK_FALSE(read_set_cache_holds(f.cell, t1.record(granule_mask(0, 3))));
    bool found = true;
    REQUIRE(f.read_without_lock(t1, granule_mask(0, 3), 12, &found));
    CHECK_FALSE(found);
    CHECK(read_set_cache_holds(f.cell, t1.record(granule_mask(0, 3))));
  }
  SECTION("the thread's own write of the bytes empties it: a later write must meet the reread") {
    REQUIRE_FALSE(f.write(t1, granule_mask(0, 3), 20));  // tombstones the entry
    CHECK_FALSE(read_set_cache_holds(f.cell, t1.record(granule_mask(0, 3))));
    REQUIRE(f.write(t2, granule_mask(0, 3), 30));  // races with t1's write
    REQUIRE(f.read(t1, granule_mask(0, 3), 12));   // and t1's reread races with t2's write
    CHECK(f.earlier_context() == 30);
  }
  SECTION("once another thread reads the word, nobody's read is named, in place or not") {
    REQUIRE_FALSE(f.read(t2, granule_mask(7, 1), 40));
    CHECK(f.cell.read_context == 0);
    CHECK_FALSE(read_set_cache_holds(f.cell, t2.record(granule_mask(7, 1))));
    t1.release_to(sync, f.mem);
    bool found = true;
    REQUIRE(f.read_without_lock(t1, granule_mask(0, 3), 12, &found));
    CHECK_FALSE(found);
    CHECK(f.cell.read_context == 0);
    CHECK_FALSE(read_set_cache_holds(f.cell, t1.record(granule_mask(0, 3))));
  }
}

TEST_CASE("one thread's reads of a granule from several sites in one epoch stay one entry") {
  // A byte buffer read whole, then, after a release, read again at three offsets from three
  // sites (a parser's or a match finder's loads): one entry for the new epoch with its contexts
  // per byte, not one per site, so the set keeps to its line.
  Fixture f;
  SimThread t1(1, f.mem), t2(2, f.mem), t3(3, f.mem);
  VectorClock sync;
  REQUIRE_FALSE(f.read(t1, 0xff, 10));
  t1.release_to(sync, f.mem);
  REQUIRE_FALSE(f.read(t1, granule_mask(0, 3), 11));
  REQUIRE(is_pointer(f.cell.read));
  const ReadSet *set = detail::as_read_set(f.cell.read);
  SECTION("merged: the set neither grows nor is replaced, and each byte names its site") {
    REQUIRE_FALSE(f.read(t1, granule_mask(2, 3), 12));
    REQUIRE_FALSE(f.read(t1, granule_mask(5, 2), 13));
    CHECK(detail::as_read_set(f.cell.read) == set);
    CHECK(set->capacity == 3);
    CHECK(f.mem.retired_read_sets == 0);
    CHECK(f.mem.kept_context_arrays >= 1);
    CHECK(f.mem.live_byte_contexts == 0);
    // Bytes 0-6 race with the second epoch's reads, each with its own site, named as the run
    // of bytes read from it (one thread's writes of one epoch: the set is scanned each time).
    REQUIRE(f.write(t3, granule_mask(2, 3), 30));
    CHECK(f.earlier_context() == 12);
    CHECK(record_clock(f.conflict.record) == 2);
    CHECK(record_mask(f.conflict.record) == granule_mask(2, 3));
    REQUIRE(f.write(t3, granule_mask(0, 1), 31));
    CHECK(f.earlier_context() == 11);
    REQUIRE(f.write(t3, granule_mask(6, 1), 32));
    CHECK(f.earlier_context() == 13);
    CHECK_FALSE(is_pointer(f.cell.write));
    // Byte 7 still holds the first epoch's read; a write ordered after it is silent there.
    t2.acquire_from(sync, f.mem);
    REQUIRE_FALSE(f.write(t2, granule_mask(7, 1), 20));
  }
  SECTION("a write splitting the granule gives each lane the merged entry's own sites") {
    REQUIRE_FALSE(f.read(t1, granule_mask(2, 3), 12));
    REQUIRE_FALSE(f.read(t1, granule_mask(5, 2), 13));
    t2.acquire_from(sync, f.mem);
    REQUIRE_FALSE(f.write(t2, granule_mask(7, 1), 20));
    t2.release_to(sync, f.mem);
    REQUIRE(f.write(t2, granule_mask(6, 1), 22));  // the second epoch's read: a race
    CHECK(f.earlier_context() == 13);
    REQUIRE(is_pointer(f.cell.write));
    REQUIRE(f.write(t3, granule_mask(1, 1), 30));
    CHECK(f.earlier_context() == 11);
    REQUIRE(f.write(t3, granule_mask(4, 1), 31));
    CHECK(f.earlier_context() == 12);
    CHECK(f.mem.live_byte_contexts == 0);
  }
  SECTION("when the memory keeps no more arrays, each site takes an entry of its own") {
    f.mem.keeps_no_more = true;
    REQUIRE_FALSE(f.read(t1, granule_mask(2, 3), 12));
    REQUIRE_FALSE(f.read(t1, granule_mask(5, 2), 13));
    CHECK(detail::as_read_set(f.cell.read)->capacity == 7);
    CHECK(f.mem.kept_context_arrays == 0);
    REQUIRE(f.write(t3, granule_mask(3, 1), 30));
    CHECK(f.earlier_context() == 12);
    REQUIRE(f.write(t3, granule_mask(5, 1), 31));
    CHECK(f.earlier_context() == 13);
  }
}

TEST_CASE("a read set takes one thread's reads of one epoch from two sites as one entry") {
  Fixture f;
  SimThread t1(1, f.mem), t2(2, f.mem);
  VectorClock sync;
  SECTION("made from an exclusive read with contexts per pair") {
    REQUIRE_FALSE(f.read(t1, granule_mask(0, 4), 10));
    REQUIRE_FALSE(f.read(t1, granule_mask(4, 4), 11));  // one record, a context per pair
    t1.release_to(sync, f.mem);
    REQUIRE_FALSE(f.read(t1, granule_mask(0, 1), 12));
    REQUIRE(is_pointer(f.cell.read));
    CHECK(detail::as_read_set(f.cell.read)->count == 2);
    CHECK(f.mem.live_byte_contexts == 0);  // the slot's own array went with the slot
    const unsigned site_of_byte[3] = {12, 10, 11};  // bytes 0, 2 and 5
    const unsigned bytes[3] = {0, 2, 5};
    for (unsigned i = 0; i < 3; i++) {
      REQUIRE(f.write(t2, granule_mask(bytes[i], 1), 20));
      CHECK(f.earlier_context() == site_of_byte[i]);
    }
  }
  SECTION("a full set folds two entries of an earlier epoch to make room for a new one") {
    REQUIRE_FALSE(f.read(t1, 0xff, 10));
    t1.release_to(sync, f.mem);
    REQUIRE_FALSE(f.read(t1, granule_mask(0, 2), 11));
    REQUIRE_FALSE(f.read(t1, granule_mask(2, 2), 12));  // the same epoch, another site
    const ReadSet *full = detail::as_read_set(f.cell.read);
    REQUIRE(full->count == 3);
    t1.release_to(sync, f.mem);
    REQUIRE_FALSE(f.read(t1, granule_mask(4, 2), 13));  // a third epoch: no entry of its own
    CHECK(detail::as_read_set(f.cell.read) == full);
    CHECK(full->capacity == 3);
    CHECK(f.mem.retired_read_sets == 0);
    const unsigned site_of_byte[8] = {11, 11, 12, 12, 13, 13, 10, 10};
    for (unsigned b = 0; b < 8; b++) {
      REQUIRE(f.write(t2, granule_mask(b, 1), 20));
      CHECK(f.earlier_context() == site_of_byte[b]);
    }
  }
}

TEST_CASE("memory handed out anew while a read set is made for it: nothing released twice") {
  // The runtime clears a cell of memory handed out anew without the cell's lock, releasing what
  // it names. An access racing with that (a use after free) must not make the check release the
  // same array again, nor keep a set nobody will free.
  Fixture f;
  SimThread t1(1, f.mem), t2(2, f.mem);
  REQUIRE_FALSE(f.read(t1, granule_mask(0, 4), 10));
  REQUIRE_FALSE(f.read(t1, granule_mask(4, 4), 11));  // one record, a fresh array of contexts
  REQUIRE(f.mem.live_byte_contexts == 1);
  f.mem.before_next_read_set = [&f] {
    release_overflow(f.cell, f.mem);
    std::memset(static_cast<void *>(&f.cell), 0, sizeof f.cell);
  };
  REQUIRE_FALSE(f.read(t2, granule_mask(0, 1), 20));  // a concurrent reader: a set is made
  CHECK(f.mem.live_byte_contexts == 0);
  CHECK(f.mem.released_read_sets == 1);
  CHECK(f.cell.read == 0);
}

TEST_CASE("a read set detached from its cell is handed back to be retired, not abandoned") {
  // One thread re-reading single bytes in three epochs fills a one-line set.
  Fixture f;
  SimThread t1(1, f.mem), t2(2, f.mem);
  VectorClock sync;
  for (unsigned b = 0; b < 3; b++) {
    REQUIRE_FALSE(f.read(t1, granule_mask(b, 1), 10 + b));
    t1.release_to(sync, f.mem);
  }
  REQUIRE(is_pointer(f.cell.read));
  const ReadSet *first = detail::as_read_set(f.cell.read);
  REQUIRE(first->capacity == 3);
  REQUIRE(f.mem.retired_read_sets == 0);
  SECTION("outgrown by a fourth read") {
    REQUIRE_FALSE(f.read(t1, granule_mask(3, 1), 13));
    CHECK(detail::as_read_set(f.cell.read) != first);
    CHECK(f.mem.retired_read_sets == 1);
    // Every read moved to the new set: an unordered write of each byte races with its read.
    for (unsigned b = 0; b < 4; b++) {
      REQUIRE(f.write(t2, granule_mask(b, 1), 20 + b));
      CHECK(f.earlier_context() == 10 + b);
    }
  }
  SECTION("split into lanes by writes of different epochs") {
    t2.acquire_from(sync, f.mem);
    REQUIRE_FALSE(f.write(t2, granule_mask(4, 1), 20));
    t2.release_to(sync, f.mem);
    REQUIRE_FALSE(f.write(t2, granule_mask(5, 1), 21));
    REQUIRE(is_pointer(f.cell.write));
    CHECK(f.mem.retired_read_sets == 1);
    SimThread t3(3, f.mem);
    REQUIRE(f.write(t3, granule_mask(1, 1), 30));
    CHECK(f.earlier_context() == 11);
  }
}

TEST_CASE("the write a lost-update analysis read saw: whole, or the run of one context") {
  // recorded_write() names the earlier side of a conflict: the run of bytes reached from one
  // context. recorded_write_record() gives the record itself, with every byte it wrote.
  Fixture f;
  SimThread t1(1, f.mem), t2(2, f.mem);
  REQUIRE_FALSE(f.write(t1, granule_mask(0, 2), 10));
  REQUIRE_FALSE(f.write(t1, granule_mask(2, 2), 11));  // one record, two contexts
  REQUIRE_FALSE(is_pointer(f.cell.write));
  Conflict named;
  REQUIRE(recorded_write(f.cell, t2.record(granule_mask(2, 2)), &named));
  CHECK(record_mask(named.record) == granule_mask(2, 2));
  CHECK(named.context >> 3 == 11);
  CHECK(recorded_write_record(f.cell, t2.record(granule_mask(2, 1))) == t1.record(0x0f));
  SECTION("in a split cell, the lane's write") {
    VectorClock sync;
    t1.release_to(sync, f.mem);
    REQUIRE_FALSE(f.write(t1, granule_mask(1, 1), 12));  // a newer epoch's byte: split
    REQUIRE(is_pointer(f.cell.write));
    const uint64_t lane_write = recorded_write_record(f.cell, t2.record(granule_mask(0, 1)));
    CHECK(record_tid(lane_write) == 1);  // the older epoch's write, kept for byte 0
    CHECK(record_clock(lane_write) == t1.clock.get(1) - 1);
    CHECK(record_mask(lane_write) & granule_mask(0, 1));
    CHECK(record_clock(recorded_write_record(f.cell, t2.record(granule_mask(1, 1)))) ==
          t1.clock.get(1));
  }
  SECTION("none") {
    Fixture empty;
    CHECK(recorded_write_record(empty.cell, t2.record(0xff)) == 0);
  }
}
