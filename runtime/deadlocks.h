// Deadlock detection, part one: the lock-order graph (detector/deadlock) fed by the mutex model,
// and its cycles turned into `lock-order-cycle` findings.
//
// Thread-safety: every function may be called from any thread; the graph sits behind one lock,
// which lock requests take only when the requesting thread already holds another lock (only
// then can an edge appear), so uncontended locking stays off it.
#ifndef INTERLOCK_RUNTIME_DEADLOCKS_H
#define INTERLOCK_RUNTIME_DEADLOCKS_H

#include "runtime/thread_state.h"

namespace interlock {

void deadlock_detection_init();  // from initialize(), after the flags are parsed

void lock_created(uptr m);
void lock_destroyed(uptr m);
// Before a lock call that may block (or a trylock); `flags` are MutexFlags.
void lock_requested(ThreadState *thr, uptr m, unsigned flags);
// `releaser` unlocked `m` while `owner` held it: cycles through `m` lose the no-preemption
// condition (their waits could be ended by a third thread).
void lock_released_by_non_holder(uptr m, Tid owner, Tid releaser);
// Heap memory [p, p+size) is freed: locks that lived in it leave the graph (a std::mutex has a
// trivial destructor, so no destroy call tells us).
void lock_memory_freed(uptr p, size_t size);

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_DEADLOCKS_H
