// Sync objects, happens-before through them, and the mutex model (held locks, lock sets).
#include "runtime/sync.h"

#include <string.h>

#include "runtime/clock_memory.h"
#include "runtime/deadlocks.h"
#include "runtime/fork.h"
#include "runtime/hangs.h"
#include "runtime/internal_alloc.h"
#include "runtime/memory_map.h"
#include "runtime/report.h"
#include "runtime/thread_state.h"

namespace interlock {
namespace {

constexpr unsigned kShards = 1024;

struct Shard {
  SpinLock lock;
  SyncObject *head;
};

Shard g_shards[kShards];
SpinLock g_free_lock;
SyncObject *g_free_objects;  // destroyed objects, kept type-stable for reuse

Shard &shard_of(uptr addr) { return g_shards[(addr >> 3) * 0x9E3779B1u % kShards]; }

SyncObject *lookup(Shard &s, uptr addr) {
  for (SyncObject *o = s.head; o; o = o->next)
    if (o->address == addr) return o;
  return nullptr;
}

}  // namespace

SyncObject *sync_object(uptr addr) {
  Shard &s = shard_of(addr);
  SpinLockGuard guard(s.lock);
  if (SyncObject *o = lookup(s, addr)) return o;
  SyncObject *o;
  {
    SpinLockGuard free_guard(g_free_lock);
    o = g_free_objects;
    if (o) g_free_objects = o->next;
  }
  if (!o) o = internal_new_zeroed<SyncObject>();  // a reused one keeps its version counting
  o->mutex_watched = false;
  o->mutex_is_rwlock = false;
  o->mutex_owner = kInvalidTid;
  o->mutex_locked_at = nullptr;
  o->mutex_last_unlocker = kInvalidTid;
  o->mutex_last_unlocked_at = nullptr;
  __atomic_store_n(&o->address, addr, __ATOMIC_RELEASE);
  o->next = s.head;
  s.head = o;
  return o;
}

SyncObject *find_sync_object(uptr addr) {
  Shard &s = shard_of(addr);
  SpinLockGuard guard(s.lock);
  return lookup(s, addr);
}

bool lock_is_rwlock(uptr addr) {
  SyncObject *o = find_sync_object(addr);
  if (!o) return false;
  SpinLockGuard guard(o->lock);
  return o->address == addr && o->mutex_is_rwlock;
}

void sync_destroy(uptr addr) {
  Shard &s = shard_of(addr);
  SyncObject *victim = nullptr;
  {
    SpinLockGuard guard(s.lock);
    for (SyncObject **p = &s.head; *p; p = &(*p)->next) {
      if ((*p)->address == addr) {
        victim = *p;
        *p = victim->next;
        break;
      }
    }
  }
  if (!victim) return;
  {
    SpinLockGuard object_guard(victim->lock);
    victim->clock.free(clock_memory());
    victim->read_clock.free(clock_memory());
    __atomic_store_n(&victim->version, victim->version + 1, __ATOMIC_RELEASE);
    __atomic_store_n(&victim->address, uptr(0), __ATOMIC_RELEASE);
  }
  SpinLockGuard free_guard(g_free_lock);
  victim->next = g_free_objects;
  g_free_objects = victim;
}

void sync_acquire(ThreadState *thr, uptr addr) {
  if (!thr) return;
  ScopedInRuntime in_runtime(thr);
  SyncObject *o = sync_object(addr);
  SpinLockGuard guard(o->lock);
  thr->clock.join(o->clock, clock_memory());
}

void sync_release(ThreadState *thr, uptr addr) {
  if (!thr) return;
  ScopedInRuntime in_runtime(thr);
  SyncObject *o = sync_object(addr);
  {
    SpinLockGuard guard(o->lock);
    publish_join(o, thr->clock, clock_memory());
  }
  tick(thr);
}

void sync_release_store(ThreadState *thr, uptr addr) {
  if (!thr) return;
  ScopedInRuntime in_runtime(thr);
  SyncObject *o = sync_object(addr);
  {
    SpinLockGuard guard(o->lock);
    publish_assign(o, thr->clock, clock_memory());
  }
  tick(thr);
}

// ---- mutexes ----

namespace {

HeldMutex *find_held(ThreadState *thr, uptr m) {
  for (uint32_t i = thr->held_count; i-- > 0;)
    if (thr->held[i].address == m) return &thr->held[i];
  return nullptr;
}

void rebuild_lock_set(ThreadState *thr) {
  const ContextNode *set = nullptr;
  for (uint32_t i = 0; i < thr->held_count; i++)
    set = intern_context(thr->context_cache, set, reinterpret_cast<const void *>(thr->held[i].address),
                         thr->held[i].acquired_at);
  thr->lock_set = set;
}

void push_held(ThreadState *thr, uptr m, unsigned mode, const ContextNode *acquired_at) {
  if (thr->held_count == thr->held_capacity) {
    uint32_t cap = thr->held_capacity ? thr->held_capacity * 2 : 16;
    auto *fresh = static_cast<HeldMutex *>(internal_alloc(cap * sizeof(HeldMutex)));
    if (thr->held_count) memcpy(fresh, thr->held, thr->held_count * sizeof(HeldMutex));
    free_held_array(thr->held, thr->held_capacity);
    thr->held = fresh;
    thr->held_capacity = cap;
  }
  thr->held[thr->held_count++] = {m, mode, 1, acquired_at};
  thr->lock_set = intern_context(thr->context_cache, thr->lock_set,
                                 reinterpret_cast<const void *>(m), acquired_at);
}

// Whether the runtime saw this mutex's whole life, so that "no thread holds it" is a fact: it was
// created, locked or unlocked under the runtime's eye, or it is a global of the program (the
// runtime starts before the program's constructors, so nothing locked it unseen). A mutex
// nothing is known of (a heap block used as a mutex, locked while the runtime was not yet
// running) is not judged.
bool whole_life_seen(const SyncObject *o, bool is_global) {
  return o->mutex_watched || is_global;
}

// An unlock by a thread that does not hold `m` (o->lock held): fills `misuse` and returns true
// when that is a misuse the model can judge. A read unlock, or a rwlock unlock (flags 0: the
// side is unknown) while no thread holds it for writing, may release a read hold the model does
// not track per thread, so only a rwlock write-held by another thread is judged.
bool judge_foreign_unlock(ThreadState *thr, const SyncObject *o, bool is_global, unsigned flags,
                          MutexMisuseReport *misuse) {
  if (flags & kMutexRead) return false;
  const bool exclusive = (flags & kMutexWrite) != 0;
  if (o->mutex_owner != kInvalidTid && o->mutex_owner != thr->tid) {
    misuse->what = report::MutexMisuseKind::kUnlockNotHeld;
    misuse->owner = o->mutex_owner;
    misuse->locked_at = o->mutex_locked_at;
    return true;
  }
  if (!exclusive || !whole_life_seen(o, is_global)) return false;
  if (o->mutex_owner == thr->tid) return false;  // recorded as ours: our held list disagrees
  if (o->mutex_last_unlocker == thr->tid && o->mutex_last_unlocked_at) {
    misuse->what = report::MutexMisuseKind::kDoubleUnlock;
    misuse->last_unlocked_at = o->mutex_last_unlocked_at;
  } else {
    misuse->what = report::MutexMisuseKind::kUnlockNotHeld;
  }
  misuse->owner = kInvalidTid;
  return true;
}

void remove_held(ThreadState *thr, HeldMutex *h) {
  bool was_last = h == &thr->held[thr->held_count - 1];
  uint32_t i = uint32_t(h - thr->held);
  memmove(&thr->held[i], &thr->held[i + 1], (thr->held_count - i - 1) * sizeof(HeldMutex));
  thr->held_count--;
  if (was_last && thr->lock_set)
    thr->lock_set = thr->lock_set->parent;
  else
    rebuild_lock_set(thr);
}


}  // namespace

void mutex_create(ThreadState *thr, uptr m, unsigned flags) {
  if (!thr) return;
  ScopedInRuntime in_runtime(thr);
  lock_created(m);
  SyncObject *o = sync_object(m);
  SpinLockGuard guard(o->lock);
  (void)flags;
  o->mutex_watched = true;
}

void mutex_pre_destroy(ThreadState *thr, uptr m) {
  if (!thr) return;
  ScopedInRuntime in_runtime(thr);
  SyncObject *o = find_sync_object(m);
  if (!o) return;
  MutexMisuseReport misuse{};
  {
    SpinLockGuard guard(o->lock);
    if (o->address != m || o->mutex_owner == kInvalidTid) return;
    misuse.is_rwlock = o->mutex_is_rwlock;
    misuse.owner = o->mutex_owner;
    misuse.locked_at = o->mutex_locked_at;
  }
  misuse.what = report::MutexMisuseKind::kDestroyLocked;
  misuse.thread = thr->tid;
  misuse.mutex = m;
  misuse.at = access_context(thr, current_callsite());
  report_mutex_misuse(misuse);
}

void mutex_destroy(ThreadState *thr, uptr m) {
  if (!thr) return;
  ScopedInRuntime in_runtime(thr);
  lock_destroyed(m);
  sync_destroy(m);
}

void mutex_pre_lock(ThreadState *thr, uptr m, unsigned flags) {
  // Happens-before needs nothing before the lock is taken; the lock-order graph and the
  // deadlock watchdog do.
  lock_requested(thr, m, flags);
  if (!thr || (flags & kMutexTry)) return;
  // Re-locking a recursive mutex this thread holds does not wait.
  if ((flags & kMutexRecursive) && find_held(thr, m)) return;
  begin_lock_wait(thr, m, flags);
}

void mutex_lock_failed(ThreadState *thr, uptr m) {
  (void)m;
  wait_end(thr);
}

void mutex_post_lock(ThreadState *thr, uptr m, unsigned flags) {
  if (!thr) return;
  wait_end(thr);
  ScopedInRuntime in_runtime(thr);
  SyncObject *o = sync_object(m);
  {
    SpinLockGuard guard(o->lock);
    thr->clock.join(o->clock, clock_memory());
    // A writer also waits for every reader before it: their reads happen before its writes.
    if (!(flags & kMutexRead)) thr->clock.join(o->read_clock, clock_memory());
  }
  if (HeldMutex *h = find_held(thr, m)) {
    h->count++;  // recursive re-lock: already in the lock set
    return;
  }
  const ContextNode *acquired_at = access_context(thr, current_callsite());
  {
    SpinLockGuard guard(o->lock);
    o->mutex_watched = true;
    if (flags & kMutexRwlock) o->mutex_is_rwlock = true;
    o->mutex_last_unlocker = kInvalidTid;
    o->mutex_last_unlocked_at = nullptr;
    if (!(flags & kMutexRead)) {
      o->mutex_owner = thr->tid;
      o->mutex_locked_at = acquired_at;
    }
  }
  push_held(thr, m, (flags & kMutexRead) ? kMutexRead : kMutexWrite, acquired_at);
}

void mutex_pre_unlock(ThreadState *thr, uptr m, unsigned flags) {
  if (!thr) return;
  ScopedInRuntime in_runtime(thr);
  HeldMutex *h = find_held(thr, m);
  unsigned mode = flags & (kMutexRead | kMutexWrite);
  if (mode == 0) mode = h ? h->mode : kMutexWrite;
  const bool last_release = h && h->count == 1;
  const ContextNode *unlock_at = nullptr;
  if (last_release || !h) unlock_at = access_context(thr, current_callsite());
  MutexMisuseReport misuse{};
  bool misused = false;
  Tid preempted_owner = kInvalidTid;
  const bool is_global = !h && find_global(m) != nullptr;  // looked up outside the object's lock
  SyncObject *o = sync_object(m);
  {
    SpinLockGuard guard(o->lock);
    if (!h) misused = judge_foreign_unlock(thr, o, is_global, flags, &misuse);
    if (!h && o->mutex_owner != kInvalidTid && o->mutex_owner != thr->tid)
      preempted_owner = o->mutex_owner;
    if (mode & kMutexRead)
      o->read_clock.join(thr->clock, clock_memory());
    else
      publish_join(o, thr->clock, clock_memory());
    // A foreign unlock of a mutex another thread holds leaves it that thread's: its held list
    // still has it (and an errorcheck or recursive mutex refuses the unlock anyway).
    const bool releases = last_release || (!h && o->mutex_owner == kInvalidTid);
    if (releases) {
      if (o->mutex_owner == thr->tid) o->mutex_owner = kInvalidTid;
      o->mutex_watched = true;
      o->mutex_last_unlocker = thr->tid;
      o->mutex_last_unlocked_at = unlock_at;
    }
  }
  tick(thr);
  if (h && --h->count == 0) remove_held(thr, h);
  if (preempted_owner != kInvalidTid) lock_released_by_non_holder(m, preempted_owner, thr->tid);
  if (misused) {
    misuse.thread = thr->tid;
    misuse.mutex = m;
    misuse.is_rwlock = (flags & kMutexWrite) == 0;  // only rwlock unlocks come without it
    misuse.at = unlock_at;
    report_mutex_misuse(misuse);
  }
}

void lock_sync_table_for_fork() {
  for (Shard &shard : g_shards) shard.lock.lock();
  g_free_lock.lock();
  // Shard locks are held: no object enters or leaves a shard until the fork is over.
  for (Shard &shard : g_shards)
    for (SyncObject *o = shard.head; o; o = o->next) o->lock.lock();
}
void unlock_sync_table_after_fork() {
  for (Shard &shard : g_shards)
    for (SyncObject *o = shard.head; o; o = o->next) o->lock.unlock();
  g_free_lock.unlock();
  for (Shard &shard : g_shards) shard.lock.unlock();
}

}  // namespace interlock
