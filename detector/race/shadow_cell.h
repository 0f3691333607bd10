// The race check: FastTrack over one 8-byte granule of application memory.
//
// A ShadowCell remembers the last write and the last read of its granule as access records
// (epoch.h) together with an opaque 64-bit context naming the access's stack and held locks.
// When reads by several threads are concurrent, the read slot points to a ReadSet holding one
// record per reading thread (FastTrack's read-shared mode), so no concurrent read is forgotten.
//
// Thread-safety: cells are updated by racing threads without locks. Every field is read and
// written with relaxed atomics; a context is published before the record it belongs to. Two
// perfectly simultaneous updates of one cell may let one record overwrite the other, which can
// hide one report of a pair that is racing at that very instant; it never invents a race.
#ifndef INTERLOCK_DETECTOR_RACE_SHADOW_CELL_H
#define INTERLOCK_DETECTOR_RACE_SHADOW_CELL_H

#include <stdint.h>

#include "detector/race/epoch.h"
#include "detector/race/vector_clock.h"

namespace interlock::race {

struct ReadSetEntry {
  uint64_t record;
  uint64_t context;
};

// Readers concurrent with each other. 256-byte aligned so a pointer to it fits the read slot
// with a zero mask byte (a real record always has a non-zero mask).
struct ReadSet {
  uint32_t count;     // entries in use (atomic)
  uint32_t capacity;  // fixed at allocation
  uint64_t reserved;
  ReadSetEntry entries[1];  // `capacity` entries
};
constexpr uint32_t read_set_capacity_for(uint64_t bytes) {
  return uint32_t((bytes - sizeof(ReadSet)) / sizeof(ReadSetEntry) + 1);
}

class ReadSetMemory {
 public:
  // Zeroed, 256-byte aligned, with room for at least `min_capacity` entries; capacity is set.
  virtual ReadSet *allocate_read_set(uint32_t min_capacity) = 0;

 protected:
  ~ReadSetMemory() = default;
};

struct ShadowCell {
  uint64_t write;
  uint64_t write_context;
  uint64_t read;  // a record, or a ReadSet* (mask byte zero), or 0
  uint64_t read_context;
};
static_assert(sizeof(ShadowCell) == 32, "shadow layout assumes 32-byte cells");

// The earlier access that conflicts with the current one.
struct Conflict {
  uint64_t record;
  uint64_t context;
  bool is_write;
};

namespace detail {

inline uint64_t load(const uint64_t &x) { return __atomic_load_n(&x, __ATOMIC_RELAXED); }
inline void store(uint64_t &x, uint64_t v) { __atomic_store_n(&x, v, __ATOMIC_RELAXED); }

inline bool is_read_set(uint64_t slot) { return slot != 0 && (slot & kMaskBits) == 0; }
inline ReadSet *as_read_set(uint64_t slot) { return reinterpret_cast<ReadSet *>(slot); }

// Two accesses conflict when they touch a common byte, are not both atomic, and the earlier one
// does not happen before the current thread's present (its vector clock).
inline bool conflicts(uint64_t earlier, uint64_t current, const VectorClock &now) {
  if ((earlier & current & kMaskBits) == 0) return false;
  if (earlier & current & kAtomicBit) return false;
  return !now.covers(earlier);
}

inline void add_reader(ShadowCell &cell, uint64_t slot, uint64_t record, uint64_t context,
                       ReadSetMemory &mem) {
  const Tid me = record_tid(record);
  ReadSet *set = as_read_set(slot);
  uint32_t n = __atomic_load_n(&set->count, __ATOMIC_ACQUIRE);
  if (n > set->capacity) n = set->capacity;
  for (uint32_t i = 0; i < n; i++) {
    uint64_t e = load(set->entries[i].record);
    if (e != 0 && record_tid(e) == me) {
      store(set->entries[i].context, context);
      store(set->entries[i].record, record);
      return;
    }
  }
  uint32_t idx = __atomic_fetch_add(&set->count, 1, __ATOMIC_ACQ_REL);
  if (idx < set->capacity) {
    store(set->entries[idx].context, context);
    store(set->entries[idx].record, record);
    return;
  }
  // Full: move to a set twice the size. A reader appending to the old set at this instant may
  // be lost; the cost is at most one missed report of a read racing right now.
  ReadSet *bigger = mem.allocate_read_set(set->capacity * 2);
  uint32_t m = 0;
  for (uint32_t i = 0; i < set->capacity; i++) bigger->entries[m++] = set->entries[i];
  bigger->entries[m].record = record;
  bigger->entries[m].context = context;
  __atomic_store_n(&bigger->count, m + 1, __ATOMIC_RELEASE);
  uint64_t expected = slot;
  __atomic_compare_exchange_n(&cell.read, &expected, reinterpret_cast<uint64_t>(bigger), false,
                              __ATOMIC_RELEASE, __ATOMIC_RELAXED);
}

}  // namespace detail

// Checks the access `record` (made by the thread whose present is `now`) against the cell and
// records it. Returns true and fills `conflict` with the first conflicting earlier access.
inline bool check_and_record(ShadowCell &cell, uint64_t record, uint64_t context, bool is_write,
                             const VectorClock &now, ReadSetMemory &mem, Conflict *conflict) {
  using namespace detail;
  bool found = false;
  const uint64_t mask = record & kMaskBits;

  const uint64_t w = load(cell.write);
  if (w != 0 && conflicts(w, record, now)) {
    *conflict = {w, load(cell.write_context), true};
    found = true;
  }

  const uint64_t r = load(cell.read);
  if (is_write) {
    if (is_read_set(r)) {
      ReadSet *set = as_read_set(r);
      uint32_t n = __atomic_load_n(&set->count, __ATOMIC_ACQUIRE);
      if (n > set->capacity) n = set->capacity;
      bool all_covered = true;
      for (uint32_t i = 0; i < n; i++) {
        uint64_t e = load(set->entries[i].record);
        if (e == 0) continue;
        if (conflicts(e, record, now)) {
          all_covered = false;
          if (!found) {
            *conflict = {e, load(set->entries[i].context), false};
            found = true;
          }
        } else if ((e & kMaskBits & ~mask) != 0) {
          all_covered = false;  // the read touched bytes this write does not: keep it
        }
      }
      // Every read happened before this write: later accesses need only compare to the write.
      if (all_covered) __atomic_store_n(&set->count, 0, __ATOMIC_RELEASE);
    } else if (r != 0) {
      if (conflicts(r, record, now)) {
        if (!found) {
          *conflict = {r, load(cell.read_context), false};
          found = true;
        }
      } else if ((r & kMaskBits & ~mask) == 0) {
        store(cell.read, 0);
      }
    }
    store(cell.write_context, context);
    store(cell.write, record);
    return found;
  }

  // A read.
  if (is_read_set(r)) {
    add_reader(cell, r, record, context, mem);
  } else if (r == 0 || record_tid(r) == record_tid(record) || now.covers(r)) {
    // Exclusive reader: same thread or ordered after the previous read. Bytes read earlier in
    // the same epoch stay in the record.
    uint64_t merged = (r & kEpochBits) == (record & kEpochBits) && ((r ^ record) & kAtomicBit) == 0
                          ? record | (r & kMaskBits)
                          : record;
    store(cell.read_context, context);
    store(cell.read, merged);
  } else {
    // Concurrent readers: switch to read-shared mode with both.
    ReadSet *set = mem.allocate_read_set(4);
    set->entries[0] = {r, load(cell.read_context)};
    set->entries[1] = {record, context};
    __atomic_store_n(&set->count, 2, __ATOMIC_RELEASE);
    uint64_t expected = r;
    if (!__atomic_compare_exchange_n(&cell.read, &expected, reinterpret_cast<uint64_t>(set), false,
                                     __ATOMIC_RELEASE, __ATOMIC_RELAXED) &&
        is_read_set(expected)) {
      add_reader(cell, expected, record, context, mem);
    }
  }
  return found;
}

}  // namespace interlock::race

#endif  // INTERLOCK_DETECTOR_RACE_SHADOW_CELL_H
