// Clock slots: which entry of every vector clock a thread's events take.
//
// Records name an access by (slot, clock): the slot the accessing thread holds and its own clock
// there. A slot per thread ever created would make every clock as long as the number of threads
// the program ever made, and every join, lock call and unlock cost time in it (a program that
// runs a thread per task or connection: 120,000 threads created four at a time took 12 times as
// long as 30,000). So the slot of a thread that finished goes again to a thread created later,
// but only when its creator is ordered after every access the finished thread recorded (the
// creator's clock covers the clock of the last one; a thread that signalled its end with a
// semaphore released after its last access, and its own clock moved on, but recorded nothing
// since): the new thread's own clock then starts above every clock the old one reached. So a
// slot's clocks only grow across the threads that hold it in turn, and a record (slot, c) keeps
// its meaning: a thread whose clock entry for the slot is at least c comes after that access,
// also when it learned the entry from a later thread of the slot, which began after the
// creator learned of the access. Two records of one slot are thus ordered, whichever threads
// made them, as one thread's are. Which thread made a record is told apart by the clock its
// thread started from in the slot (the runtime's thread records keep that).
//
// Contract: the caller provides the storage (an array of `capacity` entries, zeroed or not),
// gives every slot back at most once per take(), and takes at most kMaxTid + 1 slots in all (a
// new slot per thread at worst: the runtime's bound on threads bounds them). Thread-safety:
// none; the caller serializes (the runtime's thread registry lock).
#ifndef INTERLOCK_DETECTOR_RACE_CLOCK_SLOTS_H
#define INTERLOCK_DETECTOR_RACE_CLOCK_SLOTS_H

#include <stdint.h>

#include "detector/race/epoch.h"

namespace interlock::race {

// A slot whose thread will make no more accesses: the clock of the last access it recorded, and
// its own clock when it finished (the slot's next thread starts above it).
struct FreedSlot {
  Tid slot;
  Clock last;
  Clock end;
};

class ClockSlots {
 public:
  // How many of the most recently freed slots take() tries: a thread's creator is ordered after
  // the threads it joined, which finished most recently as a rule. A slot deeper in the list
  // (a detached thread nobody synchronized with) stays unused, as every slot did before reuse.
  static constexpr uint32_t kFreedSlotsTried = 64;

  ClockSlots() = default;
  ClockSlots(FreedSlot *freed, uint32_t capacity) : freed_(freed), capacity_(capacity) {}

  // The slot for a new thread: a freed one whose last record `covered(slot, last)` says the
  // creator is ordered after, newest first, or else one never used. The new thread's own clock
  // must start above both the creator's entry for the slot and `*starts_above` (the finished
  // thread's end; 0 for a new slot).
  template <class Covered>
  Tid take(Covered covered, Clock *starts_above) {
    const uint32_t tried = count_ < kFreedSlotsTried ? count_ : kFreedSlotsTried;
    for (uint32_t i = count_; i-- > count_ - tried;) {
      if (!covered(freed_[i].slot, freed_[i].last)) continue;
      const Tid slot = freed_[i].slot;
      *starts_above = freed_[i].end;
      freed_[i] = freed_[--count_];
      return slot;
    }
    *starts_above = 0;
    return used_++;
  }

  // `slot`'s thread makes no more accesses: `last` is the clock of the last access it recorded,
  // `end` its own clock at the finish (at least `last`; for a thread that never ran, both the
  // clock its slot started from, less one). Dropped when the list is full: the slot then stays
  // unused.
  void give_back(Tid slot, Clock last, Clock end) {
    if (count_ < capacity_) freed_[count_++] = {slot, last, end};
  }

  // Slots handed out so far: the longest a clock can be.
  Tid used() const { return used_; }
  uint32_t freed() const { return count_; }

 private:
  FreedSlot *freed_ = nullptr;
  uint32_t capacity_ = 0;
  uint32_t count_ = 0;
  Tid used_ = 0;
};

}  // namespace interlock::race

#endif  // INTERLOCK_DETECTOR_RACE_CLOCK_SLOTS_H
