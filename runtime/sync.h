// Synchronization objects: the vector clocks that mutexes, semaphores, atomics and other
// primitives carry between threads, keyed by the primitive's address.
//
// Thread-safety: objects are found through a meta-shadow slot per 8-byte granule (sync.cpp),
// each slot with its own spin lock; each object has its own lock for its clocks. Never used on
// the plain-access fast path.
#ifndef INTERLOCK_RUNTIME_SYNC_H
#define INTERLOCK_RUNTIME_SYNC_H

#include "detector/race/forced_order.h"
#include "detector/race/vector_clock.h"
#include "runtime/platform.h"
#include "runtime/rt.h"

namespace interlock {

struct ContextNode;
struct HeldMutex;
struct ThreadState;

// Sync objects are type-stable: a destroyed one is kept for reuse, never returned to the
// arena, so a thread may read `address` and `version` of a cached pointer without a lock.
struct SyncObject {
  uptr address;      // atomic: read without the lock by acquire caches
  SyncObject *next;  // in its granule's chain, or in the free list
  SyncObject *all_next;  // every object ever made, for fork (objects are never freed)
  SpinLock lock;     // guards the clocks
  race::VectorClock clock;       // what releases (unlock, post, release store) published
  race::VectorClock read_clock;  // what read-unlocks of a rwlock published
  uint64_t version;              // bumped (under the lock) whenever `clock` changes; never reset
  // What the mutex model needs to judge an unlock or a destroy (guarded by `lock`; reset when
  // the object is made for an address). Only exclusive (write) holding is tracked: read holders
  // of a rwlock are many and are not judged.
  bool mutex_watched;                        // created, locked or unlocked while the runtime ran
  bool mutex_is_rwlock;                      // locked through a reader-writer lock call
  Tid mutex_owner;                           // holds it for writing; kInvalidTid when none
  const ContextNode *mutex_locked_at;        // the owner's lock call
  Tid mutex_last_unlocker;                   // the last unlock's thread; kInvalidTid once relocked
  const ContextNode *mutex_last_unlocked_at;  // ... and its unlock call
  // A pthread barrier's rounds (guarded by `lock`; reset when the object is made for an
  // address): round r's arrivals release into `clock` when r is even, into `read_clock` when it
  // is odd, and its leavers acquire only that clock (see barrier_arrive in rt.h).
  uint32_t barrier_count;     // threads per round, from pthread_barrier_init; 0 when unknown
  uint64_t barrier_arrivals;  // arrivals since the init
  // The forced order of a mutex (runtime/forced_order.h; guarded by `lock`, reset when the object
  // is made for an address): what its unlocks published, as deficits against `clock`, and the
  // critical section that holds or last held it for writing (its thread and that thread's clock
  // at the lock call). The deficits are kept in the object itself: they fill what its 256-byte
  // block of the runtime's allocator left over (allocated apart, a million mutexes took 128 MB
  // more, and each lock call and unlock followed one more pointer).
  race::Deficits forced_deficits;
  Tid section_holder;
  race::Clock section_acquired;
};
static_assert(sizeof(SyncObject) <= 256, "a sync object is one 256-byte block (internal_alloc)");

// Changes of `o->clock`, with the lock held; they bump the version acquire caches compare.
inline void publish_join(SyncObject *o, const race::VectorClock &c, race::ClockMemory &mem) {
  o->clock.join(c, mem);
  __atomic_store_n(&o->version, o->version + 1, __ATOMIC_RELEASE);
}
inline void publish_assign(SyncObject *o, const race::VectorClock &c, race::ClockMemory &mem) {
  o->clock.assign(c, mem);
  __atomic_store_n(&o->version, o->version + 1, __ATOMIC_RELEASE);
}
// A read-modify-write performs the operation (under the lock) before it knows what to publish
// (a compare-exchange may fail), so for a moment the new value is visible and its clock is not.
// Bumping the version before the operation makes an acquirer that sees the new value find the
// version changed, so it skips nothing: it takes the lock and waits for the clock. (Versions
// are recorded by acquirers only under the lock, so none can have recorded this one.)
inline void announce_update(SyncObject *o) {
  __atomic_store_n(&o->version, o->version + 1, __ATOMIC_SEQ_CST);
}
inline void publish_clear(SyncObject *o) {
  o->clock.clear();
  __atomic_store_n(&o->version, o->version + 1, __ATOMIC_RELEASE);
}


// The object for `addr`, created on first use.
SyncObject *sync_object(uptr addr);
// The object for `addr` if one exists.
SyncObject *find_sync_object(uptr addr);
// Forgets every object whose address is in [addr, addr + size): the memory was freed.
void sync_forget_range(uptr addr, uptr size);
// Whether the lock at `addr` was ever locked as a reader-writer lock (for how reports name it).
bool lock_is_rwlock(uptr addr);

// A thread's memory of the sync objects it acquired from, so that an acquire of a location
// that published nothing new since skips the lookup, the lock and the join (spin loops).
struct AcquireCacheEntry {
  uptr address;
  SyncObject *object;
  uint64_t joined_version;  // object's version at the last join into the thread's clock
  uint64_t noted_version;   // ... into the thread's fence_acquire clock
};
constexpr unsigned kAcquireCacheSize = 64;

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_SYNC_H
