// The wait-for search: a depth-first walk over blocked threads, each edge enumerated lazily
// (thread i waits for thread j when j holds, in a conflicting mode, the lock i is blocked on, or
// when i joins j or waits for the static initialization j runs), so the snapshot needs no edge list of its own.
#include "detector/deadlock/wait_for.h"

namespace interlock::deadlock {
namespace {

// One thread's position in the walk: the next (thread, held slot) pair to try as its edge.
struct Cursor {
  size_t thread;
  size_t slot;
};

bool conflicts(const BlockedThreadWait &waiter, const WaiterHeldLock &held) {
  if (held.lock != waiter.object) return false;
  return waiter.on == BlockedOn::kLock || !held.for_read;
}

class WaitForWalk {
 public:
  WaitForWalk(const BlockedThreadWait *waits, size_t count, uint64_t min_ms, void *scratch)
      : waits_(waits), count_(count), min_ms_(min_ms) {
    auto *words = static_cast<size_t *>(scratch);
    state_ = words;
    stack_ = words + count;
    members_ = words + 2 * count;
    waits_for_ = words + 3 * count;
    held_slot_ = words + 4 * count;
    cursors_ = reinterpret_cast<Cursor *>(words + 5 * count);
    for (size_t i = 0; i < count; i++) state_[i] = kUnvisited;
  }

  // The next edge of `from` at or after `cursor` among threads that may join a cycle; advances
  // the cursor past it. False when `from` has no more.
  bool next_edge(size_t from, Cursor *cursor, size_t *to, size_t *slot) const {
    const BlockedThreadWait &w = waits_[from];
    for (; cursor->thread < count_; cursor->thread++, cursor->slot = 0) {
      const size_t j = cursor->thread;
      if (!eligible(j)) continue;
      if (w.on == BlockedOn::kJoin || w.on == BlockedOn::kInitializer) {
        if (cursor->slot == 0 && waits_[j].thread == w.joined_thread) {
          cursor->slot = 1;
          *to = j;
          *slot = kNoThread;
          return true;
        }
        continue;
      }
      if (w.on == BlockedOn::kAnyThread) return false;
      if (j == from && w.recursive) continue;  // re-locking a recursive mutex does not wait
      const BlockedThreadWait &holder = waits_[j];
      for (; cursor->slot < holder.held_count; cursor->slot++) {
        if (!conflicts(w, holder.held[cursor->slot])) continue;
        *to = j;
        *slot = cursor->slot++;
        return true;
      }
    }
    return false;
  }

  bool eligible(size_t i) const { return waits_[i].blocked_ms >= min_ms_; }

  // A cycle through blocked threads, or a verdict of kind kNone.
  DeadlockVerdict find_cycle() {
    for (size_t root = 0; root < count_; root++) {
      if (state_[root] != kUnvisited || !eligible(root)) continue;
      size_t depth = 0;
      push(root, &depth);
      while (depth > 0) {
        const size_t top = stack_[depth - 1];
        size_t to, slot;
        if (!next_edge(top, &cursors_[top], &to, &slot)) {
          state_[top] = kDone;
          depth--;
          continue;
        }
        waits_for_[depth - 1] = to;
        held_slot_[depth - 1] = slot;
        if (state_[to] == kOnStack) return cycle_ending_at(to, depth);
        if (state_[to] == kUnvisited) push(to, &depth);
      }
    }
    return DeadlockVerdict{};
  }

  // Every wait, each with the first thread it waits for (if any).
  DeadlockVerdict all_blocked() {
    for (size_t i = 0; i < count_; i++) {
      members_[i] = i;
      Cursor cursor{0, 0};
      size_t to = kNoThread, slot = kNoThread;
      if (!next_edge(i, &cursor, &to, &slot)) to = slot = kNoThread;
      waits_for_[i] = to;
      held_slot_[i] = slot;
    }
    DeadlockVerdict verdict;
    verdict.kind = DeadlockVerdict::kAllBlocked;
    verdict.members = members_;
    verdict.length = count_;
    verdict.waits_for = waits_for_;
    verdict.held_slot = held_slot_;
    return verdict;
  }

 private:
  static constexpr size_t kUnvisited = 0, kOnStack = 1, kDone = 2;

  void push(size_t node, size_t *depth) {
    state_[node] = kOnStack;
    cursors_[node] = Cursor{0, 0};
    stack_[(*depth)++] = node;
  }

  // The stack from `first`'s position up to the top (depth - 1) is the cycle; the edges taken
  // from each stack position are already in waits_for_ / held_slot_ at that position.
  DeadlockVerdict cycle_ending_at(size_t first, size_t depth) {
    size_t start = depth - 1;
    while (stack_[start] != first) start--;
    DeadlockVerdict verdict;
    verdict.kind = DeadlockVerdict::kCycle;
    verdict.length = depth - start;
    for (size_t k = 0; k < verdict.length; k++) members_[k] = stack_[start + k];
    verdict.members = members_;
    verdict.waits_for = waits_for_ + start;
    verdict.held_slot = held_slot_ + start;
    return verdict;
  }

  const BlockedThreadWait *waits_;
  size_t count_;
  uint64_t min_ms_;
  size_t *state_;
  size_t *stack_;
  size_t *members_;
  size_t *waits_for_;
  size_t *held_slot_;
  Cursor *cursors_;
};

}  // namespace

size_t wait_for_scratch_size(size_t wait_count) {
  return wait_count * (5 * sizeof(size_t) + sizeof(Cursor)) + sizeof(size_t);
}

DeadlockVerdict find_deadlock(const BlockedThreadWait *waits, size_t wait_count,
                              size_t live_threads, uint64_t min_cycle_ms,
                              uint64_t all_blocked_ms, void *scratch) {
  WaitForWalk walk(waits, wait_count, min_cycle_ms, scratch);
  DeadlockVerdict cycle = walk.find_cycle();
  if (cycle.kind != DeadlockVerdict::kNone) return cycle;
  if (all_blocked_ms == 0 || wait_count == 0 || wait_count < live_threads) return cycle;
  for (size_t i = 0; i < wait_count; i++)
    if (waits[i].blocked_ms < all_blocked_ms) return cycle;
  WaitForWalk everyone(waits, wait_count, 0, scratch);
  return everyone.all_blocked();
}

}  // namespace interlock::deadlock
