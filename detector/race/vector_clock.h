// Vector clocks over dense thread ids.
//
// Contract: a VectorClock does not own memory by itself; growth goes through a ClockMemory the
// caller provides (the runtime's arena, or the heap in tests), so the same code runs inside the
// watched process. Entries beyond size() are 0. Thread-safety: none; the owner synchronizes.
//
// A clock may instead hold a snapshot: entries that several clocks share, read-only, with a
// count of holders (snapshot(), share()). Reading it costs nothing more; the first change a
// holder makes copies the entries into an array of its own. A release fence's clock is one:
// every relaxed store after the fence publishes it, and a lock-free queue's per-element flags
// (a million of them) then share one copy instead of holding one each. Holders of one snapshot
// may be on different threads: only the count is shared state, changed atomically.
#ifndef INTERLOCK_DETECTOR_RACE_VECTOR_CLOCK_H
#define INTERLOCK_DETECTOR_RACE_VECTOR_CLOCK_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "detector/race/epoch.h"

namespace interlock::race {

// Where clock arrays come from. allocate() returns zeroed memory for `count` entries.
class ClockMemory {
 public:
  virtual Clock *allocate(uint32_t count) = 0;
  virtual void release(Clock *entries, uint32_t count) = 0;

 protected:
  ~ClockMemory() = default;
};

class VectorClock {
 public:
  uint32_t size() const { return size_; }
  Clock get(Tid t) const { return t < size_ ? entries_[t] : 0; }

  // True if the access `record` happens before the point in time this clock describes.
  bool covers(uint64_t record) const { return record_clock(record) <= get(record_tid(record)); }

  void set(Tid t, Clock c, ClockMemory &mem) {
    own(mem);
    reserve(t + 1, mem);
    entries_[t] = c;
  }

  // this := max(this, other), pointwise.
  void join(const VectorClock &other, ClockMemory &mem) {
    own(mem);
    reserve(other.size_, mem);
    for (uint32_t i = 0; i < other.size_; i++)
      if (other.entries_[i] > entries_[i]) entries_[i] = other.entries_[i];
  }

  // this := other.
  void assign(const VectorClock &other, ClockMemory &mem) {
    own(mem);
    reserve(other.size_, mem);
    if (other.size_) memcpy(entries_, other.entries_, other.size_ * sizeof(Clock));
    for (uint32_t i = other.size_; i < size_; i++) entries_[i] = 0;
  }

  // this := a snapshot of `other`, which share() can hand to other clocks without a copy.
  void snapshot(const VectorClock &other, ClockMemory &mem) {
    free(mem);
    if (!other.size_) return;
    Clock *block = mem.allocate(other.size_ + kSnapshotHeader);
    block[0] = 1;                              // holders
    block[1] = other.size_ + kSnapshotHeader;  // allocated entries
    entries_ = block + kSnapshotHeader;
    memcpy(entries_, other.entries_, other.size_ * sizeof(Clock));
    size_ = other.size_;
    capacity_ = 0;
  }

  // this := other, holding the same entries when other holds a snapshot (else a copy).
  void share(const VectorClock &other, ClockMemory &mem) {
    if (!other.is_snapshot()) {
      assign(other, mem);
      return;
    }
    if (entries_ == other.entries_) return;
    free(mem);
    hold_snapshot(other.entries_);
    entries_ = other.entries_;
    size_ = other.size_;
    capacity_ = 0;
  }

  // Whether the entries are a snapshot (shared, read-only until a change copies them).
  bool is_snapshot() const { return entries_ != nullptr && capacity_ == 0; }

  // this := zero everywhere (a snapshot held is let go: an empty clock is zero too).
  void clear(ClockMemory &mem) {
    if (is_snapshot()) {
      free(mem);
      return;
    }
    for (uint32_t i = 0; i < size_; i++) entries_[i] = 0;
  }

  void free(ClockMemory &mem) {
    if (is_snapshot())
      let_go_of_snapshot(mem);
    else if (entries_)
      mem.release(entries_, capacity_);
    entries_ = nullptr;
    size_ = capacity_ = 0;
  }

 private:
  static constexpr uint32_t kSnapshotHeader = 2;  // holders, allocated entries

  // One more holder of the snapshot whose entries are `entries`. (This and the next out of line:
  // inlined into code that only ever holds arrays of its own, the compiler warned that the
  // header before such an array was out of bounds.)
  __attribute__((noinline)) static void hold_snapshot(Clock *entries) {
    __atomic_fetch_add(entries - kSnapshotHeader, 1, __ATOMIC_RELAXED);
  }

  // This holder of the snapshot lets go; the last one releases it.
  __attribute__((noinline)) void let_go_of_snapshot(ClockMemory &mem) {
    Clock *block = entries_ - kSnapshotHeader;
    if (__atomic_sub_fetch(&block[0], 1, __ATOMIC_ACQ_REL) == 0) mem.release(block, block[1]);
  }

  // Turns a snapshot held into entries of this clock's own (before a change). The test stays
  // inline and the copy out of line: with the copy inline, join() grew past what the compiler
  // inlines into the lock paths (a lock-heavy workload 1.10x slower).
  void own(ClockMemory &mem) {
    if (__builtin_expect(is_snapshot(), 0)) copy_out_of_snapshot(mem);
  }
  __attribute__((noinline)) void copy_out_of_snapshot(ClockMemory &mem) {
    const Clock *shared = entries_;
    const uint32_t n = size_;
    Clock *fresh = mem.allocate(capacity_for(n));
    memcpy(fresh, shared, n * sizeof(Clock));
    free(mem);  // drops this holder
    entries_ = fresh;
    size_ = n;
    capacity_ = capacity_for(n);
  }

  static uint32_t capacity_for(uint32_t n) {
    uint32_t cap = 8;
    while (cap < n) cap *= 2;
    return cap;
  }

  void reserve(uint32_t n, ClockMemory &mem) {
    if (n <= size_) return;
    if (n > capacity_) {
      uint32_t cap = capacity_ ? capacity_ : 8;
      while (cap < n) cap *= 2;
      Clock *fresh = mem.allocate(cap);
      if (size_) memcpy(fresh, entries_, size_ * sizeof(Clock));
      if (entries_) mem.release(entries_, capacity_);
      entries_ = fresh;
      capacity_ = cap;
    }
    size_ = n;
  }

  Clock *entries_ = nullptr;
  uint32_t size_ = 0;
  uint32_t capacity_ = 0;
};

}  // namespace interlock::race

#endif  // INTERLOCK_DETECTOR_RACE_VECTOR_CLOCK_H
