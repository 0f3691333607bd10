// The runtime's internal API: what interceptors (runtime/interceptors/) may call.
//
// Thread-safety: every function takes the calling thread's ThreadState and may be called
// concurrently from any number of threads. None of them calls intercepted or instrumented code.
// A null ThreadState* (thread not yet registered, or already inside the runtime) is accepted
// everywhere and makes the call a no-op, so an interceptor can call through unconditionally.
#ifndef INTERLOCK_RUNTIME_RT_H
#define INTERLOCK_RUNTIME_RT_H

#include <stddef.h>
#include <stdint.h>

#include "detector/race/epoch.h"
#include "runtime/interface.h"
#include "runtime/platform.h"

namespace interlock {

using race::Tid;  // uptr comes from platform.h
constexpr Tid kInvalidTid = ~0u;

struct ThreadState;

// The calling thread's state, or null while the thread is inside the runtime (so interceptors
// reached from the runtime itself pass straight through) or before the runtime is initialized.
ThreadState *cur_thread();

// Counts the thread into and out of the runtime (`in_runtime` is its ThreadState::in_runtime;
// ScopedInRuntime does it for a scope). The signal fences keep the compiler from moving the count
// past what it guards (a lock taken after entering, released before leaving): a signal handler
// runs on this very thread, so program order is all it needs. No instruction of their own.
INTERLOCK_ALWAYS_INLINE void enter_runtime(int &in_runtime) {
  in_runtime++;
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
}
INTERLOCK_ALWAYS_INLINE void leave_runtime(int &in_runtime) {
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  in_runtime--;
}

// Initializes the runtime (idempotent; the first instrumented constructor or interceptor wins).
void initialize();
// The same, with the environment given explicitly (from .preinit_array, before libc's environ).
void initialize_from(char **envp);

// ---- happens-before on an arbitrary address used as a synchronization object ----
void sync_acquire(ThreadState *thr, uptr addr);        // thread clock |= object clock
void sync_release(ThreadState *thr, uptr addr);        // object clock |= thread clock; tick
void sync_destroy(uptr addr);                          // forget the object (address may be reused)

// ---- barriers: each round apart ----
// A barrier used for several rounds must not order a thread that leaves round r late after
// what others did after round r (they may arrive at round r + 1 before it wakes). With the
// thread count of its init known, arrival n belongs to round n / count: every thread of round r
// arrives before any can leave it, so before any arrival of round r + 1. Arrivals of a round
// release into its clock; leavers acquire that clock only. Two clocks, by the round's parity,
// are enough: round r + 2 begins only after every leaver of round r arrived at round r + 1.
// Without a known count (an init the runtime did not see), every round shares one clock.
void barrier_init(ThreadState *thr, uptr barrier, unsigned count);
// Before the real wait: returns the round's parity, which barrier_leave takes after it.
unsigned barrier_arrive(ThreadState *thr, uptr barrier);
void barrier_leave(ThreadState *thr, uptr barrier, unsigned round_parity);

// ---- mutex model: happens-before plus the set of locks each thread holds ----
enum MutexFlags : unsigned {
  kMutexWrite = 1u << 0,      // exclusive (mutex, spinlock, write side of a rwlock)
  kMutexRead = 1u << 1,       // shared (read side of a rwlock)
  kMutexTry = 1u << 2,        // trylock / timedlock: an acquisition that could not block forever
  kMutexRecursive = 1u << 3,  // the mutex allows re-locking by its owner
  kMutexRwlock = 1u << 4,     // a reader-writer lock (for how reports name it)
  // The lock is an object in the program's memory that the call reads (a pthread or C11 lock
  // call; not an annotation, whose "lock" may be any address): see sync_object_access.
  kMutexReadsObject = 1u << 5,
};
void mutex_create(ThreadState *thr, uptr m, unsigned flags);
void mutex_destroy(ThreadState *thr, uptr m);
// Before the real destroy of a lock (whatever its result): reports a destroy of a lock some
// thread holds for writing (mutex-misuse). mutex_destroy follows only when the destroy succeeded.
void mutex_pre_destroy(ThreadState *thr, uptr m);
// Called before a lock call (kMutexTry: one that cannot block forever). `flags` carries
// kMutexWrite or kMutexRead. A call that may block forever is a wait (see wait_begin below).
void mutex_pre_lock(ThreadState *thr, uptr m, unsigned flags);
// Called after a successful lock. Acquires the mutex's release clock(s); ends the wait.
void mutex_post_lock(ThreadState *thr, uptr m, unsigned flags);
// Called after a lock call that may have blocked failed (EDEADLK, EINVAL, ...): ends the wait.
void mutex_lock_failed(ThreadState *thr, uptr m);
// Called before unlocking. A write unlock publishes to writers and readers; a read unlock
// publishes to the next writer only.
void mutex_pre_unlock(ThreadState *thr, uptr m, unsigned flags);
// A lock no thread owns in the mutex model's sense (a file lock: runtime/file_locks.h) enters or
// leaves the calling thread's held set (lock sets, lock-order edges, the watchdog's held lists)
// without any happens-before or misuse judgement; `mode` is kMutexWrite or kMutexRead. A lock
// held already keeps its place and takes the new mode (a file lock converted in place).
void held_lock_add(ThreadState *thr, uptr m, unsigned mode);
void held_lock_remove(ThreadState *thr, uptr m);

// ---- blocking waits: what real-deadlock detection (runtime/hangs.cpp) watches ----
enum WaitKind : unsigned {
  kWaitLock,       // lock calls announce their waits themselves (mutex_pre_lock)
  kWaitReadLock,
  kWaitJoin,       // `thread` is the joined thread
  kWaitCondition,  // a condition variable, without timeout
  kWaitSemaphore,  // a semaphore, without timeout
  kWaitBarrier,
  kWaitFutex,       // a futex word (what libstdc++'s latch, barrier, semaphores, atomic waits
                    // and futures block on), without timeout
  kWaitStaticInit,  // a static local's guard: the thread initializing it is found by the
                    // watchdog (static_init_begin below), so `thread` is not given
  kWaitFileLock,    // a file lock (runtime/file_locks.h): its holder may be another process
};
// Around a call that may block until another thread acts: wait_begin before it, wait_end after
// it returns, whatever its result. Waits with a timeout are not announced: they end by themselves.
void wait_begin(ThreadState *thr, unsigned kind, uptr object, Tid thread = kInvalidTid);
void wait_end(ThreadState *thr);
// Like wait_begin, but only if the thread is in no announced wait: a wait built on another one
// (the futex inside __cxa_guard_acquire) must not replace the wait that names what it is for.
// True when it announced the wait; only then must wait_end follow.
bool wait_begin_unless_waiting(ThreadState *thr, unsigned kind, uptr object);

// The calling thread initializes the static local whose guard is `guard`, from the moment its
// __cxa_guard_acquire returned 1 until static_init_end (release or abort). Threads waiting on
// the guard wait for it. At most kStaticInitsInFlight initializations are known at once; beyond
// that a waiter's initializer is unknown (it still counts as blocked).
constexpr unsigned kStaticInitsInFlight = 256;
void static_init_begin(ThreadState *thr, uptr guard);
void static_init_end(ThreadState *thr, uptr guard);

// ---- threads ----
// In the parent, before the real pthread_create: reserves the child's id, records its creation
// stack and releases the parent's clock to it.
Tid thread_create(ThreadState *parent);
// In the parent, after the real create succeeded: binds the id to the new pthread_t, so a join
// right away finds it even if the child has not started yet.
void thread_created(ThreadState *parent, Tid tid, uintptr_t pthread);
// In the child, first thing in its start routine. `tid` comes from thread_create.
void thread_start(Tid tid, uintptr_t pthread_self);
// In the child, when its start routine returns or it calls pthread_exit.
void thread_finish(ThreadState *thr);
// The live (not yet joined) thread a pthread_t names, or kInvalidTid. Call it BEFORE the real
// join or detach: afterwards the pthread_t may already name a newer thread.
Tid thread_find(uintptr_t pthread);
// The same for a join, and the thread is claimed for it: from now on no lookup returns it, so a
// thread that gets the same pthread_t once the real join has freed it is not taken for it while
// the joiner has yet to call thread_join. A join that fails gives the claim back with
// thread_join_failed.
Tid thread_find_for_join(uintptr_t pthread);
void thread_join_failed(Tid tid);
// In the joiner, after the real join succeeded: acquires the child's final clock.
void thread_join(ThreadState *thr, Tid tid);
void thread_detach(ThreadState *thr, Tid tid);
// Names thread `tid` in reports from now on (cut to 31 bytes). A report being printed at the
// same moment may show part of either name, never an unterminated one.
void thread_set_name(Tid tid, const char *name);
// The same for the live thread `pthread` names (the caller itself, or a running thread, detached
// or not), as pthread_setname_np does; nothing when no such thread is known.
void thread_set_name_of(ThreadState *thr, uintptr_t pthread, const char *name);
// The thread is no longer inside any instrumented frame (its start routine returned or
// unwound): the next one entered starts a fresh stack.
void leave_all_frames(ThreadState *thr);
// If thread_create was followed by a failed pthread_create, gives the id back.
void thread_create_failed(ThreadState *parent, Tid tid);

// ---- the memory of synchronization objects ----
// A call on a pthread/C11 lock, condition variable, barrier or semaphore accesses the object's
// memory, as ThreadSanitizer models it: init and destroy write it, every other call reads it.
// The reads are atomic, so calls never race with each other, only with an init or destroy, a
// free of the memory holding the object, or a plain access of the program; the writes are
// plain. One byte at the object's address stands for the object (as in TSan): every such
// conflict covers it, and a lock call costs one shadow granule. Reported at `site`, the user's
// call. Leaves errno as it was.
void sync_object_access(ThreadState *thr, uptr object, bool is_write, const interlock_site *site);

// ---- heap ----
void heap_on_alloc(ThreadState *thr, void *p, size_t size);  // records block + allocation stack
constexpr size_t kFreeCheckedBytes = 1024;
// Before the real free: the free is a write of the block's first kFreeCheckedBytes by the
// freeing thread, so a thread still using memory another thread frees is reported.
// `unmapped_by_free`: the allocator gives the block's memory back to the kernel at this free (a
// large block in a mapping of its own); the rest of its shadow is then forgotten at once, as an
// munmap's would be, instead of staying resident until the address is handed out again (a
// program that allocates and frees large buffers otherwise keeps the shadow of every address
// the kernel ever placed them at).
void heap_on_free(ThreadState *thr, void *p, bool unmapped_by_free);

// ---- memory mappings ----
// [p, p + size) was just mapped (mmap) or is about to be unmapped (munmap): its memory has no
// history, and the sync objects and lock-graph locks that lived there are gone, so memory mapped
// again at the same address (by any thread) is not judged by its previous life.
void mapping_forget(ThreadState *thr, void *p, size_t size);

// ---- accesses made on the program's behalf by uninstrumented code ----
void check_range(ThreadState *thr, uptr addr, size_t size, bool is_write,
                 const interlock_site *site);
// The write a free makes of [addr, addr + size): like check_range, but granules no access ever
// touched since the block was handed out are skipped (nothing there can race with the free).
void check_free(ThreadState *thr, uptr addr, size_t size, const interlock_site *site);

// The site of the current call into an interceptor (what __interlock_callsite held).
const interlock_site *current_callsite();

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_RT_H
