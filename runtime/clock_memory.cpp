#include "runtime/clock_memory.h"

#include "runtime/internal_alloc.h"
#include "runtime/kept_byte_contexts.h"
#include "runtime/retired_read_sets.h"
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

class ArenaCellMemory final : public race::CellMemory {
 public:
  // Power-of-two blocks of at least 64 bytes come 64-aligned from the arena.
  race::ReadSet *allocate_read_set(uint32_t min_capacity) override {
    uint64_t bytes = read_set_bytes(min_capacity);
    auto *set = static_cast<race::ReadSet *>(line_block(bytes));
    set->capacity = race::read_set_capacity_for(bytes);
    return set;
  }
  void release_read_set(race::ReadSet *set) override {
    internal_free(set, read_set_bytes(set->capacity));
  }
  void retire_read_set(race::ReadSet *set) override { interlock::retire_read_set(set); }
  race::ByteCells *allocate_byte_cells() override {
    return static_cast<race::ByteCells *>(aligned_block(sizeof(race::ByteCells)));
  }
  void release_byte_cells(race::ByteCells *cells) override {
    internal_free(cells, sizeof(race::ByteCells));
  }
  // The arena's 64-byte class hands out 64-byte aligned blocks.
  race::LanePair *allocate_lane_pair() override {
    return static_cast<race::LanePair *>(line_block(sizeof(race::LanePair)));
  }
  void release_lane_pair(race::LanePair *pair) override {
    internal_free(pair, sizeof(race::LanePair));
  }
  void retire_lane_pair(race::LanePair *pair) override { interlock::retire_lane_pair(pair); }
  // Equal arrays are kept once (kept_byte_contexts.h); a fresh one when the table has no room.
  const race::ByteContexts *share_byte_contexts(const race::ByteContexts &contents) override {
    return shared(contents, kept_byte_contexts(contents));
  }
  void release_byte_contexts(const race::ByteContexts *contexts) override { unshare(contexts); }
  const race::PairContexts *share_pair_contexts(const race::PairContexts &contents) override {
    return shared(contents, kept_pair_contexts(contents));
  }
  void release_pair_contexts(const race::PairContexts *contexts) override { unshare(contexts); }
  // A slot's own array, which a new read set's entry takes, is mostly kept already: then it is
  // its own answer, without a look in the table.
  const race::ByteContexts *keep_byte_contexts(const race::ByteContexts &contents) override {
    return is_kept_context_array(&contents) ? &contents : kept_byte_contexts(contents);
  }
  const race::PairContexts *keep_pair_contexts(const race::PairContexts &contents) override {
    return is_kept_context_array(&contents) ? &contents : kept_pair_contexts(contents);
  }

 private:
  static uint64_t read_set_bytes(uint32_t capacity) {
    uint64_t bytes = 64;
    while (race::read_set_capacity_for(bytes) < capacity) bytes *= 2;
    return bytes;
  }
  static void *line_block(uint64_t bytes) {
    void *p = internal_alloc(bytes);
    if (reinterpret_cast<uptr>(p) & 63) internal_error("misaligned shadow overflow line");
    return p;
  }
  // `kept`, or a fresh copy of `contents` aligned to its size (64 or 32 bytes: the arena's
  // power-of-two classes hand out blocks aligned to their size).
  template <class Array>
  static const Array *shared(const Array &contents, const Array *kept) {
    if (kept) return kept;
    void *p = internal_alloc(sizeof(Array));
    if (reinterpret_cast<uptr>(p) & (sizeof(Array) - 1))
      internal_error("misaligned shadow overflow contexts");
    auto *fresh = static_cast<Array *>(p);
    *fresh = contents;
    return fresh;
  }
  template <class Array>
  static void unshare(const Array *array) {
    if (!is_kept_context_array(array)) internal_free(const_cast<Array *>(array), sizeof(Array));
  }
  static void *aligned_block(uint64_t bytes) {
    void *p = internal_alloc(bytes);
    if (reinterpret_cast<uptr>(p) & 0xff) internal_error("misaligned shadow overflow block");
    return p;
  }
};

ArenaClockMemory g_clock_memory;
ArenaCellMemory g_cell_memory;

}  // namespace

race::ClockMemory *const g_clock_memory_of_runtime = &g_clock_memory;
race::CellMemory *const g_cell_memory_of_runtime = &g_cell_memory;

}  // namespace interlock
