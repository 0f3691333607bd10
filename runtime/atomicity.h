// Atomicity violations (lost updates, check-then-act): one thread reads memory in a critical
// section of a mutex (or with an atomic load), another thread writes it, and the first thread
// then writes it in a later critical section of that mutex (or with an atomic store, not a
// read-modify-write) with a value, or after a decision, that depends on its read. Every access is
// synchronized, so no data race is reported, but the other thread's update is lost.
//
// How: each thread keeps its recent reads made under a lock or by atomic loads, by granule, with
// the granule's write record as the read saw it. A later write of the same bytes by the thread
// in another section of the same mutex (or an atomic store after an atomic load) finds the
// granule's write record changed by another thread: that write came in between. Whether the
// write depends on the read comes from the compiler: the sites where the two accesses' calling
// paths part, in the function that made both calls, must be a dependence pair the plugin
// registered (runtime/site_dependences.h: the second's value or execution depends on the
// first's result). So `v = get(); set(v + 1)` and `if (balance() >= n) withdraw(n)` are reported,
// `get(); set(42)` is not.
//
// C++20 coroutines (runtime/coroutines.h): a coroutine's reads are also kept per coroutine, and
// its write after a suspension is checked against the reads of its earlier runs, with any other
// code's write (of this thread too) in between; the sites compared are those in the coroutine's
// own function.
//
// Thread-safety: a thread's recent reads are its own; called from access_slow only.
#ifndef INTERLOCK_RUNTIME_ATOMICITY_H
#define INTERLOCK_RUNTIME_ATOMICITY_H

#include "detector/race/shadow_cell.h"
#include "runtime/flags.h"
#include "runtime/coroutines.h"
#include "runtime/rt.h"
#include "runtime/thread_state.h"

namespace interlock {

inline bool detecting_atomicity_violations() { return flags().detect_atomicity_violations; }

// Whether the thread's own recent reads take the access `record`: a critical section's plain
// access, or an atomic access.
inline bool atomicity_thread_watches(const ThreadState *thr, uint64_t record) {
  return race::record_atomic(record) || thr->held_count != 0;
}

// Whether the access `record` of `thr` takes part: a plain access in a critical section or in a
// running coroutine, or an atomic access other than a read-modify-write. (Inline: every
// slow-path access asks.)
inline bool atomicity_watches(const ThreadState *thr, uint64_t record) {
  if (!detecting_atomicity_violations() || thr->lock_object_access) return false;
  if (race::record_atomic(record) && thr->in_read_modify_write) return false;
  return atomicity_thread_watches(thr, record) || running_coroutine(thr) != nullptr;
}

// A critical section of `m` begins (serial `section`): returns the thread's previous section of
// `m`, 0 if not known (always, with the analysis off).
uint64_t atomicity_section_entered(ThreadState *thr, uptr m, uint64_t section);

// After the check of a read: remembers it with `write_seen`, the granule's write record before it.
// `context` is the access's context word (runtime/context.h). `movable_write_context` is
// write_seen's context word when another schedule could run that write after the read (another
// thread's write that only a mutex's unlock-to-lock order put before it: the forced order,
// asked before the read's own check, did not cover it), else 0: a later dependent write then
// reports a predicted violation if that write was made under the read's mutex.
void atomicity_note_read(ThreadState *thr, uptr addr, uint64_t record, uint64_t context,
                         uint64_t write_seen, uint64_t movable_write_context);

// After the check of a write: `previous_write` is the granule's write before it (with its
// context), or null when none is known. Reports a lost update if this write depends on an
// earlier read of the thread that another thread's write followed.
void atomicity_check_write(ThreadState *thr, uptr addr, uint64_t record, uint64_t context,
                           const race::Conflict *previous_write);

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_ATOMICITY_H
