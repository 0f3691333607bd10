// The forced order's bookkeeping at each synchronization (runtime/forced_order.h).
#include "runtime/forced_order.h"

#include "runtime/clock_memory.h"
#include "runtime/thread_state.h"

namespace interlock {

const race::Deficits kNoDeficits{};

void forced_order_thread_started(ThreadState *thr) {
  static uint64_t incarnations;
  thr->forced_version = __atomic_add_fetch(&incarnations, 1, __ATOMIC_RELAXED)
                        << kForcedIncarnationShift;
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
  if (race::absorb(thr->forced, o->clock, thr->clock, thr->slot, &thr->forced_own))
    forced_changed(thr);
}

bool lock_set_has(const ContextNode *lock_set, uptr m) {
  for (; lock_set; lock_set = lock_set->parent)
    if (reinterpret_cast<uptr>(lock_set->a) == m) return true;
  return false;
}

}  // namespace

void forced_confirm_by_previous_section(ThreadState *thr, SyncObject *o, HeldMutex *held) {
  if (thr->forced.forced_of(held->previous_holder, thr->clock.get(held->previous_holder)) <
      held->previous_acquired)
    return;
  held->forced_confirmed = true;
  if (race::absorb(thr->forced, o->clock, thr->clock, thr->slot, &thr->forced_own))
    forced_changed(thr);
}

void forced_release_unseen(ThreadState *thr, SyncObject *o) {
  race::join_unforced(o->forced_deficits, o->clock, kNoDeficits, thr->clock, kInvalidTid, nullptr,
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
