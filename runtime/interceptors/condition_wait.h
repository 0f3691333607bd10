// The model of waiting on a condition variable (pthread_cond_*wait, C11 cnd_*wait): the mutex is
// released while the thread blocks and held again when the call returns, whatever its result (the
// wait always returns with the mutex locked), or when the wait is cancelled (glibc re-locks the
// mutex before the cleanup handlers run, and they typically unlock it). Re-locking is an
// acquisition like any other for the lock-order graph, hence pre_lock + post_lock.
//
// `flags` carries kMutexReadsObject for a program's mutex, so the unlock and the re-lock read it.
//
// Thread-safety: per-call state only.
#ifndef INTERLOCK_RUNTIME_INTERCEPTORS_CONDITION_WAIT_H
#define INTERLOCK_RUNTIME_INTERCEPTORS_CONDITION_WAIT_H

#include <pthread.h>

#include "interceptor.h"

namespace interlock {

struct ConditionWaitRelock {
  ThreadState *thr;
  uptr mutex;
  unsigned flags;
};

inline void model_relock_after_wait(void *raw_relock) {
  const auto *relock = static_cast<const ConditionWaitRelock *>(raw_relock);
  model(wait_end, relock->thr);
  model(mutex_pre_lock, relock->thr, relock->mutex, relock->flags);
  model(mutex_post_lock, relock->thr, relock->mutex, relock->flags);
}

// How long a condition wait may last: a wait without timeout is announced to the deadlock
// watchdog (only another thread can end it).
enum class ConditionTimeout { kNone, kDeadline };

// `real_wait` performs the real wait and returns its result. `flags`: the mutex's lock flags.
template <typename RealWait>
int model_condition_wait(ThreadState *thr, uptr condition, uptr mutex, unsigned flags,
                         ConditionTimeout timeout, RealWait real_wait) {
  if (thr == nullptr) return real_wait();
  // The wait reads the condition variable's memory (sync_object_memory.h) while the mutex is
  // still held, so whoever takes the mutex next and destroys the variable is ordered after it.
  sync_object_access(thr, condition, /*is_write=*/false, current_callsite());
  ConditionWaitRelock relock{thr, mutex, flags};
  model(mutex_pre_unlock, thr, mutex, flags);
  if (timeout == ConditionTimeout::kNone)
    model(wait_begin, thr, unsigned(kWaitCondition), condition, kInvalidTid);
  int result;
  // The setjmp form of pthread_cleanup_push (we build without exceptions): it also catches the
  // unwinding of a cancellation.
  pthread_cleanup_push(model_relock_after_wait, &relock);
  result = real_wait();
  pthread_cleanup_pop(1);
  return result;
}

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_INTERCEPTORS_CONDITION_WAIT_H
