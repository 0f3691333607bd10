// The forced order's bookkeeping at each synchronization (runtime/forced_order.h).
#include "runtime/forced_order.h"

#include "runtime/clock_memory.h"
#include "runtime/flags.h"
#include "runtime/internal_alloc.h"
#include "runtime/thread_state.h"

namespace interlock {

bool predicting_races() { return flags().predict_races; }

void forced_edge(ThreadState *thr, const race::VectorClock &incoming) {
  if (!predicting_races()) return;
  race::absorb(thr->forced, incoming, thr->clock, thr->tid, &thr->forced_own);
}

void forced_lock_acquired(ThreadState *thr, SyncObject *o, bool for_write,
                          const ContextNode *acquired_at, Tid *previous_holder,
                          race::Clock *previous_acquired) {
  if (!predicting_races()) return;
  static const race::Deficits kNone{};
  race::join_unforced(thr->forced, thr->clock, o->forced_deficits ? *o->forced_deficits : kNone,
                      o->clock, thr->tid, &thr->forced_own,
                      reinterpret_cast<uint64_t>(acquired_at));
  if (!for_write) return;
  *previous_holder = o->section_holder;
  *previous_acquired = o->section_acquired;
  o->section_holder = thr->tid;
  o->section_acquired = thr->clock.get(thr->tid);
}

namespace {

// Rule (a)'s join for held mutex `m`: the forced order takes what its unlocks published.
void confirm_held(ThreadState *thr, HeldMutex *h) {
  h->forced_confirmed = true;
  SyncObject *o = find_sync_object(h->address);
  if (!o) return;
  SpinLockGuard guard(o->lock);
  race::absorb(thr->forced, o->clock, thr->clock, thr->tid, &thr->forced_own);
}

bool lock_set_has(const ContextNode *lock_set, uptr m) {
  for (; lock_set; lock_set = lock_set->parent)
    if (reinterpret_cast<uptr>(lock_set->a) == m) return true;
  return false;
}

}  // namespace

void forced_lock_released(ThreadState *thr, SyncObject *o, HeldMutex *held,
                          const ContextNode *unlock_at) {
  if (!predicting_races()) return;
  // Rule (b): when the lock call of the critical section before this one is ordered before this
  // unlock, so is that section's unlock (the two could not overlap). o->clock is still what that
  // unlock published.
  if (held && !held->forced_confirmed && held->previous_holder != kInvalidTid &&
      held->previous_holder != thr->tid &&
      thr->forced.forced_of(held->previous_holder, thr->clock.get(held->previous_holder)) >=
          held->previous_acquired) {
    held->forced_confirmed = true;
    race::absorb(thr->forced, o->clock, thr->clock, thr->tid, &thr->forced_own);
  }
  // The next holder learns forcedly what this thread knew forcedly, of its own events only what
  // came back to it through forced edges.
  // (A section with accesses the check did not see may have touched anything: its unlock
  // publishes all the thread knew, as a forced edge would.)
  race::Deficits published{};
  if (!held || !held->forced_unseen) {
    published = thr->forced;
    published.put({thr->tid, thr->forced_own, o->address, reinterpret_cast<uint64_t>(unlock_at),
                   0, kInvalidTid});
  }
  if (!o->forced_deficits) o->forced_deficits = internal_new_zeroed<race::Deficits>();
  race::join_unforced(*o->forced_deficits, o->clock, published, thr->clock, kInvalidTid, nullptr,
                      0);
}

void forced_access_unseen(ThreadState *thr) {
  if (!predicting_races()) return;
  for (uint32_t i = 0; i < thr->held_count; i++) {
    thr->held[i].forced_unseen = true;
    if (!thr->held[i].forced_confirmed) confirm_held(thr, &thr->held[i]);
  }
}

bool HeldLockConfirmer::confirm(const race::Conflict &earlier) {
  const auto *access = reinterpret_cast<const ContextNode *>(earlier.context);
  if (!access) return false;
  const ContextNode *locks = lock_set_of_access(access);
  bool joined = false;
  for (uint32_t i = 0; i < thr_->held_count; i++) {
    HeldMutex *h = &thr_->held[i];
    if (h->forced_confirmed || !lock_set_has(locks, h->address)) continue;
    confirm_held(thr_, h);
    joined = true;
  }
  return joined && thr_->forced.covers(earlier.record);
}

}  // namespace interlock
