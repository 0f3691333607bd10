// Heap-backed memory and a tiny thread model for driving the race check in unit tests.
#ifndef INTERLOCK_TESTS_UNIT_RACE_TEST_SUPPORT_H
#define INTERLOCK_TESTS_UNIT_RACE_TEST_SUPPORT_H

#include <cstdlib>
#include <cstring>
#include <functional>
#include <initializer_list>
#include <vector>

#include "detector/race/shadow_cell.h"
#include "detector/race/vector_clock.h"

namespace interlock::race::testing {

class HeapMemory final : public ClockMemory, public CellMemory {
 public:
  ~HeapMemory() {
    for (void *p : blocks_) std::free(p);
  }
  Clock *allocate(uint32_t count) override {
    return static_cast<Clock *>(keep(std::calloc(count, sizeof(Clock))));
  }
  void release(Clock *, uint32_t) override {}  // freed with the fixture
  ReadSet *allocate_read_set(uint32_t min_capacity) override {
    if (before_next_read_set) {
      const std::function<void()> hook = std::move(before_next_read_set);
      before_next_read_set = nullptr;
      hook();
    }
    size_t bytes = 64;
    while (read_set_capacity_for(bytes) < min_capacity) bytes *= 2;
    void *p = std::aligned_alloc(64, bytes);
    std::memset(p, 0, bytes);
    auto *set = static_cast<ReadSet *>(keep(p));
    set->capacity = read_set_capacity_for(bytes);
    return set;
  }
  void release_read_set(ReadSet *) override { released_read_sets++; }  // freed with the fixture
  void retire_read_set(ReadSet *) override { retired_read_sets++; }
  ByteCells *allocate_byte_cells() override {
    void *p = std::aligned_alloc(256, sizeof(ByteCells));
    std::memset(p, 0, sizeof(ByteCells));
    return static_cast<ByteCells *>(keep(p));
  }
  void release_byte_cells(ByteCells *) override {}
  LanePair *allocate_lane_pair() override {
    void *p = std::aligned_alloc(64, sizeof(LanePair));
    std::memset(p, 0, sizeof(LanePair));
    return static_cast<LanePair *>(keep(p));
  }
  void release_lane_pair(LanePair *) override {}
  void retire_lane_pair(LanePair *) override { retired_lane_pairs++; }
  // Each share a fresh copy (the runtime's memory keeps equal arrays once; the check must work
  // with either).
  const ByteContexts *share_byte_contexts(const ByteContexts &contents) override {
    void *p = std::aligned_alloc(64, sizeof(ByteContexts));
    std::memcpy(p, &contents, sizeof(ByteContexts));
    live_byte_contexts++;
    return static_cast<const ByteContexts *>(keep(p));
  }
  void release_byte_contexts(const ByteContexts *contexts) override {
    if (!is_kept(contexts)) live_byte_contexts--;
  }
  const PairContexts *share_pair_contexts(const PairContexts &contents) override {
    void *p = std::aligned_alloc(32, sizeof(PairContexts));
    std::memcpy(p, &contents, sizeof(PairContexts));
    live_byte_contexts++;
    live_pair_contexts++;
    return static_cast<const PairContexts *>(keep(p));
  }
  void release_pair_contexts(const PairContexts *contexts) override {
    if (is_kept(contexts)) return;
    live_byte_contexts--;
    live_pair_contexts--;
  }
  // Kept for good, one per distinct contents (as the runtime keeps them), unless
  // `keeps_no_more`.
  const ByteContexts *keep_byte_contexts(const ByteContexts &contents) override {
    return keep_for_good(contents);
  }
  const PairContexts *keep_pair_contexts(const PairContexts &contents) override {
    return keep_for_good(contents);
  }

  // Read sets detached from their cells and handed back (an abandoned one would not show).
  int retired_read_sets = 0;
  // Lane pairs whose granule moved to byte lanes, handed back.
  int retired_lane_pairs = 0;
  // Read sets handed back at once (never seen by another thread).
  int released_read_sets = 0;
  // Run once, the next time a read set is asked for (what another thread does meanwhile).
  std::function<void()> before_next_read_set;
  // Per-byte context arrays of either form, shared and not released: a leak shows here.
  int live_byte_contexts = 0;
  int live_pair_contexts = 0;  // of those, in the pair form
  // Arrays kept for good (keep_*_contexts), and whether to refuse more, as a full table does.
  int kept_context_arrays = 0;
  bool keeps_no_more = false;

 private:
  template <class Array>
  const Array *keep_for_good(const Array &contents) {
    if (is_kept(&contents)) return &contents;
    std::vector<const void *> &kept =
        sizeof(Array) == sizeof(ByteContexts) ? kept_bytes_ : kept_pairs_;
    for (const void *k : kept)
      if (std::memcmp(k, &contents, sizeof(Array)) == 0) return static_cast<const Array *>(k);
    if (keeps_no_more) return nullptr;
    void *p = std::aligned_alloc(sizeof(Array), sizeof(Array));
    std::memcpy(p, &contents, sizeof(Array));
    kept.push_back(p);
    kept_context_arrays++;
    return static_cast<const Array *>(keep(p));
  }
  bool is_kept(const void *array) const {
    for (const std::vector<const void *> *kept : {&kept_bytes_, &kept_pairs_})
      for (const void *k : *kept)
        if (k == array) return true;
    return false;
  }
  std::vector<const void *> kept_bytes_, kept_pairs_;
  void *keep(void *p) {
    blocks_.push_back(p);
    return p;
  }
  std::vector<void *> blocks_;
};

// A simulated thread: its vector clock, and release/acquire through explicit sync clocks.
struct SimThread {
  Tid tid;
  VectorClock clock;

  SimThread(Tid t, HeapMemory &mem) : tid(t) { clock.set(t, 1, mem); }
  uint64_t record(uint8_t mask, bool atomic = false) const {
    return make_record(tid, clock.get(tid), mask, atomic);
  }
  void release_to(VectorClock &sync, HeapMemory &mem) {
    sync.join(clock, mem);
    clock.set(tid, clock.get(tid) + 1, mem);
  }
  void acquire_from(const VectorClock &sync, HeapMemory &mem) { clock.join(sync, mem); }
};

}  // namespace interlock::race::testing

#endif  // INTERLOCK_TESTS_UNIT_RACE_TEST_SUPPORT_H
