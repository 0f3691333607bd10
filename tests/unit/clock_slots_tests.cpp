#include <catch2/catch.hpp>

#include <vector>

#include "detector/race/clock_slots.h"
#include "race_test_support.h"

using namespace interlock::race;
using interlock::race::testing::HeapMemory;

namespace {

// A creator ordered after (slot, last) when its clock's entry for the slot reaches it.
auto covered_by(const VectorClock &creator) {
  return [&creator](Tid slot, Clock last) { return creator.get(slot) >= last; };
}

}  // namespace

TEST_CASE("a finished thread's slot goes only to a thread whose creator is ordered after it") {
  std::vector<FreedSlot> storage(16);
  ClockSlots slots(storage.data(), uint32_t(storage.size()));
  HeapMemory mem;
  VectorClock main_clock;
  Clock above = 99;
  CHECK(slots.take(covered_by(main_clock), &above) == 0);  // main
  CHECK(above == 0);
  CHECK(slots.take(covered_by(main_clock), &above) == 1);
  // Slot 1's thread recorded its last access at clock 7, then released (a semaphore post) and
  // finished at clock 8.
  slots.give_back(1, 7, 8);

  SECTION("not before the creator knows that access") {
    main_clock.set(1, 6, mem);
    CHECK(slots.take(covered_by(main_clock), &above) == 2);
    CHECK(slots.freed() == 1);
  }
  SECTION("once it does, though not the finish; the next thread starts above the finish") {
    main_clock.set(1, 7, mem);
    CHECK(slots.take(covered_by(main_clock), &above) == 1);
    CHECK(above == 8);
    CHECK(slots.freed() == 0);
    CHECK(slots.take(covered_by(main_clock), &above) == 2);  // given once
  }
  CHECK(slots.used() == 3);
}

TEST_CASE("the most recently freed slots are tried first, and only so many of them") {
  std::vector<FreedSlot> storage(1000);
  ClockSlots slots(storage.data(), uint32_t(storage.size()));
  Clock above = 0;
  auto anything = [](Tid, Clock) { return true; };
  for (int i = 0; i < 500; i++) slots.take(anything, &above);
  slots.give_back(3, 1, 1);
  slots.give_back(4, 1, 1);
  CHECK(slots.take(anything, &above) == 4);

  // A slot nobody is ordered after, buried under more than kFreedSlotsTried others.
  slots.give_back(7, 100, 100);
  for (Tid s = 10; s < 10 + ClockSlots::kFreedSlotsTried; s++) slots.give_back(s, 100, 100);
  std::vector<Tid> asked;
  auto only_slot_7 = [&asked](Tid slot, Clock) {
    asked.push_back(slot);
    return slot == 7;
  };
  CHECK(slots.take(only_slot_7, &above) == 500);  // a new slot: 7 is too deep to be tried
  CHECK(asked.size() == ClockSlots::kFreedSlotsTried);
  CHECK(asked.front() == 10 + ClockSlots::kFreedSlotsTried - 1);
}

TEST_CASE("threads created a few at a time, each joined, use as many slots as were alive") {
  // The thread-per-task shape: at most four alive, 10,000 made. Each thread's own clock starts
  // above its creator's entry for the slot and ticks a few times; the join takes its last.
  std::vector<FreedSlot> storage(64);
  ClockSlots slots(storage.data(), uint32_t(storage.size()));
  HeapMemory mem;
  VectorClock main_clock;
  Clock above = 0;
  const Tid main_slot = slots.take(covered_by(main_clock), &above);
  main_clock.set(main_slot, 1, mem);
  struct Live {
    Tid slot;
    Clock first, last;
  };
  std::vector<Live> live;
  std::vector<Clock> highest(64, 0);  // per slot, the highest clock any of its threads used
  bool clocks_grow = true;
  for (int made = 0; made < 10000; made++) {
    if (live.size() == 4) {  // join the oldest
      const Live done = live.front();
      live.erase(live.begin());
      slots.give_back(done.slot, done.last, done.last);
      main_clock.set(done.slot, done.last, mem);
    }
    const Tid slot = slots.take(covered_by(main_clock), &above);
    REQUIRE(slot < 64);
    const Clock first = (main_clock.get(slot) > above ? main_clock.get(slot) : above) + 1;
    clocks_grow = clocks_grow && first > highest[slot];
    const Clock last = first + Clock(made % 3);
    highest[slot] = last;
    live.push_back({slot, first, last});
  }
  CHECK(clocks_grow);  // a record (slot, clock) names one access of one thread
  CHECK(slots.used() == 5);  // main and the four alive at once
}

TEST_CASE("slots given back beyond the list's room stay unused") {
  std::vector<FreedSlot> storage(2);
  ClockSlots slots(storage.data(), uint32_t(storage.size()));
  Clock above = 0;
  auto anything = [](Tid, Clock) { return true; };
  for (int i = 0; i < 3; i++) slots.take(anything, &above);
  slots.give_back(0, 1, 1);
  slots.give_back(1, 1, 1);
  slots.give_back(2, 1, 1);  // dropped
  CHECK(slots.freed() == 2);
  CHECK(slots.take(anything, &above) == 1);
  CHECK(slots.take(anything, &above) == 0);
  CHECK(slots.take(anything, &above) == 3);
}
