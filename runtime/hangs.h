// Real deadlocks: every thread publishes what it is blocked in (ThreadWait in its ThreadRecord),
// and a watchdog thread, started at the first wait, judges snapshots of those waits every
// kWatchdogPeriodMs with detector/deadlock/wait_for.h. A wait-for cycle that stays unchanged
// for a period, or every thread blocked for deadlock_timeout_ms, is reported as a `deadlock`
// finding and the program is ended with deadlock_exitcode.
//
// Thread-safety: begin/end are called by the waiting thread only and touch only its own
// ThreadWait (a few relaxed stores: lock calls pay them). The watchdog reads other threads'
// ThreadWait and held lists under the sequence protocol described in thread_state.h.
#ifndef INTERLOCK_RUNTIME_HANGS_H
#define INTERLOCK_RUNTIME_HANGS_H

#include "runtime/thread_state.h"

namespace interlock {

constexpr unsigned kWatchdogPeriodMs = 100;

// A lock call that may block forever (mutex_pre_lock): `flags` are the call's MutexFlags.
void begin_lock_wait(ThreadState *thr, uptr m, unsigned flags);
// wait_end() for a lock call that took the mutex, without the full barrier wait_end() makes
// (note_lock_wait_ends): the caller takes the mutex's sync object lock next, before any access.
void end_lock_wait(ThreadState *thr);

// A deadlock with a file-lock wait was reported and the watchdog is about to end the process
// (after giving the other processes of the hang time to report it too).
bool deadlock_being_ended();

// Frees a thread's held-lock array. The watchdog may be reading a blocked thread's array while
// that thread wakes up and replaces it: arrays the allocator would unmap wait for the scan.
void free_held_array(HeldMutex *held, uint32_t capacity);

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_HANGS_H
