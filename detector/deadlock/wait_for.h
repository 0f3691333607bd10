// Real deadlocks: judging a snapshot of blocked threads (who waits for what, who holds what).
//
// The lock-order graph (lock_graph.h) predicts deadlocks from acquisition order; this judges
// threads that are blocked right now. A thread blocked on a lock waits for every thread holding
// that lock in a conflicting mode; a thread blocked in a join waits for the joined thread, and a
// thread blocked on a static initialization waits for the thread running it. A cycle of such waits among threads that all stayed blocked is a deadlock (a thread waiting for
// a lock it already holds is a cycle of one). Waits no single thread can be named for
// (condition variable, semaphore, barrier, futex) can only be judged when every live thread of the
// program is blocked and nothing changed for a while: nobody is left to end them.
//
// Contract: find_deadlock() is a pure function of its inputs. It never allocates: the caller
// passes scratch memory sized by wait_for_scratch_size(). Thread-safety: none needed (no
// shared state); the caller must give it a snapshot that does not change during the call.
#ifndef INTERLOCK_DETECTOR_DEADLOCK_WAIT_FOR_H
#define INTERLOCK_DETECTOR_DEADLOCK_WAIT_FOR_H

#include <stddef.h>
#include <stdint.h>

namespace interlock::deadlock {

enum class BlockedOn : uint8_t {
  kLock,      // a mutex, spinlock or the write side of a rwlock: conflicts with every holder
  kReadLock,  // the read side of a rwlock: conflicts with write holders only
  kJoin,      // a thread's end
  kInitializer,  // the end of a static initialization that `joined_thread` runs
  kAnyThread, // a condition variable, semaphore, barrier or futex: some other thread must act
};

// A lock a blocked thread holds while it waits.
struct WaiterHeldLock {
  uint64_t lock = 0;
  bool for_read = false;
};

// One blocked thread, as the caller observed it.
struct BlockedThreadWait {
  uint32_t thread = 0;
  BlockedOn on = BlockedOn::kLock;
  uint64_t object = 0;         // the lock (kLock, kReadLock); informational otherwise
  uint32_t joined_thread = 0;  // kJoin, kInitializer: the thread waited for
  bool recursive = false;      // kLock on a recursive mutex: its holder re-locks without waiting
  uint64_t blocked_ms = 0;     // how long this very wait has been observed unchanged
  const WaiterHeldLock *held = nullptr;
  size_t held_count = 0;
};

struct DeadlockVerdict {
  enum Kind { kNone, kCycle, kAllBlocked };
  Kind kind = kNone;
  // Indexes into the waits, `length` of them. kCycle: member[i] waits for member[i + 1]'s thread
  // and the last for the first's. kAllBlocked: every wait, in input order.
  const size_t *members = nullptr;
  size_t length = 0;
  // Parallel to `members`: the index (into the waits) of the thread member[i] waits for, or
  // kNoThread; and for a lock wait, the index into that thread's held list of the lock.
  const size_t *waits_for = nullptr;
  const size_t *held_slot = nullptr;
};
constexpr size_t kNoThread = ~size_t(0);

// Bytes of scratch memory find_deadlock() needs for `wait_count` waits (aligned to size_t).
size_t wait_for_scratch_size(size_t wait_count);

// Looks for a deadlock among `waits` (the threads seen blocked; at most one entry per thread).
//  * kCycle: a wait-for cycle whose members have all been blocked for at least `min_cycle_ms`.
//  * kAllBlocked: `waits` covers every one of the program's `live_threads`, each blocked for at
//    least `all_blocked_ms` (0 disables this verdict), and no cycle was found.
// The verdict's arrays point into `scratch`.
DeadlockVerdict find_deadlock(const BlockedThreadWait *waits, size_t wait_count,
                              size_t live_threads, uint64_t min_cycle_ms,
                              uint64_t all_blocked_ms, void *scratch);

}  // namespace interlock::deadlock

#endif  // INTERLOCK_DETECTOR_DEADLOCK_WAIT_FOR_H
