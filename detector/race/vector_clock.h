// Vector clocks over dense thread ids.
//
// Contract: a VectorClock does not own memory by itself; growth goes through a ClockMemory the
// caller provides (the runtime's arena, or the heap in tests), so the same code runs inside the
// watched process. Entries beyond size() are 0. Thread-safety: none; the owner synchronizes.
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
    reserve(t + 1, mem);
    entries_[t] = c;
  }

  // this := max(this, other), pointwise.
  void join(const VectorClock &other, ClockMemory &mem) {
    reserve(other.size_, mem);
    for (uint32_t i = 0; i < other.size_; i++)
      if (other.entries_[i] > entries_[i]) entries_[i] = other.entries_[i];
  }

  // this := other.
  void assign(const VectorClock &other, ClockMemory &mem) {
    reserve(other.size_, mem);
    if (other.size_) memcpy(entries_, other.entries_, other.size_ * sizeof(Clock));
    for (uint32_t i = other.size_; i < size_; i++) entries_[i] = 0;
  }

  void clear() {
    for (uint32_t i = 0; i < size_; i++) entries_[i] = 0;
  }

  void free(ClockMemory &mem) {
    if (entries_) mem.release(entries_, capacity_);
    entries_ = nullptr;
    size_ = capacity_ = 0;
  }

 private:
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
