#include "runtime/retired_read_sets.h"

#include "runtime/clock_memory.h"
#include "runtime/fork.h"
#include "runtime/internal_alloc.h"
#include "runtime/thread_state.h"

namespace interlock {
namespace {

// A batch's sets are linked through their `reserved` word, which no reader looks at.
constexpr uint32_t kSetsPerBatch = 4096;

// A closed batch.
struct Batch {
  race::ReadSet *sets;
  Tid threads;       // entries of `passes`
  uint64_t *passes;  // each thread's ThreadRecord::passes when the batch was closed
  Batch *next;       // the next newer closed batch
};

SpinLock g_lock;
race::ReadSet *g_open_sets;  // retired since the last batch closed
uint32_t g_open_count;
Batch *g_oldest, *g_newest;  // closed batches, oldest first

race::ReadSet *next_of(const race::ReadSet *set) {
  return reinterpret_cast<race::ReadSet *>(set->reserved);
}

uint64_t passes_of(const ThreadRecord *rec) {
  return rec ? __atomic_load_n(&rec->passes, __ATOMIC_ACQUIRE) : 0;
}

// True when every thread of the batch has passed between two accesses since it was closed, or
// finished; or had not started, or was waiting, when it was closed.
bool nobody_holds(const Batch &batch) {
  for (Tid t = 0; t < batch.threads; t++) {
    const uint64_t then = batch.passes[t];
    if (then == 0 || then == kPassedForGood || (then & 1)) continue;
    if (passes_of(thread_record(t)) == then) return false;
  }
  return true;
}

void free_batch(Batch *batch) {
  for (race::ReadSet *set = batch->sets; set;) {
    race::ReadSet *next = next_of(set);
    cell_memory().release_read_set(set);
    set = next;
  }
  internal_free(batch->passes, sizeof(uint64_t) * batch->threads);
  internal_free(batch, sizeof(Batch));
}

}  // namespace

void retire_read_set(race::ReadSet *set) {
  SpinLockGuard guard(g_lock);
  set->reserved = reinterpret_cast<uint64_t>(g_open_sets);
  g_open_sets = set;
  if (++g_open_count < kSetsPerBatch) return;
  // Close the open batch with every thread's passes, then free what nobody holds any more.
  auto *closed = internal_new_zeroed<Batch>();
  closed->sets = g_open_sets;
  closed->threads = thread_count();
  closed->passes = internal_new_zeroed<uint64_t>(closed->threads);
  for (Tid t = 0; t < closed->threads; t++) closed->passes[t] = passes_of(thread_record(t));
  g_open_sets = nullptr;
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

void lock_retired_read_sets_for_fork() { g_lock.lock(); }
void unlock_retired_read_sets_after_fork() { g_lock.unlock(); }

}  // namespace interlock
