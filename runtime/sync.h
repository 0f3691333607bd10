// Synchronization objects: the vector clocks that mutexes, semaphores, atomics and other
// primitives carry between threads, keyed by the primitive's address.
//
// Thread-safety: the table is sharded, each shard under its own spin lock; each object has its
// own lock for its clocks. Never used on the plain-access fast path.
#ifndef INTERLOCK_RUNTIME_SYNC_H
#define INTERLOCK_RUNTIME_SYNC_H

#include "detector/race/vector_clock.h"
#include "runtime/platform.h"

namespace interlock {

struct SyncObject {
  uptr address;
  SyncObject *next;  // in its shard
  SpinLock lock;     // guards the clocks
  race::VectorClock clock;       // what releases (unlock, post, release store) published
  race::VectorClock read_clock;  // what read-unlocks of a rwlock published
  unsigned mutex_flags;          // MutexFlags seen at creation (kMutexRecursive)
};

// The object for `addr`, created on first use.
SyncObject *sync_object(uptr addr);
// The object for `addr` if one exists.
SyncObject *find_sync_object(uptr addr);

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_SYNC_H
