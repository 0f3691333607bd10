// OpenMP's mutual exclusion, from libomp's OMPT mutex callbacks (openmp_model.h): omp_lock_t and
// omp_nest_lock_t (omp_set_lock, omp_test_lock, ...) and `critical` sections (named or not) are
// locks of the mutex model at the address libomp reports as the wait id (the user's lock
// variable; a critical section's name variable), so they order their holders, enter the lock
// sets of accesses, the lock-order graph and the real-deadlock watchdog like pthread mutexes:
//
//   mutex_acquire    (before waiting) mutex_pre_lock: the lock-order edge and, for a lock that
//                    can block, the published wait. A test lock can fail without waiting: it is
//                    announced as a try lock once it succeeded.
//   mutex_acquired   mutex_post_lock; nest_lock begin (the owner locks a nest lock again) too
//   mutex_released   mutex_pre_unlock; nest_lock end (an inner level released) too
//   lock_init/destroy mutex_create / mutex_destroy
// `ordered` regions and atomics libomp performs under a lock of its own (__kmpc_atomic_* for
// types the compiler does not inline) only order their holders: a release/acquire on the wait
// id (tagged, so it is never taken for the program's own objects), outside the lock sets. A
// turn-taking `ordered` wait is not a lock any other thread holds.
#include "openmp_model.h"

#include "../thread_state.h"

namespace interlock::openmp {
namespace {

constexpr uptr kExclusionKeyBit = uptr(1) << 60;

bool is_lock(int kind) {
  return kind == ompt::kMutexLock || kind == ompt::kMutexTestLock ||
         kind == ompt::kMutexNestLock || kind == ompt::kMutexTestNestLock ||
         kind == ompt::kMutexCritical;
}

bool is_test(int kind) {
  return kind == ompt::kMutexTestLock || kind == ompt::kMutexTestNestLock;
}

unsigned lock_flags(int kind) {
  unsigned flags = kMutexWrite;
  if (kind == ompt::kMutexNestLock || kind == ompt::kMutexTestNestLock) flags |= kMutexRecursive;
  return flags;
}

uptr lock_address(ompt_wait_id_t wait_id) { return static_cast<uptr>(wait_id); }

}  // namespace

void on_mutex_acquire(int kind, unsigned hint, unsigned impl, ompt_wait_id_t wait_id,
                      const void *codeptr) {
  if (!is_lock(kind) || is_test(kind)) return;
  mutex_pre_lock(cur_thread(), lock_address(wait_id), lock_flags(kind));
}

void on_mutex_acquired(int kind, ompt_wait_id_t wait_id, const void *codeptr) {
  ThreadState *thr = cur_thread();
  if (!is_lock(kind)) {
    sync_acquire(thr, lock_address(wait_id) | kExclusionKeyBit);
    return;
  }
  const uptr m = lock_address(wait_id);
  if (is_test(kind)) mutex_pre_lock(thr, m, lock_flags(kind) | kMutexTry);
  mutex_post_lock(thr, m, lock_flags(kind));
}

void on_mutex_released(int kind, ompt_wait_id_t wait_id, const void *codeptr) {
  ThreadState *thr = cur_thread();
  if (!is_lock(kind)) {
    sync_release(thr, lock_address(wait_id) | kExclusionKeyBit);
    return;
  }
  mutex_pre_unlock(thr, lock_address(wait_id), lock_flags(kind));
}

void on_nest_lock(int endpoint, ompt_wait_id_t wait_id, const void *codeptr) {
  ThreadState *thr = cur_thread();
  const uptr m = lock_address(wait_id);
  const unsigned flags = kMutexWrite | kMutexRecursive;
  if (endpoint == ompt::kScopeBegin) {
    mutex_pre_lock(thr, m, flags);  // held already: no wait, no new edge
    mutex_post_lock(thr, m, flags);
  } else if (endpoint == ompt::kScopeEnd) {
    mutex_pre_unlock(thr, m, flags);
  }
}

void on_lock_init(int kind, unsigned hint, unsigned impl, ompt_wait_id_t wait_id,
                  const void *codeptr) {
  if (!is_lock(kind)) return;
  mutex_create(cur_thread(), lock_address(wait_id), lock_flags(kind) & kMutexRecursive);
}

void on_lock_destroy(int kind, ompt_wait_id_t wait_id, const void *codeptr) {
  if (!is_lock(kind)) return;
  ThreadState *thr = cur_thread();
  mutex_pre_destroy(thr, lock_address(wait_id));
  mutex_destroy(thr, lock_address(wait_id));
}

}  // namespace interlock::openmp
