// pthread mutexes, spin locks, rwlocks, and waiting on condition variables.
//
// Model of a lock call: mutex_pre_lock before a call that may block forever, mutex_post_lock
// after it succeeded (kMutexTry for try/timed variants, which the lock-order analysis must not
// count as edges), mutex_pre_unlock before the unlock. A condition-variable wait releases the
// mutex before blocking and re-acquires it after, whatever the wait's result (it always returns
// with the mutex locked). A condition variable orders nothing by itself, the mutex does (as in
// TSan). Every call also accesses the object's own memory (sync_object_memory.h): init and
// destroy write it; lock calls (kMutexReadsObject), unlocks, waits, signals and broadcasts
// read it.
#include <errno.h>
#include <pthread.h>
#include <time.h>

#include "condition_wait.h"
#include "interceptor.h"
#include "mutex_kind.h"
#include "real.h"
#include "sync_object_memory.h"
#include "../sync.h"

namespace interlock {
namespace {

INTERLOCK_REAL(pthread_mutex_init);
INTERLOCK_REAL(pthread_mutex_destroy);
INTERLOCK_REAL(pthread_mutex_lock);
INTERLOCK_REAL(pthread_mutex_trylock);
INTERLOCK_REAL(pthread_mutex_timedlock);
INTERLOCK_REAL(pthread_mutex_clocklock);
INTERLOCK_REAL(pthread_mutex_unlock);

INTERLOCK_REAL(pthread_spin_init);
INTERLOCK_REAL(pthread_spin_destroy);
INTERLOCK_REAL(pthread_spin_lock);
INTERLOCK_REAL(pthread_spin_trylock);
INTERLOCK_REAL(pthread_spin_unlock);

INTERLOCK_REAL(pthread_rwlock_init);
INTERLOCK_REAL(pthread_rwlock_destroy);
INTERLOCK_REAL(pthread_rwlock_rdlock);
INTERLOCK_REAL(pthread_rwlock_tryrdlock);
INTERLOCK_REAL(pthread_rwlock_timedrdlock);
INTERLOCK_REAL(pthread_rwlock_clockrdlock);
INTERLOCK_REAL(pthread_rwlock_wrlock);
INTERLOCK_REAL(pthread_rwlock_trywrlock);
INTERLOCK_REAL(pthread_rwlock_timedwrlock);
INTERLOCK_REAL(pthread_rwlock_clockwrlock);
INTERLOCK_REAL(pthread_rwlock_unlock);

// The condition-variable functions glibc 2.3.2 introduced are the default ones; an unversioned
// dlsym could return the old compatibility versions.
INTERLOCK_REAL_VERSIONED(pthread_cond_wait, "GLIBC_2.3.2");
INTERLOCK_REAL_VERSIONED(pthread_cond_timedwait, "GLIBC_2.3.2");
INTERLOCK_REAL(pthread_cond_clockwait);
INTERLOCK_REAL_VERSIONED(pthread_cond_init, "GLIBC_2.3.2");
INTERLOCK_REAL_VERSIONED(pthread_cond_destroy, "GLIBC_2.3.2");
INTERLOCK_REAL_VERSIONED(pthread_cond_signal, "GLIBC_2.3.2");
INTERLOCK_REAL_VERSIONED(pthread_cond_broadcast, "GLIBC_2.3.2");

// What every spin-lock and reader-writer lock call passes besides its mode.
constexpr unsigned kSpinLock = kMutexReadsObject;
constexpr unsigned kRwlock = kMutexRwlock | kMutexReadsObject;

// A robust mutex whose owner died is acquired all the same (the caller must make it consistent).
bool mutex_acquired(int result) { return result == 0 || result == EOWNERDEAD; }

unsigned mutex_write_flags(const pthread_mutex_t *mutex) {
  return kMutexWrite | kMutexReadsObject | recursive_flag_of(mutex);
}

// Blocking acquisition: pre_lock, the real call, post_lock on success.
template <typename RealCall>
int model_blocking_lock(ThreadState *thr, uptr lock, unsigned flags, RealCall real_call) {
  model(mutex_pre_lock, thr, lock, flags);
  const int result = real_call();
  if (mutex_acquired(result))
    model(mutex_post_lock, thr, lock, flags);
  else
    model(mutex_lock_failed, thr, lock);
  return result;
}

// Bounded acquisition (timed): may wait, but never forever, so it is a try for lock order.
template <typename RealCall>
int model_bounded_lock(ThreadState *thr, uptr lock, unsigned flags, RealCall real_call) {
  return model_blocking_lock(thr, lock, flags | kMutexTry, real_call);
}

// Acquisition that never waits: nothing to announce before, post_lock on success.
int model_try_lock(ThreadState *thr, uptr lock, unsigned flags, int result) {
  if (mutex_acquired(result)) model(mutex_post_lock, thr, lock, flags | kMutexTry);
  return result;
}

}  // namespace
}  // namespace interlock

using namespace interlock;

// ---- mutexes ----

INTERLOCK_INTERCEPTOR int pthread_mutex_init(pthread_mutex_t *mutex,
                                             const pthread_mutexattr_t *attr) {
  ThreadState *thr = cur_thread();
  sync_object_written(thr, mutex);
  const int result = real_pthread_mutex_init.get()(mutex, attr);
  if (result == 0) model(mutex_create, thr, address_of(mutex), recursive_flag_of(mutex));
  return result;
}

INTERLOCK_INTERCEPTOR int pthread_mutex_destroy(pthread_mutex_t *mutex) {
  ThreadState *thr = cur_thread();
  model(mutex_pre_destroy, thr, address_of(mutex));
  sync_object_written(thr, mutex);
  const int result = real_pthread_mutex_destroy.get()(mutex);
  if (result == 0) model(mutex_destroy, thr, address_of(mutex));
  return result;
}

INTERLOCK_INTERCEPTOR int pthread_mutex_lock(pthread_mutex_t *mutex) {
  ThreadState *thr = cur_thread();
  return model_blocking_lock(thr, address_of(mutex), mutex_write_flags(mutex),
                             [mutex] { return real_pthread_mutex_lock.get()(mutex); });
}

INTERLOCK_INTERCEPTOR int pthread_mutex_trylock(pthread_mutex_t *mutex) {
  ThreadState *thr = cur_thread();
  return model_try_lock(thr, address_of(mutex), mutex_write_flags(mutex),
                        real_pthread_mutex_trylock.get()(mutex));
}

INTERLOCK_INTERCEPTOR int pthread_mutex_timedlock(pthread_mutex_t *mutex,
                                                  const struct timespec *deadline) {
  ThreadState *thr = cur_thread();
  return model_bounded_lock(thr, address_of(mutex), mutex_write_flags(mutex), [=] {
    return real_pthread_mutex_timedlock.get()(mutex, deadline);
  });
}

INTERLOCK_INTERCEPTOR int pthread_mutex_clocklock(pthread_mutex_t *mutex, clockid_t clock,
                                                  const struct timespec *deadline) {
  ThreadState *thr = cur_thread();
  return model_bounded_lock(thr, address_of(mutex), mutex_write_flags(mutex), [=] {
    return real_pthread_mutex_clocklock.get()(mutex, clock, deadline);
  });
}

INTERLOCK_INTERCEPTOR int pthread_mutex_unlock(pthread_mutex_t *mutex) {
  ThreadState *thr = cur_thread();
  model(mutex_pre_unlock, thr, address_of(mutex), mutex_write_flags(mutex));
  return real_pthread_mutex_unlock.get()(mutex);
}

// ---- spin locks ----

INTERLOCK_INTERCEPTOR int pthread_spin_init(pthread_spinlock_t *lock, int process_shared) {
  ThreadState *thr = cur_thread();
  sync_object_written(thr, lock);
  const int result = real_pthread_spin_init.get()(lock, process_shared);
  if (result == 0) model(mutex_create, thr, address_of(lock), 0u);
  return result;
}

INTERLOCK_INTERCEPTOR int pthread_spin_destroy(pthread_spinlock_t *lock) {
  ThreadState *thr = cur_thread();
  model(mutex_pre_destroy, thr, address_of(lock));
  sync_object_written(thr, lock);
  const int result = real_pthread_spin_destroy.get()(lock);
  if (result == 0) model(mutex_destroy, thr, address_of(lock));
  return result;
}

INTERLOCK_INTERCEPTOR int pthread_spin_lock(pthread_spinlock_t *lock) {
  ThreadState *thr = cur_thread();
  return model_blocking_lock(thr, address_of(lock), kMutexWrite | kSpinLock,
                             [lock] { return real_pthread_spin_lock.get()(lock); });
}

INTERLOCK_INTERCEPTOR int pthread_spin_trylock(pthread_spinlock_t *lock) {
  ThreadState *thr = cur_thread();
  return model_try_lock(thr, address_of(lock), kMutexWrite | kSpinLock,
                        real_pthread_spin_trylock.get()(lock));
}

INTERLOCK_INTERCEPTOR int pthread_spin_unlock(pthread_spinlock_t *lock) {
  ThreadState *thr = cur_thread();
  model(mutex_pre_unlock, thr, address_of(lock), kMutexWrite | kSpinLock);
  return real_pthread_spin_unlock.get()(lock);
}

// ---- reader-writer locks ----

INTERLOCK_INTERCEPTOR int pthread_rwlock_init(pthread_rwlock_t *lock,
                                              const pthread_rwlockattr_t *attr) {
  ThreadState *thr = cur_thread();
  sync_object_written(thr, lock);
  const int result = real_pthread_rwlock_init.get()(lock, attr);
  if (result == 0) model(mutex_create, thr, address_of(lock), 0u);
  return result;
}

INTERLOCK_INTERCEPTOR int pthread_rwlock_destroy(pthread_rwlock_t *lock) {
  ThreadState *thr = cur_thread();
  model(mutex_pre_destroy, thr, address_of(lock));
  sync_object_written(thr, lock);
  const int result = real_pthread_rwlock_destroy.get()(lock);
  if (result == 0) model(mutex_destroy, thr, address_of(lock));
  return result;
}

INTERLOCK_INTERCEPTOR int pthread_rwlock_rdlock(pthread_rwlock_t *lock) {
  ThreadState *thr = cur_thread();
  return model_blocking_lock(thr, address_of(lock), kMutexRead | kRwlock,
                             [lock] { return real_pthread_rwlock_rdlock.get()(lock); });
}

INTERLOCK_INTERCEPTOR int pthread_rwlock_tryrdlock(pthread_rwlock_t *lock) {
  ThreadState *thr = cur_thread();
  return model_try_lock(thr, address_of(lock), kMutexRead | kRwlock,
                        real_pthread_rwlock_tryrdlock.get()(lock));
}

INTERLOCK_INTERCEPTOR int pthread_rwlock_timedrdlock(pthread_rwlock_t *lock,
                                                     const struct timespec *deadline) {
  ThreadState *thr = cur_thread();
  return model_bounded_lock(thr, address_of(lock), kMutexRead | kRwlock, [=] {
    return real_pthread_rwlock_timedrdlock.get()(lock, deadline);
  });
}

INTERLOCK_INTERCEPTOR int pthread_rwlock_clockrdlock(pthread_rwlock_t *lock, clockid_t clock,
                                                     const struct timespec *deadline) {
  ThreadState *thr = cur_thread();
  return model_bounded_lock(thr, address_of(lock), kMutexRead | kRwlock, [=] {
    return real_pthread_rwlock_clockrdlock.get()(lock, clock, deadline);
  });
}

INTERLOCK_INTERCEPTOR int pthread_rwlock_wrlock(pthread_rwlock_t *lock) {
  ThreadState *thr = cur_thread();
  return model_blocking_lock(thr, address_of(lock), kMutexWrite | kRwlock,
                             [lock] { return real_pthread_rwlock_wrlock.get()(lock); });
}

INTERLOCK_INTERCEPTOR int pthread_rwlock_trywrlock(pthread_rwlock_t *lock) {
  ThreadState *thr = cur_thread();
  return model_try_lock(thr, address_of(lock), kMutexWrite | kRwlock,
                        real_pthread_rwlock_trywrlock.get()(lock));
}

INTERLOCK_INTERCEPTOR int pthread_rwlock_timedwrlock(pthread_rwlock_t *lock,
                                                     const struct timespec *deadline) {
  ThreadState *thr = cur_thread();
  return model_bounded_lock(thr, address_of(lock), kMutexWrite | kRwlock, [=] {
    return real_pthread_rwlock_timedwrlock.get()(lock, deadline);
  });
}

INTERLOCK_INTERCEPTOR int pthread_rwlock_clockwrlock(pthread_rwlock_t *lock, clockid_t clock,
                                                     const struct timespec *deadline) {
  ThreadState *thr = cur_thread();
  return model_bounded_lock(thr, address_of(lock), kMutexWrite | kRwlock, [=] {
    return real_pthread_rwlock_clockwrlock.get()(lock, clock, deadline);
  });
}

INTERLOCK_INTERCEPTOR int pthread_rwlock_unlock(pthread_rwlock_t *lock) {
  ThreadState *thr = cur_thread();
  // The call does not say which side is released; no mode lets the runtime use what this thread
  // holds.
  model(mutex_pre_unlock, thr, address_of(lock), kMutexReadsObject);
  return real_pthread_rwlock_unlock.get()(lock);
}

// ---- condition variables ----

INTERLOCK_INTERCEPTOR int pthread_cond_init(pthread_cond_t *condition,
                                            const pthread_condattr_t *attr) {
  ThreadState *thr = cur_thread();
  sync_object_written(thr, condition);
  return real_pthread_cond_init.get()(condition, attr);
}

INTERLOCK_INTERCEPTOR int pthread_cond_destroy(pthread_cond_t *condition) {
  ThreadState *thr = cur_thread();
  sync_object_written(thr, condition);
  return real_pthread_cond_destroy.get()(condition);
}

INTERLOCK_INTERCEPTOR int pthread_cond_signal(pthread_cond_t *condition) {
  ThreadState *thr = cur_thread();
  sync_object_read(thr, condition);
  return real_pthread_cond_signal.get()(condition);
}

INTERLOCK_INTERCEPTOR int pthread_cond_broadcast(pthread_cond_t *condition) {
  ThreadState *thr = cur_thread();
  sync_object_read(thr, condition);
  return real_pthread_cond_broadcast.get()(condition);
}

// A wait reads the condition variable before it releases the mutex (condition_wait.h), so a
// thread that takes the mutex after the waiter and then destroys the variable is ordered after
// the read.
INTERLOCK_INTERCEPTOR int pthread_cond_wait(pthread_cond_t *condition, pthread_mutex_t *mutex) {
  ThreadState *thr = cur_thread();
  return model_condition_wait(thr, address_of(condition), address_of(mutex),
                              mutex_write_flags(mutex), ConditionTimeout::kNone, [=] {
    return real_pthread_cond_wait.get()(condition, mutex);
  });
}

INTERLOCK_INTERCEPTOR int pthread_cond_timedwait(pthread_cond_t *condition,
                                                 pthread_mutex_t *mutex,
                                                 const struct timespec *deadline) {
  ThreadState *thr = cur_thread();
  return model_condition_wait(thr, address_of(condition), address_of(mutex),
                              mutex_write_flags(mutex), ConditionTimeout::kDeadline, [=] {
    return real_pthread_cond_timedwait.get()(condition, mutex, deadline);
  });
}

INTERLOCK_INTERCEPTOR int pthread_cond_clockwait(pthread_cond_t *condition,
                                                 pthread_mutex_t *mutex, clockid_t clock,
                                                 const struct timespec *deadline) {
  ThreadState *thr = cur_thread();
  return model_condition_wait(thr, address_of(condition), address_of(mutex),
                              mutex_write_flags(mutex), ConditionTimeout::kDeadline, [=] {
    return real_pthread_cond_clockwait.get()(condition, mutex, clock, deadline);
  });
}
