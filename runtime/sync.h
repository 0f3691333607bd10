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

// A location's clock: what its releases (release stores and read-modify-writes, semaphore posts,
// annotations) published, all an atomic needs. A mutex, barrier or other primitive with more
// state has a whole SyncObject (below), which begins with one.
// Sync objects are type-stable: a destroyed one is kept for reuse, never returned to the
// arena, so a thread may read `address` and `version` of a cached pointer without a lock.
// An object replaced or destroyed reads address 0 (under its lock): a thread that found one and
// then took its lock checks the address before using it (with_clock_object below).
struct SyncClock {
  uptr address;      // atomic: read without the lock by acquire caches
  SyncClock *next;   // in its granule's chain, or in the free list
  SyncClock *all_next;  // every object ever made, for fork (objects are never freed)
  SpinLock lock;     // guards the clocks
  bool whole;        // a SyncObject; otherwise a location's clock alone
  race::VectorClock clock;  // what releases (unlock, post, release store) published
  uint64_t version;         // bumped (under the lock) whenever `clock` changes; never reset
};
// (A million atomics of a lock-free queue's blocks made a million objects: at 256 bytes each,
// 256 MB of a 393 MB peak.)
static_assert(sizeof(SyncClock) <= 64, "a location's clock is one 64-byte block (internal_alloc)");

struct SyncObject : SyncClock {
  race::VectorClock read_clock;  // what read-unlocks of a rwlock published
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
  uint64_t barrier_arrivals;  // arrivals since the init
  uint32_t barrier_count;     // threads per round, from pthread_barrier_init; 0 when unknown
  // The forced order of a mutex (runtime/forced_order.h; guarded by `lock`, reset when the object
  // is made for an address): what its unlocks published, as deficits against `clock`, and the
  // critical section that holds or last held it for writing (its thread and that thread's clock
  // at the lock call). The deficits are kept in the object itself: they fill what its 256-byte
  // block of the runtime's allocator left over (allocated apart, a million mutexes took 128 MB
  // more, and each lock call and unlock followed one more pointer).
  race::Deficits forced_deficits;
  Tid section_holder;
  race::Clock section_acquired;
  // `version` at the holder's lock call, or just after the unlock that set forced_stamp.
  uint64_t section_version;
  // The thread whose unlock made `forced_deficits` what they are, and the state of its forced
  // order then: its forced_version (0: none). Nothing was published into the object between
  // that unlock and the last time section_version was set (a lock call finding `version` moved
  // clears it), so while `version` equals section_version, none since (forced_stamped_by).
  uint64_t forced_stamp;
};
static_assert(sizeof(SyncObject) <= 256, "a sync object is one 256-byte block (internal_alloc)");

// Changes of `o->clock`, with the lock held; they bump the version acquire caches compare.
inline void publish_join(SyncClock *o, const race::VectorClock &c, race::ClockMemory &mem) {
  o->clock.join(c, mem);
  __atomic_store_n(&o->version, o->version + 1, __ATOMIC_RELEASE);
}
// (When `c` holds a snapshot, as a release fence's clock does, the object holds it too, without
// a copy: vector_clock.h.)
inline void publish_assign(SyncClock *o, const race::VectorClock &c, race::ClockMemory &mem) {
  o->clock.share(c, mem);
  __atomic_store_n(&o->version, o->version + 1, __ATOMIC_RELEASE);
}
// A read-modify-write performs the operation (under the lock) before it knows what to publish
// (a compare-exchange may fail), so for a moment the new value is visible and its clock is not.
// Bumping the version before the operation makes an acquirer that sees the new value find the
// version changed, so it skips nothing: it takes the lock and waits for the clock. (Versions
// are recorded by acquirers only under the lock, so none can have recorded this one.)
inline void announce_update(SyncClock *o) {
  __atomic_store_n(&o->version, o->version + 1, __ATOMIC_SEQ_CST);
}
inline void publish_clear(SyncClock *o, race::ClockMemory &mem) {
  o->clock.clear(mem);
  __atomic_store_n(&o->version, o->version + 1, __ATOMIC_RELEASE);
}


// The whole object for `addr`, created on first use (and in place of the location's clock alone,
// which it takes over).
SyncObject *sync_object(uptr addr);
// The whole object for `addr` if one exists.
SyncObject *find_sync_object(uptr addr);
// The object for `addr`, whole or a clock alone: created (a clock alone) on first use if `make`,
// else null when there is none. Its lock is not held: see with_clock_object().
SyncClock *clock_object(uptr addr, bool make);

// Calls use(o) with the lock of `addr`'s object held (made, as a clock alone, if `make`), and
// returns true; false when there is none. An object found and then replaced by a whole one, or
// destroyed, before its lock was taken, is looked up again: a release into it would be lost.
template <class Use>
bool with_clock_object(uptr addr, bool make, Use use) {
  for (;;) {
    SyncClock *o = clock_object(addr, make);
    if (!o) return false;
    SpinLockGuard guard(o->lock);
    if (__atomic_load_n(&o->address, __ATOMIC_RELAXED) != addr) continue;
    use(o);
    return true;
  }
}
// Forgets every object whose address is in [addr, addr + size): the memory was freed.
void sync_forget_range(uptr addr, uptr size);
// Whether the lock at `addr` was ever locked as a reader-writer lock (for how reports name it).
bool lock_is_rwlock(uptr addr);

// A thread's memory of the sync objects it acquired from, so that an acquire of a location
// that published nothing new since skips the lookup, the lock and the join (spin loops).
struct AcquireCacheEntry {
  uptr address;
  SyncClock *object;
  uint64_t joined_version;  // object's version at the last join into the thread's clock
  uint64_t noted_version;   // ... into the thread's fence_acquire clock
};
constexpr unsigned kAcquireCacheSize = 64;

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_SYNC_H
