// The forced order's bookkeeping at each synchronization (runtime/forced_order.h).
#include "runtime/forced_order.h"

#include "runtime/clock_memory.h"
#include "runtime/internal_alloc.h"
#include "runtime/thread_state.h"

namespace interlock {
namespace {

const race::Deficits kNoDeficits{};

}  // namespace

void forced_edge(ThreadState *thr, const race::VectorClock &incoming) {
  if (!predicting_races()) return;
  race::absorb(thr->forced, incoming, thr->clock, thr->tid, &thr->forced_own);
}

void forced_lock_acquired(ThreadState *thr, SyncObject *o, bool for_write,
                          const ContextNode *acquired_at, Tid *previous_holder,
                          race::Clock *previous_acquired) {
  if (!predicting_races()) return;
  race::join_unforced(thr->forced, thr->clock,
                      o->forced_deficits ? *o->forced_deficits : kNoDeficits,
                      o->clock, thr->tid, &thr->forced_own,
                      reinterpret_cast<uint64_t>(acquired_at));
  if (!for_write) return;
  *previous_holder = o->section_holder;
  *previous_acquired = o->section_acquired;
  o->section_holder = thr->tid;
  o->section_acquired = thr->clock.get(thr->tid);
}

namespace {

// Rule (a)'s join for the held mutex `h`: the forced order takes what its unlocks published.
void confirm_held(ThreadState *thr, HeldMutex *h) {
  h->forced_confirmed = true;
  // The object the lock call took, unless a misuse (a destroy while held) gave it away since.
  SyncObject *o = h->object;
  if (!o || __atomic_load_n(&o->address, __ATOMIC_ACQUIRE) != h->address)
    o = find_sync_object(h->address);
  if (!o) return;
  // Without the object's lock: what the mutex's unlocks published changes only at an unlock by
  // its holder, and this thread holds it (readers of a rwlock publish into read_clock). Only a
  // misuse, another thread unlocking the mutex meanwhile (reported), could make this read stale.
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
  if (!o->forced_deficits) o->forced_deficits = internal_new_zeroed<race::Deficits>();
  if (held && held->forced_unseen) {
    race::join_unforced(*o->forced_deficits, o->clock, kNoDeficits, thr->clock, kInvalidTid,
                        nullptr, 0);
    return;
  }
  const race::ForcedDeficit own{thr->tid, thr->forced_own, o->address,
                                reinterpret_cast<uint64_t>(unlock_at), 0, kInvalidTid};
  race::join_unforced(*o->forced_deficits, o->clock, thr->forced, thr->clock, kInvalidTid, nullptr,
                      0, &own);
}

void forced_access_unseen(ThreadState *thr) {
  if (!predicting_races()) return;
  for (uint32_t i = 0; i < thr->held_count; i++) {
    thr->held[i].forced_unseen = true;
    if (!thr->held[i].forced_confirmed) confirm_held(thr, &thr->held[i]);
  }
}

bool HeldLockConfirmer::confirm(const race::Conflict &earlier) {
  // An access kept as an inline word held no lock (runtime/context.h): nothing to confirm.
  if (earlier.context == 0 || (earlier.context & kInlineAccessBit)) return false;
  const auto *access = reinterpret_cast<const ContextNode *>(earlier.context);
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
