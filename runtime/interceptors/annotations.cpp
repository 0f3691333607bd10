// TSan's annotation API, so that code annotated for ThreadSanitizer works unchanged under
// Interlock: happens-before on an address (__tsan_acquire/__tsan_release,
// AnnotateHappensBefore/After, AnnotateCondVarSignal/Wait), custom mutexes (__tsan_mutex_*,
// AnnotateRWLock*), benign races (AnnotateBenignRace[Sized]), ignored accesses
// (AnnotateIgnoreReads/Writes*, __tsan_ignore_thread_*), thread names and recycled memory. The
// program calls these functions itself; they are exported (interceptors.dynlist) so that
// dlopen'ed libraries reach them too.
//
// Mapping onto the mutex model (runtime/rt.h):
//   pre_lock      -> mutex_pre_lock (lock-order edges; kMutexTry for a try_lock);
//   post_lock     -> mutex_post_lock, once per recursion level; for try_lock_failed nothing is
//                    acquired (mutex_lock_failed ends the wait of a lock announced as blocking);
//   pre_unlock    -> mutex_pre_unlock, once, or once per level held for recursive_unlock, whose
//                    count it returns so that the matching post_lock can take them all back;
//   post_unlock   -> nothing (the model releases in pre_unlock);
//   between each pre_* and its post_* (the lock's own code), nothing is checked, as in TSan:
//   see enter_mutex_code; pre/post_divert step out of that and back.
//   Happens-before of annotations is mirrored on a private key per address (see
//   annotation_key), so that relaxed atomic stores to the annotated address do not erase it.
//   Creation flags: linker_init makes destroy a no-op; a destroy passing not_static is a no-op
//   unless create passed it too; write_reentrant/read_reentrant become kMutexRecursive.
//
// Ignoring accesses: per-thread nesting depths in ThreadState, checked by access_slow. While a
// thread ignores reads (writes), its reads (writes), whether instrumented, made by a libc
// function on its behalf or the memory side of an atomic operation, are neither checked nor
// recorded; its synchronization (locks, atomics' happens-before, thread create/join,
// annotations) is still modelled. AnnotateIgnoreReads* ignores reads only and
// AnnotateIgnoreWrites* writes only, as the dynamic-annotations API documents them (TSan's
// runtime ignores both for either); __tsan_ignore_thread_* ignores both. A new thread starts
// ignoring nothing, whatever its creator does. An End with no Begin open is a no-op (the depth
// stays at zero, so a later Begin still takes effect), reported once per process on stderr
// (TSan stops the program on it).
//
// Departures from TSan's runtime, where TSan does nothing but the API documents a meaning:
//   AnnotateCondVarSignal[All]/AnnotateCondVarWait are a release/acquire on the address, as in
//   the dynamic-annotations API, whose first ANNOTATE_HAPPENS_BEFORE/AFTER were these calls.
//   AnnotateNewMemory forgets the accesses to the range, as malloc does: the memory was recycled
//   by the program's own allocator. Only whole 8-byte granules inside the range are reset (the
//   shadow keeps one history per granule), so a neighbour's history is never lost.
// Accepted and not modelled, as in TSan; leaving them out can only make reports stricter:
//   AnnotateMutexIsUsedAsCondVar (every lock already orders its critical sections),
//   AnnotateMutexIsNotPHB (a hint for hybrid lockset detectors), AnnotatePublishMemoryRange and
//   AnnotateUnpublishMemoryRange, AnnotatePCQCreate/Destroy/Put/Get (the queue's own locks or
//   atomics order its items), AnnotateEnableRaceDetection, AnnotateTraceMemory,
//   AnnotateFlushState, AnnotateNoOp, AnnotateMemoryIsInitialized/Uninitialized (for MSan).
//   RunningOnValgrind returns 0.
//
// Not provided (a link error is better than a model that is silently wrong):
//   AnnotateIgnoreSyncBegin/End: the synchronization it would switch off is modelled in several
//     places (atomics, fd happens-before, every interceptor) with no common gate to check.
//   AnnotateExpectRace/AnnotateFlushExpectedRaces: a detector self-test that must report an
//     expected race that did not happen, which needs per-range hit counting Interlock lacks.
//   The fiber API (__tsan_create_fiber, __tsan_switch_to_fiber, ...): one OS thread running
//     several stacks with clocks of their own is not modelled.
//   The external-tag API (__tsan_external_*), the report-inspection API (__tsan_get_report_*,
//     __tsan_on_report, __tsan_locate_address, __tsan_get_alloc_stack), ThreadSanitizerQuery and
//     ValgrindSlowdown: they describe TSan's own reports, modes and costs.
#include <stddef.h>

#include "annotated_mutex_flags.h"
#include "interceptor.h"
#include "../benign_ranges.h"
#include "../platform.h"
#include "../shadow.h"
#include "../thread_state.h"

#define INTERLOCK_ANNOTATION extern "C" __attribute__((visibility("default")))

namespace interlock {
namespace {

// The flag values of sanitizer/tsan_interface.h (a fixed ABI).
constexpr unsigned kTsanLinkerInit = 1u << 0;
constexpr unsigned kTsanWriteReentrant = 1u << 1;
constexpr unsigned kTsanReadReentrant = 1u << 2;
constexpr unsigned kTsanReadLock = 1u << 3;
constexpr unsigned kTsanTryLock = 1u << 4;
constexpr unsigned kTsanTryLockFailed = 1u << 5;
constexpr unsigned kTsanRecursiveLock = 1u << 6;
constexpr unsigned kTsanRecursiveUnlock = 1u << 7;
constexpr unsigned kTsanNotStatic = 1u << 8;
constexpr unsigned kTsanCreationFlags =
    kTsanLinkerInit | kTsanWriteReentrant | kTsanReadReentrant | kTsanNotStatic;

// Annotated happens-before is also kept on a key of its own, the address with a bit no
// user-space address has, because the address itself is often an atomic the program stores to
// with relaxed order (the flag of a hand-off, the word of a custom lock), and the runtime's
// atomics model (a relaxed store ends a release sequence) clears the clock kept there, which
// would erase the annotated release; TSan keeps it. Releases go to both keys and acquires take
// from both, so an annotation still pairs with a real release or acquire on the address.
constexpr uptr kAnnotationKeyBit = uptr(1) << 63;
uptr annotation_key(uptr addr) { return addr | kAnnotationKeyBit; }

void annotated_release(ThreadState *thr, uptr addr) {
  model(sync_release, thr, addr);
  model(sync_release, thr, annotation_key(addr));
}

void annotated_acquire(ThreadState *thr, uptr addr) {
  model(sync_acquire, thr, addr);
  model(sync_acquire, thr, annotation_key(addr));
}

// The mutex model keeps a lock's clock at its address; its writer-side releases are mirrored on
// the annotation key for the same reason (a read unlock publishes to writers only, into a clock
// the atomics model leaves alone, so it is not mirrored).
void mirror_unlock(ThreadState *thr, uptr m, unsigned model_mode) {
  if (!(model_mode & kMutexRead)) model(sync_release, thr, annotation_key(m));
}

void mirror_lock(ThreadState *thr, uptr m) { model(sync_acquire, thr, annotation_key(m)); }

// TSan treats the code between a __tsan_mutex_pre_* annotation and its post_* as the lock's own
// implementation: its memory accesses and its synchronization (the atomics of the lock word, a
// futex wait) are not checked, only the annotations speak for it; pre/post_divert step out of
// that for a while. The runtime's "inside the runtime" state has exactly that effect (accesses
// are neither checked nor recorded, atomics and interceptors pass straight through), so the
// region holds it. Counted here, per thread, so that only the regions opened here are closed.
__thread int tls_mutex_code_depth __attribute__((tls_model("initial-exec")));
__thread int tls_mutex_code_diverted __attribute__((tls_model("initial-exec")));

void enter_mutex_code() {
  ThreadState *thr = tls_thread;
  // Nested annotations inside the region count too; a call from the runtime itself does not.
  if (!thr || (thr->in_runtime != 0 && tls_mutex_code_depth == 0)) return;
  thr->in_runtime++;
  tls_mutex_code_depth++;
}

// Returns the thread to model the post_* annotation for (null if none).
ThreadState *leave_mutex_code() {
  if (tls_mutex_code_depth > 0) {
    tls_mutex_code_depth--;
    tls_thread->in_runtime--;
  }
  return cur_thread();
}

// The model's flags for a lock or unlock of m announced with TSan's `flags`, which may carry
// creation flags for a mutex never created; those are remembered for the calls that omit them.
unsigned model_flags(uptr m, unsigned flags) {
  remember_mutex_flags(m, flags & kTsanCreationFlags);
  const unsigned creation = flags | remembered_mutex_flags(m);
  const bool read = (flags & kTsanReadLock) != 0;
  unsigned result = read ? kMutexRead : kMutexWrite;
  if (creation & (read ? kTsanReadReentrant : kTsanWriteReentrant)) result |= kMutexRecursive;
  // Only a reader-writer lock has a read side to be re-entrant or to lock.
  if (read || (creation & kTsanReadReentrant)) result |= kMutexRwlock;
  if (flags & kTsanTryLock) result |= kMutexTry;
  return result;
}

// How many times the calling thread holds m (0 when it does not, or is unknown to the runtime).
unsigned held_depth(ThreadState *thr, uptr m) {
  if (!thr) return 0;
  for (uint32_t i = 0; i < thr->held_count; i++)
    if (thr->held[i].address == m) return thr->held[i].count;
  return 0;
}

void destroy_annotated_mutex(uptr m, unsigned flags) {
  const unsigned created_with = remembered_mutex_flags(m);
  // A linker-initialized mutex outlives every destroy annotation: it stays usable.
  if ((created_with | flags) & kTsanLinkerInit) return;
  if ((flags & kTsanNotStatic) && !(created_with & kTsanNotStatic)) return;
  forget_mutex_flags(m);
  ThreadState *thr = cur_thread();
  model(mutex_pre_destroy, thr, m);
  model(mutex_destroy, thr, m);
  if (thr) model_inside_runtime(thr, sync_destroy, annotation_key(m));
}

// For the dynamic-annotations API, where every lock is a reader-writer lock.
unsigned rwlock_mode(long is_write) {
  return (is_write ? unsigned(kMutexWrite) : unsigned(kMutexRead)) | kMutexRwlock;
}

void lock_acquired(uptr m, unsigned model_mode) {
  ThreadState *thr = cur_thread();
  model(mutex_pre_lock, thr, m, model_mode);
  model(mutex_post_lock, thr, m, model_mode);
  mirror_lock(thr, m);
}

void lock_released(uptr m, unsigned model_mode) {
  ThreadState *thr = cur_thread();
  mirror_unlock(thr, m, model_mode);
  model(mutex_pre_unlock, thr, m, model_mode);
}

enum IgnoredAccesses : unsigned { kIgnoreReads = 1u << 0, kIgnoreWrites = 1u << 1 };

// The thread's own state, even inside a lock's own code (in_runtime): the depths are plain
// per-thread counters, and a Begin and its End must count alike wherever they are called.
void ignore_begin(unsigned which) {
  ThreadState *thr = tls_thread;
  if (!thr) return;
  if (which & kIgnoreReads) thr->ignore_reads++;
  if (which & kIgnoreWrites) thr->ignore_writes++;
}

bool g_unmatched_end_reported;

void ignore_end(unsigned which, const char *annotation) {
  ThreadState *thr = tls_thread;
  if (!thr) return;
  bool unmatched = false;
  if (which & kIgnoreReads) {
    if (thr->ignore_reads > 0) thr->ignore_reads--; else unmatched = true;
  }
  if (which & kIgnoreWrites) {
    if (thr->ignore_writes > 0) thr->ignore_writes--; else unmatched = true;
  }
  // Once per process: a loop with an extra End must not flood stderr.
  if (unmatched && !__atomic_exchange_n(&g_unmatched_end_reported, true, __ATOMIC_RELAXED))
    print_line("warning: %s with no matching Begin in thread T%u: ignored", annotation,
               thr->tid);
}

// The granules wholly inside [addr, addr+size).
void forget_accesses(uptr addr, size_t size) {
  if (size == 0 || addr + size < addr) return;
  const uptr begin = round_up(addr, kGranule);
  const uptr end = round_down(addr + size, kGranule);
  // Inside the runtime: a cell's per-byte contexts go back to the allocator, under its lock.
  ScopedInRuntime in_runtime(tls_thread);
  if (end > begin) shadow_reset(begin, end - begin);
}

}  // namespace
}  // namespace interlock

using namespace interlock;

// ---- happens-before on an address ----

INTERLOCK_ANNOTATION void __tsan_acquire(void *addr) {
  annotated_acquire(cur_thread(), address_of(addr));
}

INTERLOCK_ANNOTATION void __tsan_release(void *addr) {
  annotated_release(cur_thread(), address_of(addr));
}

INTERLOCK_ANNOTATION void AnnotateHappensAfter(const char *file, int line,
                                               const volatile void *addr) {
  annotated_acquire(cur_thread(), address_of(addr));
}

INTERLOCK_ANNOTATION void AnnotateHappensBefore(const char *file, int line,
                                                const volatile void *addr) {
  annotated_release(cur_thread(), address_of(addr));
}

// ---- custom mutexes: TSan's __tsan_mutex_* ----

INTERLOCK_ANNOTATION void __tsan_mutex_create(void *addr, unsigned flags) {
  const uptr m = address_of(addr);
  remember_mutex_flags(m, flags & kTsanCreationFlags);
  const bool reentrant = (flags & (kTsanWriteReentrant | kTsanReadReentrant)) != 0;
  model(mutex_create, cur_thread(), m, reentrant ? unsigned(kMutexRecursive) : 0u);
}

INTERLOCK_ANNOTATION void __tsan_mutex_destroy(void *addr, unsigned flags) {
  destroy_annotated_mutex(address_of(addr), flags);
}

INTERLOCK_ANNOTATION void __tsan_mutex_pre_lock(void *addr, unsigned flags) {
  const uptr m = address_of(addr);
  model(mutex_pre_lock, cur_thread(), m, model_flags(m, flags));
  enter_mutex_code();
}

INTERLOCK_ANNOTATION void __tsan_mutex_post_lock(void *addr, unsigned flags, int recursion) {
  ThreadState *thr = leave_mutex_code();
  const uptr m = address_of(addr);
  if (flags & kTsanTryLockFailed) {
    // Nothing was acquired. A lock announced as blocking (no try_lock) began a wait to end.
    if (!(flags & kTsanTryLock)) model(mutex_lock_failed, thr, m);
    return;
  }
  const unsigned mode = model_flags(m, flags);
  const int levels = (flags & kTsanRecursiveLock) && recursion > 1 ? recursion : 1;
  for (int level = 0; level < levels; level++) model(mutex_post_lock, thr, m, mode);
  mirror_lock(thr, m);
}

INTERLOCK_ANNOTATION int __tsan_mutex_pre_unlock(void *addr, unsigned flags) {
  const uptr m = address_of(addr);
  const unsigned mode = model_flags(m, flags & ~kTsanTryLock);
  ThreadState *thr = cur_thread();
  unsigned levels = 1;
  if (flags & kTsanRecursiveUnlock) {
    const unsigned held = held_depth(thr, m);
    if (held > 1) levels = held;
  }
  mirror_unlock(thr, m, mode);
  for (unsigned level = 0; level < levels; level++) model(mutex_pre_unlock, thr, m, mode);
  enter_mutex_code();
  return (flags & kTsanRecursiveUnlock) ? int(levels) : 0;
}

INTERLOCK_ANNOTATION void __tsan_mutex_post_unlock(void *addr, unsigned flags) {
  leave_mutex_code();
}

// A signal or broadcast orders nothing by itself (the mutex does): only the region.
INTERLOCK_ANNOTATION void __tsan_mutex_pre_signal(void *addr, unsigned flags) {
  enter_mutex_code();
}

INTERLOCK_ANNOTATION void __tsan_mutex_post_signal(void *addr, unsigned flags) {
  leave_mutex_code();
}

INTERLOCK_ANNOTATION void __tsan_mutex_pre_divert(void *addr, unsigned flags) {
  if (tls_mutex_code_depth == 0) return;
  tls_mutex_code_diverted++;
  tls_thread->in_runtime--;
}

INTERLOCK_ANNOTATION void __tsan_mutex_post_divert(void *addr, unsigned flags) {
  if (tls_mutex_code_diverted == 0) return;
  tls_mutex_code_diverted--;
  tls_thread->in_runtime++;
}

// ---- reader-writer locks: the dynamic-annotations API ----

INTERLOCK_ANNOTATION void AnnotateRWLockCreate(const char *file, int line,
                                               const volatile void *lock) {
  model(mutex_create, cur_thread(), address_of(lock), unsigned(kMutexRwlock));
}

INTERLOCK_ANNOTATION void AnnotateRWLockCreateStatic(const char *file, int line,
                                                     const volatile void *lock) {
  remember_mutex_flags(address_of(lock), kTsanLinkerInit);
  model(mutex_create, cur_thread(), address_of(lock), unsigned(kMutexRwlock));
}

INTERLOCK_ANNOTATION void AnnotateRWLockDestroy(const char *file, int line,
                                                const volatile void *lock) {
  destroy_annotated_mutex(address_of(lock), 0);
}

// The annotation comes after the lock was taken: announce and acquire at once.
INTERLOCK_ANNOTATION void AnnotateRWLockAcquired(const char *file, int line,
                                                 const volatile void *lock, long is_write) {
  lock_acquired(address_of(lock), rwlock_mode(is_write));
}

INTERLOCK_ANNOTATION void AnnotateRWLockReleased(const char *file, int line,
                                                 const volatile void *lock, long is_write) {
  lock_released(address_of(lock), rwlock_mode(is_write));
}

// ---- benign races ----

namespace {
// Inside the runtime: the table of ranges grows under a lock (see model_inside_runtime).
void add_benign_range(uptr begin, size_t size) {
  ScopedInRuntime in_runtime(tls_thread);
  add_benign_race_range(begin, size);
}
}  // namespace

INTERLOCK_ANNOTATION void AnnotateBenignRaceSized(const char *file, int line,
                                                  const volatile void *addr, size_t size,
                                                  const char *description) {
  add_benign_range(address_of(addr), size);
}

// The older form names one byte.
INTERLOCK_ANNOTATION void AnnotateBenignRace(const char *file, int line, const volatile void *addr,
                                             const char *description) {
  add_benign_range(address_of(addr), 1);
}

// ---- ignored accesses ----

INTERLOCK_ANNOTATION void AnnotateIgnoreReadsBegin(const char *file, int line) {
  ignore_begin(kIgnoreReads);
}

INTERLOCK_ANNOTATION void AnnotateIgnoreReadsEnd(const char *file, int line) {
  ignore_end(kIgnoreReads, "AnnotateIgnoreReadsEnd");
}

INTERLOCK_ANNOTATION void AnnotateIgnoreWritesBegin(const char *file, int line) {
  ignore_begin(kIgnoreWrites);
}

INTERLOCK_ANNOTATION void AnnotateIgnoreWritesEnd(const char *file, int line) {
  ignore_end(kIgnoreWrites, "AnnotateIgnoreWritesEnd");
}

INTERLOCK_ANNOTATION void __tsan_ignore_thread_begin(void) {
  ignore_begin(kIgnoreReads | kIgnoreWrites);
}

INTERLOCK_ANNOTATION void __tsan_ignore_thread_end(void) {
  ignore_end(kIgnoreReads | kIgnoreWrites, "__tsan_ignore_thread_end");
}

// ---- threads and memory ----

INTERLOCK_ANNOTATION void AnnotateThreadName(const char *file, int line, const char *name) {
  if (ThreadState *thr = tls_thread) model(thread_set_name, thr->tid, name);
}

INTERLOCK_ANNOTATION void AnnotateNewMemory(const char *file, int line, const volatile void *mem,
                                            size_t size) {
  if (tls_thread) forget_accesses(address_of(mem), size);
}

// ---- condition-variable annotations: the first form of happens-before annotations ----

INTERLOCK_ANNOTATION void AnnotateCondVarSignal(const char *file, int line,
                                                const volatile void *cv) {
  annotated_release(cur_thread(), address_of(cv));
}

INTERLOCK_ANNOTATION void AnnotateCondVarSignalAll(const char *file, int line,
                                                   const volatile void *cv) {
  annotated_release(cur_thread(), address_of(cv));
}

// `lock`, held at the call, is modelled by its own lock calls.
INTERLOCK_ANNOTATION void AnnotateCondVarWait(const char *file, int line, const volatile void *cv,
                                              const volatile void *lock) {
  annotated_acquire(cur_thread(), address_of(cv));
}

// ---- WebKit's names for the same annotations ----

INTERLOCK_ANNOTATION void WTFAnnotateHappensBefore(const char *file, int line,
                                                   const volatile void *addr) {
  annotated_release(cur_thread(), address_of(addr));
}

INTERLOCK_ANNOTATION void WTFAnnotateHappensAfter(const char *file, int line,
                                                  const volatile void *addr) {
  annotated_acquire(cur_thread(), address_of(addr));
}

INTERLOCK_ANNOTATION void WTFAnnotateBenignRaceSized(const char *file, int line,
                                                     const volatile void *addr, size_t size,
                                                     const char *description) {
  add_benign_range(address_of(addr), size);
}

// ---- accepted, not modelled (see the top of the file) ----

INTERLOCK_ANNOTATION void AnnotateMutexIsUsedAsCondVar(const char *file, int line,
                                                       const volatile void *mu) {}
INTERLOCK_ANNOTATION void AnnotateMutexIsNotPHB(const char *file, int line,
                                                const volatile void *mu) {}
INTERLOCK_ANNOTATION void AnnotatePublishMemoryRange(const char *file, int line,
                                                     const volatile void *address, size_t size) {}
INTERLOCK_ANNOTATION void AnnotateUnpublishMemoryRange(const char *file, int line,
                                                       const volatile void *address,
                                                       size_t size) {}
INTERLOCK_ANNOTATION void AnnotatePCQCreate(const char *file, int line, const volatile void *pcq) {}
INTERLOCK_ANNOTATION void AnnotatePCQDestroy(const char *file, int line,
                                             const volatile void *pcq) {}
INTERLOCK_ANNOTATION void AnnotatePCQPut(const char *file, int line, const volatile void *pcq) {}
INTERLOCK_ANNOTATION void AnnotatePCQGet(const char *file, int line, const volatile void *pcq) {}
INTERLOCK_ANNOTATION void AnnotateEnableRaceDetection(const char *file, int line, int enable) {}
INTERLOCK_ANNOTATION void AnnotateTraceMemory(const char *file, int line,
                                              const volatile void *arg) {}
INTERLOCK_ANNOTATION void AnnotateFlushState(const char *file, int line) {}
INTERLOCK_ANNOTATION void AnnotateNoOp(const char *file, int line, const volatile void *arg) {}
INTERLOCK_ANNOTATION void AnnotateMemoryIsInitialized(const char *file, int line,
                                                      const volatile void *mem, size_t size) {}
INTERLOCK_ANNOTATION void AnnotateMemoryIsUninitialized(const char *file, int line,
                                                        const volatile void *mem, size_t size) {}

INTERLOCK_ANNOTATION int RunningOnValgrind(void) { return 0; }
