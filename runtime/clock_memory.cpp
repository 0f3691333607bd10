#include "runtime/clock_memory.h"

#include "runtime/internal_alloc.h"
#include "runtime/platform.h"

namespace interlock {
namespace {

class ArenaClockMemory final : public race::ClockMemory {
 public:
  race::Clock *allocate(uint32_t count) override {
    return static_cast<race::Clock *>(internal_alloc(count * sizeof(race::Clock)));
  }
  void release(race::Clock *entries, uint32_t count) override {
    internal_free(entries, count * sizeof(race::Clock));
  }
};

class ArenaReadSetMemory final : public race::ReadSetMemory {
 public:
  race::ReadSet *allocate_read_set(uint32_t min_capacity) override {
    // Power-of-two blocks of at least 256 bytes come 256-aligned from the arena. Read sets are
    // never freed: a racing reader may still hold a pointer to a replaced one.
    uint64_t bytes = 256;
    while (race::read_set_capacity_for(bytes) < min_capacity) bytes *= 2;
    auto *set = static_cast<race::ReadSet *>(internal_alloc(bytes));
    if (reinterpret_cast<uptr>(set) & 0xff) internal_error("misaligned read set");
    set->capacity = race::read_set_capacity_for(bytes);
    return set;
  }
};

ArenaClockMemory g_clock_memory;
ArenaReadSetMemory g_read_set_memory;

}  // namespace

race::ClockMemory &clock_memory() { return g_clock_memory; }
race::ReadSetMemory &read_set_memory() { return g_read_set_memory; }

}  // namespace interlock
