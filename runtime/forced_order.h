// The forced order beside happens-before, for predicted races (detector/race/forced_order.h says
// what it is). Each thread keeps its deficits in its ThreadState, each mutex in its SyncObject;
// the calls below are made where happens-before's clocks move, with the same locks held. A
// mutex taken again by the thread that last released it, the common case, skips both joins
// (forced_stamped_by).
//
// Thread-safety: as the clock operations they accompany: a thread's own state is touched only by
// it; a mutex's under its object's lock. Off (every call a no-op) with predict_races=0.
#ifndef INTERLOCK_RUNTIME_FORCED_ORDER_H
#define INTERLOCK_RUNTIME_FORCED_ORDER_H

#include "detector/race/shadow_cell.h"
#include "runtime/context.h"
#include "runtime/flags.h"
#include "runtime/rt.h"
#include "runtime/sync.h"
#include "runtime/thread_state.h"

namespace interlock {

struct ContextNode;

inline bool predicting_races() { return flags().predict_races; }

// An empty list: what a sender that knows all it knows forcedly sends.
extern const race::Deficits kNoDeficits;

// The thread's forced order (thr->forced, thr->forced_own) may have changed: a mutex stamped
// with its old version no longer describes it. Call at every change.
INTERLOCK_ALWAYS_INLINE void forced_changed(ThreadState *thr) { thr->forced_version++; }

// A new thread's forced_version: a fresh incarnation in its high bits, so that no other thread,
// nor one made later with the same tid, ever has the same version.
constexpr unsigned kForcedIncarnationShift = 40;
void forced_order_thread_started(ThreadState *thr);

// A synchronization other than a mutex's unlock-to-lock edge: thr->clock was just joined with
// `incoming`, and the forced order takes it too.
inline void forced_edge(ThreadState *thr, const race::VectorClock &incoming) {
  if (!predicting_races()) return;
  if (race::absorb(thr->forced, incoming, thr->clock, thr->slot, &thr->forced_own))
    forced_changed(thr);
}

// Whether the mutex's forced order is what an unlock by `thr` made it, with nothing published
// into the mutex since: the mutex then knows forcedly no more than the thread knew at that
// unlock (forced_lock_released), and so no more than it knows now, as a thread's forced order
// only grows; a lock call's join would change nothing. `exact`: and the thread's forced order
// has not changed since, so an unlock's join would leave the mutex's as it is either.
// (o->lock held.) A thread that takes the same mutex again and again, the common case, skips
// both joins.
INTERLOCK_ALWAYS_INLINE bool forced_stamped_by(const ThreadState *thr, const SyncObject *o,
                                               bool exact) {
  const uint64_t differs = o->forced_stamp ^ thr->forced_version;
  return (exact ? differs == 0 : differs >> kForcedIncarnationShift == 0) &&
         o->version == o->section_version;
}

// A lock call took `o` (o->lock held), before thr->clock joins o->clock: the forced order takes
// only what the last unlock's thread knew forcedly. `acquired_at` is the lock call. For a write
// lock, `held` receives the critical section it follows (rule b).
// (Inline, as the next one: every lock call and unlock makes them.)
INTERLOCK_ALWAYS_INLINE void forced_lock_acquired(ThreadState *thr, SyncObject *o, bool for_write,
                                                  const ContextNode *acquired_at,
                                                  Tid *previous_holder,
                                                  race::Clock *previous_acquired) {
  if (!predicting_races()) return;
  if (!forced_stamped_by(thr, o, /*exact=*/false)) {
    race::join_unforced(thr->forced, thr->clock, o->forced_deficits, o->clock, thr->slot,
                        &thr->forced_own, [acquired_at, thr] {
                          return race::LockCall{context_node_id(acquired_at), thr->tid};
                        });
    forced_changed(thr);
  }
  if (!for_write) return;
  *previous_holder = o->section_holder;
  *previous_acquired = o->section_acquired;
  o->section_holder = thr->slot;
  o->section_acquired = thr->clock.get(thr->slot);
  // (Something was published since the stamp: it is void, and stays so once section_version
  // moves on.)
  if (o->version != o->section_version) o->forced_stamp = 0;
  o->section_version = o->version;
}

// The rare parts of forced_lock_released(): rule (b)'s join, and the unlock of a section with
// unseen accesses.
void forced_confirm_by_previous_section(ThreadState *thr, SyncObject *o, HeldMutex *held);
void forced_release_unseen(ThreadState *thr, SyncObject *o);

// A write unlock of `o` (o->lock held), before o->clock joins thr->clock. `held` is the thread's
// hold (null for an unlock of a mutex it does not hold), `unlock_at` the unlock call. Returns
// whether to stamp the mutex with the thread's forced order once the clock is published
// (forced_stamp_release): when the thread holds the mutex for writing and nothing was published
// into it since its lock call, which left the thread knowing forcedly all the mutex did, so that
// this join makes the mutex's forced order the thread's own. (A section with unseen accesses
// publishes more: its unlock is not stamped.)
INTERLOCK_ALWAYS_INLINE bool forced_lock_released(ThreadState *thr, SyncObject *o,
                                                  HeldMutex *held, const ContextNode *unlock_at) {
  if (!predicting_races()) return false;
  // Rule (b): when the lock call of the critical section before this one is ordered before this
  // unlock, so is that section's unlock (the two could not overlap). o->clock is still what that
  // unlock published.
  if (held && !held->forced_confirmed && held->previous_holder != kInvalidTid &&
      (held->previous_holder != thr->slot || held->previous_acquired < thr->first_clock))
    forced_confirm_by_previous_section(thr, o, held);
  // (A section with accesses the check did not see may have touched anything: its unlock
  // publishes all the thread knew, as a forced edge would.)
  if (INTERLOCK_UNLIKELY(held && held->forced_unseen)) {
    forced_release_unseen(thr, o);
    return false;
  }
  const bool stamp = held && o->section_holder == thr->slot && o->section_version == o->version;
  // The mutex's as this thread's last unlock left it, and the thread's unchanged since: the
  // join below would change nothing.
  if (forced_stamped_by(thr, o, /*exact=*/true)) return stamp;
  // The next holder learns forcedly what this thread knew forcedly, of its own events only what
  // came back to it through forced edges.
  const race::ForcedDeficit own{thr->slot, thr->forced_own, o->address,
                                context_node_id(unlock_at), 0, kInvalidTid};
  race::join_unforced(o->forced_deficits, o->clock, thr->forced, thr->clock, kInvalidTid, nullptr,
                      0, &own);
  return stamp;
}

// Stamps `o` with the thread's forced order (forced_stamped_by), after a write unlock whose
// forced_lock_released() said so published o->clock (o->lock held).
INTERLOCK_ALWAYS_INLINE void forced_stamp_release(ThreadState *thr, SyncObject *o) {
  o->forced_stamp = thr->forced_version;
  o->section_version = o->version;
}

// An access of the thread the check does not see (ignored by an annotation): every critical
// section it is in counts as conflicting (rule a), since it may have touched anything.
void forced_access_unseen(ThreadState *thr);

// What the race check calls when happens-before orders an earlier access that the forced order
// does not: rule (a), joining the unlocks of held mutexes the earlier access was also made under.
class HeldLockConfirmer final : public race::ForcedOrderConfirmer {
 public:
  explicit HeldLockConfirmer(ThreadState *thr) : thr_(thr) {}
  bool confirm(const race::Conflict &earlier) override;

 private:
  ThreadState *thr_;
};

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_FORCED_ORDER_H
