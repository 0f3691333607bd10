// An open-addressing hash set of nonzero 32-bit record indices, keyed by whatever the caller
// hashes. The graph uses it to find locks by address, edges by (from, to), held sets by content
// and reported cycles by key.
//
// Contract: the table stores only (index, 32-bit hash); the caller supplies the hash on every
// call and, for find(), a predicate that compares the record behind an index with the key it is
// looking for. Linear probing with backward-shift deletion (no tombstones), load <= 1/2, so
// finds stay O(1) expected under any churn. Thread-safety: none; the owner synchronizes.
#ifndef INTERLOCK_DETECTOR_DEADLOCK_INDEX_TABLE_H
#define INTERLOCK_DETECTOR_DEADLOCK_INDEX_TABLE_H

#include <stdint.h>

#include "detector/deadlock/graph_memory.h"

namespace interlock::deadlock {

inline uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 31;
  return x;
}

inline uint32_t hash32(uint64_t x) { return uint32_t(mix64(x)); }

class IndexTable {
 public:
  uint32_t size() const { return count_; }

  template <typename Matches>
  uint32_t find(uint32_t hash, Matches matches) const {
    if (!capacity_) return 0;
    for (uint32_t i = hash & (capacity_ - 1);; i = (i + 1) & (capacity_ - 1)) {
      const Slot &s = slots_[i];
      if (s.index == 0) return 0;
      if (s.hash == hash && matches(s.index)) return s.index;
    }
  }

  // `index` must not be in the table yet.
  void insert(uint32_t hash, uint32_t index, GraphMemory &mem) {
    if (2 * (count_ + 1) > capacity_) grow(mem);
    place(hash, index);
    count_++;
  }

  // Removes `index` (inserted with `hash`); does nothing if it is absent.
  void erase(uint32_t hash, uint32_t index) {
    if (!capacity_) return;
    uint32_t mask = capacity_ - 1;
    uint32_t i = hash & mask;
    while (slots_[i].index != index) {
      if (slots_[i].index == 0) return;
      i = (i + 1) & mask;
    }
    // Backward shift: pull later members of the probe run into the hole when that keeps each
    // of them at or after its home slot.
    uint32_t hole = i;
    for (uint32_t j = (hole + 1) & mask; slots_[j].index != 0; j = (j + 1) & mask) {
      uint32_t home = slots_[j].hash & mask;
      bool movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        slots_[hole] = slots_[j];
        hole = j;
      }
    }
    slots_[hole] = Slot{};
    count_--;
  }

  void free(GraphMemory &mem) {
    if (slots_) mem.release(slots_, size_t(capacity_) * sizeof(Slot));
    slots_ = nullptr;
    capacity_ = count_ = 0;
  }

 private:
  struct Slot {
    uint32_t index;
    uint32_t hash;
  };

  void place(uint32_t hash, uint32_t index) {
    uint32_t i = hash & (capacity_ - 1);
    while (slots_[i].index != 0) i = (i + 1) & (capacity_ - 1);
    slots_[i] = Slot{index, hash};
  }

  void grow(GraphMemory &mem) {
    Slot *old = slots_;
    uint32_t old_capacity = capacity_;
    capacity_ = capacity_ ? capacity_ * 2 : 64;
    slots_ = static_cast<Slot *>(mem.allocate(size_t(capacity_) * sizeof(Slot)));
    for (uint32_t i = 0; i < old_capacity; i++)
      if (old[i].index) place(old[i].hash, old[i].index);
    if (old) mem.release(old, size_t(old_capacity) * sizeof(Slot));
  }

  Slot *slots_ = nullptr;
  uint32_t capacity_ = 0;
  uint32_t count_ = 0;
};

}  // namespace interlock::deadlock

#endif  // INTERLOCK_DETECTOR_DEADLOCK_INDEX_TABLE_H
