#include "runtime/retired_read_sets.h"

#include <stddef.h>

#include "runtime/clock_memory.h"
#include "runtime/fork.h"
#include "runtime/internal_alloc.h"
#include "runtime/thread_state.h"

namespace interlock {
namespace {

// A batch's blocks are linked through their second word, which no reader looks at: a read set's
// `reserved`, a lane pair's first write context. Bit 0 of the link says the block holding it is
// a lane pair (both are 64-byte aligned).
constexpr uint32_t kBlocksPerBatch = 4096;
constexpr uint64_t kLanePairBit = 1;
static_assert(offsetof(race::ReadSet, reserved) == sizeof(uint64_t) &&
                  offsetof(race::LanePair, lane[0].write_context) == sizeof(uint64_t),
              "retired blocks link through their second word");

// A thread that was running between two accesses' passes when a batch closed (not waiting, not
// finished, started), and its ThreadRecord::passes then.
struct Running {
  const ThreadRecord *thread;
  uint64_t passes;
};

// A closed batch.
struct Batch {
  void *blocks;
  uint32_t count;     // entries of `running`
  uint32_t capacity;  // as allocated
  Running *running;
  Batch *next;        // the next newer closed batch
};

SpinLock g_lock;
void *g_open_blocks;  // retired since the last batch closed
uint32_t g_open_count;
Batch *g_oldest, *g_newest;  // closed batches, oldest first

uint64_t &link_of(void *block) { return static_cast<uint64_t *>(block)[1]; }

uint64_t passes_of(const ThreadRecord *rec) {
  return rec ? __atomic_load_n(&rec->passes, __ATOMIC_ACQUIRE) : 0;
}

// True when every thread running when the batch was closed has passed between two accesses
// since, or finished (the others had not started, were waiting or had finished then).
bool nobody_holds(const Batch &batch) {
  for (uint32_t i = 0; i < batch.count; i++)
    if (passes_of(batch.running[i].thread) == batch.running[i].passes) return false;
  return true;
}

void free_batch(Batch *batch) {
  for (void *block = batch->blocks; block;) {
    const uint64_t link = link_of(block);
    if (link & kLanePairBit)
      cell_memory().release_lane_pair(static_cast<race::LanePair *>(block));
    else
      cell_memory().release_read_set(static_cast<race::ReadSet *>(block));
    block = reinterpret_cast<void *>(link & ~kLanePairBit);
  }
  internal_free(batch->running, sizeof(Running) * batch->capacity);
  internal_free(batch, sizeof(Batch));
}

// Adds `block` (a lane pair if `is_lane_pair`, else a read set) to the open batch; closes the
// batch when it is full.
void retire(void *block, bool is_lane_pair) {
  SpinLockGuard guard(g_lock);
  link_of(block) = reinterpret_cast<uint64_t>(g_open_blocks) | (is_lane_pair ? kLanePairBit : 0);
  g_open_blocks = block;
  if (++g_open_count < kBlocksPerBatch) return;
  // Close the open batch with the running threads' passes, then free what nobody holds any more.
  // Only a clock slot's latest thread may be running: as many as were ever alive at once, not
  // every thread the program made.
  auto *closed = internal_new_zeroed<Batch>();
  closed->blocks = g_open_blocks;
  closed->capacity = clock_slots_used();
  closed->running = internal_new_zeroed<Running>(closed->capacity);
  for (Tid slot = 0; slot < closed->capacity; slot++) {
    const ThreadRecord *rec = latest_in_slot(slot);
    const uint64_t then = passes_of(rec);
    if (then != 0 && then != kPassedForGood && !(then & 1))
      closed->running[closed->count++] = {rec, then};
  }
  g_open_blocks = nullptr;
  g_open_count = 0;
  if (g_newest)
    g_newest->next = closed;
  else
    g_oldest = closed;
  g_newest = closed;
  while (g_oldest && nobody_holds(*g_oldest)) {
    Batch *done = g_oldest;
    g_oldest = done->next;
    if (!g_oldest) g_newest = nullptr;
    free_batch(done);
  }
}

}  // namespace

void retire_read_set(race::ReadSet *set) { retire(set, /*is_lane_pair=*/false); }
void retire_lane_pair(race::LanePair *pair) { retire(pair, /*is_lane_pair=*/true); }

void lock_retired_read_sets_for_fork() { g_lock.lock(); }
void unlock_retired_read_sets_after_fork() { g_lock.unlock(); }

}  // namespace interlock
