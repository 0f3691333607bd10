// The forced order beside happens-before, for predicted races (detector/race/forced_order.h says
// what it is). Each thread keeps its deficits in its ThreadState, each mutex in its SyncObject;
// the calls below are made where happens-before's clocks move, with the same locks held.
//
// Thread-safety: as the clock operations they accompany: a thread's own state is touched only by
// it; a mutex's under its object's lock. Off (every call a no-op) with predict_races=0.
#ifndef INTERLOCK_RUNTIME_FORCED_ORDER_H
#define INTERLOCK_RUNTIME_FORCED_ORDER_H

#include "detector/race/shadow_cell.h"
#include "runtime/flags.h"
#include "runtime/rt.h"
#include "runtime/sync.h"

namespace interlock {

struct ContextNode;
struct HeldMutex;
struct ThreadState;

inline bool predicting_races() { return flags().predict_races; }

// A synchronization other than a mutex's unlock-to-lock edge: thr->clock was just joined with
// `incoming`, and the forced order takes it too.
void forced_edge(ThreadState *thr, const race::VectorClock &incoming);

// A lock call took `o` (o->lock held), before thr->clock joins o->clock: the forced order takes
// only what the last unlock's thread knew forcedly. `acquired_at` is the lock call. For a write
// lock, `held` receives the critical section it follows (rule b).
void forced_lock_acquired(ThreadState *thr, SyncObject *o, bool for_write,
                          const ContextNode *acquired_at, Tid *previous_holder,
                          race::Clock *previous_acquired);

// A write unlock of `o` (o->lock held), before o->clock joins thr->clock. `held` is the thread's
// hold (null for an unlock of a mutex it does not hold), `unlock_at` the unlock call.
void forced_lock_released(ThreadState *thr, SyncObject *o, HeldMutex *held,
                          const ContextNode *unlock_at);

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
